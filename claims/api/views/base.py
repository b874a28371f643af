"""Helpers every API view shares: ids from the path, validated query parameters,
and the claim's (or fact's) version carried by ETag / If-Match."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from rest_framework import exceptions, serializers, viewsets
from rest_framework.request import Request

from claims.api.errors import (
    PreconditionFailed,
    PreconditionRequired,
    ReferenceNotFound,
    StateConflict,
)
from claims.api.inputs import MAX_ID
from claims.models import Claim, Rating


def reject_repeated_parameters(request: Request) -> None:
    """Every query parameter of the API takes one value: `?page_size=5&page_size=9` is
    refused rather than silently answered with one of them."""
    repeated = {
        name: ["Give this parameter once."]
        for name, values in request.query_params.lists()
        if len(values) > 1
    }
    if repeated:
        raise exceptions.ValidationError(repeated)


class ApiViewSet(viewsets.ViewSet):
    # Anything up to the next slash reaches the view, which answers a JSON 404 for a
    # malformed id (the router's default stops at dots: "0.5" would be Django's HTML 404).
    lookup_value_regex = "[^/]+"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        reject_repeated_parameters(request)


def path_id(value: Any) -> int:
    """An id from the URL; anything else is simply not found."""
    text = str(value)
    # isascii: "²" and "٣" are digits to str.isdigit, and int() refuses the first.
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise exceptions.NotFound("Nothing was found at this address.")
    return int(text)


def query(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    # A plain dict, not the QueryDict: DRF reads an empty form field as "not given", so
    # `?status=` would silently mean "any status". In the API an empty value is an
    # invalid one (400), as the schema says; leave the parameter out to not filter.
    params = serializer_class(data=request.query_params.dict())
    params.is_valid(raise_exception=True)
    return params


def reference(queryset: QuerySet, pk: int, *, field: str, message: str) -> Any:
    """The object an id in the request body names, or 404 naming the field."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ReferenceNotFound(field, message)
    return found


def verdict_values(data: Any, model: type[Model], record_id: int) -> tuple[Rating, str]:
    """The rating and rationale a verdict write asks for (VerdictInput / ClaimUpdateInput
    data): what is left out is kept from the claim (or fact: `model`), 409 if it has none."""
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
        # The version check in the service guarantees these are the values at the
        # version the writer saw: if the record changed since, the write is refused anyway.
        current = model.objects.select_related("verdict__scale").get(pk=record_id)
        rating = rating or current.verdict
        rationale = current.rationale if rationale is None else rationale
    # Keeping what the record does not have yet depends on its state, not on the
    # request: 409, like the workflow's refusals.
    noun = model._meta.verbose_name
    if rating is None:
        raise StateConflict(f"This {noun} has no verdict yet; give one with the rationale.")
    if not rationale.strip():
        raise StateConflict(f"This {noun} has no rationale yet; give one with the verdict.")
    return rating, rationale


def assignee_of(request: Request, data: Any) -> Any:
    """Whom an assign write (AssignInput data) names: the writer when left out, nobody
    for null, else the user with that id (404 naming the field)."""
    if "assignee" not in data:
        return request.user
    if data["assignee"] is None:
        return None
    return reference(
        get_user_model().objects.all(),
        data["assignee"],
        field="assignee",
        message="No user has this id.",
    )


def body(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data


# One entity tag naming a version: "3" (as the ETag gives it), W/"3", or a bare 3.
IF_MATCH_PATTERN = r'^(W/)?"[0-9]{1,12}"$|^[0-9]{1,12}$'
_IF_MATCH = re.compile(r'(?:W/)?"([0-9]{1,12})"|([0-9]{1,12})')


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(request: Request, record_id: int, model: type[Model] = Claim) -> int:
    """The version of the claim (or fact: `model`) the writer saw, from If-Match; 428
    without it, 412 if it names no version of it (a malformed tag cannot match)."""
    noun = model._meta.verbose_name
    raw = request.headers.get("If-Match", "").strip()
    if not raw:
        raise PreconditionRequired(noun)
    current = model.objects.filter(pk=record_id).values_list("version", flat=True).first()
    if current is None:
        raise exceptions.NotFound(f"No {noun} has this id.")
    tag = _IF_MATCH.fullmatch(raw)
    if tag is None:
        raise PreconditionFailed(
            f"If-Match {raw[:40]!r} is not a version of this {noun}; it is now version "
            f"{current}. GET the {noun} and try again.",
            current_version=current,
        )
    return int(tag.group(1) or tag.group(2))
