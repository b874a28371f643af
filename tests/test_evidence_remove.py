"""Evidence added by mistake can be taken back, through the service only, while the
claim is open; the history keeps what was removed, by whom."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Evidence
from claims.services.reviews import (
    ReviewError,
    ReviewNotAllowed,
    TransitionRefused,
    evidence_add,
    evidence_remove,
)
from tests.test_reviews import proposed
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import article_with_claims

pytestmark = pytest.mark.django_db


def _evidence(claim: Claim, by) -> Evidence:
    return evidence_add(
        claim_id=claim.pk, by=by, stance="refutes", url="https://example.org/budget", quote="Q."
    )


def test_a_reviewer_removes_evidence_and_the_history_keeps_it(claim, reviewer, second_reviewer):
    evidence = _evidence(claim, reviewer)

    evidence_remove(evidence_id=evidence.pk, claim_id=claim.pk, by=second_reviewer)

    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    removal = Evidence.history.filter(id=evidence.pk).latest("history_date")
    assert removal.history_type == "-"
    assert removal.history_user == second_reviewer
    assert removal.quote == "Q."


def test_someone_without_the_review_role_cannot_remove_evidence(claim, reviewer, outsider):
    evidence = _evidence(claim, reviewer)

    with pytest.raises(ReviewNotAllowed):
        evidence_remove(evidence_id=evidence.pk, claim_id=claim.pk, by=outsider)

    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_of_a_claim_awaiting_approval_stays(claim, reviewer):
    evidence = _evidence(claim, reviewer)
    proposed(claim, reviewer)

    with pytest.raises(TransitionRefused, match="awaiting approval"):
        evidence_remove(evidence_id=evidence.pk, claim_id=claim.pk, by=reviewer)

    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_is_removed_only_from_the_claim_it_is_on(reviewer):
    first, second = article_with_claims(2).claims.order_by("pk")
    evidence = _evidence(first, reviewer)

    with pytest.raises(ReviewError, match="not on this claim"):
        evidence_remove(evidence_id=evidence.pk, claim_id=second.pk, by=reviewer)

    assert Evidence.objects.filter(pk=evidence.pk).exists()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_review_page_offers_remove_and_it_removes(claim, reviewer):
    evidence = _evidence(claim, reviewer)
    client = _client(reviewer)
    url = reverse("claims:evidence_remove", args=[claim.pk, evidence.pk])

    assert url in client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert "Evidence removed." in client.get(response["Location"]).content.decode()


def test_remove_is_refused_on_a_closed_claim_with_a_readable_message(claim, reviewer):
    evidence = _evidence(claim, reviewer)
    claim = proposed(claim, reviewer)
    assert claim.status == ClaimStatus.AWAITING_APPROVAL
    client = _client(reviewer)

    page = client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
    response = client.post(reverse("claims:evidence_remove", args=[claim.pk, evidence.pk]))

    assert reverse("claims:evidence_remove", args=[claim.pk, evidence.pk]) not in page
    assert response.status_code == 400
    assert "Evidence can be removed while a claim is new or in review" in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_remove_answers_only_to_post(claim, reviewer):
    evidence = _evidence(claim, reviewer)

    response = _client(reviewer).get(
        reverse("claims:evidence_remove", args=[claim.pk, evidence.pk])
    )

    assert response.status_code == 405
    assert Evidence.objects.filter(pk=evidence.pk).exists()
