"""CSV: one row per claim (layout in `tabular`), UTF-8 with a BOM so Excel reads accents."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from claims.exporters.tabular import (
    _EMPTY_JSON,
    HEADERS,
    _attribution,
    _kinds_text,
    _loads,
    _quantity,
    cells,
    flat_cells,
    neutralise,
)
from claims.exporters.types import ClaimRow, CsvRows, ExportContext, TabularRows

# Rows are formatted into a string buffer and encoded a batch at a time: one encode and
# one file write per batch keeps text-layer calls off the per-row path.
BATCH = 2000


def write(
    rows: Iterable[ClaimRow] | TabularRows | CsvRows, out: BinaryIO, context: ExportContext
) -> int:
    if isinstance(rows, CsvRows):
        return _write_csv_rows(rows, out)
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


# --- the fastest path: rows whose cells the database already wrote (`types.CsvRows`) -------

# The columns of a CSV row: the CSV text of the cells before the JSON columns (claim_id to
# claim), the four JSON columns as stored, the CSV text of the cells after (status to
# updated). PostgreSQL neutralises and quotes like `neutralise()` and the csv module.
CSV_COLUMNS: tuple[str, ...] = (
    "before",
    "kinds_json",
    "quantities_json",
    "attributions_json",
    "dates_json",
    "after",
)


def quote(value: str) -> str:
    """A cell as the csv module writes it (excel dialect, QUOTE_MINIMAL): quoted, quotes
    doubled, when it holds a comma, a quote, a CR or an LF (the only such characters)."""
    if '"' in value or "," in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


# Claim kinds come from a handful of values: each distinct JSON text is formatted once.
_KIND_CELLS: dict[str, str] = {}


def _kinds_cell(value: str | None) -> str:
    found = _KIND_CELLS.get(value)  # type: ignore[arg-type]
    if found is None:
        found = quote(_kinds_text(value))
        if value is not None and len(_KIND_CELLS) < 1024:
            _KIND_CELLS[value] = found
    return found


def _write_csv_rows(rows: CsvRows, out: BinaryIO) -> int:
    header = io.StringIO()
    csv.writer(header).writerow(HEADERS)
    out.write(b"\xef\xbb\xbf" + header.getvalue().encode("utf-8"))
    n, empty = neutralise, _EMPTY_JSON
    count = 0
    batch: list[str] = []
    append = batch.append
    for before, kinds, quantities, attributions, dates, after in rows:
        quantities_cell = (
            "" if quantities in empty else quote(n("; ".join(map(_quantity, _loads(quantities)))))
        )
        attributions_cell = (
            ""
            if attributions in empty
            else quote(n("; ".join(map(_attribution, _loads(attributions)))))
        )
        dates_cell = (
            ""
            if dates in empty
            else quote(
                n("; ".join(str(d.get("resolved") or d.get("text") or "") for d in _loads(dates)))
            )
        )
        append(
            f"{before},{_kinds_cell(kinds)},{quantities_cell},{attributions_cell},{dates_cell},"
            f"{after}\r\n"
        )
        if len(batch) >= BATCH:
            count += len(batch)
            out.write("".join(batch).encode("utf-8", "surrogatepass"))
            batch.clear()
    count += len(batch)
    out.write("".join(batch).encode("utf-8", "surrogatepass"))
    return count
