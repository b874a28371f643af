# ruff: noqa: F811
"""Exports end to end in a real browser: an editor picks a format and filters on the export
page, watches the job's progress bar fill (polled, without reloading), downloads the file
and the file holds the claims the filters chose; a reviewer gets neither the pages nor the
file. Same stack as test_workbench_flow.py: runserver and a celery worker as processes,
SQLite and the filesystem broker, Debian's Chromium driven by Playwright.

Without Chromium or the playwright package the tests skip, except in CI (CI=true).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

# The fixtures (app: the running stack with rita the reviewer and edna the editor;
# browser) and helpers of the workbench flow; only non-test names, so nothing is collected
# twice.
from tests.browser.test_workbench_flow import app, browser, shot, signed_in  # noqa: F401

pytestmark = pytest.mark.integration

# Two outlets; claims in every status; a hostile claim text for the formula defence.
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
            rationale=f'Checked against the records ({verdict}).' if verdict else '')
print(json.dumps(Claim.objects.count()))
"""


def start_export(page, url: str, *, format: str, statuses=(), outlet: str = "") -> str:
    """Fill the export form, submit it; returns the job page's URL."""
    page.goto(f"{url}/exports/")
    page.select_option("#id_format", format)
    for status in statuses:
        page.check(f"input[name=statuses][value={status}]")
    if outlet:
        page.fill("#id_outlet", outlet)
    page.click("#export-form input[type=submit]")
    page.wait_for_url(re.compile(r"/exports/\d+/$"))
    return page.url


def wait_until_downloadable(page, stack) -> None:
    """The job page updates itself from progress.json until the file is ready."""
    # A marker that a reload would wipe: the bar must fill without one.
    page.evaluate("() => { window.__sameJobPage = true; }")
    try:
        page.wait_for_selector("#export-download:not([hidden])", timeout=120_000)
    except Exception:
        pytest.fail(f"the export never became downloadable:\n{stack.worker_log()[-3000:]}")
    assert page.evaluate("() => window.__sameJobPage") is True
    assert page.eval_on_selector("#export-progress", "bar => bar.value") == 100
    assert page.inner_text("#export-status") == "Finished"
    # The heading and the tab title follow too (they once kept "Waiting for a worker").
    assert page.inner_text("#content h1").endswith("(Finished)")
    assert "(Finished)" in page.title()


def download(page, tmp_path: Path) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click("#export-download-link")
    file = info.value
    target = tmp_path / file.suggested_filename
    file.save_as(target)
    return file.suggested_filename, target.read_bytes()


def test_an_editor_exports_filtered_claims_and_downloads_them(app, browser, tmp_path: Path):
    stack, url = app
    assert stack.query(SEED) == 5
    edna = signed_in(browser, url, "edna")

    # CSV, approved and published claims only.
    start_export(edna, url, format="csv", statuses=["approved", "published"])
    wait_until_downloadable(edna, stack)
    assert edna.inner_text("#export-count") == "3 / 3"
    assert "3 claims exported as CSV" in edna.inner_text("#export-message")
    shot(edna, "export-job")
    name, data = download(edna, tmp_path)
    assert re.fullmatch(r"verdicts-\d{8}-\d+\.csv", name)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert sorted(row["claim"] for row in rows) == [
        '\'=HYPERLINK("http://x","y") The city spent 40 million dollars on repairs.',
        "The mayor said the bridge will cost 2 billion dollars.",
        "The school meals pilot reached 12,000 pupils.",
    ]
    assert {row["status"] for row in rows} == {"approved", "published"}
    assert {row["verdict"] for row in rows} == {"False", "Mostly true", "True"}

    # The HTML report of one outlet, every status.
    report_job = start_export(edna, url, format="html", outlet="Daily Planet")
    wait_until_downloadable(edna, stack)
    name, data = download(edna, tmp_path)
    assert name.endswith(".html")
    html = data.decode("utf-8")
    assert "Harbor bridge budget" in html and "School meals" not in html
    assert "The mayor said the bridge will cost 2 billion dollars." in html
    assert "Traffic on the bridge doubled in 2025." in html
    assert html.count('<mark id="claim-') == 3
    assert not edna.errors  # type: ignore[attr-defined]

    # A reviewer gets no export page, no job page and no file.
    rita = signed_in(browser, url, "rita")
    assert rita.goto(f"{url}/exports/").status == 403
    assert rita.goto(report_job).status == 404
    refused = rita.request.get(f"{report_job}download/", max_redirects=0)
    assert refused.status == 404
    assert "content-disposition" not in refused.headers
    assert b"Harbor bridge budget" not in refused.body()
    progress = rita.request.get(f"{report_job}progress.json", max_redirects=0)
    assert progress.status == 404 and b"download_url" not in progress.body()
