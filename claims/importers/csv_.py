"""CSV with a header row naming the columns (title, url, published, text, ...).

The delimiter (comma, semicolon or tab) is chosen from the header line,
which is more reliable than csv.Sniffer on article text full of commas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ._common import DecodeError, decode_text
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
    # default); an article cell may legitimately be as large as an article.
    wanted = 2 * limits.max_article_bytes + 4096
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
        if len(row) != len(columns):
            yield ItemError(
                where,
                f"The row on line {start} has {len(row)} cells but the header has {len(columns)} columns.",
            )
            continue
        yield record_to_draft(
            dict(zip(columns, row, strict=True)), item=where, format=NAME, limits=limits
        )
    if not rows:
        yield ItemError(item, "The CSV file has a header row but no articles.")
