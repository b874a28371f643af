from __future__ import annotations

from claims.extraction import extract
from tests.extraction.conftest import ConstantScorer


def _checks(text: str) -> list[tuple[str, str]]:
    return [(c.check, c.result) for c in extract(text, scorer=ConstantScorer()).checks]


def test_parts_adding_up_to_an_approximate_total_are_consistent() -> None:
    text = (
        "About 300 workers were released. "
        "Roughly 30 workers were released on Monday while 270 workers were released later."
    )
    result = extract(text, scorer=ConstantScorer())
    (check,) = [c for c in result.checks if c.check == "parts_sum_to_total"]
    assert check.result == "consistent" and check.claims == (0, 1)
    assert "30 + 270 = 300 released" in check.detail


def test_parts_exceeding_an_exact_total_are_inconsistent() -> None:
    text = "Exactly 100 workers were released. 80 workers were released Monday and 70 workers were released Tuesday."
    assert ("parts_sum_to_total", "inconsistent") in _checks(text)


def test_a_part_larger_than_its_whole_is_inconsistent() -> None:
    assert ("part_within_whole", "inconsistent") in _checks(
        "Officials said 700 of the 680 people arrested were released."
    )
    assert ("part_within_whole", "consistent") in _checks(
        "Officials said 300 of the 680 people arrested were released."
    )


def test_a_stated_count_that_differs_from_the_list_needs_review() -> None:
    text = (
        "Agents raided seven plants across the state. "
        "The plants raided include sites in Austin, Dallas, Houston, and El Paso."
    )
    assert ("stated_count_vs_listed_items", "needs_review") in _checks(text)


def test_quantities_with_different_events_are_not_compared() -> None:
    text = "About 300 workers were hired. 30 workers were fired and 270 workers were fired."
    assert [c for c in _checks(text) if c[0] == "parts_sum_to_total"] == []
