"""Helpers every API view shares: ids from the path, validated query parameters,
and the claim version carried by ETag / If-Match."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, serializers, viewsets
from rest_framework.request import Request

from claims.api.errors import PreconditionFailed, PreconditionRequired
from claims.models import Claim

# Ids beyond this cannot exist (bigint) and would only make the database complain.
MAX_ID = 2**62


class ApiViewSet(viewsets.ViewSet):
    # Anything up to the next slash reaches the view, which answers a JSON 404 for a
    # malformed id (the router's default stops at dots: "0.5" would be Django's HTML 404).
    lookup_value_regex = "[^/]+"


def path_id(value: Any) -> int:
    """An id from the URL; anything else is simply not found."""
    text = str(value)
    if not text.isdigit() or int(text) > MAX_ID:
        raise exceptions.NotFound("Nothing was found at this address.")
    return int(text)


def query(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params


def body(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(request: Request, claim_id: int) -> int:
    """The claim version the writer saw, from If-Match; 428 without it, 412 if it names
    no version of this claim (a malformed tag cannot match the current one)."""
    raw = request.headers.get("If-Match", "").strip()
    if not raw:
        raise PreconditionRequired()
    current = Claim.objects.filter(pk=claim_id).values_list("version", flat=True).first()
    if current is None:
        raise exceptions.NotFound("No claim has this id.")
    tag = raw.removeprefix("W/").strip().strip('"')
    if not tag.isdigit() or len(tag) > 12:
        raise PreconditionFailed(
            f"If-Match {raw[:40]!r} is not a version of this claim; it is now version "
            f"{current}. GET the claim and try again.",
            current_version=current,
        )
    return int(tag)
