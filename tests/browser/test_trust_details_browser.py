"""Issue 15's small things in a real browser: the import job page as its script fills it
(already-present links, "Failed", errors apart from warnings), and the workbench's 403.

Same stack and browser as test_workbench_flow (runserver, a celery worker, Chromium);
screenshots go to screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.test_workbench_flow import (
    app,  # noqa: F401 (the fixture)
    browser,  # noqa: F401 (the fixture)
    import_through_the_upload_page,
    shot,
    signed_in,
)

pytestmark = pytest.mark.integration

# Written for this test.
FERRY = """title: Ferry fares to rise

The harbour board raised ferry fares by 15 percent on Monday, its chair said.
About 4,000 commuters use the morning crossing, according to the operator.
"""


def test_the_import_job_page_links_what_is_present_and_says_when_everything_failed(
    app,  # noqa: F811
    browser,  # noqa: F811
    tmp_path: Path,
):
    stack, url = app
    article = tmp_path / "ferry.txt"
    article.write_text(FERRY)
    copy = tmp_path / "ferry-again.txt"
    copy.write_text(FERRY)
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    rita = signed_in(browser, url, "rita")

    import_through_the_upload_page(rita, url, [article], format="txt")
    assert "1 imported" in rita.inner_text("#job-message"), stack.worker_log()
    reader = rita.locator("#job-articles a").first.get_attribute("href")

    import_through_the_upload_page(rita, url, [copy], format="txt")
    assert rita.inner_text("#job-message").startswith("0 imported, 1 already present")
    assert rita.inner_text("#job-status") == "Finished"
    present = rita.locator("#job-present a")
    assert present.count() == 1 and present.get_attribute("href") == reader
    assert "ferry-again.txt" in rita.inner_text("#job-present")
    assert rita.locator("#job-errors").is_hidden()
    shot(rita, "import-job-already-present")
    present.click()
    rita.wait_for_url(re.compile(re.escape(reader) + "$"))

    import_through_the_upload_page(rita, url, [empty], format="txt")
    assert rita.inner_text("#job-status") == "Failed"
    assert "empty.txt" in rita.inner_text("#job-errors")
    assert rita.locator("#job-warnings").is_hidden()
    assert rita.locator("#job-present").is_hidden()
    shot(rita, "import-job-failed")
    assert not rita.errors  # type: ignore[attr-defined]


def test_a_reviewer_on_an_editors_page_gets_the_workbench_notice(
    app,  # noqa: F811
    browser,  # noqa: F811
):
    _, url = app
    rita = signed_in(browser, url, "rita")

    response = rita.goto(f"{url}/exports/")

    assert response.status == 403
    assert "Your role does not allow this" in rita.inner_text(".errornote")
    assert rita.locator("nav.workbench-nav").count() == 1
    shot(rita, "forbidden-notice")
