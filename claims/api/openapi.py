"""What the OpenAPI schema says beyond drf-spectacular's defaults, so that it states
exactly what the API accepts and refuses. tests/api/test_conformance.py holds the API
to it both ways with schemathesis: every request the schema allows is accepted, every
one it forbids is refused.

- Strings in requests carry no NUL character (DRF refuses them), and a trimmed field
  that may not be blank needs something besides spaces (DRF trims, then refuses "").
- A body refuses fields it does not know (`additionalProperties: false`); an
  `AtLeastOne` body states its rule as `anyOf`.
- Path ids are positive integers.
- Each operation documents its 403 with the role it needs, from the view's
  `required_capabilities`: the very table the permission class enforces.
- `LINKS` connects operations (a list to its items, a claim or a fact to its writes
  with its ETag as If-Match, a claim to its facts), for clients and for schemathesis's
  stateful phase.

The schema class and the hook are wired in settings (DEFAULT_SCHEMA_CLASS,
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).
"""

from __future__ import annotations

from typing import Any

from django.core.validators import EmailValidator, RegexValidator, URLValidator
from drf_spectacular.extensions import (
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from rest_framework import serializers

from claims.api.inputs import MAX_ID, SPACE_CHARS, AtLeastOne
from claims.api.permissions import required_capability
from claims.api.workflow import step_actions
from claims.permissions import Capability

# Non-empty: drf-spectacular adds `{"maxLength": 0}` as a oneOf branch for a field that
# may be blank, and the empty string must not match both branches.
NO_NUL = r"^[^\x00]+$"
NOT_BLANK = rf"^[^\x00]*[^\x00{SPACE_CHARS}][^\x00]*$"
# Validators from which drf-spectacular derives a format or pattern of its own.
_SHAPED = (RegexValidator, URLValidator, EmailValidator)


class CharFieldSchema(OpenApiSerializerFieldExtension):
    target_class = "rest_framework.fields.CharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Any) -> Any:
        field = self.target
        schema = auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        shaped = any(isinstance(v, _SHAPED) for v in field.validators)
        if direction == "request" and schema.get("type") == "string" and not shaped:
            blank_refused = field.trim_whitespace and not field.allow_blank
            schema["pattern"] = NOT_BLANK if blank_refused else NO_NUL
        return schema


class BodyInputSchema(OpenApiSerializerExtension):
    target_class = "claims.api.inputs.BodyInput"
    match_subclasses = True

    def map_serializer(self, auto_schema: AutoSchema, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["additionalProperties"] = False
        if isinstance(self.target, AtLeastOne):
            schema["anyOf"] = [self._given(name) for name in self.target.at_least_one]
        return schema

    def _given(self, name: str) -> dict[str, Any]:
        branch: dict[str, Any] = {"required": [name]}
        field = self.target.fields[name]
        if isinstance(field, serializers.CharField) and field.allow_blank:
            given = {"pattern": NOT_BLANK} if field.trim_whitespace else {"minLength": 1}
            branch["properties"] = {name: given}
        return branch


# Who holds each capability by default (claims/permissions.py has the matrix).
HOLDERS = {
    Capability.VIEW: "every workbench role",
    Capability.IMPORT: "reviewers and editors",
    Capability.REVIEW: "reviewers and editors",
    Capability.APPROVE: "editors only: a reviewer gets 403",
    Capability.PUBLISH: "editors only: a reviewer gets 403",
    Capability.MANAGE_SCALES: "editors only: a reviewer gets 403",
    Capability.EXPORT: "editors only: a reviewer gets 403",
}
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


class ApiAutoSchema(AutoSchema):
    def get_operation(
        self, path: str, path_regex: str, path_prefix: str, method: str, registry: Any
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] == "id":
                # The route takes anything up to the next slash so that a malformed id
                # is a JSON 404; the ids themselves are positive integers.
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        if "requestBody" in operation and self._needs_a_body():
            # An `AtLeastOne` body cannot be left out, even on PATCH.
            operation["requestBody"]["required"] = True
        capability = required_capability(self.view, method)
        operation["x-required-capability"] = capability.name.lower()
        operation["responses"]["403"] = {
            "description": f"Needs the {capability.name.lower()} capability "
            f"({HOLDERS[capability]}). A user without a workbench role gets 403 "
            "everywhere; finer review rules (taking a claim assigned to someone else, "
            "approving your own verdict) are 403 too.",
            "content": _ERROR,
        }
        return operation

    def _needs_a_body(self) -> bool:
        request = self.get_request_serializer()
        bodies = request.values() if isinstance(request, dict) else [request]
        return any(isinstance(force_instance(body), AtLeastOne) for body in bodies)


# --- links ----------------------------------------------------------------------------

# The claim's writes: its verdict, assigning it, and one action per workflow step.
CLAIM_WRITES = (
    "claims_partial_update",
    "claims_assign_create",
    *(f"claims_{name}_create" for name in step_actions()),
)
# A fact's writes: its edits, verdict, assigning it, and one action per workflow step.
FACT_WRITES = (
    "facts_partial_update",
    "facts_destroy",
    "facts_split_create",
    "facts_merge_create",
    "facts_verdict_create",
    "facts_assign_create",
    *(f"facts_{name}_create" for name in step_actions()),
)
_FIRST = "$response.body#/results/0/id"
_SAME_CLAIM = {"id": "$request.path.id"}
# Every claim response carries the version as ETag: the next write sends it as If-Match.
_WRITE_SAME_CLAIM = {"id": "$request.path.id", "header.If-Match": "$response.header.ETag"}
_CLAIM_IN_BODY = "$response.body#/claim/id"


def _claim_detail_links() -> dict[str, dict[str, Any]]:
    links: dict[str, dict[str, Any]] = {
        "GetTheClaim": {"operationId": "claims_retrieve", "parameters": _SAME_CLAIM},
        "GetItsMatches": {"operationId": "claims_matches_retrieve", "parameters": _SAME_CLAIM},
        "CommentOnTheClaim": {
            "operationId": "comments_create",
            "requestBody": {"claim": _CLAIM_IN_BODY},
        },
        "AddEvidenceToTheClaim": {
            "operationId": "evidence_create",
            "requestBody": {"claim": _CLAIM_IN_BODY},
        },
        "ListTheClaimsComments": {
            "operationId": "comments_list",
            "parameters": {"claim": _CLAIM_IN_BODY},
        },
        "ListTheClaimsEvidence": {
            "operationId": "evidence_list",
            "parameters": {"claim": _CLAIM_IN_BODY},
        },
        "GetItsFirstFact": _to_item("facts_retrieve", "$response.body#/facts/0/id"),
        "ListItsFacts": {"operationId": "facts_list", "parameters": {"claim": _CLAIM_IN_BODY}},
    }
    for write in CLAIM_WRITES:
        name = write.removeprefix("claims_").removesuffix("_create").title().replace("_", "")
        links[f"{name}TheClaim"] = {"operationId": write, "parameters": _WRITE_SAME_CLAIM}
    return links


_FACT_IN_BODY = "$response.body#/fact/id"


def _fact_detail_links() -> dict[str, dict[str, Any]]:
    links: dict[str, dict[str, Any]] = {
        "GetTheFact": {"operationId": "facts_retrieve", "parameters": _SAME_CLAIM},
        "GetItsClaim": _to_item("claims_retrieve", "$response.body#/claim/id"),
        "AddEvidenceToTheFact": {
            "operationId": "facts_evidence_create",
            "parameters": _SAME_CLAIM,
        },
        "CommentOnTheFact": {"operationId": "facts_comments_create", "parameters": _SAME_CLAIM},
        "ListTheFactsEvidence": {
            "operationId": "evidence_list",
            "parameters": {"fact": _FACT_IN_BODY},
        },
        "ListTheFactsComments": {
            "operationId": "comments_list",
            "parameters": {"fact": _FACT_IN_BODY},
        },
    }
    for write in FACT_WRITES:
        name = write.removeprefix("facts_").removesuffix("_create").title().replace("_", "")
        links[f"{name}TheFact"] = {"operationId": write, "parameters": _WRITE_SAME_CLAIM}
    return links


def _to_item(operation_id: str, pointer: str = _FIRST) -> dict[str, Any]:
    return {"operationId": operation_id, "parameters": {"id": pointer}}


# (operationId, status) -> {link name: link}
LINKS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("claims_list", "200"): {"GetTheFirstClaim": _to_item("claims_retrieve")},
    # Only from the claim itself: links out of the writes would also make each write a
    # starting point of schemathesis's scenarios, with random ids (404) rather than real
    # ones. After a write its response's ETag is the next If-Match all the same.
    ("claims_retrieve", "200"): _claim_detail_links(),
    ("facts_list", "200"): {"GetTheFirstFact": _to_item("facts_retrieve")},
    ("facts_retrieve", "200"): _fact_detail_links(),
    ("facts_create", "201"): {
        "GetTheFact": _to_item("facts_retrieve", "$response.body#/fact/id"),
        "GetItsClaim": _to_item("claims_retrieve", "$response.body#/claim/id"),
    },
    ("articles_list", "200"): {
        "GetTheFirstArticle": _to_item("articles_retrieve"),
        "ListTheFirstArticlesClaims": {
            "operationId": "claims_list",
            "parameters": {"article": _FIRST},
        },
    },
    ("articles_retrieve", "200"): {
        "GetItsFirstClaim": _to_item("claims_retrieve", "$response.body#/claims/0/id"),
        "ListItsChecks": {
            "operationId": "consistency_checks_list",
            "parameters": {"article": "$response.body#/id"},
        },
    },
    ("consistency_checks_list", "200"): {
        "GetTheFirstCheck": _to_item("consistency_checks_retrieve"),
        "GetItsFirstClaim": _to_item("claims_retrieve", "$response.body#/results/0/claims/0"),
        "GetItsArticle": _to_item("articles_retrieve", "$response.body#/results/0/article"),
    },
    ("consistency_checks_retrieve", "200"): {
        "GetItsFirstClaim": _to_item("claims_retrieve", "$response.body#/claims/0"),
        "GetItsArticle": _to_item("articles_retrieve", "$response.body#/article"),
    },
    ("sources_list", "200"): {"GetTheFirstSource": _to_item("sources_retrieve")},
    ("sources_create", "201"): {
        "GetTheSource": _to_item("sources_retrieve", "$response.body#/id"),
        "ListItsEvidence": {
            "operationId": "evidence_list",
            "parameters": {"source": "$response.body#/id"},
        },
    },
    ("evidence_list", "200"): {"GetTheFirstEvidence": _to_item("evidence_retrieve")},
    ("evidence_create", "201"): {
        "GetTheEvidence": _to_item("evidence_retrieve", "$response.body#/id"),
        "GetItsClaim": _to_item("claims_retrieve", "$response.body#/claim"),
        "GetItsSource": _to_item("sources_retrieve", "$response.body#/source/id"),
    },
    ("comments_list", "200"): {"GetTheFirstComment": _to_item("comments_retrieve")},
    ("comments_create", "201"): {
        "GetTheComment": _to_item("comments_retrieve", "$response.body#/id"),
        "GetItsClaim": _to_item("claims_retrieve", "$response.body#/claim"),
    },
    ("rating_scales_list", "200"): {
        "GetTheFirstScale": _to_item("rating_scales_retrieve"),
        "GetItsFirstRating": _to_item("ratings_retrieve", "$response.body#/results/0/ratings/0/id"),
    },
    ("ratings_list", "200"): {"GetTheFirstRating": _to_item("ratings_retrieve")},
    ("import_jobs_list", "200"): {"GetTheFirstImport": _to_item("import_jobs_retrieve")},
    ("import_jobs_create", "202"): {
        "GetTheImport": _to_item("import_jobs_retrieve", "$response.body#/id"),
        "ListItsArticles": {
            "operationId": "articles_list",
            "parameters": {"import_job": "$response.body#/id"},
        },
    },
    ("export_jobs_list", "200"): {"GetTheFirstExport": _to_item("export_jobs_retrieve")},
    ("export_jobs_create", "202"): {
        "GetTheExport": _to_item("export_jobs_retrieve", "$response.body#/id"),
        "DownloadTheExport": _to_item("export_jobs_download_retrieve", "$response.body#/id"),
    },
}


def add_links(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    """A drf-spectacular post-processing hook: LINKS into the responses they start from."""
    operations = {
        operation["operationId"]: operation
        for methods in result.get("paths", {}).values()
        for operation in methods.values()
    }
    for (operation_id, status), links in LINKS.items():
        targets = {link["operationId"] for link in links.values()}
        unknown = sorted({operation_id, *targets} - set(operations))
        if unknown:
            raise ValueError(f"claims.api.openapi.LINKS names unknown operations: {unknown}")
        response = operations[operation_id]["responses"][status]
        response["links"] = links
    return result
