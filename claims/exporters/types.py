# ruff: noqa: RUF009 (`column` and `items` return dataclasses.field()s)
"""The row contract between the selector and the exporters: dataclasses, no Django.

`claims.selectors_export.export_rows` yields one `ClaimRow` per claim, in the order the
export wants (claim id for data formats, article then position for reports), with its
items (evidence, comments, history, facts) attached. Exporters only read these objects;
they never query. (The rows are not frozen: a frozen dataclass sets each field through
object.__setattr__, which made building a million rows cost more than writing them.)

The dataclasses are also the declarative table the selector builds its one query from:
each field names, in its metadata, where its value comes from (a lookup on the model,
as Django spells it) and how it travels (`Kind`). The selector asks the database for
the fields a format reads (`Exporter.fields`) and sends NULL for the others, so adding a
field here adds it to the SQL, the decoding and every format that reads it, once.

Values are what a file writes: dates and timestamps as ISO 8601 text (`date.isoformat()`,
`datetime.isoformat()` of the UTC value), or None; JSON columns as decoded JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, field, fields
from enum import Enum
from typing import Any, BinaryIO

JSONValue = Any


class Kind(Enum):
    """How a field's value travels from the database to the row."""

    VALUE = "value"  # as stored: integers, text, NULL
    TEXT = "text"  # text, "" for NULL (a missing verdict, an account deleted)
    FLOAT = "float"  # a float, whatever the database writes (PostgreSQL's 1 for 1.0)
    BOOL = "bool"
    DATE = "date"  # ISO date text, or None
    DATETIME = "datetime"  # ISO timestamp text in UTC, or None
    JSON = "json"  # a JSON column, decoded
    JSON_LIST = "json_list"  # a JSON column that holds a list: anything else is wrapped
    ARTICLE_TEXT = "article_text"  # the article's text on its first claim (report order)
    ITEMS = "items"  # a tuple of item rows (`Items`)


def column(source: str, kind: Kind = Kind.VALUE, *, default: Any = MISSING) -> Any:
    """A field read from `source`, a lookup on the row's model ("article__title"); the
    selector also knows two virtual ones: "effective_verdict__..." (the editor's verdict,
    else the one derived from facts) and "verdict_origin"."""
    metadata = {"source": source, "kind": kind}
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, slots=True)
class Items:
    """A field that holds a tuple of `row` items, in `order` (lookups on the item's model)."""

    name: str  # the selector's name for where the items come from
    row: type
    order: tuple[str, ...]


def items(name: str, row: type, order: tuple[str, ...]) -> Any:
    return field(default=(), metadata={"source": Items(name, row, order), "kind": Kind.ITEMS})


# Whole numbers stored as floats ("680.0": extraction gives every figure as a float) are
# written as integers in what people read; beyond this size a float is left as it is
# (1e300 would become 301 digits), as are real fractions.
WHOLE_LIMIT = 1e15


def plain_number(value: Any) -> Any:
    """680.0 -> 680; 2.5, 1e300, ints, text and anything else unchanged."""
    if value.__class__ is float and value.is_integer() and -WHOLE_LIMIT < value < WHOLE_LIMIT:
        return int(value)
    return value


T = Kind.TEXT


@dataclass(slots=True)
class EvidenceRow:
    source_title: str = column("source__title")
    source_url: str = column("source__url")
    publisher: str = column("source__publisher")
    source_published: str | None = column("source__published", Kind.DATE)
    stance: str = column("stance")
    quote: str = column("quote")
    note: str = column("note")
    # The source's archived copy (models.SourceArchive.snapshot): when it was fetched and
    # the sha256 of its stored text; None and "" when the source has no archived copy.
    archived_at: str | None = column(
        "source__archive__snapshot__fetched_at", Kind.DATETIME, default=None
    )
    archive_sha256: str = column("source__archive__snapshot__content_hash", T, default="")


@dataclass(slots=True)
class CommentRow:
    author: str = column("author__username", T)
    text: str = column("text")
    created_at: str | None = column("created_at", Kind.DATETIME)


@dataclass(slots=True)
class HistoryEntry:
    """One row of a claim's audit trail (the full trail stays in the admin)."""

    at: str | None = column("history_date", Kind.DATETIME)
    by: str = column("history_user__username", T)
    status: str = column("status")


@dataclass(frozen=True, slots=True)
class HistorySummary:
    """What changed on a claim: its history entries summed up."""

    changes: int
    first_recorded: str | None
    last_changed: str | None
    last_changed_by: str
    statuses: tuple[str, ...]  # the sequence of statuses the claim went through


EMPTY_HISTORY = HistorySummary(0, None, None, "", ())


def history_summary(entries: tuple[HistoryEntry, ...]) -> HistorySummary:
    if not entries:
        return EMPTY_HISTORY
    statuses: list[str] = []
    for entry in entries:
        if not statuses or statuses[-1] != entry.status:
            statuses.append(entry.status)
    last = entries[-1]
    return HistorySummary(len(entries), entries[0].at, last.at, last.by, tuple(statuses))


@dataclass(slots=True)
class FactRow:
    """One fact of a claim (models.Fact): a figure, an attribution, a date, a comparison or
    a list, with its own verdict, evidence and comments."""

    fact_id: int = column("id")
    position: int = column("position")
    kind: str = column("kind")  # "figure", "attribution", "date", "comparison", "list"
    start: int = column("start")
    end: int = column("end")
    text: str = column("text")
    statement: str = column("statement")  # how a reader would state it; may be ""
    fields: dict[str, JSONValue] = column("fields", Kind.JSON)  # the kind's fields
    origin: str = column("origin")  # "extracted" or "reviewer"
    status: str = column("status")
    verdict: str = column("verdict__name", T)
    rating_value: int | None = column("verdict__value")
    best_rating: int | None = column("verdict__scale__best_value")
    worst_rating: int | None = column("verdict__scale__worst_value")
    rationale: str = column("rationale")
    reviewer: str = column("verdict_by__username", T)
    approver: str = column("approved_by__username", T)
    created_at: str | None = column("created_at", Kind.DATETIME)
    updated_at: str | None = column("updated_at", Kind.DATETIME)
    evidence: tuple[EvidenceRow, ...] = items("fact_evidence", EvidenceRow, ("id",))
    comments: tuple[CommentRow, ...] = items("fact_comments", CommentRow, ("created_at", "id"))


@dataclass(slots=True)
class ClaimRow:
    claim_id: int = column("id")
    position: int = column("position")
    article_id: int = column("article_id")
    article_title: str = column("article__title")
    article_url: str = column("article__url")
    article_outlet: str = column("article__outlet")
    article_author: str = column("article__author")
    article_published: str | None = column("article__published", Kind.DATE)
    text: str = column("text")
    start: int = column("start")
    end: int = column("end")
    kinds: list[str] = column("kinds", Kind.JSON_LIST)
    score: float = column("score", Kind.FLOAT)
    quantities: list[dict[str, JSONValue]] = column("quantities", Kind.JSON_LIST)
    attributions: list[dict[str, JSONValue]] = column("attributions", Kind.JSON_LIST)
    dates: list[dict[str, JSONValue]] = column("dates", Kind.JSON_LIST)
    status: str = column("status")
    # The claim's effective verdict: an editor's, else the one derived from its facts.
    verdict: str = column("effective_verdict__name", T)  # "" when there is none yet
    rating_value: int | None = column("effective_verdict__value")  # None: off the scale
    best_rating: int | None = column("effective_verdict__scale__best_value")
    worst_rating: int | None = column("effective_verdict__scale__worst_value")
    rationale: str = column("rationale")
    reviewer: str = column("verdict_by__username", T)  # who recorded the verdict
    approver: str = column("approved_by__username", T)
    created_at: str | None = column("created_at", Kind.DATETIME)
    updated_at: str | None = column("updated_at", Kind.DATETIME)
    # "editor", "facts" (derived from them) or "" (no verdict), and whether the facts
    # the verdict is derived from disagree.
    verdict_origin: str = column("verdict_origin", T, default="editor")
    verdict_mixed: bool = column("derived_mixed", Kind.BOOL, default=False)
    evidence: tuple[EvidenceRow, ...] = items("claim_evidence", EvidenceRow, ("id",))
    comments: tuple[CommentRow, ...] = items("claim_comments", CommentRow, ("created_at", "id"))
    history: tuple[HistoryEntry, ...] = items(
        "claim_history", HistoryEntry, ("history_date", "history_id")
    )
    facts: tuple[FactRow, ...] = items("claim_facts", FactRow, ("position", "id"))
    # Only the report reads it, from the first claim of each article.
    article_text: str = column("article__text", Kind.ARTICLE_TEXT, default="")


FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(row: type) -> tuple[str, ...]:
    """The fields of a row class, in order."""
    found = FIELD_NAMES.get(row)
    if found is None:
        found = FIELD_NAMES[row] = tuple(f.name for f in fields(row))
    return found


ALL_FIELDS: frozenset[str] = frozenset(field_names(ClaimRow))


@dataclass(frozen=True, slots=True)
class RatingInfo:
    name: str
    value: int | None
    description: str


@dataclass(frozen=True, slots=True)
class ScaleInfo:
    name: str
    description: str
    best_value: int
    worst_value: int
    ratings: tuple[RatingInfo, ...]

    def rating(self, name: str) -> RatingInfo | None:
        for rating in self.ratings:
            if rating.name == name:
                return rating
        return None


@dataclass(frozen=True, slots=True)
class ExportContext:
    """Everything an exporter needs besides the rows. Built by the service from settings."""

    generated_at: dt.datetime  # aware
    desk_name: str = "Fact-check desk"
    desk_url: str = ""
    site_url: str = ""
    # "{article_id}" is replaced; the claim anchor (#claim-N) is appended by the exporter.
    report_path: str = "/exports/articles/{article_id}/report/"
    # The public, read-only page of one published claim ("{claim_id}" is replaced): the
    # ClaimReview `url`. Keyed by the claim's id alone, which a new revision of the
    # article (re-anchoring moves the claim to a new article row) never changes.
    factcheck_path: str = "/factchecks/{claim_id}/"
    scale: ScaleInfo | None = None
    title: str = "Verdict report"
    filters: dict[str, str] = field(default_factory=dict)
    # Verdict name -> number of claims, computed by the database before the rows stream,
    # so the report can open with the distribution without holding the rows.
    distribution: tuple[tuple[str, int], ...] = ()
    # How an approved claim was checked; the report says it only of approved claims.
    method: str = ""
    # Claim status -> its label ("in_review" -> "In review"), from the model's choices.
    status_labels: dict[str, str] = field(default_factory=dict)

    def factcheck_url(self, claim_id: int) -> str:
        return self.site_url.rstrip("/") + self.factcheck_path.format(claim_id=claim_id)

    def report_url(self, article_id: int, position: int | None = None) -> str:
        url = self.site_url.rstrip("/") + self.report_path.format(article_id=article_id)
        return url if position is None else f"{url}#claim-{position}"


WriteFn = Callable[[Iterable[ClaimRow], BinaryIO, ExportContext], int]


@dataclass(frozen=True, slots=True)
class Exporter:
    """One format: how to write it and what the selector must provide."""

    name: str
    label: str
    extension: str
    media_type: str
    write: WriteFn
    # The ClaimRow fields the writer reads: the selector sends only these.
    fields: frozenset[str] = ALL_FIELDS
    # "id": claim id order (streams fastest); "article": grouped by article for reports.
    order: str = "id"
    # Statuses exported when the filters name none (ClaimReview: only what was published).
    default_statuses: tuple[str, ...] = ()
    # A cap for formats that must hold the whole document in memory (PDF layout).
    max_rows: int | None = None
    # The download's name: "<stem>-<date>-<job>.<extension>".
    file_stem: str = "verdicts"
