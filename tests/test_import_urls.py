"""Import jobs that fetch URLs (a local server stands in for the outside web)."""

from __future__ import annotations

import pytest

from claims.models import Article
from claims.services.imports import import_job_create, import_job_run
from tests.importers.test_fetch import server  # noqa: F401  (the local server fixture)

pytestmark = pytest.mark.django_db


def test_a_url_is_fetched_by_the_job_and_its_page_imported(server, settings):  # noqa: F811
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    job = import_job_create(urls=[f"{server}/hop"])

    job = import_job_run(job_id=job.pk)

    assert job.summary["imported"] == 1, job.errors
    article = Article.objects.get()
    assert article.source_item.endswith("/page")
    assert article.claims.exists()
    assert "<" not in article.text


def test_a_loopback_url_is_refused_unless_the_setting_allows_it(server, settings):  # noqa: F811
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = False
    job = import_job_create(urls=[f"{server}/page"])

    job = import_job_run(job_id=job.pk)

    assert job.summary == {**job.summary, "imported": 0, "failed": 1}
    assert job.errors[0]["item"] == f"{server}/page"
    assert "private" in job.errors[0]["message"] or "loopback" in job.errors[0]["message"]
    assert not Article.objects.exists()
