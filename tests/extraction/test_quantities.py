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


# Issue 11: multipliers, hyphenated counts, fractions, non-figures, units, "up to" ---------


def test_multiplier_words_and_letters_scale_the_value_in_any_case() -> None:
    found = _q("The city paid $25 Million, the state $3M, the fund £1.5bn and the club €40k.")
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("$25 Million", 25_000_000, "USD"),
        ("$3M", 3_000_000, "USD"),
        ("£1.5bn", 1_500_000_000, "GBP"),
        ("€40k", 40_000, "EUR"),
    ]
    assert _one("Some 12k runners and no more.").value == 12_000
    assert _one("They owe 2 Trillion dollars.").value == 2e12


def test_scaled_figures_in_words_and_in_letters_agree_for_matching() -> None:
    from claims.matching.figures import compare_figures

    words = _one("The firm hired 25 thousand workers.")
    letters = _one("The firm hired 25k workers.")
    assert (words.value, words.unit, words.event) == (25_000, "workers", "hire")
    assert (letters.value, letters.unit, letters.event) == (25_000, "workers", "hire")
    fields = ("value", "unit", "event", "kind", "qualifier", "text")
    [comparison] = compare_figures(
        [{k: getattr(words, k) for k in fields}], [{k: getattr(letters, k) for k in fields}]
    )
    assert comparison.agree


def test_hyphenated_counts_keep_their_unit() -> None:
    assert [(q.text, q.value, q.unit) for q in _q("A 12-point lead ends a 9-month streak.")] == [
        ("12-point", 12, "point"),
        ("9-month", 9, "month"),
    ]
    q = _one("The club has a 140-year history.")
    assert (q.value, q.unit) == (140, "year")
    q = _one("She signed a two-year deal.")
    assert (q.value, q.unit) == (2, "year")


def test_fractions_are_read_as_their_value() -> None:
    q = _one("Nearly one-third of the members voted.")
    assert q.kind == "fraction" and q.qualifier == "nearly" and q.unit == "members"
    assert abs(q.value - 1 / 3) < 1e-9
    assert _one("Two-thirds of residents agreed.").value == 2 / 3
    assert _one("A quarter of the budget went to roads.").value == 0.25
    assert _q("He won a third term.") == []


def test_roads_clock_times_ids_and_names_are_not_figures() -> None:
    assert _q("Traffic stopped on Interstate 75 and Route 9 near Highway 61.") == []
    assert _q("The ship sank at 0200 GMT, the ferry at 7 p.m. and the boat at 9 a.m.") == []
    assert _q("The post had id 1234567890123 and was retweeted.") == []
    assert _q('<tweet id="672138506081275904">') == []
    assert _q("He flew on Flight 370 to see Super Bowl 50 on Channel 4.") == []


def test_a_unit_is_a_noun() -> None:
    assert _one("Primaries were held in five states Tuesday.").unit == "states"
    assert _one("The two spoke for an hour.").unit is None
    assert _one("She was 19 years old then.").unit == "years"
    assert _one("With 50 days until the vote, both campaigns spent more.").unit == "days"
    assert _one("Prices were 3 lower than expected.").unit is None
    assert _one("Some 40 seen in the area were detained.").unit is None


def test_a_verb_before_up_to_makes_it_a_movement_not_a_bound() -> None:
    q = _one("Unemployment ticks up to 5% in May.")
    assert (q.text, q.qualifier, q.approximate) == ("5%", None, False)
    q = _one("Up to 300 people were released.")
    assert (q.qualifier, q.approximate) == ("up to", True)


def test_a_figure_that_is_the_subject_takes_its_own_verb_not_one_from_an_earlier_clause() -> None:
    found = _q(
        "Of the workers held at the county's meat processing sites, about 40 were freed "
        "on medical grounds and 210 were freed after questioning, officials said."
    )
    assert [(q.value, q.event) for q in found] == [(40, "free"), (210, "free")]
    # The verb before the number still counts when nothing follows it.
    assert _one("Agents came, arresting a total of 680 illegal workers.").event == "arrest"
