"""The one-row-per-claim layout shared by CSV and XLSX, and formula-injection defence.

A spreadsheet treats a cell that starts with =, +, -, @ (and, in some programs, a tab or
carriage return before them) as a formula: `=HYPERLINK("http://x","y")` in a claim or a
source title would become a live link or worse when an editor opens the file. Every text
cell that starts with one of those characters gets a leading apostrophe, the OWASP
recommendation: spreadsheets show the text as typed and never evaluate it. Numbers
(rating value, score, ids) are written as numbers and are not text, so they are left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from claims.exporters.types import ClaimRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def neutralise(value: str) -> str:
    """Make a text cell inert in spreadsheets (see the module docstring)."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _date(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _quantity(item: dict) -> str:
    parts = [
        str(item.get("qualifier") or ""),
        str(item.get("value", "")),
        str(item.get("unit") or ""),
    ]
    text = " ".join(p for p in parts if p)
    if item.get("approximate"):
        text = "~" + text
    event = item.get("event")
    return f"{text} ({event})" if event else text


def _attribution(item: dict) -> str:
    speaker = str(item.get("speaker") or "")
    role = item.get("role")
    cue = item.get("cue")
    text = f"{speaker} ({role})" if role else speaker
    return f"{text}: {cue}" if cue else text


def _sources(row: ClaimRow) -> str:
    return " | ".join(
        f"{e.source_title or e.source_url} <{e.source_url}> [{e.stance}]"
        if e.source_url
        else f"{e.source_title} [{e.stance}]"
        for e in row.evidence
    )


def _comments(row: ClaimRow) -> str:
    return " | ".join(f"{c.author}: {c.text}" if c.author else c.text for c in row.comments)


def _dates(row: ClaimRow) -> str:
    return "; ".join(str(d.get("resolved") or d.get("text") or "") for d in row.dates)


# (header, getter). Getters return text, numbers or None; text goes through `neutralise`.
COLUMNS: tuple[tuple[str, Callable[[ClaimRow], Cell]], ...] = (
    ("claim_id", lambda r: r.claim_id),
    ("article_title", lambda r: r.article_title),
    ("article_url", lambda r: r.article_url),
    ("outlet", lambda r: r.article_outlet),
    ("article_date", lambda r: _date(r.article_published)),
    ("position", lambda r: r.position),
    ("claim", lambda r: r.text),
    ("kinds", lambda r: ", ".join(r.kinds)),
    ("quantities", lambda r: "; ".join(_quantity(q) for q in r.quantities)),
    ("attributions", lambda r: "; ".join(_attribution(a) for a in r.attributions)),
    ("claim_dates", _dates),
    ("status", lambda r: r.status),
    ("verdict", lambda r: r.verdict),
    ("rating_value", lambda r: r.rating_value),
    ("rationale", lambda r: r.rationale),
    ("sources", _sources),
    ("comments", _comments),
    ("reviewer", lambda r: r.reviewer),
    ("approver", lambda r: r.approver),
    ("created", lambda r: _date(r.created_at)),
    ("updated", lambda r: _date(r.updated_at)),
)

HEADERS: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
_GETTERS = tuple(getter for _, getter in COLUMNS)


def cells(row: ClaimRow) -> list[Cell]:
    out: list[Cell] = []
    for getter in _GETTERS:
        value = getter(row)
        out.append(neutralise(value) if isinstance(value, str) else value)
    return out
