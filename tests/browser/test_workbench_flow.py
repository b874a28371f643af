"""End to end in a real browser: Debian's Chromium driven by Playwright, against the app
running as real processes (manage.py runserver and a celery worker, SQLite + the
filesystem broker). Screenshots go to screenshots/ (git-ignored).

Without Chromium or the playwright package the tests skip, except in CI (CI=true).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.services import REPO, Stack, browser_stack, web_server

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "screenshots"
PASSWORD = "correct horse battery staple"
HOSTILE_ARTICLE = """title: <script>window.pwned = 1</script> Hostile headline
outlet: Evil <img src=x onerror="window.pwned = 1"> Gazette

The mayor said <script>window.pwned = 1; alert('xss')</script> that 45 people were hired last year.
Officials counted 120 complaints <img src=x onerror="window.pwned = 1;alert(2)"> in March, the report said.
"""
USERS = f"""
from django.contrib.auth.models import Group, User
for name, group in (("rita", "Reviewer"), ("edna", "Editor")):
    user = User.objects.create_user(name, password={PASSWORD!r})
    user.groups.add(Group.objects.get(name=group))
print("1")
"""


def require_browser() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium ({CHROMIUM}; apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (requirements-dev.txt)")
    if missing:
        message = "missing " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must run the browser tests (.ci/run installs Chromium).")
        pytest.skip(message)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[Stack, str]]:
    require_browser()
    with browser_stack(tmp_path) as stack:
        result = stack.manage("migrate", "--noinput")
        assert result.returncode == 0, result.stderr
        assert stack.query(USERS) == 1
        with stack.worker(), web_server(stack) as url:
            yield stack, url


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


def signed_in(browser, url: str, username: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(f"{url}/workbench/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/workbench/")
    return page


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def import_through_the_upload_page(page, url: str, files: list[Path], format: str = "") -> None:
    page.goto(f"{url}/workbench/imports/new/")
    page.set_input_files("#id_files", [str(f) for f in files])
    if format:
        page.select_option("#id_format", format)
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r"/workbench/imports/\d+/$"))
    # The bar fills from the job row, polled every second, without reloading the page.
    page.wait_for_selector("#job.finished", timeout=180_000)
    assert page.get_attribute("#job", "data-status") == "succeeded"
    assert page.eval_on_selector("#job-bar", "bar => bar.value") == 100


def test_a_reviewer_checks_a_claim_and_an_editor_approves_it(app, browser, sample_path: Path):
    stack, url = app
    rita = signed_in(browser, url, "rita")

    import_through_the_upload_page(rita, url, [sample_path])
    assert "1 imported" in rita.inner_text("#job-message"), stack.worker_log()
    shot(rita, "import-job")
    rita.get_by_role("link", name=re.compile("About 300 of the 680")).click()

    rita.wait_for_selector("#article-text a.claim")
    highlighted = rita.locator("#article-text a.claim")
    assert highlighted.count() >= 10
    assert rita.locator("#article-text a.claim.st-new").count() == highlighted.count()
    assert "Breitbart News" in rita.inner_text("#article-meta")
    shot(rita, "reader")

    article_id = re.search(r"/articles/(\d+)/", rita.url).group(1)
    rita.goto(f"{url}/workbench/queue/?article={article_id}")
    first = rita.locator("tr.queue-row").first
    assert "current" in first.get_attribute("class")
    rita.keyboard.press("j")
    rita.keyboard.press("k")
    rita.keyboard.press("a")
    rita.wait_for_function(
        "() => document.querySelector('tr.queue-row.current .assignee-cell').textContent === 'rita'"
    )
    assert first.locator(".status-pill").inner_text() == "In review"
    shot(rita, "queue")
    claim_text = first.locator(".claim-text").inner_text()
    rita.keyboard.press("o")
    rita.wait_for_url(re.compile(r"/workbench/claims/\d+/$"))
    assert rita.inner_text("#claim-assignee") == "rita"

    rita.click("#evidence-details summary")
    rita.fill("#id_url", "https://www.ice.gov/news/releases/mississippi-worksite")
    rita.fill("#id_title", "ICE news release on the Mississippi worksite operation")
    rita.fill("#id_publisher", "U.S. Immigration and Customs Enforcement")
    rita.fill("#id_quote", "approximately 680 removable aliens were arrested")
    rita.check("input[name=stance][value=supports]")
    rita.click("#evidence-form input[type=submit]")
    assert "ICE news release" in rita.inner_text("#evidence")

    rita.select_option("#id_rating", label="Mostly true")
    rita.fill("#id_rationale", "ICE's own release gives 680 arrests; about 300 were released.")
    rita.click("#verdict-form input[type=submit]")
    assert "Mostly true" in rita.inner_text("#current-verdict")
    rita.click("form[data-to=awaiting_approval] button")
    assert rita.inner_text("#claim-status") == "Awaiting approval"
    shot(rita, "review")
    claim_url = rita.url
    assert not rita.errors  # type: ignore[attr-defined]

    edna = signed_in(browser, url, "edna")
    edna.goto(claim_url)
    assert claim_text[:40] in edna.inner_text("#claim-context")
    edna.click("form[data-to=approved] button")
    assert edna.inner_text("#claim-status") == "Approved"
    assert "approved by edna" in edna.inner_text("#current-verdict")
    history = edna.inner_text("#history")
    assert "approve" in history and "edna" in history and "rita" in history

    edna.goto(f"{url}/workbench/")
    assert "Mostly true" in edna.inner_text("#verdict-chart")
    assert re.search(r"Approved\s+1", edna.inner_text("#status-counts"))
    assert re.search(r"rita\s+1", edna.inner_text("#reviewed-week"))
    shot(edna, "dashboard")


def test_an_article_full_of_script_payloads_runs_no_script(app, browser, tmp_path: Path):
    stack, url = app
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(HOSTILE_ARTICLE)
    rita = signed_in(browser, url, "rita")
    dialogs: list[str] = []
    rita.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    import_through_the_upload_page(rita, url, [hostile], format="txt")
    assert "1 imported" in rita.inner_text("#job-message"), stack.worker_log()
    rita.locator("#job-articles a").first.click()
    rita.wait_for_selector("#article-text")

    assert "<script>window.pwned = 1" in rita.inner_text("body")
    pages = [rita.url, f"{url}/workbench/queue/", f"{url}/workbench/articles/"]
    claim_link = rita.locator("#article-text a.claim").first
    if claim_link.count():
        pages.append(url + claim_link.get_attribute("href"))
    for page_url in pages:
        rita.goto(page_url)
        rita.wait_for_load_state("load")
        assert rita.evaluate("() => typeof window.pwned") == "undefined", page_url
        assert rita.locator("#content script, #content img[src=x]").count() == 0, page_url
    shot(rita, "hostile-reader")
    assert dialogs == []
