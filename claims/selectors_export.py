"""Reads for exports: the filtered claims, streamed as `exporters.types.ClaimRow`.

Memory stays flat whatever the number of claims:
- the claims come from one query with the article, verdict and people joined in SQL,
  read through a server-side cursor on PostgreSQL (`chunked_cursor`, FETCH in chunks)
  and in `fetchmany` chunks on SQLite; raw tuples, not model instances or dicts;
- evidence (with its source), comments and the history come from one more streamed query
  each, in the same order, and are merged by claim: no query per claim (N+1), nothing
  held but the current claim's items.

Every format but the PDF has a faster path on PostgreSQL: one `COPY (SELECT ...) TO STDOUT`
that lets the server join and aggregate (sources and comments by `string_agg`/`json_agg`,
dates by `to_char`) while this process formats the rows it already has:
- `export_tabular_rows` (XLSX): the one-row-per-claim layout as text columns;
- `export_csv_rows` (CSV): the same, with all but the JSON cells already written as CSV;
- `export_document_rows` (JSON, JSON Lines, ClaimReview, HTML report): each claim as one
  JSON array with its evidence, comments and history summary entries.
tests/test_exports.py checks each writes the same bytes as the row path on tricky data.

On PostgreSQL, outside a transaction, the reads run on a connection of their own in one
REPEATABLE READ, READ ONLY transaction: every stream sees the same snapshot (a claim
approved mid-export appears in all or none), the cursors need no WITH HOLD (which would
make PostgreSQL materialise the whole result first), and the job's progress, written on
the default connection, stays visible to the UI while the export runs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, fields
from typing import Any

import orjson
import psycopg
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, F, QuerySet
from django.db.models.expressions import RawSQL

from claims.exporters.types import (
    EMPTY_HISTORY,
    ClaimRow,
    CommentRow,
    EvidenceRow,
    HistorySummary,
    RatingInfo,
    ScaleInfo,
)
from claims.models import Article, Claim, Comment, Evidence, RatingScale, Snapshot, SourceArchive

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class ExportFilters:
    """What to export. Empty fields do not filter. Stored on the job as JSON."""

    statuses: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()  # rating names; "none" for claims without a verdict
    outlet: str = ""
    date_from: dt.date | None = None  # the article's publication date
    date_to: dt.date | None = None
    article_ids: tuple[int, ...] = ()
    reviewer: str = ""  # username of who recorded the verdict
    claim_ids: tuple[int, ...] = ()  # an explicit selection (admin action)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in asdict(self).items():
            if value in ((), "", None, []):
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            data[name] = value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExportFilters:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"Unknown export filters: {', '.join(sorted(unknown))}.")
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in ("date_from", "date_to"):
                values[name] = dt.date.fromisoformat(value) if value else None
            elif name in ("article_ids", "claim_ids"):
                values[name] = tuple(int(v) for v in value)
            elif name in ("statuses", "verdicts"):
                values[name] = tuple(str(v) for v in value)
            else:
                values[name] = str(value)
        return cls(**values)

    def describe(self) -> dict[str, str]:
        """Filters as short labels for report headers."""
        return {
            name: ", ".join(map(str, v)) if isinstance(v, list) else str(v)
            for name, v in self.to_json().items()
        }


def export_claims(filters: ExportFilters) -> QuerySet[Claim]:
    # A superseded revision's claims were carried over to the newer revision of the
    # article (orphaned ones stay on it, flagged): exporting both would list them twice.
    claims = Claim.objects.filter(article__superseded=False)
    if filters.statuses:
        claims = claims.filter(status__in=filters.statuses)
    if filters.verdicts:
        named = [v for v in filters.verdicts if v != "none"]
        if "none" in filters.verdicts:
            claims = claims.filter(verdict__isnull=True) | claims.filter(verdict__name__in=named)
        else:
            claims = claims.filter(verdict__name__in=named)
    if filters.outlet:
        claims = claims.filter(article__outlet__iexact=filters.outlet)
    if filters.date_from:
        claims = claims.filter(article__published__gte=filters.date_from)
    if filters.date_to:
        claims = claims.filter(article__published__lte=filters.date_to)
    if filters.article_ids:
        claims = claims.filter(article_id__in=filters.article_ids)
    if filters.reviewer:
        claims = claims.filter(verdict_by__username=filters.reviewer)
    if filters.claim_ids:
        claims = claims.filter(pk__in=filters.claim_ids)
    return claims


def export_count(filters: ExportFilters) -> int:
    return export_claims(filters).count()


def verdict_distribution(filters: ExportFilters) -> list[tuple[str, int]]:
    """(verdict name, claims) over the filtered claims, best rating first; "" = none."""
    counts = (
        export_claims(filters)
        .order_by()
        .values("verdict__name", "verdict__position")
        .annotate(n=Count("pk"))
    )
    ordered = sorted(
        counts, key=lambda c: (c["verdict__position"] is None, c["verdict__position"] or 0)
    )
    return [(c["verdict__name"] or "", c["n"]) for c in ordered]


def active_scale() -> ScaleInfo | None:
    scale = RatingScale.objects.filter(is_active=True).prefetch_related("ratings").first()
    if scale is None:
        return None
    return ScaleInfo(
        name=scale.name,
        description=scale.description,
        best_value=scale.best_value,
        worst_value=scale.worst_value,
        ratings=tuple(
            RatingInfo(name=r.name, value=r.value, description=r.description)
            for r in scale.ratings.all()
        ),
    )


# --- streaming ---------------------------------------------------------------------------

CLAIM_COLUMNS = (
    "id",
    "position",
    "article_id",
    "article__title",
    "article__url",
    "article__outlet",
    "article__author",
    "article__published",
    "text",
    "start",
    "end",
    "kinds",
    "score",
    "quantities",
    "attributions",
    "dates",
    "status",
    "verdict__name",
    "verdict__value",
    "verdict__scale__best_value",
    "verdict__scale__worst_value",
    "rationale",
    "verdict_by__username",
    "approved_by__username",
    "created_at",
    "updated_at",
)

ORDERS = {"id": ("id",), "article": ("article_id", "position", "id")}


def export_rows(
    filters: ExportFilters,
    *,
    order: str = "id",
    with_article_text: bool = False,
    with_history: bool = False,
    limit: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[ClaimRow]:
    """The filtered claims as rows, streamed, with evidence, comments and history merged."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    if with_history and order != "id":
        # History rows carry the claim id only; merging them needs claim id order.
        raise ValueError("history is available in claim id order only")
    claims = export_claims(filters)
    restricted = filters != ExportFilters()
    columns = CLAIM_COLUMNS + (("article__text",) if with_article_text else ())
    main = claims.order_by(*ORDERS[order]).values_list(*columns)
    if limit is not None:
        main = main[:limit]
    key_prefix = () if order == "id" else ("claim__article_id", "claim__position")

    evidence = Evidence.objects.all()
    comments = Comment.objects.all()
    if restricted:
        ids = claims.values("pk")
        evidence = evidence.filter(claim__in=ids)
        comments = comments.filter(claim__in=ids)
    evidence_q = evidence.order_by(*key_prefix, "claim_id", "id").values_list(
        *key_prefix,
        "claim_id",
        "source__title",
        "source__url",
        "source__publisher",
        "source__published",
        "stance",
        "quote",
        "note",
        "source__archive__snapshot__fetched_at",
        "source__archive__snapshot__content_hash",
    )
    comment_q = comments.order_by(*key_prefix, "claim_id", "created_at", "id").values_list(
        *key_prefix, "claim_id", "author__username", "text", "created_at"
    )
    key_width = len(key_prefix) + 1

    with _read_connection() as reader:
        converters = _Converters(reader)
        evidence_groups = _groups(
            _stream(reader, evidence_q, chunk_size), key_width, converters.evidence
        )
        comment_groups = _groups(
            _stream(reader, comment_q, chunk_size), key_width, converters.comment
        )
        history_groups: Iterator[tuple[tuple, list[Any]]] | None = None
        if with_history:
            history = Claim.history.model.objects.all()
            if restricted:
                history = history.filter(id__in=claims.values("pk"))
            history_q = history.order_by("id", "history_date", "history_id").values_list(
                "id", "history_date", "history_user__username", "status"
            )
            history_groups = _groups(_stream(reader, history_q, chunk_size), 1, None)

        evidence_merge = _Merge(evidence_groups)
        comment_merge = _Merge(comment_groups)
        history_merge = _Merge(history_groups) if history_groups is not None else None
        build = converters.claim
        for raw in _stream(reader, main, chunk_size):
            key = (raw[0],) if order == "id" else (raw[2], raw[1], raw[0])
            found_evidence = evidence_merge.take(key)
            found_comments = comment_merge.take(key)
            history_summary = EMPTY_HISTORY
            if history_merge is not None:
                entries = history_merge.take(key)
                if entries:
                    history_summary = converters.history(entries)
            yield build(raw, found_evidence, found_comments, history_summary)


# --- the tabular fast path (PostgreSQL) ---------------------------------------------------


def tabular_rows_supported() -> bool:
    """Whether `export_tabular_rows` can run here (it needs PostgreSQL's COPY)."""
    return connection.vendor == "postgresql"


def _iso_timestamp(column: str) -> str:
    # datetime.isoformat() of the UTC value: microseconds only when there are some.
    # (No "%" anywhere: the SQL goes through placeholder formatting.)
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"""CASE WHEN {column} IS NULL THEN '' ELSE to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS')"""
        f" || CASE WHEN mod(extract(microseconds FROM {utc})::bigint, 1000000) = 0 THEN ''"
        f" ELSE to_char({utc}, '.US') END || '+00:00' END"
    )


def _tabular_query(filters: ExportFilters, limit: int | None) -> tuple[str, tuple[Any, ...]]:
    claim, article = Claim._meta.db_table, Article._meta.db_table
    evidence, source = Evidence._meta.db_table, Evidence._meta.get_field("source").related_model
    comment, user = Comment._meta.db_table, get_user_model()._meta.db_table
    # Joined like tabular._sources() and tabular._comments(), in the same item order.
    # Only table names from the models are interpolated; the filters stay parameters.
    sources = f"""(SELECT string_agg(CASE WHEN s.url <> ''
                      THEN coalesce(nullif(s.title, ''), s.url) || ' <' || s.url || '> ['
                           || e.stance || ']'
                      ELSE s.title || ' [' || e.stance || ']' END, ' | ' ORDER BY e.id)
                  FROM {evidence} e JOIN {source._meta.db_table} s ON s.id = e.source_id
                  WHERE e.claim_id = {claim}.id)"""  # noqa: S608
    comments = f"""(SELECT string_agg(CASE WHEN coalesce(u.username, '') <> ''
                      THEN u.username || ': ' || m.text ELSE m.text END, ' | '
                      ORDER BY m.created_at, m.id)
                   FROM {comment} m LEFT JOIN {user} u ON u.id = m.author_id
                   WHERE m.claim_id = {claim}.id)"""  # noqa: S608
    t = _tables()
    archives = {
        alias: f"""(SELECT {_archive_join(value)} FROM {t["evidence"]} e {_ARCHIVE_JOINS.format(**t)}
                     WHERE e.claim_id = {claim}.id)"""  # noqa: S608
        for alias, value in (
            ("_archived_at", _iso_timestamp("sn.fetched_at")),
            ("_sha256", "coalesce(sn.content_hash, '')"),
        )
    }
    query = (
        export_claims(filters)
        .order_by("id")
        .annotate(
            _article_date=RawSQL(f"coalesce(to_char({article}.published, 'YYYY-MM-DD'), '')", ()),  # noqa: S611
            _sources=RawSQL(sources, ()),  # noqa: S611
            _comments=RawSQL(comments, ()),  # noqa: S611
            _created=RawSQL(_iso_timestamp(f"{claim}.created_at"), ()),  # noqa: S611
            _updated=RawSQL(_iso_timestamp(f"{claim}.updated_at"), ()),  # noqa: S611
            **{alias: RawSQL(sql, ()) for alias, sql in archives.items()},  # noqa: S611
        )
        .values_list(
            "id",
            "article__title",
            "article__url",
            "article__outlet",
            "_article_date",
            "position",
            "text",
            "kinds",
            "quantities",
            "attributions",
            "dates",
            "status",
            "verdict__name",
            "verdict__value",
            "rationale",
            "_sources",
            "_archived_at",
            "_sha256",
            "_comments",
            "verdict_by__username",
            "approved_by__username",
            "_created",
            "_updated",
        )
    )
    if limit is not None:
        query = query[:limit]
    sql, params = query.query.sql_with_params()
    return sql, tuple(params)


# A claim's evidence (e) with its source's archived copy (sn), for the source_archived_at
# and source_sha256 columns and the documents' evidence items.
_ARCHIVE_JOINS = (
    "LEFT JOIN {archive} a ON a.source_id = e.source_id LEFT JOIN {snapshot} sn ON sn.id ="
    " a.snapshot_id"
)


def _archive_join(value: str) -> str:
    """`value` of each evidence item joined like tabular._archives(): "" for a source without
    a copy, NULL (so "") when no source has one."""
    return f"CASE WHEN bool_or(sn.id IS NOT NULL) THEN string_agg({value}, ' | ' ORDER BY e.id) END"


def export_tabular_rows(
    filters: ExportFilters, *, limit: int | None = None
) -> Iterator[tuple[str | None, ...]]:
    """The filtered claims in claim id order as flat tuples (`exporters.tabular.FLAT_COLUMNS`):
    PostgreSQL joins and formats the text (sources, comments, ISO dates), all as text.

    One `COPY (SELECT ...) TO STDOUT`: the server streams rows while this process formats
    the previous ones (a server-side cursor waits for each FETCH instead), and psycopg
    parses COPY's text format in C, without a Python loader per value.
    """
    sql, params = _tabular_query(filters, limit)
    with _read_connection() as reader:
        reader.ensure_connection()
        with reader.connection.cursor() as cursor:
            with (
                _streaming(reader, cursor),
                cursor.copy(f"COPY ({sql}) TO STDOUT", params or None) as copy,
            ):
                yield from copy.rows()


# --- the CSV and document fast paths (PostgreSQL) -----------------------------------------
#
# Both read the filtered claims from `export_claims` as an inner query `q` (so the filters
# are the row path's) and add each claim's items (evidence, comments, history) aggregated
# in SQL, joined as `<name>.doc`: for many claims, aggregated for every claim at once and
# merge-joined (one pass over each table, in claim order); for few, per claim by index
# (LATERAL). The COPY streams from the first row on while this process formats the
# previous ones. Only table names from the models are interpolated into the SQL; the
# filters stay parameters.

# Above this many claims, an export aggregates the items of all claims at once (one pass
# over each table); below, per claim (index lookups): see `_item_joins`.
DOCUMENT_JOIN_ROWS = 20_000


def document_rows_supported() -> bool:
    """Whether `export_document_rows` and `export_csv_rows` can run here (they need
    PostgreSQL's COPY and json)."""
    return connection.vendor == "postgresql"


def _iso_json(column: str) -> str:
    # datetime.isoformat() of the UTC value (microseconds only when there are some), NULL
    # for NULL. (No "%" anywhere: the SQL goes through placeholder formatting.)
    return (
        f"""replace(to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),"""
        " '.000000+', '+')"
    )


# The inner query's columns besides the claim's own: (alias, lookup).
_INNER_ANNOTATIONS = (
    ("x_title", "article__title"),
    ("x_url", "article__url"),
    ("x_outlet", "article__outlet"),
    ("x_author", "article__author"),
    ("x_published", "article__published"),
    ("x_article_text", "article__text"),
    ("x_verdict", "verdict__name"),
    ("x_value", "verdict__value"),
    ("x_best", "verdict__scale__best_value"),
    ("x_worst", "verdict__scale__worst_value"),
    ("x_reviewer", "verdict_by__username"),
    ("x_approver", "approved_by__username"),
)


def _inner_query(filters: ExportFilters, order: str, limit: int | None) -> tuple[str, Any]:
    """The filtered claims with their article, verdict and people, as columns of `q`."""
    inner = export_claims(filters).annotate(
        **{alias: F(lookup) for alias, lookup in _INNER_ANNOTATIONS}
    )
    # Unordered unless limited, so PostgreSQL can merge it into the outer query.
    inner = inner.order_by(*ORDERS[order]) if limit is not None else inner.order_by()
    inner = inner.values_list(
        "id",
        "position",
        "article_id",
        "text",
        "start",
        "end",
        "kinds",
        "score",
        "quantities",
        "attributions",
        "dates",
        "status",
        "rationale",
        "created_at",
        "updated_at",
        *(alias for alias, _ in _INNER_ANNOTATIONS),
    )
    if limit is not None:
        inner = inner[:limit]
    return inner.query.sql_with_params()


def _item_joins(items: Sequence[tuple[str, str, str, str]], *, joined: bool) -> str:
    """LEFT JOINs adding `<name>.doc` to `q` for each (name, key, aggregate, source)."""
    joins = []
    for name, key, aggregate, source in items:
        if joined:
            joins.append(
                f"LEFT JOIN (SELECT {key} AS claim_id, {aggregate} AS doc FROM {source}"  # noqa: S608
                f" GROUP BY {key}) {name} ON {name}.claim_id = q.id"
            )
        else:
            joins.append(
                f"LEFT JOIN LATERAL (SELECT {aggregate} AS doc FROM {source}"  # noqa: S608
                f" WHERE {key} = q.id) {name} ON true"
            )
    return " ".join(joins)


def _tables() -> dict[str, str]:
    source = Evidence._meta.get_field("source").related_model
    return {
        "evidence": Evidence._meta.db_table,
        "source": source._meta.db_table,
        "archive": SourceArchive._meta.db_table,
        "snapshot": Snapshot._meta.db_table,
        "comment": Comment._meta.db_table,
        "user": get_user_model()._meta.db_table,
        "history": Claim.history.model._meta.db_table,
    }


def _csv_cell(column: str, *, neutralise: bool = True) -> str:
    """SQL writing text `column` as Python's csv module writes `tabular.neutralise()` of it
    (QUOTE_MINIMAL, excel dialect): quoted, with quotes doubled, when it holds a comma, a
    quote, a CR or an LF; after an apostrophe when it starts like a formula."""
    if neutralise:
        # ascii(): the first character's code (0 for ""), compared as an integer.
        apostrophe = "CASE WHEN ascii({c}) IN (61, 43, 45, 64, 9, 13) THEN '''' ELSE '' END"
    else:
        apostrophe = "''"
    # Four strpos() cost the server less than one regular expression.
    template = (
        "CASE WHEN strpos({c}, ',') > 0 OR strpos({c}, '\"') > 0"
        " OR strpos({c}, E'\\n') > 0 OR strpos({c}, E'\\r') > 0"
        f" THEN '\"' || {apostrophe} || replace({{c}}, '\"', '\"\"') || '\"'"
        f" ELSE {apostrophe} || {{c}} END"
    )
    return template.format(c=column)


def _csv_query(
    filters: ExportFilters, *, limit: int | None, joined: bool
) -> tuple[str, tuple[Any, ...]]:
    """The CSV rows (`exporters.csv_.CSV_COLUMNS`): every cell but the four the JSON
    columns make, neutralised, quoted and joined by PostgreSQL like the row path's."""
    t = _tables()
    # Joined like tabular._sources() and tabular._comments(), in the same item order.
    items = (
        (
            "sources",
            "e.claim_id",
            "string_agg(CASE WHEN s.url <> '' THEN coalesce(nullif(s.title, ''), s.url)"
            " || ' <' || s.url || '> [' || e.stance || ']'"
            " ELSE s.title || ' [' || e.stance || ']' END, ' | ' ORDER BY e.id)",
            f"{t['evidence']} e JOIN {t['source']} s ON s.id = e.source_id",
        ),
        (
            "comments",
            "m.claim_id",
            "string_agg(CASE WHEN coalesce(u.username, '') <> ''"
            " THEN u.username || ': ' || m.text ELSE m.text END, ' | '"
            " ORDER BY m.created_at, m.id)",
            f"{t['comment']} m LEFT JOIN {t['user']} u ON u.id = m.author_id",
        ),
        (
            # Both columns in one pass over the evidence, split on a unit separator.
            "archives",
            "e.claim_id",
            _archive_join(f"coalesce({_iso_json('sn.fetched_at')}, '')")
            + " || chr(31) || "
            + _archive_join("coalesce(sn.content_hash, '')"),
            f"{t['evidence']} e {_ARCHIVE_JOINS.format(**t)}",
        ),
    )
    c = _csv_cell
    before = " || ',' || ".join(
        (
            "q.id::text",
            c("q.x_title"),
            c("q.x_url"),
            c("q.x_outlet"),
            "coalesce(to_char(q.x_published, 'YYYY-MM-DD'), '')",
            "q.position::text",
            c("q.text"),
        )
    )
    after = " || ',' || ".join(
        (
            c("q.status", neutralise=False),
            c("coalesce(q.x_verdict, '')"),
            "coalesce(q.x_value::text, '')",
            c("q.rationale"),
            c("coalesce(sources.doc, '')"),
            c("split_part(coalesce(archives.doc, ''), chr(31), 1)", neutralise=False),
            c("split_part(coalesce(archives.doc, ''), chr(31), 2)", neutralise=False),
            c("coalesce(comments.doc, '')"),
            c("coalesce(q.x_reviewer, '')"),
            c("coalesce(q.x_approver, '')"),
            f"coalesce({_iso_json('q.created_at')}, '')",
            f"coalesce({_iso_json('q.updated_at')}, '')",
        )
    )
    inner_sql, params = _inner_query(filters, "id", limit)
    sql = (
        f"SELECT {before}, q.kinds::text, q.quantities::text, q.attributions::text,"  # noqa: S608
        f" q.dates::text, {after} FROM ({inner_sql}) q {_item_joins(items, joined=joined)}"
        " ORDER BY q.id"
    )
    return sql, tuple(params)


def export_csv_rows(
    filters: ExportFilters, *, limit: int | None = None, expected_rows: int | None = None
) -> Iterator[tuple[str, ...]]:
    """The filtered claims in claim id order as CSV text (`exporters.csv_.CSV_COLUMNS`):
    the cells before the JSON columns as one text, the JSON columns as stored, the cells
    after them as one text, each written by PostgreSQL as the row path's csv writer
    writes them. A writer only formats the four JSON cells and joins.

    `expected_rows` (the count, when known) chooses how the items are aggregated.
    """
    sql, params = _csv_query(
        filters,
        limit=limit,
        joined=expected_rows is None or expected_rows >= DOCUMENT_JOIN_ROWS,
    )
    with _read_connection() as reader:
        reader.ensure_connection()
        with reader.connection.cursor() as cursor:
            with (
                _streaming(reader, cursor),
                cursor.copy(f"COPY ({sql}) TO STDOUT", params or None) as copy,
            ):
                yield from copy.rows()


def _document_query(
    filters: ExportFilters,
    *,
    order: str,
    with_evidence: bool,
    with_comments: bool,
    with_history: bool,
    with_article_text: bool,
    limit: int | None,
    joined: bool,
) -> tuple[str, tuple[Any, ...]]:
    """SELECT one json_build_array(...) a claim (see `export_document_rows`)."""
    t = _tables()
    # Each item as a JSON array in the order of exporters.types.EvidenceRow / CommentRow /
    # a history entry, in the order the row path merges them.
    items = []
    if with_evidence:
        items.append(
            (
                "evidence",
                "e.claim_id",
                "json_agg(json_build_array(s.title, s.url, s.publisher,"
                " to_char(s.published, 'YYYY-MM-DD'), e.stance, e.quote, e.note,"
                f" {_iso_json('sn.fetched_at')}, sn.content_hash) ORDER BY e.id)",
                f"{t['evidence']} e JOIN {t['source']} s ON s.id = e.source_id"
                f" {_ARCHIVE_JOINS.format(**t)}",
            )
        )
    if with_comments:
        items.append(
            (
                "comments",
                "m.claim_id",
                f"json_agg(json_build_array(u.username, m.text, {_iso_json('m.created_at')})"
                " ORDER BY m.created_at, m.id)",
                f"{t['comment']} m LEFT JOIN {t['user']} u ON u.id = m.author_id",
            )
        )
    if with_history:
        items.append(
            (
                "history",
                "h.id",
                f"json_agg(json_build_array({_iso_json('h.history_date')}, u.username, h.status)"
                " ORDER BY h.history_date, h.history_id)",
                f"{t['history']} h LEFT JOIN {t['user']} u ON u.id = h.history_user_id",
            )
        )
    names = {name for name, *_ in items}
    evidence_sql, comments_sql, history_sql = (
        f"{name}.doc" if name in names else "NULL" for name in ("evidence", "comments", "history")
    )
    order_sql = "q.id" if order == "id" else "q.article_id, q.position, q.id"
    # The report reads the article's text from its first claim only: send it once.
    text_sql = (
        f"CASE WHEN lag(q.article_id) OVER (ORDER BY {order_sql}) IS DISTINCT FROM"
        " q.article_id THEN q.x_article_text ELSE '' END"
        if with_article_text
        else "''"
    )
    inner_sql, params = _inner_query(filters, order, limit)
    sql = (
        "SELECT json_build_array(q.id, q.position, q.article_id, q.x_title, q.x_url,"  # noqa: S608
        " q.x_outlet, q.x_author, to_char(q.x_published, 'YYYY-MM-DD'), q.text, q.start,"
        ' q."end", q.kinds, q.score, q.quantities, q.attributions, q.dates, q.status,'
        " q.x_verdict, q.x_value, q.x_best, q.x_worst, q.rationale, q.x_reviewer,"
        f" q.x_approver, {_iso_json('q.created_at')}, {_iso_json('q.updated_at')},"
        f" {evidence_sql}, {comments_sql}, {history_sql}, {text_sql})"
        f" FROM ({inner_sql}) q {_item_joins(items, joined=joined)} ORDER BY {order_sql}"
    )
    return sql, tuple(params)


def export_document_rows(
    filters: ExportFilters,
    *,
    order: str = "id",
    with_evidence: bool = True,
    with_comments: bool = True,
    with_history: bool = False,
    with_article_text: bool = False,
    limit: int | None = None,
    expected_rows: int | None = None,
) -> Iterator[bytes]:
    """The filtered claims, one JSON array a claim (`exporters.types.DOCUMENT_COLUMNS`),
    built by PostgreSQL: the claim with its article, people and verdict, its JSON columns
    as they are stored, ISO dates, and its evidence, comments and history (each a JSON
    array of arrays, or null; null too when not asked for), in `export_rows`' order.

    One `COPY (SELECT json_build_array(...)) TO STDOUT`: the server joins and aggregates
    while this process turns the previous claims into bytes. As CSV with a delimiter and
    a quote character that JSON text never holds (PostgreSQL escapes every control
    character in it), each line arrives exactly as PostgreSQL wrote it, without unescaping.
    `expected_rows` (the count, when known) chooses how the items are aggregated.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    if with_history and order != "id":
        raise ValueError("history is available in claim id order only")
    sql, params = _document_query(
        filters,
        order=order,
        with_evidence=with_evidence,
        with_comments=with_comments,
        with_history=with_history,
        with_article_text=with_article_text,
        limit=limit,
        joined=expected_rows is None or expected_rows >= DOCUMENT_JOIN_ROWS,
    )
    copy_sql = f"COPY ({sql}) TO STDOUT (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')"
    with _read_connection() as reader:
        reader.ensure_connection()
        with reader.connection.cursor() as cursor:
            with _streaming(reader, cursor), cursor.copy(copy_sql, params or None) as copy:
                yield from copy


@contextmanager
def _streaming(reader: BaseDatabaseWrapper, cursor: Any) -> Iterator[None]:
    """Plan a COPY of an export for rows that flow from the first one on, while this
    process works on them: no parallel workers (they take this process's core, and
    gather into a sort), no JIT compilation (it costs the server more than it saves on
    these queries: ~10 % on a million claims)."""
    previous = cursor.execute(
        "SELECT current_setting('max_parallel_workers_per_gather'), current_setting('jit')"
    ).fetchone()
    cursor.execute(
        "SELECT set_config('max_parallel_workers_per_gather', '0', true),"
        " set_config('jit', 'off', true)"
    )
    try:
        yield
    finally:
        if reader is connection and previous is not None:
            # Inside the caller's transaction: leave its settings as they were (if the
            # transaction failed, it is rolled back with them anyway).
            with suppress(DatabaseError, psycopg.Error):
                cursor.execute(
                    "SELECT set_config('max_parallel_workers_per_gather', %s, true),"
                    " set_config('jit', %s, true)",
                    previous,
                )


class _Merge:
    """Takes the items of one key from a stream of (key, items) groups in the same order.

    Groups whose key is smaller than the one asked for belong to claims the main stream
    did not return (a claim deleted between the queries on SQLite); they are skipped.
    """

    def __init__(self, groups: Iterator[tuple[tuple, list[Any]]]) -> None:
        self._groups = groups
        self._pending: tuple[tuple, list[Any]] | None = next(groups, None)

    def take(self, key: tuple) -> tuple[Any, ...]:
        while self._pending is not None and self._pending[0] < key:
            self._pending = next(self._groups, None)
        if self._pending is not None and self._pending[0] == key:
            items = tuple(self._pending[1])
            self._pending = next(self._groups, None)
            return items
        return ()


def _groups(
    rows: Iterator[Sequence[Any]], key_width: int, convert: Callable[[Sequence[Any]], Any] | None
) -> Iterator[tuple[tuple, list[Any]]]:
    current: tuple | None = None
    items: list[Any] = []
    for raw in rows:
        key = tuple(raw[:key_width])
        if key != current:
            if current is not None:
                yield current, items
            current, items = key, []
        items.append(convert(raw[key_width:]) if convert else raw[key_width:])
    if current is not None:
        yield current, items


def _stream(reader: BaseDatabaseWrapper, query: QuerySet, chunk_size: int) -> Iterator[tuple]:
    """Raw tuples of a values_list() query, fetched in chunks through `reader`."""
    sql, params = query.query.sql_with_params()
    cursor = reader.chunked_cursor()
    if reader.vendor == "postgresql":
        _fast_loaders(cursor)
    try:
        cursor.execute(sql, params)
        while True:
            chunk = cursor.fetchmany(chunk_size)
            if not chunk:
                return
            yield from chunk
    finally:
        cursor.close()


@contextmanager
def _read_connection() -> Iterator[BaseDatabaseWrapper]:
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # SQLite: one writer anyway, and a second connection would not see the rows of a
        # surrounding transaction (tests). Inside a transaction, read in that transaction.
        yield connection
        return
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        reader.ensure_connection()
        reader.set_autocommit(False)
        with reader.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            # A cursor is planned for its first 10 % of rows by default (nested loops);
            # an export reads all of them, so plan it like the whole query (hash joins).
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        yield reader
    finally:
        try:
            reader.rollback()
        finally:
            reader.close()


def _fast_loaders(cursor: Any) -> None:
    """Use psycopg's C loader for timestamps on this cursor.

    Django registers a Python-level timestamptz loader on its connections (to attach the
    connection's time zone, UTC); psycopg's own returns the same aware datetimes, in the
    session's time zone, at a fraction of the cost. Registered on the cursor only, so the
    connection Django checks stays as it set it up.
    """
    from psycopg.types.datetime import TimestamptzLoader

    cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)


# Claim kinds come from a handful of values: parse each distinct JSON text once.
_KINDS: dict[str, tuple[str, ...]] = {}


def _kinds(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        return tuple(value or ())
    found = _KINDS.get(value)
    if found is None:
        found = tuple(orjson.loads(value))
        if len(_KINDS) < 1024:
            _KINDS[value] = found
    return found


def _json_list(value: Any) -> tuple[Any, ...]:
    # PostgreSQL jsonb and SQLite both hand JSON over as text on a raw cursor.
    if value is None or value == "[]":
        return ()
    if isinstance(value, str):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            value = json.loads(value)  # integers past 64 bits
    return tuple(value)


class _Converters:
    """Turns raw database tuples into the row contract (types differ between backends:
    SQLite returns dates and datetimes as text, PostgreSQL as objects)."""

    def __init__(self, reader: BaseDatabaseWrapper) -> None:
        self.text_dates = reader.vendor == "sqlite"

    def date(self, value: Any) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(value)

    def datetime(self, value: Any) -> dt.datetime | None:
        if value is None or isinstance(value, dt.datetime):
            return value
        parsed = dt.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)

    def evidence(self, raw: Sequence[Any]) -> EvidenceRow:
        title, url, publisher, published, stance, quote, note, archived_at, sha256 = raw
        if self.text_dates:
            published = self.date(published)
            archived_at = self.datetime(archived_at)
            if archived_at is not None and archived_at.tzinfo is None:
                # SQLite's converter hands a naive datetime over: it is UTC.
                archived_at = archived_at.replace(tzinfo=dt.UTC)
        return EvidenceRow(
            title, url, publisher, published, stance, quote, note, archived_at, sha256 or ""
        )

    def comment(self, raw: Sequence[Any]) -> CommentRow:
        author, text, created = raw
        if self.text_dates:
            created = self.datetime(created)
        return CommentRow(author or "", text, created)

    def history(self, entries: Sequence[Sequence[Any]]) -> HistorySummary:
        statuses: list[str] = []
        for _, _, status in entries:
            if not statuses or statuses[-1] != status:
                statuses.append(status)
        first, last = entries[0], entries[-1]
        return HistorySummary(
            changes=len(entries),
            first_recorded=self.datetime(first[0]),
            last_changed=self.datetime(last[0]),
            last_changed_by=last[1] or "",
            statuses=tuple(statuses),
        )

    def claim(
        self,
        raw: Sequence[Any],
        evidence: tuple[EvidenceRow, ...],
        comments: tuple[CommentRow, ...],
        history: HistorySummary,
    ) -> ClaimRow:
        published, created, updated = raw[7], raw[24], raw[25]
        if self.text_dates:
            published = self.date(published)
            created = self.datetime(created)
            updated = self.datetime(updated)
        return ClaimRow(
            raw[0],
            raw[1],
            raw[2],
            raw[3],
            raw[4],
            raw[5],
            raw[6],
            published,
            raw[8],
            raw[9],
            raw[10],
            _kinds(raw[11]),
            raw[12],
            _json_list(raw[13]),
            _json_list(raw[14]),
            _json_list(raw[15]),
            raw[16],
            raw[17] or "",
            raw[18],
            raw[19],
            raw[20],
            raw[21],
            raw[22] or "",
            raw[23] or "",
            created,
            updated,
            evidence,
            comments,
            history,
            raw[26] if len(raw) > 26 else "",
        )
