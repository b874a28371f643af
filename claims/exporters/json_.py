"""JSON (one document) and JSON Lines (one claim a line), with the full structure: each
claim with its evidence, comments, a history summary and its facts (each with its own
verdict, evidence and comments).

Both share `claim_document`. The JSON document is written piece by piece (header, then
each claim as it comes, then the closing brackets), so it streams like JSON Lines does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

import orjson

from claims.exporters.types import (
    ClaimRow,
    CommentRow,
    EvidenceRow,
    ExportContext,
    FactRow,
    ScaleInfo,
    history_summary,
    plain_number,
)

# 2: facts under each claim, the claim's verdict with its origin.
FORMAT_VERSION = 2
# Claims serialised per file write.
BATCH = 1000


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


def report_urls(context: ExportContext) -> Callable[[int, int], str]:
    """`context.report_url` with the template split once (it runs once per claim)."""
    path = context.report_path
    head, marker, tail = path.partition("{article_id}")
    if not marker or "{" in head + tail or "}" in head + tail:
        return context.report_url
    prefix = context.site_url.rstrip("/") + head
    return lambda article_id, position: f"{prefix}{article_id}{tail}#claim-{position}"


def evidence_document(e: EvidenceRow) -> dict[str, Any]:
    return {
        "source": {
            "title": e.source_title,
            "url": e.source_url,
            "publisher": e.publisher,
            "published": e.source_published,
            "archived_at": e.archived_at,
            "archive_sha256": e.archive_sha256 or None,
        },
        "stance": e.stance,
        "quote": e.quote,
        "note": e.note,
    }


def comment_document(c: CommentRow) -> dict[str, Any]:
    return {"author": c.author or None, "text": c.text, "created_at": c.created_at}


def fact_document(fact: FactRow) -> dict[str, Any]:
    fields = fact.fields
    if fact.kind == "figure" and fields.__class__ is dict and "value" in fields:
        fields = {**fields, "value": plain_number(fields["value"])}
    return {
        "id": fact.fact_id,
        "position": fact.position,
        "kind": fact.kind,
        "start": fact.start,
        "end": fact.end,
        "text": fact.text,
        "statement": fact.statement,
        "fields": fields,
        "origin": fact.origin,
        "status": fact.status,
        "verdict": {"name": fact.verdict, "value": fact.rating_value} if fact.verdict else None,
        "rationale": fact.rationale,
        "reviewer": fact.reviewer or None,
        "approver": fact.approver or None,
        "created_at": fact.created_at,
        "updated_at": fact.updated_at,
        "evidence": [evidence_document(e) for e in fact.evidence],
        "comments": [comment_document(c) for c in fact.comments],
    }


def claim_document(
    row: ClaimRow,
    context: ExportContext,
    url_of: Callable[[int, int], str] | None = None,
) -> dict[str, Any]:
    if url_of is None and context.site_url:
        url_of = context.report_url
    history = history_summary(row.history)
    verdict = None
    if row.verdict:
        verdict = {
            "name": row.verdict,
            "value": row.rating_value,
            # "editor": set on the claim; "facts": derived from its facts' verdicts.
            "origin": row.verdict_origin or None,
            "mixed": row.verdict_mixed,
        }
    return {
        "id": row.claim_id,
        "url": url_of(row.article_id, row.position) if url_of is not None else None,
        "article": {
            "id": row.article_id,
            "title": row.article_title,
            "url": row.article_url,
            "outlet": row.article_outlet,
            "author": row.article_author,
            "published": row.article_published,
        },
        "position": row.position,
        "start": row.start,
        "end": row.end,
        "text": row.text,
        "kinds": row.kinds,
        "score": row.score,
        "quantities": quantity_list(row.quantities),
        "attributions": row.attributions,
        "dates": row.dates,
        "status": row.status,
        "verdict": verdict,
        "rationale": row.rationale,
        "reviewer": row.reviewer or None,
        "approver": row.approver or None,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "evidence": [evidence_document(e) for e in row.evidence],
        "comments": [comment_document(c) for c in row.comments],
        "history": {
            "changes": history.changes,
            "first_recorded": history.first_recorded,
            "last_changed": history.last_changed,
            "last_changed_by": history.last_changed_by or None,
            "statuses": list(history.statuses),
        },
        "facts": [fact_document(f) for f in row.facts],
    }


def _documents(rows: Iterable[ClaimRow], context: ExportContext) -> Iterable[dict[str, Any]]:
    url_of = report_urls(context) if context.site_url else None
    return (claim_document(row, context, url_of) for row in rows)


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


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    header = {
        "format": "factcheck-verdicts",
        "version": FORMAT_VERSION,
        "generated_at": context.generated_at.isoformat(),
        "desk": {"name": context.desk_name, "url": context.desk_url},
        "filters": context.filters,
        "rating_scale": scale_document(context.scale),
    }
    # Open the document and leave "claims" for last, so it can stream.
    out.write(dumps(header)[:-1] + b',"claims":[\n')
    count = write_array_items(out, map(dumps, _documents(rows, context)))
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


def write_lines(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    count = 0
    buffer: list[bytes] = []
    for document in _documents(rows, context):
        buffer.append(dumps(document))
        count += 1
        if len(buffer) >= BATCH:
            out.write(b"\n".join(buffer) + b"\n")
            buffer.clear()
    if buffer:
        out.write(b"\n".join(buffer) + b"\n")
    return count
