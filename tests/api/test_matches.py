"""GET /api/claims/{id}/matches/: the review page's "also reported" and "already
checked", for scripts (issue 13)."""

from __future__ import annotations

import json

import pytest

from claims.models import Claim, Rating
from claims.services import matching, reviews
from tests.matching.test_matching_service import CLAIMREVIEW, RAID, UNRELATED, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_library_index():
    matching.library_reset()
    yield
    matching.library_reset()


def claim(fragment: str) -> Claim:
    return Claim.objects.get(text__contains=fragment)


def url(claim_id: int) -> str:
    return f"/api/claims/{claim_id}/matches/"


def test_other_outlets_come_with_their_article_figures_and_speakers(as_reviewer):
    run_import(*RAID, *UNRELATED)
    body = as_reviewer.get(url(claim("Brian Cox").pk)).json()
    reported = {m["article"]["outlet"]: m for m in body["also_reported"]}
    assert set(reported) == {"Gulf Courier"}
    link = reported["Gulf Courier"]
    assert link["text"].startswith("ICE spokesman Bryan Cox said that about 300")
    assert link["article"]["published"] is not None and link["article"]["title"]
    assert link["speakers"] == [{"query": "Brian Cox", "match": "Bryan Cox", "same": True}]
    assert [(f["query"]["value"], f["match"]["value"], f["agree"]) for f in link["figures"]] == [
        (270, 300, False)
    ]
    assert link["figures_differ"] is True
    assert 0 < link["score"] <= 1


def test_agreeing_figures_are_marked_as_agreeing(as_reviewer):
    run_import(*RAID)
    body = as_reviewer.get(url(claim("Federal immigration agents arrested 680").pk)).json()
    by_outlet = {m["article"]["outlet"]: m for m in body["also_reported"]}
    assert [f["agree"] for f in by_outlet["Delta Ledger"]["figures"]] == [True]
    assert by_outlet["Pine Belt Dispatch"]["figures_differ"] is True


def test_unrelated_stories_with_the_same_numbers_have_no_matches(as_reviewer):
    run_import(*RAID, *UNRELATED)
    for outlet in ("Iberia Sports Wire", "Lakeshore Business Journal"):
        for c in Claim.objects.filter(article__outlet=outlet):
            body = as_reviewer.get(url(c.pk)).json()
            assert body["also_reported"] == [], c.text


def test_an_imported_fact_check_is_listed_with_rating_rationale_who_and_when(as_reviewer):
    matching.factchecks_import(data=json.dumps(CLAIMREVIEW).encode(), name="cr.json")
    run_import("gulf-courier-raid.txt")
    body = as_reviewer.get(url(claim("Federal immigration agents arrested 680").pk)).json()
    [check] = body["already_checked"]
    assert check["kind"] == "fact_check" and check["claim"] is None
    assert check["rating"] == "True" and check["rating_value"] == 5
    assert check["rationale"] == "ICE's own release gives 680."
    assert check["url"] == "https://checks.example/raid-arrests"
    assert check["publisher"] == "Example Checks" and check["when"] == "2019-08-12"


def test_an_approved_desk_verdict_on_another_outlet_counts_as_already_checked(
    as_reviewer, reviewer, editor
):
    run_import(*RAID)
    source = claim("agents arrested 680")
    rating = Rating.objects.get(scale__is_active=True, name="Mostly true")
    c = reviews.verdict_record(
        claim_id=source.pk, rating=rating, rationale="ICE said 680.", by=reviewer,
        expected_version=source.version,
    )  # fmt: skip
    c = reviews.claim_transition(
        claim_id=c.pk, to_status="awaiting_approval", by=reviewer, expected_version=c.version
    )
    reviews.claim_transition(
        claim_id=c.pk, to_status="approved", by=editor, expected_version=c.version
    )
    body = as_reviewer.get(url(claim("Nearly 700 workers").pk)).json()
    [check] = body["already_checked"]
    assert check["kind"] == "desk_verdict" and check["claim"] == source.pk
    assert check["rating"] == "Mostly true" and check["rationale"] == "ICE said 680."
    assert check["author"] == "rita" and check["approved_by"] == "edna"
    assert check["publisher"] == "this desk" and check["when"]


def test_a_claim_nobody_else_reported_has_empty_lists(as_reviewer):
    run_import("gulf-courier-raid.txt")
    c = claim("Federal immigration agents arrested 680")
    assert as_reviewer.get(url(c.pk)).json() == {
        "claim": c.pk,
        "also_reported": [],
        "already_checked": [],
    }


def test_an_unknown_claim_is_404_in_the_one_error_shape(as_reviewer):
    response = as_reviewer.get(url(999999))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_matches_need_the_same_role_as_reading_a_claim(anonymous, as_outsider):
    run_import("gulf-courier-raid.txt")
    c = claim("Federal immigration agents arrested 680")
    assert anonymous.get(url(c.pk)).status_code == 401
    assert as_outsider.get(url(c.pk)).status_code == 403


def test_matches_are_in_the_schema_with_their_shape(as_reviewer):
    schema = as_reviewer.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/claims/{id}/matches/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(component["required"]) == {"claim", "also_reported", "already_checked"}


# --- GET /api/facts/{id}/matches/: the same, fact by fact ---------------------------------


def fact_url(fact_id: int) -> str:
    return f"/api/facts/{fact_id}/matches/"


def test_a_figure_fact_comes_with_the_same_figure_in_other_outlets(as_reviewer):
    from claims.models import Fact

    run_import(*RAID, "magnolia-herald-raid.txt", *UNRELATED)
    whole = Fact.objects.get(claim__article__outlet="Gulf Courier", text="about 300")
    body = as_reviewer.get(fact_url(whole.pk)).json()
    assert (body["fact"], body["claim"]) == (whole.pk, whole.claim_id)
    by_outlet = {r["article"]["outlet"]: r for r in body["also_reported"]}
    assert set(by_outlet) == {"Delta Ledger", "Magnolia Herald"}
    herald = by_outlet["Magnolia Herald"]
    assert herald["agree"] is True and herald["speaker"] is None
    assert [f["text"] for f in herald["facts"]] == ["about 30", "270"]
    assert herald["figure"]["match"]["parts"] == [30, 270]
    delta = by_outlet["Delta Ledger"]
    assert delta["agree"] is False
    assert (delta["figure"]["query"]["value"], delta["figure"]["match"]["value"]) == (300, 270)


def test_an_attribution_fact_comes_with_the_other_speakers(as_reviewer):
    from claims.models import Fact

    run_import(*RAID)
    cox = Fact.objects.get(claim__article__outlet="Delta Ledger", kind="attribution")
    body = as_reviewer.get(fact_url(cox.pk)).json()
    (gulf,) = body["also_reported"]
    assert gulf["speaker"] == {"query": "Brian Cox", "match": "Bryan Cox", "same": True}
    assert gulf["figure"] is None and gulf["facts"][0]["kind"] == "attribution"


def test_matches_of_an_unknown_fact_are_a_404(as_reviewer):
    response = as_reviewer.get(fact_url(999_999))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "No fact has this id." in json.dumps(response.json())


def test_fact_matches_need_the_same_role_as_reading_a_fact_and_are_in_the_schema(
    anonymous, as_outsider, as_reviewer
):
    from claims.models import Fact

    run_import("gulf-courier-raid.txt")
    f = Fact.objects.filter(kind="figure").first()
    assert anonymous.get(fact_url(f.pk)).status_code == 401
    assert as_outsider.get(fact_url(f.pk)).status_code == 403
    schema = as_reviewer.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/facts/{id}/matches/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(component["required"]) == {"fact", "claim", "also_reported", "already_checked"}
