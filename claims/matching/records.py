"""Matching JSON Lines records: the pure half of ``manage.py match``.

A record is one line ``{"id", "text", "published"?, "title"?}``. A line that is not JSON,
not an object, or has no non-empty ``text`` string becomes a :class:`LineError` with its
line number and the rest is read. Figures and speakers are taken from claims/extraction
(quantities and attributions of every sentence of the text), computed only for the records
that end up in an answer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from claims.extraction import extract

from . import compare
from .index import ClaimIndex


@dataclass(frozen=True, slots=True)
class Record:
    id: Any
    text: str
    title: str | None = None
    published: dt.date | None = None
    line: int = 0

    @property
    def indexed_text(self) -> str:
        # The title is part of what a fact-check says (measured on CLEF train: it helps).
        return f"{self.text} {self.title}" if self.title else self.text


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def read_records(lines: Iterable[str]) -> Iterator[Record | LineError]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield LineError(number, f"not valid JSON ({exc.msg}).")
            continue
        if not isinstance(doc, dict):
            yield LineError(number, 'each line needs a JSON object {"id", "text"}.')
            continue
        text = doc.get("text")
        if not isinstance(text, str) or not text.strip():
            yield LineError(number, 'no "text": each line needs a non-empty "text" string.')
            continue
        title = doc.get("title")
        if title is not None and not isinstance(title, str):
            yield LineError(number, '"title" must be a string.')
            continue
        published = doc.get("published")
        if published is not None:
            try:
                published = dt.date.fromisoformat(str(published)[:10])
            except ValueError:
                yield LineError(number, f"published {published!r} is not a YYYY-MM-DD date.")
                continue
        doc_id = doc.get("id", number)
        if not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
            doc_id = str(doc_id)
        yield Record(id=doc_id, text=text, title=title, published=published, line=number)


class _NoScore:
    def score(self, texts: list[str]) -> list[float]:
        return [0.0] * len(texts)


def structured(record: Record) -> dict[str, list[dict[str, Any]]]:
    """The quantities and attributions claims/extraction finds in the record's text."""
    result = extract(record.text, published=record.published, scorer=_NoScore()).to_dict()
    return {
        "quantities": [q for c in result["claims"] for q in c["quantities"]],
        "attributions": [a for c in result["claims"] for a in c["attributions"]],
    }


class RecordMatcher:
    """An index over library records that answers queries in the CLI's JSON shape."""

    def __init__(self, library: Iterable[Record]) -> None:
        self.library: list[Record] = list(library)
        self.index = ClaimIndex()
        self.index.add((i, r.indexed_text) for i, r in enumerate(self.library))
        self._structured: dict[int, dict[str, list[dict[str, Any]]]] = {}

    def _struct(self, position: int) -> dict[str, list[dict[str, Any]]]:
        found = self._structured.get(position)
        if found is None:
            found = self._structured[position] = structured(self.library[position])
        return found

    def match(self, query: Record, k: int = 10) -> dict[str, Any]:
        hits = self.index.search(
            query.indexed_text, k, keep=lambda i: self.library[i].id != query.id
        )
        mine = structured(query) if hits else {}
        matches = []
        for hit in hits:
            compared = compare(mine, self._struct(hit.id))
            matches.append({"id": self.library[hit.id].id, "score": hit.score, **compared})
        return {"id": query.id, "matches": matches}
