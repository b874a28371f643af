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
