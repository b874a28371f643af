from __future__ import annotations

from claims.extraction.attribution import find_attributions
from claims.extraction.segment import split_sentences
from claims.extraction.types import Attribution


def _atts(text: str) -> list[Attribution]:
    return [a for per in find_attributions(text, split_sentences(text)) for a in per]


def _content(text: str, a: Attribution) -> str:
    assert a.content_start is not None and a.content_end is not None
    return text[a.content_start : a.content_end]


def test_speaker_before_cue_with_that_clause() -> None:
    text = "Federal officials said some of the aliens have deportation orders."
    (a,) = _atts(text)
    assert (a.speaker, a.cue) == ("Federal officials", "say")
    assert _content(text, a) == "some of the aliens have deportation orders"


def test_quote_then_speaker_order_is_attributed() -> None:
    text = "Hundreds were released on \u201chumanitarian grounds,\u201d officials confirm."
    (a,) = _atts(text)
    assert (a.speaker, a.cue) == ("officials", "confirm")
    assert _content(text, a).startswith("Hundreds were released")


def test_a_reported_clause_before_the_outlet_is_its_content() -> None:
    text = "ICE raided seven plants this week, Breitbart News reported."
    (a,) = _atts(text)
    assert (a.speaker, a.cue, _content(text, a)) == (
        "Breitbart News",
        "report",
        "ICE raided seven plants this week",
    )


def test_role_organisation_and_recipient_are_separated() -> None:
    text = "ICE spokesman Bryan Cox confirmed to Breitbart News that \u201cthey will see a judge.\u201d"
    (a,) = _atts(text)
    assert (a.speaker, a.role, a.organisation, a.recipient) == (
        "Bryan Cox",
        "ICE spokesman",
        "ICE",
        "Breitbart News",
    )
    assert a.direct_quote and _content(text, a) == "they will see a judge"


def test_inverted_cue_takes_the_speaker_and_role_after_it() -> None:
    text = "\u201cWe are done,\u201d said Jane Roe, a city spokeswoman."
    (a,) = _atts(text)
    assert (a.speaker, a.role, a.cue) == ("Jane Roe", "city spokeswoman", "say")
    assert _content(text, a) == "We are done"


def test_a_quote_spanning_several_sentences_is_one_content() -> None:
    text = "\u201cIt started early. It went on all day,\u201d he said."
    (a,) = _atts(text)
    assert a.speaker == "he" and _content(text, a) == "It started early. It went on all day"


def test_an_open_quote_after_the_cue_runs_to_its_closing_mark() -> None:
    text = "She said: \u201cWe will appeal. We will win.\u201d Then she left."
    a = _atts(text)[0]
    assert _content(text, a) == "We will appeal. We will win"


def test_according_to_names_the_source() -> None:
    text = "Twelve people died, according to the county coroner."
    (a,) = _atts(text)
    assert (a.speaker, a.cue, _content(text, a)) == (
        "the county coroner",
        "according_to",
        "Twelve people died",
    )


def test_a_passive_cue_is_not_an_attribution() -> None:
    assert _atts("All of the workers were asked whether they have children.") == []


def test_tell_takes_its_object_as_recipient() -> None:
    text = "The mayor told reporters that the bridge will reopen."
    (a,) = _atts(text)
    assert (a.speaker, a.cue, a.recipient) == ("The mayor", "tell", "reporters")
    assert _content(text, a) == "the bridge will reopen"


def test_a_headline_speaker_before_a_colon_is_attributed() -> None:
    text = "Lynch: No outside influence on the FBI probe\nThe probe goes on."
    a = _atts(text)[0]
    assert (a.speaker, a.cue) == ("Lynch", "say")
    assert _content(text, a) == "No outside influence on the FBI probe"


def test_a_label_before_a_colon_is_not_a_speaker() -> None:
    assert _atts("Update: The bridge reopened on Monday.") == []


def test_a_participial_cue_takes_the_sentence_subject_as_speaker() -> None:
    text = "The senator rallied his base on Friday, saying the plant will stay open."
    (a,) = _atts(text)
    assert (a.speaker, a.cue) == ("The senator", "say")
    assert _content(text, a) == "the plant will stay open"


def test_a_bare_cue_sentence_attributes_the_quote_before_it() -> None:
    text = "\u201cWe will find the missing files.\u201d Smith said."
    (a,) = _atts(text)
    assert (a.speaker, a.cue, a.direct_quote) == ("Smith", "say", True)
    assert _content(text, a) == "We will find the missing files"


def test_a_following_paragraph_of_pure_quotation_continues_the_content() -> None:
    text = "\u201cThe bridge is safe,\u201d the mayor said.\n\n\u201cIt will reopen in May.\u201d\n\nTraffic resumed."
    first, second, third = find_attributions(text, split_sentences(text))
    (a,) = first
    # The quote's second paragraph is its own sentence: it carries the same attribution.
    assert second == [a] and third == []
    assert _content(text, a).endswith("It will reopen in May")
    assert _content(text, a).startswith("The bridge is safe")


def test_a_following_quote_with_its_own_cue_is_not_merged() -> None:
    text = "\u201cThe bridge is safe,\u201d the mayor said.\n\n\u201cIt is not,\u201d an engineer said."
    first, second = _atts(text)
    assert _content(text, first) == "The bridge is safe"
    assert (second.speaker, _content(text, second)) == ("an engineer", "It is not")


def test_an_endorsement_takes_the_object_as_content() -> None:
    text = "The governor endorsed Jane Roe last week and appeared at her rally."
    (a,) = _atts(text)
    assert (a.speaker, a.cue, _content(text, a)) == ("The governor", "endorse", "Jane Roe")


def test_called_for_is_one_cue_with_its_object_as_content() -> None:
    text = "The union called for a new contract, citing rising costs."
    (a,) = _atts(text)
    assert (a.speaker, a.cue, _content(text, a)) == ("The union", "call_for", "a new contract")


def test_a_progressive_cue_is_active_not_passive() -> None:
    text = "The mayor is calling for an audit of the water board."
    (a,) = _atts(text)
    assert (a.speaker, a.cue) == ("The mayor", "call_for")
    assert _content(text, a) == "an audit of the water board"


def test_refused_takes_its_infinitive_as_content() -> None:
    text = "The company refused to answer questions, a lawyer said."
    atts = _atts(text)
    assert any(a.cue == "refuse" and _content(text, a) == "to answer questions" for a in atts)


def test_a_cue_inside_someone_elses_quote_is_not_an_attribution() -> None:
    text = "\u201cAnyone who supports this plan is wrong,\u201d the mayor said."
    (a,) = _atts(text)
    assert (a.speaker, a.cue) == ("the mayor", "say")


def test_two_speakers_in_one_sentence_get_separate_contents() -> None:
    text = "Most voters said taxes are too high, and a third said schools need money."
    first, second = _atts(text)
    assert _content(text, first) == "taxes are too high"
    assert (second.speaker, _content(text, second)) == ("a third", "schools need money")


def test_a_quote_before_a_name_with_an_age_is_attributed_to_the_name() -> None:
    text = "\u201cWe were wrong,\u201d Ramirez, 58, told a reporter in Austin."
    (a,) = _atts(text)
    assert (a.speaker, a.cue, _content(text, a)) == ("Ramirez", "tell", "We were wrong")


def test_a_paraphrase_stops_before_a_trailing_participle_after_a_quote() -> None:
    text = "Smith said things \u201cwill be settled by June,\u201d referring to the vote."
    (a,) = _atts(text)
    assert _content(text, a) == "things \u201cwill be settled by June"


def test_told_a_named_outlet_without_that_still_finds_the_content() -> None:
    text = "The senator told The Courier last week she would vote against the bill."
    (a,) = _atts(text)
    assert (a.speaker, a.cue, a.recipient) == ("The senator", "tell", "The Courier")
    assert _content(text, a) == "she would vote against the bill"


# Issue 11: cues, speakers, roles, carried and resolved speakers, quote spans ----------------


def test_nouns_that_look_like_cues_make_no_attribution() -> None:
    for text in (
        "Trump\u2019s hopes of winning Ohio are fading.",
        "The challenges facing the new mayor are big.",
        "Her calls for reform went unheeded.",
    ):
        assert _atts(text) == [], text


def test_vote_for_is_not_a_speech_verb() -> None:
    assert _atts("Many people will vote for the mayor in November.") == []
    assert _atts("The council voted for the budget on Monday.") == []


def test_an_honorific_does_not_cut_the_name() -> None:
    text = "\u201cIt will fail,\u201d said the Rev. Al Green."
    (a,) = _atts(text)
    assert a.speaker == "the Rev. Al Green"
    text = "The plan, according to Sen. Ann Lee, will fail."
    (a,) = _atts(text)
    assert a.speaker == "Ann Lee" and a.role == "Sen."


def test_a_role_after_the_name_is_kept() -> None:
    text = "Ann Lee, the president of the teachers union, said the plan would fail."
    (a,) = _atts(text)
    assert (a.speaker, a.role) == ("Ann Lee", "president of the teachers union")
    assert _content(text, a) == "the plan would fail"


def test_name_role_told_after_the_content() -> None:
    text = "The plan will fail, Jane Roe, the city\u2019s lawyer, told reporters."
    (a,) = _atts(text)
    assert (a.speaker, a.role, a.recipient) == ("Jane Roe", "city\u2019s lawyer", "reporters")
    assert _content(text, a) == "The plan will fail"
    text = "\u201cWe will win, and we will win big,\u201d Jane Roe, the city\u2019s lawyer, told reporters."
    (a,) = _atts(text)
    assert (a.speaker, a.role) == ("Jane Roe", "city\u2019s lawyer")
    assert _content(text, a) == "We will win, and we will win big"


def test_says_x_after_the_content() -> None:
    text = "The plan will fail, says Jane Roe."
    (a,) = _atts(text)
    assert (a.speaker, a.cue) == ("Jane Roe", "say")
    assert _content(text, a) == "The plan will fail"


def test_speakers_that_are_no_noun_phrase_are_dropped() -> None:
    text = (
        "Federal officials said some of the workers had been ordered deported by a judge "
        "and refused to leave."
    )
    (a,) = _atts(text)
    assert a.speaker == "Federal officials"
    assert _content(text, a).endswith("ordered deported by a judge and refused to leave")
    text = "Smith, who said the plan would fail, left the room."
    (a,) = _atts(text)
    assert a.speaker == "Smith" and _content(text, a) == "the plan would fail"
    text = "The council praised the plan, and concluded it was sound."
    assert all(a.speaker != "and" for a in _atts(text))


def test_he_or_she_resolves_to_the_one_person_named_before() -> None:
    text = "Jane Roe spoke on Monday. She said the plan would fail."
    (a,) = _atts(text)
    assert a.speaker == "Jane Roe"
    assert text[a.speaker_start : a.speaker_end] == "Jane Roe"  # type: ignore[index]
    assert text[a.mention_start : a.mention_end] == "She"  # type: ignore[index]


def test_he_or_she_stays_unresolved_when_two_people_are_in_reach() -> None:
    text = "Jane Roe met Bob Smith on Monday. She said the plan would fail."
    (a,) = _atts(text)
    assert a.speaker == "She" and a.mention_start is None


def test_a_sentence_continuing_a_quote_carries_its_speaker() -> None:
    text = (
        "\u201cThe plan will fail,\u201d Roe said. \u201cIt is a disaster. We will fight it.\u201d"
    )
    per = find_attributions(text, split_sentences(text))
    assert len(per) == 3
    (a,) = per[0]
    assert per[1] == [a] and per[2] == [a]
    assert a.speaker == "Roe"


def test_commas_inside_a_quote_do_not_cut_its_content() -> None:
    text = "\u201cWe will win, however long it takes, and they will lose,\u201d Roe said."
    (a,) = _atts(text)
    assert _content(text, a) == "We will win, however long it takes, and they will lose"


def test_a_quote_split_by_its_cue_has_two_content_spans() -> None:
    text = "\u201cWe will fight,\u201d said Jane Roe, the mayor, \u201cand we will win.\u201d"
    first, second = _atts(text)
    assert first.speaker == second.speaker == "Jane Roe"
    assert (first.cue_start, first.role) == (second.cue_start, "mayor")
    assert _content(text, first) == "We will fight"
    assert _content(text, second) == "and we will win"
