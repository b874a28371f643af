from __future__ import annotations

from claims.extraction import extract
from claims.extraction.enumerations import find_enumerations
from claims.extraction.kinds import find_comparisons
from tests.extraction.conftest import ConstantScorer


def test_superlatives_stop_at_the_coordinating_and() -> None:
    text = "It was the largest raid in state history and the largest operation in 11 years."
    assert [(c.text, c.kind) for c in find_comparisons(text, 0)] == [
        ("largest raid in state history", "superlative"),
        ("largest operation in 11 years", "superlative"),
    ]


def test_more_than_ever_is_a_comparative_but_more_than_600_is_not() -> None:
    found = find_comparisons("Voters are more worried than ever. More than 600 agents came.", 0)
    assert [c.text for c in found] == ["more worried than ever"]


def test_a_place_list_includes_the_place_named_before_as_well_as() -> None:
    text = "Plants in Morton, Mississippi, as well as other plants in Bay Springs, Canton, and Carthage."
    (enum,) = find_enumerations(text, 0)
    assert enum.items == ("Morton", "Bay Springs", "Canton", "Carthage")
    assert [text[s:e] for s, e in enum.item_spans] == list(enum.items)


def test_a_plain_statement_is_factual() -> None:
    result = extract(
        "The plant is not associated with the billionaire brothers.", scorer=ConstantScorer()
    )
    assert result.claims[0].kinds == ("factual",)


def test_kinds_come_in_a_stable_order() -> None:
    result = extract(
        "Police arrested 40 people in the largest raid in years, officials said.",
        scorer=ConstantScorer(),
    )
    assert result.claims[0].kinds == ("quantity", "comparison", "attribution")
