"""The verdict library screen: editors add earlier fact-checks from a file or a page."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.importers.fetch import FetchedDocument, FetchError
from claims.models import FactCheck, FactCheckImportJob, JobStatus
from claims.services import library_jobs

from .test_matching_service import CLAIMREVIEW, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def worker(monkeypatch):
    """Runs each queued fact-check job at once, as the worker would (after the commit)."""
    ran: list[int] = []

    def run(job_id: int) -> None:
        ran.append(job_id)
        library_jobs.factcheck_job_run(job_id=job_id)

    monkeypatch.setattr("claims.tasks.run_factcheck_import.delay", run)
    return ran


def post(client, capture, fields: dict):
    """The form sent; the job queued after the commit; then its page, as the editor sees it
    once the worker is done."""
    with capture(execute=True):
        response = client.post(reverse("claims:library"), fields)
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


def upload(client, capture, name: str, data: bytes, **fields):
    return post(client, capture, {"file": SimpleUploadedFile(name, data), **fields})


def outcome(response) -> dict[str, str]:
    html = response.content.decode()
    return {
        key: html.split(f'id="outcome-{key}">', 1)[1].split("<", 1)[0]
        for key in ("imported", "present", "failed", "checked")
    }


def test_only_editors_see_the_screen_and_its_link(as_reviewer, client, editor):
    page = as_reviewer.get(reverse("claims:queue")).content.decode()
    assert reverse("claims:library") not in page
    assert as_reviewer.get(reverse("claims:library")).status_code == 403
    client.force_login(editor)
    assert reverse("claims:library") in client.get(reverse("claims:queue")).content.decode()
    assert client.get(reverse("claims:library")).status_code == 200


def test_valid_items_import_while_each_bad_one_is_named(
    as_editor, worker, django_capture_on_commit_callbacks
):
    response = upload(
        as_editor,
        django_capture_on_commit_callbacks,
        "checks.json",
        json.dumps(CLAIMREVIEW).encode(),
    )
    job = FactCheckImportJob.objects.get()
    assert worker == [job.pk] and job.status == JobStatus.SUCCEEDED
    assert outcome(response) == {"imported": "1", "present": "0", "failed": "2", "checked": "0"}
    html = response.content.decode()
    assert 'id="job-status">Finished with errors<' in html
    assert "no claimReviewed" in html
    assert "&#x27;Four wibbles&#x27; is not one we know" in html
    assert FactCheck.objects.count() == 1


def test_a_malformed_file_is_one_readable_error_and_imports_nothing(
    as_editor, worker, django_capture_on_commit_callbacks
):
    response = upload(
        as_editor, django_capture_on_commit_callbacks, "broken.json", b'{"@type": "ClaimReview", '
    )
    assert outcome(response)["imported"] == "0"
    assert "malformed JSON-LD" in response.content.decode()
    assert not FactCheck.objects.exists()


def test_importing_the_same_file_again_counts_it_as_already_present(
    as_editor, worker, django_capture_on_commit_callbacks
):
    data = json.dumps(CLAIMREVIEW).encode()
    upload(as_editor, django_capture_on_commit_callbacks, "checks.json", data)
    again = upload(as_editor, django_capture_on_commit_callbacks, "checks.json", data)
    assert outcome(again)["imported"] == "0" and outcome(again)["present"] == "1"
    assert FactCheck.objects.count() == 1


def test_claims_on_the_workbench_are_found_already_checked(
    as_editor, worker, django_capture_on_commit_callbacks
):
    run_import("gulf-courier-raid.txt")
    response = upload(
        as_editor,
        django_capture_on_commit_callbacks,
        "checks.json",
        json.dumps(CLAIMREVIEW).encode(),
    )
    assert outcome(response)["checked"] == "1"
    assert "?matches=checked" in response.content.decode()


def test_a_clef_and_a_liar_file_import_with_their_bad_lines_named(
    as_editor, worker, django_capture_on_commit_callbacks
):
    clef = (
        "vclaim_id\tvclaim\ttitle\n"
        "vclaim-ex-1\tA town council banned umbrellas on Tuesdays.\tUmbrella ban?\n"
        "vclaim-ex-2\t\tNo claim here\n"
    )
    liar = (
        "ex-1.json\tfalse\tThe bridge cost 12 billion dollars.\tbudget\tjane-roe\n"
        "ex-2.json\twibbly\tThe river is 40 miles long.\tgeography\tjohn-doe\n"
    )
    first = upload(
        as_editor, django_capture_on_commit_callbacks, "verified.tsv", clef.encode(), format="clef"
    )
    second = upload(
        as_editor, django_capture_on_commit_callbacks, "liar.tsv", liar.encode(), format="liar"
    )
    assert outcome(first)["imported"] == "1" and "verified.tsv, line 3" in first.content.decode()
    assert outcome(second)["imported"] == "1"
    assert "&#x27;wibbly&#x27; is not a LIAR verdict" in second.content.decode()
    assert set(FactCheck.objects.values_list("source_format", flat=True)) == {"clef", "liar"}


def test_a_page_is_fetched_by_the_worker_with_the_guarded_fetcher(
    as_editor, worker, monkeypatch, django_capture_on_commit_callbacks
):
    page = (
        "<html><head><script type='application/ld+json'>"
        + json.dumps(CLAIMREVIEW["@graph"][0])
        + "</script></head><body>A check.</body></html>"
    ).encode()
    asked: list[str] = []

    def fetch(url: str, **limits):
        asked.append(url)
        assert limits["max_bytes"] > 0 and limits["deadline"] > 0
        return FetchedDocument(url=url, data=page, content_type="text/html")

    monkeypatch.setattr("claims.services.library_jobs.url_fetch.fetch_url", fetch)
    response = post(
        as_editor, django_capture_on_commit_callbacks, {"url": "https://checks.example/p"}
    )
    assert asked == ["https://checks.example/p"]
    assert outcome(response)["imported"] == "1"


def test_a_page_that_cannot_be_fetched_is_an_error_with_its_address(
    as_editor, worker, monkeypatch, django_capture_on_commit_callbacks
):
    def fetch(url: str, **limits):
        raise FetchError("The address points to a private network; it was not fetched.")

    monkeypatch.setattr("claims.services.library_jobs.url_fetch.fetch_url", fetch)
    response = post(
        as_editor, django_capture_on_commit_callbacks, {"url": "http://10.0.0.1/checks"}
    )
    html = response.content.decode()
    assert "http://10.0.0.1/checks</strong>: The address points to a private network" in html
    assert outcome(response)["imported"] == "0"


def test_nothing_both_or_a_bad_address_is_refused_without_a_job(as_editor, worker):
    empty = as_editor.post(reverse("claims:library"), {"url": ""})
    assert "Choose a file or give the address of a page." in empty.content.decode()
    both = as_editor.post(
        reverse("claims:library"),
        {"url": "https://checks.example/p", "file": SimpleUploadedFile("a.json", b"{}")},
    )
    assert "not both" in both.content.decode()
    ftp = as_editor.post(reverse("claims:library"), {"url": "ftp://checks.example/p"})
    assert "is not an http or https address" in ftp.content.decode()
    assert not FactCheckImportJob.objects.exists() and worker == []


def test_the_job_runs_in_the_worker_not_in_the_request(
    as_editor, monkeypatch, django_capture_on_commit_callbacks
):
    queued: list[int] = []
    monkeypatch.setattr("claims.tasks.run_factcheck_import.delay", queued.append)
    response = upload(
        as_editor,
        django_capture_on_commit_callbacks,
        "checks.json",
        json.dumps(CLAIMREVIEW).encode(),
    )
    job = FactCheckImportJob.objects.get()
    assert queued == [job.pk] and job.status == JobStatus.PENDING
    assert not FactCheck.objects.exists()
    assert "refreshes until the worker is done" in response.content.decode()


def test_an_abandoned_fact_check_import_is_sent_again_and_finished(monkeypatch):
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from claims import tasks
    from claims.services.jobs import job_claim
    from factcheck.celery import app

    job = library_jobs.factcheck_job_create(data=json.dumps(CLAIMREVIEW).encode(), name="c.json")
    assert job_claim(FactCheckImportJob, job_id=job.pk) is not None  # its worker then died
    lease_ago = timezone.now() - timedelta(seconds=settings.FACTCHECK_JOB_LEASE_SECONDS + 5)
    FactCheckImportJob.objects.filter(pk=job.pk).update(heartbeat_at=lease_ago)
    monkeypatch.setitem(app.conf, "task_always_eager", True)

    tasks.requeue_abandoned_factcheck_imports.apply()

    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)
    assert job.summary["imported"] == 1 and FactCheck.objects.count() == 1
