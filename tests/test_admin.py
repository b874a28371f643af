"""The admin as a reading screen: pages, lists, history. What it may write (nothing of a
review except through the services' actions) is in tests/test_write_paths.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from claims.models import Article, Claim, ClaimStatus
from claims.services import reviews
from claims.services.imports import import_job_create, import_job_run
from tests.test_reviews_support import rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_sample(client, sample_path: Path):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    job = import_job_create(files=[(sample_path.name, sample_path.read_bytes())])
    import_job_run(job_id=job.pk)
    return client


def test_the_article_page_lists_its_claims(admin_client_with_sample):
    article = Article.objects.get()

    response = admin_client_with_sample.get(f"/admin/claims/article/{article.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Breitbart News" in page
    first = article.claims.order_by("position").first()
    assert first.text[:40] in page


def test_the_claim_list_shows_claims_by_check_worthiness(admin_client_with_sample):
    response = admin_client_with_sample.get("/admin/claims/claim/")

    assert response.status_code == 200
    top = Claim.objects.order_by("-score").first()
    assert top.text[:40] in response.content.decode()


def test_the_import_job_page_shows_the_summary(admin_client_with_sample):
    response = admin_client_with_sample.get("/admin/claims/importjob/")

    assert response.status_code == 200
    assert "1 imported, 0 already present, 0 failed." in response.content.decode()


def test_the_admin_needs_a_login(client):
    response = client.get("/admin/claims/claim/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_claim_history_page_lists_each_workflow_step_with_who_took_it(
    admin_client_with_sample, reviewer
):
    claim = Claim.objects.order_by("-score").first()
    claim = reviews.verdict_record(
        claim_id=claim.pk,
        rating=rating("Mostly true"),
        rationale="The agency's figures agree.",
        by=reviewer,
        expected_version=claim.version,
    )
    reviews.claim_transition(
        claim_id=claim.pk,
        to_status=ClaimStatus.AWAITING_APPROVAL,
        by=reviewer,
        expected_version=claim.version,
    )

    response = admin_client_with_sample.get(f"/admin/claims/claim/{claim.pk}/history/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "verdict proposed: Mostly true" in page
    assert "submit for approval" in page
    assert reviewer.get_username() in page


def test_a_workflow_action_first_shows_the_selected_claims_as_they_are_now(
    admin_client_with_sample,
):
    claims = list(Claim.objects.order_by("-score")[:2])

    response = admin_client_with_sample.post(
        "/admin/claims/claim/",
        {"action": "step_dismiss", "_selected_action": [c.pk for c in claims], "index": 0},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dismiss: 2 claims" in page
    for claim in claims:
        assert f'name="version_{claim.pk}" value="{claim.version}"' in page
        assert claim.text[:40] in page
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.NEW}
