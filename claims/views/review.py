"""The claim review page and its forms: verdict, workflow steps, evidence, comments. The
page also shows the claim's facts and the forms that edit them (claims/views/facts.py).

Every form posts to its own URL; on a refusal the page is shown again with the form as
typed and the reason, and a stale save (someone else saved first) lists their changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims import selectors_facts, selectors_matching, selectors_review
from claims.forms import (
    CommentForm,
    EvidenceForm,
    FactAddForm,
    ReuseForm,
    TransitionForm,
    VerdictForm,
    VersionedForm,
)
from claims.models import Claim, FactKind
from claims.permissions import Capability, can
from claims.services import reviews
from claims.tasks import snapshot_after_commit
from claims.views.base import page_context, workbench_view


def _render(
    request: HttpRequest,
    claim_id: int,
    *,
    status: int = 200,
    stale: reviews.StaleClaim | None = None,
    **forms: object,
) -> HttpResponse:
    try:
        review = selectors_review.claim_review(claim_id=claim_id)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    claim = review.claim
    version = {"version": claim.version}
    verdict_initial = {**version, "rating": claim.verdict_id, "rationale": claim.rationale}
    verdict_form = forms.get("verdict_form") or VerdictForm(initial=verdict_initial)
    if stale is not None and "verdict_form" in forms:
        # Keep what the person typed, but let the next save be based on what they now see.
        data = verdict_form.data.copy()
        data["version"] = claim.version
        verdict_form = VerdictForm(data)
    steps = [
        (to, step)
        for to, step in reviews.transitions_from(claim.status)
        if can(request.user, step.capability)
    ]
    facts = selectors_facts.claim_facts(review=review)
    # The claim's own evidence and comments here; its facts' are on their pages.
    review.evidence, review.comments = facts.evidence, facts.comments
    context = page_context(
        request,
        title=f"Claim {claim.position + 1} of “{claim.article}”",
        review=review,
        claim=claim,
        facts=facts,
        facts_json=json.dumps([selectors_facts.fact_as_json(f) for f in facts.facts]),
        fact_kinds=FactKind.choices,
        fact_add_form=forms.get("fact_add_form") or FactAddForm(initial={"claim": claim.pk}),
        fact_error=forms.get("fact_error"),
        fact_open=forms.get("fact_open"),
        facts_editable=not claim.orphaned,
        back="claim",
        steps=steps,
        verdict_form=verdict_form,
        evidence_form=forms.get("evidence_form") or EvidenceForm(),
        comment_form=forms.get("comment_form") or CommentForm(),
        transition_error=forms.get("transition_error"),
        stale=stale,
        editable=claim.status in reviews.OPEN_STATUSES,
        assignable=claim.status in reviews.ASSIGNABLE_STATUSES,
        matches=selectors_matching.claim_matches(claim_id=claim.pk),
    )
    return render(request, "claims/review.html", context, status=status)


# --- The review writes a claim's page and a fact's page share ------------------------------


@dataclass(frozen=True)
class Target:
    """What a review form writes to: a claim or a fact. The services are named, not bound,
    so they are looked up in services.reviews at each call."""

    noun: str  # "claim" / "fact": the service's id keyword is f"{noun}_id"
    route: str  # the review page's URL name
    render: Callable[..., HttpResponse]  # the review page, shown again on a refusal
    verdict_service: str
    transition_service: str
    reuse_service: str  # copy an earlier verdict in as the proposal
    missing: tuple[type[Exception], ...]  # the target gone: 404
    evidence_added: str
    evidence_anchor: str

    def page(self, pk: int, anchor: str = "") -> HttpResponse:
        return redirect(reverse(self.route, args=[pk]) + anchor)

    def service(self, name: str, pk: int, **kwargs: Any) -> Any:
        try:
            return getattr(reviews, name)(**{f"{self.noun}_id": pk}, **kwargs)
        except self.missing:
            raise Http404(f"No such {self.noun}.") from None


def record_verdict(target: Target, request: HttpRequest, pk: int) -> HttpResponse:
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return target.render(request, pk, status=400, verdict_form=form)
    try:
        target.service(
            target.verdict_service,
            pk,
            rating=form.cleaned_data["rating"],
            rationale=form.cleaned_data["rationale"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except reviews.StaleClaim as exc:
        return target.render(request, pk, status=409, stale=exc, verdict_form=form)
    except reviews.ReviewError as exc:
        form.add_error(None, str(exc))
        return target.render(request, pk, status=400, verdict_form=form)
    messages.success(request, "Verdict saved. Submit it for approval when you are done.")
    return target.page(pk)


def versioned_write(
    target: Target, request: HttpRequest, pk: int, form: VersionedForm, write: Callable[[], Any]
) -> Any:
    """Run a workflow write (a step, an assignment): its result, or the page refusing it."""
    if not form.is_valid():
        return target.render(request, pk, status=400, transition_error="Invalid request.")
    try:
        return write()
    except reviews.StaleClaim as exc:
        return target.render(request, pk, status=409, stale=exc)
    except reviews.ReviewError as exc:
        return target.render(request, pk, status=400, transition_error=str(exc))


def _service_write(
    target: Target,
    request: HttpRequest,
    pk: int,
    form: VersionedForm,
    service: str,
    arguments: Callable[[dict], dict[str, Any]],
    done_message: Callable[[Any], str],
) -> HttpResponse:
    """A versioned write through ``service`` with the form's ``arguments``; back to the
    page with ``done_message``, or the page refusing it."""
    done = versioned_write(
        target,
        request,
        pk,
        form,
        lambda: target.service(
            service,
            pk,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            **arguments(form.cleaned_data),
        ),
    )
    if isinstance(done, HttpResponse):
        return done
    messages.success(request, done_message(done))
    return target.page(pk)


def step(target: Target, request: HttpRequest, pk: int) -> HttpResponse:
    return _service_write(
        target,
        request,
        pk,
        TransitionForm(request.POST),
        target.transition_service,
        lambda data: {"to_status": data["to_status"], "comment": data["comment"]},
        lambda done: f"The {target.noun} is now {done.get_status_display().lower()}.",
    )


def reuse(target: Target, request: HttpRequest, pk: int) -> HttpResponse:
    """Copy an earlier verdict in as the target's proposal; it still needs approval."""

    def arguments(data: dict) -> dict[str, Any]:
        extra = {"other_fact_id": data["other_fact"]} if target.noun == "fact" else {}
        return {"match_id": data["match"], **extra}

    return _service_write(
        target,
        request,
        pk,
        ReuseForm(request.POST),
        target.reuse_service,
        arguments,
        lambda _: (
            f"The earlier verdict is now this {target.noun}'s proposal; submit it for approval."
        ),
    )


def add_evidence(target: Target, request: HttpRequest, pk: int) -> HttpResponse:
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return target.render(request, pk, status=400, evidence_form=form)
    data = form.cleaned_data
    try:
        added = target.service(
            "evidence_add",
            pk,
            by=request.user,
            stance=data["stance"],
            source=data["source"],
            url=data["url"],
            title=data["title"],
            publisher=data["publisher"],
            published=data["published"],
            quote=data["quote"],
            note=data["note"],
        )
    except reviews.ReviewError as exc:
        form.add_error(None, str(exc))
        return target.render(request, pk, status=400, evidence_form=form)
    snapshot_after_commit(added.source_id)
    messages.success(request, target.evidence_added)
    return target.page(pk, target.evidence_anchor)


def add_comment(target: Target, request: HttpRequest, pk: int) -> HttpResponse:
    form = CommentForm(request.POST)
    if not form.is_valid():
        return target.render(request, pk, status=400, comment_form=form)
    try:
        target.service("comment_add", pk, by=request.user, text=form.cleaned_data["text"])
    except reviews.ReviewError as exc:
        form.add_error(None, str(exc))
        return target.render(request, pk, status=400, comment_form=form)
    return target.page(pk, "#comments")


CLAIM = Target(
    noun="claim",
    route="claims:claim",
    render=_render,
    verdict_service="verdict_record",
    transition_service="claim_transition",
    reuse_service="verdict_reuse",
    missing=(),  # as before: a claim's services answer a missing claim themselves
    evidence_added="Evidence added.",
    evidence_anchor="",
)


@workbench_view()
def claim_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _render(request, claim_id)


@require_POST
@workbench_view(Capability.REVIEW)
def verdict(request: HttpRequest, claim_id: int) -> HttpResponse:
    return record_verdict(CLAIM, request, claim_id)


@require_POST
@workbench_view(Capability.REVIEW)
def transition(request: HttpRequest, claim_id: int) -> HttpResponse:
    return step(CLAIM, request, claim_id)


@require_POST
@workbench_view(Capability.REVIEW)
def evidence(request: HttpRequest, claim_id: int) -> HttpResponse:
    return add_evidence(CLAIM, request, claim_id)


@require_POST
@workbench_view(Capability.REVIEW)
def evidence_remove(request: HttpRequest, claim_id: int, evidence_id: int) -> HttpResponse:
    try:
        reviews.evidence_remove(evidence_id=evidence_id, claim_id=claim_id, by=request.user)
    except reviews.ReviewError as exc:
        return _render(request, claim_id, status=400, transition_error=str(exc))
    messages.success(request, "Evidence removed.")
    return redirect(reverse("claims:claim", args=[claim_id]) + "#evidence")


@require_POST
@workbench_view(Capability.REVIEW)
def comment(request: HttpRequest, claim_id: int) -> HttpResponse:
    return add_comment(CLAIM, request, claim_id)


@require_POST
@workbench_view(Capability.REVIEW)
def reuse_verdict(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Copy an earlier verdict in as a proposal (services.reviews.verdict_reuse)."""
    return reuse(CLAIM, request, claim_id)
