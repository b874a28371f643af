"""Matches in the workbench: review page, reader flags, queue filters, verdict reuse."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Rating
from claims.services import matching, reviews

from .test_matching_service import CLAIMREVIEW, RAID, UNRELATED, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


def claim(fragment: str) -> Claim:
    return Claim.objects.get(text__contains=fragment)


def test_the_review_page_shows_other_outlets_with_agreeing_and_differing_figures(as_reviewer):
    run_import(*RAID, *UNRELATED)
    page = as_reviewer.get(reverse("claims:claim", args=[claim("agents arrested 680").pk]))
    html = page.content.decode()
    section = html[html.index('id="also-reported"') : html.index('id="already-checked"')]
    assert "Delta Ledger" in section and "Pine Belt Dispatch" in section
    assert "700 vs 680" not in section  # the query side is this claim
    assert "680 vs 700 arrest: <strong>agrees</strong>" in section
    assert "680 vs 600 arrest: <strong>differs</strong>" in section
    assert "Iberia Sports Wire" not in section and "Lakeshore" not in section


def test_the_reader_marks_claims_reported_elsewhere_and_differing(as_reviewer):
    run_import(*RAID, *UNRELATED)
    gulf = claim("agents arrested 680").article
    html = as_reviewer.get(reverse("claims:article", args=[gulf.pk])).content.decode()
    assert "figures differ" in html
    assert "m-differ" in html
    madrid = claim("Police arrested 680 fans").article
    html = as_reviewer.get(reverse("claims:article", args=[madrid.pk])).content.decode()
    assert "m-reported" not in html and "flag-reported" not in html


def test_the_queue_filters_figures_that_differ_and_already_checked(as_reviewer):
    matching.factchecks_import(data=json.dumps(CLAIMREVIEW).encode(), name="cr.json")
    run_import(*RAID, *UNRELATED)
    differ = as_reviewer.get(reverse("claims:queue") + "?matches=differ").content.decode()
    assert claim("agents arrested 680").text[:60] in differ
    assert "Police arrested 680 fans" not in differ
    checked = as_reviewer.get(reverse("claims:queue") + "?matches=checked").content.decode()
    assert claim("agents arrested 680").text[:60] in checked
    assert "Police arrested 680 fans" not in checked


def test_an_earlier_fact_check_is_copied_in_as_a_proposal_that_still_needs_approval(
    as_reviewer,
):
    matching.factchecks_import(data=json.dumps(CLAIMREVIEW).encode(), name="cr.json")
    run_import("gulf-courier-raid.txt")
    target = claim("agents arrested 680")
    html = as_reviewer.get(reverse("claims:claim", args=[target.pk])).content.decode()
    assert "Example Checks" in html and "ICE&#x27;s own release gives 680." in html
    match = target.matches.get(fact_check__isnull=False)
    response = as_reviewer.post(
        reverse("claims:reuse_verdict", args=[target.pk]),
        {"match": match.pk, "version": target.version},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.verdict.name == "True"
    assert target.status == ClaimStatus.IN_REVIEW
    assert "Reused from an earlier fact-check" in target.rationale


def test_reusing_a_desk_verdict_needs_it_to_be_approved(as_reviewer, reviewer, editor):
    run_import(*RAID)
    source, target = claim("agents arrested 680"), claim("Nearly 700 workers")
    match = target.matches.get(other=source)
    with pytest.raises(reviews.ReviewError, match="no approved verdict"):
        reviews.verdict_reuse(
            claim_id=target.pk, match_id=match.pk, by=reviewer, expected_version=target.version
        )
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
    html = as_reviewer.get(reverse("claims:claim", args=[target.pk])).content.decode()
    checked = html[html.index('id="already-checked"') : html.index('id="evidence"')]
    assert "Mostly true" in checked and "ICE said 680." in checked
    reused = reviews.verdict_reuse(
        claim_id=target.pk, match_id=match.pk, by=reviewer, expected_version=target.version
    )
    assert reused.verdict == rating and reused.approved_by is None


def test_a_match_of_another_claim_cannot_be_reused_here(as_reviewer, reviewer):
    run_import(*RAID)
    a, b = claim("agents arrested 680"), claim("Nearly 700 workers")
    foreign = a.matches.first()
    with pytest.raises(reviews.ReviewError, match="not a match of this claim"):
        reviews.verdict_reuse(
            claim_id=b.pk, match_id=foreign.pk, by=reviewer, expected_version=b.version
        )
