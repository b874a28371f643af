"""The reader's facts: each fact a mark inside its claim's mark (nested where one fact
holds another, in two marks where two overlap), the article's text shown exactly and
escaped, the claim's effective verdict with where it comes from, the facts listed beside
the text, a fixed number of queries whatever the number of facts, and (in Chromium) the
keyboard that steps through a claim's facts.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article, Claim, ConsistencyCheck, Fact, FactOrigin
from claims.selectors_review import nest_facts
from claims.services import reviews
from tests.test_reviews_support import rating

pytestmark = pytest.mark.django_db

EXPORTS = "Exports rose by 40 percent to 3 billion euros in 2023, the highest level ever."
HOSTILE = 'Officials said <b>5 & 6</b> "units" cost <script>alert(1)</script> 7 million.'
PLAIN = "The port handled 12 ships on Monday."
# (sentence, kind, words): facts an import would store. In EXPORTS the comparison "rose by
# 40 percent" holds the figure "40 percent"; the date "euros in 2023" (made up to overlap)
# starts inside the figure "3 billion euros" and ends past it.
FACTS = (
    (EXPORTS, "comparison", "rose by 40 percent"),
    (EXPORTS, "figure", "40 percent"),
    (EXPORTS, "figure", "3 billion euros"),
    (EXPORTS, "date", "euros in 2023"),
    (EXPORTS, "comparison", "the highest level ever"),
    (HOSTILE, "attribution", "Officials said"),
    (HOSTILE, "list", "<b>5 & 6</b>"),
    (HOSTILE, "figure", "<script>alert(1)</script> 7 million"),
    (PLAIN, "figure", "12 ships"),
    (PLAIN, "date", "Monday"),
)


def fact_article(
    sentences: tuple[str, ...] = (EXPORTS, HOSTILE, PLAIN),
    facts: tuple[tuple[str, str, str], ...] = FACTS,
    *,
    title: str = "Trade figures",
    score: float = 0.3,
) -> Article:
    """Claims and facts stored as an import stores them (bulk inserts, no history). The
    score is below the check-worthy mark, so no score mark is added inside the claims."""
    text = "Intro line.\n\n" + " ".join(sentences)
    article = Article.objects.create(
        text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), title=title
    )
    claims = {}
    for position, sentence in enumerate(sentences):
        start = text.index(sentence)
        claims[sentence] = Claim(
            article=article,
            position=position,
            start=start,
            end=start + len(sentence),
            text=sentence,
            kinds=["quantity"],
            score=score,
        )
    Claim.objects.bulk_create(claims.values())
    stored = []
    for position, (sentence, kind, words) in enumerate(facts):
        claim = claims[sentence]
        start = text.index(words, claim.start)
        stored.append(
            Fact(
                claim=claim,
                position=position,
                kind=kind,
                start=start,
                end=start + len(words),
                text=words,
                statement=f"The article says {words}",
                origin=FactOrigin.EXTRACTED,
            )
        )
    Fact.objects.bulk_create(stored)
    return article


def fact_of(article: Article, words: str, kind: str | None = None) -> Fact:
    facts = Fact.objects.filter(claim__article=article, text=words)
    return facts.get(kind=kind) if kind else facts.get()


class ArticleText(HTMLParser):
    """What a browser would build from #article-text: its text (without the score
    marks), every tag in it, and each fact mark with its claim and the facts around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = 0  # depth inside #article-text
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.text = ""
        self.tags: set[str] = set()
        self.marks: list[dict] = []
        self.claims: dict[str, str] = {}  # claim id -> its text

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = {k: v or "" for k, v in attrs}
        if not self.inside:
            if found.get("id") == "article-text":
                self.inside = 1
            return
        self.inside += 1
        self.tags.add(tag)
        if tag == "mark":
            self.marks.append(
                {
                    "id": int(found["data-fact-id"]),
                    "classes": found["class"].split(),
                    "href": found.get("data-href", ""),
                    "title": found.get("title", ""),
                    "claim": self._claim(),
                    "within": [int(a["data-fact-id"]) for t, a in self.stack if t == "mark"],
                    "text": "",
                    "open": True,
                }
            )
        self.stack.append((tag, found))

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        self.inside -= 1
        if not self.inside:
            return
        opened, _ = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>: the marks are not nested"
        if tag == "mark":
            next(m for m in reversed(self.marks) if m["open"])["open"] = False

    def handle_data(self, data: str) -> None:
        if not self.inside or any("cw-mark" in a.get("class", "") for _, a in self.stack):
            return
        self.text += data
        claim = self._claim()
        if claim:
            self.claims[claim] = self.claims.get(claim, "") + data
        for mark in self.marks:
            if mark["open"]:
                mark["text"] += data

    def _claim(self) -> str:
        return next(
            (a["data-claim-id"] for t, a in reversed(self.stack) if "data-claim-id" in a), ""
        )


def read(client: Client, article: Article) -> tuple[ArticleText, str]:
    response = client.get(reverse("claims:article", args=[article.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    parsed = ArticleText()
    parsed.feed(page)
    assert parsed.stack == [], "an element of the article's text is left open"
    return parsed, page


def fact_href(fact: Fact) -> str:
    """Where a fact is reviewed: its own page."""
    return reverse("claims:fact-review", args=[fact.pk])


@pytest.fixture
def as_reviewer(client: Client, reviewer) -> Client:
    client.force_login(reviewer)
    return client


# --- Nesting (selectors_review.nest_facts) ------------------------------------------------


def _nested(text: str, facts: list[Fact]) -> str:
    """The pieces written as brackets: [kind:...] for each mark, + for a continued one."""
    out = ""
    for piece in nest_facts(text, 0, len(text), facts):
        if piece.kind == "text":
            out += piece.text
        elif piece.kind == "open":
            out += "[" + ("+" if piece.continued else "") + piece.fact.kind + ":"
        else:
            out += "]"
    return out


def _fact(pk: int, kind: str, text: str, words: str) -> Fact:
    start = text.index(words)
    return Fact(pk=pk, kind=kind, start=start, end=start + len(words), text=words)


def test_a_fact_holding_another_holds_its_mark():
    text = "Sales rose by 40 percent."
    facts = [
        _fact(1, "figure", text, "40 percent"),
        _fact(2, "comparison", text, "rose by 40 percent"),
    ]

    assert _nested(text, facts) == "Sales [comparison:rose by [figure:40 percent]]."


def test_two_facts_overlapping_without_holding_each_other_split_the_later_one():
    text = "It cost 3 billion euros in 2023."
    facts = [_fact(1, "figure", text, "3 billion euros"), _fact(2, "date", text, "euros in 2023")]

    assert _nested(text, facts) == "It cost [figure:3 billion [date:euros]][+date: in 2023]."


def test_facts_over_the_same_words_nest_by_kind():
    text = "In 2004 it fell."
    facts = [_fact(7, "date", text, "2004"), _fact(3, "figure", text, "2004")]

    assert _nested(text, facts) == "In [figure:[date:2004]] it fell."


def test_a_fact_outside_the_claim_is_not_marked_and_says_so():
    text = "One claim. Another claim with 5 cars."
    outside = _fact(1, "figure", text, "5 cars")

    assert nest_facts(text, 0, len("One claim."), [outside]) == []
    assert outside.marked is False


# --- The page -----------------------------------------------------------------------------


def test_each_fact_is_a_mark_inside_its_claims_mark_with_its_kind_and_status(as_reviewer):
    article = fact_article()
    parsed, _ = read(as_reviewer, article)
    claim_of = {c.text: str(c.pk) for c in article.claims.all()}

    for sentence, kind, words in FACTS:
        fact = fact_of(article, words, kind)
        marks = [m for m in parsed.marks if m["id"] == fact.pk]
        assert marks, words
        assert "".join(m["text"] for m in marks) == words
        assert {m["claim"] for m in marks} == {claim_of[sentence]}
        assert all(f"fk-{kind}" in m["classes"] and "fs-new" in m["classes"] for m in marks)
        assert all(m["href"] == fact_href(fact) for m in marks)
        assert marks[0]["title"].startswith(f"{fact.get_kind_display()} · New")
    comparison = fact_of(article, "rose by 40 percent")
    figure = fact_of(article, "40 percent", "figure")
    assert [m["within"] for m in parsed.marks if m["id"] == figure.pk] == [[comparison.pk]]
    # The date that overlaps the figure is two marks: inside the figure, then after it.
    date = fact_of(article, "euros in 2023")
    money = fact_of(article, "3 billion euros")
    parts = [m for m in parsed.marks if m["id"] == date.pk]
    assert [(p["text"], p["within"]) for p in parts] == [("euros", [money.pk]), (" in 2023", [])]
    assert ["fact-cont" in p["classes"] for p in parts] == [False, True]


def test_the_article_text_is_shown_exactly_and_escaped(as_reviewer):
    article = fact_article()
    parsed, page = read(as_reviewer, article)

    assert parsed.text == article.text
    for claim in article.claims.all():
        assert parsed.claims[str(claim.pk)] == claim.text
    # The article's "<b>" and "<script>" are text, never elements, in the text or the
    # list of facts beside it.
    assert parsed.tags <= {"a", "mark", "sup", "span"}
    assert "<script>alert(1)" not in page and "<b>5" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 7 million" in page
    assert "&lt;b&gt;5 &amp; 6&lt;/b&gt;" in page


def test_the_facts_are_listed_under_their_claim_with_links_to_their_review(as_reviewer):
    article = fact_article()
    _, page = read(as_reviewer, article)

    for _, kind, words in FACTS:
        fact = fact_of(article, words, kind)
        assert f'<a href="{fact_href(fact)}" class="fact-item" data-fact-id="{fact.pk}">' in page
    assert 'id="fact-legend"' in page and 'id="facts-shown"' in page
    for label in ("figure", "attribution", "date or event", "comparison or superlative", "list"):
        assert f">{label}</mark>" in page
    facts_link = f"/workbench/queue/?list=facts&amp;article={article.pk}&amp;sort=claim"
    assert f'<dd id="article-facts">{len(FACTS)} · <a href="{facts_link}">' in page


def test_a_facts_state_shows_on_its_mark_and_in_the_list(as_reviewer, reviewer):
    article = fact_article()
    figure = fact_of(article, "12 ships")
    reviews.fact_verdict_record(
        fact_id=figure.pk,
        rating=rating("False"),
        rationale="The log says 9.",
        by=reviewer,
        expected_version=figure.version,
    )
    Fact.objects.filter(pk=fact_of(article, "Monday").pk).update(stale_verdict=True)
    parsed, page = read(as_reviewer, article)

    mark = next(m for m in parsed.marks if m["id"] == figure.pk)
    assert "fs-in_review" in mark["classes"]
    assert mark["title"] == "Figure · In review · False"
    stale = next(m for m in parsed.marks if m["id"] == fact_of(article, "Monday").pk)
    assert "f-stale" in stale["classes"] and stale["title"].endswith("· stale verdict")
    assert (
        '<span class="status-pill st-in_review">In review</span> <span class="badge verdict">False</span>'
        in page
    )


def test_the_claims_verdict_says_whether_a_reviewer_set_it_or_its_facts_give_it(
    as_reviewer, reviewer
):
    article = fact_article()
    exports, _, plain = article.claims.order_by("position")
    for words, name in (("40 percent", "True"), ("the highest level ever", "False")):
        fact = fact_of(article, words, "figure" if words[0] == "4" else None)
        reviews.fact_verdict_record(
            fact_id=fact.pk,
            rating=rating(name),
            rationale="Checked.",
            by=reviewer,
            expected_version=fact.version,
        )
    ships = fact_of(article, "12 ships")
    reviews.fact_verdict_record(
        fact_id=ships.pk,
        rating=rating("True"),
        rationale="Port log.",
        by=reviewer,
        expected_version=ships.version,
    )
    reviews.verdict_record(
        claim_id=plain.pk,
        rating=rating("Mostly true"),
        rationale="Editor's call.",
        by=reviewer,
        expected_version=plain.version,
    )
    _, page = read(as_reviewer, article)

    def card(claim: Claim) -> str:
        start = page.index(f'data-claim-id="{claim.pk}">', page.index('id="claim-sidebar"'))
        end = page.find('<li class="claim-card', start)
        return page[start : end if end > 0 else page.index("</ol>", start)]

    assert (
        '<span class="badge verdict">Mixed: worst False</span> '
        '<span class="meta verdict-origin origin-facts">derived from its facts</span>'
    ) in card(exports)
    assert (
        '<span class="badge verdict">Mostly true</span> '
        '<span class="meta verdict-origin origin-editor">set by a reviewer</span>'
    ) in card(plain)
    assert "Mixed: worst False (derived from its facts)" in page  # the claim mark's title
    assert "Mostly true (set by a reviewer)" in page


# --- Queries ------------------------------------------------------------------------------


def _queries(client: Client, article: Article) -> list[str]:
    url = reverse("claims:article", args=[article.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_reader_runs_as_many_queries_with_many_facts_as_with_few(as_reviewer):
    few = fact_article((PLAIN,), ((PLAIN, "figure", "12 ships"),), title="Few")
    sentences = tuple(
        f"Agents counted {n} cars, {n + 1} trucks and {n + 2} vans on day {n}." for n in range(40)
    )
    facts = tuple(
        (s, kind, words)
        for n, s in enumerate(sentences)
        for kind, words in (
            ("figure", f"{n} cars"),
            ("figure", f"{n + 1} trucks"),
            ("figure", f"{n + 2} vans"),
            ("list", f"{n} cars, {n + 1} trucks and {n + 2} vans"),
            ("date", f"day {n}"),
        )
    )
    many = fact_article(sentences, facts, title="Many")
    for article in (few, many):  # checks too, each over several claims
        check = ConsistencyCheck.objects.create(
            article=article, check_name="sum", result="needs_review", detail="Adds up?"
        )
        check.claims.set(article.claims.all()[:3])

    one, two_hundred = _queries(as_reviewer, few), _queries(as_reviewer, many)

    assert Fact.objects.filter(claim__article=many).count() == 200
    assert len(two_hundred) == len(one), "\n".join(two_hundred)
    # The session, the user, the role, the article, its claims, their facts, its checks.
    assert len(two_hundred) <= 7, "\n".join(two_hundred)
    assert sum('FROM "claims_fact"' in sql for sql in two_hundred) == 1


def test_an_article_without_checks_does_not_ask_for_them(as_reviewer):
    article = fact_article()
    queries = _queries(as_reviewer, article)

    # Whether it has any comes with the article (an EXISTS), not as a query of its own.
    assert not any(sql.startswith('SELECT "claims_consistencycheck"') for sql in queries), queries
    assert len(queries) <= 6, "\n".join(queries)


def test_the_consistency_checks_still_show_beside_their_claims(as_reviewer):
    article = fact_article()
    exports, hostile, _ = article.claims.order_by("position")
    check = ConsistencyCheck.objects.create(
        article=article, check_name="parts_sum", result="inconsistent", detail="40 + 3 ≠ 7"
    )
    check.claims.set([exports, hostile])
    ConsistencyCheck.objects.create(
        article=article, check_name="dates", result="consistent", detail="In order"
    )

    response = as_reviewer.get(reverse("claims:article", args=[article.pk]))

    reader = response.context["reader"]
    assert [c.check_name for c in reader.checks] == ["parts_sum", "dates"]
    assert {pk: [c.check_name for c in found] for pk, found in reader.checks_by_claim.items()} == {
        exports.pk: ["parts_sum"],
        hostile.pk: ["parts_sum"],
    }
    assert response.content.decode().count("parts_sum: Inconsistent — 40 + 3 ≠ 7") == 2


# --- The keyboard, in Chromium ------------------------------------------------------------


@pytest.mark.integration
def test_the_keyboard_steps_through_a_claims_facts_and_opens_one(
    transactional_db, roles_again, live_server, reviewer
):
    from tests.browser.test_workbench_flow import CHROMIUM_ARGS, SCREENSHOTS, require_browser, shot

    require_browser()
    from playwright.sync_api import sync_playwright

    article = fact_article(score=0.9)
    exports = article.claims.get(position=0)
    session = Client()
    session.force_login(reviewer)
    cookie = session.cookies["sessionid"].value
    order = ["rose by 40 percent", "40 percent", "3 billion euros", "euros in 2023"]
    ids = [fact_of(article, w, None if w != "40 percent" else "figure").pk for w in order]
    # Read before the browser starts: the ORM refuses to run inside its event loop.
    figure_review = fact_href(Fact.objects.get(pk=ids[1]))
    claim_review = reverse("claims:claim", args=[exports.pk])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(
                viewport={"width": 1400, "height": 1000}, device_scale_factor=2
            )
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{live_server.url}/workbench/articles/{article.pk}/")

            def current() -> list[str]:
                return page.eval_on_selector_all(
                    "#article-text mark.fact-current", "ms => ms.map(m => m.dataset.factId)"
                )

            page.focus(f"#claim-{exports.pk}")
            page.keyboard.press("ArrowRight")
            assert current() == [str(ids[0])]
            status = page.inner_text("#fact-status")
            assert status.startswith("Fact 1 of 5: “rose by 40 percent”, Comparison or superlative")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            # The date that overlaps the figure lights up in both of its marks.
            assert current() == [str(ids[3]), str(ids[3])]
            assert "“euros in 2023”" in page.inner_text("#fact-status")
            page.keyboard.press("ArrowLeft")
            assert current() == [str(ids[2])]
            page.keyboard.press("Escape")
            assert current() == []
            # The list beside the text names a fact in the text on hover.
            page.hover(f'.fact-item[data-fact-id="{ids[1]}"]')
            assert current() == [str(ids[1])]
            page.mouse.move(0, 0)
            # The kind is the line's style, not its colour alone.
            style = page.eval_on_selector(
                f'#article-text mark[data-fact-id="{ids[0]}"]',
                "m => getComputedStyle(m).textDecorationStyle",
            )
            assert style == "wavy"
            shot(page, "reader-facts")
            page.locator("#article-text").screenshot(
                path=str(SCREENSHOTS / "reader-facts-text.png")
            )

            page.focus(f"#claim-{exports.pk}")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
            page.wait_for_url(f"**{figure_review}")
            # Enter without a fact picked follows the claim's own link.
            page.goto(f"{live_server.url}/workbench/articles/{article.pk}/")
            page.focus(f"#claim-{exports.pk}")
            page.keyboard.press("Enter")
            page.wait_for_url(f"**{claim_review}")
            assert not errors, errors
        finally:
            browser.close()
