"""Import jobs through the services (in-process; the worker path is in tests/integration)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.models import Article, Claim, ImportJob, JobStatus
from claims.services.imports import ImportRequestError, import_job_create, import_job_run
from claims.services.jobs import MAX_ATTEMPTS, jobs_abandoned

pytestmark = pytest.mark.django_db


def _lease_ago() -> datetime:
    return timezone.now() - timedelta(seconds=settings.FACTCHECK_JOB_LEASE_SECONDS + 1)


def _counts(job: ImportJob) -> dict[str, int]:
    return {key: job.summary[key] for key in ("imported", "duplicates", "revisions", "failed")}


def _import(*files: tuple[str, bytes]) -> ImportJob:
    job = import_job_create(files=list(files))
    finished = import_job_run(job_id=job.pk)
    assert finished is not None
    return finished


def test_the_sample_is_stored_with_its_byline_metadata_and_anchored_claims(sample_path: Path):
    job = _import((sample_path.name, sample_path.read_bytes()))

    assert job.status == JobStatus.SUCCEEDED
    assert _counts(job) == {"imported": 1, "duplicates": 0, "revisions": 0, "failed": 0}
    article = Article.objects.get()
    assert article.published.isoformat() == "2019-08-08"
    assert article.author == "John Binder"
    assert article.outlet == "Breitbart News"
    assert article.text.startswith("About 300 of the 680")
    claims = list(article.claims.all())
    assert 14 <= len(claims) <= 30
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.score <= 1.0
    assert not any("Follow him on Twitter" in claim.text for claim in claims)
    results = set(article.checks.values_list("check_name", "result"))
    assert ("parts_sum_to_total", "consistent") in results
    assert ("whole_and_parts_disagree_on_reason", "needs_review") in results
    # A check's detail names its claims as the reader numbers them (from 1, in order).
    for check in article.checks.all():
        numbers = re.findall(r"\(claims? ([\d, ]+)\)\.$", check.detail)[0].split(", ")
        stored = sorted(claim.position + 1 for claim in check.claims.all())
        assert stored == [int(n) for n in numbers], check.detail


def test_importing_the_same_article_again_creates_nothing_new(sample_path: Path):
    _import((sample_path.name, sample_path.read_bytes()))
    claims_before = Claim.objects.count()

    again = _import(("copy.txt", sample_path.read_bytes()))

    assert _counts(again) == {"imported": 0, "duplicates": 1, "revisions": 0, "failed": 0}
    assert Article.objects.count() == 1
    assert Claim.objects.count() == claims_before


def test_a_bad_item_is_reported_while_the_good_ones_are_imported(sample_path: Path):
    job = _import((sample_path.name, sample_path.read_bytes()), ("empty.txt", b"   \n"))

    assert job.status == JobStatus.SUCCEEDED
    assert _counts(job) == {"imported": 1, "duplicates": 0, "revisions": 0, "failed": 1}
    assert [error["item"] for error in job.errors] == ["empty.txt"]
    assert "Traceback" not in job.errors[0]["message"]
    assert Article.objects.count() == 1


def test_a_finished_job_delivered_again_does_nothing(sample_path: Path):
    job = _import((sample_path.name, sample_path.read_bytes()))

    assert import_job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.attempts == 1
    assert Article.objects.count() == 1


def test_a_job_whose_worker_died_mid_way_finishes_on_the_next_delivery(sample_path: Path):
    job = _import((sample_path.name, sample_path.read_bytes()))
    # As if the worker was killed after storing the article but before finishing, and
    # its lease has run out since.
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, summary={}, heartbeat_at=_lease_ago()
    )

    rerun = import_job_run(job_id=job.pk)

    assert rerun is not None and rerun.status == JobStatus.SUCCEEDED
    assert _counts(rerun) == {"imported": 1, "duplicates": 0, "revisions": 0, "failed": 0}
    assert Article.objects.count() == 1


def test_a_second_delivery_while_the_job_runs_does_not_start_a_second_run():
    job = import_job_create(files=[("a.txt", b"Some text.")])
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )

    assert import_job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)


def test_jobs_whose_worker_went_quiet_are_listed_for_a_new_message():
    alive = import_job_create(files=[("a.txt", b"One.")])
    dead = import_job_create(files=[("b.txt", b"Two.")])
    fresh_pending = import_job_create(files=[("c.txt", b"Three.")])
    ImportJob.objects.filter(pk=alive.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now()
    )
    ImportJob.objects.filter(pk=dead.pk).update(status=JobStatus.RUNNING, heartbeat_at=_lease_ago())

    assert jobs_abandoned(ImportJob) == [dead.pk]
    assert fresh_pending.pk not in jobs_abandoned(ImportJob)


def test_a_job_that_keeps_killing_its_worker_is_failed_not_retried_forever():
    job = import_job_create(files=[("a.txt", b"Some text.")])
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=MAX_ATTEMPTS, heartbeat_at=_lease_ago()
    )

    assert import_job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "attempts" in job.message


def test_an_import_with_nothing_to_import_is_refused():
    with pytest.raises(ImportRequestError, match="Nothing to import"):
        import_job_create()


def test_an_unknown_format_is_refused_naming_the_choices():
    with pytest.raises(ImportRequestError, match="Unknown format 'docx'"):
        import_job_create(files=[("a.docx", b"x")], format="docx")


def test_a_url_that_is_not_http_is_refused():
    with pytest.raises(ImportRequestError, match="not an http"):
        import_job_create(urls=["file:///etc/passwd"])


def test_the_command_imports_in_process_with_sync(sample_path: Path, capsys):
    call_command("import_articles", str(sample_path), "--sync")

    assert "1 imported, 0 already present, 0 failed" in capsys.readouterr().out
    assert Article.objects.count() == 1


def test_the_command_names_a_path_that_does_not_exist(tmp_path: Path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_articles", str(tmp_path / "missing.txt"), "--sync")


def test_a_large_batch_is_stored_whole_with_its_claims_and_checks():
    from bench.newsgen import jsonl

    job = _import(("batch.jsonl", jsonl(12, seed=5)))

    assert _counts(job) == {"imported": 12, "duplicates": 0, "revisions": 0, "failed": 0}
    claims = list(Claim.objects.select_related("article"))
    assert len(claims) > 100  # enough rows for the COPY path on PostgreSQL
    for claim in claims:
        assert claim.article.text[claim.start : claim.end] == claim.text
        assert claim.article.text[: claim.start].endswith(claim.quote_prefix)
        assert all(isinstance(q, dict) and "value" in q for q in claim.quantities)
        assert isinstance(claim.kinds, list)
    checked = Claim.objects.filter(checks__isnull=False).select_related("article")
    assert checked.exists()
    for claim in checked:
        assert all(check.article_id == claim.article_id for check in claim.checks.all())
