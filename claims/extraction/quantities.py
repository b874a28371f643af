"""Numbers in a sentence, normalised, with qualifier, counted unit and event verb."""

from __future__ import annotations

import re

from .lexicon import EVENT_FORMS
from .types import Quantity

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "half": 0.5,
}  # fmt: skip
_SCALES = {
    "dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
    "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9,
}  # fmt: skip
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6}
_CURRENCY = {"$": "USD", "\u20ac": "EUR", "\u00a3": "GBP"}
_APPROX = {"about", "around", "roughly", "nearly", "almost", "approximately", "some",
           "an estimated", "estimated", "close to", "just over", "just under"}  # fmt: skip

_SMALL = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|two|three|four|five|six|seven|eight|nine|ten"
_QUALIFIER = (
    r"(?P<qual>\b(?i:about|around|roughly|nearly|almost|approximately|some|an\s+estimated|"
    r"estimated|more\s+than|over|at\s+least|up\s+to|fewer\s+than|less\s+than|as\s+many\s+as|"
    r"upwards\s+of|under|at\s+most|no\s+more\s+than|close\s+to|just\s+over|just\s+under)\s+)?"
)
_QTY = re.compile(
    _QUALIFIER + r"(?:"
    r"(?P<cur>[$\u20ac\u00a3])\s?(?P<mnum>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<mscale>million|billion|trillion|thousand|bn|m|k)\b)?"
    r"|(?<![\w@#.,/:\-$])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<ord>st|nd|rd|th)?(?![\w@/:-]|[.,]\d)"
    r"(?:\s+(?P<scale>million|billion|trillion|thousand)\b)?"
    r"|(?P<word>\b(?i:(?:"
    + _SMALL
    + r"|one|a|an|half\s+a)\s+(?:dozen|hundred|thousand|million|billion)"
    r"|dozen|" + _SMALL + r")\b)"
    r"|(?P<vague>\b(?i:dozens|scores|hundreds|thousands|millions)\b(?:\s+of\b)?)"
    r")"
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b))?"
    r"(?:\s+(?P<dollars>dollars)\b)?"
)
# Cheap pre-check so sentences without any number skip the big pattern.
_NUMBER_WORD = re.compile(
    r"\d|\b(?i:" + _SMALL + r"|dozens?|hundreds?|thousands?|millions?|billions?|scores)\b"
)
_PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]\d{3}[-.]\d{4}\b")
_WORD = re.compile(r"\s*([A-Za-z][A-Za-z'\u2019-]*)")
_PRE_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*")
_STOP = frozenset(
    "of by at in on to for from with and or but nor were was is are be been being had have "
    "has will would could should can may might must that which who whom whose than as the a "
    "an this these those their its his her our your my across into over under after before "
    "during since while per each also not more less last ago said says according between "
    "among including like about through within without against toward towards all both "
    "other such so if when where because then there here it they he she we you i do does did "
    "out up down off only just still already ever never now".split()
)
_TIME_UNITS = frozenset(
    "years year months month weeks week days day hours hour minutes minute seconds decades "
    "decade centuries century times percent".split()
)
_AUX = re.compile(
    r"\b(?:were|was|are|is|be|been|being|had|have|has|got|get|gets)\s+(?:[a-z]+ly\s+)?"
    r"(?:been\s+)?([a-z]+)\b"
)
_CLAUSE_END = re.compile(r"[,;:\u201c\u201d\"]|\s(?:while|whereas|but|and\s+then)\s")
_DETERMINERS = frozenset("the these those its their his her our all your my".split())


def _value_of_word(phrase: str) -> float:
    parts = re.split(r"[\s-]+", phrase.lower())
    total = 0.0
    current = 0.0
    for part in parts:
        if part in _UNITS:
            current += _UNITS[part]
        elif part in _SCALES:
            current = (current or 1) * _SCALES[part]
            if _SCALES[part] >= 1000:
                total, current = total + current, 0.0
    return total + current


def _unit_and_event(sentence: str, end: int, start: int) -> tuple[str | None, str | None, int]:
    """Look right of the number for the counted noun, then for the verb applying to it."""
    pos = end
    words: list[tuple[str, int, int]] = []
    partitive = False
    m = _WORD.match(sentence, pos)
    if m and m.group(1).lower() == "of":
        partitive = True
        pos = m.end()
        m = _WORD.match(sentence, pos)
        if m and m.group(1).lower() in _DETERMINERS:
            pos = m.end()
        inner = _QTY.match(sentence, pos + 1 if sentence[pos : pos + 1] == " " else pos)
        if inner and inner.group("num"):
            pos = inner.end()
    while len(words) < 5:
        m = _WORD.match(sentence, pos)
        if not m or (m.start(1) - pos > 1 and sentence[pos : m.start(1)].strip()):
            break
        word = m.group(1)
        low = word.lower()
        if low in _STOP or (words and low.endswith("ed") and low in EVENT_FORMS):
            break
        if words and low.endswith("ed") and not word[0].isupper():
            break
        words.append((word, m.start(1), m.end(1)))
        pos = m.end()
    unit = None
    for word, _, _ in reversed(words):
        if not word.lower().endswith(("ing", "ly")):
            unit = word
            break
    if unit and unit.lower() in _TIME_UNITS:
        return unit, None, pos
    event = None
    after = _WORD.match(sentence, pos)
    if not partitive and after and after.group(1).lower() in EVENT_FORMS:
        event = EVENT_FORMS[after.group(1).lower()]
    if event is None and not partitive:
        event = _preceding_event(sentence, start)
    if event is None:
        window = _CLAUSE_END.split(sentence[pos : pos + 200], maxsplit=1)[0]
        for aux in _AUX.finditer(window):
            if aux.group(1) in EVENT_FORMS:
                event = EVENT_FORMS[aux.group(1)]
                break
    if event is None and partitive and after and after.group(1).lower() in EVENT_FORMS:
        event = EVENT_FORMS[after.group(1).lower()]
    return unit, event, pos


def _preceding_event(sentence: str, start: int) -> str | None:
    before = _PRE_WORDS.findall(sentence[max(0, start - 40) : start])[-4:]
    for word in reversed(before):
        low = word.lower()
        if (low in EVENT_FORMS and low.endswith(("ed", "ing"))) or low in {"shot", "held", "lost"}:
            return EVENT_FORMS.get(low)
        if low in {"said", "says", "that", "and", "but", "while", "when"}:
            break
    return None


def find_quantities(
    sentence: str, offset: int, blocked: list[tuple[int, int]] | None = None
) -> list[Quantity]:
    """Quantities of one sentence; ``offset`` maps to document offsets, ``blocked`` are
    document spans (dates) whose digits are not quantities."""
    if _NUMBER_WORD.search(sentence) is None:
        return []
    blocked = list(blocked or [])
    blocked += [(offset + p.start(), offset + p.end()) for p in _PHONE.finditer(sentence)]
    found: list[Quantity] = []
    for m in _QTY.finditer(sentence):
        s, e = m.start(), m.end()
        core_start = m.end("qual") if m.group("qual") else s
        if any(a < offset + e and offset + core_start < b for a, b in blocked):
            continue
        qual = re.sub(r"\s+", " ", m.group("qual").strip().lower()) if m.group("qual") else None
        kind, value, vague, unit = "count", None, False, None
        if m.group("cur") or m.group("dollars"):
            kind = "money"
            unit = _CURRENCY.get(m.group("cur") or "$", "USD")
            raw = m.group("mnum") or m.group("num")
            if raw is None:
                continue
            value = float(raw.replace(",", "")) * _SCALES.get(
                (m.group("mscale") or m.group("scale") or "").lower(), 1
            )
        elif m.group("num"):
            raw = m.group("num")
            value = float(raw.replace(",", "")) * _SCALES.get((m.group("scale") or "").lower(), 1)
            if m.group("ord"):
                kind = "ordinal"
            elif (
                "," not in raw
                and "." not in raw
                and 1800 <= value <= 2100
                and not (qual or m.group("scale") or m.group("pct"))
            ):
                continue  # a year, not a count
        elif m.group("word"):
            value = _value_of_word(m.group("word"))
        else:
            vague = True
            kind = "vague"
            word = m.group("vague").split()[0].lower()
            value = float(_VAGUE[word]) if qual in {"at least", "more than", "over"} else None
        if m.group("pct"):
            kind, unit = "percent", "%"
        event = None
        if kind in ("count", "vague"):
            unit, event, _ = _unit_and_event(sentence, e, s)
            if kind == "vague" and m.group("vague").endswith("of"):
                e = m.end("vague") - 2
                while sentence[e - 1].isspace():
                    e -= 1
        if value is not None and value == int(value):
            value = float(int(value))
        found.append(
            Quantity(
                text=sentence[s:e],
                start=offset + s,
                end=offset + e,
                value=value,
                approximate=qual is not None or vague,
                qualifier=qual,
                unit=unit,
                event=event,
                kind=kind,
                vague=vague,
            )
        )
    return found
