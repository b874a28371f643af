"""CSV: one row per claim (layout in `tabular`), UTF-8 with a BOM so Excel reads accents."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from claims.exporters.tabular import HEADERS, cells, flat_cells
from claims.exporters.types import ClaimRow, ExportContext, TabularRows

# Rows are formatted into a string buffer and encoded a batch at a time: one encode and
# one file write per batch keeps text-layer calls off the per-row path.
BATCH = 2000


def write(rows: Iterable[ClaimRow] | TabularRows, out: BinaryIO, context: ExportContext) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    out.write(b"\xef\xbb\xbf")  # the UTF-8 byte order mark
    to_cells = flat_cells if isinstance(rows, TabularRows) else cells
    count = 0
    batch: list[list[object]] = []
    for row in rows:
        batch.append(to_cells(row))  # type: ignore[arg-type]
        if len(batch) >= BATCH:
            count += _flush(batch, writer, buffer, out)
    count += _flush(batch, writer, buffer, out)
    return count


def _flush(batch: list[list[object]], writer, buffer: io.StringIO, out: BinaryIO) -> int:
    writer.writerows(batch)
    out.write(buffer.getvalue().encode("utf-8", "surrogatepass"))
    buffer.seek(0)
    buffer.truncate()
    size = len(batch)
    batch.clear()
    return size
