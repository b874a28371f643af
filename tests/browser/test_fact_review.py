# ruff: noqa: F811
"""Facts end to end in a real browser: the sample article imported through the upload
page; a reviewer reviews the 680 figure and the Bryan Cox attribution one by one with two
different verdicts and sees each claim's verdict derived from its facts (mixed where its
facts disagree); she adds a fact by dragging the mouse over words and another with the
keyboard only, splits and merges one, and gets the refusal of an overlapping selection in
words; an editor approves both facts and the ClaimReview export holds one review for each.

Same stack as test_workbench_flow.py (runserver and a celery worker as processes, SQLite
and the filesystem broker, Debian's Chromium driven by Playwright). Without Chromium or
the playwright package the tests skip, except in CI (CI=true).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser.test_export_download import download, start_export, wait_until_finished
from tests.browser.test_workbench_flow import (  # noqa: F401 (fixtures)
    app,
    browser,
    import_through_the_upload_page,
    shot,
    signed_in,
)

pytestmark = pytest.mark.integration

# Where each end of `words` in #claim-text is on the screen: the middle of the left edge
# of its first character and of the right edge of its last (a drag from one to the other
# selects exactly the words).
WORD_EDGES = """
([words]) => {
  const root = document.getElementById("claim-text");
  const at = root.textContent.indexOf(words);
  if (at < 0) { return null; }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let pos = 0, node, first = null, last = null;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (!first && at < pos + len) { first = [node, at - pos]; }
    if (at + words.length <= pos + len) { last = [node, at + words.length - pos]; break; }
    pos += len;
  }
  const a = document.createRange(); a.setStart(first[0], first[1]); a.setEnd(first[0], first[1] + 1);
  const b = document.createRange(); b.setStart(last[0], last[1] - 1); b.setEnd(last[0], last[1]);
  const r1 = a.getBoundingClientRect(), r2 = b.getBoundingClientRect();
  return {x1: r1.left + 1, y1: r1.top + r1.height / 2, x2: r2.right - 1, y2: r2.top + r2.height / 2};
}
"""


def drag_over(page, words: str) -> None:
    """Select `words` in the claim's text with the mouse."""
    page.locator("#claim-text").scroll_into_view_if_needed()
    edges = page.evaluate(WORD_EDGES, [words])
    assert edges, f"{words!r} is not in the claim's text"
    page.mouse.move(edges["x1"], edges["y1"])
    page.mouse.down()
    page.mouse.move(edges["x2"], edges["y2"], steps=8)
    page.mouse.up()


def caret_to(page, words: str, *, into: int = 0) -> None:
    """The caret before `words` (plus `into` characters), with the keyboard only."""
    text = page.evaluate("() => document.getElementById('claim-text').textContent")
    page.focus("#claim-text")
    page.keyboard.press("Control+Home")
    for _ in range(text.index(words) + into):
        page.keyboard.press("ArrowRight")


def keyboard_select(page, words: str) -> None:
    caret_to(page, words)
    for _ in range(len(words)):
        page.keyboard.press("Shift+ArrowRight")


def fact_row(page, words: str):
    return page.locator(
        "#fact-list tr.fact-row", has=page.locator("a.fact-link", has_text=f"“{words}”")
    )


def open_claim_with(page, url: str, article_url: str, words: str) -> None:
    page.goto(article_url)
    href = page.locator("#article-text a.claim", has_text=words).first.get_attribute("href")
    page.goto(url + href)
    page.wait_for_selector("#claim-text")


def review_fact(page, words: str, verdict: str, rationale: str) -> int:
    """From the claim's page: open the fact, take it, give it a verdict and submit it."""
    row = fact_row(page, words)
    fact_id = int(row.get_attribute("data-fact-id"))
    row.locator("a.fact-link").click()
    page.wait_for_url(re.compile(rf"/workbench/facts/{fact_id}/$"))
    page.click("#assign-me-form button")
    assert page.inner_text("#fact-assignee") == "rita"
    page.select_option("#id_rating", label=verdict)
    page.fill("#id_rationale", rationale)
    page.click("#verdict-form input[type=submit]")
    assert verdict in page.inner_text("#current-verdict")
    page.click("form[data-to=awaiting_approval] button")
    assert page.inner_text("#fact-workflow-status") == "Awaiting approval"
    page.click("#fact-claim-link")
    page.wait_for_selector("#claim-text")
    return fact_id


def messages(page) -> str:
    return page.inner_text(".messagelist") if page.locator(".messagelist").count() else ""


def test_facts_are_reviewed_one_by_one_and_edited_by_selecting_words(
    app, browser, sample_path: Path, tmp_path: Path
):
    from playwright.sync_api import expect  # installed: the `app` fixture checked

    stack, url = app
    rita = signed_in(browser, url, "rita")
    import_through_the_upload_page(rita, url, [sample_path])
    assert "1 imported" in rita.inner_text("#job-message"), stack.worker_log()
    rita.get_by_role("link", name=re.compile("About 300 of the 680")).click()
    rita.wait_for_selector("#article-text a.claim")
    article_url = rita.url

    # The 680 figure, on its own: True. The claim stands with what its facts give.
    open_claim_with(rita, url, article_url, "680 illegal workers")
    claim_url = rita.url
    assert "680 illegal workers</mark>" in rita.inner_html("#claim-text")
    assert "No verdict yet" in rita.inner_text("#facts-verdict")
    figure_id = review_fact(
        rita, "680 illegal workers", "True", "ICE's release: 680 arrested in the seven plants."
    )
    assert rita.inner_text("#facts-verdict") == (
        "The claim's verdict: True — derived from its facts (worst of 1; mixed when they disagree)"
    )
    # Its Breitbart attribution disagrees: the claim is mixed, with the worse of the two.
    review_fact(rita, "Breitbart News reported", "Mostly true", "Breitbart's story says so.")
    assert rita.inner_text("#facts-verdict") == (
        "The claim's verdict: Mixed: worst Mostly true — derived from its facts (worst of 2; "
        "mixed when they disagree)"
    )
    assert "Mixed: worst Mostly true" in rita.inner_text("#effective-verdict")
    row = fact_row(rita, "680 illegal workers")
    assert row.locator(".fact-verdict").inner_text().startswith("True")
    assert row.locator(".fact-status-pill").inner_text() == "Awaiting approval"
    shot(rita, "fact-claim-mixed")

    # The Cox attribution, in its own claim: did he say it, to Breitbart News? False.
    open_claim_with(rita, url, article_url, "Bryan Cox")
    cox_claim_url = rita.url
    cox = fact_row(rita, "ICE spokesman Bryan Cox confirmed to Breitbart News")
    assert (
        "speaker: Bryan Cox" in cox.inner_text() and "recipient: Breitbart News" in cox.inner_text()
    )
    cox.locator("a.fact-link").click()
    assert "Did Bryan Cox say it, to Breitbart News" in rita.inner_text("#verdict")
    shot(rita, "fact-page")
    rita.go_back()
    attribution_id = review_fact(
        rita,
        "ICE spokesman Bryan Cox confirmed to Breitbart News",
        "False",
        "Breitbart's article has no such statement from Cox; ICE's release quotes nobody.",
    )
    assert rita.inner_text("#facts-verdict") == (
        "The claim's verdict: False — derived from its facts (worst of 1; mixed when they disagree)"
    )
    shot(rita, "fact-claim-cox")

    # Back on the 680 claim: a fact added by dragging the mouse over its words.
    rita.goto(claim_url)
    facts_before = rita.locator("#fact-list tr.fact-row").count()
    drag_over(rita, "ICE raided seven food processing plants across Mississippi")
    expect(rita.locator("#fact-selection")).to_contain_text(
        "Selected “ICE raided seven food processing plants across Mississippi”"
    )
    rita.click("#fact-tools button[data-action=add]")
    assert rita.locator("#fact-add").get_attribute("open") is not None
    with rita.expect_navigation():
        rita.click("#fact-add-form button[value=date]")
    assert (
        "Fact added: date or event “ICE raided seven food processing plants across Mississippi”."
        in messages(rita)
    )
    assert rita.locator("#fact-list tr.fact-row").count() == facts_before + 1

    # Another with the keyboard only: Shift+arrows in the claim's text, A, then 3 (its kind).
    rita.focus("#claim-text")
    rita.keyboard.press("a")
    assert "The selection is empty" in rita.inner_text("#fact-selection")
    keyboard_select(rita, "arresting a total of 680 illegal workers")
    # The line under the text follows the selection (selectionchange comes a moment later).
    expect(rita.locator("#fact-selection")).to_contain_text(
        "Selected “arresting a total of 680 illegal workers”: characters"
    )
    rita.keyboard.press("a")
    with rita.expect_navigation():
        rita.keyboard.press("3")
    assert "Fact added: date or event “arresting a total of 680 illegal workers”." in messages(rita)
    assert rita.locator("#fact-list tr.fact-row").count() == facts_before + 2
    shot(rita, "fact-added")

    # Split it with the caret before "a total" (S, then Enter), and merge it back (M, Enter).
    caret_to(rita, "a total of 680")
    rita.keyboard.press("s")
    assert "Split date or event “arresting a total of 680 illegal workers”" in (
        rita.inner_text("#fact-selection")
    )
    with rita.expect_navigation():
        rita.keyboard.press("Enter")
    assert "Fact split in two: “arresting” and “a total of 680 illegal workers”." in messages(rita)
    assert fact_row(rita, "arresting").count() == 1
    caret_to(rita, "arresting a total", into=3)
    rita.keyboard.press("m")
    assert "Merge date or event “arresting” with “a total of 680 illegal workers”" in (
        rita.inner_text("#fact-selection")
    )
    with rita.expect_navigation():
        rita.keyboard.press("Enter")
    assert "Facts merged: date or event “arresting a total of 680 illegal workers”." in messages(
        rita
    )
    assert rita.locator("#fact-list tr.fact-row").count() == facts_before + 2

    # Words already in a superlative, added as a superlative: refused, in words, nothing saved.
    drag_over(rita, "single-state operation")
    rita.click("#fact-tools button[data-action=add]")
    rita.click("#fact-add-form button[value=comparison]")
    error = rita.inner_text("#fact-error")
    assert error.startswith(
        "This overlaps the comparison or superlative “largest single-state operation in United "
        "States history” (fact #"
    ), error
    assert "two facts of the same kind cannot share words" in error
    assert rita.locator("#fact-list tr.fact-row").count() == facts_before + 2
    shot(rita, "fact-overlap-refused")

    # Corrected on its own page: the mouse selects its right words, C moves it onto them.
    fact_row(rita, "ICE raided seven food processing plants across Mississippi").locator(
        "a.fact-link"
    ).click()
    drag_over(rita, "ICE raided seven food processing plants")
    rita.keyboard.press("c")
    assert (
        "Correct date or event “ICE raided seven food processing plants across Mississippi” to "
        "“ICE raided seven food processing plants”" in rita.inner_text("#fact-selection")
    )
    with rita.expect_navigation():
        rita.click(".fact-correct-button")
    assert "Fact corrected: date or event “ICE raided seven food processing plants”." in (
        messages(rita)
    )
    assert rita.inner_text("#fact-context h2") == (
        "Date or event: “ICE raided seven food processing plants”"
    )
    shot(rita, "fact-corrected")
    assert not rita.errors  # type: ignore[attr-defined]

    # An editor approves both facts; the ClaimReview export has one review for each.
    edna = signed_in(browser, url, "edna")
    for fact_id in (figure_id, attribution_id):
        edna.goto(f"{url}/workbench/facts/{fact_id}/")
        edna.click("form[data-to=approved] button")
        assert edna.inner_text("#fact-workflow-status") == "Approved"
    edna.goto(cox_claim_url)
    assert "False" in edna.inner_text("#facts-verdict")
    edna.goto(f"{url}/workbench/exports/")
    # The facts' claims are still new (their facts were reviewed, not the sentences).
    job = start_export(edna, format="claimreview", statuses=["new"])
    wait_until_finished(edna, stack, job)
    _, data = download(edna, edna.locator(f"#export-{job} a.export-download"), tmp_path)
    graph = json.loads(data)["@graph"]
    for fact_id, verdict in ((figure_id, "True"), (attribution_id, "False")):
        items = [r for r in graph if r["url"].endswith(f"#fact-{fact_id}")]
        assert len(items) == 1, (fact_id, [r["url"] for r in graph])
        assert items[0]["reviewRating"]["alternateName"] == verdict
    cox_review = next(r for r in graph if r["url"].endswith(f"#fact-{attribution_id}"))
    assert cox_review["itemReviewed"]["author"]["name"] == "Bryan Cox"
    figure_review = next(r for r in graph if r["url"].endswith(f"#fact-{figure_id}"))
    assert "680" in figure_review["claimReviewed"]
    assert not edna.errors  # type: ignore[attr-defined]
