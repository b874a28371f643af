"""The claim queue: filters, search, counts per status, bulk actions, keyboard navigation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from claims import keyset, selectors_review
from claims.display import CHECK_WORTHY_SCORE
from claims.forms import AssignForm, BulkForm, QueueFilterForm, user_choice
from claims.models import ClaimStatus
from claims.permissions import Capability
from claims.services import reviews
from claims.views.base import page_context, workbench_view

PAGE_SIZE = 50
PAGE_KEYS = ("page", "after", "before", "last", "from")


@workbench_view()
def claim_queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    # Keyset pages (claims.keyset): next/previous, first/last, and a jump to a score (or
    # an article id, in the article orders); no page numbers, which would need a count.
    # The counts first: they say whether the matches are few (sort them) or many.
    counts = selectors_review.queue_status_counts(filters=filters, user=request.user)
    sparse = counts.sparse
    page = keyset.page(
        selectors_review.claim_queue(filters=filters, user=request.user, sparse=sparse),
        selectors_review.queue_order(filters, sparse=sparse),
        request.GET,
        size=PAGE_SIZE,
    )
    page.rows = selectors_review.with_article_heads(page.rows)
    for problem in page.problems:
        messages.warning(request, problem)
    options = selectors_review.queue_options()
    query = request.GET.copy()
    for key in (*PAGE_KEYS, "status"):
        query.pop(key, None)
    context = page_context(
        request,
        title="Claim queue",
        form=form,
        filters=filters,
        page=page,
        status_tabs=[(value, label, counts.shown(value)) for value, label in ClaimStatus.choices],
        total=counts.total_shown,
        base_query=query.urlencode(),
        page_query=_with(request),
        jump_label=selectors_review.JUMP_LABELS[selectors_review.queue_sort(filters)],
        reviewers=options.reviewers,
        outlets=options.outlets,
        ratings=options.ratings,
        statuses=ClaimStatus.choices,
        bulk_actions=BulkForm.ACTIONS,
        check_worthy=CHECK_WORTHY_SCORE,
        score_default="min_score" not in request.GET,
        all_scores_query=_with(request, min_score="0"),
        check_worthy_query=_with(request, min_score=None),
    )
    return render(request, "claims/queue.html", context)


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
    if data["action"] == "assign":
        result = reviews.claims_bulk_assign(
            claim_ids=data["ids"],
            assignee=user_choice(data["assignee"], me=request.user),
            by=request.user,
        )
    else:
        to_status = ClaimStatus.DISMISSED if data["action"] == "dismiss" else data["to_status"]
        result = reviews.claims_bulk_transition(
            claim_ids=data["ids"], to_status=to_status, by=request.user, comment=data["comment"]
        )
    if result.done:
        messages.success(
            request,
            ngettext("%(n)d claim updated.", "%(n)d claims updated.", result.done)
            % {"n": result.done},
        )
    for refusal in result.refused[:20]:
        messages.warning(request, refusal)
    return redirect(_safe_back(back))


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
