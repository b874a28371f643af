"""A page of a claims search in score order (selectors_search.page_rows): the plain walk
of the score index while it is quick, the score bands past FACTCHECK_SEARCH_WALK_MS,
the same rows either way. The bands are PostgreSQL's (migration 0016); on SQLite the
function is a plain slice, which the first test also checks."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import keyset, selectors_counts
from claims.models import Claim
from claims.selectors_review import SORTS
from claims.selectors_search import claim_search, page_rows, score_bounds
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_scale_lists import article_of

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the score bands are PostgreSQL's"
)
WORTHINESS = SORTS["worthiness"]


@pytest.fixture
def rare_at_the_top(db) -> list[int]:
    """120 claims over the whole score scale; "evacuated" is in every fifth, none of them
    among the 40 best scored (the shape that made the walk long), and two share a score.
    Returns the ids of the matches, best first."""
    sentences, scores = [], []
    for n in range(120):
        score = round(1 - n / 120, 4)
        if n % 5 == 0 and n >= 40:
            sentences.append(f"Officials evacuated {n} homes near the river levee.")
        else:
            sentences.append(f"The council approved {n} new bus shelters downtown.")
        scores.append(score)
    scores[45] = scores[50]  # a tie: the id decides
    claims = list(article_of("Levee", *sentences).claims.order_by("position"))
    for claim, score in zip(claims, scores, strict=True):
        claim.score = score
    Claim.objects.bulk_update(claims, ["score"])
    matches = Claim.objects.filter(text__contains="evacuated").order_by(*WORTHINESS)
    return list(matches.values_list("pk", flat=True))


def _ids(rows) -> list[int]:
    return [claim.pk for claim in rows]


def test_a_page_is_the_slice_it_stands_for(rare_at_the_top):
    rows = claim_search(Claim.objects.all(), "evacuated").order_by(*WORTHINESS)

    assert _ids(page_rows(rows, 0, 5)) == rare_at_the_top[:5]
    assert _ids(page_rows(rows, 3, 9)) == rare_at_the_top[3:9]


@postgresql_only
@pytest.mark.parametrize("budget", [0, 10_000])
@pytest.mark.parametrize(
    ("query", "order", "start", "stop"),
    [
        ("evacuated", WORTHINESS, 0, 5),
        ("evacuated", WORTHINESS, 4, 11),  # an offset (the admin's pages), across the tie
        ("evacuated", ["score", "-id"], 0, 6),  # the last page's order
        ("evacuat", WORTHINESS, 0, 5),  # a partial word: the trigram index
        ("council", WORTHINESS, 0, 30),  # common at the top
    ],
)
def test_the_walk_and_the_bands_give_the_same_rows(
    settings, rare_at_the_top, budget, query, order, start, stop
):
    settings.FACTCHECK_SEARCH_WALK_MS = budget
    rows = claim_search(Claim.objects.all(), query).order_by(*order)
    expected = _ids(rows[start:stop])

    with CaptureQueriesContext(connection) as captured:
        found = _ids(page_rows(rows, start, stop))

    assert found == expected
    banded = any("UNION ALL" in q["sql"] for q in captured.captured_queries)
    assert banded is (budget == 0)


@postgresql_only
def test_the_bands_respect_a_minimum_score_and_a_page_key(settings, rare_at_the_top):
    settings.FACTCHECK_SEARCH_WALK_MS = 0
    searched = claim_search(Claim.objects.filter(score__gte=0.35), "evacuated")
    first = list(searched.order_by(*WORTHINESS)[:4])
    after = searched.order_by(*WORTHINESS).filter(
        keyset.after_q(WORTHINESS, [first[-1].score, first[-1].pk])
    )

    assert _ids(page_rows(searched.order_by(*WORTHINESS), 0, 4)) == _ids(first)
    assert _ids(page_rows(after, 0, 4)) == _ids(after[:4])
    assert all(claim.score >= 0.35 for claim in page_rows(after, 0, 50))


@postgresql_only
def test_a_walk_that_runs_out_of_time_gives_way_to_the_bands(settings, rare_at_the_top):
    settings.FACTCHECK_SEARCH_WALK_MS = 1
    # Every claim the walk tests sleeps 2 ms: 120 of them cannot finish in 1 ms.
    slow = RawSQL("(SELECT true FROM pg_sleep(0.002))", [], output_field=BooleanField())
    rows = claim_search(Claim.objects.filter(slow), "evacuated").order_by(*WORTHINESS)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (before,) = cursor.fetchone()

    with CaptureQueriesContext(connection) as captured:
        found = _ids(page_rows(rows, 0, 5))

    assert found == rare_at_the_top[:5]
    assert any("UNION ALL" in q["sql"] for q in captured.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == (before,)  # the budget did not outlive the walk


@postgresql_only
def test_a_walk_within_its_time_leaves_the_statement_timeout_as_it_was(settings, rare_at_the_top):
    settings.FACTCHECK_SEARCH_WALK_MS = 10_000
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (before,) = cursor.fetchone()

    page_rows(claim_search(Claim.objects.all(), "council").order_by(*WORTHINESS), 0, 5)

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == (before,)


@postgresql_only
def test_the_queue_and_the_admin_page_a_search_alike_either_way(
    settings, client, admin_user, rare_at_the_top
):
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    listed = {}
    for budget in (0, 10_000):
        settings.FACTCHECK_SEARCH_WALK_MS = budget
        queue = client.get(reverse("claims:queue"), {"q": "evacuated", "min_score": "0"})
        admin = client.get(reverse("admin:claims_claim_changelist"), {"q": "evacuated"})
        listed[budget] = (
            _ids(queue.context["page"].rows),
            _ids(admin.context["cl"].result_list),
        )

    assert listed[0] == listed[10_000] == (rare_at_the_top, rare_at_the_top)


@postgresql_only
def test_the_queue_joins_the_article_only_to_the_page_rows_not_to_what_the_bands_read(
    settings, monkeypatch, client, admin_user, rare_at_the_top
):
    settings.FACTCHECK_SEARCH_WALK_MS = 0
    monkeypatch.setattr(selectors_counts, "CAP", 5)  # 24 matches are "many": not sorted
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("claims:queue"), {"q": "evacuated", "min_score": "0"})
    (read,) = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"]]
    bands = read[read.index("ARRAY(SELECT bands.pk") : read.index(") AS bands")]

    assert _ids(page.context["page"].rows) == rare_at_the_top
    assert page.context["page"].rows[0].article.title == "Levee"  # joined to the page
    assert bands.count("UNION ALL") == 20  # all 21 bands: min_score 0 rules none out
    assert 'JOIN "claims_article"' not in bands
    assert 'JOIN "claims_article"' in read  # the page's rows


def test_the_score_bounds_are_read_from_the_conditions_anded_at_the_top(rare_at_the_top):
    searched = claim_search(Claim.objects.filter(score__gte=0.35), "evacuated")
    after = searched.filter(keyset.after_q(WORTHINESS, [0.8, 10]))
    either = Claim.objects.filter(Q(score__gte=0.9) | Q(status="new"))

    assert score_bounds(Claim.objects.all()) == (float("-inf"), float("inf"))
    assert score_bounds(searched) == (0.35, float("inf"))
    assert score_bounds(after) == (0.35, 0.8)
    # An OR does not bound the rows: neither side may be left out.
    assert score_bounds(either) == (float("-inf"), float("inf"))
    assert score_bounds(Claim.objects.exclude(score__gte=0.5)) == (float("-inf"), float("inf"))
