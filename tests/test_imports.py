"""Import jobs through the services (in-process; the worker path is in tests/integration)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article, Claim, ImportJob, JobStatus
from claims.services.imports import ImportRequestError, import_job_create, import_job_run
from claims.services.jobs import MAX_ATTEMPTS

pytestmark = pytest.mark.django_db


def _import(*files: tuple[str, bytes]) -> ImportJob:
    job = import_job_create(files=list(files))
    finished = import_job_run(job_id=job.pk)
    assert finished is not None
    return finished


def test_the_sample_is_stored_with_its_byline_metadata_and_anchored_claims(sample_path: Path):
    job = _import((sample_path.name, sample_path.read_bytes()))

    assert job.status == JobStatus.SUCCEEDED
    assert job.summary == {"imported": 1, "duplicates": 0, "failed": 0}
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


def test_importing_the_same_article_again_creates_nothing_new(sample_path: Path):
    _import((sample_path.name, sample_path.read_bytes()))
    claims_before = Claim.objects.count()

    again = _import(("copy.txt", sample_path.read_bytes()))

    assert again.summary == {"imported": 0, "duplicates": 1, "failed": 0}
    assert Article.objects.count() == 1
    assert Claim.objects.count() == claims_before


def test_a_bad_item_is_reported_while_the_good_ones_are_imported(sample_path: Path):
    job = _import((sample_path.name, sample_path.read_bytes()), ("empty.txt", b"   \n"))

    assert job.status == JobStatus.SUCCEEDED
    assert job.summary == {"imported": 1, "duplicates": 0, "failed": 1}
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
    # As if the worker was killed after storing the article but before finishing.
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, summary={})

    rerun = import_job_run(job_id=job.pk)

    assert rerun is not None and rerun.status == JobStatus.SUCCEEDED
    assert rerun.summary == {"imported": 1, "duplicates": 0, "failed": 0}
    assert Article.objects.count() == 1


def test_a_job_that_keeps_killing_its_worker_is_failed_not_retried_forever():
    job = import_job_create(files=[("a.txt", b"Some text.")])
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=MAX_ATTEMPTS)

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
