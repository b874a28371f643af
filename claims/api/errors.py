"""One error shape for the whole API, and the mapping from domain errors to HTTP.

Every error response is

    {"error": {"code": "not_found", "message": "A sentence for a person.", "details": {...}}}

`code` is stable for scripts, `message` is for people, `details` holds field errors
(validation), the current version (412), the seconds to wait (429) and so on. Services
raise domain errors and never know about HTTP; this handler is the only place that
turns them into status codes. Anything unexpected is logged with its traceback and
answered with a 500 in the same shape, without the traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from claims.services.exports import ExportFileGone, ExportRequestError
from claims.services.facts import FactError
from claims.services.imports import ImportRequestError
from claims.services.reviews import (
    ReviewError,
    ReviewNotAllowed,
    StaleClaim,
    TransitionRefused,
)

logger = logging.getLogger(__name__)


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = (
        "This write needs an If-Match header with the claim's version (its ETag); "
        "GET the claim first."
    )

    def __init__(self, noun: str = "claim"):
        super().__init__(
            f"This write needs an If-Match header with the {noun}'s version (its ETag); "
            f"GET the {noun} first."
        )


class PreconditionFailed(exceptions.APIException):
    """If-Match names a version that is not the claim's current one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale_version"

    def __init__(self, message: str, *, current_version: int, changes: list | None = None):
        super().__init__(message)
        self.current_version = current_version
        self.changes = changes or []


class StaleReference(exceptions.APIException):
    """A version given in the body (not If-Match) for another record the write changes
    (merging a fact into this one): that record changed since. 409, with its current
    version and what changed, like a 412's details."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"

    def __init__(self, exc: StaleClaim, *, field: str):
        super().__init__(str(exc))
        self.details = {
            "field": field,
            "current_version": exc.claim.version,
            "changes": _changes(exc),
        }


class ReferenceNotFound(exceptions.NotFound):
    """An id in the request body that names nothing: 404 (as JSON:API has it for a
    related resource that does not exist), with the field in details."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class StateConflict(exceptions.APIException):
    """A well-formed request the claim's current state cannot take (it would be fine in
    another state), like a rationale alone for a claim that has no verdict yet."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    """A request the schema allows that a rule it cannot state refuses (the start of a
    date range after its end): 422, where 400 means the request breaks the schema."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "invalid_request"


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_code = "gone"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _changes(exc: StaleClaim) -> list[dict[str, Any]]:
    return [
        {
            "who": change.who,
            "when": change.when.isoformat(),
            "reason": change.reason,
            "fields": [
                {"field": f.field, "before": f.before, "after": f.after} for f in change.fields
            ],
        }
        for change in exc.changes
    ]


def _stale(exc: StaleClaim) -> PreconditionFailed:
    return PreconditionFailed(str(exc), current_version=exc.claim.version, changes=_changes(exc))


def _as_api_exception(exc: Exception) -> exceptions.APIException | None:
    """Domain and Django errors as the API exception that says what they mean."""
    if isinstance(exc, StaleClaim):
        return _stale(exc)
    if isinstance(exc, ReviewNotAllowed):
        return exceptions.PermissionDenied(str(exc))
    if isinstance(exc, TransitionRefused):
        conflict = exceptions.APIException(str(exc), code="transition_refused")
        conflict.status_code = status.HTTP_409_CONFLICT
        return conflict
    if isinstance(exc, FactError):
        # A fact edit the schema allows that the claim's text or its other facts refuse
        # (a span outside the claim, an overlap, a split leaving an empty part).
        return Unprocessable(str(exc))
    if isinstance(exc, ReviewError):
        return exceptions.ValidationError({"non_field_errors": [str(exc)]}, code="refused")
    if isinstance(exc, (ImportRequestError, ExportRequestError)):
        # The input serializers have already refused whatever the schema can state.
        return Unprocessable(str(exc))
    if isinstance(exc, ExportFileGone):
        return Gone(str(exc))
    if isinstance(exc, (Http404, ObjectDoesNotExist)):
        return exceptions.NotFound("Nothing was found at this address.")
    if isinstance(exc, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        # Django's limits on a request body (DATA_UPLOAD_MAX_MEMORY_SIZE, ..._NUMBER_FIELDS,
        # ..._NUMBER_FILES), met while the body is parsed.
        return TooLarge(f"The request is too large: {exc}")
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError("The request was malformed.")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, exceptions.APIException):
        return exc
    return None


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    return exc.default_code


def _message(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict) and list(detail) == ["non_field_errors"]:
            return " ".join(str(m) for m in detail["non_field_errors"])
        return "The request is not valid; see details for each field."
    return str(exc.detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        logger.exception("Unexpected error in %s", context.get("view").__class__.__name__)
        set_rollback()
        return Response(
            error_body("server_error", "Something went wrong on our side; it has been logged."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    details: Any = {}
    if isinstance(api_exc, exceptions.ValidationError):
        details = (
            api_exc.detail
            if isinstance(api_exc.detail, dict)
            else {"non_field_errors": api_exc.detail}
        )
    if isinstance(api_exc, ReferenceNotFound):
        details = {api_exc.field: [str(api_exc.detail)]}
    if isinstance(api_exc, StaleReference):
        details = api_exc.details
    headers: dict[str, str] = {}
    if isinstance(api_exc, PreconditionFailed):
        details = {"current_version": api_exc.current_version, "changes": api_exc.changes}
        headers["ETag"] = f'"{api_exc.current_version}"'
    if isinstance(api_exc, exceptions.Throttled):
        details = {"wait_seconds": api_exc.wait}
        if api_exc.wait is not None:
            headers["Retry-After"] = str(int(api_exc.wait))
    if getattr(api_exc, "auth_header", None):
        # Set by APIView.handle_exception for 401s: how to authenticate.
        headers["WWW-Authenticate"] = api_exc.auth_header  # type: ignore[attr-defined]
    set_rollback()
    return Response(
        error_body(_code(api_exc), _message(api_exc), details),
        status=api_exc.status_code,
        headers=headers,
    )
