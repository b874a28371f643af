"""Facts on the workbench: each fact's review page with its forms (assign to me, verdict,
workflow steps, evidence, comments), and the edits of a claim's facts (add, split, merge,
correct, delete) from the claim's review page or the fact's own.

As on the claim page (claims/views/review.py): every form posts to its own URL and names
the version the reviewer saw; the services decide. A refusal shows the page again with
the reason and what was typed (400); a save based on an old version is refused with what
changed meanwhile (409). Edit forms carry `back` ("claim" or "fact"): the page they were
sent from, shown again on a refusal and after a success.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims import selectors_facts, selectors_matching
from claims.forms import (
    FACT_FIELD_INPUTS,
    CommentForm,
    EvidenceForm,
    FactAddForm,
    FactCorrectForm,
    FactDeleteForm,
    FactMergeForm,
    FactSplitForm,
    VerdictForm,
    VersionedForm,
    fact_field_shown,
    fact_field_value,
)
from claims.models import Claim, ClaimStatus, Fact, FactKind
from claims.permissions import Capability, can
from claims.services import facts as fact_services
from claims.services import reviews
from claims.views import review as claim_pages
from claims.views.base import page_context, workbench_view

GONE = "That fact no longer exists: someone merged it into another fact or deleted it."


def field_inputs(fact: Fact, typed: Any = None) -> list[tuple[str, str, str, str]]:
    """The correct form's inputs of the fact's fields: (name, label, how, value shown),
    as typed when the form comes back refused."""
    inputs = []
    for name, label, how in FACT_FIELD_INPUTS.get(fact.kind, ()):
        key = f"field_{name}"
        if typed is not None and key in typed:
            value = typed[key]
        else:
            value = fact_field_shown(fact.kind, name, (fact.fields or {}).get(name))
        inputs.append((name, label, how, value))
    return inputs


def _render(
    request: HttpRequest,
    fact_id: int,
    *,
    status: int = 200,
    stale: reviews.StaleClaim | None = None,
    error: str | None = None,
    typed: Any = None,
    **forms: Any,
) -> HttpResponse:
    try:
        review = selectors_facts.fact_review(fact_id=fact_id)
    except Fact.DoesNotExist:
        raise Http404("No such fact.") from None
    fact, claim = review.fact, review.claim
    verdict_form = forms.get("verdict_form") or VerdictForm(
        initial={"version": fact.version, "rating": fact.verdict_id, "rationale": fact.rationale}
    )
    if stale is not None and "verdict_form" in forms:
        # Keep what the person typed; the next save is based on what they now see.
        data = verdict_form.data.copy()
        data["version"] = fact.version
        verdict_form = VerdictForm(data)
    steps = [
        (to, step)
        for to, step in reviews.transitions_from(fact.status)
        if can(request.user, step.capability)
    ]
    fact.field_inputs = field_inputs(fact, typed)  # type: ignore[attr-defined]
    context = page_context(
        request,
        title=f"{fact.get_kind_display()} “{fact.text[:60]}” in claim {claim.position + 1} "
        f"of “{claim.article}”",
        review=review,
        fact=fact,
        claim=claim,
        steps=steps,
        verdict_form=verdict_form,
        evidence_form=forms.get("evidence_form") or EvidenceForm(),
        comment_form=forms.get("comment_form") or CommentForm(),
        correct_form=forms.get("correct_form"),
        transition_error=forms.get("transition_error"),
        fact_error=error,
        stale=stale,
        editable=fact.status in reviews.OPEN_STATUSES,
        assignable=fact.status in reviews.ASSIGNABLE_STATUSES,
        facts_json=json.dumps([selectors_facts.fact_as_json(f) for f in review.facts]),
        fact_kinds=FactKind.choices,
        current_fact=fact,
        back="fact",
        matches=selectors_matching.fact_matches(fact=fact, siblings=review.facts),
        done_statuses=(ClaimStatus.APPROVED, ClaimStatus.PUBLISHED),
    )
    return render(request, "claims/fact_review.html", context, status=status)


@workbench_view()
def fact_review(request: HttpRequest, fact_id: int) -> HttpResponse:
    return _render(request, fact_id)


# --- The fact's review: the same panels as a claim's ---------------------------------------


FACT = claim_pages.Target(
    noun="fact",
    route="claims:fact-review",
    render=_render,
    verdict_service="fact_verdict_record",
    transition_service="fact_transition",
    reuse_service="fact_verdict_reuse",
    missing=(Fact.DoesNotExist,),
    evidence_added="Evidence added to the fact.",
    evidence_anchor="#evidence",
)


@require_POST
@workbench_view(Capability.REVIEW)
def fact_assign(request: HttpRequest, fact_id: int) -> HttpResponse:
    """Assign the fact to me (the only assignment the page offers, as for a claim)."""
    form = VersionedForm(request.POST)
    done = claim_pages.versioned_write(
        FACT,
        request,
        fact_id,
        form,
        lambda: FACT.service(
            "fact_assign",
            fact_id,
            assignee=request.user,
            by=request.user,
            expected_version=form.cleaned_data["version"],
        ),
    )
    if isinstance(done, HttpResponse):
        return done
    messages.success(request, "The fact is assigned to you.")
    return FACT.page(fact_id)


@require_POST
@workbench_view(Capability.REVIEW)
def fact_verdict(request: HttpRequest, fact_id: int) -> HttpResponse:
    return claim_pages.record_verdict(FACT, request, fact_id)


@require_POST
@workbench_view(Capability.REVIEW)
def fact_transition(request: HttpRequest, fact_id: int) -> HttpResponse:
    return claim_pages.step(FACT, request, fact_id)


@require_POST
@workbench_view(Capability.REVIEW)
def fact_reuse_verdict(request: HttpRequest, fact_id: int) -> HttpResponse:
    """Copy an earlier verdict in as the fact's proposal (reviews.fact_verdict_reuse)."""
    return claim_pages.reuse(FACT, request, fact_id)


@require_POST
@workbench_view(Capability.REVIEW)
def fact_evidence(request: HttpRequest, fact_id: int) -> HttpResponse:
    return claim_pages.add_evidence(FACT, request, fact_id)


@require_POST
@workbench_view(Capability.REVIEW)
def fact_evidence_remove(request: HttpRequest, fact_id: int, evidence_id: int) -> HttpResponse:
    claim_id = selectors_facts.fact_claim_id(fact_id=fact_id)
    if claim_id is None:
        raise Http404("No such fact.")
    if not selectors_facts.evidence_on_fact(evidence_id=evidence_id, fact_id=fact_id):
        return _render(
            request,
            fact_id,
            status=400,
            transition_error="That evidence is not on this fact (it may have been removed "
            "already).",
        )
    try:
        reviews.evidence_remove(evidence_id=evidence_id, claim_id=claim_id, by=request.user)
    except reviews.ReviewError as exc:
        return _render(request, fact_id, status=400, transition_error=str(exc))
    messages.success(request, "Evidence removed.")
    return redirect(reverse("claims:fact-review", args=[fact_id]) + "#evidence")


@require_POST
@workbench_view(Capability.REVIEW)
def fact_comment(request: HttpRequest, fact_id: int) -> HttpResponse:
    return claim_pages.add_comment(FACT, request, fact_id)


# --- Edits of a claim's facts -----------------------------------------------------------


@dataclass
class _From:
    """Where an edit was sent from: the page shown again on a refusal and after it."""

    request: HttpRequest
    claim_id: int | None
    fact_id: int | None
    back: str

    def refuse(
        self,
        status: int,
        *,
        error: str | None = None,
        stale: reviews.StaleClaim | None = None,
        **forms: Any,
    ) -> HttpResponse:
        fact_exists = (
            self.fact_id is not None
            and selectors_facts.fact_claim_id(fact_id=self.fact_id) is not None
        )
        if self.back == "fact" and fact_exists:
            return _render(
                self.request, self.fact_id, status=status, stale=stale, error=error, **forms
            )
        if self.claim_id is None:
            raise Http404("No such fact.")
        return claim_pages._render(
            self.request,
            self.claim_id,
            status=status,
            stale=stale,
            fact_error=error,
            fact_open=self.fact_id if fact_exists else None,
            **forms,
        )

    def attempt(self, write: Callable[[], Any], **typed: Any) -> Any:
        """Run an edit: its result, or the page refusing it (the fact gone, a stale
        version, the service's reason); `typed` is what the refused page shows again."""
        try:
            return write()
        except Fact.DoesNotExist:
            return self.refuse(400, error=GONE)
        except reviews.StaleClaim as exc:
            return self.refuse(409, stale=exc, **typed)
        except reviews.ReviewError as exc:
            return self.refuse(400, error=str(exc), **typed)

    def done(self, message: str, *, fact_id: int | None) -> HttpResponse:
        messages.success(self.request, message)
        if self.back == "fact" and fact_id is not None:
            return redirect("claims:fact-review", fact_id=fact_id)
        anchor = f"#fact-{fact_id}" if fact_id is not None else "#facts"
        return redirect(reverse("claims:claim", args=[self.claim_id]) + anchor)


def _from(
    request: HttpRequest, *, fact_id: int | None = None, claim_id: int | None = None
) -> _From:
    if claim_id is None and fact_id is not None:
        claim_id = selectors_facts.fact_claim_id(fact_id=fact_id)
        if claim_id is None:
            # Gone already (merged or deleted by someone else): the claim it was on says.
            posted = request.POST.get("claim", "")
            claim_id = int(posted) if posted.isdigit() else None
    back = "fact" if request.POST.get("back") == "fact" else "claim"
    return _From(request, claim_id, fact_id, back)


def _form_error(form: django_forms.Form) -> str:
    return " ".join(
        str(message)
        for field, errors in form.errors.items()
        for message in (errors if field == "__all__" else [f"{form[field].label}: {errors[0]}"])
    )


def _described(fact: Fact) -> str:
    return f"{fact.get_kind_display().lower()} “{fact.text}”"


@require_POST
@workbench_view(Capability.REVIEW)
def fact_add(request: HttpRequest, claim_id: int) -> HttpResponse:
    origin = _from(request, claim_id=claim_id)
    form = FactAddForm(request.POST)
    if not form.is_valid():
        return origin.refuse(400, error=_form_error(form), fact_add_form=form)
    data = form.cleaned_data
    try:
        fact = fact_services.fact_add(
            claim_id=claim_id,
            start=data["start"],
            end=data["end"],
            kind=data["kind"],
            statement=data["statement"],
            by=request.user,
        )
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    except reviews.ReviewError as exc:
        return origin.refuse(400, error=str(exc), fact_add_form=form)
    return origin.done(f"Fact added: {_described(fact)}.", fact_id=fact.pk)


@require_POST
@workbench_view(Capability.REVIEW)
def fact_split(request: HttpRequest, fact_id: int) -> HttpResponse:
    origin = _from(request, fact_id=fact_id)
    form = FactSplitForm(request.POST)
    if not form.is_valid():
        return origin.refuse(400, error=_form_error(form))
    parts = origin.attempt(
        lambda: fact_services.fact_split(
            fact_id=fact_id,
            at=form.cleaned_data["at"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    )
    if isinstance(parts, HttpResponse):
        return parts
    first, second = parts
    return origin.done(f"Fact split in two: “{first.text}” and “{second.text}”.", fact_id=first.pk)


@require_POST
@workbench_view(Capability.REVIEW)
def fact_merge(request: HttpRequest, fact_id: int) -> HttpResponse:
    origin = _from(request, fact_id=fact_id)
    form = FactMergeForm(request.POST)
    if not form.is_valid():
        return origin.refuse(400, error=_form_error(form))
    data = form.cleaned_data
    fact = origin.attempt(
        lambda: fact_services.fact_merge(
            fact_id=fact_id,
            other_id=data["other"],
            by=request.user,
            expected_version=data["version"],
            other_expected_version=data["other_version"],
        )
    )
    if isinstance(fact, HttpResponse):
        return fact
    return origin.done(f"Facts merged: {_described(fact)}.", fact_id=fact.pk)


def posted_fields(fact: Fact, typed: Any) -> dict[str, Any] | None:
    """The fields the correct form changed (None: none), as the fact stores them."""
    changed: dict[str, Any] = {}
    current = fact.fields or {}
    for name, _, _ in FACT_FIELD_INPUTS.get(fact.kind, ()):
        key = f"field_{name}"
        if key not in typed:
            continue
        value = fact_field_value(fact.kind, name, typed[key])
        if fact_field_shown(fact.kind, name, value) != fact_field_shown(
            fact.kind, name, current.get(name)
        ):
            changed[name] = value
    return changed or None


@require_POST
@workbench_view(Capability.REVIEW)
def fact_correct(request: HttpRequest, fact_id: int) -> HttpResponse:
    origin = _from(request, fact_id=fact_id)
    form = FactCorrectForm(request.POST)
    if not form.is_valid():
        return origin.refuse(400, error=_form_error(form), **_typed(origin, form))
    fact = selectors_facts.fact_current(fact_id=fact_id)
    if fact is None:
        return origin.refuse(400, error=GONE)
    data = form.cleaned_data
    kind = data["kind"] or fact.kind
    statement = data["statement"].strip()
    try:
        fields = posted_fields(fact, request.POST) if kind == fact.kind else None
    except django_forms.ValidationError as exc:
        return origin.refuse(400, error=" ".join(exc.messages), **_typed(origin, form))
    corrected = origin.attempt(
        lambda: fact_services.fact_correct(
            fact_id=fact_id,
            by=request.user,
            expected_version=data["version"],
            start=data["start"],
            end=data["end"],
            kind=kind if kind != fact.kind else None,
            fields=fields,
            statement=statement if statement != fact.statement.strip() else None,
        ),
        **_typed(origin, form),
    )
    if isinstance(corrected, HttpResponse):
        return corrected
    return origin.done(f"Fact corrected: {_described(corrected)}.", fact_id=corrected.pk)


def _typed(origin: _From, form: FactCorrectForm) -> dict[str, Any]:
    """What the correct form brings back to a refused page: on the fact page, the form
    as typed (its version brought up to date by the page); on the claim page nothing
    (its row's form is shown fresh, with the reason above it)."""
    if origin.back != "fact":
        return {}
    return {"correct_form": form, "typed": origin.request.POST}


@require_POST
@workbench_view(Capability.REVIEW)
def fact_delete(request: HttpRequest, fact_id: int) -> HttpResponse:
    origin = _from(request, fact_id=fact_id)
    form = FactDeleteForm(request.POST)
    if not form.is_valid():
        return origin.refuse(400, error=_form_error(form))
    fact = selectors_facts.fact_current(fact_id=fact_id)
    if fact is None:
        return origin.refuse(400, error=GONE)
    refused = origin.attempt(
        lambda: fact_services.fact_delete(
            fact_id=fact_id, by=request.user, expected_version=form.cleaned_data["version"]
        )
    )
    if isinstance(refused, HttpResponse):
        return refused
    origin.back = "claim"  # the fact's page is gone with it
    return origin.done(
        f"Fact deleted: {_described(fact)}. Its evidence and comments now stand on the claim.",
        fact_id=None,
    )
