"""Facts: the checkable things inside a claim (a figure, an attribution, a date, a
comparison or superlative, a list), each with its own verdict, evidence, comments and
the claims' workflow.

The same contract as claims (views/claims.py): every fact response carries the fact's
version as its ETag and every write names the version it was based on in If-Match (428
without it, 412 with what changed when it is not the current one); the workflow steps
are the same actions, derived from services.reviews.TRANSITIONS (claims.api.workflow);
the roles are the same (claims.permissions). Every write goes through the services:
reviewing through services.reviews, edits of what a fact is (add, split, merge,
correct, delete) through services.facts, whose refusals (a span outside the claim, an
empty selection, an overlap with a fact of the same kind) are 422.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from claims import selectors_api, selectors_matching
from claims.api import schema
from claims.api.errors import StaleReference
from claims.api.inputs import (
    AssignInput,
    FactCommentInput,
    FactCorrectInput,
    FactCreateInput,
    FactEvidenceInput,
    FactFilterInput,
    FactMergeInput,
    FactSplitInput,
    VerdictInput,
)
from claims.api.pagination import ClaimCursorPagination
from claims.api.serializers import (
    CommentSerializer,
    EvidenceSerializer,
    FactDetailSerializer,
    FactMatchesSerializer,
    FactSerializer,
    FactSplitSerializer,
)
from claims.api.views.base import (
    ApiViewSet,
    assignee_of,
    body,
    etag,
    if_match_version,
    path_id,
    query,
    reference,
    verdict_values,
)
from claims.api.workflow import StepAction, allowed_actions, step_comment, with_workflow_steps
from claims.models import Claim, Fact, Source
from claims.permissions import Capability
from claims.services import facts, reviews
from claims.tasks import snapshot_after_commit


def fact_response(
    fact_id: int, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    review = selectors_api.fact_review(fact_id=fact_id)
    data = FactDetailSerializer(
        {
            "fact": review.fact,
            "claim": review.claim,
            "evidence": review.evidence,
            "comments": review.comments,
            "history": review.history,
            "transitions": allowed_actions(review.fact.status),
        }
    ).data
    return Response(
        data, status=status, headers={"ETag": etag(review.fact.version), **(headers or {})}
    )


def _existing_fact(fact_id: int) -> int:
    """The fact of the path, or 404 (before a service would fail on it)."""
    if not Fact.objects.filter(pk=fact_id).exists():
        raise exceptions.NotFound("No fact has this id.")
    return fact_id


@with_workflow_steps(schema.facts_step)
@extend_schema_view(
    list=schema.facts_list,
    retrieve=schema.facts_retrieve,
    create=schema.facts_create,
    partial_update=schema.facts_update,
    destroy=schema.facts_destroy,
)
class FactViewSet(ApiViewSet):
    queryset = Fact.objects.none()  # for the schema: the type of the path id
    # By id, like claims: a deep page is as cheap as the first (the kind filter walks
    # the fact_kind_id index).
    pagination_class = ClaimCursorPagination
    http_method_names = ["get", "patch", "post", "delete", "head", "options"]
    # with_workflow_steps adds each step's action and the capability it needs.
    required_capabilities = {
        name: Capability.REVIEW
        for name in (
            "create",
            "partial_update",
            "destroy",
            "split",
            "merge",
            "verdict",
            "assign",
            "add_evidence",
            "add_comment",
        )
    }

    def list(self, request: Request) -> Response:
        found = selectors_api.fact_list(filters=query(FactFilterInput, request).filters())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(found, request, view=self)
        return paginator.get_paginated_response(FactSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return fact_response(path_id(pk))

    def create(self, request: Request) -> Response:
        data = body(FactCreateInput, request).validated_data
        claim = reference(
            Claim.objects.only("pk"), data["claim"], field="claim", message="No claim has this id."
        )
        fact = facts.fact_add(
            claim_id=claim.pk,
            start=data["start"],
            end=data["end"],
            kind=data["kind"],
            by=request.user,
            fields=data.get("fields") or None,
            statement=data.get("statement", ""),
        )
        location = reverse("api:fact-detail", args=[fact.pk], request=request)
        return fact_response(
            fact.pk, status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    def partial_update(self, request: Request, pk: str) -> Response:
        fact_id = path_id(pk)
        expected = if_match_version(request, fact_id, Fact)
        data = body(FactCorrectInput, request).validated_data
        facts.fact_correct(
            fact_id=fact_id,
            by=request.user,
            expected_version=expected,
            start=data.get("start"),
            end=data.get("end"),
            kind=data.get("kind"),
            fields=data.get("fields"),
            statement=data.get("statement"),
        )
        return fact_response(fact_id)

    def destroy(self, request: Request, pk: str) -> Response:
        fact_id = path_id(pk)
        expected = if_match_version(request, fact_id, Fact)
        facts.fact_delete(fact_id=fact_id, by=request.user, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @schema.facts_split
    @action(detail=True, methods=["post"])
    def split(self, request: Request, pk: str) -> Response:
        fact_id = path_id(pk)
        expected = if_match_version(request, fact_id, Fact)
        data = body(FactSplitInput, request).validated_data
        first, second = facts.fact_split(
            fact_id=fact_id, at=data["at"], by=request.user, expected_version=expected
        )
        parts = selectors_api.fact_list().filter(pk__in=(first.pk, second.pk)).order_by("start")
        parts = sorted(parts, key=lambda f: f.pk != first.pk)  # the path's fact first
        return Response(
            FactSplitSerializer({"facts": parts}).data, headers={"ETag": etag(parts[0].version)}
        )

    @schema.facts_merge
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        fact_id = path_id(pk)
        expected = if_match_version(request, fact_id, Fact)
        data = body(FactMergeInput, request).validated_data
        other = reference(
            Fact.objects.only("pk"), data["other"], field="other", message="No fact has this id."
        )
        try:
            facts.fact_merge(
                fact_id=fact_id,
                other_id=other.pk,
                by=request.user,
                expected_version=expected,
                other_expected_version=data["other_version"],
            )
        except reviews.StaleClaim as exc:
            if exc.claim.pk == other.pk and other.pk != fact_id:
                raise StaleReference(exc, field="other_version") from exc
            raise
        return fact_response(fact_id)

    @schema.facts_matches
    @action(detail=True, methods=["get"])
    def matches(self, request: Request, pk: str) -> Response:
        fact = Fact.objects.filter(pk=path_id(pk)).first()
        if fact is None:
            raise exceptions.NotFound("No fact has this id.")
        found = selectors_matching.fact_matches(fact=fact)
        data = {
            "fact": fact.pk,
            "claim": fact.claim_id,
            "also_reported": found.reported,
            "already_checked": found.checked,
        }
        return Response(FactMatchesSerializer(data).data)

    @schema.facts_verdict
    @action(detail=True, methods=["post"])
    def verdict(self, request: Request, pk: str) -> Response:
        fact_id = path_id(pk)
        expected = if_match_version(request, fact_id, Fact)
        data = body(VerdictInput, request).validated_data
        rating, rationale = verdict_values(data, Fact, fact_id)
        reviews.fact_verdict_record(
            fact_id=fact_id,
            rating=rating,
            rationale=rationale,
            by=request.user,
            expected_version=expected,
        )
        return fact_response(fact_id)

    @schema.facts_assign
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        fact_id = path_id(pk)
        expected = if_match_version(request, fact_id, Fact)
        data = body(AssignInput, request).validated_data
        reviews.fact_assign(
            fact_id=fact_id,
            assignee=assignee_of(request, data),
            by=request.user,
            expected_version=expected,
        )
        return fact_response(fact_id)

    def workflow_step(self, request: Request, pk: str, step: StepAction) -> Response:
        fact_id = path_id(pk)
        expected = if_match_version(request, fact_id, Fact)
        reviews.fact_transition(
            fact_id=fact_id,
            to_status=step.to_status,
            by=request.user,
            expected_version=expected,
            comment=step_comment(request, step),
            step_name=step.step_name,
        )
        return fact_response(fact_id)

    # --- the fact's evidence and comments (append-only: no If-Match, as for claims);
    # listed in its detail and by GET /api/evidence/?fact= and /api/comments/?fact=.

    @schema.facts_evidence_create
    @action(detail=True, methods=["post"], url_path="evidence", url_name="evidence")
    def add_evidence(self, request: Request, pk: str) -> Response:
        fact_id = _existing_fact(path_id(pk))
        data = body(FactEvidenceInput, request).validated_data
        source = None
        if data.get("source") is not None:
            source = reference(
                Source.objects.all(),
                data["source"],
                field="source",
                message="No source has this id.",
            )
        added = reviews.evidence_add(
            fact_id=fact_id,
            by=request.user,
            stance=data["stance"],
            source=source,
            url=data.get("url", ""),
            title=data.get("title", ""),
            publisher=data.get("publisher", ""),
            published=data.get("published"),
            quote=data.get("quote", ""),
            note=data.get("note", ""),
        )
        snapshot_after_commit(added.source_id)
        added = selectors_api.evidence_list().get(pk=added.pk)
        return Response(EvidenceSerializer(added).data, status=status.HTTP_201_CREATED)

    @schema.facts_comments_create
    @action(detail=True, methods=["post"], url_path="comments", url_name="comments")
    def add_comment(self, request: Request, pk: str) -> Response:
        fact_id = _existing_fact(path_id(pk))
        data = body(FactCommentInput, request).validated_data
        comment = reviews.comment_add(fact_id=fact_id, by=request.user, text=data["text"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
