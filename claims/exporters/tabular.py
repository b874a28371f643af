"""The spreadsheet layouts shared by CSV and XLSX, as declarative column tables, and
formula-injection defence.

A `Sheet` is a table of `Column`s: each has its header, the function that makes its cell
from a row, and the `ClaimRow` fields that function reads. The table gives the header
row, the cells of each row, and the fields the selector must fetch (`Sheet.fields`, which
become the export's SQL); a column is added in one place.

A spreadsheet treats a cell that starts with =, +, -, @ (and, in some programs, a tab or
carriage return before them) as a formula: `=HYPERLINK("http://x","y")` in a claim or a
source title would become a live link or worse when an editor opens the file. Every text
cell that starts with one of those characters gets a leading apostrophe, the OWASP
recommendation: spreadsheets show the text as typed and never evaluate it. Numbers
(rating value, score, ids) are written as numbers and are not text, so they are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from claims.exporters.types import ClaimRow, FactRow, plain_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)

Cell = str | int | float | None

# How the sheets name a verdict's origin (`ClaimRow.verdict_origin`).
ORIGIN_LABELS = {"editor": "editor", "facts": "derived from facts"}


def neutralise(value: str) -> str:
    """Make a text cell inert in spreadsheets (see the module docstring)."""
    if value and value[0] in _FORMULA_FIRST:
        return "'" + value
    return value


TEXT, NUMBER, PLAIN = "text", "number", "plain"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, where its cell comes from, and what kind of cell it is.

    The cell is the attribute at `path` of the line ("text"; on the facts sheet
    "fact.kind" or "claim.text"; "" for the line itself), passed through `make` when
    given. `kind`: TEXT is neutralised; NUMBER is written as a number; PLAIN is text the
    product writes itself (statuses, ISO dates, hashes), which never starts like a formula.
    `reads` adds the ClaimRow fields `make` reads when `path` does not name them.
    """

    header: str
    path: str = ""
    make: Callable[[Any], Cell] | None = None
    kind: str = TEXT
    reads: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """The ClaimRow fields this column reads."""
        head = self.path.split(".", 1)[0]
        if head == "fact":
            return ("facts", *self.reads)
        if head == "claim":
            return (self.path.split(".")[1], *self.reads)
        return ((head,) if head else ()) + self.reads


def _compile(columns: tuple[Column, ...], *, csv: bool = False) -> Callable[[Any], Any]:
    """The function that makes a line, generated from the column table: its cells (a
    list), or with `csv` its CSV text (quoted as the csv module's excel dialect does:
    QUOTE_MINIMAL, quotes doubled, "\\r\\n" at the end).

    One expression per column (attribute reads, `make` calls, the formula check and the
    quoting written inline): this runs once per line of a million-line export, where a
    loop over getters costs twice as much and the csv module's writer three times as much
    as the rest of the line. The source is built from the table's attribute names only
    (checked to be identifiers); the functions it calls are passed in.
    """
    env: dict[str, Any] = {"FIRST": _FORMULA_FIRST}
    cells = []
    for index, column in enumerate(columns):
        parts = column.path.split(".") if column.path else []
        if not all(part.isidentifier() for part in parts):
            raise ValueError(f"Column {column.header!r}: bad path {column.path!r}")
        value = ".".join(["line", *parts])
        if column.make is not None:
            env[f"make{index}"] = column.make
            value = f"make{index}({value})"
        if column.kind == NUMBER:
            if csv:
                value = f"('' if (v := {value}) is None else str(v))"
        elif csv:
            text = f"(v := {value} or '')"
            if column.kind == TEXT:
                text = f'("\'" + v if {text} and v[0] in FIRST else v)'
            value = (
                f"('\"' + v.replace('\"', '\"\"') + '\"' if '\"' in (v := {text}) or ',' in v"
                " or '\\n' in v or '\\r' in v else v)"
            )
        elif column.kind == TEXT:
            value = f'("\'" + v if (v := {value}) and v[0] in FIRST else v)'
        cells.append(value)
    if csv:
        body = "','.join((" + ", ".join(cells) + ")) + '\\r\\n'"
    else:
        body = "[" + ", ".join(cells) + "]"
    source = f"def line_of(line):\n    return {body}\n"
    exec(compile(source, "<tabular columns>", "exec"), env)  # noqa: S102 (see above)
    return env["line_of"]


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str  # the XLSX sheet's name
    columns: tuple[Column, ...]
    # One line per claim, or one per fact of each claim (`FactLine`).
    per_fact: bool = False
    cells: Callable[[Any], list[Cell]] = dataclass_field(init=False, repr=False, compare=False)
    csv_line: Callable[[Any], str] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One line's cells in header order: text neutralised, numbers as numbers; and the
        # same cells as a line of CSV.
        object.__setattr__(self, "cells", _compile(self.columns))
        object.__setattr__(self, "csv_line", _compile(self.columns, csv=True))

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def fields(self) -> frozenset[str]:
        """The ClaimRow fields the sheet reads: what the selector fetches for it."""
        found = {name for c in self.columns for name in c.fields}
        return frozenset(found | ({"facts"} if self.per_fact else set()))

    def lines(self, rows: Iterable[ClaimRow], *, csv: bool = False) -> Iterator[Any]:
        """Each line of `rows` (one a claim, or one a fact of each claim): its cells, or
        with `csv` its CSV text."""
        line_of = self.csv_line if csv else self.cells
        if not self.per_fact:
            yield from map(line_of, rows)
            return
        for row in rows:
            for fact in row.facts:
                yield line_of(FactLine(row, fact))


# --- what the cells say ---------------------------------------------------------------------


def _quantity(item: Any) -> str:
    if item.__class__ is not dict:
        return str(item)
    parts = [
        str(item.get("qualifier") or ""),
        str(plain_number(item.get("value", ""))),
        str(item.get("unit") or ""),
    ]
    text = " ".join(p for p in parts if p)
    if item.get("approximate"):
        text = "~" + text
    event = item.get("event")
    return f"{text} ({event})" if event else text


def _attribution(item: Any) -> str:
    if item.__class__ is not dict:
        return str(item)
    speaker = str(item.get("speaker") or "")
    role = item.get("role")
    cue = item.get("cue")
    text = f"{speaker} ({role})" if role else speaker
    return f"{text}: {cue}" if cue else text


def _date(item: Any) -> str:
    if item.__class__ is not dict:
        return str(item)
    return str(item.get("resolved") or item.get("text") or "")


def _quantities(items: list) -> str:
    return "; ".join(map(_quantity, items)) if items else ""


def _attributions(items: list) -> str:
    return "; ".join(map(_attribution, items)) if items else ""


def _dates(items: list) -> str:
    return "; ".join(map(_date, items)) if items else ""


def _kinds(kinds: list) -> str:
    return ", ".join(map(str, kinds)) if kinds else ""


def sources(evidence: tuple) -> str:
    return " | ".join(
        f"{e.source_title or e.source_url} <{e.source_url}> [{e.stance}]"
        if e.source_url
        else f"{e.source_title} [{e.stance}]"
        for e in evidence
    )


def archived_at(evidence: tuple) -> str:
    """When each source's archived copy was fetched, joined like `sources` and in its
    order ("" for a source without one); "" when no source has one."""
    if not any(e.archive_sha256 for e in evidence):
        return ""
    return " | ".join(e.archived_at or "" for e in evidence)


def archive_sha256(evidence: tuple) -> str:
    if not any(e.archive_sha256 for e in evidence):
        return ""
    return " | ".join(e.archive_sha256 for e in evidence)


def comments(items: tuple) -> str:
    return " | ".join(f"{c.author}: {c.text}" if c.author else c.text for c in items)


def _origin(row: ClaimRow) -> str:
    return ORIGIN_LABELS.get(row.verdict_origin, row.verdict_origin) if row.verdict else ""


def _or_empty(value: str | None) -> str:
    return value or ""


# `source_archived_at` and `source_sha256`: per source, in the order of `sources`, when its
# archived copy was fetched and the sha256 of the copy's text ("" for a source without one;
# services.snapshots). `verdict` is the claim's effective verdict: an editor's, or the one
# derived from its facts (`verdict_origin` says which).
CLAIMS = Sheet(
    "Verdicts",
    (
        Column("claim_id", "claim_id", kind=NUMBER),
        Column("article_title", "article_title"),
        Column("article_url", "article_url"),
        Column("outlet", "article_outlet"),
        Column("article_date", "article_published", _or_empty, PLAIN),
        Column("position", "position", kind=NUMBER),
        Column("claim", "text"),
        Column("kinds", "kinds", _kinds),
        Column("quantities", "quantities", _quantities),
        Column("attributions", "attributions", _attributions),
        Column("claim_dates", "dates", _dates),
        Column("status", "status", kind=PLAIN),
        Column("verdict", "verdict"),
        Column("verdict_origin", "", _origin, PLAIN, reads=("verdict", "verdict_origin")),
        Column("rating_value", "rating_value", kind=NUMBER),
        Column("rationale", "rationale"),
        Column("sources", "evidence", sources),
        Column("source_archived_at", "evidence", archived_at, PLAIN),
        Column("source_sha256", "evidence", archive_sha256, PLAIN),
        Column("comments", "comments", comments),
        Column("reviewer", "reviewer"),
        Column("approver", "approver"),
        Column("created", "created_at", _or_empty, PLAIN),
        Column("updated", "updated_at", _or_empty, PLAIN),
    ),
)

HEADERS: tuple[str, ...] = CLAIMS.headers
cells = CLAIMS.cells


# --- the facts sheet: one line per fact, with its claim -------------------------------------


@dataclass(frozen=True, slots=True)
class FactLine:
    claim: ClaimRow
    fact: FactRow


def _claim_origin(line: FactLine) -> str:
    return _origin(line.claim)


FACTS = Sheet(
    "Facts",
    (
        Column("claim_id", "claim.claim_id", kind=NUMBER),
        Column("article_title", "claim.article_title"),
        Column("article_url", "claim.article_url"),
        Column("claim", "claim.text"),
        Column("claim_status", "claim.status", kind=PLAIN),
        Column("claim_verdict", "claim.verdict"),
        Column(
            "claim_verdict_origin", "", _claim_origin, PLAIN, reads=("verdict", "verdict_origin")
        ),
        Column("fact_id", "fact.fact_id", kind=NUMBER),
        Column("fact_position", "fact.position", kind=NUMBER),
        Column("fact_kind", "fact.kind"),
        Column("fact_text", "fact.text"),
        Column("fact_statement", "fact.statement"),
        Column("fact_start", "fact.start", kind=NUMBER),
        Column("fact_end", "fact.end", kind=NUMBER),
        Column("fact_fields", "fact.fields", lambda fields: fields_text(fields)),
        Column("fact_origin", "fact.origin", kind=PLAIN),
        Column("fact_status", "fact.status", kind=PLAIN),
        Column("fact_verdict", "fact.verdict"),
        Column("fact_rating_value", "fact.rating_value", kind=NUMBER),
        Column("fact_rationale", "fact.rationale"),
        Column("fact_sources", "fact.evidence", sources),
        Column("fact_comments", "fact.comments", comments),
        Column("fact_reviewer", "fact.reviewer"),
        Column("fact_approver", "fact.approver"),
        Column("fact_updated", "fact.updated_at", _or_empty, PLAIN),
    ),
    per_fact=True,
)


def fields_text(fields: Any) -> str:
    """A fact's structured fields as "name: value; ..." (empty ones left out)."""
    if fields.__class__ is not dict:
        return "" if fields is None else str(fields)
    parts = []
    for name, value in fields.items():
        if value is None or value == "" or value == [] or value is False:
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        parts.append(f"{name}: {plain_number(value)}")
    return "; ".join(parts)
