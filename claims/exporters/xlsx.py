"""XLSX with openpyxl's write-only mode: rows go to a temporary XML file as they come,
so memory stays flat whatever the number of claims. Same layout as CSV (`tabular`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from claims.exporters.tabular import HEADERS, cells
from claims.exporters.types import ClaimRow, ExportContext

# Excel refuses cells longer than this; longer rationales are cut with a marker.
MAX_CELL = 32_767
# openpyxl refuses XML-illegal control characters in cells.
_ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.translate(_ILLEGAL)
        if len(value) > MAX_CELL:
            value = value[: MAX_CELL - 1] + "…"
    return value


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Verdicts")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in HEADERS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        values = [_clean(v) for v in cells(row)]
        sheet.append(values)
        count += 1
    workbook.save(out)
    return count
