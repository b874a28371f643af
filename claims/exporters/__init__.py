"""Exporters: claim rows in (`types.ClaimRow`, from `claims.selectors_export`), bytes out.

Pure: nothing here imports Django or touches the database, so each format is tested with
hand-built rows. A new format is one module with `write(rows, out, context) -> int` (the
number of claims written) plus an entry in `FORMATS` naming the ClaimRow fields it reads
(the selector fetches only those).
"""

from __future__ import annotations

from claims.exporters import claimreview, csv_, json_, pdf, report, tabular, xlsx
from claims.exporters.types import ALL_FIELDS, ClaimRow, ExportContext, Exporter

# ClaimReview is for the public: only published claims, whose public fact-check page (the
# ClaimReview url) answers; an approved claim is not public until an editor publishes it.
PUBLISHED_STATUSES = ("published",)

# A PDF is laid out in memory (see exporters.pdf); beyond this, use the HTML report.
PDF_MAX_CLAIMS = 500

# What the report and the reviews read of a claim.
REPORT_FIELDS = frozenset(
    {
        "claim_id", "position", "article_id", "article_title", "article_url", "article_outlet",
        "article_author", "article_published", "text", "start", "end", "status", "verdict",
        "rating_value", "verdict_origin", "verdict_mixed", "rationale", "reviewer", "approver",
        "evidence", "facts", "article_text",
    }
)  # fmt: skip
CLAIMREVIEW_FIELDS = frozenset(
    {
        "claim_id", "article_title", "article_url", "article_outlet", "article_author",
        "article_published", "text", "attributions", "verdict", "rating_value", "best_rating",
        "worst_rating", "rationale", "updated_at", "facts",
    }
)  # fmt: skip
# JSON carries every field but the article's text (the report's).
DOCUMENT_FIELDS = ALL_FIELDS - {"article_text"}

FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter(
            "csv",
            "CSV (spreadsheet)",
            "csv",
            "text/csv; charset=utf-8",
            csv_.write,
            fields=tabular.CLAIMS.fields,
        ),
        Exporter(
            "facts_csv",
            "Facts (CSV spreadsheet, one row per fact)",
            "csv",
            "text/csv; charset=utf-8",
            csv_.write_facts,
            fields=tabular.FACTS.fields,
            file_stem="facts",
        ),
        Exporter(
            "xlsx",
            "Excel workbook (XLSX: verdicts and facts)",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx.write,
            fields=tabular.CLAIMS.fields | tabular.FACTS.fields,
        ),
        Exporter(
            "json",
            "JSON (one document)",
            "json",
            "application/json",
            json_.write,
            fields=DOCUMENT_FIELDS,
        ),
        Exporter(
            "jsonl",
            "JSON Lines (one claim a line)",
            "jsonl",
            "application/x-ndjson",
            json_.write_lines,
            fields=DOCUMENT_FIELDS,
        ),
        Exporter(
            "claimreview",
            "schema.org ClaimReview (JSON-LD)",
            "jsonld",
            "application/ld+json",
            claimreview.write,
            fields=CLAIMREVIEW_FIELDS,
            default_statuses=PUBLISHED_STATUSES,
        ),
        Exporter(
            "html",
            "Verdict report (HTML, printable)",
            "html",
            "text/html; charset=utf-8",
            report.write,
            fields=REPORT_FIELDS,
            order="article",
        ),
        Exporter(
            "pdf",
            "Verdict report (PDF)",
            "pdf",
            "application/pdf",
            pdf.write,
            fields=REPORT_FIELDS,
            order="article",
            max_rows=PDF_MAX_CLAIMS,
        ),
    )
}


def get(name: str) -> Exporter:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(
            f"Unknown export format {name!r}; choose one of: {', '.join(FORMATS)}."
        ) from None


__all__ = ["FORMATS", "ClaimRow", "ExportContext", "Exporter", "get"]
