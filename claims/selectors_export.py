"""Reads for exports: the filtered claims, streamed as `exporters.types.ClaimRow`.

One path, one query. `export_rows` builds a single SELECT from the row contract
(`exporters.types`: each field names its source and kind) that hands over each claim as
one JSON array with its items (evidence, comments, history, facts with their own
evidence and comments) aggregated inside it, in the row's field order; the exporter asks
for the fields it reads (`Exporter.fields`) and gets NULL for the others. The rows are
decoded (orjson) into `ClaimRow`s. Nothing is queried per claim, whatever the number of
claims and facts, and only the current rows are held, so memory stays flat.

- PostgreSQL: `COPY (SELECT json_build_array(...)) TO STDOUT`: the server joins and
  aggregates while this process formats the claims it already has. For many claims the
  items of all claims are aggregated at once and merge-joined (one pass over each table);
  for few, per claim by index (LATERAL): see `JOIN_ROWS`.
- SQLite: the same SELECT with SQLite's JSON functions, items as correlated subqueries,
  read in chunks.

The filters and the joins to articles, verdicts and people are the ORM's (`export_claims`,
compiled for either database); only table-independent SQL (JSON building, dates as ISO
text) is written here, and the filters stay parameters.

On PostgreSQL, outside a transaction, the read runs on a connection of its own in one
REPEATABLE READ, READ ONLY transaction (one snapshot: a claim approved mid-export appears
with all its items or not at all), and the job's progress, written on the default
connection, stays visible to the UI while the export runs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, fields
from typing import Any

import orjson
import psycopg
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable

from claims.exporters.types import ALL_FIELDS, ClaimRow, Items, Kind, RatingInfo, ScaleInfo
from claims.models import Claim, Comment, Evidence, Fact, RatingScale

CHUNK_SIZE = 2000
# Above this many claims, an export aggregates the items of all claims at once (one pass
# over each table); below, per claim (index lookups).
JOIN_ROWS = 20_000


@dataclass(frozen=True)
class ExportFilters:
    """What to export. Empty fields do not filter. Stored on the job as JSON."""

    statuses: tuple[str, ...] = ()
    # Rating names of the claim's effective verdict (an editor's, else the one derived
    # from its facts); "none" for claims without either.
    verdicts: tuple[str, ...] = ()
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
        chosen = Q(verdict__name__in=named) | Q(
            verdict__isnull=True, derived_verdict__name__in=named
        )
        if "none" in filters.verdicts:
            chosen |= Q(verdict__isnull=True, derived_verdict__isnull=True)
        claims = claims.filter(chosen)
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


def _effective(attribute: str) -> Case:
    """An attribute of the claim's effective verdict: the editor's, else the derived one."""
    return Case(
        When(verdict__isnull=False, then=F(f"verdict__{attribute}")),
        default=F(f"derived_verdict__{attribute}"),
    )


def verdict_distribution(filters: ExportFilters) -> list[tuple[str, int]]:
    """(effective verdict name, claims) over the filtered claims, best rating first; "" =
    none."""
    counts = (
        export_claims(filters)
        .order_by()
        .annotate(v_name=_effective("name"), v_position=_effective("position"))
        .values("v_name", "v_position")
        .annotate(n=Count("pk"))
    )
    ordered = sorted(counts, key=lambda c: (c["v_position"] is None, c["v_position"] or 0))
    return [(c["v_name"] or "", c["n"]) for c in ordered]


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


# --- the one query ----------------------------------------------------------------------------

ORDERS = {"id": ("k_id",), "article": ("k_article", "k_position", "k_id")}


def _item_sources() -> dict[str, tuple[QuerySet, str]]:
    """Where each kind of item (`exporters.types.Items.name`) comes from: its rows, and
    the lookup naming the row (claim or fact) they belong to."""
    return {
        "claim_evidence": (Evidence.objects.filter(fact__isnull=True), "claim_id"),
        "claim_comments": (Comment.objects.filter(fact__isnull=True), "claim_id"),
        "claim_history": (Claim.history.model.objects.all(), "id"),
        "claim_facts": (Fact.objects.all(), "claim_id"),
        "fact_evidence": (Evidence.objects.filter(fact__isnull=False), "fact_id"),
        "fact_comments": (Comment.objects.filter(fact__isnull=False), "fact_id"),
    }


def _source(lookup: str) -> Combinable:
    """The ORM expression of a field's source (the row contract's lookups)."""
    if lookup.startswith("effective_verdict__"):
        return _effective(lookup.removeprefix("effective_verdict__"))
    if lookup == "verdict_origin":
        return Case(
            When(verdict__isnull=False, then=Value("editor")),
            When(derived_verdict__isnull=False, then=Value("facts")),
            default=Value(""),
        )
    return F(lookup)


class _Dialect:
    """The SQL that builds a row's JSON array, per database."""

    def __init__(self, vendor: str) -> None:
        self.postgresql = vendor == "postgresql"

    def array(self, values: list[str]) -> str:
        name = "json_build_array" if self.postgresql else "json_array"
        return f"{name}({', '.join(values)})"

    def value(self, kind: Kind, column: str) -> str:
        pg = self.postgresql
        if kind is Kind.TEXT:
            return f"coalesce({column}, '')"
        if kind is Kind.DATE:
            return f"to_char({column}, 'YYYY-MM-DD')" if pg else column
        if kind is Kind.DATETIME:
            if pg:
                # datetime.isoformat() of the UTC value: microseconds only when there are
                # some; NULL for NULL. (No "%": the SQL goes through placeholder formatting.)
                return (
                    f"""replace(to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),"""
                    " '.000000+', '+')"
                )
            # Django stores UTC as "YYYY-MM-DD HH:MM:SS[.ffffff]" (str() of the naive value).
            return f"replace({column}, ' ', 'T') || '+00:00'"
        if kind in (Kind.JSON, Kind.JSON_LIST):
            return column if pg else f"json({column})"
        if kind is Kind.FLOAT and not pg:
            # SQLite's JSON writes 15 digits; 17 give the float back exactly (as text).
            return f"CASE WHEN {column} IS NULL THEN NULL ELSE printf('%%!.17g', {column}) END"
        if kind is Kind.BOOL and not pg:
            return f"CASE WHEN {column} THEN json('true') ELSE json('false') END"
        return column

    def empty_items(self) -> str:
        return "'[]'::json" if self.postgresql else "json('[]')"


class _Query:
    """Builds the SELECT of `export_rows` (text and parameters, in textual order)."""

    def __init__(self, dialect: _Dialect, *, joined: bool) -> None:
        self.dialect = dialect
        self.joined = joined
        self.sources = _item_sources()
        self.aliases = 0

    def alias(self) -> str:
        self.aliases += 1
        return f"i{self.aliases}"

    def columns(
        self, row: type, needed: frozenset[str] | None, table: str
    ) -> tuple[dict[str, Combinable], list[tuple[Kind, Any, str | None]]]:
        """The annotations a row needs on its queryset, and per field (kind, what, column)."""
        annotations: dict[str, Combinable] = {}
        plan: list[tuple[Kind, Any, str | None]] = []
        for index, f in enumerate(fields(row)):
            kind, source = f.metadata["kind"], f.metadata["source"]
            if needed is not None and f.name not in needed:
                plan.append((kind, None, None))
            elif kind is Kind.ITEMS:
                plan.append((kind, source, None))
            else:
                name = f"x{index}"
                annotations[name] = _source(source)
                plan.append((kind, source, f"{table}.{name}"))
        return annotations, plan

    def items(self, spec: Items, parent: str) -> tuple[str, list[Any], str]:
        """(FROM-clause join or select-list value, its parameters, the value's SQL) of one
        kind of items of the row whose key column is `parent`."""
        queryset, key = self.sources[spec.name]
        table = self.alias()
        annotations, plan = self.columns(spec.row, None, table)
        order = {f"o{n}": F(lookup) for n, lookup in enumerate(spec.order)}
        inner = (
            queryset.order_by()
            .annotate(k_parent=F(key), k_id=F("id"), **order, **annotations)
            .values_list("k_parent", "k_id", *order, *annotations)
        )
        inner_sql, inner_params = inner.query.sql_with_params()
        values, value_params, joins, join_params = self.values(plan, table, f"{table}.k_id")
        array = self.dialect.array(values)
        order_sql = ", ".join(f"{table}.{name}" for name in order)
        params = [*value_params, *inner_params, *join_params]
        if not self.dialect.postgresql:
            value = (
                f"(SELECT json_group_array(json(doc)) FROM (SELECT {array} AS doc"  # noqa: S608
                f" FROM ({inner_sql}) {table} {joins} WHERE {table}.k_parent = {parent}"
                f" ORDER BY {order_sql}))"
            )
            return "", params, value
        aggregate = f"json_agg({array} ORDER BY {order_sql})"
        name = self.alias()
        if self.joined:
            join = (
                f"LEFT JOIN (SELECT {table}.k_parent AS parent, {aggregate} AS doc"  # noqa: S608
                f" FROM ({inner_sql}) {table} {joins} GROUP BY {table}.k_parent) {name}"
                f" ON {name}.parent = {parent}"
            )
        else:
            join = (
                f"LEFT JOIN LATERAL (SELECT {aggregate} AS doc FROM ({inner_sql}) {table}"  # noqa: S608
                f" {joins} WHERE {table}.k_parent = {parent}) {name} ON true"
            )
        return join, params, f"coalesce({name}.doc, {self.dialect.empty_items()})"

    def values(
        self,
        plan: list[tuple[Kind, Any, str | None]],
        table: str,
        key: str,
        article_text: Callable[[str], str] | None = None,
    ) -> tuple[list[str], list[Any], str, list[Any]]:
        """The SQL of each field's value, the parameters of the select list, the joins
        (PostgreSQL's items) and their parameters."""
        values: list[str] = []
        value_params: list[Any] = []
        joins: list[str] = []
        join_params: list[Any] = []
        for kind, source, column in plan:
            if source is None:
                values.append("NULL")
            elif kind is Kind.ITEMS:
                join, params, value = self.items(source, key)
                values.append(value)
                if join:
                    joins.append(join)
                    join_params += params
                else:
                    value_params += params
            elif kind is Kind.ARTICLE_TEXT:
                assert article_text is not None and column is not None
                values.append(article_text(column))
            else:
                assert column is not None
                values.append(self.dialect.value(kind, column))
        return values, value_params, " ".join(joins), join_params


def _rows_query(
    filters: ExportFilters,
    needed: frozenset[str],
    order: str,
    limit: int | None,
    *,
    vendor: str,
    joined: bool,
) -> tuple[str, list[Any]]:
    """SELECT one JSON array a claim, in `ClaimRow` field order, ordered by `order`."""
    query = _Query(_Dialect(vendor), joined=joined)
    annotations, plan = query.columns(ClaimRow, needed, "q")
    inner = export_claims(filters).annotate(
        k_id=F("id"), k_article=F("article_id"), k_position=F("position"), **annotations
    )
    # Unordered unless limited, so PostgreSQL can merge it into the outer query.
    inner = inner.order_by(*ORDERS[order]) if limit is not None else inner.order_by()
    inner = inner.values_list("k_id", "k_article", "k_position", *annotations)
    if limit is not None:
        inner = inner[:limit]
    inner_sql, inner_params = inner.query.sql_with_params()
    order_sql = ", ".join(f"q.{name}" for name in ORDERS[order])
    distinct = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"

    def article_text(column: str) -> str:
        # The report reads the article's text from its first claim only: send it once.
        return (
            f"CASE WHEN lag(q.k_article) OVER (ORDER BY {order_sql}) {distinct} q.k_article"
            f" THEN {column} ELSE '' END"
        )

    values, value_params, joins, join_params = query.values(plan, "q", "q.k_id", article_text)
    sql = (
        f"SELECT {query.dialect.array(values)} FROM ({inner_sql}) q {joins}"  # noqa: S608
        f" ORDER BY {order_sql}"
    )
    return sql, [*value_params, *inner_params, *join_params]


def _decoder(row: type) -> Callable[[list[Any]], Any]:
    """The function that turns a decoded JSON array into `row`, generated from the row
    contract: one call of the dataclass with each value converted where JSON cannot carry
    it as the row holds it (items into their rows, PostgreSQL's 1 for 1.0, SQLite's text
    floats, a JSON column that is not a list). Runs once per claim and per item; the
    source holds only indexes and names of the functions passed in."""
    env: dict[str, Any] = {"Row": row, "float_": _float, "json_list": _json_list}
    values = []
    for index, f in enumerate(fields(row)):
        kind, value = f.metadata["kind"], f"v[{index}]"
        if kind is Kind.ITEMS:
            env[f"item{index}"] = _decoder(f.metadata["source"].row)
            value = f"tuple(map(item{index}, {value})) if {value} else ()"
        elif kind is Kind.FLOAT:
            value = f"float_({value})"
        elif kind is Kind.JSON_LIST:
            value = f"{value} if {value}.__class__ is list else json_list({value})"
        elif kind is Kind.BOOL:
            value = f"{value} is True or {value} == 1"
        elif kind is Kind.ARTICLE_TEXT:
            value = f"{value} or ''"
        values.append(f"({value})")
    source = "def decode(v):\n    return Row(" + ", ".join(values) + ")\n"
    exec(compile(source, f"<decode {row.__name__}>", "exec"), env)  # noqa: S102
    return env["decode"]


def _float(value: Any) -> float | None:
    # PostgreSQL writes a float with no fraction as an integer, SQLite's query as text.
    return value if value is None or value.__class__ is float else float(value)


def _json_list(value: Any) -> list[Any]:
    if value.__class__ is list:
        return value
    return [] if value is None else [value]  # a JSON column that is not a list: kept whole


def _text(value: Any) -> str:
    return value or ""


def _loads(data: Any) -> list[Any]:
    try:
        return orjson.loads(data)  # several times json.loads' speed
    except orjson.JSONDecodeError:
        return json.loads(bytes(data) if not isinstance(data, str) else data)  # big integers


def export_rows(
    filters: ExportFilters,
    *,
    fields: frozenset[str] = ALL_FIELDS,
    order: str = "id",
    limit: int | None = None,
    expected_rows: int | None = None,
) -> Iterator[ClaimRow]:
    """The filtered claims as `ClaimRow`s with the `fields` asked for (the others are
    None or empty), in `order` ("id", or "article": by article, then position).

    `expected_rows` (the count, when known) chooses how PostgreSQL aggregates the items.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    unknown = fields - ALL_FIELDS
    if unknown:
        raise ValueError(f"Unknown claim fields: {', '.join(sorted(unknown))}.")
    decode = _decoder(ClaimRow)
    joined = expected_rows is None or expected_rows >= JOIN_ROWS
    with _read_connection() as reader:
        sql, params = _rows_query(
            filters, fields, order, limit, vendor=reader.vendor, joined=joined
        )
        if reader.vendor == "postgresql":
            yield from map(decode, map(_loads, _copy(reader, sql, params, joined=joined)))
            return
        with reader.cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(CHUNK_SIZE):
                for (data,) in chunk:
                    yield decode(_loads(data))


def _copy(
    reader: BaseDatabaseWrapper, sql: str, params: list[Any], *, joined: bool
) -> Iterator[Any]:
    """Each row of `sql` as PostgreSQL writes its JSON text, streamed by COPY.

    As CSV with a delimiter and a quote character that JSON text never holds (PostgreSQL
    escapes every control character in it), each line arrives exactly as PostgreSQL wrote
    it, without unescaping; psycopg hands over one row per block.
    """
    copy_sql = f"COPY ({sql}) TO STDOUT (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')"
    reader.ensure_connection()
    with reader.connection.cursor() as cursor:
        settings = JOINED_SETTINGS if joined else STREAMING_SETTINGS
        with _streaming(reader, cursor, settings), cursor.copy(copy_sql, params or None) as copy:
            yield from copy


# What an export sets for its COPY, in its transaction only (see `_streaming`).
STREAMING_SETTINGS = {"max_parallel_workers_per_gather": "0", "jit": "off"}
# With many claims, also: no hash joins.
JOINED_SETTINGS = {**STREAMING_SETTINGS, "enable_hashjoin": "off"}


@contextmanager
def _streaming(
    reader: BaseDatabaseWrapper, cursor: Any, settings: dict[str, str]
) -> Iterator[None]:
    """Plan a COPY of an export for rows that flow from the first one on, while this
    process works on them: no parallel workers (they take this process's core, and
    gather into a sort), no JIT compilation (it costs the server more than it saves on
    these queries: ~10 % on a million claims). With many claims, no hash joins either:
    the claims come in claim order from the first one on, merge-joined with their items
    aggregated in the same order (one pass over each table), rather than hash-joined and
    sorted once every row is built (the sort holds them all on disk before the first one
    leaves, and this process waits for it)."""
    names = list(settings)
    previous = cursor.execute(
        "SELECT " + ", ".join("current_setting(%s)" for _ in names), names
    ).fetchone()
    cursor.execute(
        "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
        [value for name in names for value in (name, settings[name])],
    )
    try:
        yield
    finally:
        if reader is connection and previous is not None:
            # Inside the caller's transaction: leave its settings as they were (if the
            # transaction failed, it is rolled back with them anyway).
            with suppress(DatabaseError, psycopg.Error):
                cursor.execute(
                    "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
                    [value for pair in zip(names, previous, strict=True) for value in pair],
                )


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
