"""The queue's list of facts: the Claims | Facts toggle kept in the URL, each filter
(kind, status, verdict, stale and orphaned, assignee, article, claim), keyset pages that
walk every fact once, counts that never count every fact, bulk actions through the
services, and the queries a page runs.

Runs on SQLite and on PostgreSQL (DATABASE_URL); the indexes' plans only there.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import keyset, selectors_fact_queue
from claims.models import Article, Claim, ClaimStatus, Fact, FactOrigin
from claims.selectors_fact_queue import FACT_SORTS
from claims.services import reviews
from tests.test_reviews_support import rating

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="plans")
QUEUE = "/workbench/queue/"


def article_with_facts(claims: int, *, title: str = "Border counts", outlet: str = "Gazette"):
    """`claims` sentences, each a claim with two facts (a figure and a date), stored as an
    import stores them."""
    sentences = [
        f"Agents counted {n + 1} cars at the border on day {n + 1}." for n in range(claims)
    ]
    text = f"{title}.\n\n" + " ".join(sentences)
    article = Article.objects.create(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        outlet=outlet,
    )
    rows, cursor = [], 0
    for position, sentence in enumerate(sentences):
        start = text.index(sentence, cursor)
        cursor = start + len(sentence)
        rows.append(
            Claim(
                article=article,
                position=position,
                start=start,
                end=cursor,
                text=sentence,
                kinds=["quantity"],
                score=0.9,
            )
        )
    Claim.objects.bulk_create(rows)
    facts = []
    for claim in article.claims.order_by("position"):
        for position, words in enumerate(
            (f"{claim.position + 1} cars", f"day {claim.position + 1}")
        ):
            start = text.index(words, claim.start)
            facts.append(
                Fact(
                    claim=claim,
                    position=position,
                    kind="figure" if position == 0 else "date",
                    start=start,
                    end=start + len(words),
                    text=words,
                    statement=f"Agents counted {words}" if position == 0 else "",
                    origin=FactOrigin.EXTRACTED,
                )
            )
    Fact.objects.bulk_create(facts)
    return article


def fact_href(fact: Fact) -> str:
    """Where a fact is reviewed: its own page."""
    return reverse("claims:fact-review", args=[fact.pk])


@pytest.fixture
def as_reviewer(client: Client, reviewer) -> Client:
    client.force_login(reviewer)
    return client


def ids(client: Client, query: str) -> list[int]:
    response = client.get(QUEUE + "?" + query)
    assert response.status_code == 200
    return [row.pk for row in response.context["page"]]


def all_ids(**filters) -> list[int]:
    return list(Fact.objects.filter(**filters).order_by("-id").values_list("pk", flat=True))


# --- The toggle ---------------------------------------------------------------------------


def _toggle(page: str) -> dict[str, tuple[str, bool]]:
    found = re.findall(
        r'<a href="\?([^"]*)" id="list-(\w+)" class="[^"]*"( aria-current="page")?>', page
    )
    return {name: (query.replace("&amp;", "&"), bool(current)) for query, name, current in found}


def test_the_queue_lists_claims_by_default_and_facts_with_list_facts(as_reviewer):
    article_with_facts(3)

    claims = as_reviewer.get(QUEUE)
    facts = as_reviewer.get(QUEUE + "?list=facts")

    assert claims.context["listing"] == "claims"
    assert all(isinstance(row, Claim) for row in claims.context["page"])
    assert facts.context["listing"] == "facts"
    assert [row.pk for row in facts.context["page"]] == all_ids()
    assert "<title>Fact queue" in facts.content.decode()
    assert _toggle(claims.content.decode())["claims"][1] is True
    assert _toggle(facts.content.decode())["facts"][1] is True


def test_the_toggle_keeps_the_filters_both_lists_share_and_starts_at_page_one(as_reviewer):
    article = article_with_facts(1)
    page = as_reviewer.get(
        QUEUE + f"?status=new&verdict=none&assignee=none&article={article.pk}&kind=quantity"
        "&min_score=0&q=cars&sort=newest&after=1,0,1"
    ).content.decode()

    to_facts = _toggle(page)["facts"][0]
    assert to_facts == f"status=new&verdict=none&assignee=none&article={article.pk}&list=facts"
    assert ids(as_reviewer, to_facts) == all_ids()

    back = _toggle(
        as_reviewer.get(
            QUEUE + "?" + to_facts + "&fact_kind=date&flag=stale&sort=claim"
        ).content.decode()
    )
    assert back["claims"][0] == f"status=new&verdict=none&assignee=none&article={article.pk}"
    assert back["facts"] == (
        f"status=new&verdict=none&assignee=none&article={article.pk}&list=facts"
        "&fact_kind=date&flag=stale&sort=claim",
        True,
    )


def test_the_status_tabs_and_the_pager_stay_on_the_facts(as_reviewer):
    article_with_facts(30)  # 60 facts: two pages
    page = as_reviewer.get(QUEUE + "?list=facts&fact_kind=figure&status=new").content.decode()

    assert 'href="?list=facts&amp;fact_kind=figure&amp;status=in_review"' in page
    assert '<span class="count" data-status="new">30</span>' in page
    first = as_reviewer.get(QUEUE + "?list=facts").content.decode()
    after = re.search(r'href="\?([^"]*)" id="page-next"', first).group(1).replace("&amp;", "&")
    assert after.startswith("list=facts&after=")
    assert 'name="list" value="facts"' in first  # the filter form and the jump box keep it


# --- Rows ---------------------------------------------------------------------------------


def test_a_fact_row_shows_its_kind_text_statement_claim_article_status_and_verdict(
    as_reviewer, reviewer
):
    article = article_with_facts(1, title="Border <b>counts</b>")
    figure = Fact.objects.get(kind="figure")
    reviews.fact_verdict_record(
        fact_id=figure.pk,
        rating=rating("Mostly true"),
        rationale="Log.",
        by=reviewer,
        expected_version=figure.version,
    )

    page = as_reviewer.get(QUEUE + "?list=facts&fact_kind=figure").content.decode()
    row = page[
        page.index(f'data-fact-id="{figure.pk}"') : page.index(
            "</tr>", page.index(f'data-fact-id="{figure.pk}"')
        )
    ]

    href = fact_href(figure)
    assert f'data-open-url="{href}"' in page
    assert '<span class="badge fact-kind fk-figure">Figure</span>' in row
    assert f'<a href="{href}" class="fact-link">1 cars</a>' in row
    assert '<div class="meta fact-statement">Agents counted 1 cars</div>' in row
    claim = figure.claim
    assert f'<a href="/workbench/claims/{claim.pk}/">{claim.text}</a>' in row
    assert (
        f'<a href="/workbench/articles/{article.pk}/">Border &lt;b&gt;counts&lt;/b&gt;</a>' in row
    )
    assert '<span class="status-pill st-in_review">In review</span>' in row
    assert "<td>Mostly true</td>" in row
    assert '<td class="assignee-cell">rita</td>' in row


def test_the_claims_list_says_where_a_claims_verdict_comes_from(as_reviewer, reviewer):
    article_with_facts(2)
    first, second = Claim.objects.order_by("position")
    figure = first.facts.get(kind="figure")
    reviews.fact_verdict_record(
        fact_id=figure.pk,
        rating=rating("False"),
        rationale="Log.",
        by=reviewer,
        expected_version=figure.version,
    )
    reviews.verdict_record(
        claim_id=second.pk,
        rating=rating("True"),
        rationale="Call.",
        by=reviewer,
        expected_version=second.version,
    )

    page = as_reviewer.get(QUEUE + "?min_score=0").content.decode()

    assert 'False<div class="meta verdict-origin origin-facts">derived from its facts</div>' in page
    assert 'True<div class="meta verdict-origin origin-editor">set by a reviewer</div>' in page


# --- Filters ------------------------------------------------------------------------------


def test_the_kind_filter(as_reviewer):
    article_with_facts(3)

    assert ids(as_reviewer, "list=facts&fact_kind=date") == all_ids(kind="date")
    assert ids(as_reviewer, "list=facts&fact_kind=figure") == all_ids(kind="figure")
    assert ids(as_reviewer, "list=facts&fact_kind=list") == []


def test_the_status_filter(as_reviewer, reviewer):
    article_with_facts(3)
    first, second = Fact.objects.filter(kind="figure").order_by("pk")[:2]
    reviews.fact_assign(fact_id=first.pk, assignee=reviewer, by=reviewer)
    reviews.fact_transition(
        fact_id=second.pk,
        to_status=ClaimStatus.DISMISSED,
        by=reviewer,
        expected_version=second.version,
    )

    assert ids(as_reviewer, "list=facts&status=in_review") == [first.pk]
    assert ids(as_reviewer, "list=facts&status=dismissed") == [second.pk]
    assert ids(as_reviewer, "list=facts&status=new") == all_ids(status="new")
    assert len(all_ids(status="new")) == 4


def test_the_verdict_filter(as_reviewer, reviewer):
    article_with_facts(3)
    figure, date = Fact.objects.order_by("pk")[:2]
    for fact, name in ((figure, "False"), (date, "True")):
        reviews.fact_verdict_record(
            fact_id=fact.pk,
            rating=rating(name),
            rationale="r",
            by=reviewer,
            expected_version=fact.version,
        )

    assert ids(as_reviewer, f"list=facts&verdict={rating('False').pk}") == [figure.pk]
    assert ids(as_reviewer, f"list=facts&verdict={rating('True').pk}") == [date.pk]
    assert ids(as_reviewer, "list=facts&verdict=none") == all_ids(verdict__isnull=True)
    assert len(all_ids(verdict__isnull=True)) == 4


def test_the_stale_and_orphaned_filters(as_reviewer):
    article_with_facts(3)
    stale, orphan, both = Fact.objects.order_by("pk")[:3]
    # As a new revision of the article leaves them (services.revisions).
    Fact.objects.filter(pk__in=[stale.pk, both.pk]).update(stale_verdict=True)
    Fact.objects.filter(pk__in=[orphan.pk, both.pk]).update(orphaned=True)

    assert ids(as_reviewer, "list=facts&flag=stale") == [both.pk, stale.pk]
    assert ids(as_reviewer, "list=facts&flag=orphaned") == [both.pk, orphan.pk]
    page = as_reviewer.get(QUEUE + "?list=facts&flag=stale").content.decode()
    assert page.count('<span class="badge flag-stale"') == 2
    assert page.count('<span class="badge flag-orphan"') == 1


def test_the_assignee_article_and_claim_filters(as_reviewer, reviewer, editor):
    article_with_facts(2)
    other = article_with_facts(2, title="Harbour counts")
    mine, theirs = Fact.objects.filter(claim__article=other).order_by("pk")[:2]
    reviews.fact_assign(fact_id=mine.pk, assignee=reviewer, by=reviewer)
    reviews.fact_assign(fact_id=theirs.pk, assignee=editor, by=editor)
    claim = other.claims.get(position=1)

    assert ids(as_reviewer, "list=facts&assignee=me") == [mine.pk]
    assert ids(as_reviewer, f"list=facts&assignee={editor.pk}") == [theirs.pk]
    assert ids(as_reviewer, "list=facts&assignee=none") == all_ids(assignee__isnull=True)
    assert ids(as_reviewer, f"list=facts&article={other.pk}") == all_ids(claim__article=other)
    assert ids(as_reviewer, f"list=facts&claim={claim.pk}") == all_ids(claim=claim)
    assert len(all_ids(claim=claim)) == 2


def test_filters_combine(as_reviewer, reviewer):
    article_with_facts(4)
    figure = Fact.objects.filter(kind="figure").order_by("pk").first()
    reviews.fact_assign(fact_id=figure.pk, assignee=reviewer, by=reviewer)

    assert ids(as_reviewer, "list=facts&fact_kind=figure&status=in_review&assignee=me") == [
        figure.pk
    ]
    assert ids(as_reviewer, "list=facts&fact_kind=date&status=in_review") == []


def test_a_filter_value_that_is_not_a_choice_is_dropped_with_a_notice(as_reviewer):
    article_with_facts(2)

    response = as_reviewer.get(QUEUE + "?list=facts&fact_kind=rumour&flag=stale&article=x")

    page = response.content.decode()
    assert "Fact kind: Select a valid choice. rumour is not one of the available choices." in page
    assert "That filter is not applied." in page
    assert "Article: Enter a whole number." in page
    # The valid filter still applies.
    assert [f.pk for f in response.context["page"]] == []
    assert ids(as_reviewer, "list=facts&fact_kind=rumour") == all_ids()


# --- Keyset pages -------------------------------------------------------------------------


def _walk(client: Client, query: str) -> tuple[list[int], list[str]]:
    found, urls, url = [], [], QUEUE + "?" + query
    while url:
        urls.append(url)
        response = client.get(url)
        found += [fact.pk for fact in response.context["page"]]
        link = re.search(r'href="\?([^"]*)" id="page-next"', response.content.decode())
        url = QUEUE + "?" + link.group(1).replace("&amp;", "&") if link else ""
    return found, urls


@pytest.mark.parametrize("sort", list(FACT_SORTS))
def test_keyset_pages_walk_every_fact_once_in_order_and_back(as_reviewer, sort):
    for n in range(3):
        article_with_facts(23, title=f"Crossing {n}")  # 138 facts: three pages
    expected = list(Fact.objects.order_by(*FACT_SORTS[sort]).values_list("pk", flat=True))

    found, urls = _walk(as_reviewer, f"list=facts&sort={sort}")

    assert found == expected and len(urls) == 3
    last = as_reviewer.get(urls[-1]).content.decode()
    previous = re.search(r'href="\?([^"]*)" id="page-previous"', last).group(1)
    back = as_reviewer.get(QUEUE + "?" + previous.replace("&amp;", "&"))
    assert [f.pk for f in back.context["page"]] == expected[50:100]
    final = as_reviewer.get(QUEUE + f"?list=facts&sort={sort}&last=1")
    assert [f.pk for f in final.context["page"]] == expected[-50:]
    assert 'id="page-next"' not in final.content.decode()


def test_keyset_pages_of_a_filtered_list_walk_only_its_facts(as_reviewer):
    for n in range(3):
        article_with_facts(30, title=f"Crossing {n}")

    found, urls = _walk(as_reviewer, "list=facts&fact_kind=date&sort=claim")

    assert found == list(
        Fact.objects.filter(kind="date")
        .order_by("claim_id", "position", "id")
        .values_list("pk", flat=True)
    )
    assert len(urls) == 2


def test_a_jump_starts_at_a_fact_id_and_links_back(as_reviewer):
    article_with_facts(40)
    middle = all_ids()[30]

    response = as_reviewer.get(QUEUE + f"?list=facts&from={middle}")

    assert [f.pk for f in response.context["page"]][:2] == all_ids()[30:32]
    page = response.content.decode()
    assert "Jump to fact id at most" in page
    assert 'id="page-previous"' in page and 'id="page-first"' in page


def test_an_edited_page_key_gives_the_first_page_with_a_notice(as_reviewer):
    article_with_facts(2)

    response = as_reviewer.get(QUEUE + "?list=facts&after=x")

    assert [f.pk for f in response.context["page"]] == all_ids()
    assert "That page link is out of date" in response.content.decode()


# --- Counts -------------------------------------------------------------------------------


def test_the_status_tabs_count_each_status_up_to_the_cap(as_reviewer, reviewer, monkeypatch):
    article_with_facts(3)
    figure = Fact.objects.filter(kind="figure").first()
    reviews.fact_assign(fact_id=figure.pk, assignee=reviewer, by=reviewer)

    exact = as_reviewer.get(QUEUE + "?list=facts").content.decode()
    monkeypatch.setattr(selectors_fact_queue, "CAP", 2)
    capped = as_reviewer.get(QUEUE + "?list=facts").content.decode()
    dated = as_reviewer.get(QUEUE + "?list=facts&fact_kind=date").content.decode()

    assert '<span class="count" data-status="new">5</span>' in exact
    assert '<span class="count" data-status="in_review">1</span>' in exact
    assert 'All <span class="count">6</span>' in exact
    assert '<span class="count" data-status="new">2+</span>' in capped
    assert '<span class="count" data-status="in_review">1</span>' in capped
    assert 'All <span class="count">3+</span>' in capped
    assert '<span class="count" data-status="new">2+</span>' in dated
    assert '<span class="count" data-status="in_review">0</span>' in dated


def _queries(client: Client, query: str) -> list[str]:
    client.get(QUEUE + "?" + query)  # the pickers are cached for a minute
    with CaptureQueriesContext(connection) as captured:
        assert client.get(QUEUE + "?" + query).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    "query",
    [
        "list=facts",
        "list=facts&fact_kind=figure",
        "list=facts&status=new&flag=stale",
        "list=facts&verdict=none&assignee=me",
        "list=facts&sort=claim&last=1",
        "list=facts&article=1",
    ],
)
def test_a_page_of_facts_runs_the_same_queries_with_many_facts_as_with_few(as_reviewer, query):
    article_with_facts(2)
    few = _queries(as_reviewer, query)
    for n in range(3):
        article_with_facts(40, title=f"More {n}")
    many = _queries(as_reviewer, query)

    assert len(many) == len(few), "\n".join(many)
    # The session, the user, the role, the counts (one statement) and the page.
    assert len(many) <= 5, "\n".join(many)
    for sql in many:
        assert "OFFSET" not in sql.upper()
        if "claims_fact" in sql and "COUNT(" in sql.upper():
            # Every count reads at most CAP + 1 facts of one status.
            assert sql.upper().count("COUNT(") == sql.upper().count("LIMIT 1001"), sql


# --- Bulk actions -------------------------------------------------------------------------


def _bulk(client: Client, **data) -> list[str]:
    response = client.post(
        reverse("claims:bulk"), {"next": QUEUE + "?list=facts", **data}, follow=True
    )
    assert response.redirect_chain[0][0] == QUEUE + "?list=facts"
    return [str(m) for m in response.context["messages"]]


def test_bulk_assign_and_dismiss_facts_through_the_workflow(as_reviewer, reviewer):
    article_with_facts(2)
    one, two, three, _ = Fact.objects.order_by("pk")
    claims_before = list(
        Claim.objects.order_by("pk").values("pk", "status", "assignee_id", "version")
    )

    assigned = _bulk(
        as_reviewer, target="facts", action="assign", assignee="me", ids=[one.pk, two.pk]
    )
    dismissed = _bulk(as_reviewer, target="facts", action="dismiss", ids=[three.pk])

    assert "2 facts updated." in assigned and "1 fact updated." in dismissed
    one.refresh_from_db()
    three.refresh_from_db()
    assert (one.status, one.assignee, one.version) == ("in_review", reviewer, 2)
    assert three.status == "dismissed"
    assert one.history.first().history_user == reviewer
    # The claims with the same ids are untouched: the ids were facts'.
    assert (
        list(Claim.objects.order_by("pk").values("pk", "status", "assignee_id", "version"))
        == claims_before
    )


def test_bulk_steps_on_facts_are_refused_one_by_one_by_the_same_rules(as_reviewer, reviewer):
    article_with_facts(2)
    new, reviewed = Fact.objects.order_by("pk")[:2]
    reviews.fact_verdict_record(
        fact_id=reviewed.pk,
        rating=rating("False"),
        rationale="r",
        by=reviewer,
        expected_version=reviewed.version,
    )

    messages = _bulk(
        as_reviewer,
        target="facts",
        action="status",
        to_status="awaiting_approval",
        ids=[new.pk, reviewed.pk, 999999],
    )

    assert "1 fact updated." in messages
    assert f"Fact {new.pk}: A fact that is new cannot become awaiting approval." in messages
    assert "Fact 999999: it no longer exists." in messages
    reviewed.refresh_from_db()
    assert reviewed.status == "awaiting_approval"
    approve = _bulk(
        as_reviewer, target="facts", action="status", to_status="approved", ids=[reviewed.pk]
    )
    assert f"Fact {reviewed.pk}: You do not have the role to approve." in approve
    reviewed.refresh_from_db()
    assert reviewed.status == "awaiting_approval"


def test_a_reader_without_the_review_role_cannot_bulk_change_facts(client, outsider, editor):
    article_with_facts(1)
    fact = Fact.objects.first()
    client.force_login(outsider)

    response = client.post(
        reverse("claims:bulk"), {"target": "facts", "action": "dismiss", "ids": [fact.pk]}
    )

    assert response.status_code == 403
    fact.refresh_from_db()
    assert fact.status == "new"


# --- Plans: each list of facts has an index for its order and its filters -------------------


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _page_sql(**filters) -> tuple[str, tuple]:
    from claims.selectors_fact_queue import FactQueueFilters, fact_order, fact_queue

    chosen = FactQueueFilters(**filters)
    query = fact_queue(filters=chosen, user=None)  # type: ignore[arg-type]
    order = fact_order(chosen)
    deep = query.filter(keyset.after_q(order, [10] * len(order)))[:51]
    return deep.query.sql_with_params()


@postgresql_only
@pytest.mark.parametrize(
    ("filters", "indexes"),
    [
        ({}, {"claims_fact_pkey"}),
        # By claim, then position: the claim_id index gives the claims in order; the few
        # facts of one claim are then sorted (an incremental sort, never of the table).
        ({"sort": "claim"}, {"fact_claim_position", "claims_fact_claim_id"}),
        ({"kind": "date"}, {"fact_kind_id"}),
        # Either serves the order; which one depends on the table's statistics.
        ({"kind": "date", "status": "new"}, {"fact_status_kind_id", "fact_kind_id"}),
        ({"flag": "stale"}, {"fact_stale_id"}),
        ({"flag": "orphaned"}, {"fact_orphaned_id"}),
    ],
)
def test_each_page_of_facts_is_a_range_of_an_index(filters, indexes):
    article_with_facts(3)
    sql, params = _page_sql(**filters)

    plan = _plan(sql, list(params))
    used = re.findall(r"Index Scan(?: Backward)? using (\w+) on claims_fact\b", plan)
    used += re.findall(r"Bitmap Index Scan on (\w+)", plan)
    assert {re.sub(r"_[0-9a-f]{8}$", "", name) for name in used} & indexes, (filters, plan)
    assert not re.search(r"^\s*(->\s*)?Sort  \(cost", plan, re.M), (filters, plan)
