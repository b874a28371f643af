from __future__ import annotations

from claims.extraction.segment import split_sentences


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_and_titles_do_not_end_sentences() -> None:
    text = "Mr. Smith of Koch Foods Inc. facility met Sen. Jones on Jan. 5 in the U.S. capital."
    assert _split(text) == [text]


def test_a_quote_closing_after_the_period_stays_with_its_sentence() -> None:
    assert _split("He said \u201cno.\u201d Then he left.") == [
        "He said \u201cno.\u201d",
        "Then he left.",
    ]


def test_decimals_and_initials_are_kept_whole() -> None:
    text = "Prices rose 1.5 percent. John F. Kennedy spoke."
    assert _split(text) == ["Prices rose 1.5 percent.", "John F. Kennedy spoke."]


def test_a_multi_dot_abbreviation_can_end_a_sentence() -> None:
    assert _split("They returned to the U.S. The Clarion Ledger reported it.") == [
        "They returned to the U.S.",
        "The Clarion Ledger reported it.",
    ]


def test_headlines_on_their_own_line_are_separate() -> None:
    assert _split("Raids in Mississippi\nAgents arrested 680 people.") == [
        "Raids in Mississippi",
        "Agents arrested 680 people.",
    ]


def test_spans_are_trimmed_of_whitespace() -> None:
    text = "  One. \n\n Two.  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["One.", "Two."]
