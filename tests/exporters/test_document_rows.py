"""The document fast path's writers (`types.DocumentRows`, claims as the database serialises
them) against the row path's, on hand-built rows: no database, so this runs on SQLite too.
The PostgreSQL side (the SQL that builds the arrays) is checked in tests/test_exports.py."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest

from claims.exporters import FORMATS
from claims.exporters.types import DOCUMENT_COLUMNS, ClaimRow, DocumentRows, HistorySummary
from tests.exporters.factories import WHEN, claim_row, context, second_row

HOSTILE = '<script>alert("x")</script> & \'q\' =HYPERLINK("http://x","y")\n😀 \x01'


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def document_row(row: ClaimRow, *, first_of_article: bool = True) -> bytes:
    """The JSON array PostgreSQL's json_build_array would send for `row`, with spaces
    after separators as PostgreSQL writes them."""
    history = row.history
    entries = None
    if history.changes:
        # Entries whose summary is `history`: one per status, the last by its author.
        entries = [[_iso(history.first_recorded), "someone", s] for s in history.statuses]
        entries[-1] = [_iso(history.last_changed), history.last_changed_by, history.statuses[-1]]
        assert len(entries) == history.changes
    values = {
        "claim_id": row.claim_id,
        "position": row.position,
        "article_id": row.article_id,
        "article_title": row.article_title,
        "article_url": row.article_url,
        "article_outlet": row.article_outlet,
        "article_author": row.article_author,
        "article_published": _iso(row.article_published),
        "text": row.text,
        "start": row.start,
        "end": row.end,
        "kinds": list(row.kinds),
        # PostgreSQL writes a float without a fraction as an integer.
        "score": int(row.score) if row.score == int(row.score) else row.score,
        "quantities": list(row.quantities),
        "attributions": list(row.attributions),
        "dates": list(row.dates),
        "status": row.status,
        "verdict": row.verdict or None,
        "rating_value": row.rating_value,
        "best_rating": row.best_rating,
        "worst_rating": row.worst_rating,
        "rationale": row.rationale,
        "reviewer": row.reviewer or None,
        "approver": row.approver or None,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        "evidence": [
            [
                e.source_title,
                e.source_url,
                e.publisher,
                _iso(e.source_published),
                e.stance,
                e.quote,
                e.note,
                _iso(e.archived_at),
                e.archive_sha256 or None,
            ]
            for e in row.evidence
        ]
        or None,
        "comments": [[c.author or None, c.text, _iso(c.created_at)] for c in row.comments] or None,
        "history": entries,
        "article_text": row.article_text if first_of_article else "",
    }
    assert tuple(values) == DOCUMENT_COLUMNS
    return json.dumps(list(values.values()), ensure_ascii=False).encode() + b"\n"


def rows() -> list[ClaimRow]:
    return [
        claim_row(),
        second_row(score=1.0, history=HistorySummary(1, WHEN, WHEN, "", ("new",))),
        claim_row(
            claim_id=9,
            position=2,
            article_id=4,
            article_title=HOSTILE,
            article_url="javascript:alert(1)",
            article_author="",
            article_published=None,
            text=HOSTILE,
            start=0,
            end=len(HOSTILE),
            verdict="",
            rating_value=None,
            rationale=HOSTILE,
            approver="",
            quantities=({"value": 2**62, "unit": HOSTILE}, {"value": 1e300, "n": [None, False]}),
            attributions=(),
            updated_at=None,
            comments=(replace(claim_row().comments[0], author=""),),
            article_text="x" + HOSTILE + "y",
        ),
    ]


@pytest.mark.parametrize("name", ["json", "jsonl", "claimreview", "html"])
@pytest.mark.parametrize("site_url", ["https://desk.example.org", ""])
def test_document_rows_write_the_same_bytes_as_claim_rows(name, site_url):
    exporter = FORMATS[name]
    assert exporter.documents
    given = rows()
    documents = [
        document_row(row, first_of_article=i == 0 or given[i - 1].article_id != row.article_id)
        for i, row in enumerate(given)
    ]
    ctx = context(site_url=site_url)
    slow, fast = io.BytesIO(), io.BytesIO()
    assert exporter.write(given, slow, ctx) == 3
    assert exporter.write(DocumentRows(documents), fast, ctx) == 3
    assert fast.getvalue().decode() == slow.getvalue().decode()
