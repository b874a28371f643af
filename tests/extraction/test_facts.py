"""Facts of a claim (claims/extraction/facts.py): spans, fields and statements per kind,
the reviewer's selections (fact_fields) and the same-kind overlap rule."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import Fact, Quantity, extract
from claims.extraction.facts import FACT_FIELDS, FACT_KINDS, claim_facts, fact_fields, trim_span
from claims.extraction.types import _jsonable
from tests.extraction.conftest import ConstantScorer

PUBLISHED = dt.date(2019, 8, 8)  # a Thursday


def facts_of(text: str, kind: str | None = None) -> list[Fact]:
    result = extract(text, published=PUBLISHED, scorer=ConstantScorer())
    found = [f for c in result.claims for f in c.facts]
    return [f for f in found if kind is None or f.kind == kind]


def only(text: str, kind: str, contains: str = "") -> Fact:
    found = [f for f in facts_of(text, kind) if contains in f.text]
    assert len(found) == 1, found
    return found[0]


# Figures ------------------------------------------------------------------------------


def test_a_figure_that_is_the_subject_is_stated_with_its_verb() -> None:
    fact = only("About 120 families were evacuated from the valley, officials said.", "figure")
    assert fact.text == "About 120 families"
    assert fact.fields["value"] == 120 and fact.fields["approximate"] is True
    assert fact.fields["event"] == "evacuate"
    assert fact.statement == "About 120 families were evacuated from the valley"


def test_a_reduced_relative_gets_its_were_and_stops_at_the_main_verb() -> None:
    text = "The 25 protesters arrested by police on Monday were released without charge."
    fact = only(text, "figure")
    assert fact.text == "25 protesters"
    assert fact.statement == "25 protesters were arrested by police on Monday"


def test_a_participial_clause_is_stated_with_what_underwent_the_event() -> None:
    text = "Police raided the factory on Tuesday, arresting 40 workers in the largest raid."
    fact = only(text, "figure")
    assert fact.fields["event"] == "arrest"
    assert fact.statement == "40 workers were arrested in the largest raid"


def test_a_participial_clause_keeps_the_date_fronted_before_its_sentence() -> None:
    text = "This week, ICE raided seven plants, arresting 680 workers in the operation."
    fact = only(text, "figure", "680")
    assert fact.statement == "This week, 680 workers were arrested in the operation"


def test_a_figure_that_is_the_object_keeps_its_subject_and_a_fronted_date() -> None:
    text = "This week, ICE raided seven food processing plants across Mississippi, officials said."
    fact = only(text, "figure")
    assert fact.text == "seven food processing plants"
    assert fact.fields["unit"] == "plants" and fact.fields["value"] == 7
    assert fact.statement == "This week, ICE raided seven food processing plants across Mississippi"


def test_coordinated_figures_each_get_their_own_conjunct_and_the_shared_verb() -> None:
    text = (
        "In 2004, John Kerry pulled more than 85% of the black vote in Florida, even though "
        "he lost by 5 points in Florida and by 31,444 votes in Hillsborough."
    )
    statements = {f.text: f.statement for f in facts_of(text, "figure")}
    assert statements == {
        "more than 85%": "In 2004, John Kerry pulled more than 85% of the black vote in Florida",
        "5 points": "He lost by 5 points in Florida",
        "31,444 votes": "He lost by 31,444 votes in Hillsborough",
    }


def test_a_range_is_not_split_into_two_conjuncts() -> None:
    text = "Trump owns between $15,000 and $50,000 in Disney stock."
    statements = [f.statement for f in facts_of(text, "figure")]
    assert statements == ["Trump owns between $15,000 and $50,000 in Disney stock"] * 2


def test_a_verb_with_an_object_after_the_figure_is_not_made_passive() -> None:
    fact = only("A dozen states held contests to choose party nominees.", "figure")
    assert fact.statement == "A dozen states held contests to choose party nominees"
    assert " were " not in fact.statement


def test_a_figure_in_a_clause_about_another_figure_is_stated_by_its_comparison() -> None:
    text = (
        "Agents raided the plants, arresting 680 workers in the largest operation in history "
        "and the largest raid in 11 years."
    )
    statements = {f.text: f.statement for f in facts_of(text, "figure")}
    assert statements["680 workers"] == (
        "680 workers were arrested in the largest operation in history"
    )
    assert statements["11 years"] == "The largest raid in 11 years"


def test_a_figure_is_one_fact_with_its_counted_noun() -> None:
    fact = only("Officials said 680 illegal workers were arrested on Wednesday.", "figure")
    assert fact.text == "680 illegal workers"
    assert fact.statement == "680 illegal workers were arrested on Wednesday"


# Attributions -------------------------------------------------------------------------


def test_an_attribution_states_speaker_role_recipient_and_the_content_after_it() -> None:
    text = (
        "City spokeswoman Ana Silva confirmed to the Herald that the 40 workers laid off "
        "\u201cwill be rehired in March.\u201d"
    )
    fact = only(text, "attribution")
    assert fact.text == "City spokeswoman Ana Silva confirmed to the Herald"
    assert fact.fields["speaker"] == "Ana Silva"
    assert fact.fields["role"] == "City spokeswoman"
    assert fact.fields["recipient"] == "Herald"
    assert fact.fields["content"] == "will be rehired in March"
    assert fact.statement == (
        "City spokeswoman Ana Silva confirmed to the Herald that the 40 workers laid off "
        "\u201cwill be rehired in March\u201d"
    )


def test_a_quote_before_its_cue_is_stated_after_the_speaker() -> None:
    text = "\u201cWe have cut 40 jobs since March,\u201d Mayor Ana Silva told reporters."
    fact = only(text, "attribution")
    assert fact.statement == (
        "Mayor Ana Silva told reporters: \u201cWe have cut 40 jobs since March\u201d"
    )


def test_reported_speech_before_its_cue_becomes_a_that_clause() -> None:
    text = "About 300 workers were released the same day, officials confirm."
    fact = only(text, "attribution")
    assert fact.fields["speaker"] == "officials"
    assert fact.statement == "Officials confirm that about 300 workers were released the same day"


def test_a_common_word_is_lowered_but_a_name_keeps_its_capital() -> None:
    text = (
        "Youth unemployment rose in May. Unemployment fell to 4 percent, the ministry said. "
        "Trump won the state, aides said."
    )
    statements = [f.statement for f in facts_of(text, "attribution")]
    assert statements == [
        "The ministry said that unemployment fell to 4 percent",
        "Aides said that Trump won the state",
    ]


def test_according_to_puts_the_source_first() -> None:
    text = "The plant employs 2,000 people, according to the county."
    fact = only(text, "attribution")
    assert fact.fields["cue"] == "according_to"
    assert fact.statement == "According to the county, the plant employs 2,000 people"


def test_a_reporter_that_reported_first_keeps_first() -> None:
    fact = only("The Clarion Ledger first reported their release.", "attribution")
    assert fact.fields["speaker"] == "The Clarion Ledger"
    assert fact.statement == "The Clarion Ledger first reported their release"


# Dates, comparisons, lists --------------------------------------------------------------


def test_a_date_is_stated_in_its_clause_with_its_day() -> None:
    fact = only("The 25 protesters were arrested on Wednesday in Jackson.", "date")
    assert fact.text == "Wednesday"
    assert fact.fields["resolved"] == "2019-08-07"
    assert fact.statement == "The 25 protesters were arrested on Wednesday (2019-08-07) in Jackson"


def test_a_fronted_date_is_stated_with_the_clause_it_dates() -> None:
    fact = only("This week, ICE raided seven plants across Mississippi.", "date")
    assert fact.fields["resolved"] == "2019-08-05" and fact.fields["resolved_end"] == "2019-08-11"
    assert fact.statement == (
        "This week (2019-08-05 to 2019-08-11), ICE raided seven plants across Mississippi"
    )


def test_a_comparison_with_its_subject_is_stated_in_its_clause() -> None:
    fact = only(
        "Unemployment fell to its lowest level in 40 years, the ministry said.", "comparison"
    )
    assert fact.fields["comparison"] == "superlative"
    assert fact.statement == "Unemployment fell to its lowest level in 40 years"


def test_a_list_is_stated_with_what_it_lists() -> None:
    fact = only("The company has plants in Austin, Dallas, Houston and El Paso.", "list")
    assert fact.fields["items"] == ["Austin", "Dallas", "Houston", "El Paso"]
    assert fact.text == "Austin, Dallas, Houston and El Paso"
    assert fact.statement == "The company has plants in Austin, Dallas, Houston and El Paso"


# Reviewers' selections (fact_fields) ---------------------------------------------------


def test_a_selected_money_figure_is_read_with_its_scale() -> None:
    text = "The city spent $25 million on roads."
    start = text.index("$")
    fields, statement = fact_fields(text, start, start + len("$25 million"), "figure")
    assert fields["value"] == 25e6
    assert fields["unit"] == "USD" and fields["measure"] == "money"
    assert statement == "$25 million"


def test_a_selected_figure_inside_its_claim_takes_the_sentence_event() -> None:
    text = "Officials said 680 illegal workers were arrested on Wednesday."
    start = text.index("680")
    fields, statement = fact_fields(text, start, start + 3, "figure", within=(0, len(text)))
    assert fields["value"] == 680 and fields["event"] == "arrest"
    assert fields["unit"] == "workers"
    # The statement reads the clause past the selection: what the 680 are.
    assert statement == "680 illegal workers were arrested on Wednesday"


def test_a_selected_weekday_resolves_against_the_publication_date() -> None:
    text = "ICE agents raided the plants on Wednesday."
    start = text.index("Wednesday")
    fields, statement = fact_fields(text, start, start + 9, "date", published=PUBLISHED)
    assert fields == {"resolved": "2019-08-07", "resolved_end": "2019-08-07", "granularity": "day"}
    assert statement == "Wednesday (2019-08-07)"


def test_a_selected_weekday_without_a_publication_date_stays_unresolved() -> None:
    text = "ICE agents raided the plants on Wednesday."
    start = text.index("Wednesday")
    fields, _statement = fact_fields(text, start, start + 9, "date")
    assert fields["resolved"] is None


def test_a_selected_list_gets_its_items_at_article_offsets() -> None:
    text = "Raids hit plants in Morton, Bay Springs, Carthage and Canton."
    start = text.index("Morton")
    end = text.index(".", start)
    fields, statement = fact_fields(text, start, end, "list")
    assert fields["items"] == ["Morton", "Bay Springs", "Carthage", "Canton"]
    assert [text[s:e] for s, e in fields["item_spans"]] == fields["items"]
    assert statement == "4 items: Morton; Bay Springs; Carthage; Canton"


def test_a_selected_attribution_inside_its_claim_is_read_from_the_claim() -> None:
    text = "ICE spokesman Bryan Cox told reporters that 300 workers were released."
    end = text.index(" told")
    fields, statement = fact_fields(text, 0, end, "attribution", within=(0, len(text)))
    assert fields["speaker"] == "Bryan Cox" and fields["role"] == "ICE spokesman"
    assert statement == "ICE spokesman Bryan Cox told reporters that 300 workers were released"


def test_a_selected_attribution_alone_leaves_its_fields_to_the_reviewer() -> None:
    text = "Bryan Cox said so."
    fields, statement = fact_fields(text, 0, 9, "attribution")
    assert set(fields) == set(FACT_FIELDS["attribution"])
    assert fields["speaker"] is None
    assert statement == "Bryan Cox"


def test_every_kind_has_its_fields_and_an_unknown_kind_is_refused() -> None:
    assert set(FACT_FIELDS) == set(FACT_KINDS)
    with pytest.raises(ValueError, match=r"Unknown fact kind 'opinion'; one of figure, "):
        fact_fields("It is big.", 0, 2, "opinion")


def test_trim_span_drops_spaces_and_separating_commas() -> None:
    text = " , 680 workers ; "
    assert text[slice(*trim_span(text, 0, len(text)))] == "680 workers"
    assert trim_span(text, 0, 3) == (3, 3)  # nothing left: the caller refuses it


# The span rules -------------------------------------------------------------------------


def _quantity(text: str, phrase: str, value: float) -> Quantity:
    start = text.index(phrase)
    return Quantity(
        text=phrase,
        start=start,
        end=start + len(phrase),
        value=value,
        approximate=False,
        qualifier=None,
        unit=None,
        event=None,
        kind="count",
        vague=False,
    )


def test_of_two_overlapping_figures_the_longer_one_stays() -> None:
    text = "They counted 1,200 votes in total."
    longer = _quantity(text, "1,200 votes", 1200)
    shorter = _quantity(text, "200", 200)
    facts = claim_facts(text, 0, len(text), quantities=[shorter, longer])
    assert [(f.kind, f.text) for f in facts] == [("figure", "1,200 votes")]


def test_facts_of_different_kinds_may_overlap() -> None:
    text = "It was the largest raid in 11 years."
    facts = facts_of(text)
    kinds = {f.kind: (f.start, f.end) for f in facts}
    assert set(kinds) == {"comparison", "figure"}
    figure, comparison = kinds["figure"], kinds["comparison"]
    assert comparison[0] <= figure[0] and figure[1] <= comparison[1]


def test_a_fact_outside_its_claim_is_dropped() -> None:
    text = "First sentence here. They counted 1,200 votes."
    claim_start = text.index("They")
    outside = _quantity(text, "First", 1)
    inside = _quantity(text, "1,200 votes", 1200)
    facts = claim_facts(text, claim_start, len(text), quantities=[outside, inside])
    assert [f.text for f in facts] == ["1,200 votes"]


def test_no_extracted_facts_of_one_kind_overlap_on_a_busy_paragraph() -> None:
    text = (
        "About 300 of the 680 workers arrested on Wednesday were released, officials said. "
        "Police raided seven plants in Morton, Canton, Carthage and Pelahatchie, arresting "
        "about 30 people in the largest raid in 11 years, and 270 more the next day."
    )
    result = extract(text, published=PUBLISHED, scorer=ConstantScorer())
    for claim in result.claims:
        for i, a in enumerate(claim.facts):
            assert claim.start <= a.start < a.end <= claim.end
            assert text[a.start : a.end] == a.text
            for b in claim.facts[i + 1 :]:
                if a.kind == b.kind:
                    assert a.end <= b.start or b.end <= a.start, (a, b)


# Stored claims (the data migration reads their JSON) -------------------------------------


def test_json_of_a_stored_claim_gives_the_same_facts_as_a_fresh_extraction() -> None:
    text = (
        "ICE spokesman Bryan Cox confirmed to Breitbart News on Wednesday that about 300 "
        "illegal workers were released, the largest release in 11 years."
    )
    claim = extract(text, published=PUBLISHED, scorer=ConstantScorer()).claims[0]
    stored = _jsonable(claim)
    again = claim_facts(
        text,
        stored["start"],
        stored["end"],
        quantities=stored["quantities"],
        attributions=stored["attributions"],
        dates=stored["dates"],
        comparisons=stored["comparisons"],
        enumerations=stored["enumerations"],
    )
    assert again == list(claim.facts)
    assert {f.kind for f in again} == {"attribution", "date", "figure", "comparison"}


def test_json_stored_before_newer_fields_existed_still_gives_facts() -> None:
    text = "Officials said 680 workers were arrested on Wednesday."
    start = text.index("680")
    old_quantity = {"start": start, "end": start + 11, "value": 680, "event": "arrest"}
    old_date = {"text": "Wednesday", "start": text.index("Wed"), "end": len(text) - 1}
    broken = {"start": None, "end": 3}
    facts = claim_facts(text, 0, len(text), quantities=[old_quantity, broken], dates=[old_date])
    assert [(f.kind, f.text) for f in facts] == [("figure", "680 workers"), ("date", "Wednesday")]
    assert facts[1].fields["resolved"] is None
