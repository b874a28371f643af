"""Claims: list, detail, verdict updates and the workflow steps as actions.

Every claim detail response carries the claim's version as its ETag; every write names
the version it was based on in If-Match. The service locks the row and compares, so of
two writers who saw the same version exactly one wins and the other gets 412 with the
current version (and who changed what meanwhile) instead of silently overwriting it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims import selectors_counts, selectors_review
from claims.api import schema
from claims.api.errors import StateConflict
from claims.api.inputs import (
    AssignInput,
    ClaimFilters,
    ClaimUpdateInput,
    RejectInput,
    TransitionInput,
)
from claims.api.pagination import ClaimCursorPagination, FewClaimsCursorPagination
from claims.api.serializers import ClaimDetailSerializer, ClaimSerializer
from claims.api.views.base import (
    ApiViewSet,
    body,
    etag,
    if_match_version,
    path_id,
    query,
    reference,
)
from claims.models import Claim, ClaimStatus, Rating
from claims.permissions import Capability
from claims.services import reviews

S = ClaimStatus
# The API action for each workflow step (services.reviews.TRANSITIONS).
ACTIONS = {
    (S.NEW, S.IN_REVIEW): "assign",
    (S.NEW, S.DISMISSED): "dismiss",
    (S.IN_REVIEW, S.DISMISSED): "dismiss",
    (S.IN_REVIEW, S.AWAITING_APPROVAL): "submit",
    (S.AWAITING_APPROVAL, S.APPROVED): "approve",
    (S.AWAITING_APPROVAL, S.IN_REVIEW): "reject",
    (S.APPROVED, S.PUBLISHED): "publish",
    (S.PUBLISHED, S.IN_REVIEW): "unpublish",
    (S.DISMISSED, S.NEW): "reopen",
}
STEPS = {
    "submit": (S.AWAITING_APPROVAL, S.IN_REVIEW),
    "approve": (S.APPROVED, S.AWAITING_APPROVAL),
    "reject": (S.IN_REVIEW, S.AWAITING_APPROVAL),
    "publish": (S.PUBLISHED, S.APPROVED),
    "unpublish": (S.IN_REVIEW, S.PUBLISHED),
    "dismiss": (S.DISMISSED, None),
    "reopen": (S.NEW, S.DISMISSED),
}


def _comment(request: Request) -> str:
    return body(TransitionInput, request).validated_data.get("comment", "")


def claim_response(claim_id: int, *, status: int = 200) -> Response:
    review = selectors_review.claim_review(claim_id=claim_id)
    claim = review.claim
    transitions = sorted({name for (frm, _), name in ACTIONS.items() if frm == claim.status})
    data = ClaimDetailSerializer(
        {
            "claim": claim,
            "paragraph_before": review.paragraph_before,
            "paragraph_after": review.paragraph_after,
            "evidence": review.evidence,
            "comments": review.comments,
            "checks": review.checks,
            "history": review.history,
            "transitions": transitions,
        }
    ).data
    return Response(data, status=status, headers={"ETag": etag(claim.version)})


@extend_schema_view(
    list=schema.claims_list,
    retrieve=schema.claims_retrieve,
    partial_update=schema.claims_update,
)
class ClaimViewSet(ApiViewSet):
    queryset = Claim.objects.none()  # for the schema: the type of the path id
    pagination_class = ClaimCursorPagination
    http_method_names = ["get", "patch", "post", "head", "options"]
    required_capabilities = {
        "partial_update": Capability.REVIEW,
        "assign": Capability.REVIEW,
        "submit": Capability.REVIEW,
        "dismiss": Capability.REVIEW,
        "reopen": Capability.REVIEW,
        "approve": Capability.APPROVE,
        "reject": Capability.APPROVE,
        "publish": Capability.PUBLISH,
        "unpublish": Capability.PUBLISH,
    }

    def list(self, request: Request) -> Response:
        filters = query(ClaimFilters, request).filters()
        claims = selectors_review.claim_queue(filters=filters, user=request.user).defer(
            "article__text"
        )
        paginator = self.pagination_class()
        if filters.q and selectors_counts.few(claims):
            claims = claims.annotate(id_unindexed=selectors_review.UNINDEXED_ID)
            paginator = FewClaimsCursorPagination()
        page = paginator.paginate_queryset(claims, request, view=self)
        return paginator.get_paginated_response(ClaimSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return claim_response(path_id(pk))

    def partial_update(self, request: Request, pk: str) -> Response:
        claim_id = path_id(pk)
        expected = if_match_version(request, claim_id)
        data = body(ClaimUpdateInput, request).validated_data
        rating = None
        if "verdict" in data:
            rating = reference(
                Rating.objects.filter(scale__is_active=True).select_related("scale"),
                data["verdict"],
                field="verdict",
                message="No rating of the active scale has this id.",
            )
        rationale = data.get("rationale")
        if rating is None or rationale is None:
            # The version check in the service guarantees these are the values at
            # `expected`: if the claim changed since, the write is refused anyway.
            current = Claim.objects.select_related("verdict__scale").get(pk=claim_id)
            rating = rating or current.verdict
            rationale = current.rationale if rationale is None else rationale
        # Keeping what the claim does not have yet depends on its state, not on the
        # request: 409, like the workflow's refusals.
        if rating is None:
            raise StateConflict("This claim has no verdict yet; give one with the rationale.")
        if not rationale.strip():
            raise StateConflict("This claim has no rationale yet; give one with the verdict.")
        reviews.verdict_record(
            claim_id=claim_id,
            rating=rating,
            rationale=rationale,
            by=request.user,
            expected_version=expected,
        )
        return claim_response(claim_id)

    @schema.claims_assign
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        claim_id = path_id(pk)
        expected = if_match_version(request, claim_id)
        data = body(AssignInput, request).validated_data
        assignee = request.user
        if "assignee" in data:
            assignee = None  # null: nobody
            if data["assignee"] is not None:
                assignee = reference(
                    get_user_model().objects.all(),
                    data["assignee"],
                    field="assignee",
                    message="No user has this id.",
                )
        reviews.claim_assign(
            claim_id=claim_id, assignee=assignee, by=request.user, expected_version=expected
        )
        return claim_response(claim_id)

    def _step(self, request: Request, pk: str, name: str, comment: str = "") -> Response:
        claim_id = path_id(pk)
        expected = if_match_version(request, claim_id)
        to_status, required_from = STEPS[name]
        status, version = Claim.objects.filter(pk=claim_id).values_list("status", "version").get()
        # Some targets are reachable from two states (in_review: start or send back);
        # the action names which step is meant. At a stale version the service refuses
        # the write anyway, so only the state the writer actually saw is checked here.
        if required_from is not None and version == expected and status != required_from:
            raise reviews.TransitionRefused(
                f"{name.capitalize()} applies to a claim that is "
                f"{S(required_from).label.lower()}; this one is {S(status).label.lower()}."
            )
        reviews.claim_transition(
            claim_id=claim_id,
            to_status=to_status,
            by=request.user,
            expected_version=expected,
            comment=comment,
        )
        return claim_response(claim_id)

    @schema.claims_step("submit", "Submit the proposed verdict for approval by an editor.")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, "submit", _comment(request))

    @schema.claims_step(
        "approve", "Approve the verdict (editors; never the person who proposed it)."
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, "approve", _comment(request))

    @schema.claims_reject
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        return self._step(
            request, pk, "reject", body(RejectInput, request).validated_data["comment"]
        )

    @schema.claims_step("publish", "Publish an approved verdict (editors).")
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, "publish", _comment(request))

    @schema.claims_unpublish
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str) -> Response:
        return self._step(
            request, pk, "unpublish", body(RejectInput, request).validated_data["comment"]
        )

    @schema.claims_step("dismiss", "Dismiss a new or in-review claim as not worth checking.")
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, "dismiss", _comment(request))

    @schema.claims_step("reopen", "Bring a dismissed claim back as new.")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, "reopen", _comment(request))
