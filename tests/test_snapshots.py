"""Evidence that lasts: archived copies of web sources, and the periodic check on them.

A local HTTP server on 127.0.0.1 stands in for the outside web; like the URL import tests
(tests/test_import_urls.py), the tests allow the fetcher to reach it with
FACTCHECK_ALLOW_PRIVATE_URLS, except the one that checks the refusal.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse

from claims.models import Evidence, Snapshot, SourceArchive
from claims.services import reviews
from claims.services.snapshots import source_snapshot_take, sources_check_due
from factcheck.celery import app
from tests.local_http import serving
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)

pytestmark = pytest.mark.django_db

ARTICLE = (
    "<html><head><title>Harbor bridge audit</title></head><body>"
    "<nav><a href='/'>Home</a></nav>"
    "<article><h1>Harbor bridge audit</h1>"
    "<p>The city auditor found that the harbor bridge cost 412 million dollars in all, "
    "well above the 300 million dollars the council approved in 2019.</p>"
    "<p>The auditor's report lists &lt;script&gt; tags in the council's web forms as a "
    "separate finding.</p></article></body></html>"
)
REWRITTEN = ARTICLE.replace("412 million", "389 million")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"

# What the server answers, by path: (status, content type, body). Tests change it.
PAGES: dict[str, tuple[int, str, bytes]] = {}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/redirect-to-article":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/drip":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "4000")
            self.end_headers()
            try:
                for _ in range(200):  # at most 20 seconds; the client gives up long before
                    self.wfile.write(b"<")
                    time.sleep(0.1)
            except OSError:
                pass
            return
        status, content_type, body = PAGES.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def web() -> Iterator[str]:
    with serving(Handler) as url:
        yield url


@pytest.fixture(autouse=True)
def pages(settings) -> Iterator[dict]:
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    PAGES.clear()
    PAGES["/article"] = (200, "text/html; charset=utf-8", ARTICLE.encode())
    yield PAGES
    PAGES.clear()


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


def add_source(claim, reviewer, url: str) -> Evidence:
    return reviews.evidence_add(claim_id=claim.pk, by=reviewer, stance="refutes", url=url)


def review_page(client, claim) -> str:
    return client.get(reverse("claims:claim", args=[claim.pk])).content.decode()


def review_page_for(user, claim) -> str:
    client = Client()
    client.force_login(user)
    return review_page(client, claim)


def test_adding_a_web_source_leaves_it_waiting_for_its_archived_copy(claim, reviewer, web):
    evidence = add_source(claim, reviewer, f"{web}/article")

    archive = SourceArchive.objects.get(source=evidence.source)
    assert archive.state == SourceArchive.State.PENDING
    assert archive.snapshot is None


def test_a_source_without_a_web_address_gets_no_archive(claim, reviewer):
    reviews.evidence_add(claim_id=claim.pk, by=reviewer, stance="context", title="Council minutes")

    assert not SourceArchive.objects.exists()


def test_the_snapshot_keeps_the_main_text_its_hash_status_and_time(claim, reviewer, web):
    evidence = add_source(claim, reviewer, f"{web}/article")

    archive = source_snapshot_take(source_id=evidence.source_id)

    assert archive.state == SourceArchive.State.ARCHIVED
    snapshot = archive.snapshot
    assert "412 million dollars" in snapshot.text
    assert "Home" not in snapshot.text  # navigation is not the page's text
    assert "<p>" not in snapshot.text
    assert snapshot.content_hash == hashlib.sha256(snapshot.text.encode()).hexdigest()
    assert snapshot.http_status == 200
    assert snapshot.content_type.startswith("text/html")
    assert snapshot.url == f"{web}/article"
    assert snapshot.fetched_at is not None
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_same_url_and_content_is_stored_once(claim, reviewer, web):
    direct = add_source(claim, reviewer, f"{web}/article")
    redirected = add_source(claim, reviewer, f"{web}/redirect-to-article")

    first = source_snapshot_take(source_id=direct.source_id)
    again = source_snapshot_take(source_id=direct.source_id)
    other = source_snapshot_take(source_id=redirected.source_id)

    assert Snapshot.objects.count() == 1
    assert first.snapshot_id == again.snapshot_id == other.snapshot_id
    assert again.check_result == SourceArchive.CheckResult.UNCHANGED


def test_the_periodic_check_flags_a_source_whose_text_changed(claim, reviewer, web, pages):
    evidence = add_source(claim, reviewer, f"{web}/article")
    archived = source_snapshot_take(source_id=evidence.source_id).snapshot
    pages["/article"] = (200, "text/html", REWRITTEN.encode())

    sent = sources_check_due(send=lambda pk: source_snapshot_take(source_id=pk), everything=True)

    assert sent == 1
    archive = SourceArchive.objects.get(pk=evidence.source_id)
    assert archive.check_result == SourceArchive.CheckResult.CHANGED
    assert archive.snapshot_id == archived.pk  # the copy the evidence was read from stays
    assert "389 million" in archive.changed_snapshot.text
    assert "412 million" in archive.snapshot.text
    assert "changed since archived" in review_page_for(reviewer, claim)


@pytest.mark.parametrize(
    ("answer", "status"),
    [((404, "text/plain", b"gone"), 404), ((503, "text/plain", b"down"), 503)],
)
def test_the_periodic_check_flags_a_source_that_died(claim, reviewer, web, pages, answer, status):
    evidence = add_source(claim, reviewer, f"{web}/article")
    source_snapshot_take(source_id=evidence.source_id)
    pages["/article"] = answer

    sources_check_due(send=lambda pk: source_snapshot_take(source_id=pk), everything=True)

    archive = SourceArchive.objects.get(pk=evidence.source_id)
    assert archive.check_result == SourceArchive.CheckResult.DIED
    assert archive.check_status == status
    assert f"error {status}" in archive.check_detail
    assert archive.snapshot is not None
    page = review_page_for(reviewer, claim)
    assert "gone since archived" in page and f"error {status}" in page


def test_a_source_back_to_its_archived_text_is_unchanged_again(claim, reviewer, web, pages):
    evidence = add_source(claim, reviewer, f"{web}/article")
    source_snapshot_take(source_id=evidence.source_id)
    pages["/article"] = (500, "text/plain", b"oops")
    source_snapshot_take(source_id=evidence.source_id)
    pages["/article"] = (200, "text/html", ARTICLE.encode())

    archive = source_snapshot_take(source_id=evidence.source_id)

    assert archive.check_result == SourceArchive.CheckResult.UNCHANGED
    assert archive.changed_snapshot is None and archive.check_detail == ""


def test_the_periodic_check_sends_each_due_source_once_and_skips_recent_ones(
    claim, reviewer, web, settings
):
    settings.FACTCHECK_SOURCE_CHECK_SECONDS = 3600
    evidence = add_source(claim, reviewer, f"{web}/article")
    sent: list[int] = []

    # Just asked for (on adding the evidence): not due yet.
    assert sources_check_due(send=sent.append) == 0
    SourceArchive.objects.update(requested_at=F("requested_at") - timedelta(hours=1))
    assert sources_check_due(send=sent.append) == 1
    assert sources_check_due(send=sent.append) == 0  # marked when sent
    assert sent == [evidence.source_id]


def test_the_periodic_check_archives_sources_that_have_no_archive_row(claim, reviewer, web):
    evidence = add_source(claim, reviewer, f"{web}/article")
    SourceArchive.objects.all().delete()  # as for a source added before archiving existed
    sent: list[int] = []

    assert sources_check_due(send=sent.append) == 1

    assert sent == [evidence.source_id]
    assert SourceArchive.objects.get().state == SourceArchive.State.PENDING


@pytest.mark.parametrize(
    ("path", "setup", "reason", "words"),
    [
        ("/article", {"FACTCHECK_ALLOW_PRIVATE_URLS": False}, "private", "private or internal"),
        ("/drip", {"FACTCHECK_FETCH_DEADLINE_SECONDS": 1}, "timeout", "1-second limit"),
        ("/article", {"FACTCHECK_MAX_ARTICLE_BYTES": 100}, "too_large", "larger than"),
        ("/image.png", {}, "not_html", "image/png"),
        ("/report.pdf", {}, "not_html", "PDF"),
    ],
)
def test_a_source_that_cannot_be_archived_keeps_its_evidence_and_says_why(
    claim, reviewer, web, pages, settings, path, setup, reason, words
):
    pages["/image.png"] = (200, "image/png", PNG)
    pages["/report.pdf"] = (200, "application/pdf", PDF)
    for name, value in setup.items():
        setattr(settings, name, value)
    evidence = add_source(claim, reviewer, f"{web}{path}")

    archive = source_snapshot_take(source_id=evidence.source_id)

    assert archive.state == SourceArchive.State.UNARCHIVABLE
    assert archive.reason == reason
    assert words in archive.detail
    assert archive.snapshot is None and not Snapshot.objects.exists()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    page = review_page_for(reviewer, claim)
    assert "no archived copy" in page
    assert words in page.replace("&#x27;", "'")


def test_the_review_page_shows_the_archived_copy_and_opens_its_text_escaped(
    as_reviewer, claim, reviewer, web
):
    evidence = add_source(claim, reviewer, f"{web}/article")
    archive = source_snapshot_take(source_id=evidence.source_id)

    page = review_page(as_reviewer, claim)

    assert "archived copy, fetched at" in page
    link = reverse("claims:snapshot", args=[archive.snapshot_id])
    assert f'href="{link}"' in page
    copy = as_reviewer.get(link)
    assert copy.status_code == 200
    text = copy.content.decode()
    assert "412 million dollars" in text
    assert archive.snapshot.content_hash in text
    # The page's text said "<script>" as words; it is shown as words, never as markup.
    assert "&lt;script&gt;" in text and "<script> tags" not in text


def test_the_archived_copy_needs_a_login_and_a_role(client, outsider, claim, reviewer, web):
    evidence = add_source(claim, reviewer, f"{web}/article")
    archive = source_snapshot_take(source_id=evidence.source_id)
    link = reverse("claims:snapshot", args=[archive.snapshot_id])

    assert client.get(link).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(link).status_code == 403
    assert client.get(reverse("claims:snapshot", args=[archive.snapshot_id + 1])).status_code in (
        403,
        404,
    )


def test_adding_evidence_in_the_workbench_queues_the_snapshot_after_commit(
    as_reviewer, claim, web, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_reviewer.post(
            reverse("claims:evidence", args=[claim.pk]),
            {"stance": "refutes", "url": f"{web}/article"},
        )

    assert response.status_code == 302
    archive = SourceArchive.objects.get()
    assert archive.state == SourceArchive.State.ARCHIVED
    assert "archived copy, fetched at" in review_page(as_reviewer, claim)


def test_the_command_checks_every_source_and_prints_what_it_found(
    claim, reviewer, web, pages, capsys
):
    changed = add_source(claim, reviewer, f"{web}/article")
    source_snapshot_take(source_id=changed.source_id)
    pages["/article"] = (200, "text/html", REWRITTEN.encode())

    call_command("check_sources", "--all")

    out = capsys.readouterr().out
    assert f"{web}/article: changed since archived" in out
    assert "1 source checked: 1 changed since archived" in out


@pytest.mark.parametrize("format", ["csv", "json"])
def test_exports_carry_each_sources_archived_at_and_hash(claim, reviewer, web, format):
    import csv
    import io
    import json

    from claims.selectors_export import ExportFilters
    from claims.services.exports import export_file, export_job_create, export_job_run

    archived = add_source(claim, reviewer, f"{web}/article")
    add_source(claim, reviewer, f"{web}/missing")  # answers 404: no archived copy
    snapshot = source_snapshot_take(source_id=archived.source_id).snapshot
    source_snapshot_take(source_id=archived.source_id + 1)
    job = export_job_create(format=format, filters=ExportFilters(claim_ids=(claim.pk,)))
    data = export_file(export_job_run(job_id=job.pk)).read_bytes()

    when = snapshot.fetched_at.isoformat()
    if format == "csv":
        [row] = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        assert row["source_archived_at"] == f"{when} | "
        assert row["source_sha256"] == f"{snapshot.content_hash} | "
    else:
        [document] = json.loads(data)["claims"]
        sources = [e["source"] for e in document["evidence"]]
        assert [(s["archived_at"], s["archive_sha256"]) for s in sources] == [
            (when, snapshot.content_hash),
            (None, None),
        ]


def test_beat_sends_the_source_check_every_check_interval(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["check-sources"]

    assert entry["task"] == "claims.tasks.check_sources" and entry["task"] in app.tasks
    assert entry["schedule"] == settings.FACTCHECK_SOURCE_CHECK_SECONDS
    assert entry["options"] == {"queue": "imports", "expires": entry["schedule"]}
    assert settings.CELERY_TASK_ROUTES["claims.tasks.snapshot_source"] == {"queue": "imports"}


def test_the_beat_task_sends_the_snapshot_task_of_each_due_source(
    claim, reviewer, web, monkeypatch
):
    from claims import tasks

    evidence = add_source(claim, reviewer, f"{web}/article")
    SourceArchive.objects.update(requested_at=F("requested_at") - timedelta(days=2))
    monkeypatch.setitem(app.conf, "task_always_eager", True)

    tasks.check_sources.apply()

    archive = SourceArchive.objects.get(pk=evidence.source_id)
    assert archive.state == SourceArchive.State.ARCHIVED


def test_with_archiving_off_nothing_is_fetched_and_the_command_says_so(
    claim, reviewer, web, settings
):
    from django.core.management.base import CommandError

    settings.FACTCHECK_ARCHIVE_SOURCES = False
    add_source(claim, reviewer, f"{web}/article")

    assert not SourceArchive.objects.exists()
    assert sources_check_due(send=lambda pk: None, everything=True) == 0
    with pytest.raises(CommandError, match="FACTCHECK_ARCHIVE_SOURCES=0"):
        call_command("check_sources")
