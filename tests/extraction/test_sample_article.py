"""Acceptance: every expectation a human reviewer wrote for the ICE-raids sample article."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from claims.extraction import ClaimCandidate, Extraction, extract
from tests.extraction.conftest import ConstantScorer

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SAMPLE = SHARED / "samples" / "ice-raids-mississippi-2019-08-08.txt"
EXPECTED = SHARED / "samples" / "ice-raids-mississippi-2019-08-08.expected.json"

pytestmark = pytest.mark.skipif(
    not (SAMPLE.exists() and EXPECTED.exists()),
    reason=f"shared sample article not found under {SHARED} (../shared is not checked out)",
)


def _norm_speaker(name: str | None) -> str:
    # Reviewers write "Department of Justice (DOJ) and ICE" for "the Department ...".
    return re.sub(r"^the\s+", "", (name or "").strip(), flags=re.IGNORECASE)


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article() -> str:
    raw = SAMPLE.read_text(encoding="utf-8")
    # The importer strips the inline " date YYYY-MM-DD " header before extraction.
    return re.sub(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+", "", raw)


@pytest.fixture(scope="module")
def result(article: str) -> Extraction:
    return extract(article, published=dt.date(2019, 8, 8), scorer=ConstantScorer())


def _claim(result: Extraction, contains: str) -> ClaimCandidate:
    found = [c for c in result.claims if contains in c.text]
    assert found, f"no claim contains {contains!r}"
    return found[0]


def _must_find(expected: dict[str, Any]) -> list[dict[str, Any]]:
    return expected["must_find"]


def test_the_claim_count_is_in_the_expected_range(result: Extraction, expected: dict) -> None:
    bounds = expected["claim_count"]
    assert bounds["min"] <= len(result.claims) <= bounds["max"]


def test_metadata_holds_the_byline_author_and_outlet(result: Extraction, expected: dict) -> None:
    assert result.metadata["author"] == expected["article"]["author"]
    assert result.metadata["outlet"] == expected["article"]["outlet"]


def test_boilerplate_sentences_are_not_claims(result: Extraction, expected: dict) -> None:
    for text in expected["must_not_be_claims"]:
        assert not any(text in c.text for c in result.claims), text


def test_every_expected_claim_is_found_with_its_kinds(result: Extraction, expected: dict) -> None:
    for item in _must_find(expected):
        claim = _claim(result, item["contains"])
        assert set(item["kinds"]) <= set(claim.kinds), (item["contains"], claim.kinds)


def test_every_expected_quantity_is_normalised(result: Extraction, expected: dict) -> None:
    for item in _must_find(expected):
        claim = _claim(result, item["contains"])
        for want in item.get("quantities", []):
            matches = [
                q
                for q in claim.quantities
                if q.value == want["value"]
                and all(getattr(q, key) == want[key] for key in want if key != "value")
            ]
            assert matches, (item["contains"], want, claim.quantities)


def test_every_expected_attribution_is_found(
    result: Extraction, expected: dict, article: str
) -> None:
    for item in _must_find(expected):
        want = item.get("attribution")
        if not want:
            continue
        claim = _claim(result, item["contains"])
        candidates = [
            a
            for a in claim.attributions
            if _norm_speaker(a.speaker) == _norm_speaker(want["speaker"]) and a.cue == want["verb"]
        ]
        assert candidates, (item["contains"], want, claim.attributions)
        att = candidates[0]
        if "role" in want:
            assert att.role == want["role"]
        if "recipient" in want:
            assert att.recipient == want["recipient"]
        if "quote_starts" in want:
            assert att.content_start is not None and att.content_end is not None
            # Direct-quote content starts just inside the opening quotation mark.
            content = article[att.content_start : att.content_end]
            assert content.startswith(want["quote_starts"]), content
            assert att.direct_quote


def test_every_expected_date_is_resolved(result: Extraction, expected: dict) -> None:
    for item in _must_find(expected):
        claim = _claim(result, item["contains"])
        for want in item.get("dates", []):
            assert any(
                d.text == want["text"] and d.resolved == want["resolved"] for d in claim.dates
            ), (want, claim.dates)


def test_every_expected_superlative_is_a_comparison(result: Extraction, expected: dict) -> None:
    for item in _must_find(expected):
        claim = _claim(result, item["contains"])
        for phrase in item.get("superlatives", []):
            assert any(c.kind == "superlative" and c.text == phrase for c in claim.comparisons), (
                phrase,
                claim.comparisons,
            )


def test_every_expected_place_list_is_enumerated(result: Extraction, expected: dict) -> None:
    for item in _must_find(expected):
        if "places" not in item:
            continue
        claim = _claim(result, item["contains"])
        assert any(list(e.items) == item["places"] for e in claim.enumerations), claim.enumerations


def test_the_three_consistency_checks_have_the_expected_results(
    result: Extraction, expected: dict
) -> None:
    values = {
        i: {q.value for q in c.quantities if q.value is not None}
        for i, c in enumerate(result.claims)
    }
    for want in expected["consistency"]:
        checks = [c for c in result.checks if c.check == want["check"]]
        assert checks, want["check"]
        if want["check"] == "parts_sum_to_total":
            needed = {*want["parts"], want["total"]}
        elif want["check"] == "part_within_whole":
            needed = {want["part"], want["whole"]}
        else:
            needed = {want["stated"]}
        relevant = [c for c in checks if needed <= set().union(*(values[n - 1] for n in c.claims))]
        assert relevant, (want, checks)
        assert relevant[0].result == want["expected"], relevant[0]
        assert relevant[0].detail.endswith(")."), relevant[0].detail
        if want["check"] == "stated_count_vs_listed_items":
            assert str(want["listed"]) in relevant[0].detail
