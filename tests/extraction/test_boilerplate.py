from __future__ import annotations

import pytest

from claims.extraction import extract
from claims.extraction.boilerplate import byline, is_boilerplate
from tests.extraction.conftest import ConstantScorer


@pytest.mark.parametrize(
    "sentence",
    [
        "John Binder is a reporter for Breitbart News.",
        "Follow him on Twitter at @JxhnBinder.",
        "Sign up for our daily newsletter.",
        "Photo: John Moore / Getty Images",
        "Click here to read the full report.",
        "Copyright 2019 The Associated Press. All rights reserved.",
        "Read more: The raids explained",
    ],
)
def test_a_byline_is_never_a_claim(sentence: str) -> None:
    assert is_boilerplate(sentence)
    assert extract(sentence, scorer=ConstantScorer()).claims == ()


def test_ordinary_reporting_is_not_boilerplate() -> None:
    assert not is_boilerplate("ICE officials said officers worked with school districts.")


def test_the_byline_gives_author_and_outlet_metadata() -> None:
    assert byline("Jane Doe is a senior correspondent for The Daily Ledger.") == (
        "Jane Doe",
        "The Daily Ledger",
    )
    result = extract(
        "Two plants closed. Jane Doe is a reporter for Example News.", scorer=ConstantScorer()
    )
    assert result.metadata == {"author": "Jane Doe", "outlet": "Example News"}


# Issue 11: corrections, contributor lines, embeds and datelines are not claims -------------


@pytest.mark.parametrize(
    "sentence",
    [
        "This story has been corrected.",
        "This article has been updated to add a comment from the mayor.",
        "An earlier version of this story misstated the mayor's age.",
        "The Gazette regrets the error.",
        "Ann Lee and Bob Roe contributed reporting.",
        "Cy Young contributed to this report from Boston.",
        "Reporting by Ann Lee; Editing by Bob Roe",
    ],
)
def test_corrections_and_contributor_lines_are_not_claims(sentence: str) -> None:
    assert is_boilerplate(sentence)
    assert extract(sentence, scorer=ConstantScorer()).claims == ()


def test_reporting_about_corrections_is_still_a_claim() -> None:
    for sentence in (
        "The mayor said the story has been corrected twice since May.",
        "Officials regret the decision to close 12 schools.",
    ):
        assert not is_boilerplate(sentence)


def test_a_tweet_embed_is_not_a_claim() -> None:
    text = (
        "The mayor wrote about the vote on Monday.\n"
        '<tweet id="1" author="@mayor">We won 12 seats. Thank you all!</tweet>.\n'
        "The council has 20 seats."
    )
    result = extract(text, scorer=ConstantScorer())
    assert [c.text for c in result.claims] == [
        "The mayor wrote about the vote on Monday.",
        "The council has 20 seats.",
    ]


@pytest.mark.parametrize(
    ("dateline", "body"),
    [
        ("WASHINGTON (AFP) \u2013 ", "The Senate passed the bill by 60 votes."),
        ("MOSCOW - ", "The Kremlin said 12 people were detained."),
        ("SPRINGFIELD, Ill. - ", "The governor signed 14 bills on Friday."),
        ("New York (AFP) \u2013 ", "The actress said she would not vote."),
    ],
)
def test_a_dateline_is_cut_from_the_claim_span(dateline: str, body: str) -> None:
    text = f"{dateline}{body}\nThe vote was close."
    claims = extract(text, scorer=ConstantScorer()).claims
    assert claims[0].text == body
    assert text[claims[0].start : claims[0].end] == body
    assert claims[0].start == len(dateline)


def test_a_dash_after_a_subject_is_not_a_dateline() -> None:
    text = "US - Russia talks failed on Monday after 12 hours."
    assert extract(text, scorer=ConstantScorer()).claims[0].text == text
