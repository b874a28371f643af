"""Acceptance: every fact a reviewer listed for the ICE-raids sample (its expected file's
"facts" section) is found by extract(), with its fields, span and a readable statement.

The expected file's field names are mapped onto ours: value, unit, event, approximate,
speaker, role, recipient, resolved and items are ``fact.fields`` entries; content_starts is
the start of ``fields["content"]``; text_contains and text are about ``fact.text``;
in_claim is a substring of the claim (sentence) that holds the fact.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from typing import Any

import pytest

from claims.extraction import ClaimCandidate, Extraction, Fact, extract
from claims.extraction.lexicon import past_participle
from tests.conftest import SAMPLE, shared_path
from tests.extraction.conftest import ConstantScorer

_FIELDS = ("value", "unit", "event", "approximate", "speaker", "role", "recipient", "resolved")
_NUMBER_WORDS = {7: "seven", 11: "eleven"}


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    path = shared_path(SAMPLE.with_suffix(".expected.json"))
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article() -> str:
    raw = shared_path(SAMPLE).read_text(encoding="utf-8")
    # The importer strips the inline " date YYYY-MM-DD " header before extraction.
    return re.sub(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+", "", raw)


@pytest.fixture(scope="module")
def result(article: str, expected: dict[str, Any]) -> Extraction:
    published = dt.date.fromisoformat(expected["article"]["published"])
    return extract(article, published=published, scorer=ConstantScorer())


def _must_find(expected: dict[str, Any]) -> list[dict[str, Any]]:
    return expected["facts"]["must_find"]


def _claim(result: Extraction, in_claim: str) -> ClaimCandidate:
    found = [c for c in result.claims if in_claim in c.text]
    assert found, f"no claim contains {in_claim!r}"
    return found[0]


def _same_item(wanted: str, got: str, article: str) -> bool:
    """An expected list item equals the found one; a reviewer's corrected spelling of a
    word the article misspells ("Sebastopol" for the article's "Sebastapol") matches the
    article's word, which is what the fact's span holds."""
    if wanted == got:
        return True
    return wanted not in article and difflib.SequenceMatcher(None, wanted, got).ratio() >= 0.8


def _mismatches(item: dict[str, Any], fact: Fact, article: str) -> list[str]:
    wrong = []
    for name in _FIELDS:
        if name in item and fact.fields.get(name) != item[name]:
            wrong.append(f"{name}: expected {item[name]!r}, got {fact.fields.get(name)!r}")
    if "content_starts" in item and not (fact.fields.get("content") or "").startswith(
        item["content_starts"]
    ):
        wrong.append(f"content should start {item['content_starts']!r}")
    if "text_contains" in item and item["text_contains"] not in fact.text:
        wrong.append(f"text should contain {item['text_contains']!r}")
    if "text" in item and fact.text != item["text"]:
        wrong.append(f"text: expected {item['text']!r}, got {fact.text!r}")
    if "items" in item:
        items = fact.fields.get("items") or []
        if len(items) != len(item["items"]) or not all(
            _same_item(w, g, article) for w, g in zip(item["items"], items, strict=True)
        ):
            wrong.append(f"items: expected {item['items']!r}, got {items!r}")
    return wrong


def _found(result: Extraction, item: dict[str, Any], article: str) -> Fact:
    claim = _claim(result, item["in_claim"])
    candidates = [f for f in claim.facts if f.kind == item["kind"]]
    reasons = []
    for fact in candidates:
        wrong = _mismatches(item, fact, article)
        if not wrong:
            return fact
        reasons.append(f"{fact.text!r}: {'; '.join(wrong)}")
    pytest.fail(
        f"no {item['kind']} fact in the claim holding {item['in_claim']!r} matches {item!r}; "
        f"candidates: {reasons or 'none'}"
    )


def test_the_expected_file_lists_facts(expected: dict[str, Any]) -> None:
    # Guards the test below against an expected file without facts (it would pass empty).
    kinds = {item["kind"] for item in _must_find(expected)}
    assert kinds == {"figure", "comparison", "attribution", "date", "list"}


def test_every_must_find_fact_is_extracted_with_its_fields(
    result: Extraction, expected: dict[str, Any], article: str
) -> None:
    for item in _must_find(expected):
        _found(result, item, article)


def test_every_fact_lies_inside_its_claim_and_matches_its_text(
    result: Extraction, article: str
) -> None:
    facts = [(c, f) for c in result.claims for f in c.facts]
    assert len(facts) >= 11
    for claim, fact in facts:
        assert claim.start <= fact.start < fact.end <= claim.end, (claim.text, fact)
        assert article[fact.start : fact.end] == fact.text
        assert fact.text == fact.text.strip(), fact
        assert fact.statement, fact


def test_no_two_facts_of_one_kind_overlap(result: Extraction) -> None:
    for claim in result.claims:
        for i, a in enumerate(claim.facts):
            for b in claim.facts[i + 1 :]:
                if a.kind == b.kind:
                    assert a.end <= b.start or b.end <= a.start, (claim.text, a.text, b.text)


def test_figure_statements_say_the_number_and_what_happened(
    result: Extraction, expected: dict[str, Any], article: str
) -> None:
    for item in _must_find(expected):
        if item["kind"] != "figure":
            continue
        fact = _found(result, item, article)
        value = int(item["value"])
        said = fact.statement
        assert str(value) in said or _NUMBER_WORDS.get(value, "\0") in said.lower(), said
        event = fact.fields.get("event")
        assert event, fact
        assert past_participle(event) in said, said
        assert not said[0].islower() and not said.endswith((",", ".", ";")), said


def test_the_680_arrest_figure_is_stated_as_a_reader_would(
    result: Extraction, expected: dict[str, Any], article: str
) -> None:
    item = next(i for i in _must_find(expected) if i["kind"] == "figure" and i["value"] == 680)
    said = _found(result, item, article).statement
    assert re.search(r"\b680 illegal workers were arrested\b", said), said


def test_the_seven_plants_are_stated_with_who_raided_them(
    result: Extraction, expected: dict[str, Any], article: str
) -> None:
    item = next(i for i in _must_find(expected) if i["kind"] == "figure" and i["value"] == 7)
    said = _found(result, item, article).statement
    assert "ICE raided seven food processing plants" in said, said


def test_the_cox_attribution_states_speaker_recipient_and_content(
    result: Extraction, expected: dict[str, Any], article: str
) -> None:
    item = next(i for i in _must_find(expected) if i.get("speaker") == "Bryan Cox")
    fact = _found(result, item, article)
    said = fact.statement
    assert said.startswith("ICE spokesman Bryan Cox confirmed to Breitbart News"), said
    assert item["content_starts"] in said, said
    # The quote the claim cuts off is closed, not left open.
    assert said.count("\u201c") == said.count("\u201d"), said


def test_the_clarion_ledger_statement_keeps_first(
    result: Extraction, expected: dict[str, Any], article: str
) -> None:
    item = next(i for i in _must_find(expected) if i.get("speaker") == "The Clarion Ledger")
    fact = _found(result, item, article)
    # "first" is what a reviewer checks: who reported first.
    assert fact.statement.startswith("The Clarion Ledger first reported"), fact.statement


def test_the_date_statement_gives_the_resolved_day(
    result: Extraction, expected: dict[str, Any], article: str
) -> None:
    for item in _must_find(expected):
        if item["kind"] == "date":
            said = _found(result, item, article).statement
            assert f"{item['text']} ({item['resolved']})" in said, said


def test_the_list_statement_names_what_is_listed(
    result: Extraction, expected: dict[str, Any], article: str
) -> None:
    item = next(i for i in _must_find(expected) if i["kind"] == "list")
    fact = _found(result, item, article)
    assert fact.statement.startswith(item["in_claim"]), fact.statement
    for found in fact.fields["items"]:
        assert found in fact.statement
