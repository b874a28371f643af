"""PDF: the HTML report (`report`), laid out by WeasyPrint (https://doc.courtbouillon.org/weasyprint/).

Page layout needs the whole document, so a PDF holds the report in memory; the registry
caps the number of claims a PDF may carry (larger sets: the HTML report, or split them).
Nothing is fetched while rendering: the report has no external resources, and the URL
fetcher refuses anything but data: URLs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import BinaryIO

from claims.exporters import report
from claims.exporters.types import ClaimRow, ExportContext


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"The PDF renderer does not fetch {url!r}.")


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = io.BytesIO()
    count = report.write(rows, html, context)
    HTML(string=html.getvalue().decode("utf-8"), url_fetcher=_no_fetch).write_pdf(target=out)
    return count
