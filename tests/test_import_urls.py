"""Import jobs that fetch URLs (a local server stands in for the outside web)."""

from __future__ import annotations

import time

import pytest

from claims.models import Article
from claims.services.imports import import_job_create, import_job_run
from tests.importers._helpers import assert_readable
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


def test_a_url_whose_server_drips_its_body_fails_alone_at_the_deadline(server, settings):  # noqa: F811
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    settings.FACTCHECK_FETCH_DEADLINE_SECONDS = 2
    slow = f"{server}/drip-body"
    job = import_job_create(urls=[slow, f"{server}/page"])

    started = time.monotonic()
    job = import_job_run(job_id=job.pk)

    # The drip would last about 30 seconds; the job gives up on it after 2.
    assert time.monotonic() - started < 2 + 8
    assert (job.summary["imported"], job.summary["failed"]) == (1, 1), job.errors
    [error] = job.errors
    assert error["item"] == slow
    assert slow in error["message"] and "2-second" in error["message"]
    assert_readable(error["message"])
    assert Article.objects.get().source_item.endswith("/page")


def test_a_url_whose_server_drips_its_headers_fails_alone_at_the_deadline(server, settings):  # noqa: F811
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    settings.FACTCHECK_FETCH_DEADLINE_SECONDS = 2
    slow = f"{server}/drip-headers"
    job = import_job_create(urls=[f"{server}/page", slow])

    started = time.monotonic()
    job = import_job_run(job_id=job.pk)

    assert time.monotonic() - started < 2 + 8
    assert (job.summary["imported"], job.summary["failed"]) == (1, 1), job.errors
    assert job.errors[0]["item"] == slow and "took longer than" in job.errors[0]["message"]
