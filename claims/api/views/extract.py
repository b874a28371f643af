"""Try the extractor: text in, the JSON `manage.py extract --jsonl` prints out."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api import schema
from claims.api.inputs import ExtractInput
from claims.api.serializers import ExtractionSerializer
from claims.api.views.base import body
from claims.permissions import Capability
from claims.services.extraction import text_extract


class ExtractView(APIView):
    # A POST that writes nothing: anyone who may see the workbench may try it.
    required_capabilities = {"POST": Capability.VIEW}

    @schema.extract
    def post(self, request: Request) -> Response:
        data = body(ExtractInput, request).validated_data
        result = text_extract(text=data["text"], published=data.get("published")).to_dict()
        published = data["published"].isoformat() if data.get("published") else None
        metadata = {**result.get("metadata", {}), **({"published": published} if published else {})}
        return Response(
            ExtractionSerializer({"id": data["id"], **result, "metadata": metadata}).data
        )
