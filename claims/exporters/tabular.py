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
import json
from collections.abc import Sequence
from typing import Any

import orjson

from claims.exporters.types import ClaimRow, plain_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)

Cell = str | int | float | None


def neutralise(value: str) -> str:
    """Make a text cell inert in spreadsheets (see the module docstring)."""
    if value and value[0] in _FORMULA_FIRST:
        return "'" + value
    return value


def _date(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _quantity(item: dict) -> str:
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


def _archives(row: ClaimRow) -> tuple[str, str]:
    """(archived at, sha256) of each source, joined like _sources() and in its order ("" for
    a source without an archived copy); both "" when no source has one."""
    if not any(e.archive_sha256 for e in row.evidence):
        return "", ""
    return (
        " | ".join(_date(e.archived_at) for e in row.evidence),
        " | ".join(e.archive_sha256 for e in row.evidence),
    )


def _comments(row: ClaimRow) -> str:
    return " | ".join(f"{c.author}: {c.text}" if c.author else c.text for c in row.comments)


def _dates(row: ClaimRow) -> str:
    return "; ".join(str(d.get("resolved") or d.get("text") or "") for d in row.dates)


# `source_archived_at` and `source_sha256`: per source, in the order of `sources`, when its
# archived copy was fetched and the sha256 of the copy's text ("" for a source without one;
# services.snapshots).
HEADERS: tuple[str, ...] = (
    "claim_id",
    "article_title",
    "article_url",
    "outlet",
    "article_date",
    "position",
    "claim",
    "kinds",
    "quantities",
    "attributions",
    "claim_dates",
    "status",
    "verdict",
    "rating_value",
    "rationale",
    "sources",
    "source_archived_at",
    "source_sha256",
    "comments",
    "reviewer",
    "approver",
    "created",
    "updated",
)


def cells(row: ClaimRow) -> list[Cell]:
    """The row's cells in HEADERS order; text cells neutralised, numbers left as numbers.

    Written out long-hand rather than as a table of getters: this runs once per claim of
    a million-row export, and the direct version is about twice as fast.
    """
    n = neutralise
    return [
        row.claim_id,
        n(row.article_title),
        n(row.article_url),
        n(row.article_outlet),
        _date(row.article_published),
        row.position,
        n(row.text),
        ", ".join(row.kinds),
        n("; ".join(map(_quantity, row.quantities))) if row.quantities else "",
        n("; ".join(map(_attribution, row.attributions))) if row.attributions else "",
        n(_dates(row)) if row.dates else "",
        row.status,
        n(row.verdict),
        row.rating_value,
        n(row.rationale),
        n(_sources(row)) if row.evidence else "",
        *(_archives(row) if row.evidence else ("", "")),
        n(_comments(row)) if row.comments else "",
        n(row.reviewer),
        n(row.approver),
        _date(row.created_at),
        _date(row.updated_at),
    ]


# --- the fast path: rows the database already flattened (`types.TabularRows`) -------------

# The columns of a flat row, in order. Text the database builds exactly like the functions
# above: dates as ISO text ("" when none), `sources` and `comments` joined like _sources()
# and _comments(). The JSON columns (kinds, quantities, attributions, claim dates) stay
# JSON text, formatted here with the same helpers; ids and the rating value come as text.
FLAT_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "article_title",
    "article_url",
    "outlet",
    "article_date",
    "position",
    "claim",
    "kinds_json",
    "quantities_json",
    "attributions_json",
    "dates_json",
    "status",
    "verdict",
    "rating_value",
    "rationale",
    "sources",
    "source_archived_at",
    "source_sha256",
    "comments",
    "reviewer",
    "approver",
    "created",
    "updated",
)

_EMPTY_JSON = ("[]", "", None)
# Claim kinds come from a handful of values: each distinct JSON text is formatted once.
_KINDS: dict[str, str] = {}


def _loads(text: str) -> Any:
    try:
        return orjson.loads(text)  # several times json.loads' speed
    except orjson.JSONDecodeError:
        return json.loads(text)  # what orjson refuses (integers past 64 bits) json reads


def _kinds_text(value: str | None) -> str:
    if value in _EMPTY_JSON:
        return ""
    found = _KINDS.get(value)  # type: ignore[arg-type]
    if found is None:
        found = ", ".join(_loads(value))  # type: ignore[arg-type]
        if len(_KINDS) < 1024:
            _KINDS[value] = found  # type: ignore[index]
    return found


def flat_cells(raw: Sequence[Any]) -> list[Cell]:
    """The cells of a flat row, equal to `cells()` of the same claim as a ClaimRow."""
    n = neutralise
    (
        claim_id,
        title,
        url,
        outlet,
        article_date,
        position,
        text,
        kinds,
        quantities,
        attributions,
        dates,
        status,
        verdict,
        rating_value,
        rationale,
        sources,
        archived_at,
        sha256,
        comments,
        reviewer,
        approver,
        created,
        updated,
    ) = raw
    return [
        int(claim_id),
        n(title),
        n(url),
        n(outlet),
        article_date or "",
        int(position),
        n(text),
        _kinds_text(kinds),
        "" if quantities in _EMPTY_JSON else n("; ".join(map(_quantity, _loads(quantities)))),
        ""
        if attributions in _EMPTY_JSON
        else n("; ".join(map(_attribution, _loads(attributions)))),
        ""
        if dates in _EMPTY_JSON
        else n("; ".join(str(d.get("resolved") or d.get("text") or "") for d in _loads(dates))),
        status,
        n(verdict or ""),
        None if rating_value is None else int(rating_value),
        n(rationale),
        n(sources) if sources else "",
        archived_at or "",
        sha256 or "",
        n(comments) if comments else "",
        n(reviewer or ""),
        n(approver or ""),
        created or "",
        updated or "",
    ]
