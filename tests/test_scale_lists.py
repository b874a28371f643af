"""Lists that stay fast at a million claims (issue 14), as behaviour: keyset pages that
walk every row once in both directions, exact totals kept by the database, the kind
filter, the one search service, and the queries each page runs.

Runs on SQLite and on PostgreSQL (DATABASE_URL); what only PostgreSQL has (stemming,
figures typed without their comma, the indexes' plans, the six-query pages) is marked.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import keyset, selectors_counts
from claims.models import Article, Claim, ClaimStatus, ClaimTally
from claims.selectors_review import SORTS
from claims.selectors_search import BAND, claim_search, normalise_figures, terms
from claims.services.bulk import bulk_insert_rows
from claims.services.facts import fact_add
from claims.services.reviews import (
    claim_assign,
    claim_transition,
    comment_add,
    evidence_add,
    verdict_record,
)
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import article_with_claims, rating

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search and plans"
)


def article_of(title: str, *sentences: str, kinds: list[str] | None = None) -> Article:
    """An article whose every sentence is a claim, stored as an import stores them."""
    text = " ".join(sentences)
    article = Article.objects.create(
        text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), title=title
    )
    claims, cursor = [], 0
    for position, sentence in enumerate(sentences):
        start = text.index(sentence, cursor)
        cursor = start + len(sentence)
        claims.append(
            Claim(
                article=article,
                position=position,
                start=start,
                end=cursor,
                text=sentence,
                kinds=kinds or ["factual"],
                score=0.9,
            )
        )
    Claim.objects.bulk_create(claims)
    return article


@pytest.fixture
def as_reviewer(client: Client, reviewer) -> Client:
    client.force_login(reviewer)
    return client


def grouped() -> dict[tuple[str, int, int], int]:
    """What the tally should hold, counted the slow way."""
    found: dict[tuple[str, int, int], int] = {}
    for status, score, verdict_id in Claim.objects.values_list("status", "score", "verdict_id"):
        key = (status, max(0, min(10, int(score * 10))), verdict_id or 0)
        found[key] = found.get(key, 0) + 1
    return found


def tallied() -> dict[tuple[str, int, int], int]:
    return {
        (t.status, t.score_bucket, t.verdict_id): t.n for t in ClaimTally.objects.filter(n__gt=0)
    }


# --- Totals kept by the database --------------------------------------------------------


def test_the_tally_follows_imports_reviews_verdicts_and_deletes(reviewer, editor):
    article = article_with_claims(12)
    other = article_with_claims(3, title="Other")
    assert tallied() == grouped()

    first, second = article.claims.order_by("position")[:2]
    claim_assign(claim_id=first.pk, assignee=reviewer, by=reviewer)
    verdict_record(
        claim_id=first.pk, rating=rating(), rationale="No.", by=reviewer, expected_version=2
    )
    claim_transition(
        claim_id=first.pk, to_status=ClaimStatus.AWAITING_APPROVAL, by=reviewer, expected_version=3
    )
    claim_transition(
        claim_id=second.pk, to_status=ClaimStatus.DISMISSED, by=reviewer, expected_version=1
    )
    Claim.objects.filter(pk=second.pk).update(score=0.05)
    assert tallied() == grouped()
    assert sum(tallied().values()) == 15

    other.delete()  # the claims go with their article (a cascade no service sees)

    assert tallied() == grouped()
    assert sum(tallied().values()) == 12


def test_the_tally_follows_the_imports_bulk_insert(db):
    # On PostgreSQL 50 rows or more go in by COPY (services.bulk), which fires the
    # statement trigger like an INSERT.
    article = article_of("Copied", "A first sentence.")
    rows = [
        {
            "article_id": article.pk,
            "position": n + 1,
            "start": 1000 + 10 * n,
            "end": 1005 + 10 * n,
            "text": f"claim {n}",
            "score": n / 80,
            "kinds": ["factual"],
        }
        for n in range(80)
    ]

    bulk_insert_rows(Claim, rows)

    assert tallied() == grouped()
    assert sum(tallied().values()) == 81


def test_the_dashboard_counts_statuses_and_verdicts_from_the_tally(as_reviewer, reviewer):
    article = article_with_claims(4)
    first = article.claims.order_by("position").first()
    verdict_record(
        claim_id=first.pk, rating=rating("False"), rationale="No.", by=reviewer, expected_version=1
    )

    data = as_reviewer.get(reverse("claims:dashboard")).context["data"]

    assert dict((value, n) for value, _, n in data.status_counts) == {
        **dict.fromkeys(ClaimStatus.values, 0),
        "new": 3,
        "in_review": 1,
    }
    assert [(name, n) for name, n, _ in data.verdict_counts] == [("False", 1)]


@pytest.mark.parametrize(
    ("min_score", "bucket"), [(None, 0), (0, 0), (0.5, 5), (0.3, 3), (1, 10), (0.55, None)]
)
def test_a_minimum_score_in_tenths_is_answered_from_the_tally(min_score, bucket):
    assert selectors_counts.bucket_of(min_score) == bucket


def test_the_status_tabs_are_exact_with_the_tally_and_capped_under_other_filters(
    as_reviewer, monkeypatch
):
    article_with_claims(8)  # scores 1.0, 0.875, ... 0.125: five of them >= 0.5
    default = as_reviewer.get(reverse("claims:queue")).content.decode()
    every = as_reviewer.get(reverse("claims:queue") + "?min_score=0").content.decode()
    monkeypatch.setattr(selectors_counts, "CAP", 2)
    searched = as_reviewer.get(reverse("claims:queue") + "?min_score=0&q=bridge").content.decode()

    assert '<span class="count" data-status="new">5</span>' in default
    assert '<span class="count" data-status="new">8</span>' in every
    # Under a filter the tally cannot answer, the first CAP + 1 matches are counted; past
    # CAP every tab is a lower bound.
    assert '<span class="count" data-status="new">3+</span>' in searched
    assert '<span class="count" data-status="dismissed">0+</span>' in searched
    few = as_reviewer.get(reverse("claims:queue") + "?min_score=0&q=bridge+2").content.decode()
    assert '<span class="count" data-status="new">1</span>' in few


# --- Keyset pages -----------------------------------------------------------------------


def _walk(client: Client, query: str) -> tuple[list[int], list[str]]:
    """Every claim id reached by following "next" from page 1, and the pages' URLs."""
    ids, urls, url = [], [], reverse("claims:queue") + "?" + query
    while url:
        urls.append(url)
        response = client.get(url)
        ids += [claim.pk for claim in response.context["page"]]
        found = re.search(r'href="\?([^"]*)" id="page-next"', response.content.decode())
        url = reverse("claims:queue") + "?" + found.group(1).replace("&amp;", "&") if found else ""
    return ids, urls


@pytest.mark.parametrize("sort", ["worthiness", "least-worthy", "newest", "article"])
def test_keyset_pages_walk_every_claim_once_in_order_and_back(as_reviewer, sort):
    for n in range(3):
        article_with_claims(
            45, title=f"Article {n}", extra=f"Part {n}.\n\n"
        )  # 135 claims, tied scores across them
    expected = list(Claim.objects.order_by(*SORTS[sort]).values_list("pk", flat=True))

    ids, urls = _walk(as_reviewer, f"min_score=0&sort={sort}")

    assert ids == expected and len(urls) == 3
    # "previous" from the last page gives the middle page again.
    last = as_reviewer.get(urls[-1]).content.decode()
    previous = re.search(r'href="\?([^"]*)" id="page-previous"', last).group(1)
    back = as_reviewer.get(reverse("claims:queue") + "?" + previous.replace("&amp;", "&"))
    assert [c.pk for c in back.context["page"]] == expected[50:100]
    # "last" is the last full page of rows, and has no next page.
    final = as_reviewer.get(reverse("claims:queue") + f"?min_score=0&sort={sort}&last=1")
    assert [c.pk for c in final.context["page"]] == expected[-50:]
    assert 'id="page-next"' not in final.content.decode()


def test_a_jump_starts_at_a_score_and_links_back(as_reviewer):
    article_with_claims(100)  # scores 1.0 down to 0.01

    response = as_reviewer.get(reverse("claims:queue") + "?min_score=0&from=0.5")
    page = response.content.decode()

    assert [c.score for c in response.context["page"]][:2] == [0.5, 0.49]
    assert 'id="page-previous"' in page and 'id="page-first"' in page


def test_an_edited_page_key_gives_the_first_page_with_a_notice(as_reviewer):
    article_with_claims(3)

    response = as_reviewer.get(reverse("claims:queue") + "?min_score=0&after=x,y", follow=True)

    assert len(response.context["page"]) == 3
    assert "That page link is out of date" in response.content.decode()


def test_after_q_reads_the_first_column_as_a_range():
    # (score desc, id): rows after (0.5, 7) are score < 0.5, or 0.5 with a larger id.
    q = keyset.after_q(("-score", "id"), [0.5, 7])
    assert str(q) == str(
        keyset.Q(score__lte=0.5) & (keyset.Q(score__lt=0.5) | keyset.Q(score=0.5, id__gt=7))
    )


def test_the_article_list_pages_by_key_and_counts_only_its_rows(as_reviewer):
    for n in range(55):
        article_with_claims(n % 4 + 1, title=f"Piece {n}", extra=f"Piece {n}.\n\n")

    first = as_reviewer.get(reverse("claims:articles"))
    rows = list(first.context["page"])
    assert [a.claim_total for a in rows] == [
        a.claims.count() for a in Article.objects.order_by("-id")[:50]
    ]
    after = re.search(r'href="\?([^"]*)" id="page-next"', first.content.decode()).group(1)
    rest = as_reviewer.get(reverse("claims:articles") + "?" + after.replace("&amp;", "&"))
    assert len(rest.context["page"]) == 5


# --- The kind filter --------------------------------------------------------------------


def test_the_kind_filter_matches_a_whole_element_of_the_list(as_reviewer):
    compared = article_of("A", "Prices rose more than wages.", kinds=["comparison", "factual"])
    article_of("B", "The comparisons were unfair.", kinds=["factual"])

    response = as_reviewer.get(reverse("claims:queue") + "?min_score=0&kind=comparison")

    assert [c.article_id for c in response.context["page"]] == [compared.pk]


# --- Search -----------------------------------------------------------------------------


def _found(q: str) -> set[str]:
    return set(claim_search(Claim.objects.all(), q).values_list("text", flat=True))


ARRESTS = "Police arrested 8,417 people in the raids."
SCHOOLS = "The county closed 12 schools after the storm."
IMMIGRATION = "Immigration officers detained workers at six plants."


@pytest.fixture
def searchable(db) -> None:
    article_of("Raids in Mississippi", ARRESTS, IMMIGRATION)
    article_of("Storm damage", SCHOOLS)


def test_search_terms_keep_quoted_phrases_together():
    assert terms('police "arrested 8,417  people" -x') == ["police", "arrested 8,417 people", "-x"]
    assert normalise_figures("8,417 and 1,000,000 but 3,5 and 12,34") == (
        "8417 and 1000000 but 3,5 and 12,34"
    )


def test_search_finds_words_phrases_figures_partial_words_and_titles(searchable):
    assert _found("police") == {ARRESTS}
    assert _found('"arrested 8,417 people"') == {ARRESTS}
    assert _found("8,417") == {ARRESTS}
    assert _found("immigr") == {IMMIGRATION}  # a partial word
    assert _found("mississippi") == {ARRESTS, IMMIGRATION}  # the article's title
    assert _found("schools storm") == {SCHOOLS}
    assert _found("schools raids") == set()  # every word must be found
    assert _found('"people arrested"') == set()  # a phrase is in order


@postgresql_only
def test_search_on_postgresql_stems_ranks_and_reads_figures_without_commas(searchable):
    assert _found("arrest") == {ARRESTS}
    assert _found("arrests") == {ARRESTS}  # no substring of the text: the stem finds it
    assert _found("detaining worker") == {IMMIGRATION}
    assert _found("8417") == {ARRESTS}
    assert _found("school -storm") == set()
    ranked = claim_search(Claim.objects.all(), "arrest").values_list("search_rank", flat=True)
    assert all(rank > 0 for rank in ranked)


def test_the_queue_the_api_and_the_admin_search_alike(as_reviewer, admin_user, searchable):
    queue = as_reviewer.get(reverse("claims:queue") + "?min_score=0&q=immigr")
    api = as_reviewer.get("/api/claims/", {"q": "immigr"})
    admin_user.is_staff = True
    admin_user.save()
    admin_client = Client()
    admin_client.force_login(admin_user)
    changelist = admin_client.get(reverse("admin:claims_claim_changelist") + "?q=immigr")

    assert [c.text for c in queue.context["page"]] == [IMMIGRATION]
    assert [c["text"] for c in api.json()["results"]] == [IMMIGRATION]
    assert [c.text for c in changelist.context["cl"].result_list] == [IMMIGRATION]


def test_the_queue_can_rank_a_search_by_relevance(as_reviewer, searchable):
    response = as_reviewer.get(reverse("claims:queue") + "?min_score=0&q=police&sort=relevance")

    assert [c.text for c in response.context["page"]] == [ARRESTS]


# --- Queries per page -------------------------------------------------------------------


def _queries(client: Client, url: str, **params: str) -> list[str]:
    # Once first: the queue's pickers are read once a minute, not on every page
    # (selectors_review.queue_options); what is measured is every page after that.
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
        assert response.status_code == 200, url
    return [q["sql"][:150] for q in captured.captured_queries]


def test_the_api_claim_list_joins_every_person_it_shows(as_reviewer, reviewer, editor):
    def reviewed(count: int) -> None:
        for claim in article_with_claims(count, title=f"Batch {count}").claims.all():
            claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)
            verdict_record(
                claim_id=claim.pk, rating=rating(), rationale="r", by=reviewer, expected_version=2
            )
            claim_transition(
                claim_id=claim.pk,
                to_status=ClaimStatus.AWAITING_APPROVAL,
                by=reviewer,
                expected_version=3,
            )
            claim_transition(
                claim_id=claim.pk, to_status=ClaimStatus.APPROVED, by=editor, expected_version=4
            )

    reviewed(2)
    few = _queries(as_reviewer, "/api/claims/")
    reviewed(12)
    many = _queries(as_reviewer, "/api/claims/")

    body = as_reviewer.get("/api/claims/").json()["results"]
    assert {c["approved_by"]["username"] for c in body} == {editor.username}
    # The page's claims with their article, verdict and people in one query; the rest is
    # the session, the user and the role check.
    assert len(many) == len(few) <= 5, "\n".join(many)
    assert sum("claims_claim" in sql for sql in many) == 1


WORKBENCH_PAGES = [
    ("queue page 1", "claims:queue", {}),
    ("queue, all scores", "claims:queue", {"min_score": "0"}),
    ("queue, a status", "claims:queue", {"status": "new"}),
    ("queue, a kind", "claims:queue", {"kind": "quantity"}),
    ("queue, a verdict", "claims:queue", {"verdict": "none"}),
    ("queue, assignee", "claims:queue", {"assignee": "me"}),
    ("queue, outlet", "claims:queue", {"outlet": "Daily Planet"}),
    ("queue, dates", "claims:queue", {"date_from": "2020-01-01", "date_to": "2030-01-01"}),
    ("queue, matches", "claims:queue", {"matches": "differ"}),
    ("queue, search", "claims:queue", {"q": "bridge"}),
    ("queue, search by relevance", "claims:queue", {"q": "bridge", "sort": "relevance"}),
    ("queue, last page", "claims:queue", {"last": "1"}),
    ("queue, a jump", "claims:queue", {"from": "0.7"}),
    ("queue, newest", "claims:queue", {"sort": "newest"}),
    ("dashboard", "claims:dashboard", {}),
    ("article list", "claims:articles", {}),
]


@postgresql_only
@pytest.mark.parametrize(("name", "view", "params"), WORKBENCH_PAGES)
def test_every_workbench_page_runs_at_most_six_queries(as_reviewer, reviewer, name, view, params):
    for n in range(3):
        article = article_with_claims(60, title=f"Bridge report {n}", extra=f"Report {n}.\n\n")
        for claim in article.claims.order_by("position")[:2]:
            claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)

    queries = _queries(as_reviewer, reverse(view), **params)

    assert len(queries) <= 6, "\n".join(queries)


@postgresql_only
def test_a_deep_keyset_page_and_the_reader_run_at_most_six_queries(as_reviewer, reviewer):
    article = article_with_claims(160)
    claim = article.claims.order_by("position").first()
    claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)
    first = as_reviewer.get(reverse("claims:queue") + "?min_score=0").content.decode()
    after = re.search(r'href="\?([^"]*)" id="page-next"', first).group(1).replace("&amp;", "&")
    second = as_reviewer.get(reverse("claims:queue") + "?" + after).content.decode()
    deeper = re.search(r'href="\?([^"]*)" id="page-next"', second).group(1).replace("&amp;", "&")

    for url in (
        reverse("claims:queue") + "?" + deeper,
        reverse("claims:article", args=[article.pk]),
    ):
        queries = _queries(as_reviewer, url)
        assert len(queries) <= 6, url + "\n" + "\n".join(queries)


def test_the_review_page_runs_six_queries_with_a_long_history_and_facts_as_with_none(
    as_reviewer, reviewer
):
    # The user with their permissions (the session comes from the cache); the claim with
    # its comments, checks and evidence log; its evidence (its facts' too); its history;
    # its facts; its matches. The forms' sources and ratings come from the pickers' cache.
    # Nothing on it is read once per row, nor once per fact.
    quiet, busy = article_with_claims(2).claims.order_by("position")
    claim_assign(claim_id=busy.pk, assignee=reviewer, by=reviewer)
    for n in range(6):
        evidence_add(claim_id=busy.pk, by=reviewer, stance="refutes", url=f"https://e.org/{n}")
        comment_add(claim_id=busy.pk, by=reviewer, text=f"note {n}")
        verdict_record(
            claim_id=busy.pk,
            rating=rating(),
            rationale=f"r{n}",
            by=reviewer,
            expected_version=busy.version + 1 + n,
        )
    text = busy.article.text
    for words, sources in (("2 million dollars", 2), ("bridge 2", 1)):
        start = text.index(words, busy.start)
        fact = fact_add(
            claim_id=busy.pk, start=start, end=start + len(words), kind="figure", by=reviewer
        )
        for n in range(sources):
            url = f"https://f.org/{fact.pk}/{n}"
            evidence_add(claim_id=busy.pk, fact_id=fact.pk, by=reviewer, stance="supports", url=url)
        comment_add(fact_id=fact.pk, by=reviewer, text="checked")

    few = _queries(as_reviewer, reverse("claims:claim", args=[quiet.pk]))
    many = _queries(as_reviewer, reverse("claims:claim", args=[busy.pk]))
    facts = as_reviewer.get(reverse("claims:claim", args=[busy.pk])).context["facts"].facts

    assert len(many) == len(few) <= 6, "\n".join(many)
    assert [(f.text, f.evidence_count, f.comment_count) for f in facts] == [
        ("2 million dollars", 2, 1),
        ("bridge 2", 1, 1),
    ]


@postgresql_only
@pytest.mark.parametrize(
    "params", [{}, {"status": "new"}, {"kind": "quantity"}, {"min_score": "0.5"}, {"q": "bridge"}]
)
def test_api_lists_run_a_fixed_number_of_queries(as_reviewer, params):
    article_with_claims(80)

    # The session, the user, the permissions and the page; a search adds one capped
    # count (few matches or many: selectors_counts.few).
    assert len(_queries(as_reviewer, "/api/claims/", **params)) <= 4 + ("q" in params)
    assert len(_queries(as_reviewer, "/api/articles/")) <= 4


# --- Plans: each list has an index for its order and its filters --------------------------


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        # A test table is small enough to scan; forbid the scan to see whether an index
        # can serve the query at all (at a million rows the planner picks it: bench/).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
@pytest.mark.parametrize(
    ("name", "build", "index"),
    [
        ("worthiness", lambda: Claim.objects.order_by(*SORTS["worthiness"])[:50], "claim_score_id"),
        (
            "least worthy",
            lambda: Claim.objects.order_by(*SORTS["least-worthy"])[:50],
            "claim_score_id",
        ),
        (
            "deep page",
            lambda: Claim.objects.order_by(*SORTS["worthiness"]).filter(
                keyset.after_q(SORTS["worthiness"], [0.5, 10])
            )[:50],
            "claim_score_id",
        ),
        (
            "status tab",
            lambda: Claim.objects.filter(status="new").order_by(*SORTS["worthiness"])[:50],
            "claim_status_score_id",
        ),
        (
            "newest",
            lambda: Claim.objects.order_by(*SORTS["newest"])[:50],
            "claims_claim_article_id",
        ),
        (
            "article",
            lambda: Claim.objects.order_by(*SORTS["article"])[:50],
            "claims_claim_article_id",
        ),
        (
            "kind",
            lambda: Claim.objects.filter(kinds__contains=["comparison"]).order_by(),
            "claim_kinds_gin",
        ),
        (
            "search",
            lambda: claim_search(Claim.objects.order_by(), "arrest"),
            "claim_search_vector",
        ),
        (
            "partial word",
            lambda: claim_search(Claim.objects.order_by(), "immigr"),
            "claim_text_trgm",
        ),
        (
            "title",
            lambda: claim_search(Claim.objects.order_by(), "immigr"),
            "article_title_trgm",
        ),
    ],
)
def test_each_list_query_can_use_an_index(name, build, index):
    article_with_claims(5)
    sql, params = build().query.sql_with_params()

    assert index in _plan(sql, list(params)), name


@postgresql_only
def test_a_score_band_is_read_through_that_bands_own_search_indexes():
    # The band as selectors_search writes it is the expression of the partial indexes of
    # migration 0018: the planner proves the query's band is the index's and reads the
    # band's own posting lists (never another band's, nor the whole table's).
    article_with_claims(5)
    with connection.cursor() as cursor:
        # The planner's costs decide the plan: the statistics of these rows (not of what
        # earlier tests committed), and GIN indexes without the pending entries that
        # earlier tests' rolled-back rows left in them.
        cursor.execute("ANALYZE claims_claim")
        cursor.execute(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_am a "
            "ON a.oid = c.relam WHERE a.amname = 'gin' AND c.relname LIKE 'claim\\_%%'"
        )
    searched = claim_search(Claim.objects.order_by(), "arrest").extra(
        where=[f"{BAND} = 19::smallint"]
    )
    sql, params = searched.query.sql_with_params()
    plan = _plan(sql, list(params))

    scanned = set(re.findall(r"Index Scan on (claim_\w+)", plan))
    assert scanned & {"claim_search_vector_b19", "claim_text_trgm_b19"}, plan
    assert not scanned & {"claim_search_vector", "claim_text_trgm"}, plan
    assert not any(name.endswith(("_b18", "_b20")) for name in scanned), plan


@postgresql_only
def test_the_article_list_counts_claims_through_the_claims_article_index():
    from claims.selectors_api import articles_for_list

    article_with_claims(3)
    sql, params = articles_for_list(Article.objects.order_by("-id"))[:50].query.sql_with_params()

    plan = _plan(sql, list(params))
    assert "Index Cond: (article_id = claims_article.id)" in plan, plan


# --- The admin's claim list ---------------------------------------------------------------


@pytest.fixture
def as_admin(admin_user) -> Client:
    admin_user.is_staff = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    return client


def test_the_admin_claim_list_pages_by_score_without_counting_the_claims(as_admin):
    for n in range(3):
        article_with_claims(90, title=f"Batch {n}", extra=f"Batch {n}.\n\n")
    expected = list(Claim.objects.order_by("-score", "id").values_list("pk", flat=True))

    url = reverse("admin:claims_claim_changelist")
    with CaptureQueriesContext(connection) as captured:
        second = as_admin.get(url + "?p=2")
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]

    assert [c.pk for c in second.context["cl"].result_list] == expected[100:200]
    assert second.context["cl"].result_count == 270
    assert not any("claims_claim" in sql for sql in counts), counts


def test_the_admin_article_list_counts_each_articles_claims(as_admin):
    small = article_with_claims(2, title="Small")
    big = article_with_claims(7, title="Big")

    page = as_admin.get(reverse("admin:claims_article_changelist"))

    totals = {a.pk: a.claim_total for a in page.context["cl"].result_list}
    assert totals == {small.pk: 2, big.pk: 7}
