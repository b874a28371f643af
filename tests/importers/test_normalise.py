from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from claims.importers import normalise_text


def test_it_converts_crlf_and_lone_cr_to_lf() -> None:
    assert normalise_text("one\r\ntwo\rthree\n") == "one\ntwo\nthree"


def test_it_removes_nul_and_other_control_characters_but_keeps_tabs() -> None:
    assert normalise_text("a\x00b\x07c\td\x1fe\x7f") == "abc\tde"


def test_it_composes_to_nfc() -> None:
    assert normalise_text("Cafe\u0301") == "Caf\u00e9"


def test_it_strips_trailing_spaces_on_each_line() -> None:
    assert normalise_text("first   \nsecond\t \nthird") == "first\nsecond\nthird"


def test_it_collapses_three_or_more_blank_lines_to_two() -> None:
    assert normalise_text("a\n\n\n\n\n\nb") == "a\n\n\nb"
    assert normalise_text("a\n\n\nb") == "a\n\n\nb"
    assert normalise_text("a\n \n\t\n  \n \nb") == "a\n\n\nb"


def test_it_strips_leading_and_trailing_whitespace() -> None:
    assert normalise_text("  \n\n Hello.\n\n ") == "Hello."


@given(st.text())
def test_normalising_twice_gives_the_same_result_as_once(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.text())
def test_the_result_has_no_nul_and_is_nfc(text: str) -> None:
    result = normalise_text(text)
    assert "\x00" not in result
    assert "\r" not in result
    assert unicodedata.is_normalized("NFC", result)


def test_it_removes_byte_order_marks_wherever_they_stand() -> None:
    assert normalise_text("\ufeffOne\ufeff two\n\ufeffthree\ufeff") == "One two\nthree"


@given(st.text())
def test_the_result_has_no_byte_order_mark(text: str) -> None:
    assert "\ufeff" not in normalise_text(text)


def test_claim_offsets_index_the_normalised_text() -> None:
    from claims.extraction import extract

    text = normalise_text("\ufeffThe council spent $4\ufeff million on the bridge in 2023.")
    claims = extract(text).claims
    assert claims
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
