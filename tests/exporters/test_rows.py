"""The row contract: the dataclasses are the table the selector's SQL and the sheets'
headers come from, and a claim as the database serialises it (one JSON array in field
order) decodes into the same `ClaimRow` a test builds by hand. No database here; the
query itself runs in tests/test_exports.py."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from claims import exporters
from claims.exporters import tabular
from claims.exporters.types import ALL_FIELDS, ClaimRow, FactRow, Kind
from claims.selectors_export import _decoder
from tests.exporters.factories import attribution_fact, claim_row, fact_row


def _array(row) -> list:
    """The JSON array of `row` as the database writes it: items as arrays of arrays."""
    values = []
    for f in fields(row):
        value = getattr(row, f.name)
        if f.metadata["kind"] is Kind.ITEMS:
            value = [_array(item) for item in value] or None
        values.append(value)
    return values


def test_a_claim_as_the_database_writes_it_decodes_into_the_same_row():
    row = claim_row(facts=(fact_row(), attribution_fact()))
    data = json.dumps(_array(row))
    # PostgreSQL writes the float 1.0 as 1, SQLite's query sends floats as text.
    decoded = _decoder(ClaimRow)(json.loads(data.replace("0.87", '"0.87"')))
    assert decoded == row
    assert isinstance(decoded.facts[0], FactRow) and decoded.facts[0].evidence[0].stance


def test_what_json_cannot_carry_is_converted():
    values = _array(claim_row(score=1.0, evidence=(), comments=(), history=()))
    names = [f.name for f in fields(ClaimRow)]
    values[names.index("score")] = 1  # as PostgreSQL writes 1.0
    values[names.index("quantities")] = {"not": "a list"}
    values[names.index("attributions")] = None  # a field the format did not ask for
    values[names.index("verdict_mixed")] = 0  # SQLite's false
    row = _decoder(ClaimRow)(values)
    assert row.score == 1.0 and isinstance(row.score, float)
    assert row.quantities == [{"not": "a list"}]  # kept whole, as one item
    assert row.attributions == []
    assert row.verdict_mixed is False
    assert row.evidence == row.comments == row.history == row.facts == ()


def test_every_field_names_its_source_and_kind():
    for row in (ClaimRow, FactRow):
        for f in fields(row):
            assert isinstance(f.metadata["kind"], Kind), f.name
            assert f.metadata["source"], f.name


def test_each_format_asks_only_for_fields_that_exist_and_the_sheets_for_what_they_read():
    for exporter in exporters.FORMATS.values():
        assert exporter.fields <= ALL_FIELDS, exporter.name
        assert "claim_id" in exporter.fields
    # A sheet's columns say what they read; nothing else is fetched for CSV.
    assert tabular.CLAIMS.fields == exporters.get("csv").fields
    assert "article_text" not in tabular.CLAIMS.fields and "history" not in tabular.CLAIMS.fields
    assert "facts" in exporters.get("facts_csv").fields


def test_the_headers_come_from_the_column_table():
    assert tabular.HEADERS == tuple(c.header for c in tabular.CLAIMS.columns)
    assert len(set(tabular.HEADERS)) == len(tabular.HEADERS)
    assert len(set(tabular.FACTS.headers)) == len(tabular.FACTS.headers)
    assert len(tabular.CLAIMS.cells(claim_row())) == len(tabular.HEADERS)


@pytest.mark.parametrize("name", sorted(exporters.FORMATS))
def test_every_format_writes_hand_built_rows_with_facts(name):
    import io

    if name == "pdf":
        pytest.importorskip("weasyprint")
    out = io.BytesIO()
    rows = [claim_row(facts=(fact_row(), attribution_fact()))]
    assert exporters.get(name).write(rows, out, _context()) == 1
    assert out.getvalue()


def _context():
    from tests.exporters.factories import context

    return context()
