"""Lists of named places or entities ("in A, B, C, and D")."""

from __future__ import annotations

import re

from .types import Enumeration

_ITEM = r"(?:[A-Z][\w'\u2019.&-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'\u2019.&-]*){0,3})"
_LIST = re.compile(
    r"(?P<items>" + _ITEM + r"(?:\s*,\s*" + _ITEM + r"){1,}\s*,?\s+(?:and|or)\s+" + _ITEM + r")"
)
_US_STATES = frozenset(
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia "
    "Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland "
    "Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio "
    "Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin "
    "Wyoming".split()
) | {"New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
     "North Dakota", "Rhode Island", "South Carolina", "South Dakota", "West Virginia"}  # fmt: skip
# "in Springfield, Ohio, as well as other sites in A, B and C": the place named before
# "as well as" belongs to the same list.
_LEAD = re.compile(
    r"\b(?:in|at|from|near|include|includes|including)\s+(?:the\s+)?(?P<lead>" + _ITEM + r")"
    r"(?:\s*,\s*(?P<state>" + _ITEM + r"))?\s*,?\s+(?:as\s+well\s+as|along\s+with|plus|and\s+also)"
    r"\b[^,.;]{0,60}?\s$"
)
_ITEM_RE = re.compile(_ITEM)


def find_enumerations(sentence: str, offset: int) -> list[Enumeration]:
    found: list[Enumeration] = []
    for m in _LIST.finditer(sentence):
        spans = [(i.start(), i.end()) for i in _ITEM_RE.finditer(sentence, m.start(), m.end())]
        spans = [
            (s, e - 1 if sentence[s:e].endswith(".") else e)
            for s, e in spans
            if sentence[s:e] not in ("And", "Or")
        ]
        if len(spans) < 3:
            continue
        # "Austin, Texas, and Denver, Colorado": a state after a place qualifies it.
        spans = [
            sp for k, sp in enumerate(spans) if not (k and sentence[sp[0] : sp[1]] in _US_STATES)
        ] or spans
        lead = _LEAD.search(sentence, 0, m.start())
        if lead:
            spans.insert(0, (lead.start("lead"), lead.end("lead")))
        if len(spans) < 3:
            continue
        start = spans[0][0]
        found.append(
            Enumeration(
                start=offset + start,
                end=offset + spans[-1][1],
                items=tuple(sentence[s:e] for s, e in spans),
                item_spans=tuple((offset + s, offset + e) for s, e in spans),
            )
        )
    return found
