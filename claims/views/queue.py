"""The claim queue: filters, search, counts per status, bulk actions, keyboard navigation."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims import selectors_review
from claims.forms import AssignForm, BulkForm, QueueFilterForm, user_choice
from claims.models import ClaimStatus, Rating
from claims.permissions import Capability
from claims.services import reviews
from claims.views.base import page_context, workbench_view

PAGE_SIZE = 50


@workbench_view()
def claim_queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(
        selectors_review.claim_queue(filters=filters, user=request.user), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    counts = selectors_review.queue_status_counts(filters=filters, user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("status", None)
    context = page_context(
        request,
        title="Claim queue",
        form=form,
        filters=filters,
        page=page,
        status_tabs=[(value, label, counts[value]) for value, label in ClaimStatus.choices],
        total=sum(counts.values()),
        base_query=query.urlencode(),
        page_query=_without(request, "page"),
        reviewers=selectors_review.reviewers(),
        outlets=selectors_review.outlets(),
        ratings=Rating.objects.filter(scale__is_active=True).order_by("position"),
        statuses=ClaimStatus.choices,
        bulk_actions=BulkForm.ACTIONS,
    )
    return render(request, "claims/queue.html", context)


def _without(request: HttpRequest, key: str) -> str:
    query = request.GET.copy()
    query.pop(key, None)
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
        messages.success(request, f"{result.done} claim(s) updated.")
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
