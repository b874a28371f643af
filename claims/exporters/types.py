"""The row contract between the selectors and the exporters: frozen dataclasses, no Django.

A selector yields one `ClaimRow` per claim, in the order the export wants (claim id for
data formats, article then position for reports), with its evidence, comments and a
history summary already attached. Exporters only read these objects; they never query.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

import orjson

JSONValue = Any


# Whole numbers stored as floats ("680.0": extraction gives every figure as a float) are
# written as integers in what people read; beyond this size a float is left as it is
# (1e300 would become 301 digits), as are real fractions.
WHOLE_LIMIT = 1e15


def plain_number(value: Any) -> Any:
    """680.0 -> 680; 2.5, 1e300, ints, text and anything else unchanged."""
    if value.__class__ is float and value.is_integer() and -WHOLE_LIMIT < value < WHOLE_LIMIT:
        return int(value)
    return value


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    source_title: str
    source_url: str
    publisher: str
    source_published: dt.date | None
    stance: str
    quote: str
    note: str
    # The source's archived copy (models.SourceArchive.snapshot): when it was fetched and
    # the sha256 of its stored text; None and "" when the source has no archived copy.
    archived_at: dt.datetime | None = None
    archive_sha256: str = ""


@dataclass(frozen=True, slots=True)
class CommentRow:
    author: str
    text: str
    created_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class HistorySummary:
    """What changed on a claim, without the full audit trail (that stays in the admin)."""

    changes: int
    first_recorded: dt.datetime | None
    last_changed: dt.datetime | None
    last_changed_by: str
    statuses: tuple[str, ...]  # the sequence of statuses the claim went through


EMPTY_HISTORY = HistorySummary(0, None, None, "", ())


@dataclass(frozen=True, slots=True)
class ClaimRow:
    claim_id: int
    position: int
    article_id: int
    article_title: str
    article_url: str
    article_outlet: str
    article_author: str
    article_published: dt.date | None
    text: str
    start: int
    end: int
    kinds: tuple[str, ...]
    score: float
    quantities: tuple[dict[str, JSONValue], ...]
    attributions: tuple[dict[str, JSONValue], ...]
    dates: tuple[dict[str, JSONValue], ...]
    status: str
    verdict: str  # the rating's name, "" when there is none yet
    rating_value: int | None  # None: no verdict, or a rating off the numeric scale
    best_rating: int | None  # of the verdict's own scale (ClaimReview bestRating)
    worst_rating: int | None
    rationale: str
    reviewer: str  # who recorded the verdict
    approver: str
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    evidence: tuple[EvidenceRow, ...] = ()
    comments: tuple[CommentRow, ...] = ()
    history: HistorySummary = EMPTY_HISTORY
    # Only the report needs it; data formats leave it empty so rows stay small.
    article_text: str = ""


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

    generated_at: dt.datetime
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


class TabularRows:
    """Rows of the one-row-per-claim layout (`exporters.tabular`) as flat tuples, with the
    joined text the database can build already built (PostgreSQL: sources, comments and
    ISO dates via string_agg/to_char), in `tabular.FLAT_COLUMNS` order.

    The fast path of the tabular formats: a writer given these instead of `ClaimRow`s
    skips building a row object per claim. Iterating yields the tuples.
    """

    __slots__ = ("_rows",)

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._rows = rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)


class CsvRows:
    """Rows of the CSV layout with every cell the database can write already written
    (PostgreSQL: neutralised, quoted and joined as Python's csv module does), as tuples
    (cells before the JSON columns, kinds, quantities, attributions, dates as stored
    JSON, cells after them): `exporters.csv_.CSV_COLUMNS`.

    The fastest path of the CSV format: the writer formats the four JSON cells and joins.
    Iterating yields the tuples.
    """

    __slots__ = ("_rows",)

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._rows = rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)


# The items of a document row (`DocumentRows`), in order. Dates are ISO text as
# `isoformat()` writes them, or null; the JSON columns (kinds, quantities, attributions,
# dates) as stored; `evidence` a list of [title, url, publisher, published, stance, quote,
# note, archived_at, archive_sha256], `comments` of [author, text, created_at], `history` of [date, user, status]
# (null when the claim has none or the format did not ask for them); `article_text` only
# on the first claim of each article (report order), "" elsewhere.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "position",
    "article_id",
    "article_title",
    "article_url",
    "article_outlet",
    "article_author",
    "article_published",
    "text",
    "start",
    "end",
    "kinds",
    "score",
    "quantities",
    "attributions",
    "dates",
    "status",
    "verdict",
    "rating_value",
    "best_rating",
    "worst_rating",
    "rationale",
    "reviewer",
    "approver",
    "created_at",
    "updated_at",
    "evidence",
    "comments",
    "history",
    "article_text",
)


def _decode(data: Any) -> list[Any]:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(bytes(data))  # what orjson refuses (integers past 64 bits)


class DocumentRows:
    """Claims as the database serialised them: one JSON array a claim, in
    `DOCUMENT_COLUMNS` order (PostgreSQL's json_build_array, streamed by COPY).

    The fast path of the document formats (JSON, JSON Lines, ClaimReview, the HTML
    report): their writers, given these instead of `ClaimRow`s, build the output from
    the decoded lists without a row object, a date object or a query per claim.
    Iterating yields the decoded lists.
    """

    __slots__ = ("_rows",)

    def __init__(self, rows: Iterable[Any]) -> None:
        self._rows = rows

    def __iter__(self) -> Iterator[list[Any]]:
        return map(_decode, self._rows)


class WriteFn(Protocol):
    def __call__(self, rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int: ...


@dataclass(frozen=True, slots=True)
class Exporter:
    """One format: how to write it and what the service must provide."""

    name: str
    label: str
    extension: str
    media_type: str
    write: Callable[[Iterable[ClaimRow], BinaryIO, ExportContext], int]
    # "id": claim id order (streams fastest); "article": grouped by article for reports.
    order: str = "id"
    needs_article_text: bool = False
    needs_history: bool = False
    # Statuses exported when the filters name none (ClaimReview: only what was published).
    default_statuses: tuple[str, ...] = ()
    # A cap for formats that must hold the whole document in memory (PDF layout).
    max_rows: int | None = None
    # The writer also takes `TabularRows` (the one-row-per-claim layout, built in SQL).
    tabular: bool = False
    # The writer also takes `DocumentRows` (each claim as a JSON array, built in SQL), and
    # which of a claim's items it reads from them.
    documents: bool = False
    # The writer also takes `CsvRows` (the CSV text of most cells, built in SQL).
    csv_rows: bool = False
    needs_evidence: bool = True
    needs_comments: bool = True
