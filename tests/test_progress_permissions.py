"""Who may read a job's progress: one endpoint per kind of job, each behind the rule of
its own pages. Export progress (status, message, errors) is for editors only, as every
export page; import progress follows the import job page."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from claims.models import ExportJob, ImportJob, JobStatus
from claims.services.exports import export_job_create
from claims.services.jobs import job_claim, job_fail

pytestmark = pytest.mark.django_db

SECRET_MESSAGE = "Export of the budget investigation failed: disk full"
SECRET_ERROR = "claim 7: the embargoed source could not be written"


@pytest.fixture
def editors_export(editor):
    created = export_job_create(format="csv", requested_by=editor)
    job = job_claim(ExportJob, job_id=created.pk)  # as a worker would, before failing it
    job_fail(job, message=SECRET_MESSAGE, errors=[{"item": "claim 7", "message": SECRET_ERROR}])
    job.refresh_from_db()
    return job


@pytest.fixture
def running_export(editor):
    return export_job_create(format="csv", requested_by=editor)


@pytest.fixture
def reviewers_import(second_reviewer):
    return ImportJob.objects.create(
        requested_by=second_reviewer,
        status=JobStatus.FAILED,
        total=2,
        done=2,
        message="1 imported, 1 failed",
        errors=[{"item": "notes.pdf", "message": "PDF files cannot be imported."}],
    )


def export_progress(job) -> str:
    return reverse("exports:job_json", args=[job.pk])


def import_progress(job) -> str:
    return reverse("claims:import_job_json", args=[job.pk])


# --- Export progress -------------------------------------------------------------------


def test_an_editor_reads_the_export_progress_with_its_status_and_message(
    client, second_editor, editors_export
):
    client.force_login(second_editor)
    response = client.get(export_progress(editors_export))

    assert response.status_code == 200
    state = response.json()
    assert state["status"] == JobStatus.FAILED
    assert state["message"] == SECRET_MESSAGE


def test_a_superuser_reads_the_export_progress(client, admin_user, editors_export):
    client.force_login(admin_user)
    assert client.get(export_progress(editors_export)).status_code == 200


def test_a_reviewer_gets_not_found_for_an_editors_export_progress(client, reviewer, editors_export):
    client.force_login(reviewer)
    response = client.get(export_progress(editors_export))

    assert response.status_code == 404
    assert SECRET_MESSAGE not in response.content.decode()


def test_the_export_progress_answers_a_reviewer_as_the_export_page_does(
    client, reviewer, editors_export
):
    client.force_login(reviewer)
    page = client.get(reverse("exports:job", args=[editors_export.pk]))
    progress = client.get(export_progress(editors_export))
    missing = client.get(reverse("exports:job_json", args=[editors_export.pk + 1000]))

    # Same answer for an export that exists and one that does not: nothing is revealed.
    assert page.status_code == progress.status_code == missing.status_code == 404


def test_a_user_without_a_role_gets_not_found_for_export_progress(client, outsider, editors_export):
    client.force_login(outsider)
    assert client.get(export_progress(editors_export)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_for_export_progress(client, editors_export):
    response = client.get(export_progress(editors_export))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_workbench_has_no_second_progress_endpoint_for_exports(
    client, reviewer, editors_export
):
    # The workbench once answered /workbench/exports/<id>/progress.json to any reviewer,
    # with the editor's message and errors.
    client.force_login(reviewer)
    response = client.get(f"/workbench/exports/{editors_export.pk}/progress.json")

    assert response.status_code == 404
    assert SECRET_MESSAGE not in response.content.decode()
    with pytest.raises(NoReverseMatch):
        reverse("claims:export_job_json", args=[editors_export.pk])


def test_the_import_progress_endpoint_does_not_answer_for_an_export_job(
    client, reviewer, editors_export
):
    client.force_login(reviewer)
    assert not ImportJob.objects.filter(pk=editors_export.pk).exists()

    response = client.get(reverse("claims:import_job_json", args=[editors_export.pk]))

    assert response.status_code == 404
    assert SECRET_MESSAGE not in response.content.decode()


# --- The dashboard's job list ----------------------------------------------------------


def test_the_dashboard_hides_export_jobs_from_a_reviewer(client, reviewer, running_export):
    client.force_login(reviewer)
    page = client.get(reverse("claims:dashboard")).content.decode()

    assert f"Export #{running_export.pk}" not in page
    assert export_progress(running_export) not in page


def test_the_dashboard_shows_export_jobs_to_an_editor_polling_the_export_endpoint(
    client, second_editor, running_export
):
    client.force_login(second_editor)
    page = client.get(reverse("claims:dashboard")).content.decode()

    assert f"Export #{running_export.pk}" in page
    # exports.js polls it (the download link appears when the export ends).
    assert f'data-export-progress-url="{export_progress(running_export)}"' in page


def test_the_dashboard_polls_import_jobs_on_the_import_endpoint(client, reviewer, second_reviewer):
    job = ImportJob.objects.create(requested_by=second_reviewer, status=JobStatus.RUNNING)
    client.force_login(reviewer)
    page = client.get(reverse("claims:dashboard")).content.decode()

    assert f'data-progress-url="{import_progress(job)}"' in page


# --- Import progress: the import job page's rule ------------------------------------------


def test_a_reviewer_reads_another_reviewers_import_progress_as_on_its_page(
    client, reviewer, reviewers_import
):
    client.force_login(reviewer)
    page = client.get(reverse("claims:import_job", args=[reviewers_import.pk]))
    response = client.get(import_progress(reviewers_import))

    assert page.status_code == response.status_code == 200
    state = response.json()
    assert state["status"] == JobStatus.FAILED
    assert state["errors"] == [{"item": "notes.pdf", "message": "PDF files cannot be imported."}]


def test_an_editor_reads_import_progress(client, editor, reviewers_import):
    client.force_login(editor)
    assert client.get(import_progress(reviewers_import)).status_code == 200


def test_a_user_without_a_role_is_refused_import_progress_as_the_import_page(
    client, outsider, reviewers_import
):
    client.force_login(outsider)
    page = client.get(reverse("claims:import_job", args=[reviewers_import.pk]))
    response = client.get(import_progress(reviewers_import))

    assert page.status_code == response.status_code == 403
    assert "PDF files cannot be imported." not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in_for_import_progress(client, reviewers_import):
    response = client.get(import_progress(reviewers_import))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("claims:login"))


def test_import_progress_of_a_missing_job_is_not_found(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("claims:import_job_json", args=[999_999])).status_code == 404
