"""CSV and XLSX: one row per claim, read back; formula injection neutralised."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import openpyxl
import pytest

from claims.exporters import csv_, xlsx
from claims.exporters.tabular import HEADERS, neutralise
from claims.exporters.types import CommentRow, EvidenceRow
from tests.exporters.factories import claim_row, context, second_row

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def _csv(rows) -> list[dict[str, str]]:
    out = io.BytesIO()
    count = csv_.write(rows, out, context())
    assert count == len(rows)
    return list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))


def _xlsx(rows) -> list[dict[str, object]]:
    out = io.BytesIO()
    assert xlsx.write(rows, out, context()) == len(rows)
    out.seek(0)
    sheet = openpyxl.load_workbook(out, read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in values[1:]]


def test_csv_reads_back_one_row_per_claim_with_every_column():
    read = _csv([claim_row(), second_row()])

    assert [row["claim_id"] for row in read] == ["7", "8"]
    first = read[0]
    assert first["article_title"] == "Raids in Mississippi"
    assert first["article_url"] == "https://news.example.com/raids"
    assert first["outlet"] == "Example News"
    assert first["article_date"] == "2019-08-08"
    assert first["claim"] == "About 300 of the 680 workers were released, officials said."
    assert first["kinds"] == "quantity, attribution"
    assert first["quantities"] == "~about 300 workers (released)"
    assert first["attributions"] == "officials: say"
    assert first["claim_dates"] == "2019-08-08"
    assert first["status"] == "published"
    assert first["verdict"] == "Mostly true"
    assert first["rating_value"] == "4"
    assert first["rationale"] == "The agency's own release says 303."
    assert first["sources"] == (
        "ICE press release <https://ice.example.gov/release> [supports]"
        " | County jail roster [context]"
    )
    # Per source, in the order of `sources`; empty for the one with no archived copy.
    assert first["source_archived_at"] == "2026-03-02T12:30:00+00:00 | "
    assert first["source_sha256"] == "9f2c" * 16 + " | "
    assert read[1]["source_archived_at"] == read[1]["source_sha256"] == ""  # no evidence
    assert first["comments"] == "editor: Good catch."
    assert first["reviewer"] == "reviewer"
    assert first["approver"] == "editor"
    assert first["created"].startswith("2026-03-02T10:30")
    assert read[1]["verdict"] == "False"


def test_xlsx_reads_back_the_same_cells_as_csv():
    rows = [claim_row(), second_row()]
    from_csv = _csv(rows)
    from_xlsx = _xlsx(rows)

    for csv_row, xlsx_row in zip(from_csv, from_xlsx, strict=True):
        as_text = {k: "" if v is None else str(v) for k, v in xlsx_row.items()}
        assert as_text == csv_row
    assert from_xlsx[0]["rating_value"] == 4  # a number, not text


def test_a_claim_without_verdict_or_evidence_has_empty_cells():
    row = claim_row(verdict="", rating_value=None, evidence=(), comments=(), reviewer="")
    read = _csv([row])[0]
    assert (read["verdict"], read["rating_value"], read["sources"], read["reviewer"]) == (
        "",
        "",
        "",
        "",
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_claim_text_is_neutralised_in_csv_and_xlsx(payload: str):
    row = claim_row(text=payload)
    assert _csv([row])[0]["claim"] == "'" + payload
    assert _xlsx([row])[0]["claim"] == "'" + payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_a_source_title_is_neutralised_in_csv_and_xlsx(payload: str):
    evidence = EvidenceRow(payload, "", "", None, "refutes", "", "")
    row = claim_row(evidence=(evidence,))
    assert _csv([row])[0]["sources"] == "'" + payload + " [refutes]"
    assert _xlsx([row])[0]["sources"] == "'" + payload + " [refutes]"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_a_comment_is_neutralised_in_csv_and_xlsx(payload: str):
    row = claim_row(comments=(CommentRow("", payload, None),))
    assert _csv([row])[0]["comments"] == "'" + payload
    assert _xlsx([row])[0]["comments"] == "'" + payload


def test_no_text_cell_of_a_hostile_row_starts_like_a_formula():
    hostile = '=HYPERLINK("http://x","y")'
    row = replace(
        claim_row(),
        article_title=hostile,
        article_outlet="@evil",
        rationale="-1",
        reviewer="+me",
        evidence=(EvidenceRow("t", "", hostile, None, "context", hostile, hostile),),
    )
    for cells in (_csv([row])[0].values(), _xlsx([row])[0].values()):
        for cell in cells:
            if isinstance(cell, str):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xlsx_keeps_a_neutralised_payload_as_text_not_a_formula():
    out = io.BytesIO()
    xlsx.write([claim_row(text='=HYPERLINK("http://x","y")')], out, context())
    out.seek(0)
    cell = openpyxl.load_workbook(out).active["G2"]
    assert cell.data_type == "s"


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise("About 300 workers") == "About 300 workers"
    assert neutralise("") == ""
    assert neutralise("a=b") == "a=b"


def test_the_hand_written_workbook_has_a_bold_frozen_header_and_keeps_odd_text():
    odd = "a\r\nb <c> & 'd' \x01 end  "
    long = "x" * (xlsx.MAX_CELL + 10)
    out = io.BytesIO()
    xlsx.write([claim_row(text=odd, rationale=long)], out, context())
    out.seek(0)
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "Verdicts"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, (cell.value for cell in sheet[2]), strict=True))
    assert row["claim"] == "a\r\nb <c> & 'd'  end  "  # control characters dropped
    assert len(row["rationale"]) == xlsx.MAX_CELL and row["rationale"].endswith("…")
    assert isinstance(row["claim_id"], int)


def test_the_csv_lines_are_what_the_csv_module_writes_of_the_cells():
    odd = [
        'a,"b"\r\nc',
        "only\rcr",
        "only\nlf",
        "\ttab first",
        '"quoted"',
        "é😀,",
        "",
        "-3, said nobody",
    ]
    rows = [
        claim_row(
            claim_id=n,
            text=text,
            article_title=text,
            rationale=text + ",",
            quantities=[{"value": 2.5, "unit": text}, "not a quantity"],
            attributions=[{"speaker": text, "cue": "said\n"}],
            kinds=["a,b", '"q"'],
            comments=(CommentRow("", text, None),),
            rating_value=None if n % 2 else n,
            article_published=None,
        )
        for n, text in enumerate(odd)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(csv_.CLAIMS.cells(row) for row in rows)
    out = io.BytesIO()
    assert csv_.write(rows, out, context()) == len(rows)
    assert out.getvalue().decode("utf-8-sig") == buffer.getvalue()
