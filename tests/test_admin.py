from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from claims.models import Article, Claim
from claims.services.imports import import_job_create, import_job_run

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
