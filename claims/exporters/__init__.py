"""Exporters: claim rows in (`types.ClaimRow`, from `claims.selectors_export`), bytes out.

Pure: nothing here imports Django or touches the database, so each format is tested with
hand-built rows. A new format is one module with `write(rows, out, context) -> int` (the
number of claims written) plus an entry in `FORMATS`.
"""

from __future__ import annotations

from claims.exporters import claimreview, csv_, json_, pdf, report, xlsx
from claims.exporters.types import (
    ClaimRow,
    CsvRows,
    DocumentRows,
    ExportContext,
    Exporter,
    TabularRows,
)

# ClaimReview is for the public: only published claims, whose public fact-check page (the
# ClaimReview url) answers; an approved claim is not public until an editor publishes it.
PUBLISHED_STATUSES = ("published",)

# A PDF is laid out in memory (see exporters.pdf); beyond this, use the HTML report.
PDF_MAX_CLAIMS = 500

FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter(
            "csv",
            "CSV (spreadsheet)",
            "csv",
            "text/csv; charset=utf-8",
            csv_.write,
            tabular=True,
            csv_rows=True,
        ),
        Exporter(
            "xlsx",
            "Excel workbook (XLSX)",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx.write,
            tabular=True,
        ),
        Exporter(
            "json",
            "JSON (one document)",
            "json",
            "application/json",
            json_.write,
            needs_history=True,
            documents=True,
        ),
        Exporter(
            "jsonl",
            "JSON Lines (one claim a line)",
            "jsonl",
            "application/x-ndjson",
            json_.write_lines,
            needs_history=True,
            documents=True,
        ),
        Exporter(
            "claimreview",
            "schema.org ClaimReview (JSON-LD)",
            "jsonld",
            "application/ld+json",
            claimreview.write,
            default_statuses=PUBLISHED_STATUSES,
            documents=True,
            needs_evidence=False,
            needs_comments=False,
        ),
        Exporter(
            "html",
            "Verdict report (HTML, printable)",
            "html",
            "text/html; charset=utf-8",
            report.write,
            order="article",
            needs_article_text=True,
            documents=True,
            needs_comments=False,
        ),
        Exporter(
            "pdf",
            "Verdict report (PDF)",
            "pdf",
            "application/pdf",
            pdf.write,
            order="article",
            needs_article_text=True,
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


__all__ = [
    "FORMATS",
    "ClaimRow",
    "CsvRows",
    "DocumentRows",
    "ExportContext",
    "Exporter",
    "TabularRows",
    "get",
]
