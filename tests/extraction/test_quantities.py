from __future__ import annotations

from claims.extraction.quantities import find_quantities
from claims.extraction.types import Quantity


def _q(text: str) -> list[Quantity]:
    return find_quantities(text, 0)


def _one(text: str) -> Quantity:
    found = _q(text)
    assert len(found) == 1, found
    return found[0]


def test_it_reads_two_dozen_as_24() -> None:
    q = _one("Police detained two dozen protesters.")
    assert q.value == 24 and q.unit == "protesters" and q.event == "detain"


def test_it_reads_number_words_and_thousands_separators() -> None:
    assert _one("Seven plants were raided.").value == 7
    assert _one("The firm hired 1,200 workers.").value == 1200


def test_money_is_normalised_to_a_value_and_currency() -> None:
    q = _one("The agency spent $1.2 million on the program.")
    assert (q.kind, q.value, q.unit) == ("money", 1_200_000, "USD")


def test_percentages_are_recognised_in_both_spellings() -> None:
    assert [(q.kind, q.value) for q in _q("Turnout rose 12% and then 12 percent.")] == [
        ("percent", 12),
        ("percent", 12),
    ]


def test_approximation_words_set_the_qualifier() -> None:
    q = _one("Roughly 30 workers were released.")
    assert q.approximate and q.qualifier == "roughly" and q.event == "release"


def test_bounds_are_approximate_and_say_which_bound() -> None:
    q = _one("More than 600 agents took part.")
    assert q.approximate and q.qualifier == "more than" and q.value == 600


def test_an_exact_number_is_not_approximate() -> None:
    q = _one("An additional 270 illegal workers were released after processing.")
    assert not q.approximate and q.qualifier is None
    assert q.unit == "workers" and q.event == "release"


def test_the_part_and_the_whole_get_their_own_events() -> None:
    found = _q("About 300 of the 680 aliens arrested by agents on Wednesday were released.")
    assert [(q.value, q.approximate, q.event) for q in found] == [
        (300, True, "release"),
        (680, False, "arrest"),
    ]


def test_the_verb_before_the_number_is_the_event() -> None:
    assert _one("ICE raided seven food processing plants.").event == "raid"
    assert _one("Agents came, arresting a total of 680 illegal workers.").event == "arrest"


def test_hundreds_is_vague_without_a_value() -> None:
    q = _one("Officials said hundreds of people were displaced.")
    assert q.vague and q.kind == "vague" and q.value is None and q.text == "hundreds"


def test_years_handles_and_phone_numbers_are_not_counts() -> None:
    assert _q("In 2019 he wrote to @user42 and called 601-555-0123.") == []


def test_ordinals_are_kind_ordinal() -> None:
    q = _one("It was the 11th raid.")
    assert q.kind == "ordinal" and q.value == 11


def test_offsets_are_shifted_into_the_document() -> None:
    q = _one("Seven died.")
    text = "xxxxx Seven died."
    shifted = find_quantities("Seven died.", 6)[0]
    assert text[shifted.start : shifted.end] == q.text == "Seven"
