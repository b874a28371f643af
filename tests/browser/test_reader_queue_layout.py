"""The reader's check-worthiness marks and the queue's layout, in headless Chromium.

The app runs as in test_workbench_flow (manage.py runserver, SQLite), without a worker:
the articles are stored directly, with the scores each test needs. Screenshots go to
screenshots/ (git-ignored) and were looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.test_workbench_flow import USERS, browser, require_browser, shot, signed_in
from tests.integration.services import Stack, browser_stack, web_server

pytestmark = pytest.mark.integration
__all__ = ["browser"]  # the fixture, imported for the tests below

# Articles written for these tests; three claims above the 0.5 threshold each, two below.
SENTENCES = [
    ("The council spent 4.2 million euros on the harbour bridge in 2023.", 0.91),
    ("It was a sunny morning at the harbour.", 0.12),
    ("Mayor Ana Ruiz said unemployment fell to 6 percent, the lowest in a decade.", 0.68),
    ("Residents hope the works will end soon.", 0.31),
    ("The bridge carries 40,000 cars a day, according to the transport office.", 0.55),
]
SEED = f"""
import hashlib
from django.contrib.auth.models import Group, User
from claims.models import Article, Claim
sentences = {SENTENCES!r}
for n in range(6):
    User.objects.create_user(f"reviewer{{n}}").groups.add(Group.objects.get(name="Reviewer"))
ids = []
for i, outlet in enumerate(["Valley Post", "Harbour Herald", "Daily Planet"] * 2):
    text = "\\n\\n".join(s for s, _ in sentences) + f"\\n\\nEdition {{i}}."
    article = Article.objects.create(
        text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title="" if i == 1 else f"Harbour bridge costs rise, part {{i}}", outlet=outlet,
    )
    ids.append(article.pk)
    cursor = 0
    for position, (sentence, score) in enumerate(sentences):
        start = text.index(sentence, cursor)
        cursor = start + len(sentence)
        Claim.objects.create(
            article=article, position=position, start=start, end=cursor, text=sentence,
            kinds=["quantity"], score=score,
        )
print(ids[0])
"""


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[Stack, str, int]]:
    require_browser()
    with browser_stack(tmp_path) as stack:
        result = stack.manage("migrate", "--noinput")
        assert result.returncode == 0, result.stderr
        assert stack.query(USERS) == 1
        article_id = stack.query(SEED)
        with web_server(stack) as url:
            yield stack, url, article_id


def _claim(page, sentence: str):
    return page.locator("#article-text a.claim", has_text=sentence[:30])


def _style(locator, prop: str) -> str:
    return locator.evaluate(f"el => getComputedStyle(el)[{prop!r}]")


def test_the_reader_marks_a_check_worthy_claim_apart_from_a_low_one(app, browser):
    _, url, article_id = app
    rita = signed_in(browser, url, "rita")
    rita.goto(f"{url}/workbench/articles/{article_id}/")
    high, low = _claim(rita, SENTENCES[0][0]), _claim(rita, SENTENCES[1][0])
    worthy = _claim(rita, SENTENCES[4][0])

    assert "cw-high" in high.get_attribute("class")
    assert "cw-worthy" in worthy.get_attribute("class")
    assert "cw-low" in low.get_attribute("class")
    # Not colour alone: a visible mark with the score, and the underline's weight.
    assert high.locator(".cw-mark").is_visible()
    assert "0.91" in high.locator(".cw-mark").inner_text()
    assert "0.55" in worthy.locator(".cw-mark").inner_text()
    assert low.locator(".cw-mark").count() == 0
    assert _style(high, "borderBottomWidth") == "4px"
    assert _style(worthy, "borderBottomWidth") == "2px"
    assert _style(low, "borderBottomStyle") == "dotted"
    # The grey that every sentence used to get is gone from the low one, and the high one
    # keeps its status colour.
    assert _style(low, "backgroundColor") == "rgba(0, 0, 0, 0)"
    assert _style(high, "backgroundColor") != "rgba(0, 0, 0, 0)"
    legend = rita.inner_text("#reader-legend")
    assert "Check-worthiness" in legend and "0.5" in legend
    shot(rita, "reader-worthiness")

    rita.check("#cw-all")
    # The admin's links fade their background in; wait for the end of the fade.
    grey = _style(high, "backgroundColor")
    rita.wait_for_function(
        "grey => getComputedStyle(document.querySelector('#article-text a.claim.cw-low'))"
        ".backgroundColor === grey",
        arg=grey,
    )
    assert _style(low, "backgroundColor") == grey
    shot(rita, "reader-worthiness-all")
    assert not rita.errors  # type: ignore[attr-defined]


def _box(page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, selector
    return box


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


QUEUE_PARTS = {
    "filter panel": "#changelist-filter",
    "status tabs": "#status-counts",
    "search box": "#changelist-search",
    "help bar": "#shortcut-help",
    "bulk-action form": "#bulk-form .actions",
    "table": "#result_list",
}


def _assert_apart(page, parts: dict[str, str], where: str) -> None:
    boxes = {name: _box(page, selector) for name, selector in parts.items()}
    names = list(boxes)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert not _overlap(boxes[first], boxes[second]), (where, first, second, boxes)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_queue_and_the_reader_lay_out_without_overlaps(app, browser, width: int):
    _, url, article_id = app
    rita = signed_in(browser, url, "rita")
    rita.set_viewport_size({"width": width, "height": 844})
    rita.goto(f"{url}/workbench/queue/?min_score=0")
    assert rita.locator("tr.queue-row").count() == 30

    _assert_apart(rita, QUEUE_PARTS, f"queue at {width}px")
    filter_open = rita.locator("#filter-details").evaluate("d => d.open")
    # Folded on a phone (one line above the list), open beside the list on a wide screen.
    assert filter_open is (width > 900)
    shot(rita, f"queue-{width}")
    if not filter_open:
        rita.click("#filter-details summary")
        assert rita.locator("#filter-form").is_visible()
        _assert_apart(rita, QUEUE_PARTS, f"queue at {width}px, filter open")
        shot(rita, f"queue-{width}-filter-open")

    # Scrolled into the table, the help bar is nowhere over the rows (it used to stick there).
    rita.locator("tr.queue-row").nth(15).scroll_into_view_if_needed()
    help_bar = _box(rita, "#shortcut-help")
    for row in rita.locator("tr.queue-row").all():
        box = row.bounding_box()
        assert box and not _overlap(help_bar, box)
    # Nothing makes the page itself scroll sideways (the table scrolls in its own box).
    assert rita.evaluate("() => document.documentElement.scrollWidth") <= width

    rita.goto(f"{url}/workbench/articles/{article_id}/")
    _assert_apart(
        rita,
        {"metadata": "#article-meta", "legend": "#reader-legend", "text": "#article-text",
         "claim list": "#claim-sidebar"},
        f"reader at {width}px",
    )  # fmt: skip
    assert rita.evaluate("() => document.documentElement.scrollWidth") <= width
    shot(rita, f"reader-{width}")
    assert not rita.errors  # type: ignore[attr-defined]
