"""CSV: one row per claim (layout in `tabular`), UTF-8 with a BOM so Excel reads accents."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from claims.exporters.tabular import HEADERS, cells
from claims.exporters.types import ClaimRow, ExportContext

# Rows are encoded in batches: one write per batch keeps the file calls off the hot path.
BATCH = 2000


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
    try:
        writer = csv.writer(text)
        writer.writerow(HEADERS)
        count = 0
        batch: list[list[object]] = []
        for row in rows:
            batch.append(cells(row))
            if len(batch) >= BATCH:
                writer.writerows(batch)
                count += len(batch)
                batch.clear()
        writer.writerows(batch)
        count += len(batch)
        text.flush()
    finally:
        # Hand the binary stream back to the caller open.
        text.detach()
    return count
