from __future__ import annotations

import re

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
    assert check.result == "consistent" and check.claims == (1, 2)
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
        "The plants raided were in Austin, Dallas, Houston, and El Paso."
    )
    assert ("stated_count_vs_listed_items", "needs_review") in _checks(text)


def test_a_list_after_include_that_falls_one_short_still_needs_review() -> None:
    text = (
        "Agents raided five plants across the state. "
        "The plants raided include sites in Austin, Dallas, Houston, and El Paso."
    )
    assert ("stated_count_vs_listed_items", "needs_review") in _checks(text)


def test_a_partial_list_is_not_compared_with_the_count() -> None:
    for marker in ("included", "include", "such as", "including"):
        text = (
            "The firm has 20 clients in the region. "
            f"Its clients {marker} Acme, Globex, and Initech, which pay the most."
        )
        assert [c for c in _checks(text) if c[0] == "stated_count_vs_listed_items"] == [], marker


def test_a_duration_is_not_a_count() -> None:
    text = (
        "He has hosted the picnic for 3 years. "
        "The years saw guests from Ohio, Texas, and Maine, among other states."
    )
    assert _checks(text) == []
    text = "In a tradition kept for over 40 years, the mayor hosted guests. The guests were Ann, Bob, and Cy."
    assert _checks(text) == []


def test_a_count_and_a_list_far_apart_are_not_compared() -> None:
    filler = " ".join(f"The council met on day number {k} to talk about roads." for k in range(30))
    text = f"The state has seven parks. {filler} The parks are Elm, Oak, Ash, and Fir."
    assert [c for c in _checks(text) if c[0] == "stated_count_vs_listed_items"] == []
    near = "The state has seven parks. The parks are Elm, Oak, Ash, and Fir."
    assert ("stated_count_vs_listed_items", "needs_review") in _checks(near)


def test_the_same_measure_with_two_figures_needs_review() -> None:
    text = (
        "The economy added 150,000 jobs in the typical month this year. "
        "The mayor said the state was adding roughly 162,000 new jobs a month."
    )
    result = extract(text, scorer=ConstantScorer())
    (check,) = [c for c in result.checks if c.check == "same_measure_different_figures"]
    assert check.result == "needs_review" and check.claims == (1, 2)
    assert "150,000" in check.detail and "162,000" in check.detail
    assert check.detail.endswith("(claims 1, 2).")


def test_the_same_measure_with_matching_figures_is_not_flagged() -> None:
    text = (
        "The economy added about 150,000 jobs a month this year. "
        "Officials said the figure of 150,000 jobs a month held up."
    )
    assert [c for c in _checks(text) if c[0] == "same_measure_different_figures"] == []


def test_a_whole_given_a_reason_that_only_some_parts_have_needs_review() -> None:
    text = (
        "About 500 tenants were evicted on safety grounds. "
        "In fact, 50 tenants were evicted on safety grounds while 450 tenants were evicted "
        "after missing rent."
    )
    result = extract(text, scorer=ConstantScorer())
    (check,) = [c for c in result.checks if c.check == "whole_and_parts_disagree_on_reason"]
    assert check.result == "needs_review" and check.claims == (1, 2)
    assert "'safety'" in check.detail and "50" in check.detail


def test_parts_with_the_reason_of_their_whole_are_not_flagged() -> None:
    text = (
        "About 500 tenants were evicted on safety grounds. "
        "In fact, 50 tenants were evicted on safety grounds and 450 tenants were evicted "
        "on safety grounds too."
    )
    assert [c for c in _checks(text) if c[0] == "whole_and_parts_disagree_on_reason"] == []


def test_check_claim_numbers_count_from_one_like_the_detail() -> None:
    text = (
        "The report is short. About 300 workers were released. "
        "Roughly 30 workers were released on Monday while 270 workers were released later."
    )
    result = extract(text, scorer=ConstantScorer())
    for check in result.checks:
        named = {
            int(n)
            for n in re.findall(r"\d+", re.findall(r"\(claims? ([\d, ]+)\)", check.detail)[-1])
        }
        assert named == set(check.claims), check
        assert all(1 <= n <= len(result.claims) for n in check.claims)
    (check,) = [c for c in result.checks if c.check == "parts_sum_to_total"]
    assert result.claims[check.claims[0] - 1].text.startswith("About 300")


def test_quantities_with_different_events_are_not_compared() -> None:
    text = "About 300 workers were hired. 30 workers were fired and 270 workers were fired."
    assert [c for c in _checks(text) if c[0] == "parts_sum_to_total"] == []
