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
_FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8,
    "eighths": 8, "tenth": 10, "tenths": 10,
}  # fmt: skip
_FRACTION = (
    r"(?P<frac>\b(?i:(?P<fnum>one|two|three|four|five|seven|nine)-(?P<fden>half|thirds?|"
    r"quarters?|fourths?|fifths?|sixths?|eighths?|tenths?)\b"
    r"|(?P<fnum2>a|one|two|three)\s+(?P<fden2>half|thirds?|quarters?|fifths?|tenths?)(?=\s+of\b)))"
)
_QTY = re.compile(
    _QUALIFIER + r"(?:"
    r"(?P<cur>[$\u20ac\u00a3])\s?(?P<mnum>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s*(?P<mscale>(?i:million|billion|trillion|thousand|mn|bn|tn))\b|(?P<mletter>[mMkKbB])\b)?"
    r"|(?<![\w@#.,/:\-$=])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<lscale>bn|[kK])(?![\w@/:-])"
    r"|-(?P<hunit>[a-z]+(?:-(?:old|long))?)(?![\w-])"
    r"|(?P<ord>st|nd|rd|th)?(?![\w@/:-]|[.,]\d))"
    r"(?:\s+(?P<scale>(?i:million|billion|trillion|thousand))\b)?"
    r"|" + _FRACTION + r""
    r"|(?P<word>\b(?i:(?:"
    + _SMALL
    + r"|one|a|an|half\s+a)\s+(?:dozen|hundred|thousand|million|billion|trillion)"
    r"|dozen|" + _SMALL + r")\b)(?:-(?P<whunit>[a-z]+)(?![\w-]))?"
    r"|(?P<vague>\b(?i:dozens|scores|hundreds|thousands|millions)\b(?:\s+of\b)?)"
    r")"
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b))?"
    r"(?:\s+(?P<dollars>dollars)\b)?"
)
_LETTER_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9}
# A number that names a road, a channel, a rank or a model is no quantity.
_DESIGNATOR = re.compile(
    r"\b(?:Interstate|Route|Highway|Hwy\.?|Flight|No\.|Nos\.|Number|Round|Channel|AM|FM|"
    r"Bowl|Fortune|Article|Section|Title|Chapter|Part|Day|School|Proposition|Prop\.?|"
    r"Amendment|Question|Measure|District|Precinct|Ward|Apollo|Boeing|Airbus|Model|Phase|"
    r"Level|Stage|Gate|Terminal|Room|Suite|Floor|Exit|Box|Category|Season|Episode|Vol\.|"
    r"Volume|Patriot|Radio|Catch|iPhone|Galaxy|Note|Windows|Formula|Pier|Version|Rule|"
    r"Form|Squadron|Battalion|Engine|Ladder|Station|Lot|Gen)\s*$"
)
_TIME_AFTER = re.compile(
    r"\s*(?:[ap]\.\s?m\.|[ap]m\b|[AP]M\b|GMT\b|UTC\b|[ECMP][SD]T\b|[ECMP]T\b|BST\b|CET\b|"
    r"o[\u2019']clock\b|hours?\s+(?:GMT|UTC|local))"
)
_LONG_ID = 9  # digits: tweet ids, timestamps and account numbers, not figures
# "ticks up to 5%", "rose up to": a verb before "up to" makes it movement, not a bound.
_MOVED_UP = re.compile(
    r"\b(?:tick|inch|edge|creep|move|go|jump|climb|rise|rose|shoot|shot|bump|push|revise|"
    r"went|goes|gone|step|ramp|scale|round|mark|tot|add|pump|drive|send|bring|brought)"
    r"(?:s|es|ed|d|ing|ped|ping|ted|ting)?\s*$",
    re.IGNORECASE,
)
# Cheap pre-check so sentences without any number skip the big pattern. Plain alternatives
# of literals let the engine jump between possible first letters in C; a case-insensitive
# pattern with word boundaries tried every position and cost as much as the big pattern.
_DIGIT = re.compile(r"[\d$\u20ac\u00a3]")
_NUMBER_WORD = re.compile(
    "[^a-z](?:"
    + "|".join(
        sorted(
            "twenty thirty forty fifty sixty seventy eighty ninety eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen two three four five six "
            "seven eight nine ten dozen hundred thousand million billion trillion score half "
            "third quarter fourth fifth sixth eighth tenth".split(),
            key=len,
            reverse=True,
        )
    )
    + ")"
)


# Every place a quantity can start (lower-cased): a digit, a currency sign, a qualifier or a
# number word. ``_QTY`` is tried only there (see ``_QTY_STARTS`` in dates.py for why).
_QTY_STARTS = re.compile(
    "|".join(
        [str(digit) for digit in range(10)]
        + ["\\$", "\u20ac", "\u00a3"]
        + sorted(
            "about around roughly nearly almost approximately some an estimated more over "
            "at least up to fewer less as many upwards under no close just a half one "
            "twenty thirty forty fifty sixty seventy eighty ninety eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen two three four five six "
            "seven eight nine ten dozen scores hundreds thousands millions".split(),
            key=len,
            reverse=True,
        )
    )
)


def _matches(sentence: str) -> list[re.Match[str]]:
    """``_QTY.finditer(sentence)``, trying only where a quantity can start."""
    low = sentence.lower()
    if len(low) != len(sentence):  # a few characters change length when lower-cased
        return list(_QTY.finditer(sentence))
    found: list[re.Match[str]] = []
    reached = 0
    match = _QTY.match
    for candidate in _QTY_STARTS.finditer(low):
        pos = candidate.start()
        if pos < reached:
            continue
        m = match(sentence, pos)
        if m:
            found.append(m)
            reached = m.end() if m.end() > pos else pos + 1
    return found


def _may_hold_a_number(sentence: str) -> bool:
    # A false hit ("tenth" in "tenthousand") only costs a run of the big pattern.
    return bool(_DIGIT.search(sentence) or _NUMBER_WORD.search(" " + sentence.lower()))


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
    "out up down off only just still already ever never now until till ahead later earlier "
    "ago apart alone rather respectively behind away back long tall high deep wide "
    "straight yet even again too almost nearly".split()
)
# A unit is a noun: words that are not stop the phrase (weekdays, months, comparatives,
# participles and verbs that follow a bare numeral: "the two spoke", "all five say").
_NOT_UNIT = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december lower higher bigger larger "
    "smaller greater fewer better worse older younger faster slower stronger weaker richer "
    "poorer seen done gone given taken known shown grown been spoke say says said saying "
    "remain remains engage support supports lost won held left made came went got put set "
    "hit met paid sent spent sold bought brought thought felt kept led read told wrote past "
    "cast shot are were was is have has had do did will would could should can may might "
    "must also see sees saw plus vied democratic".split()
)
_INITIALISM = re.compile(r"\s+(?:[A-Z]\.){2,}")
_TIME_UNITS = frozenset(
    "years year months month weeks week days day hours hour minutes minute seconds decades "
    "decade centuries century times percent".split()
)
_AUX = re.compile(
    r"\b(?:were|was|are|is|be|been|being|had|have|has|got|get|gets)\s+(?:[a-z]+ly\s+)?"
    r"(?:been\s+)?([a-z]+)\b"
)
_CLAUSE_END = re.compile(r"[,;:\u201c\u201d\"]|\s(?:while|whereas|but|and\s+then)\s")
_ED_NOUNS = frozenset("speed seed breed hundred".split())
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
        initialism = _INITIALISM.match(sentence, pos)
        if initialism:  # "five U.S. territories"
            pos = initialism.end()
            continue
        m = _WORD.match(sentence, pos)
        if not m or (m.start(1) - pos > 1 and sentence[pos : m.start(1)].strip()):
            break
        word = m.group(1)
        low = word.lower()
        if low in _STOP or low in _NOT_UNIT or len(word) == 1 or (low == "old" and words):
            break  # "19 years old", but "two old regulations"
        if not word[0].isupper() and len(low) > 4 and low.endswith("ed") and low not in _ED_NOUNS:
            break  # "the two raised", "40 people arrested"
        if words and (low.endswith("ed") and low in EVENT_FORMS):
            break
        if words and low in EVENT_FORMS and not low.endswith(("s", "ing")):
            break  # "ballots cast", "officers shot"
        if words and word[0].isupper() and not words[-1][0][0].isupper():
            break  # "meetings Clinton had"
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
    window = _CLAUSE_END.split(sentence[pos : pos + 200], maxsplit=1)[0]
    if event is None and not partitive:
        # The figure as a subject: "about 30 were released" is a release, whatever verb
        # came before it in another clause ("...food processing plants, about 30 were").
        subject = _AUX.match(window.lstrip())
        if subject and subject.group(1) in EVENT_FORMS:
            event = EVENT_FORMS[subject.group(1)]
    if event is None and not partitive:
        event = _preceding_event(sentence, start)
    if event is None:
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


def _not_a_figure(sentence: str, start: int, end: int, raw: str) -> bool:
    """Route and model numbers, clock times, ids: digits that count nothing."""
    if len(raw) >= _LONG_ID and raw.isdigit():
        return True
    if _DESIGNATOR.search(sentence, max(0, start - 12), start):
        return True
    return _TIME_AFTER.match(sentence, end) is not None


def find_quantities(
    sentence: str, offset: int, blocked: list[tuple[int, int]] | None = None
) -> list[Quantity]:
    """Quantities of one sentence; ``offset`` maps to document offsets, ``blocked`` are
    document spans (dates) whose digits are not quantities."""
    if not _may_hold_a_number(sentence):
        return []
    blocked = list(blocked or [])
    blocked += [(offset + p.start(), offset + p.end()) for p in _PHONE.finditer(sentence)]
    found: list[Quantity] = []
    for m in _matches(sentence):
        s, e = m.start(), m.end()
        core_start = m.end("qual") if m.group("qual") else s
        if any(a < offset + e and offset + core_start < b for a, b in blocked):
            continue
        raw = m.group("num")
        if raw and not m.group("pct") and _not_a_figure(sentence, m.start("num"), m.end(), raw):
            continue
        qual = re.sub(r"\s+", " ", m.group("qual").strip().lower()) if m.group("qual") else None
        if qual == "up to" and _MOVED_UP.search(sentence, max(0, s - 20), s):
            qual, s = None, core_start  # "ticks up to 5%": a movement, not a bound
        kind, value, vague, unit = "count", None, False, None
        hyphen_unit = m.group("hunit") or m.group("whunit")
        if hyphen_unit == "plus":  # "15-plus years"
            qual, hyphen_unit = qual or "at least", None
        if m.group("cur") or m.group("dollars"):
            kind = "money"
            unit = _CURRENCY.get(m.group("cur") or "$", "USD")
            raw = m.group("mnum") or m.group("num")
            if raw is None:
                continue
            letter = (m.group("mletter") or m.group("lscale") or "").lower()[:1]
            scale = _SCALES.get((m.group("mscale") or m.group("scale") or "").lower())
            value = float(raw.replace(",", "")) * (scale or _LETTER_SCALES.get(letter, 1))
        elif raw:
            scale = _SCALES.get((m.group("scale") or m.group("lscale") or "").lower(), 1)
            value = float(raw.replace(",", "")) * scale
            if m.group("ord"):
                kind = "ordinal"
            elif (
                "," not in raw
                and "." not in raw
                and 1800 <= value <= 2100
                and not (qual or m.group("scale") or m.group("pct") or hyphen_unit)
            ):
                continue  # a year, not a count
        elif m.group("frac"):
            kind = "fraction"
            numerator = (m.group("fnum") or m.group("fnum2")).lower()
            denominator = (m.group("fden") or m.group("fden2")).lower()
            value = _UNITS[numerator] / _FRACTIONS[denominator]
        elif m.group("word"):
            if _TIME_AFTER.match(sentence, e):
                continue  # "three o'clock"
            value = _value_of_word(m.group("word"))
        else:
            vague = True
            kind = "vague"
            word = m.group("vague").split()[0].lower()
            value = float(_VAGUE[word]) if qual in {"at least", "more than", "over"} else None
        if m.group("pct"):
            kind, unit = "percent", "%"
        event = None
        if hyphen_unit and kind == "count":
            unit = hyphen_unit  # "17-point lead", "23-month streak"
        elif kind in ("count", "vague", "fraction"):
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
