"""OpenAPI documentation of the API: a description and examples for every operation.

Kept apart from the views so they stay short. `add_error_responses` (a
drf-spectacular post-processing hook) documents the one error shape for the errors any
operation can answer with; operation-specific ones (409, 412, 428, 410) are declared here.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from claims import exporters
from claims.api import inputs
from claims.api import serializers as out
from claims.api.views.base import IF_MATCH_PATTERN
from claims.api.workflow import StepAction
from claims.models import ClaimStatus

# --- shared pieces --------------------------------------------------------------------

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    pattern=IF_MATCH_PATTERN,
    description="The version of the claim (or fact) this write is based on, as its ETag "
    'gave it ("3"; W/"3" and 3 are taken too). Missing: 428. Not the current version, or '
    "not a version at all (*, a list of tags): 412 with the current one.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="The claim's (or fact's) version; send it back in If-Match to change it.",
)


def _error(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _error_response(description: str, example: OpenApiExample) -> OpenApiResponse:
    return OpenApiResponse(out.ErrorSerializer, description=description, examples=[example])


STALE = _error_response(
    "Stale If-Match: someone changed the claim since; nothing was saved.",
    OpenApiExample(
        "Stale version",
        _error(
            "stale_version",
            "Someone else changed this claim while you were editing it (you saw version 3, "
            "it is now version 4). Nothing was saved: review their changes and try again.",
            {
                "current_version": 4,
                "changes": [
                    {
                        "who": "edna",
                        "when": "2026-05-04T10:12:00Z",
                        "reason": "verdict proposed: False",
                        "fields": [{"field": "verdict", "before": "—", "after": "False"}],
                    }
                ],
            },
        ),
        response_only=True,
        status_codes=["412"],
    ),
)
PRECONDITION_REQUIRED = _error_response(
    "No If-Match header.",
    OpenApiExample(
        "No If-Match",
        _error(
            "precondition_required",
            "This write needs an If-Match header with the claim's version (its ETag); "
            "GET the claim first.",
        ),
        response_only=True,
        status_codes=["428"],
    ),
)
CONFLICT = _error_response(
    "The claim's current state does not allow this: the workflow has no such step from "
    "its status, or (verdict updates) it has no verdict or rationale yet to keep.",
    OpenApiExample(
        "Refused step",
        _error(
            "transition_refused",
            "A claim that is published cannot become awaiting approval.",
        ),
        response_only=True,
        status_codes=["409"],
    ),
)

# Errors any operation may answer with, added to every operation by the hook below.
COMMON_ERRORS = {
    "400": "The request is not valid (details per field) or a review rule refused it.",
    "401": "Not signed in: send `Authorization: Token <key>` or a session cookie.",
    "403": "Your role does not allow this (or you have no role on the workbench).",
    "404": "Nothing was found at this address, or an id in the body names nothing "
    "(details name the field).",
    "406": "The Accept header asks for a type this operation cannot answer with.",
    "413": "The request body is too large, or has too many fields or files.",
    "415": "The request body is not JSON (multipart/form-data only where files are uploaded).",
    "429": "Too many requests; details.wait_seconds says when to try again.",
}


def add_error_responses(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in COMMON_ERRORS.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result


# --- example data ---------------------------------------------------------------------

USER = {"id": 7, "username": "rita"}
RATING = {"id": 3, "name": "False", "value": 1}
CLAIM = {
    "id": 42,
    "article": 5,
    "article_title": "ICE raids in Mississippi",
    "position": 2,
    "start": 310,
    "end": 372,
    "text": "Agents arrested 680 people at seven food processing plants.",
    "kinds": ["quantity"],
    "score": 0.91,
    "quantities": [{"value": 680.0, "unit": "people", "event": "arrest", "approximate": False}],
    "attributions": [],
    "dates": [],
    "status": "in_review",
    "assignee": USER,
    "verdict": RATING,
    "rationale": "The ICE release gives 680.",
    "verdict_by": USER,
    "approved_by": None,
    "effective_verdict": RATING,
    "verdict_origin": "editor",
    "derived_mixed": False,
    "stale_verdict": False,
    "orphaned": False,
    "version": 3,
    "created_at": "2026-05-04T09:00:00Z",
    "updated_at": "2026-05-04T10:00:00Z",
}
FACT = {
    "id": 77,
    "claim": 42,
    "article": 5,
    "position": 0,
    "kind": "figure",
    "start": 327,
    "end": 338,
    "text": "680 people",
    "statement": "680 people arrested",
    "fields": {
        "value": 680.0,
        "unit": "people",
        "event": "arrest",
        "qualifier": None,
        "approximate": False,
    },
    "origin": "extracted",
    "status": "in_review",
    "assignee": USER,
    "verdict": RATING,
    "rationale": "The ICE release gives 680.",
    "verdict_by": USER,
    "approved_by": None,
    "anchor": "",
    "stale_verdict": False,
    "orphaned": False,
    "version": 2,
    "created_at": "2026-05-04T09:00:00Z",
    "updated_at": "2026-05-04T10:00:00Z",
}
SOURCE = {
    "id": 11,
    "url": "https://www.ice.gov/news/releases/worksite-enforcement",
    "title": "ICE worksite enforcement operation",
    "publisher": "ICE",
    "published": "2019-08-08",
    "created_at": "2026-05-04T10:00:00Z",
    "updated_at": "2026-05-04T10:00:00Z",
}
EVIDENCE = {
    "id": 9,
    "claim": 42,
    "source": SOURCE,
    "stance": "supports",
    "quote": "approximately 680 removable aliens",
    "note": "",
    "added_by": USER,
    "created_at": "2026-05-04T10:05:00Z",
}
FACT_EVIDENCE = {**EVIDENCE, "id": 10, "fact": 77}
EVIDENCE = {**EVIDENCE, "fact": None}
COMMENT = {
    "id": 4,
    "claim": 42,
    "fact": None,
    "author": USER,
    "text": "Check the second release too.",
    "created_at": "2026-05-04T10:06:00Z",
}
CHECK = {
    "id": 2,
    "article": 5,
    "check_name": "sum",
    "result": "consistent",
    "detail": "The parts add up to the total.",
    "claims": [41, 42],
}
CLAIM_DETAIL = {
    "claim": CLAIM,
    "paragraph_before": "On Wednesday, ",
    "paragraph_after": " The raids were the largest in a decade.",
    "facts": [FACT],
    "evidence": [EVIDENCE, FACT_EVIDENCE],
    "comments": [COMMENT],
    "checks": [CHECK],
    "history": [
        {
            "who": "rita",
            "when": "2026-05-04T10:00:00Z",
            "what": "verdict proposed: False",
            "changes": [{"field": "verdict", "before": "—", "after": "False"}],
        }
    ],
    "transitions": ["dismiss", "submit"],
}
FACT_COMMENT = {**COMMENT, "id": 5, "fact": 77, "text": "The release says 680."}
FACT_DETAIL = {
    "fact": FACT,
    "claim": {
        "id": 42,
        "article": 5,
        "start": 310,
        "end": 372,
        "text": CLAIM["text"],
        "status": "in_review",
        "verdict": None,
        "effective_verdict": RATING,
        "verdict_origin": "facts",
        "derived_mixed": False,
        "version": 3,
    },
    "evidence": [FACT_EVIDENCE],
    "comments": [FACT_COMMENT],
    "history": [
        {"who": "system", "when": "2026-05-04T09:00:00Z", "what": "imported", "changes": []},
        {
            "who": "rita",
            "when": "2026-05-04T10:00:00Z",
            "what": "verdict proposed: False",
            "changes": [{"field": "verdict", "before": "—", "after": "False"}],
        },
    ],
    "transitions": ["dismiss", "submit"],
}
ARTICLE = {
    "id": 5,
    "title": "ICE raids in Mississippi",
    "url": "https://example.org/ice-raids",
    "outlet": "Example Times",
    "author": "A. Reporter",
    "published": "2019-08-08",
    "language": "en",
    "revision": 1,
    "revision_of": None,
    "superseded": False,
    "import_job": 1,
    "claim_count": 14,
    "created_at": "2026-05-04T09:00:00Z",
}
IMPORT_JOB = {
    "id": 1,
    "status": "succeeded",
    "finished": True,
    "done": 1,
    "total": 1,
    "percent": 100,
    "current_item": "ice-raids-mississippi-2019-08-08.txt",
    "message": "1 imported, 0 already present, 0 failed.",
    "errors": [],
    "summary": {"imported": 1, "duplicates": 0, "revisions": 0, "failed": 0},
    "format": "",
    "urls": [],
    "files": ["ice-raids-mississippi-2019-08-08.txt"],
    "requested_by": USER,
    "created_at": "2026-05-04T09:00:00Z",
    "started_at": "2026-05-04T09:00:01Z",
    "finished_at": "2026-05-04T09:00:02Z",
}
EXPORT_JOB = {
    "id": 3,
    "format": "claimreview",
    "filters": {"statuses": ["approved", "published"]},
    "status": "succeeded",
    "finished": True,
    "done": 12,
    "total": 12,
    "percent": 100,
    "message": "12 claims exported as ClaimReview JSON-LD.",
    "errors": [],
    "requested_by": {"id": 8, "username": "edna"},
    "created_at": "2026-05-04T11:00:00Z",
    "started_at": "2026-05-04T11:00:01Z",
    "finished_at": "2026-05-04T11:00:02Z",
    "expires_at": "2026-05-07T11:00:02Z",
    "download_url": "https://factcheck.example.org/api/export-jobs/3/download/",
}


def _page(item: dict[str, Any]) -> list[dict[str, Any]]:
    # drf-spectacular wraps list examples in the paginator's envelope itself.
    return [item]


def _response(name: str, value: Any, status: str = "200") -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[status])


def _request(name: str, value: Any) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


# --- claims ---------------------------------------------------------------------------

claims_list = extend_schema(
    summary="List claims",
    description="Claims in import order (cursor pagination: follow `next`). Filter by status, "
    "kind, check-worthiness score, assignee, verdict, outlet, the article's publication "
    "date or article; `q` searches the claim and its article title word by word.",
    parameters=[inputs.ClaimFilters],
    responses={200: out.ClaimSerializer(many=True)},
    examples=[_response("A page of claims", _page(CLAIM))],
)
claims_retrieve = extend_schema(
    summary="A claim with its facts, evidence, comments, checks and history",
    description="The ETag header carries the claim's version; send it back in If-Match "
    "to change the claim. `effective_verdict` is the verdict it stands with: its own, or "
    "else the one derived from its facts' verdicts (`verdict_origin` says which).",
    parameters=[ETAG],
    responses={200: out.ClaimDetailSerializer},
    examples=[_response("A claim in review", CLAIM_DETAIL)],
)
claims_update = extend_schema(
    summary="Propose or change the verdict",
    description="Sets the verdict (a rating of the active scale) and its rationale; a "
    "rationale alone keeps the current rating. Only while the claim is new or in review. "
    "Needs If-Match; a stale version gets 412 with the current one.",
    parameters=[IF_MATCH, ETAG],
    request=inputs.ClaimUpdateInput,
    responses={
        200: out.ClaimDetailSerializer,
        409: CONFLICT,
        412: STALE,
        428: PRECONDITION_REQUIRED,
    },
    examples=[
        _request("Record a verdict", {"verdict": 3, "rationale": "The ICE release gives 680."}),
        _response("The updated claim", CLAIM_DETAIL),
    ],
)
claims_assign = extend_schema(
    summary="Assign the claim",
    description="Reviewers take a claim for themselves (no body, or their own id); "
    "editors assign it to any reviewer or to nobody (null). Assigning a new claim starts "
    "its review. Needs If-Match.",
    parameters=[IF_MATCH, ETAG],
    request=inputs.AssignInput,
    responses={
        200: out.ClaimDetailSerializer,
        409: CONFLICT,
        412: STALE,
        428: PRECONDITION_REQUIRED,
    },
    examples=[
        _request("Assign to a reviewer", {"assignee": 7}),
        _response("The assigned claim", CLAIM_DETAIL),
    ],
)


# What the services add to a step beyond TRANSITIONS, for its documentation. A step
# missing here is documented from TRANSITIONS alone.
STEP_NOTES = {
    "start review": "Assigns nobody; `assign` takes the claim and starts its review too.",
    "submit for approval": "Needs a proposed verdict with a rationale.",
    "approve": "Never by the person who proposed the verdict (403).",
    "send back to review": "The approval no longer stands.",
    "unpublish": "The approval is withdrawn (the verdict is submitted and approved again "
    "before it is republished) and the public fact-check page answers 410 Gone.",
}


def _statuses(statuses: Any) -> str:
    labels = [ClaimStatus(s).label.lower() for s in statuses]
    return " or ".join(labels)


def workflow_step(subject: str, detail: Any, example: dict[str, Any]) -> Any:
    """The documentation of a workflow step's action on a claim or a fact, from the one
    definition of the workflow (claims.api.workflow)."""

    def describe(step: StepAction) -> Any:
        comment = (
            f"Say why: the comment is required and is added to the {subject}'s comments."
            if step.needs_comment
            else f"An optional comment is added to the {subject}'s comments."
        )
        description = " ".join(
            part
            for part in (
                f"“{step.step_name.capitalize()}”: a {subject} that is "
                f"{_statuses(step.from_statuses)} becomes {_statuses([step.to_status])}.",
                STEP_NOTES.get(step.step_name, ""),
                comment,
                f"Needs If-Match; from any other status 409 (see `transitions` in the "
                f"{subject}'s detail for the steps its status allows).",
            )
            if part
        )
        request = inputs.RejectInput if step.needs_comment else inputs.TransitionInput
        return extend_schema(
            summary=f"Workflow: {step.name}",
            description=description,
            parameters=[IF_MATCH, ETAG],
            request=request,
            responses={
                200: detail,
                409: CONFLICT,
                412: STALE,
                428: PRECONDITION_REQUIRED,
            },
            examples=[
                _request(
                    f"{step.name.capitalize()} with a note",
                    {"comment": "Checked against the release."},
                ),
                _response(f"The {subject} after {step.name}", example),
            ],
        )

    return describe


claims_step = workflow_step("claim", out.ClaimDetailSerializer, CLAIM_DETAIL)

# --- facts ----------------------------------------------------------------------------

UNPROCESSABLE_FACT = _error_response(
    "The edit keeps to the schema but not to the claim's text or its other facts: a span "
    "outside the claim, an empty selection, an overlap with a fact of the same kind, a "
    "split leaving an empty part, a field the kind does not have. Nothing was saved.",
    OpenApiExample(
        "Overlap",
        _error(
            "invalid_request",
            "This overlaps the figure “680 people” (fact #77): two facts of the same kind "
            "cannot share words. Correct, split or delete that fact instead.",
        ),
        response_only=True,
        status_codes=["422"],
    ),
)
_FACT_WRITE_ERRORS = {409: CONFLICT, 412: STALE, 428: PRECONDITION_REQUIRED}

facts_list = extend_schema(
    summary="List facts",
    description="The checkable facts inside claims, in the order they were stored (cursor "
    "pagination: follow `next`). Filter by kind, status, claim, the claim's article or "
    "verdict (a rating id or none).",
    parameters=[inputs.FactFilterInput],
    responses={200: out.FactSerializer(many=True)},
    examples=[_response("A page of facts", _page(FACT))],
)
facts_retrieve = extend_schema(
    summary="A fact with its claim, evidence, comments and history",
    description="The ETag header carries the fact's version; send it back in If-Match to "
    "change the fact. `claim` shows the claim's effective verdict and where it comes "
    "from (its own, or derived from its facts).",
    parameters=[ETAG],
    responses={200: out.FactDetailSerializer},
    examples=[_response("A fact in review", FACT_DETAIL)],
)
facts_create = extend_schema(
    summary="Add a fact to a claim",
    description="Select the fact's words in the claim (article offsets: start, end) and "
    "give its kind; its fields are read from the selection (a figure's value and unit, a "
    "date's day) and `fields` corrects them. Spaces at the edges of the selection are "
    "dropped. A span outside the claim, an empty one, or one sharing words with a fact "
    "of the same kind is refused (422). Answers 201 with the fact (Location: its address).",
    request=inputs.FactCreateInput,
    responses={201: out.FactDetailSerializer, 409: CONFLICT, 422: UNPROCESSABLE_FACT},
    examples=[
        _request("A figure", {"claim": 42, "start": 327, "end": 338, "kind": "figure"}),
        _response("The new fact", FACT_DETAIL, "201"),
    ],
)
facts_update = extend_schema(
    summary="Correct a fact",
    description="Its span (start, end), kind, fields or statement. A new span or kind "
    "re-reads the fields from the text (`fields` then corrects them) and flags a verdict "
    "stale. Only while the fact is new or in review (409 otherwise). Needs If-Match.",
    parameters=[IF_MATCH, ETAG],
    request=inputs.FactCorrectInput,
    responses={200: out.FactDetailSerializer, 422: UNPROCESSABLE_FACT, **_FACT_WRITE_ERRORS},
    examples=[
        _request("Correct the unit", {"fields": {"unit": "workers"}}),
        _response("The corrected fact", FACT_DETAIL),
    ],
)
facts_destroy = extend_schema(
    summary="Delete a fact",
    description="For a selection that is not a fact. Its evidence and comments move to the "
    "claim, with a comment saying so; its history keeps it. While the fact is new, in "
    "review or dismissed (409 otherwise). Needs If-Match. Answers 204.",
    parameters=[IF_MATCH],
    responses={204: None, **_FACT_WRITE_ERRORS},
)
facts_split = extend_schema(
    summary="Split a fact in two",
    description="At an article offset strictly inside the fact, between two words: the "
    "first part keeps the fact's id, evidence, comments and verdict (flagged stale), the "
    "second is a new fact of the same kind. A split leaving an empty part is refused "
    "(422). Needs If-Match; the ETag is the first part's new version.",
    parameters=[IF_MATCH, ETAG],
    request=inputs.FactSplitInput,
    responses={200: out.FactSplitSerializer, 422: UNPROCESSABLE_FACT, **_FACT_WRITE_ERRORS},
    examples=[
        _request("Split after the first figure", {"at": 334}),
        _response(
            "The two parts",
            {
                "facts": [
                    {**FACT, "end": 334, "text": "680", "version": 3, "stale_verdict": True},
                    {**FACT, "id": 78, "start": 335, "text": "people", "version": 1},
                ]
            },
        ),
    ],
)
facts_merge = extend_schema(
    summary="Merge another fact into this one",
    description="Two facts of the same claim and kind become one, from the first character "
    "of either to the last; the other's evidence and comments move here and its verdict "
    "is kept in a comment. If-Match carries this fact's version, `other_version` the "
    "other's: when the other changed since, 409 with its current version and what "
    "changed (stale_version).",
    parameters=[IF_MATCH, ETAG],
    request=inputs.FactMergeInput,
    responses={200: out.FactDetailSerializer, 422: UNPROCESSABLE_FACT, **_FACT_WRITE_ERRORS},
    examples=[
        _request("Merge fact 78", {"other": 78, "other_version": 1}),
        _response("The merged fact", FACT_DETAIL),
    ],
)
facts_verdict = extend_schema(
    summary="Propose or change the fact's verdict",
    description="A rating of the active scale and its rationale; a rationale alone keeps "
    "the current rating. Only while the fact is new or in review. The claim's derived "
    "verdict follows its facts' verdicts. Needs If-Match.",
    parameters=[IF_MATCH, ETAG],
    request=inputs.VerdictInput,
    responses={200: out.FactDetailSerializer, **_FACT_WRITE_ERRORS},
    examples=[
        _request("Record a verdict", {"verdict": 3, "rationale": "The ICE release gives 680."}),
        _response("The fact with its verdict", FACT_DETAIL),
    ],
)
facts_assign = extend_schema(
    summary="Assign the fact",
    description="As for claims: reviewers take a fact for themselves, editors assign it to "
    "any reviewer or to nobody (null). Assigning a new fact starts its review. Needs "
    "If-Match.",
    parameters=[IF_MATCH, ETAG],
    request=inputs.AssignInput,
    responses={200: out.FactDetailSerializer, **_FACT_WRITE_ERRORS},
    examples=[
        _request("Assign to a reviewer", {"assignee": 7}),
        _response("The assigned fact", FACT_DETAIL),
    ],
)
facts_step = workflow_step("fact", out.FactDetailSerializer, FACT_DETAIL)
facts_evidence_create = extend_schema(
    summary="Add evidence to the fact",
    description="From a known source (its id) or one found or created by URL/title, as "
    "for claims; it also stands on the fact's claim. Only while the fact is new or in "
    "review (409 otherwise). The fact's evidence: its detail, or GET /api/evidence/?fact=.",
    request=inputs.FactEvidenceInput,
    responses={201: out.EvidenceSerializer, 409: CONFLICT},
    examples=[
        _request(
            "Evidence from a URL",
            {"stance": "supports", "url": SOURCE["url"], "title": SOURCE["title"]},
        ),
        _response("The evidence", FACT_EVIDENCE, "201"),
    ],
)
facts_comments_create = extend_schema(
    summary="Comment on the fact",
    description="Reviewers and editors; the text cannot be empty. The fact's comments: "
    "its detail, or GET /api/comments/?fact=.",
    request=inputs.FactCommentInput,
    responses={201: out.CommentSerializer},
    examples=[
        _request("A comment", {"text": "The release says 680."}),
        _response("The comment", FACT_COMMENT, "201"),
    ],
)

# --- articles and checks --------------------------------------------------------------

articles_list = extend_schema(
    summary="List articles",
    description="Newest import first (cursor pagination). Filter by outlet, publication "
    "date or import job; `q` searches title and text. Older revisions are left out unless "
    "include_superseded is true.",
    parameters=[inputs.ArticleFilterInput],
    responses={200: out.ArticleSerializer(many=True)},
    examples=[_response("A page of articles", _page(ARTICLE))],
)
articles_retrieve = extend_schema(
    summary="An article with its claims, checks and revisions",
    description="The text exactly as imported; each claim's start/end index it.",
    responses={200: out.ArticleDetailSerializer},
    examples=[
        _response(
            "An article",
            {
                **{k: v for k, v in ARTICLE.items() if k != "claim_count"},
                "text": "…",
                "content_hash": "9f2c…",
                "source_item": "ice-raids-mississippi-2019-08-08.txt",
                "claims": [
                    {
                        k: CLAIM[k]
                        for k in (
                            "id",
                            "position",
                            "start",
                            "end",
                            "text",
                            "kinds",
                            "score",
                            "status",
                            "assignee",
                            "verdict",
                            "effective_verdict",
                            "verdict_origin",
                            "version",
                            "orphaned",
                        )
                    }
                ],
                "checks": [CHECK],
                "revisions": [{"id": 5, "revision": 1, "created_at": "2026-05-04T09:00:00Z"}],
            },
        )
    ],
)
checks_list = extend_schema(
    summary="List consistency checks",
    description="Checks across the claims of one article (parts adding up to a total, ...).",
    parameters=[inputs.CheckFilterInput],
    responses={200: out.ConsistencyCheckSerializer(many=True)},
    examples=[_response("A page of checks", _page(CHECK))],
)
checks_retrieve = extend_schema(
    summary="A consistency check",
    description="The check, its result and the claims it covers.",
    responses={200: out.ConsistencyCheckSerializer},
    examples=[_response("A check", CHECK)],
)

# --- sources, evidence, comments, ratings ---------------------------------------------

sources_list = extend_schema(
    summary="List sources",
    description="Most recently used first; `q` searches title, URL and publisher.",
    parameters=[inputs.SourceFilterInput],
    responses={200: out.SourceSerializer(many=True)},
    examples=[_response("A page of sources", _page(SOURCE))],
)
sources_retrieve = extend_schema(
    summary="A source",
    description="A source evidence can cite.",
    responses={200: out.SourceSerializer},
    examples=[_response("A source", SOURCE)],
)
sources_create = extend_schema(
    summary="Find or create a source",
    description="A source with the same URL is reused (details it lacks are filled in); "
    "without a URL a title is required.",
    request=inputs.SourceInput,
    responses={201: out.SourceSerializer},
    examples=[
        _request(
            "A new source", {k: SOURCE[k] for k in ("url", "title", "publisher", "published")}
        ),
        _response("The source", SOURCE, "201"),
    ],
)
evidence_list = extend_schema(
    summary="List evidence",
    description="Filter by claim (its facts' evidence included), fact or source.",
    parameters=[inputs.EvidenceFilterInput],
    responses={200: out.EvidenceSerializer(many=True)},
    examples=[_response("A page of evidence", _page(EVIDENCE))],
)
evidence_retrieve = extend_schema(
    summary="One piece of evidence",
    description="Evidence with its source.",
    responses={200: out.EvidenceSerializer},
    examples=[_response("Evidence", EVIDENCE)],
)
evidence_create = extend_schema(
    summary="Add evidence to a claim",
    description="From a known source (its id) or one found or created by URL/title. "
    "Only while the claim is new or in review (409 otherwise). Does not change the "
    "claim's version.",
    request=inputs.EvidenceInput,
    responses={201: out.EvidenceSerializer, 409: CONFLICT},
    examples=[
        _request(
            "Evidence from a URL",
            {
                "claim": 42,
                "stance": "supports",
                "url": SOURCE["url"],
                "title": SOURCE["title"],
                "quote": "approximately 680 removable aliens",
            },
        ),
        _response("The evidence", EVIDENCE, "201"),
    ],
)
comments_list = extend_schema(
    summary="List comments",
    description="Oldest first; filter by claim (its facts' comments included) or fact.",
    parameters=[inputs.CommentFilterInput],
    responses={200: out.CommentSerializer(many=True)},
    examples=[_response("A page of comments", _page(COMMENT))],
)
comments_retrieve = extend_schema(
    summary="A comment",
    description="One comment on a claim.",
    responses={200: out.CommentSerializer},
    examples=[_response("A comment", COMMENT)],
)
comments_create = extend_schema(
    summary="Comment on a claim",
    description="Reviewers and editors; the text cannot be empty.",
    request=inputs.CommentInput,
    responses={201: out.CommentSerializer},
    examples=[
        _request("A comment", {"claim": 42, "text": "Check the second release too."}),
        _response("The comment", COMMENT, "201"),
    ],
)
_SCALE = {
    "id": 1,
    "name": "Truth scale",
    "description": "",
    "is_active": True,
    "best_value": 5,
    "worst_value": 1,
    "ratings": [
        {"id": 3, "scale": 1, "name": "False", "value": 1, "description": "", "position": 4}
    ],
}
scales_list = extend_schema(
    summary="List rating scales",
    description="The verdict scales with their ratings; the active one first. Scales are "
    "edited in the admin.",
    responses={200: out.RatingScaleSerializer(many=True)},
    examples=[_response("The scales", _page(_SCALE))],
)
scales_retrieve = extend_schema(
    summary="A rating scale",
    description="A scale with its ratings in order, best first.",
    responses={200: out.RatingScaleSerializer},
    examples=[_response("A scale", _SCALE)],
)
ratings_list = extend_schema(
    summary="List ratings",
    description="Every rating of every scale; active=true for the ones a verdict may use.",
    parameters=[inputs.RatingFilterInput],
    responses={200: out.RatingSerializer(many=True)},
    examples=[_response("Ratings", _page(_SCALE["ratings"][0]))],
)
ratings_retrieve = extend_schema(
    summary="A rating",
    description="One step of a rating scale.",
    responses={200: out.RatingSerializer},
    examples=[_response("A rating", _SCALE["ratings"][0])],
)

# --- jobs -----------------------------------------------------------------------------

imports_list = extend_schema(
    summary="List import jobs",
    description="Newest first, with their progress.",
    responses={200: out.ImportJobSerializer(many=True)},
    examples=[_response("Import jobs", _page(IMPORT_JOB))],
)
imports_retrieve = extend_schema(
    summary="An import job's progress",
    description="Status, done/total, the current item, per-item errors and, once finished, "
    "the summary. Poll until `finished`.",
    responses={200: out.ImportJobSerializer},
    examples=[_response("A finished import", IMPORT_JOB)],
)
imports_create = extend_schema(
    summary="Import articles",
    description="Upload files (multipart/form-data: `files`, repeatable, and `urls` with "
    "them if you like) or give http(s) URLs alone as JSON. Answers 202 with the job "
    "(Location: its address); a worker runs it.",
    request={
        "multipart/form-data": inputs.ImportUploadInput,
        "application/json": inputs.ImportUrlsInput,
    },
    responses={202: out.ImportJobSerializer},
    examples=[
        _request("Import by URL", {"urls": ["https://example.org/ice-raids"], "format": ""}),
        _response(
            "The queued job",
            {
                **IMPORT_JOB,
                "status": "pending",
                "finished": False,
                "done": 0,
                "percent": 0,
                "message": "",
                "summary": {},
                "started_at": None,
                "finished_at": None,
            },
            "202",
        ),
    ],
)
exports_list = extend_schema(
    summary="List export jobs",
    description="Editors only. Newest first, with progress and, when done, a download link.",
    responses={200: out.ExportJobSerializer(many=True)},
    examples=[_response("Export jobs", _page(EXPORT_JOB))],
)
exports_retrieve = extend_schema(
    summary="An export job's progress",
    description="Editors only. `download_url` appears once the job succeeded; files "
    "expire (expires_at).",
    responses={200: out.ExportJobSerializer},
    examples=[_response("A finished export", EXPORT_JOB)],
)
exports_create = extend_schema(
    summary="Export verdicts",
    description="Editors only. A format and optional filters; answers 202 with the job. "
    "Formats: " + ", ".join(exporters.FORMATS) + ".",
    request=inputs.ExportJobInput,
    responses={
        202: out.ExportJobSerializer,
        422: _error_response(
            "The filters keep to the schema but cannot be met together.",
            OpenApiExample(
                "Dates the wrong way round",
                _error("invalid_request", "The start date is after the end date."),
                response_only=True,
                status_codes=["422"],
            ),
        ),
    },
    examples=[
        _request(
            "ClaimReview of approved claims",
            {"format": "claimreview", "filters": {"statuses": ["approved", "published"]}},
        ),
        _response(
            "The queued job",
            {
                **EXPORT_JOB,
                "status": "pending",
                "finished": False,
                "done": 0,
                "total": 0,
                "percent": 0,
                "message": "",
                "started_at": None,
                "finished_at": None,
                "expires_at": None,
                "download_url": None,
            },
            "202",
        ),
    ],
)
exports_download = extend_schema(
    summary="Download an export",
    description="Editors only. The file of a finished export; 409 while it is pending or "
    "running, 410 when it failed or expired.",
    responses={
        **{
            (200, e.media_type.split(";")[0]): OpenApiTypes.BINARY
            for e in exporters.FORMATS.values()
        },
        409: _error_response(
            "Not finished yet: try again once the job's status is succeeded.",
            OpenApiExample(
                "Still running",
                _error("conflict", "This export is running; download it once it has finished."),
                response_only=True,
                status_codes=["409"],
            ),
        ),
        410: _error_response(
            "No file, and there will be none: the export failed, expired or was deleted.",
            OpenApiExample(
                "Expired",
                _error("gone", "This export expired on 2026-05-07 11:00 UTC; run it again."),
                response_only=True,
                status_codes=["410"],
            ),
        ),
    },
    examples=[
        _response("A CSV file", "claim_id,claim,verdict\n42,Agents arrested 680 people...,True\n")
    ],
)

# --- extraction -----------------------------------------------------------------------

extract = extend_schema(
    summary="Try the claim extractor",
    description="Text in, the JSON `manage.py extract --jsonl` prints out: offsets index "
    "the text as given. Nothing is stored.",
    request=inputs.ExtractInput,
    responses={200: out.ExtractionSerializer},
    examples=[
        _request(
            "A sentence",
            {
                "id": "try-1",
                "text": "The mayor said 40 people were arrested on Monday.",
                "published": "2019-08-08",
            },
        ),
        _response(
            "Its claims",
            {
                "id": "try-1",
                "metadata": {"author": None, "outlet": None, "published": "2019-08-08"},
                "claims": [
                    {
                        "start": 0,
                        "end": 49,
                        "text": "The mayor said 40 people were arrested on Monday.",
                        "kinds": ["quantity", "attribution"],
                        "score": 0.78,
                        "quantities": [
                            {"text": "40", "value": 40.0, "unit": "people", "event": "arrest"}
                        ],
                        "attributions": [
                            {"speaker": "The mayor", "cue": "say", "direct_quote": False}
                        ],
                        "dates": [
                            {"text": "Monday", "start": 42, "end": 48, "resolved": "2019-08-05"}
                        ],
                        "comparisons": [],
                        "enumerations": [],
                    }
                ],
                "checks": [],
            },
        ),
    ],
)


# --- matches (issue 13) ---------------------------------------------------------------

_FIGURE = {
    "query": {"value": 680.0, "unit": "workers", "event": "arrest"},
    "match": {"value": 700.0, "unit": "workers", "event": "arrest"},
    "agree": True,
}
_MATCH_ARTICLE = {
    "id": 6,
    "title": "Raids leave towns reeling",
    "outlet": "Delta Ledger",
    "published": "2019-08-08",
    "url": "https://delta-ledger.example/raids",
}
claims_matches = extend_schema(
    summary="The same fact elsewhere: other outlets and earlier verdicts",
    description="`also_reported`: claims of other outlets' articles about the same event, "
    "best first, with each figure of the same event and unit compared (agree, within "
    "qualifiers such as about or nearly) and speakers compared (the same person?). "
    "`already_checked`: earlier verdicts that cover the claim, imported fact-checks and "
    "this desk's approved or published verdicts, with rating, rationale, sources, who and "
    "when. Found by each import job's match step; the same lists as the review page.",
    responses={200: out.ClaimMatchesSerializer},
    examples=[
        _response(
            "Reported by another outlet and checked before",
            {
                "claim": 42,
                "also_reported": [
                    {
                        "id": 9,
                        "score": 0.62,
                        "figures": [_FIGURE],
                        "figures_differ": False,
                        "speakers": [],
                        "claim": 57,
                        "text": "Nearly 700 workers were arrested in the raids.",
                        "status": "new",
                        "article": _MATCH_ARTICLE,
                    }
                ],
                "already_checked": [
                    {
                        "id": 10,
                        "score": 0.81,
                        "figures": [],
                        "figures_differ": False,
                        "speakers": [],
                        "kind": "fact_check",
                        "claim": None,
                        "claim_reviewed": "Agents arrested 680 workers in Mississippi.",
                        "rating": "True",
                        "rating_value": 5,
                        "rationale": "ICE's own release gives 680.",
                        "url": "https://checks.example/raid-arrests",
                        "publisher": "Example Checks",
                        "author": "",
                        "approved_by": "",
                        "when": "2019-08-12",
                        "sources": [
                            {"title": "Raid arrests", "url": "https://checks.example/raid-arrests"}
                        ],
                    }
                ],
            },
        )
    ],
)
facts_matches = extend_schema(
    summary="This fact in other outlets' reports, and earlier verdicts on its claim",
    description="`also_reported`: for a figure fact, the same measure (event and unit) in "
    "the claims its claim is linked to, fact by fact: agrees or differs, within qualifiers "
    "such as about or nearly, a whole against parts that add up (30 + 270 vs about 300); "
    "for an attribution fact, the other reports' speakers (the same person?). Each with "
    "the other facts' ids, status and verdict. `already_checked`: the earlier verdicts on "
    "the fact's claim. The same lists as the fact's review page.",
    responses={200: out.FactMatchesSerializer},
    examples=[
        _response(
            "The same figure in another outlet",
            {
                "fact": 7,
                "claim": 42,
                "also_reported": [
                    {
                        "match": 9,
                        "score": 0.62,
                        "claim": 57,
                        "article": _MATCH_ARTICLE,
                        "facts": [
                            {
                                "id": 31,
                                "kind": "figure",
                                "text": "Nearly 700 workers",
                                "status": "new",
                                "verdict": None,
                            }
                        ],
                        "agree": True,
                        "figure": _FIGURE,
                        "speaker": None,
                        "with_parts": [],
                    }
                ],
                "already_checked": [],
            },
        )
    ],
)
