"""One search for claims: the workbench queue, the API list and the admin all call
`claim_search`. Nothing here writes.

On PostgreSQL a claim matches when either
- full-text search finds it: claims_claim.search_vector (migration 0010) with English
  stemming ("arrest" finds "arrested"), "quoted phrases", -excluded words (the query is
  read by websearch_to_tsquery), and figures: a comma between a digit and a group of
  three digits is dropped on both sides, so "8,417" and "8417" both find "8,417" (the
  english parser would otherwise split it into "8" and "417"); or
- every word and quoted phrase, when each has three characters or more, appears inside
  the claim's text or inside its article's title: partial words ("immigr") through the
  trigram indexes on UPPER(text) and UPPER(title).
The three conditions are ORed on the claim row (the article's matches come as an array
of ids computed once), so PostgreSQL combines their indexes in one bitmap scan.
`search_rank` (ts_rank) orders the queue's "relevance" sort; substring-only hits rank 0.

A page of a search in score order (the queue's default, the admin's) is read by
`page_rows` in one of two ways: the plain walk of the score index (quick when the matches
are common among the best-scored claims, very long when they are rare there) or band by
band (quick when the matches are few in the best bands, slow when they are many). Both
give the same rows; the two race, and the first to finish gives the page (see
`page_rows`).

On SQLite (the embedded default) every word or quoted phrase must appear in the claim's
text or its article's title (icontains): no stemming, every rank 0.
"""

from __future__ import annotations

import math
import queue
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import ExitStack, contextmanager
from typing import Any, TypeVar

import psycopg
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.db.models import BooleanField, F, FloatField, IntegerField, QuerySet, Value
from django.db.models.expressions import ExpressionWrapper, OrderBy, RawSQL
from django.db.models.sql.where import AND, WhereNode

from claims.models import Claim

T = TypeVar("T")
MAX_TERMS = 8
MAX_QUERY = 500
# Shorter terms have no trigram: an index could not narrow them down.
MIN_PARTIAL = 3
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_THOUSANDS = re.compile(r"(\d),(?=\d{3}(\D|$))")


def terms(q: str) -> list[str]:
    """The words and "quoted phrases" of a query, at most MAX_TERMS."""
    found = []
    for phrase, word in _TERM.findall(q[:MAX_QUERY]):
        term = " ".join((phrase or word).split())
        if term.strip('"'):
            found.append(term.strip('"') if word else term)
    return found[:MAX_TERMS]


def normalise_figures(text: str) -> str:
    """ "8,417" -> "8417", as migration 0010 does to the stored text before parsing."""
    return _THOUSANDS.sub(r"\1", text)


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def claim_search(claims: QuerySet[Claim], q: str) -> QuerySet[Claim]:
    """`claims` narrowed to those matching `q`, annotated with `search_rank`."""
    found = terms(q)
    if not found:
        return claims.annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _postgresql(claims, q, found)
    for term in found:
        claims = claims.filter(_contains_sqlite(term))
    return claims.annotate(search_rank=Value(0.0, output_field=FloatField()))


def _contains_sqlite(term: str) -> RawSQL:
    # One condition per term, on the claim row: the claim's text or its article's title.
    return RawSQL(
        "(claims_claim.text LIKE %s ESCAPE '\\' OR claims_claim.article_id IN "
        "(SELECT a.id FROM claims_article a WHERE a.title LIKE %s ESCAPE '\\'))",
        [_like(term), _like(term)],
        output_field=BooleanField(),
    )


def _postgresql(claims: QuerySet[Claim], q: str, found: list[str]) -> QuerySet[Claim]:
    query = normalise_figures(" ".join(q[:MAX_QUERY].split()))
    tsquery = "websearch_to_tsquery('english'::regconfig, %s)"
    conditions = [f"claims_claim.search_vector @@ {tsquery}"]
    params: list[object] = [query]
    if all(len(term) >= MIN_PARTIAL for term in found):
        likes = [_like(term) for term in found]
        in_text = " AND ".join(["UPPER(claims_claim.text) LIKE UPPER(%s)"] * len(likes))
        in_title = " AND ".join(["UPPER(a.title) LIKE UPPER(%s)"] * len(likes))
        conditions.append(f"({in_text})")
        # ARRAY(...) runs once (an init plan); `= ANY` of it is an index condition on
        # claims_claim.article_id, so it joins the bitmap OR instead of a semi-join.
        in_articles = "SELECT a.id FROM claims_article a WHERE " + in_title  # noqa: S608
        conditions.append(f"claims_claim.article_id = ANY(ARRAY({in_articles}))")
        params += [*likes, *likes]
    # Fixed SQL text; the user's words are only ever parameters.
    either = "(" + " OR ".join(conditions) + ")"
    matched = RawSQL(either, params, output_field=BooleanField())  # noqa: S611
    rank = RawSQL(  # noqa: S611
        f"ts_rank(claims_claim.search_vector, {tsquery})", [query], output_field=FloatField()
    )
    return claims.filter(matched).annotate(search_rank=rank)


# The score band of a claim: 20 bands of 0.05, the scale's ends included in the last and
# first. Migration 0018's partial indexes (the search vector and the trigrams of the text,
# one pair per band) are each for `this exact expression = band`: PostgreSQL uses a partial
# index only when it proves the query's condition implies the index's.
BAND = "LEAST(GREATEST(floor(claims_claim.score * 20), 0), 20)::smallint"
BANDS = 20
_QUERY_CANCELED = "57014"


def _same(rows: QuerySet[Claim]) -> QuerySet[Claim]:
    return rows


def page_rows(
    rows: QuerySet[Claim],
    start: int,
    stop: int,
    decorate: Callable[[QuerySet[Claim]], QuerySet[Claim]] = _same,
) -> list[Claim]:
    """decorate(rows)[start:stop], for any claims queryset; for a search ordered by score
    on PostgreSQL, the quicker of two reads.

    `decorate` adds what the page's rows show (joins, annotations): only the page's rows
    are read through it, never the matches a band reads to find them.

    The plain read walks the score index and tests each claim against the search: quick
    when matches are common among the best-scored claims, hundreds of thousands of claims
    long when they are rare there. The banded read (`_banded`) takes one subquery per
    score band, best band first, each reading that band's matches through that band's own
    GIN indexes (migration 0018) and sorting them, under one LIMIT, so the bands below the
    page are never read; a band the other filters rule out (a minimum score, a page key:
    score_bounds) is not read. It is quick when the best bands hold few matches, and slow
    when they hold many (each is sorted whole). Same rows, same order, either way.

    Which one is quicker depends on where the matches lie, which no statistic tells, so
    outside a transaction (FACTCHECK_SEARCH_RACE) both start at once, each on a connection
    of its own, and the first to finish gives the page: `_race`. Inside a transaction
    another connection would not see its writes: the walk then gets
    FACTCHECK_SEARCH_WALK_MS (a statement timeout), then the bands.
    """

    def walk() -> list[Claim]:
        return list(decorate(rows)[start:stop])

    order = [str(name) for name in rows.query.order_by]
    if not _searched_by_score(rows, order):
        return walk()

    def bands() -> list[Claim]:
        return _banded(rows, order, start, stop, decorate)

    if _race_allowed(rows.db):
        return _race(rows.db, [walk, bands])
    budget = settings.FACTCHECK_SEARCH_WALK_MS
    if budget:
        walked = _walk(decorate(rows), start, stop, budget)
        if walked is not None:
            return walked
    return bands()


def racing(rows: QuerySet[Claim]) -> bool:
    """A page of `rows` is read by the race (page_rows): a search in score order, on
    PostgreSQL, outside a transaction, with FACTCHECK_SEARCH_RACE on."""
    order = [str(name) for name in rows.query.order_by]
    return _searched_by_score(rows, order) and _race_allowed(rows.db)


def _race_allowed(alias: str) -> bool:
    # Another connection would not see the writes of a transaction open on this one.
    return settings.FACTCHECK_SEARCH_RACE and not connections[alias].in_atomic_block


@contextmanager
def _own_connection(alias: str, wrappers: list[Callable[..., Any]]) -> Iterator[Any]:
    """This thread's connection to `alias`, with `wrappers` around its queries; closed
    after if a cancelled query left it unusable (or it is past CONN_MAX_AGE), as at the
    end of a request."""
    own = connections[alias]
    try:
        own.close_if_unusable_or_obsolete()
        with ExitStack() as stack:
            for wrapper in wrappers:
                stack.enter_context(own.execute_wrapper(wrapper))
            yield own
    finally:
        own.close_if_unusable_or_obsolete()


def beside(alias: str, read: Callable[[], T]) -> Callable[[], T]:
    """Start `read` now on a thread of the race pool, on that thread's own connection
    (outside a transaction only: it does not see the caller's uncommitted writes), and
    return what waits for its result or raises its error. The caller's execute wrappers
    (a query counter) see its queries. A page's counts are read so beside its rows."""
    wrappers = list(connections[alias].execute_wrappers)

    def run() -> T:
        with _own_connection(alias, wrappers):
            return read()

    return _race_pool().submit(run).result


# The threads that run the reads of `_race` and `beside` (FACTCHECK_SEARCH_RACE_THREADS),
# each keeping its own connection between searches (as a request's does, up to
# CONN_MAX_AGE): opening connections for each search would cost more than most searches.
_pool: ThreadPoolExecutor | None = None
_pool_threads = 0
_pool_lock = threading.Lock()


def _race_pool() -> ThreadPoolExecutor:
    global _pool, _pool_threads
    with _pool_lock:
        if _pool is None:
            _pool_threads = settings.FACTCHECK_SEARCH_RACE_THREADS
            _pool = ThreadPoolExecutor(_pool_threads, thread_name_prefix="search-race")
        return _pool


def close_race_connections() -> None:
    """Close the race threads' connections and stop the threads (tests, before the test
    database is dropped; a server process's end does it anyway)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    # Each task waits for the others, so each runs on a thread of its own: every thread
    # closes its own connections (Django's are per thread).
    size = _pool_threads
    everyone = threading.Barrier(size, timeout=10)

    def close_mine() -> None:
        connections.close_all()
        everyone.wait()

    for future in [pool.submit(close_mine) for _ in range(size)]:
        future.result()
    pool.shutdown(wait=True)


def _race(alias: str, reads: list[Callable[[], list[Claim]]]) -> list[Claim]:
    """The result of whichever of `reads` finishes first, each run by a thread of the race
    pool on that thread's own connection; the others' queries are cancelled. The caller's
    execute wrappers (a query counter, a timer) see every query."""
    wrappers = list(connections[alias].execute_wrappers)
    finished: queue.Queue[tuple[list[Claim] | None, BaseException | None]] = queue.Queue()
    running: dict[int, Any] = {}  # read -> its psycopg connection, while its query may run
    lock = threading.Lock()
    decided = threading.Event()

    def unless_decided(execute: Callable[..., Any], *args: Any) -> Any:
        if decided.is_set():  # the page is read: no further query of the losing read
            raise _Decided
        return execute(*args)

    def run(index: int, read: Callable[[], list[Claim]]) -> None:
        try:
            with _own_connection(alias, [unless_decided, *wrappers]) as own:
                own.ensure_connection()
                with lock:
                    if decided.is_set():
                        return
                    running[index] = own.connection
                try:
                    found = read()
                finally:
                    with lock:
                        running.pop(index, None)
            finished.put((found, None))
        except BaseException as exc:  # handed to the caller's thread
            finished.put((None, exc))

    pool = _race_pool()
    futures = [pool.submit(run, i, read) for i, read in enumerate(reads)]
    failure: BaseException | None = None
    try:
        for _ in reads:
            found, error = finished.get()
            if error is None:
                return found  # type: ignore[return-value]
            failure = failure or error
        raise failure  # type: ignore[misc]
    finally:
        with lock:
            decided.set()
            for other in running.values():
                try:
                    other.cancel_safe(timeout=5)
                except psycopg.Error:
                    pass  # a broken connection runs nothing; the page is read either way
        # A cancelled query ends at once; do not wait long for one that missed its cancel.
        wait(futures, timeout=1)


class _Decided(Exception):
    """A losing read's next query, after the page was read by the other."""


def _searched_by_score(rows: QuerySet[Claim], order: list[str]) -> bool:
    return (
        connection.vendor == "postgresql"
        and bool(order)
        and order[0].lstrip("-") == "score"
        and isinstance(rows.query.annotations.get("search_rank"), RawSQL)
    )


def _walk(rows: QuerySet[Claim], start: int, stop: int, budget: int) -> list[Claim] | None:
    nested = connection.in_atomic_block
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Local to this transaction (or put back below, inside a caller's).
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), "
                    "set_config('statement_timeout', %s, true)",
                    [f"{budget}ms"],
                )
                (previous, _) = cursor.fetchone()
            found = list(rows[start:stop])
            if nested:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
        return found
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == _QUERY_CANCELED:
            return None
        raise


def _banded(
    rows: QuerySet[Claim],
    order: list[str],
    start: int,
    stop: int,
    decorate: Callable[[QuerySet[Claim]], QuerySet[Claim]],
) -> list[Claim]:
    descending = order[0].startswith("-")
    low, high = score_bounds(rows)
    # Within a band the matches are sorted, not walked: expressions no index has.
    unindexed = [_unindexed(name) for name in order]
    branches, params = [], []
    for band in sorted(range(_band(low), _band(high) + 1), reverse=descending):
        sql, branch_params = (
            rows.filter(in_band(band))
            .order_by(*unindexed)
            .values("pk")[:stop]
            .query.sql_with_params()
        )
        branches.append(f"({sql})")
        params += branch_params
    union = " UNION ALL ".join(branches)
    # ARRAY(...) runs once, first (an init plan), and `id = ANY` of it is an index
    # condition on the primary key: the page's rows are read by id, whatever order the
    # planner takes the joins in (a semi-join can come last: it then joined every match).
    page = RawSQL(  # noqa: S611 (the ORM's own SQL for each band)
        "claims_claim.id = ANY(ARRAY("  # noqa: S608
        f"SELECT bands.pk FROM ({union}) AS bands LIMIT %s OFFSET %s))",
        [*params, stop - start, start],
        output_field=BooleanField(),
    )
    return list(decorate(rows).filter(page).order_by(*unindexed))


def _band(score: float) -> int:
    if math.isinf(score):
        return 0 if score < 0 else BANDS
    return min(max(math.floor(score * BANDS), 0), BANDS)


def score_bounds(rows: QuerySet[Claim]) -> tuple[float, float]:
    """The narrowest score range that the queryset's own conditions on the score allow
    (a minimum score, a page key's first column): only those ANDed at its top level
    count, so the range is never narrower than the rows'. The bands outside it are not
    read (each would cost an index scan to find nothing)."""
    low, high = float("-inf"), float("inf")
    for condition in _anded(rows.query.where):
        target = getattr(getattr(condition, "lhs", None), "target", None)
        value = getattr(condition, "rhs", None)
        if getattr(target, "name", None) != "score" or not isinstance(value, int | float):
            continue
        if condition.lookup_name in ("gte", "gt", "exact"):
            low = max(low, value)
        if condition.lookup_name in ("lte", "lt", "exact"):
            high = min(high, value)
    return low, high


def _anded(node: WhereNode) -> list[object]:
    if getattr(node, "connector", AND) != AND or getattr(node, "negated", False):
        return []
    found: list[object] = []
    for child in node.children:
        found += _anded(child) if isinstance(child, WhereNode) else [child]
    return found


def in_band(band: int) -> RawSQL:
    """Claims of one score band (BAND, the expression of the partial indexes of 0018)."""
    return RawSQL(f"{BAND} = %s::smallint", [band], output_field=BooleanField())  # noqa: S611


# The same values through expressions no index has: ordered by them, PostgreSQL fetches
# the matches by their own indexes and sorts them instead of walking an index for them
# (selectors_review.UNINDEXED for the queue's few-matches pages, the bands here).
UNINDEXED_SCORE = ExpressionWrapper(F("score") + 0.0, output_field=FloatField())
UNINDEXED_ID = ExpressionWrapper(F("id") + 0, output_field=IntegerField())


def _unindexed(name: str) -> OrderBy:
    field = name.lstrip("-")
    expression = {"score": UNINDEXED_SCORE, "id": UNINDEXED_ID, "pk": UNINDEXED_ID}.get(
        field, F(field)
    )
    return OrderBy(expression, descending=name.startswith("-"))
