"""Regex sentence splitter that keeps exact character offsets.

A boundary is terminal punctuation (plus any closing quotes/brackets) followed by
whitespace, unless the word before the period is a known abbreviation or an initial.
Line breaks followed by a non-lowercase character also end a sentence, because
imported articles keep one paragraph per line and headlines carry no period.
"""

from __future__ import annotations

import re

_CLOSERS = "\"'\u201d\u2019)\\]"
_BOUNDARY = re.compile(r"[.!?\u2026]+[" + _CLOSERS + r"]*(?=\s)|\n\s*(?=[^\sa-z])|\n\s*\n\s*")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT_WORD = re.compile(r"\s*[\"'\u201c\u2018(]*([A-Za-z0-9]+)")

# Titles and name parts never end a sentence: "Mr. Smith", "Sen. Cruz".
_TITLES = frozenset(
    "mr mrs ms dr prof sen rep gov gen lt col capt sgt st mt rev hon pres supt "
    "cmdr adm maj cpl pvt jr sr vs v fig ft".split()
)
_MONTH_ABBR = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec no nos".split())
# Abbreviations that may also close a sentence: split only before a typical sentence opener.
_SOFT = frozenset(
    "inc corp co ltd llc plc bros dept univ etc al u.s u.k u.n e.u d.c a.m p.m".split()
)
_OPENERS = frozenset(
    "the a an he she it they we i you this that these those but and in on at "
    "as after before when while if there his her their its our some many most "
    "officials according however meanwhile still yet so".split()
)


def _is_false_boundary(text: str, punct_start: int, after: int) -> bool:
    if text[punct_start] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(0, punct_start - 20), punct_start + 1)
    if not m:
        return False
    word = m.group(1).lower()
    nxt = _NEXT_WORD.match(text, after)
    next_word = nxt.group(1) if nxt else ""
    if word in _TITLES or next_word[:1].islower():
        return True
    if word in _MONTH_ABBR and next_word[:1].isdigit():
        return True
    # A single capital initial ("John F. Kennedy") is a name part, not a sentence end.
    if len(word) == 1 and m.group(1).isupper():
        return bool(next_word[:1].isupper())
    if word in _SOFT or "." in word:
        return next_word.lower() not in _OPENERS
    return False


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of sentences, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0)[0] not in "\n" and _is_false_boundary(text, m.start(), end):
            continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
