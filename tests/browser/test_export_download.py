# ruff: noqa: F811
"""Exports end to end in a real browser, on the workbench's Exports screen: an editor opens
it from the navigation, picks a format and filters, sees the export wait for a worker and
then fill to finished without reloading, downloads the file from the history, and finds
it there (and on the dashboard) after a reload; a reviewer has no Exports entry, gets the
workbench's refusal, and neither the job's progress nor its file.

Same stack as test_workbench_flow.py (runserver and a celery worker as processes, SQLite
and the filesystem broker, Debian's Chromium driven by Playwright), except that the worker
starts only once the first export is queued: the screen must show the job waiting and then
follow it to the end by itself.

Without Chromium or the playwright package the tests skip, except in CI (CI=true).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

# The fixtures and helpers of the workbench flow; only non-test names, so nothing is
# collected twice.
from tests.browser.test_workbench_flow import (  # noqa: F401
    USERS,
    browser,
    require_browser,
    shot,
    signed_in,
)
from tests.integration.services import Stack, browser_stack, web_server

pytestmark = pytest.mark.integration

# Two outlets; claims in every status; a hostile claim text for the formula defence; a
# figure stored as a float (2.0) that people must read as "2".
SEED = """
import hashlib, json
from claims.models import Article, Claim, Rating
ratings = {r.name: r for r in Rating.objects.filter(scale__is_active=True)}
articles = [
    ('Harbor bridge budget', 'Daily Planet', [
        ('The mayor said the bridge will cost 2 billion dollars.', 'published', 'False'),
        ('=HYPERLINK("http://x","y") The city spent 40 million dollars on repairs.', 'approved', 'Mostly true'),
        ('Traffic on the bridge doubled in 2025.', 'new', None),
    ]),
    ('School meals pilot', 'Morning Star', [
        ('The school meals pilot reached 12,000 pupils.', 'published', 'True'),
        ('Half of the pupils asked for a second helping.', 'in_review', None),
    ]),
]
for number, (title, outlet, claims) in enumerate(articles):
    text = ' '.join(sentence for sentence, _, _ in claims)
    article = Article.objects.create(
        text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), title=title,
        outlet=outlet, url=f'https://news.example.com/{number}')
    cursor = 0
    for position, (sentence, status, verdict) in enumerate(claims):
        start = text.index(sentence, cursor); cursor = start + len(sentence)
        Claim.objects.create(
            article=article, position=position, start=start, end=cursor, text=sentence,
            status=status, verdict=ratings[verdict] if verdict else None,
            quantities=[{'value': 2.0, 'unit': 'billion dollars'}] if position == 0 and number == 0 else [],
            rationale=f'Checked against the records ({verdict}).' if verdict else '')
print(json.dumps(Claim.objects.count()))
"""


@pytest.fixture
def idle_app(tmp_path: Path) -> Iterator[tuple[Stack, str]]:
    """The running app with rita the reviewer and edna the editor, and no worker yet."""
    require_browser()
    with browser_stack(tmp_path) as stack:
        result = stack.manage("migrate", "--noinput")
        assert result.returncode == 0, result.stderr
        assert stack.query(USERS) == 1
        with web_server(stack) as url:
            yield stack, url


def open_exports_from_the_navigation(page, url: str) -> None:
    page.goto(f"{url}/workbench/")
    page.locator("nav.workbench-nav").get_by_role("link", name="Exports").click()
    page.wait_for_url(f"{url}/workbench/exports/")


def start_export(page, *, format: str, statuses=(), outlet: str = "") -> int:
    """Fill the Exports screen's form and submit it; returns the new export's id."""
    page.select_option("#id_format", format)
    for status in statuses:
        page.check(f"input[name=statuses][value={status}]")
    if outlet:
        page.fill("#id_outlet", outlet)
    with page.expect_navigation():
        page.click("#export-form input[type=submit]")
    started = re.search(r"Export #(\d+) started", page.inner_text(".messagelist"))
    assert started, page.inner_text("body")
    job_id = int(started.group(1))
    # The newest export heads the history.
    assert page.get_attribute("#export-list tbody tr.export-row", "id") == f"export-{job_id}"
    return job_id


def wait_until_finished(page, stack: Stack, job_id: int) -> None:
    """The row follows the job from progress.json until it ends, without a reload."""
    page.evaluate("() => { window.__samePage = true; }")
    try:
        page.wait_for_selector(f"#export-{job_id}.finished", timeout=120_000)
    except Exception:
        pytest.fail(f"the export never finished on the screen:\n{stack.worker_log()[-3000:]}")
    assert page.evaluate("() => window.__samePage") is True
    row = page.locator(f"#export-{job_id}")
    assert row.get_attribute("data-status") == "succeeded"
    assert row.locator(".export-status").inner_text() == "Finished"
    # The bar filled, then made way for the file, as a finished row is rendered.
    assert row.locator("progress").count() == 0
    assert row.locator(".export-count").inner_text() != "0/0"


def download(page, link, tmp_path: Path) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    file = info.value
    target = tmp_path / file.suggested_filename
    file.save_as(target)
    return file.suggested_filename, target.read_bytes()


def test_an_editor_exports_from_the_workbench_and_finds_the_file_in_the_history(
    idle_app, browser, tmp_path: Path
):
    stack, url = idle_app
    assert stack.query(SEED) == 5
    edna = signed_in(browser, url, "edna")
    open_exports_from_the_navigation(edna, url)
    assert "You have not exported anything yet." in edna.inner_text("#export-history")

    # CSV, approved and published claims only; no worker is running yet.
    csv_job = start_export(edna, format="csv", statuses=["approved", "published"])
    row = edna.locator(f"#export-{csv_job}")
    assert row.locator(".export-status").inner_text() == "Waiting for a worker"
    assert row.get_attribute("data-export-progress-url") == f"/exports/{csv_job}/progress.json"
    shot(edna, "exports-waiting")

    with stack.worker():
        wait_until_finished(edna, stack, csv_job)
        assert row.locator(".export-count").inner_text() == "3/3"
        assert (
            row.locator(".export-message").inner_text() == "3 claims exported as CSV (spreadsheet)."
        )
        assert re.search(r"\d", row.locator(".export-size").inner_text())  # its size
        assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d", row.locator(".export-finished").inner_text())
        assert "until" in row.locator(".export-file").inner_text()
        name, data = download(edna, row.locator("a.export-download"), tmp_path)
        assert re.fullmatch(r"verdicts-\d{8}-\d+\.csv", name)
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert sorted(r["claim"] for r in rows) == [
            '\'=HYPERLINK("http://x","y") The city spent 40 million dollars on repairs.',
            "The mayor said the bridge will cost 2 billion dollars.",
            "The school meals pilot reached 12,000 pupils.",
        ]
        assert {r["status"] for r in rows} == {"approved", "published"}
        assert {r["verdict"] for r in rows} == {"False", "Mostly true", "True"}
        assert "2 billion dollars" in {r["quantities"] for r in rows}

        # The HTML report of one outlet, every status: numbered from 1, and honest about
        # the claim nobody has reviewed.
        report_job = start_export(edna, format="html", outlet="Daily Planet")
        wait_until_finished(edna, stack, report_job)
        report_row = edna.locator(f"#export-{report_job}")
        shot(edna, "exports")
        name, data = download(edna, report_row.locator("a.export-download"), tmp_path)
    assert name.endswith(".html")
    html = data.decode("utf-8")
    assert "Harbor bridge budget" in html and "School meals" not in html
    assert html.count('<mark id="claim-') == 3
    assert re.findall(r'<tr id="verdict-\d+"><td>(\d+)</td>', html) == ["1", "2", "3"]
    assert "<td>New, not reviewed</td>" in html
    assert "2 of the 3 claims here are approved or published." in html

    # After a reload both exports are still listed, with their files.
    edna.reload()
    for job_id in (csv_job, report_job):
        kept = edna.locator(f"#export-{job_id}")
        assert kept.locator(".export-status").inner_text() == "Finished"
        assert kept.locator("a.export-download").count() == 1
    # Each export has its page, with the same file.
    edna.get_by_role("link", name=f"#{csv_job}", exact=True).click()
    edna.wait_for_url(f"{url}/workbench/exports/{csv_job}/")
    assert edna.inner_text("#export-status") == "Finished"
    assert edna.locator("#export-file a.export-download").get_attribute("href") == (
        f"/exports/{csv_job}/download/"
    )
    shot(edna, "export-job")
    # The dashboard keeps finished exports too, with their download links.
    edna.goto(f"{url}/workbench/")
    assert edna.locator(f"#jobs #export-{report_job} a.export-download").count() == 1
    shot(edna, "dashboard-exports")
    assert not edna.errors  # type: ignore[attr-defined]

    # A reviewer has no Exports entry and gets the workbench's refusal, no progress, no file.
    rita = signed_in(browser, url, "rita")
    assert rita.locator("nav.workbench-nav").get_by_role("link", name="Exports").count() == 0
    refused = rita.goto(f"{url}/workbench/exports/")
    assert refused.status == 403
    assert "Your role does not allow this" in rita.inner_text("#content")
    assert rita.locator("nav.workbench-nav").count() == 1  # the workbench's look
    shot(rita, "exports-refused")
    assert rita.goto(f"{url}/workbench/exports/{report_job}/").status == 403
    assert rita.goto(f"{url}/exports/{report_job}/").status == 404
    file = rita.request.get(f"{url}/exports/{report_job}/download/", max_redirects=0)
    assert file.status == 404
    assert "content-disposition" not in file.headers
    assert b"Harbor bridge budget" not in file.body()
    progress = rita.request.get(f"{url}/exports/{report_job}/progress.json", max_redirects=0)
    assert progress.status == 404 and b"download_url" not in progress.body()
