"""CSV with a header row naming the columns (title, url, published, text, ...).

The delimiter (comma, semicolon or tab) is chosen from the header line,
which is more reliable than csv.Sniffer on article text full of commas.

Leniency, row by row: a row with a cell larger than the article limit is one
error and the rows after it still import; a row with more cells than the
header imports, with a warning when the extra cells hold anything; a row with
fewer cells than the header is an error (its columns cannot be told apart).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ._common import DecodeError, decode_text, human_size
from .records import TEXT_FIELDS, record_to_draft
from .types import ArticleDraft, ItemError, Limits

NAME = "csv"
EXTENSIONS = ("csv", "tsv")
_DELIMITERS = (",", ";", "\t")


def _delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _header_cells(line: str, delimiter: str) -> list[str]:
    return [cell.strip().strip('"').strip().lower() for cell in line.split(delimiter)]


def sniff(data: bytes, head: str) -> int:
    line = head.partition("\n")[0].rstrip("\r")
    delimiter = _delimiter(line)
    cells = _header_cells(line, delimiter)
    if len(cells) >= 2 and any(field in cells for field in TEXT_FIELDS):
        return 2
    return 1 if len(cells) >= 2 else 0


def parse(data: bytes, *, item: str, limits: Limits) -> Iterator[ArticleDraft | ItemError]:
    try:
        text = decode_text(data)
    except DecodeError as exc:
        yield ItemError(item, str(exc))
        return
    # The csv module refuses fields over a process-wide limit (128 KB by
    # default) by stopping the whole reader, and a reader stopped inside a quoted
    # multi-line cell cannot find the next row again. So the parser's limit is the
    # whole text (no cell can be longer), and oversized cells are refused below,
    # one row at a time. Memory stays bounded by the upload limit.
    wanted = max(len(text) + 1, 2 * limits.max_article_bytes + 4096)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)

    delimiter = _delimiter(text.partition("\n")[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error:
        header = None
    columns = [cell.strip().lower() for cell in header or []]
    if not any(field in columns for field in TEXT_FIELDS):
        listed = ", ".join(column for column in columns if column) or "none"
        yield ItemError(
            item, f"The CSV file has no 'text' or 'html' column (its columns are: {listed})."
        )
        return

    rows = 0
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            yield ItemError(
                f"{item}:{start}",
                f"The CSV file could not be read from line {start} on, so the rest of it was skipped.",
            )
            return
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        where = f"{item}:{start}"
        oversized = _oversized_cell(row, columns, limits.max_article_bytes)
        if oversized is not None:
            yield ItemError(
                where,
                f"The row on line {start} has a cell ({oversized}) larger than the "
                f"{human_size(limits.max_article_bytes)} limit for one article, so it was skipped.",
            )
            continue
        if len(row) < len(columns):
            yield ItemError(
                where,
                f"The row on line {start} has {len(row)} cells but the header has {len(columns)} columns.",
            )
            continue
        warnings = []
        if any(cell.strip() for cell in row[len(columns) :]):
            extra = len(row) - len(columns)
            cells = "the extra cell was" if extra == 1 else f"the {extra} extra cells were"
            warnings.append(
                f"The row on line {start} has {len(row)} cells but the header has "
                f"{len(columns)} columns; {cells} ignored."
            )
        yield record_to_draft(
            dict(zip(columns, row[: len(columns)], strict=True)),
            item=where,
            format=NAME,
            limits=limits,
            warnings=warnings,
        )
    if not rows:
        yield ItemError(item, "The CSV file has a header row but no articles.")


def _oversized_cell(row: list[str], columns: list[str], max_bytes: int) -> str | None:
    """Name the first cell over ``max_bytes`` (in UTF-8), or None; cheap for normal rows."""
    for index, cell in enumerate(row):
        # A character is one to four bytes: only cells near the limit need encoding.
        if len(cell) * 4 <= max_bytes:
            continue
        if len(cell) > max_bytes or len(cell.encode("utf-8")) > max_bytes:
            name = columns[index] if index < len(columns) and columns[index] else ""
            return f"column '{name}'" if name else f"cell {index + 1}"
    return None
