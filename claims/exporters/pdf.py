"""PDF: the HTML report (`report`), laid out by WeasyPrint (https://doc.courtbouillon.org/weasyprint/).

WeasyPrint lays out a whole document in memory (about half a megabyte per claim with its
table row and highlighted text), so the report is laid out a few articles at a time and
the pieces are joined with pypdf: memory stays bounded by one piece plus the joined pages.
The registry still caps a PDF's claims (exporters.PDF_MAX_CLAIMS): laying out is slow
(tens of claims a second), and a printed report of more claims serves nobody.
Nothing is fetched while rendering: the report has no external resources, and the URL
fetcher refuses any.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterable
from typing import BinaryIO

from claims.exporters import report
from claims.exporters.types import ClaimRow, ExportContext

# Table rows (claims, and the facts listed under them) laid out per piece: small enough
# to keep memory flat, large enough that the per-document cost (fonts, styles) stays small.
ROWS_PER_PIECE = 20


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"The PDF renderer does not fetch {url!r}.")


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    # Heavy imports, only when a PDF is asked for.
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # One font configuration for every piece: WeasyPrint makes one per document
    # otherwise, and its memory stays (about a megabyte a piece of a report with facts).
    fonts = FontConfiguration()

    joined = PdfWriter()
    count = 0

    def lay_out(html: str) -> None:
        piece = HTML(string=html, url_fetcher=_no_fetch).write_pdf(font_config=fonts)
        joined.append(PdfReader(io.BytesIO(piece)))
        # A laid-out document is a web of reference cycles; free it before the next one.
        gc.collect()

    parts = [report.head(context), report.chart(context)]
    tally = report.Tally()
    in_piece = 0
    for claims in report.articles(rows):
        for claim in claims:
            tally.add(claim.status)
        parts.append(report.article(claims, context, fact_anchors=False))
        count += len(claims)
        in_piece += sum(1 + len(claim.facts) for claim in claims)
        if in_piece >= ROWS_PER_PIECE:
            lay_out("".join(parts) + "</body></html>")
            parts = [report.head(context, header=False)]
            in_piece = 0
    parts.append(report.closing(context, tally))
    lay_out("".join(parts))
    joined.write(out)
    return count
