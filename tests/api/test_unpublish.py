"""Unpublishing through the API: editors retract a published verdict, saying why."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimStatus
from tests.test_exports_support import review

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(claim, reviewer, editor) -> Claim:
    return review(claim, reviewer=reviewer, editor=editor)


def unpublish(client, claim: Claim, data: dict):
    return client.post(
        f"/api/claims/{claim.pk}/unpublish/",
        data,
        format="json",
        HTTP_IF_MATCH=f'"{claim.version}"',
    )


def test_an_editor_unpublishes_a_verdict_back_to_review(as_editor, published):
    response = unpublish(as_editor, published, {"comment": "The agency corrected its figure."})

    assert response.status_code == 200, response.json()
    claim = Claim.objects.get(pk=published.pk)
    assert claim.status == ClaimStatus.IN_REVIEW and claim.approved_by is None
    assert response.json()["claim"]["status"] == "in_review"
    assert claim.comments.filter(text__contains="The agency corrected its figure.").exists()


def test_unpublishing_needs_a_reason(as_editor, published):
    response = unpublish(as_editor, published, {})

    assert response.status_code == 400
    assert Claim.objects.get(pk=published.pk).status == ClaimStatus.PUBLISHED


def test_a_reviewer_cannot_unpublish(as_reviewer, published):
    response = unpublish(as_reviewer, published, {"comment": "Wrong."})

    assert response.status_code == 403
    assert Claim.objects.get(pk=published.pk).status == ClaimStatus.PUBLISHED


def test_only_a_published_claim_can_be_unpublished(as_editor, claim):
    response = unpublish(as_editor, claim, {"comment": "Wrong."})

    assert response.status_code == 409
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.NEW
