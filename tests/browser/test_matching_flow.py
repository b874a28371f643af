"""Issue 13 "done when", in a real browser: the sample and our own articles about the same
raid (680, "nearly 700" and 600 arrested; about 300 and 270 released; Bryan and Brian Cox)
plus unrelated stories with the same numbers, imported through the upload page and
matched by the worker's import job; an editor adds an earlier fact-check on the verdict
library screen. The reader marks the claims (also reported, figures differ, already
checked) and the review page links the other outlets with agree/differ; the unrelated
stories stay out. A figure's own review page lists the same figure in the other outlets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser.test_workbench_flow import (  # noqa: F401 (fixtures)
    app,
    browser,
    import_through_the_upload_page,
    shot,
    signed_in,
)
from tests.matching.test_matching_service import CLAIMREVIEW

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matching"
RAID = ["gulf-courier-raid.txt", "delta-ledger-raid.txt", "pine-belt-raid.txt"]
UNRELATED = ["madrid-final.txt", "ohio-layoffs.txt"]
UNRELATED_OUTLETS = ["Iberia Sports Wire", "Lakeshore Business Journal"]


def open_article(page, url: str, title: str) -> None:
    page.goto(f"{url}/workbench/articles/")
    page.get_by_role("link", name=title).click()
    page.wait_for_selector("#article-text a.claim")


def claim_link(page, fragment: str):
    return page.locator("#article-text a.claim", has_text=fragment).first


def test_the_same_raid_across_outlets_is_linked_with_its_drift_and_earlier_verdict(
    app,  # noqa: F811 (the fixture imported above)
    browser,  # noqa: F811
    sample_path: Path,
    tmp_path: Path,
):
    stack, url = app
    rita = signed_in(browser, url, "rita")
    files = [sample_path] + [FIXTURES / name for name in RAID + UNRELATED]
    import_through_the_upload_page(rita, url, files)
    assert "6 imported" in rita.inner_text("#job-message"), stack.worker_log()

    # An editor adds an earlier fact-check: one valid item, two bad ones named.
    edna = signed_in(browser, url, "edna")
    edna.get_by_role("link", name="Verdict library").click()
    checks = tmp_path / "earlier-checks.json"
    checks.write_text(json.dumps(CLAIMREVIEW), encoding="utf-8")
    edna.set_input_files("#id_file", str(checks))
    edna.click("#library-form input[type=submit]")
    edna.wait_for_url(re.compile(r"/workbench/library/imports/\d+/$"))
    edna.wait_for_selector("#library-outcome", timeout=120_000)  # the page refreshes
    assert edna.inner_text("#outcome-imported") == "1", stack.worker_log()
    assert edna.inner_text("#job-status") == "Finished with errors"
    assert edna.inner_text("#outcome-failed") == "2"
    assert int(edna.inner_text("#outcome-checked")) >= 1
    errors = edna.inner_text("#job-errors")
    assert "no claimReviewed" in errors and "'Four wibbles' is not one we know" in errors
    shot(edna, "matching-library-import")

    # The reader marks the claims that other outlets report, with drift, and checked.
    open_article(rita, url, "Immigration agents arrest 680 at Mississippi food plants")
    arrested = claim_link(rita, "Federal immigration agents arrested 680")
    marks = arrested.get_attribute("class").split()
    assert {"m-reported", "m-differ", "m-checked"} <= set(marks), marks
    released = claim_link(rita, "Bryan Cox")
    assert {"m-reported", "m-differ"} <= set(released.get_attribute("class").split())
    shot(rita, "matching-reader")

    # The review page: the other outlets with agree/differ, the earlier verdict.
    arrested.click()
    rita.wait_for_url(re.compile(r"/workbench/claims/\d+/$"))
    rows = rita.locator("#also-reported tr.match")
    outlets = [rows.nth(i).get_attribute("data-outlet") for i in range(rows.count())]
    assert "Delta Ledger" in outlets and "Pine Belt Dispatch" in outlets, outlets
    assert not set(UNRELATED_OUTLETS) & set(outlets)
    nearly = rita.locator('#also-reported tr.match[data-outlet="Delta Ledger"]')
    assert "680 vs 700" in nearly.inner_text() and "agrees" in nearly.inner_text()
    assert "differs" not in (nearly.get_attribute("class") or "")
    six_hundred = rita.locator('#also-reported tr.match[data-outlet="Pine Belt Dispatch"]')
    assert "680 vs 600" in six_hundred.inner_text() and "differs" in six_hundred.inner_text()
    checked = rita.inner_text("#already-checked")
    assert "Example Checks" in checked and "ICE's own release gives 680." in checked
    shot(rita, "matching-review")

    # The fact's own page: the same figure in the other outlets, fact by fact.
    rita.locator("#fact-list a.fact-link", has_text="“680 workers”").click()
    rita.wait_for_url(re.compile(r"/workbench/facts/\d+/$"))
    facts = rita.locator("#fact-also-reported tr.fact-match")
    by_outlet = {
        facts.nth(i).get_attribute("data-outlet"): facts.nth(i).inner_text()
        for i in range(facts.count())
    }
    assert set(by_outlet) == {"Breitbart News", "Delta Ledger", "Pine Belt Dispatch"}, by_outlet
    assert "680 vs 680 arrest: agrees" in by_outlet["Breitbart News"]  # the sample
    assert "680 vs 700 arrest: agrees" in by_outlet["Delta Ledger"]
    assert "Nearly 700 workers" in by_outlet["Delta Ledger"]
    assert "680 vs 600 arrest: differs" in by_outlet["Pine Belt Dispatch"]
    assert "Example Checks" in rita.inner_text("#fact-already-checked")
    shot(rita, "matching-fact-review")
    rita.go_back()

    # Brian (Delta Ledger) and Bryan Cox (Gulf Courier) are one person; 270 is not ~300.
    open_article(rita, url, "Nearly 700 detained in Mississippi workplace raids")
    claim_link(rita, "Brian Cox").click()
    rita.wait_for_url(re.compile(r"/workbench/claims/\d+/$"))
    gulf = rita.locator('#also-reported tr.match[data-outlet="Gulf Courier"]')
    assert "Brian Cox / Bryan Cox: same person" in gulf.inner_text()
    assert "270 vs 300" in gulf.inner_text() and "differs" in gulf.inner_text()
    shot(rita, "matching-review-speakers")

    # The unrelated stories with the same numbers stay out, both ways.
    for title in ("Fans detained after cup final in Madrid", "Ohio parts maker cuts 270 jobs"):
        open_article(rita, url, title)
        assert rita.locator("#article-text a.claim.m-reported").count() == 0, title
        assert rita.locator("#article-text a.claim.m-differ").count() == 0, title
    assert rita.errors == [] and edna.errors == []
