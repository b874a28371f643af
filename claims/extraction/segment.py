"""Regex sentence splitter that keeps exact character offsets.

A boundary is terminal punctuation (plus any closing quotes/brackets) followed by
whitespace, unless the word before the period is a known abbreviation or an initial.
Line breaks followed by a non-lowercase character also end a sentence, because
imported articles keep one paragraph per line and headlines carry no period.
A dateline at the start of a paragraph ("WASHINGTON (AFP) \u2013 ", "MOSCOW - ") is left out
of the sentence span: the sentence starts after it (the text itself is never edited).
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


# "WASHINGTON (AFP) \u2013 ", "MOSCOW - ", "NEWPORT NEWS, Va. - ", "New York (AFP) \u2013 ": a place in
# capitals (optionally ", State.") and/or a wire agency in brackets, then a dash.
_DATELINE = re.compile(
    r"(?:[A-Z]{2}[A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,3}(?:,\s+[A-Z][a-z]{1,4}\.?)?"
    r"(?:\s+\([A-Za-z][\w .&/-]{0,20}\))?"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:,\s+[A-Z][a-z]{1,4}\.?)?\s+\([A-Z][\w .&/-]{0,20}\))"
    r"\s*(?:[\u2013\u2014]|--?)\s+(?=\S)"
)


def _datelines(text: str) -> dict[int, int]:
    """Start -> end of every dateline at a paragraph start."""
    found = {}
    pos = 0
    while pos != -1:
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        m = _DATELINE.match(text, pos, pos + 80)
        if m:
            found[m.start()] = m.end()
        pos = text.find("\n", pos)
        if pos != -1:
            pos += 1
    return found


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
    datelines = _datelines(text) if "-" in text or "\u2013" in text or "\u2014" in text else {}
    start = 0
    skip_to = datelines.get(len(text) - len(text.lstrip()), -1)
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.start() < skip_to:
            continue
        if m.group(0)[0] not in "\n" and _is_false_boundary(text, m.start(), end):
            continue
        skip_to = _add(text, start, end, spans, datelines)
        start = end
    _add(text, start, len(text), spans, datelines)
    return spans


def _add(
    text: str, start: int, end: int, spans: list[tuple[int, int]], datelines: dict[int, int]
) -> int:
    """Add the sentence ``[start, end)``; return the end of a dateline that follows it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        start = datelines.get(start, start)
        if end > start:
            spans.append((start, end))
    nxt = end
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    return datelines.get(nxt, -1)
