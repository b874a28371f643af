"""Typed, immutable results of claim extraction (see docs/extraction-contract.md).

Every span is a pair of character offsets into the exact text given to ``extract()``;
``text[start:end]`` equals the stored span text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class Scorer(Protocol):
    """Check-worthiness scorer; ``worthiness.py`` provides the default one."""

    def score(self, texts: Sequence[str]) -> list[float]: ...


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float | None
    approximate: bool
    qualifier: str | None
    unit: str | None
    event: str | None
    kind: str  # "count" | "percent" | "money" | "ordinal" | "vague"
    vague: bool


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    role: str | None
    organisation: str | None
    cue: str | None  # a lemma: say, confirm, report, tell, according_to, ...
    cue_start: int | None
    cue_end: int | None
    recipient: str | None
    content_start: int | None
    content_end: int | None
    direct_quote: bool
    # When ``speaker`` was resolved from a pronoun ("she said"), where this sentence names
    # the speaker; ``speaker_start``/``speaker_end`` then point at the named mention.
    mention_start: int | None = None
    mention_end: int | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str
    start: int
    end: int
    resolved: str | None  # ISO date: the day, or the first day of the period
    # Last day of the period, inclusive (equal to ``resolved`` for a day); None if unresolved.
    resolved_end: str | None = None
    granularity: str | None = None  # "day" | "week" | "month" | "year"; None if unresolved


@dataclass(frozen=True, slots=True)
class Comparison:
    text: str
    start: int
    end: int
    kind: str  # "superlative" | "comparative"


@dataclass(frozen=True, slots=True)
class Enumeration:
    start: int
    end: int
    items: tuple[str, ...]
    item_spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Fact:
    """One checkable fact inside a claim: a figure, an attribution, a date, a comparison
    or superlative, or a list (claims/extraction/facts.py builds them).

    ``text[start:end]`` of the article equals ``text``; ``statement`` says the fact as a
    reader would ("680 workers arrested"); ``fields`` holds the kind's structured fields,
    JSON-ready (see docs/extraction-contract.md)."""

    kind: str  # "figure" | "attribution" | "date" | "comparison" | "list"
    start: int
    end: int
    text: str
    statement: str
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    start: int
    end: int
    text: str
    kinds: tuple[str, ...]
    score: float
    quantities: tuple[Quantity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    dates: tuple[DateMention, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    enumerations: tuple[Enumeration, ...] = ()
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True, slots=True)
class ConsistencyCheck:
    check: str
    claims: tuple[int, ...]  # claim numbers from 1, as the reader and ``detail`` number them
    result: str  # "consistent" | "inconsistent" | "needs_review"
    detail: str


def _jsonable(value: Any) -> Any:
    # Not dataclasses.asdict(): it deep-copies every value and keeps tuples, and it was
    # the largest cost of storing an article. JSON writers and API clients expect lists.
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: _jsonable(getattr(value, name)) for name in fields}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Extraction:
    metadata: dict[str, str | None] = field(default_factory=dict)
    claims: tuple[ClaimCandidate, ...] = ()
    checks: tuple[ConsistencyCheck, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "metadata": dict(self.metadata),
            "claims": [_jsonable(c) for c in self.claims],
            "checks": [_jsonable(c) for c in self.checks],
        }
