"""Property: whatever the input, every reported span points at its own text."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract
from tests.extraction.conftest import ConstantScorer

_PIECES = st.sampled_from(
    [
        "About 300 of the 680 workers arrested were released, officials said. ",
        "\u201cWe did it,\u201d he said. ",
        "\u201cIt began. It went on,\u201d said Jane Doe, a spokeswoman. ",
        "According to police, 12% of $1.2 million was spent on Wednesday. ",
        "Mr. Smith of Acme Inc. told reporters that two dozen people died. ",
        "It rained in Austin, Dallas, and Houston. ",
        "John Doe is a reporter for The Daily. Follow him on Twitter at @jd2019. ",
        "The largest raid in 11 years. ",
        "\n\n",
        " ",
        "\u201c",
        "\u201d",
        '"',
        ".",
        ",",
        "said",
        "hundreds",
        "U.S.",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=25).map("".join),
)


def _check_span(text: str, start: int | None, end: int | None, span: str | None = None) -> None:
    if start is None or end is None:
        assert start is None and end is None
        return
    assert 0 <= start <= end <= len(text)
    if span is not None:
        assert text[start:end] == span


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, published=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1))))
def test_every_span_matches_the_text_it_claims(text: str, published: dt.date | None) -> None:
    result = extract(text, published=published, scorer=ConstantScorer(0.7))
    for claim in result.claims:
        _check_span(text, claim.start, claim.end, claim.text)
        assert claim.text == claim.text.strip() and claim.text
        assert 0.0 <= claim.score <= 1.0
        for q in claim.quantities:
            _check_span(text, q.start, q.end, q.text)
        for d in claim.dates:
            _check_span(text, d.start, d.end, d.text)
        for c in claim.comparisons:
            _check_span(text, c.start, c.end, c.text)
        for e in claim.enumerations:
            _check_span(text, e.start, e.end)
            for item, (s, t) in zip(e.items, e.item_spans, strict=True):
                _check_span(text, s, t, item)
        for a in claim.attributions:
            _check_span(text, a.speaker_start, a.speaker_end, a.speaker)
            _check_span(text, a.cue_start, a.cue_end)
            _check_span(text, a.content_start, a.content_end)
    result.to_dict()


def test_empty_and_blank_texts_give_no_claims() -> None:
    for text in ("", "   ", "\n\n\t"):
        assert extract(text, scorer=ConstantScorer()).claims == ()


def test_out_of_range_scores_are_clamped() -> None:
    result = extract("Officials said 12 people died in the flood.", scorer=ConstantScorer(7.0))
    assert [c.score for c in result.claims] == [1.0]
