"""JSON (one document) and JSON Lines (one claim a line), with the full structure.

Both share `claim_document`. The JSON document is written piece by piece (header, then
each claim as it comes, then the closing brackets), so it streams like JSON Lines does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

import orjson

from claims.exporters.types import (
    ClaimRow,
    DocumentRows,
    ExportContext,
    ScaleInfo,
    plain_number,
)

FORMAT_VERSION = 1
# Claims serialised per file write.
BATCH = 1000


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def claim_document(row: ClaimRow, context: ExportContext) -> dict[str, Any]:
    history = row.history
    return {
        "id": row.claim_id,
        "url": context.report_url(row.article_id, row.position) if context.site_url else None,
        "article": {
            "id": row.article_id,
            "title": row.article_title,
            "url": row.article_url,
            "outlet": row.article_outlet,
            "author": row.article_author,
            "published": _iso(row.article_published),
        },
        "position": row.position,
        "start": row.start,
        "end": row.end,
        "text": row.text,
        "kinds": list(row.kinds),
        "score": row.score,
        "quantities": quantity_list(list(row.quantities)),
        "attributions": list(row.attributions),
        "dates": list(row.dates),
        "status": row.status,
        "verdict": {"name": row.verdict, "value": row.rating_value} if row.verdict else None,
        "rationale": row.rationale,
        "reviewer": row.reviewer or None,
        "approver": row.approver or None,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        "evidence": [
            {
                "source": {
                    "title": e.source_title,
                    "url": e.source_url,
                    "publisher": e.publisher,
                    "published": _iso(e.source_published),
                    "archived_at": _iso(e.archived_at),
                    "archive_sha256": e.archive_sha256 or None,
                },
                "stance": e.stance,
                "quote": e.quote,
                "note": e.note,
            }
            for e in row.evidence
        ],
        "comments": [
            {"author": c.author or None, "text": c.text, "created_at": _iso(c.created_at)}
            for c in row.comments
        ],
        "history": {
            "changes": history.changes,
            "first_recorded": _iso(history.first_recorded),
            "last_changed": _iso(history.last_changed),
            "last_changed_by": history.last_changed_by or None,
            "statuses": list(history.statuses),
        },
    }


# --- the fast path: claims the database serialised (`types.DocumentRows`) -----------------

_EMPTY_HISTORY_DOCUMENT: dict[str, Any] = {
    "changes": 0,
    "first_recorded": None,
    "last_changed": None,
    "last_changed_by": None,
    "statuses": [],
}
_NO_ITEMS: list[Any] = []


def json_list(value: Any) -> list[Any]:
    """A JSON column of a document row as the row path's tuple(...) of it would list it."""
    if value.__class__ is list:
        return value
    return [] if value is None else list(value)


def quantity_list(items: list[Any]) -> list[Any]:
    """The quantities with whole values as integers: "value": 680, not 680.0 (the same
    JSON number, written as a person reads it; `types.plain_number`)."""
    if not items:
        return items
    return [
        {**q, "value": plain_number(q["value"])}
        if q.__class__ is dict and q.get("value").__class__ is float
        else q
        for q in items
    ]


def as_float(value: Any) -> float | None:
    # PostgreSQL writes a float with no fraction as an integer ("1" for 1.0).
    if value is None or value.__class__ is float:
        return value
    return float(value)


def report_urls(context: ExportContext) -> Callable[[int, int], str]:
    """`context.report_url` with the template split once (it runs once per claim)."""
    path = context.report_path
    head, marker, tail = path.partition("{article_id}")
    if not marker or "{" in head + tail or "}" in head + tail:
        return context.report_url
    prefix = context.site_url.rstrip("/") + head
    return lambda article_id, position: f"{prefix}{article_id}{tail}#claim-{position}"


def _history_document(entries: list[list[Any]] | None) -> dict[str, Any]:
    if not entries:
        return _EMPTY_HISTORY_DOCUMENT
    statuses: list[str] = []
    for _, _, status in entries:
        if not statuses or statuses[-1] != status:
            statuses.append(status)
    last = entries[-1]
    return {
        "changes": len(entries),
        "first_recorded": entries[0][0],
        "last_changed": last[0],
        "last_changed_by": last[1] or None,
        "statuses": statuses,
    }


def flat_documents(rows: DocumentRows, context: ExportContext) -> Iterator[dict[str, Any]]:
    """`claim_document` of each claim of a document row stream, equal to the row path's."""
    url_of = report_urls(context) if context.site_url else None
    for raw in rows:
        (
            claim_id,
            position,
            article_id,
            title,
            url,
            outlet,
            author,
            published,
            text,
            start,
            end,
            kinds,
            score,
            quantities,
            attributions,
            dates,
            status,
            verdict,
            rating_value,
            _best,
            _worst,
            rationale,
            reviewer,
            approver,
            created,
            updated,
            evidence,
            comments,
            history,
            _text,
        ) = raw
        yield {
            "id": claim_id,
            "url": url_of(article_id, position) if url_of is not None else None,
            "article": {
                "id": article_id,
                "title": title,
                "url": url,
                "outlet": outlet,
                "author": author,
                "published": published,
            },
            "position": position,
            "start": start,
            "end": end,
            "text": text,
            "kinds": json_list(kinds),
            "score": as_float(score),
            "quantities": quantity_list(json_list(quantities)),
            "attributions": json_list(attributions),
            "dates": json_list(dates),
            "status": status,
            "verdict": {"name": verdict, "value": rating_value} if verdict else None,
            "rationale": rationale,
            "reviewer": reviewer or None,
            "approver": approver or None,
            "created_at": created,
            "updated_at": updated,
            "evidence": [
                {
                    "source": {
                        "title": e[0],
                        "url": e[1],
                        "publisher": e[2],
                        "published": e[3],
                        "archived_at": e[7],
                        "archive_sha256": e[8],
                    },
                    "stance": e[4],
                    "quote": e[5],
                    "note": e[6],
                }
                for e in evidence
            ]
            if evidence
            else _NO_ITEMS,
            "comments": [
                {"author": c[0] or None, "text": c[1], "created_at": c[2]} for c in comments
            ]
            if comments
            else _NO_ITEMS,
            "history": _history_document(history),
        }


def _documents(
    rows: Iterable[ClaimRow] | DocumentRows, context: ExportContext
) -> Iterator[dict[str, Any]]:
    if isinstance(rows, DocumentRows):
        return flat_documents(rows, context)
    return (claim_document(row, context) for row in rows)


def scale_document(scale: ScaleInfo | None) -> dict[str, Any] | None:
    if scale is None:
        return None
    return {
        "name": scale.name,
        "description": scale.description,
        "best_value": scale.best_value,
        "worst_value": scale.worst_value,
        "ratings": [
            {"name": r.name, "value": r.value, "description": r.description} for r in scale.ratings
        ],
    }


def dumps(value: object) -> bytes:
    """Compact UTF-8 JSON, like json.dumps(ensure_ascii=False, separators=(",", ":"))."""
    try:
        return orjson.dumps(value)  # several times faster than the json module
    except (TypeError, orjson.JSONEncodeError):
        # What orjson refuses (integers past 64 bits, non-string keys), json writes.
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_dumps = dumps


def write(rows: Iterable[ClaimRow] | DocumentRows, out: BinaryIO, context: ExportContext) -> int:
    header = {
        "format": "factcheck-verdicts",
        "version": FORMAT_VERSION,
        "generated_at": _iso(context.generated_at),
        "desk": {"name": context.desk_name, "url": context.desk_url},
        "filters": context.filters,
        "rating_scale": scale_document(context.scale),
    }
    # Open the document and leave "claims" for last, so it can stream.
    out.write(_dumps(header)[:-1] + b',"claims":[\n')
    count = write_array_items(out, (_dumps(document) for document in _documents(rows, context)))
    out.write(b'\n],"count":' + str(count).encode() + b"}\n")
    return count


def write_array_items(out: BinaryIO, items: Iterable[bytes]) -> int:
    """Write encoded JSON values separated by ",\\n", BATCH at a time; returns how many."""
    count = 0
    buffer: list[bytes] = []
    for item in items:
        buffer.append(item)
        count += 1
        if len(buffer) >= BATCH:
            out.write((b",\n" if count > len(buffer) else b"") + b",\n".join(buffer))
            buffer.clear()
    if buffer:
        out.write((b",\n" if count > len(buffer) else b"") + b",\n".join(buffer))
    return count


def write_lines(
    rows: Iterable[ClaimRow] | DocumentRows, out: BinaryIO, context: ExportContext
) -> int:
    count = 0
    buffer: list[bytes] = []
    for document in _documents(rows, context):
        buffer.append(_dumps(document))
        count += 1
        if len(buffer) >= BATCH:
            out.write(b"\n".join(buffer) + b"\n")
            buffer.clear()
    if buffer:
        out.write(b"\n".join(buffer) + b"\n")
    return count
