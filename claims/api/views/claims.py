"""Claims: list, detail, verdict updates and the workflow steps as actions (one per step
of services.reviews.TRANSITIONS, added by claims.api.workflow).

Every claim detail response carries the claim's version as its ETag; every write names
the version it was based on in If-Match. The service locks the row and compares, so of
two writers who saw the same version exactly one wins and the other gets 412 with the
current version (and who changed what meanwhile) instead of silently overwriting it.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims import selectors_api, selectors_counts, selectors_review, selectors_search
from claims.api import schema
from claims.api.inputs import AssignInput, ClaimFilters, ClaimUpdateInput
from claims.api.pagination import ClaimCursorPagination, FewClaimsCursorPagination
from claims.api.serializers import ClaimDetailSerializer, claim_list_data, claim_list_rows
from claims.api.views.base import (
    ApiViewSet,
    assignee_of,
    body,
    etag,
    if_match_version,
    path_id,
    query,
    verdict_values,
)
from claims.api.workflow import StepAction, allowed_actions, step_comment, with_workflow_steps
from claims.models import Claim
from claims.permissions import Capability
from claims.services import reviews


def claim_response(claim_id: int, *, status: int = 200) -> Response:
    review = selectors_review.claim_review(claim_id=claim_id)
    claim = review.claim
    transitions = allowed_actions(claim.status)
    data = ClaimDetailSerializer(
        {
            "claim": claim,
            "paragraph_before": review.paragraph_before,
            "paragraph_after": review.paragraph_after,
            "facts": selectors_api.claim_facts(claim_id=claim.pk),
            "evidence": review.evidence,
            "comments": review.comments,
            "checks": review.checks,
            "history": review.history,
            "transitions": transitions,
        }
    ).data
    return Response(data, status=status, headers={"ETag": etag(claim.version)})


@with_workflow_steps(schema.claims_step)
@extend_schema_view(
    list=schema.claims_list,
    retrieve=schema.claims_retrieve,
    partial_update=schema.claims_update,
)
class ClaimViewSet(ApiViewSet):
    queryset = Claim.objects.none()  # for the schema: the type of the path id
    pagination_class = ClaimCursorPagination
    http_method_names = ["get", "patch", "post", "head", "options"]
    # with_workflow_steps adds each step's action and the capability it needs.
    required_capabilities = {
        "partial_update": Capability.REVIEW,
        "assign": Capability.REVIEW,
    }

    def list(self, request: Request) -> Response:
        filters = query(ClaimFilters, request).filters()
        claims = selectors_review.with_row_joins(
            selectors_review.claim_queue(filters=filters, user=request.user)
        )
        paginator = self.pagination_class()
        extra: tuple[str, ...] = ()
        if filters.q and selectors_counts.few(claims):
            claims = claims.annotate(id_unindexed=selectors_search.UNINDEXED_ID)
            paginator = FewClaimsCursorPagination()
            extra = ("id_unindexed",)
        page = paginator.paginate_queryset(claim_list_rows(claims, *extra), request, view=self)
        return paginator.get_paginated_response(claim_list_data(page))

    def retrieve(self, request: Request, pk: str) -> Response:
        return claim_response(path_id(pk))

    def partial_update(self, request: Request, pk: str) -> Response:
        claim_id = path_id(pk)
        expected = if_match_version(request, claim_id)
        data = body(ClaimUpdateInput, request).validated_data
        rating, rationale = verdict_values(data, Claim, claim_id)
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
        reviews.claim_assign(
            claim_id=claim_id,
            assignee=assignee_of(request, data),
            by=request.user,
            expected_version=expected,
        )
        return claim_response(claim_id)

    def workflow_step(self, request: Request, pk: str, step: StepAction) -> Response:
        claim_id = path_id(pk)
        expected = if_match_version(request, claim_id)
        # The service refuses a step that does not apply from the claim's status (by its
        # name: "reject" and "start review" both lead to in_review).
        reviews.claim_transition(
            claim_id=claim_id,
            to_status=step.to_status,
            by=request.user,
            expected_version=expected,
            comment=step_comment(request, step),
            step_name=step.step_name,
        )
        return claim_response(claim_id)
