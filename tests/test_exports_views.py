# ruff: noqa: F811
"""The export pages: form, job progress, download (editors only), article report, admin action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import ExportJob, JobStatus
from claims.selectors_export_jobs import DASHBOARD_FINISHED, DASHBOARD_RUNNING, recent_exports
from claims.services.exports import export_job_create, export_job_run

# The cast are fixtures imported from tests/test_exports_support.py; tests name them as arguments.
from tests.test_exports_support import desk, person  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_exports_support")]


@pytest.fixture
def finished_job(desk, editor) -> ExportJob:
    job = export_job_create(format="csv", requested_by=editor)
    return export_job_run(job_id=job.pk)


def _login(client, user):
    client.force_login(user)
    return client


def test_an_editor_downloads_the_file_as_an_attachment(client, editor, finished_job):
    response = _login(client, editor).get(f"/exports/{finished_job.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbfclaim_id,")
    assert b"The mayor said the bridge" in body


def test_a_superuser_downloads_too(client, finished_job):
    admin = person("ada", superuser=True)
    assert _login(client, admin).get(f"/exports/{finished_job.pk}/download/").status_code == 200


@pytest.mark.parametrize("who", ["reviewer", "outsider"])
def test_reviewers_and_outsiders_get_not_found(client, request, who, finished_job):
    user = request.getfixturevalue(who)
    response = _login(client, user).get(f"/exports/{finished_job.pk}/download/")
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, finished_job):
    response = client.get(f"/exports/{finished_job.pk}/download/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_expired_file_is_refused_with_a_clear_message(client, editor, finished_job):
    ExportJob.objects.filter(pk=finished_job.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = _login(client, editor).get(f"/exports/{finished_job.pk}/download/")

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_an_unfinished_job_has_nothing_to_download(client, editor, desk):
    job = export_job_create(format="csv")
    response = _login(client, editor).get(f"/exports/{job.pk}/download/")
    assert response.status_code == 410
    assert "not finished" in response.content.decode()


def test_the_exports_screen_creates_a_job_and_lists_it_with_live_progress(
    client, editor, desk, django_capture_on_commit_callbacks, monkeypatch
):
    queued: list[int] = []
    monkeypatch.setattr("claims.views.exports.run_export.delay", queued.append)
    _login(client, editor)
    assert client.get("/workbench/exports/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/workbench/exports/",
            {"format": "claimreview", "statuses": ["published"], "outlet": "Daily Planet"},
        )

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == "/workbench/exports/"
    assert job.format == "claimreview" and job.requested_by == editor
    assert job.filters == {"statuses": ["published"], "outlet": "Daily Planet"}
    assert queued == [job.pk]
    page = client.get("/workbench/exports/").content.decode()
    assert f"Export #{job.pk} started" in page
    assert f'data-export-progress-url="/exports/{job.pk}/progress.json"' in page


def test_the_exports_screen_is_the_workbench_s_and_refuses_reviewers_like_it(
    client, editor, reviewer
):
    page = _login(client, editor).get("/workbench/exports/").content.decode()
    assert 'href="/workbench/exports/">Exports</a>' in page  # the navigation entry
    assert "workbench.css" in page and 'id="export-form"' in page

    refused = _login(client, reviewer).get("/workbench/exports/")
    assert refused.status_code == 403
    assert "Your role does not allow this" in refused.content.decode()
    assert 'href="/workbench/exports/">Exports</a>' not in refused.content.decode()


def test_the_old_export_addresses_lead_to_the_workbench(client, editor, reviewer, finished_job):
    _login(client, editor)
    assert client.get("/exports/?format=json")["Location"] == "/workbench/exports/?format=json"
    job_page = client.get(f"/exports/{finished_job.pk}/")
    assert job_page["Location"] == f"/workbench/exports/{finished_job.pk}/"
    # For a reviewer the old job page answers as before: no such export.
    assert _login(client, reviewer).get(f"/exports/{finished_job.pk}/").status_code == 404
    assert client.get("/exports/", follow=True).status_code == 403


def test_the_job_page_polls_its_progress_as_json(client, editor, finished_job):
    _login(client, editor)
    page = client.get(f"/workbench/exports/{finished_job.pk}/")
    assert page.status_code == 200
    assert f'href="/exports/{finished_job.pk}/download/"' in page.content.decode()

    state = client.get(f"/exports/{finished_job.pk}/progress.json").json()
    assert state["status"] == JobStatus.SUCCEEDED
    assert (state["done"], state["total"], state["percent"]) == (4, 4, 100)
    assert state["download_url"] == f"/exports/{finished_job.pk}/download/"
    assert state["size"] > 0


def test_a_running_job_page_polls_the_export_progress_endpoint(client, editor, desk):
    job = export_job_create(format="csv", requested_by=editor)
    page = _login(client, editor).get(f"/workbench/exports/{job.pk}/").content.decode()
    assert f'data-export-progress-url="/exports/{job.pk}/progress.json"' in page
    assert "Waiting for a worker" in page


def test_the_job_json_is_not_found_for_a_reviewer(client, reviewer, finished_job):
    response = _login(client, reviewer).get(f"/exports/{finished_job.pk}/progress.json")
    assert response.status_code == 404


def test_a_reviewer_reads_an_articles_report_with_claim_anchors(client, reviewer, desk):
    bridge = desk["bridge"]
    response = _login(client, reviewer).get(f"/exports/articles/{bridge.pk}/report/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<mark id="claim-0">' in page and '<mark id="claim-2">' in page
    assert "Harbor bridge budget" in page


def test_an_outsider_cannot_read_a_report(client, outsider, desk):
    response = _login(client, outsider).get(f"/exports/articles/{desk['bridge'].pk}/report/")
    assert response.status_code == 404


def test_the_admin_action_opens_the_export_form_for_the_selected_claims(client, editor, desk):
    from claims.models import Claim

    ids = list(Claim.objects.filter(article=desk["bridge"]).values_list("pk", flat=True))
    editor.is_staff = True  # the admin is for staff
    editor.save()
    _login(client, editor)
    response = client.post(
        "/admin/claims/claim/",
        {"action": "export_selected", "_selected_action": [str(i) for i in ids]},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Export 3 selected claims" in page
    assert ",".join(map(str, sorted(ids))) in page
    # The workbench's Exports screen, posting to it.
    assert 'action="/workbench/exports/"' in page and "workbench.css" in page


def test_the_admin_action_is_not_offered_to_reviewers(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    response = _login(client, reviewer).get("/admin/claims/claim/")
    assert response.status_code == 200
    assert "export_selected" not in response.content.decode()


def test_the_report_path_in_claimreview_urls_is_the_one_the_urlconf_serves():
    from django.urls import reverse

    from claims.services.exports import report_path_template

    expected = reverse("exports:article_report", kwargs={"article_id": 42})
    assert report_path_template().format(article_id=42) == expected


# --- The history, the dashboard and the admin ---------------------------------------------


def _row(page: str, job_id: int) -> str:
    start = page.index(f'id="export-{job_id}"')
    return page[start : page.index("</tr>", start)]


def test_the_history_lists_the_editor_s_exports_with_size_times_and_download(
    client, editor, second_editor, finished_job
):
    theirs = export_job_create(format="json", requested_by=second_editor)
    page = _login(client, editor).get("/workbench/exports/").content.decode()

    row = _row(page, finished_job.pk)
    assert "CSV (spreadsheet)" in row and "Finished" in row and "4/4" in row
    assert f'href="/exports/{finished_job.pk}/download/"' in row
    assert "bytes" in row or "KB" in row  # the file's size
    assert finished_job.created_at.strftime("%Y-%m-%d") in row
    assert f'id="export-{theirs.pk}"' not in page  # another editor's export
    assert "can be downloaded for 72 hours" in page


def test_an_expired_export_stays_in_the_history_marked_expired(client, editor, finished_job):
    ExportJob.objects.filter(pk=finished_job.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    page = _login(client, editor).get("/workbench/exports/").content.decode()

    row = _row(page, finished_job.pk)
    assert "expired" in row
    assert "/download/" not in row


def test_the_history_pages_by_key(client, editor, desk):
    jobs = [export_job_create(format="csv", requested_by=editor) for _ in range(27)]
    _login(client, editor)
    first = client.get("/workbench/exports/").content.decode()
    assert f'id="export-{jobs[-1].pk}"' in first and f'id="export-{jobs[1].pk}"' not in first
    second = client.get(f"/workbench/exports/?before={jobs[2].pk}").content.decode()
    assert f'id="export-{jobs[1].pk}"' in second and f'id="export-{jobs[0].pk}"' in second
    assert f'id="export-{jobs[2].pk}"' not in second


def test_the_dashboard_keeps_finished_exports_with_their_download_link(
    client, editor, reviewer, finished_job
):
    page = _login(client, editor).get("/workbench/").content.decode()
    row = _row(page, finished_job.pk)
    assert f"Export #{finished_job.pk}" in row and "Finished" in row
    assert f'href="/exports/{finished_job.pk}/download/"' in row

    hidden = _login(client, reviewer).get("/workbench/").content.decode()
    assert f"Export #{finished_job.pk}" not in hidden


def test_the_dashboard_lists_the_newest_running_then_finished_exports_in_one_query(editor):
    jobs = [export_job_create(format="csv", requested_by=editor) for _ in range(30)]
    finished = jobs[::3]  # 10 finished, 20 still pending
    ExportJob.objects.filter(pk__in=[job.pk for job in finished]).update(status=JobStatus.SUCCEEDED)
    pending = [job for job in jobs if job not in finished]

    with CaptureQueriesContext(connection) as captured:
        listed = recent_exports()
        names = {job.requested_by.username for job in listed}

    newest_first = sorted(pending, key=lambda j: -j.pk)[:DASHBOARD_RUNNING]
    newest_finished = sorted(finished, key=lambda j: -j.pk)[:DASHBOARD_FINISHED]
    assert [job.pk for job in listed] == [job.pk for job in newest_first + newest_finished]
    assert names == {editor.username}
    assert len(captured.captured_queries) == 1


def test_the_admin_lists_export_files_and_links_to_a_new_export(client, editor, finished_job):
    expired = export_job_run(job_id=export_job_create(format="json", requested_by=editor).pk)
    ExportJob.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    editor.is_staff = True
    editor.save()
    page = _login(client, editor).get("/admin/claims/exportjob/").content.decode()

    assert f'<a href="/exports/{finished_job.pk}/download/">Download</a>' in page
    assert 'href="/workbench/exports/" class="addlink" id="new-export">New export</a>' in page
    assert "expired" in page
    # Still a window: no add form, and a job's page changes nothing.
    assert client.get("/admin/claims/exportjob/add/").status_code == 403
    change = client.post(f"/admin/claims/exportjob/{finished_job.pk}/change/", {"message": "x"})
    assert change.status_code == 403
