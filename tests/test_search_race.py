"""The race of a search page's two reads (selectors_search._race): outside a transaction the
walk and the bands run at once on connections of their own; the first to finish gives the
page and the other's query is cancelled. PostgreSQL only (on SQLite a page is a slice);
transactional tests, since the race connections must see the rows the test wrote."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from claims import selectors_search
from claims.models import Claim
from claims.selectors_search import claim_search, page_rows
from tests.test_search_pages import WORTHINESS, _ids
from tests.test_search_pages import rare_at_the_top as rare_at_the_top

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race is PostgreSQL's"),
]


@pytest.fixture(autouse=True)
def racing(settings):
    settings.FACTCHECK_SEARCH_RACE = True
    yield
    # The race threads keep their connections: closed before the test database goes.
    selectors_search.close_race_connections()


def _sleepers() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state = 'active' AND query LIKE '%%pg_sleep(30)%%' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("query", "start", "stop"),
    [("evacuated", 0, 5), ("evacuated", 4, 11), ("evacuat", 0, 5), ("council", 0, 30)],
)
def test_the_race_gives_the_rows_of_the_slice(rare_at_the_top, query, start, stop):
    rows = claim_search(Claim.objects.all(), query).order_by(*WORTHINESS)

    assert _ids(page_rows(rows, start, stop)) == _ids(rows[start:stop])


def test_the_quicker_read_gives_the_page_and_the_slower_is_cancelled(rare_at_the_top):
    # Two reads of the same page: one whose every row sleeps 30 s, one that is quick.
    slow = RawSQL("(SELECT true FROM pg_sleep(30))", [], output_field=BooleanField())
    sleeping = claim_search(Claim.objects.filter(slow), "evacuated").order_by(*WORTHINESS)
    quick = claim_search(Claim.objects.all(), "evacuated").order_by(*WORTHINESS)
    started = time.monotonic()

    found = selectors_search._race("default", [lambda: list(sleeping[:5]), lambda: list(quick[:5])])

    assert _ids(found) == rare_at_the_top[:5]
    assert time.monotonic() - started < 10
    deadline = time.monotonic() + 5
    while _sleepers() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _sleepers() == 0


def test_a_read_that_fails_gives_way_to_the_other(rare_at_the_top):
    quick = claim_search(Claim.objects.all(), "evacuated").order_by(*WORTHINESS)

    def broken() -> list[Claim]:
        raise RuntimeError("this read breaks")

    assert (
        _ids(selectors_search._race("default", [broken, lambda: list(quick[:3])]))
        == (rare_at_the_top[:3])
    )
    with pytest.raises(RuntimeError, match="this read breaks"):
        selectors_search._race("default", [broken, broken])


def test_the_callers_query_counter_sees_the_raced_queries(rare_at_the_top):
    rows = claim_search(Claim.objects.all(), "evacuated").order_by(*WORTHINESS)
    seen: list[str] = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        page_rows(rows, 0, 5)

    # The winner's query at least; the loser's if it started before the page was read.
    assert 1 <= len(seen) <= 2, seen
    assert any("UNION ALL" in sql for sql in seen) or any("LIMIT 5" in sql for sql in seen)


def test_inside_a_transaction_the_reads_run_one_after_the_other(settings, rare_at_the_top):
    from django.db import transaction

    settings.FACTCHECK_SEARCH_WALK_MS = 0  # straight to the bands
    rows = claim_search(Claim.objects.all(), "evacuated").order_by(*WORTHINESS)
    with transaction.atomic():
        Claim.objects.filter(pk=rare_at_the_top[0]).update(text="Officials evacuated nobody.")
        seen: list[str] = []

        def count(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            found = _ids(page_rows(rows, 0, 5))

    # Read on this connection (another would not see the update): the bands, alone.
    assert found == rare_at_the_top[:5]
    assert len(seen) == 1 and "UNION ALL" in seen[0]


def test_a_loser_that_cannot_be_cancelled_does_not_fail_the_page(rare_at_the_top):
    # Cancelling the losing read fails (its server is gone, say): the page is given all
    # the same.
    import psycopg

    quick = claim_search(Claim.objects.all(), "evacuated").order_by(*WORTHINESS)

    def uncancellable() -> list[Claim]:
        from django.db import connection as own

        def refuse(*args, **kwargs):
            raise psycopg.OperationalError("the server is gone")

        own.connection.cancel_safe = refuse
        time.sleep(2)
        return []

    def after_a_moment() -> list[Claim]:
        time.sleep(0.2)  # the other read is surely running by now
        return list(quick[:3])

    found = selectors_search._race("default", [uncancellable, after_a_moment])

    assert _ids(found) == rare_at_the_top[:3]


def _queue(**filters):
    from django.contrib.auth import get_user_model

    from claims.selectors_review import QueueFilters, queue_page

    user = get_user_model().objects.get_or_create(username="pat")[0]
    counts, page = queue_page(filters=QueueFilters(**filters), user=user, params={}, size=5)
    return counts.counts, _ids(page.rows)


def test_a_queue_search_reads_its_counts_beside_its_page(rare_at_the_top):
    # The race reads the page; the status counts run at once on another race thread.
    threads: dict[str, set[str]] = {"counts": set(), "page": set()}

    def record(execute, sql, params, many, context):
        name = threading.current_thread().name
        threads["counts" if "capped.status" in sql else "page"].add(name)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        counts, rows = _queue(q="evacuated")

    assert rows == rare_at_the_top[:5]
    assert counts["new"] == len(rare_at_the_top)
    assert len(threads["counts"]) == 1
    assert next(iter(threads["counts"])).startswith("search-race")
    assert threads["page"] - threads["counts"] - {threading.current_thread().name}  # raced


def test_the_queue_gives_the_same_counts_and_rows_with_the_race_or_without(
    settings, rare_at_the_top
):
    Claim.objects.filter(pk__in=rare_at_the_top[:3]).update(status="in_review")
    raced = [_queue(q="evacuated"), _queue(q="evacuat", status="new"), _queue(q="zyzzogeton")]

    settings.FACTCHECK_SEARCH_RACE = False
    one_by_one = [_queue(q="evacuated"), _queue(q="evacuat", status="new"), _queue(q="zyzzogeton")]

    assert raced == one_by_one
    assert raced[0][0]["in_review"] == 3
    assert raced[1][1] == rare_at_the_top[3:8]
    assert raced[2][1] == []


def test_a_queue_search_inside_a_transaction_counts_on_the_callers_connection(rare_at_the_top):
    from django.db import transaction

    with transaction.atomic():
        Claim.objects.filter(pk=rare_at_the_top[0]).update(status="in_review")
        counts, rows = _queue(q="evacuated")

    # Another connection would not have seen the update.
    assert counts["in_review"] == 1
    assert rows == rare_at_the_top[:5]


def _admin_search(client, page: int) -> tuple[list[int], dict[str, set[str]]]:
    from django.urls import reverse

    threads: dict[str, set[str]] = {"count": set(), "other": set()}

    def record(execute, sql, params, many, context):
        counting = "COUNT(*)" in sql or sql.startswith("EXPLAIN")
        threads["count" if counting else "other"].add(threading.current_thread().name)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        answer = client.get(reverse("admin:claims_claim_changelist"), {"q": "evacuated", "p": page})
    assert answer.status_code == 200, (answer.status_code, answer.get("Location"))
    return _ids(answer.context["cl"].result_list), threads


def test_the_admin_counts_a_search_beside_the_page_it_reads(
    settings, monkeypatch, client, admin_user, rare_at_the_top
):
    from claims.admin import ClaimAdmin

    monkeypatch.setattr(ClaimAdmin, "list_per_page", 5)
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)

    second, threads = _admin_search(client, 2)
    assert second == rare_at_the_top[5:10]
    assert all(name.startswith("search-race") for name in threads["count"])
    assert threads["count"]

    settings.FACTCHECK_SEARCH_RACE = False
    assert _admin_search(client, 2)[0] == second
    assert _admin_search(client, 4)[0] == rare_at_the_top[15:]
