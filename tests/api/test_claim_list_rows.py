"""The claim list writes each claim from values() rows (claim_list_data), not through
ClaimSerializer: the JSON must be the serializer's, field for field, for every kind of
claim a list holds (no verdict, a reviewer's verdict, one derived from its facts, people
assigned, proposed and approving), and the schema still describes it."""

from __future__ import annotations

import json

import pytest

from claims.api.renderers import JSONRenderer
from claims.api.serializers import ClaimSerializer, claim_list_data, claim_list_rows
from claims.models import Claim
from claims.services.reviews import claim_assign, claim_transition, verdict_record
from tests.test_reviews_support import article_with_claims, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(reviewer, editor, second_editor) -> list[Claim]:
    _plain_one, assigned, proposed, approved, derived = article_with_claims(5).claims.order_by("id")
    claim_assign(claim_id=assigned.pk, assignee=reviewer, by=reviewer)
    for claim in (proposed, approved):
        claim = verdict_record(
            claim_id=claim.pk,
            rating=rating("False"),
            rationale="The minutes say otherwise.",
            by=editor,
            expected_version=claim.version,
        )
        claim_transition(
            claim_id=claim.pk,
            to_status="awaiting_approval",
            by=editor,
            expected_version=claim.version,
        )
    approved.refresh_from_db()
    claim_transition(
        claim_id=approved.pk,
        to_status="approved",
        by=second_editor,
        expected_version=approved.version,
    )
    # A verdict derived from the claim's facts (fixture data: the facts' service sets it).
    Claim.objects.filter(pk=derived.pk).update(
        derived_verdict=rating("Mostly true"), derived_mixed=True
    )
    # Facts found at import, written into the response as the database's JSON text.
    Claim.objects.filter(pk=assigned.pk).update(
        kinds=["quantity", "attribution"],
        quantities=[
            {"value": 1_000_000.0, "unit": "dollars", "text": "1 million", "approx": False}
        ],
        attributions=[{"speaker": "Zoë Núñez", "content": "“a line\u2028break”", "start": 0}],
        dates=[{"text": "Nov. 8", "resolved": "2016-11-08", "granularity": None}],
    )
    return list(Claim.objects.order_by("id"))


def _plain(data) -> list[dict]:
    return json.loads(JSONRenderer().render(data))


def test_the_rows_give_what_the_serializer_gives(varied):
    rows = list(claim_list_rows(Claim.objects.order_by("id")))

    fast = _plain(claim_list_data(rows))
    slow = _plain(ClaimSerializer(varied, many=True).data)

    assert fast == slow
    origins = [claim["verdict_origin"] for claim in fast]
    assert origins == ["", "", "editor", "editor", "facts"]
    assert fast[3]["approved_by"]["username"] == "eddie"
    assert fast[4]["effective_verdict"]["name"] == "Mostly true"
    assert fast[1]["attributions"][0]["speaker"] == "Zoë Núñez"
    assert fast[1]["quantities"][0]["value"] == 1_000_000


def test_the_api_list_answers_with_the_serializers_json(as_reviewer, varied):
    body = as_reviewer.get("/api/claims/", {"min_score": "0"}).json()

    assert sorted(body["results"], key=lambda c: c["id"]) == _plain(
        ClaimSerializer(varied, many=True).data
    )


def test_a_search_with_few_matches_lists_them_the_same_way(as_reviewer, varied):
    body = as_reviewer.get("/api/claims/", {"min_score": "0", "q": "bridge 3"}).json()

    found = {c["id"]: c for c in body["results"]}
    assert found and all(claim["text"].count("bridge 3") for claim in found.values())
    expected = {c["id"]: c for c in _plain(ClaimSerializer(varied, many=True).data)}
    assert all(found[pk] == expected[pk] for pk in found)
