# ruff: noqa: F811
"""The export pages: form, job progress, download (editors only), article report, admin action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import ExportJob, JobStatus
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


def test_the_export_form_creates_a_job_and_redirects_to_its_page(
    client, editor, desk, django_capture_on_commit_callbacks, monkeypatch
):
    queued: list[int] = []
    monkeypatch.setattr("claims.views_export.run_export.delay", queued.append)
    _login(client, editor)
    assert client.get("/exports/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/exports/",
            {"format": "claimreview", "statuses": ["published"], "outlet": "Daily Planet"},
        )

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    assert job.format == "claimreview" and job.requested_by == editor
    assert job.filters == {"statuses": ["published"], "outlet": "Daily Planet"}
    assert queued == [job.pk]


def test_the_export_form_is_for_editors_only(client, reviewer):
    assert _login(client, reviewer).get("/exports/").status_code == 403


def test_the_job_page_polls_its_progress_as_json(client, editor, finished_job):
    _login(client, editor)
    page = client.get(f"/exports/{finished_job.pk}/")
    assert page.status_code == 200
    assert f"/exports/{finished_job.pk}/progress.json" in page.content.decode()

    state = client.get(f"/exports/{finished_job.pk}/progress.json").json()
    assert state["status"] == JobStatus.SUCCEEDED
    assert (state["done"], state["total"], state["percent"]) == (4, 4, 100)
    assert state["download_url"] == f"/exports/{finished_job.pk}/download/"


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
