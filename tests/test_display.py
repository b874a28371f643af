"""One name for an article on every screen, and the one check-worthiness threshold."""

from __future__ import annotations

import pytest

from claims.display import (
    CHECK_WORTHY_SCORE,
    UNTITLED,
    article_display_name,
    shorten,
    worthiness_band,
)

LONG_LINE = (
    "About 300 of the 680 illegal aliens arrested by the Immigration and Customs "
    "Enforcement agency at Mississippi food processing plants were released."
)


def test_an_article_with_a_title_is_named_by_its_title() -> None:
    assert article_display_name("  Harbour   bridge costs rise ", LONG_LINE) == (
        "Harbour bridge costs rise"
    )


def test_an_untitled_article_is_named_by_its_first_line_cut_on_a_word_with_an_ellipsis() -> None:
    name = article_display_name("", "\n\n" + LONG_LINE + "\n\nSecond paragraph.")
    assert name == "About 300 of the 680 illegal aliens arrested by the Immigration and Customs…"
    assert len(name) <= 80
    # Cut between words: what comes before the ellipsis is a run of whole words of the text.
    assert LONG_LINE.startswith(name[:-1] + " ")


def test_a_short_first_line_is_the_whole_name_without_an_ellipsis() -> None:
    assert article_display_name("", "Budget passes\n\nThe council voted.") == "Budget passes"


def test_an_article_with_neither_title_nor_text_is_untitled() -> None:
    assert article_display_name("", "") == UNTITLED == "Untitled article"
    assert article_display_name("   ", " \n ") == UNTITLED


def test_shorten_cuts_a_single_overlong_word_inside_it_and_drops_trailing_punctuation() -> None:
    assert shorten("x" * 100, 10) == "x" * 9 + "…"
    assert shorten("One, two, three, four", 12) == "One, two…"
    assert shorten("Fits exactly", 12) == "Fits exactly"


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.0, "low"),
        (0.49, "low"),
        (CHECK_WORTHY_SCORE, "worthy"),
        (0.74, "worthy"),
        (0.75, "high"),
        (1.0, "high"),
    ],
)
def test_scores_fall_into_the_readers_three_strengths(score: float, band: str) -> None:
    assert worthiness_band(score) == band
