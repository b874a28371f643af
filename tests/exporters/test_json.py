"""JSON (one document) and JSON Lines: parsed back with the full structure."""

from __future__ import annotations

import io
import json

import pytest

from claims.exporters import claimreview, json_
from tests.exporters.factories import claim_row, context, second_row


def test_the_json_document_parses_with_every_claim_its_evidence_and_history():
    out = io.BytesIO()
    count = json_.write([claim_row(), second_row()], out, context())

    document = json.loads(out.getvalue())
    assert count == 2 == document["count"] == len(document["claims"])
    assert document["rating_scale"]["best_value"] == 5
    assert document["desk"]["name"] == "Harbor Fact Desk"
    first = document["claims"][0]
    assert first["id"] == 7
    assert first["url"] == "https://desk.example.org/exports/articles/3/report/#claim-0"
    assert first["article"]["published"] == "2019-08-08"
    assert first["quantities"][0]["value"] == 300
    assert first["attributions"][0]["speaker"] == "officials"
    assert first["verdict"] == {
        "name": "Mostly true",
        "value": 4,
        "origin": "editor",
        "mixed": False,
    }
    assert first["evidence"][0]["source"]["url"] == "https://ice.example.gov/release"
    assert first["evidence"][0]["stance"] == "supports"
    assert first["comments"][0]["text"] == "Good catch."
    assert first["history"]["changes"] == 3
    assert first["history"]["statuses"] == ["new", "in_review", "published"]
    assert document["claims"][1]["evidence"] == []


def test_an_empty_export_is_still_a_valid_document():
    out = io.BytesIO()
    assert json_.write([], out, context()) == 0
    assert json.loads(out.getvalue())["claims"] == []


def test_json_lines_has_one_parsable_claim_a_line_identical_to_the_document():
    lines_out, document_out = io.BytesIO(), io.BytesIO()
    rows = [claim_row(), second_row()]
    json_.write_lines(rows, lines_out, context())
    json_.write(rows, document_out, context())

    lines = lines_out.getvalue().decode("utf-8").splitlines()
    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == json.loads(document_out.getvalue())["claims"]


def test_text_with_quotes_newlines_and_accents_survives():
    text = 'Le maire a dit « 2 milliards »\nand "more"'
    out = io.BytesIO()
    json_.write_lines([claim_row(text=text)], out, context())
    assert json.loads(out.getvalue())["text"] == text


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 7])
def test_documents_written_in_batches_parse_whatever_the_count(monkeypatch, count):
    monkeypatch.setattr(json_, "BATCH", 2)  # both writers stream through json_.write_array_items
    rows = [claim_row(claim_id=n + 1, position=n) for n in range(count)]
    document, graph = io.BytesIO(), io.BytesIO()
    assert json_.write(rows, document, context()) == count
    assert claimreview.write(rows, graph, context()) == count
    parsed = json.loads(document.getvalue())
    assert [c["id"] for c in parsed["claims"]] == [r.claim_id for r in rows]
    assert parsed["count"] == count
    assert len(json.loads(graph.getvalue())["@graph"]) == count


def test_orjson_and_json_write_the_same_bytes_and_json_takes_what_orjson_refuses():
    document = json_.claim_document(claim_row(), context())
    assert json_.dumps(document) == json.dumps(
        document, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    huge = {"value": 10**30, "text": "Café ünïcode"}
    assert json.loads(json_.dumps(huge)) == huge
