"""CSV: one row per claim (`tabular.CLAIMS`), or one per fact (`tabular.FACTS`, the
"facts_csv" format), UTF-8 with a BOM so Excel reads accents."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from claims.exporters.tabular import CLAIMS, FACTS, Sheet
from claims.exporters.types import ClaimRow, ExportContext

# Rows are formatted into a string buffer and encoded a batch at a time: one encode and
# one file write per batch keeps text-layer calls off the per-row path.
BATCH = 2000


def write_sheet(sheet: Sheet, rows: Iterable[ClaimRow], out: BinaryIO) -> int:
    """Write the sheet's header and lines; returns the number of claims read."""
    header = io.StringIO()
    csv.writer(header).writerow(sheet.headers)
    out.write(b"\xef\xbb\xbf" + header.getvalue().encode("utf-8"))  # with the byte order mark
    claims = 0

    def counted() -> Iterator[ClaimRow]:
        nonlocal claims
        for row in rows:
            claims += 1
            yield row

    batch: list[str] = []
    append = batch.append
    for line in sheet.lines(counted(), csv=True):
        append(line)
        if len(batch) >= BATCH:
            out.write("".join(batch).encode("utf-8", "surrogatepass"))
            batch.clear()
    out.write("".join(batch).encode("utf-8", "surrogatepass"))
    return claims


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    return write_sheet(CLAIMS, rows, out)


def write_facts(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    return write_sheet(FACTS, rows, out)
