"""JSON (one document) and JSON Lines (one claim a line), with the full structure.

Both share `claim_document`. The JSON document is written piece by piece (header, then
each claim as it comes, then the closing brackets), so it streams like JSON Lines does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

from claims.exporters.types import ClaimRow, ExportContext, ScaleInfo

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
        "quantities": list(row.quantities),
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


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
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
    count = 0
    buffer: list[bytes] = []
    for row in rows:
        buffer.append(_dumps(claim_document(row, context)))
        count += 1
        if len(buffer) >= BATCH:
            out.write((b",\n" if count > len(buffer) else b"") + b",\n".join(buffer))
            buffer.clear()
    if buffer:
        out.write((b",\n" if count > len(buffer) else b"") + b",\n".join(buffer))
    out.write(b'\n],"count":' + str(count).encode() + b"}\n")
    return count


def write_lines(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    count = 0
    buffer: list[bytes] = []
    for row in rows:
        buffer.append(_dumps(claim_document(row, context)))
        count += 1
        if len(buffer) >= BATCH:
            out.write(b"\n".join(buffer) + b"\n")
            buffer.clear()
    if buffer:
        out.write(b"\n".join(buffer) + b"\n")
    return count
