"""The same fact elsewhere: GET /api/claims/{id}/matches/ (issue 13).

What the review page shows as "Also reported" and "Already checked", for scripts. Read
through selectors_matching, like the review page; whoever may read the claim may read
its matches (VIEW).
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from claims import selectors_matching
from claims.api import schema
from claims.api.serializers import ClaimMatchesSerializer
from claims.api.views.base import ApiViewSet, path_id
from claims.models import Claim


class ClaimMatchesViewSet(ApiViewSet):
    queryset = Claim.objects.none()  # for the schema: the type of the path id
    http_method_names = ["get", "head", "options"]

    @schema.claims_matches
    def retrieve(self, request: Request, pk: str) -> Response:
        claim_id = path_id(pk)
        if not Claim.objects.filter(pk=claim_id).exists():
            raise exceptions.NotFound("No claim has this id.")
        found = selectors_matching.claim_matches(claim_id=claim_id)
        data = ClaimMatchesSerializer(
            {"claim": claim_id, "also_reported": found.reported, "already_checked": found.checked}
        ).data
        return Response(data)
