"""In a real browser: a reviewer adds a web source as evidence, the worker archives it,
and the review page shows "archived copy, fetched at …" opening the stored text.

The source is a page served by a local HTTP server on 127.0.0.1 (no outside network);
the app runs with FACTCHECK_ALLOW_PRIVATE_URLS=1 so its fetcher may reach it, and with
archiving on (the test stacks turn it off, see tests/integration/services.py).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.browser.test_workbench_flow import (
    USERS,
    browser,  # noqa: F401 (the fixture)
    import_through_the_upload_page,
    require_browser,
    shot,
    signed_in,
)
from tests.integration.services import Stack, browser_stack, web_server
from tests.local_http import serving

pytestmark = pytest.mark.integration

ARTICLE = """title: Harbor bridge costs
outlet: Bay Courier

The harbor bridge cost 412 million dollars, the city auditor said on Monday.
The council had approved 300 million dollars for it in 2019.
"""
SOURCE_PAGE = (
    b"<html><head><title>Auditor's report</title></head><body><nav><a href='/'>Home</a></nav>"
    b"<article><h1>Audit of the harbor bridge</h1><p>The audit finds that the harbor bridge "
    b"cost 412 million dollars in all, against the 300 million dollars approved in 2019.</p>"
    b"<p>Overruns came from steel prices and a redesign of the eastern pier.</p>"
    b"</article></body></html>"
)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# What the site serves; the test rewrites the audit page to see the check flag it.
SITE = {"/audit/harbor-bridge": ("text/html; charset=utf-8", SOURCE_PAGE)}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/chart.png":
            content_type, body = "image/png", PNG
        else:
            content_type, body = SITE["/audit/harbor-bridge"]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def source_site() -> Iterator[str]:
    SITE["/audit/harbor-bridge"] = ("text/html; charset=utf-8", SOURCE_PAGE)
    with serving(Handler) as url:
        yield url


@pytest.fixture
def archiving_app(tmp_path: Path) -> Iterator[tuple[Stack, str]]:
    require_browser()
    with browser_stack(tmp_path) as stack:
        stack.env.update(FACTCHECK_ARCHIVE_SOURCES="1", FACTCHECK_ALLOW_PRIVATE_URLS="1")
        result = stack.manage("migrate", "--noinput")
        assert result.returncode == 0, result.stderr
        assert stack.query(USERS) == 1
        with stack.worker(), web_server(stack) as url:
            yield stack, url


def test_a_source_added_as_evidence_shows_its_archived_copy(
    archiving_app,
    browser,  # noqa: F811
    source_site,
    tmp_path,
):
    stack, url = archiving_app
    article = tmp_path / "bridge.txt"
    article.write_text(ARTICLE)
    rita = signed_in(browser, url, "rita")
    import_through_the_upload_page(rita, url, [article], format="txt")
    assert "1 imported" in rita.inner_text("#job-message"), stack.worker_log()
    rita.locator("#job-articles a").first.click()
    rita.locator("#article-text a.claim").first.click()
    rita.wait_for_url(re.compile(r"/workbench/claims/\d+/$"))

    rita.click("#evidence-details summary")
    rita.fill("#id_url", f"{source_site}/audit/harbor-bridge")
    rita.fill("#id_title", "City auditor's report on the harbor bridge")
    rita.check("input[name=stance][value=supports]")
    rita.click("#evidence-form input[type=submit]")
    assert "City auditor's report" in rita.inner_text("#evidence")

    # The worker fetches the page after the commit; the page shows it once reloaded.
    for _ in range(60):
        if rita.locator("#evidence a.archived-copy").count():
            break
        time.sleep(1)
        rita.reload()
    archived = rita.locator("#evidence a.archived-copy")
    assert archived.count() == 1, stack.worker_log()
    assert re.match(r"archived copy, fetched at \d{4}-\d\d-\d\d \d\d:\d\d", archived.inner_text())
    shot(rita, "review-archived-source")

    archived.click()
    rita.wait_for_url(re.compile(r"/workbench/snapshots/\d+/$"))
    text = rita.inner_text("#snapshot-text")
    assert "412 million dollars in all" in text and "eastern pier" in text
    assert "Home" not in text
    assert re.search(r"sha256 [0-9a-f]{64}", rita.inner_text("#snapshot-meta"))
    shot(rita, "archived-copy")
    rita.go_back()

    # A source that is not a web page keeps its evidence and says why it has no copy.
    rita.click("#evidence-details summary")
    rita.fill("#id_url", f"{source_site}/chart.png")
    rita.fill("#id_title", "Overrun chart")
    rita.check("input[name=stance][value=context]")
    rita.click("#evidence-form input[type=submit]")
    for _ in range(60):
        if rita.locator("#evidence .no-archive").count():
            break
        time.sleep(1)
        rita.reload()
    assert "no archived copy (not an HTML page)" in rita.inner_text("#evidence .no-archive")

    # The page changes; the operator's check flags it, and the new text is kept too.
    SITE["/audit/harbor-bridge"] = (
        "text/html",
        SOURCE_PAGE.replace(b"412 million dollars", b"389 million dollars"),
    )
    result = stack.manage("check_sources", "--all")
    assert result.returncode == 0, result.stderr
    assert "changed since archived" in result.stdout
    rita.reload()
    evidence = rita.inner_text("#evidence")
    assert "changed since archived" in evidence and "what it says now" in evidence
    shot(rita, "review-source-flags")
    assert not rita.errors  # type: ignore[attr-defined]
