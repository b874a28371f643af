"""What people read in an export: figures as written ("680", not "680.0"), claims numbered
from 1, and a method that says only what is true of the claims in the report."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import openpyxl

from claims.exporters import csv_, json_, report, xlsx
from claims.exporters.types import plain_number
from tests.exporters.factories import claim_row, context, second_row

STATUS_LABELS = {
    "new": "New",
    "in_review": "In review",
    "awaiting_approval": "Awaiting approval",
    "approved": "Approved",
    "published": "Published",
    "dismissed": "Dismissed",
}
METHOD = "Checked by two people."


def _quantities(*values) -> tuple[dict, ...]:
    return tuple({"value": v, "unit": "workers"} for v in values)


def _csv_cell(row) -> str:
    out = io.BytesIO()
    csv_.write([row], out, context())
    (record,) = csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline=""))
    return record["quantities"]


def test_a_whole_figure_stored_as_a_float_prints_without_a_decimal_point_in_csv():
    row = claim_row(quantities=_quantities(680.0, 2.5, 12))
    assert _csv_cell(row) == "680 workers; 2.5 workers; 12 workers"


def test_the_xlsx_quantities_cell_reads_like_the_csv_one():
    out = io.BytesIO()
    xlsx.write([claim_row(quantities=_quantities(680.0, 0.75))], out, context())
    out.seek(0)
    sheet = openpyxl.load_workbook(out, read_only=True).active
    header, values = list(sheet.iter_rows(values_only=True))
    assert dict(zip(header, values, strict=True))["quantities"] == "680 workers; 0.75 workers"


def test_json_writes_whole_figures_as_integers_and_keeps_real_fractions():
    out = io.BytesIO()
    json_.write([claim_row(quantities=_quantities(680.0, 2.5, 1e300))], out, context())
    text = out.getvalue().decode()
    (claim,) = json.loads(text)["claims"]

    assert [q["value"] for q in claim["quantities"]] == [680, 2.5, 1e300]
    assert '"value":680,' in text and "680.0" not in text


def test_json_lines_write_whole_figures_as_integers_and_keep_what_is_not_a_quantity():
    # jsonb keeps "680.0" as written; a stored list may hold something else.
    row = claim_row(quantities=[{"value": 680.0, "unit": "workers"}, "not a quantity"])
    out = io.BytesIO()
    json_.write_lines([row], out, context())
    assert json.loads(out.getvalue())["quantities"] == [
        {"value": 680, "unit": "workers"},
        "not a quantity",
    ]


def test_plain_number_leaves_everything_but_whole_floats_alone():
    assert plain_number(680.0) == 680 and type(plain_number(680.0)) is int
    assert plain_number(-3.0) == -3
    for value in (2.5, 1e300, 7, True, None, "680.0"):
        assert plain_number(value) is value


def _html(rows) -> str:
    out = io.BytesIO()
    report.write(rows, out, context(method=METHOD, status_labels=STATUS_LABELS))
    return out.getvalue().decode()


def _numbers(html: str) -> list[str]:
    return re.findall(r'<tr id="verdict-\d+"><td>(\d+)</td>', html)


def test_the_report_numbers_claims_from_one_and_keeps_the_anchors():
    html = _html([claim_row(), second_row()])

    assert _numbers(html) == ["1", "2"]
    # The anchors stay the stored positions: ClaimReview urls point at them.
    assert '<tr id="verdict-0">' in html and '<mark id="claim-0">' in html


def test_a_report_of_approved_claims_says_a_second_person_approved_them():
    html = _html([claim_row(status="published"), second_row(status="approved")])

    assert "Every claim here is approved or published. Checked by two people." in html
    assert "<td>Published</td>" in html and "<td>Approved</td>" in html
    assert "not approved" not in html


def test_a_report_of_unreviewed_claims_never_claims_a_second_person_approved_them():
    html = _html(
        [
            claim_row(status="in_review", approver=""),
            replace(second_row(status="new", approver=""), verdict="", rating_value=None),
        ]
    )

    method = re.search(r'<p class="method">(.*?)</p>', html).group(1)
    assert METHOD not in html
    assert method == (
        "The 2 claims here have not been approved by a second person: a verdict shown for "
        "them is a reviewer&#x27;s proposal and may change (see the Review column)."
    )
    assert "<td>In review, not approved</td>" in html
    assert "<td>New, not reviewed</td>" in html


def test_a_mixed_report_says_which_claims_the_method_covers():
    html = _html([claim_row(status="published"), second_row(status="awaiting_approval")])

    method = re.search(r'<p class="method">(.*?)</p>', html).group(1)
    assert method.startswith("1 of the 2 claims here is approved or published. " + METHOD)
    assert "The other 1 has not been approved by a second person" in method
    assert "<td>Awaiting approval, not approved</td>" in html


def test_without_status_labels_the_review_cell_falls_back_to_the_status_name():
    html = io.BytesIO()
    report.write([replace(claim_row(), status="awaiting_approval")], html, context())
    assert "<td>Awaiting approval, not approved</td>" in html.getvalue().decode()
