"""The queue: claims or facts (a toggle kept in the URL as `list=facts`), filters, counts
per status, bulk actions, keyboard navigation."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from claims import keyset, selectors_fact_queue, selectors_review
from claims.display import CHECK_WORTHY_SCORE
from claims.forms import AssignForm, BulkForm, QueueFilterForm, user_choice
from claims.models import ClaimStatus, Fact, FactKind
from claims.permissions import Capability
from claims.selectors_fact_queue import FACT_FLAGS, FACT_SORT_LABELS, FACT_SORTS, FactQueueFilters
from claims.services import reviews
from claims.views.base import page_context, workbench_view

PAGE_SIZE = 50
PAGE_KEYS = ("page", "after", "before", "last", "from")
# The two lists of the queue; `list=facts` in the URL, claims without it.
LISTS = (("claims", "Claims"), ("facts", "Facts"))
# Filters that mean the same on both lists, kept when the toggle switches between them.
SHARED_FILTERS = ("status", "verdict", "assignee", "article")


@workbench_view()
def claim_queue(request: HttpRequest) -> HttpResponse:
    if request.GET.get("list") == "facts":
        return _fact_queue(request)
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    # Keyset pages (claims.keyset): next/previous, first/last, and a jump to a score (or
    # an article id, in the article orders); no page numbers, which would need a count.
    counts, page = selectors_review.queue_page(
        filters=filters, user=request.user, params=request.GET, size=PAGE_SIZE
    )
    page.rows = selectors_review.with_article_heads(page.rows)
    options = selectors_review.queue_options()
    context = _listing_context(
        request,
        "claims",
        form=form,
        filters=filters,
        page=page,
        counts=counts,
        options=options,
        jump_label=selectors_review.JUMP_LABELS[selectors_review.queue_sort(filters)],
        outlets=options.outlets,
        check_worthy=CHECK_WORTHY_SCORE,
        score_default="min_score" not in request.GET,
        all_scores_query=_with(request, min_score="0"),
        check_worthy_query=_with(request, min_score=None),
    )
    return render(request, "claims/queue.html", context)


def _listing_context(
    request: HttpRequest,
    listing: str,
    *,
    page: Any,
    counts: Any,
    options: Any,
    **extra: Any,
) -> dict[str, Any]:
    """What the claims and the facts lists of the queue page both show: the page with its
    notices, the status tabs, the toggle, the queries its links keep, the pickers."""
    for problem in page.problems:
        messages.warning(request, problem)
    query = request.GET.copy()
    for key in (*PAGE_KEYS, "status"):
        query.pop(key, None)
    return page_context(
        request,
        title="Claim queue" if listing == "claims" else "Fact queue",
        listing=listing,
        toggle=_toggle(request, listing),
        page=page,
        status_tabs=[(value, label, counts.shown(value)) for value, label in ClaimStatus.choices],
        total=counts.total_shown,
        base_query=query.urlencode(),
        page_query=_with(request),
        reviewers=options.reviewers,
        ratings=options.ratings,
        statuses=ClaimStatus.choices,
        bulk_actions=BulkForm.ACTIONS,
        **extra,
    )


class FactQueueFilterForm(forms.Form):
    """The facts list's filters (selectors_fact_queue.FactQueueFilters)."""

    status = forms.ChoiceField(required=False, choices=[("", "All"), *ClaimStatus.choices])
    fact_kind = forms.ChoiceField(
        required=False, label="Fact kind", choices=[("", "All"), *FactKind.choices]
    )
    verdict = forms.CharField(required=False)
    flag = forms.ChoiceField(
        required=False, label="State", choices=[("", "any"), *FACT_FLAGS.items()]
    )
    assignee = forms.CharField(required=False)
    article = forms.IntegerField(required=False, min_value=1)
    claim = forms.IntegerField(required=False, min_value=1)
    sort = forms.ChoiceField(
        required=False, choices=list(FACT_SORT_LABELS.items()), initial="newest"
    )

    def filters(self) -> FactQueueFilters:
        """The filters; a value that is not one of a filter's choices is dropped (with a
        notice: `problems`), the others still apply."""
        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "")
        }
        data["kind"] = data.pop("fact_kind", "")
        return FactQueueFilters(**data)

    @property
    def problems(self) -> list[str]:
        return [
            f"{self.fields[name].label or name.capitalize()}: {' '.join(errors)} "
            "That filter is not applied."
            for name, errors in self.errors.items()
        ]


def _fact_queue(request: HttpRequest) -> HttpResponse:
    """The queue's list of facts: the same page as the claims', rows of facts."""
    form = FactQueueFilterForm(request.GET)
    filters = form.filters()
    for problem in form.problems:
        messages.warning(request, problem)
    counts = selectors_fact_queue.fact_status_counts(filters=filters, user=request.user)
    sparse = counts.few(filters.status)
    page = keyset.page(
        selectors_fact_queue.fact_queue(filters=filters, user=request.user, sparse=sparse),
        selectors_fact_queue.fact_order(filters, sparse=sparse),
        request.GET,
        size=PAGE_SIZE,
    )
    page.rows = selectors_fact_queue.with_article_heads(page.rows)
    context = _listing_context(
        request,
        "facts",
        form=form,
        filters=filters,
        page=page,
        counts=counts,
        options=selectors_review.queue_options(),
        jump_label=selectors_fact_queue.FACT_JUMP_LABELS[selectors_fact_queue.fact_sort(filters)],
        fact_kinds=FactKind.choices,
        fact_flags=list(FACT_FLAGS.items()),
        fact_sorts=[(key, FACT_SORT_LABELS[key]) for key in FACT_SORTS],
    )
    return render(request, "claims/queue.html", context)


def _toggle(request: HttpRequest, current: str) -> list[tuple[str, str, str, bool]]:
    """(value, label, query, selected) for the Claims | Facts toggle. Switching keeps the
    filters both lists share (status, verdict, assignee, article) and starts at page 1."""
    links = []
    for value, label in LISTS:
        if value == current:
            query = _with(request)
        else:
            kept = request.GET.copy()
            for key in list(kept):
                if key not in SHARED_FILTERS:
                    kept.pop(key)
            if value == "facts":
                kept["list"] = "facts"
            query = kept.urlencode()
        links.append((value, label, query, value == current))
    return links


def fact_review_url_builder():  # type: ignore[no-untyped-def]
    """A function (fact id, claim id) -> the address of the fact's review page
    ("claims:fact-review"), reversed once, not once per fact (a reader shows hundreds)."""
    fact_page = _review_patterns()[0]
    return lambda fact_id, claim_id: fact_page.replace(_SENTINEL, str(fact_id), 1)


def claim_url_builder():  # type: ignore[no-untyped-def]
    """A function claim id -> the address of its review page, reversed once."""
    claim_page = _review_patterns()[1]
    return lambda claim_id: claim_page.replace(_SENTINEL, str(claim_id), 1)


_SENTINEL = "987654321"


@cache
def _review_patterns() -> tuple[str, str]:
    # The URLconf is loaded once per process: so is this.
    return (
        reverse("claims:fact-review", args=[int(_SENTINEL)]),
        reverse("claims:claim", args=[int(_SENTINEL)]),
    )


def _with(request: HttpRequest, **values: str | None) -> str:
    """This queue's query from page 1, with `values` set (None removes a key)."""
    query = request.GET.copy()
    for key in PAGE_KEYS:
        query.pop(key, None)
    for key, value in values.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


@require_POST
@workbench_view(Capability.REVIEW)
def claims_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    back = request.POST.get("next") or ""
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(_safe_back(back))
    data = form.cleaned_data
    facts = request.POST.get("target") == "facts"
    assignee = user_choice(data["assignee"], me=request.user)
    to_status = ClaimStatus.DISMISSED if data["action"] == "dismiss" else data["to_status"]
    if facts:
        result = _facts_bulk(
            data["ids"],
            action=data["action"],
            assignee=assignee,
            to_status=to_status,
            by=request.user,
            comment=data["comment"],
        )
    elif data["action"] == "assign":
        result = reviews.claims_bulk_assign(
            claim_ids=data["ids"], assignee=assignee, by=request.user
        )
    else:
        result = reviews.claims_bulk_transition(
            claim_ids=data["ids"], to_status=to_status, by=request.user, comment=data["comment"]
        )
    if result.done:
        message = (
            ngettext("%(n)d fact updated.", "%(n)d facts updated.", result.done)
            if facts
            else ngettext("%(n)d claim updated.", "%(n)d claims updated.", result.done)
        )
        messages.success(request, message % {"n": result.done})
    for refusal in result.refused[:20]:
        messages.warning(request, refusal)
    return redirect(_safe_back(back))


def _facts_bulk(
    fact_ids: list[int],
    *,
    action: str,
    assignee: AbstractBaseUser | None,
    to_status: str,
    by: AbstractBaseUser,
    comment: str,
) -> reviews.BulkResult:
    """Each fact through the one workflow (services.reviews.fact_assign / fact_transition),
    in its own transaction, against the version it has now; refusals are reported, not
    fatal, as for claims (claims_bulk_assign, claims_bulk_transition)."""
    result = reviews.BulkResult()
    versions = dict(Fact.objects.filter(pk__in=fact_ids).values_list("pk", "version"))
    for fact_id in fact_ids:
        if fact_id not in versions:
            result.refused.append(f"Fact {fact_id}: it no longer exists.")
            continue
        try:
            if action == "assign":
                reviews.fact_assign(fact_id=fact_id, assignee=assignee, by=by)
            else:
                reviews.fact_transition(
                    fact_id=fact_id,
                    to_status=to_status,
                    by=by,
                    expected_version=versions[fact_id],
                    comment=comment,
                )
        except (reviews.ReviewError, Fact.DoesNotExist) as exc:
            result.refused.append(f"Fact {fact_id}: {exc}")
        else:
            result.done += 1
    return result


def _safe_back(back: str) -> str:
    # Only a path on this site: never an open redirect.
    return back if back.startswith("/") and not back.startswith("//") else "/workbench/queue/"


@require_POST
@workbench_view(Capability.REVIEW)
def claim_assign(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Assign (used by the queue's `a` key and the review page's button)."""
    form = AssignForm(request.POST)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        return JsonResponse({"error": "Bad request."}, status=400)
    try:
        claim = reviews.claim_assign(
            claim_id=claim_id,
            assignee=user_choice(form.cleaned_data["assignee"], me=request.user),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except reviews.StaleClaim as exc:
        if wants_json:
            return JsonResponse({"error": str(exc)}, status=409)
        messages.error(request, str(exc))
        return redirect("claims:claim", claim_id=claim_id)
    except reviews.ReviewError as exc:
        if wants_json:
            return JsonResponse({"error": str(exc)}, status=403)
        messages.error(request, str(exc))
        return redirect("claims:claim", claim_id=claim_id)
    if wants_json:
        return JsonResponse(
            {
                "id": claim.pk,
                "assignee": claim.assignee.get_username() if claim.assignee else "",
                "status": claim.status,
                "status_label": claim.get_status_display(),
                "version": claim.version,
            }
        )
    messages.success(request, "Assigned.")
    return redirect("claims:claim", claim_id=claim_id)
