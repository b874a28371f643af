"""Import and export jobs: 202 with the job, its progress, and the download."""

from __future__ import annotations

import json

import pytest

from claims.models import ClaimStatus, ExportJob, ImportJob, JobStatus
from claims.services.exports import export_job_run
from claims.services.imports import import_job_run
from claims.services.reviews import claim_transition, verdict_record
from tests.test_reviews_support import rating

pytestmark = pytest.mark.django_db


def test_uploading_a_file_answers_202_with_the_job_and_queues_it(
    as_reviewer, reviewer, sample_path, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("claims.tasks.run_import.delay", queued.append)
    with sample_path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = as_reviewer.post("/api/import-jobs/", {"files": [handle]}, format="multipart")

    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["status"] == "pending" and job["files"] == [sample_path.name]
    assert response.headers["Location"].endswith(f"/api/import-jobs/{job['id']}/")
    assert queued == [job["id"]]
    assert ImportJob.objects.get(pk=job["id"]).requested_by == reviewer


def test_an_import_job_shows_its_progress_and_per_item_errors(as_reviewer, reviewer):
    response = as_reviewer.post(
        "/api/import-jobs/",
        {"urls": ["https://example.invalid/nothing-here"]},
        format="json",
    )
    job_id = response.json()["id"]
    import_job_run(job_id=job_id)

    job = as_reviewer.get(f"/api/import-jobs/{job_id}/").json()

    assert job["status"] == "succeeded" and job["finished"] is True
    assert job["summary"]["failed"] == 1
    assert job["errors"][0]["item"] == "https://example.invalid/nothing-here"


def test_an_import_by_json_without_urls_is_a_400(as_reviewer, db):
    response = as_reviewer.post("/api/import-jobs/", {"format": "txt"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["details"]["urls"] == [
        "Give at least one URL; files are uploaded as multipart/form-data."
    ]
    assert not ImportJob.objects.exists()


def test_an_import_form_without_files_is_a_400(as_reviewer, db):
    response = as_reviewer.post(
        "/api/import-jobs/", {"urls": ["https://example.org/a"]}, format="multipart"
    )

    assert response.status_code == 400
    assert "files" in response.json()["error"]["details"]
    assert not ImportJob.objects.exists()


def test_an_import_of_a_url_that_is_not_http_is_a_400(as_reviewer, db):
    response = as_reviewer.post(
        "/api/import-jobs/", {"urls": ["ftp://example.org/a"]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["details"]["urls"] == {"0": ["Enter a valid http(s) URL."]}


def test_an_export_answers_202_and_offers_the_file_once_done(as_editor, reviewer, editor, claim):
    verdict_record(
        claim_id=claim.pk, rating=rating("False"), rationale="No.", by=reviewer, expected_version=1
    )
    claim_transition(
        claim_id=claim.pk, to_status=ClaimStatus.AWAITING_APPROVAL, by=reviewer, expected_version=2
    )
    claim_transition(
        claim_id=claim.pk, to_status=ClaimStatus.APPROVED, by=editor, expected_version=3
    )
    # ClaimReview lists published claims (their public pages are its urls).
    claim_transition(
        claim_id=claim.pk, to_status=ClaimStatus.PUBLISHED, by=editor, expected_version=4
    )

    created = as_editor.post("/api/export-jobs/", {"format": "claimreview"}, format="json")
    assert created.status_code == 202, created.json()
    assert created.json()["download_url"] is None
    job_id = created.json()["id"]
    export_job_run(job_id=job_id)

    job = as_editor.get(f"/api/export-jobs/{job_id}/").json()
    download = as_editor.get(job["download_url"], HTTP_ACCEPT="text/csv")

    assert job["status"] == "succeeded"
    assert download.status_code == 200
    assert download["Content-Type"] == "application/ld+json"
    document = json.loads(b"".join(download.streaming_content))
    assert claim.text in json.dumps(document)


def test_an_unfinished_export_has_no_file_yet_and_says_so_with_409(as_editor, editor):
    job = ExportJob.objects.create(format="csv", requested_by=editor)

    response = as_editor.get(f"/api/export-jobs/{job.pk}/download/")

    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "This export is waiting for a worker; download it once it has finished."
    )


def test_a_failed_export_has_no_file_and_never_will_410(as_editor, editor):
    job = ExportJob.objects.create(format="csv", requested_by=editor, status=JobStatus.FAILED)

    response = as_editor.get(f"/api/export-jobs/{job.pk}/download/")

    assert response.status_code == 410
    assert response.json()["error"]["code"] == "gone"


def test_an_export_with_an_unknown_format_is_a_400(as_editor, db):
    response = as_editor.post("/api/export-jobs/", {"format": "docx"}, format="json")

    assert response.status_code == 400
    assert "format" in response.json()["error"]["details"]
    assert not ExportJob.objects.exists()


def test_an_export_whose_dates_are_the_wrong_way_round_is_a_422(as_editor, db):
    response = as_editor.post(
        "/api/export-jobs/",
        {"format": "csv", "filters": {"date_from": "2020-02-01", "date_to": "2020-01-01"}},
        format="json",
    )

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid_request",
        "message": "The start date is after the end date.",
        "details": {},
    }
    assert not ExportJob.objects.exists()


def test_export_jobs_keep_their_filters(as_editor, db):
    response = as_editor.post(
        "/api/export-jobs/",
        {"format": "csv", "filters": {"statuses": ["approved"], "outlet": "Daily Planet"}},
        format="json",
    )

    assert response.json()["filters"] == {"statuses": ["approved"], "outlet": "Daily Planet"}
    assert ExportJob.objects.get().status == JobStatus.PENDING
