"""Explicit and relative date mentions, resolved against the publication date.

A mention resolves to a day or to a period: ``resolved`` is always an ISO date (the day, or
the first day of the period, so older readers of the field keep working), ``resolved_end``
the last day (inclusive) and ``granularity`` one of "day", "week", "month", "year".

Resolution rules (documented because reviewers rely on them):
- a date without a year ("Nov. 8") and a bare weekday ("Friday") take the sentence's tense:
  the occurrence nearest to publication when the sentence has no tense marker, the first one
  on or after publication when the nearest marker is future ("will", "is scheduled to",
  "ahead of", "turns to", "upcoming"), the last one on or before it when the nearest marker
  is past ("was", "said", "since", a past-tense verb). A weekday without any marker is the
  most recent such day (news reports what happened); "next Friday" is after publication,
  "last Friday" before it; "June 16th of last year" takes the year it names;
- "today"/"tonight"/"this morning" -> publication date; "yesterday"/"last night" -> one day
  before; "tomorrow" -> one day after;
- "this/last/next week" -> that Monday-to-Sunday week, "this/last/next month" and
  "this/last/next year" -> that calendar month or year;
- "in 2004", "since 2013" (a year after a preposition) -> that year; "May 2019" -> that month;
- "the same day" -> the day of the latest earlier day mention; "the next/following day" and
  "the day before/after" -> one day after/before it; unresolved when there is none;
- without a publication date, mentions that need it keep ``resolved=None``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .types import DateMention

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?:19|20)\d\d"
_DATE = re.compile(
    r"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)"
    r"|(?P<us>\b(?P<um>1[0-2]|0?[1-9])/(?P<ud>3[01]|[12]\d|0?[1-9])/(?P<uy>(?:19|20)\d\d)\b)"
    r"|(?P<mdy>\b(?P<m1>" + _MONTH_RE + r")\s+(?P<d1>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
    r"(?:(?:,|\s+of)?\s+(?P<y1>" + _YEAR + r")\b|\s+of\s+(?P<ry1>last|this|next)\s+year\b)?)"
    r"|(?P<dmy>\b(?P<d2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>"
    + _MONTH_RE
    + r")(?:,?\s+(?P<y2>"
    + _YEAR
    + r")\b)?)"
    r"|(?P<my>\b(?P<m3>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?:\s+of)?\s+"
    r"(?P<y3>" + _YEAR + r")\b)"
    r"|(?P<year>\b" + _YEAR + r"\b)(?![-/.,]?\d|[-\u2013\u2014]?(?:\s*(?:%|percent|per\s+cent)))"
    r"|(?P<rel>\b(?:(?P<mod>last|next|this|past)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)\b"
    r"|\b(?P<word>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)\b"
    r"|\b(?P<span>(?:[Ll]ast|[Tt]his)\s+(?:night|morning|afternoon|evening|week|month|year)"
    r"|[Nn]ext\s+(?:week|month|year))\b(?!-)"
    r"|\b(?P<anaphor>[Tt]he\s+(?:same|next|following|previous)\s+day|[Tt]he\s+day\s+"
    r"(?:before|after)|[Tt]hat\s+same\s+day)\b)"
)
# Where a mention can start. A pattern made of plain alternatives lets the regex engine
# skip from one possible first character to the next in C; ``_DATE`` itself cannot (its
# alternatives start with groups and word boundaries) and, run over the whole text, was
# most of the cost of extraction.
_STARTS = re.compile(
    "|".join(
        [str(digit) for digit in range(10)]
        + "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun Last "
        "last Next next This this Today today Tonight tonight Tomorrow tomorrow Yesterday "
        "yesterday past The the That that".split()
    )
)
_PHRASE_FOLLOWS = re.compile(r"\s+[A-Za-z]")
# A bare year is a date only after a word that makes it a time ("in 2004", "since 2013",
# "by mid-2019"); "the 2016 election" and "2000 people" are left to the figures.
_YEAR_BEFORE = re.compile(
    r"\b(?i:in|since|by|during|until|till|through|throughout|from|before|after|between|"
    r"of|early|late|mid|and|or|to|around|circa)[-\s]+$"
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"\u201d\u2019)]?\s+(?=[\"\u201c(]?[A-Z0-9])|\n")
# "said Monday", "told CNBC Saturday": the weekday dates the statement, which is past.
_REPORTED = re.compile(
    r"\b(?:said|says|told|tells|wrote|announced|stated|added|noted|reported|tweeted|posted|"
    r"claimed|argued|insisted|warned|explained|asked|acknowledged|confirmed|revealed)\b"
    r"[^.!?\u201c\u201d\"]{0,25}$"
)
# Tense markers, nearest one to the mention wins; a tie goes to the future.
_FUTURE = re.compile(
    r"\b(?i:will|won[\u2019']t|shall|should|must|needs?\s+to|going\s+to|gonna|(?:is|are|am)\s+to|"
    r"scheduled|slated|set\s+(?:to|for)|due\s+(?:to|on|for)|upcoming|ahead\s+of|"
    r"awaits?|awaiting|turns?\s+to|look(?:s|ing)?\s+to|looks?\s+ahead|plans?\s+to|planning|expects?|expected|"
    r"hopes?\s+to|in\s+time\s+for)\b|[\u2019']ll\b"
)
_PAST = re.compile(
    r"\b(?i:was|were|had|did|ago|since|earlier|previously|has\s+been|have\s+been|took|came|went|made|began|held|won|lost|met|left|saw|"
    r"gave|got|fell|rose|ran|sent|spent|paid|sold|stood|brought|found|thought|felt|kept|"
    r"led|became|knew|broke|chose|struck|shot)\b|[\u2019']ve\b"
    r"|(?<!\b[Aa] )(?<!\b[Aa]n )(?<!\b[Tt]he )(?<!\bbe )\b[a-z]{2,}ed\b"
)
# Not past tense ("said", "told", "wrote" are left out of _PAST: a quote's verb dates the
# report, not the event).
_NOT_PAST_ED = frozenset(
    "scheduled expected planned slated needed supposed proposed intended designed "
    "red bed need speed seed breed weed feed shed indeed".split()
)
# Beyond this many characters a tense marker belongs to another clause; a word in -ed is a
# weaker marker (often an adjective), so it must be closer.
_MARKER_REACH = 80
_ED_REACH = 50
# A new clause ("Texas, which votes on March 1") has its own tense.
_CLAUSE = re.compile(r"[;:\u2014]\s|,\s+(?:which|who|where|when|while|but|and|as)\b")
# Datelines and time zones put the publication date a day or two off.
_SLACK = dt.timedelta(days=2)


def _clamp(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = max(0, start - 300), min(len(text), end + 300)
    left = lo
    for m in _SENTENCE_BREAK.finditer(text, lo, start):
        left = m.end()
    right = _SENTENCE_BREAK.search(text, end, hi)
    return left, right.start() if right else hi


def _tense(text: str, start: int, end: int) -> str | None:
    """ "future", "past" or None: the tense marker nearest to the mention in its sentence."""
    left, right = _sentence_window(text, start, end)
    for m in _CLAUSE.finditer(text, left, start):
        left = m.end()
    after = _CLAUSE.search(text, end, right)
    right = after.start() if after else right
    best: tuple[int, int, str] | None = None
    for pattern, tense, rank in ((_FUTURE, "future", 0), (_PAST, "past", 1)):
        for m in pattern.finditer(text, left, right):
            if start <= m.start() < end:
                continue
            if rank and m.group(0).lower() in _NOT_PAST_ED:
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end
            if distance > (_ED_REACH if m.group(0).endswith("ed") else _MARKER_REACH):
                continue
            key = (distance, rank, tense)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def _pick(candidates: list[dt.date], published: dt.date, tense: str | None) -> dt.date | None:
    if tense == "future":
        later = [c for c in candidates if c >= published - _SLACK]
        return min(later) if later else None
    if tense == "past":
        earlier = [c for c in candidates if c <= published + _SLACK]
        return max(earlier) if earlier else None
    return min(candidates, key=lambda c: (abs((c - published).days), c)) if candidates else None


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _year_period(year: int) -> tuple[dt.date, dt.date, str]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _month_period(year: int, month: int) -> tuple[dt.date, dt.date, str]:
    first = dt.date(year, month, 1)
    return first, _month_end(first), "month"


def _day(day: dt.date | None) -> tuple[dt.date, dt.date, str] | None:
    return (day, day, "day") if day else None


Period = tuple[dt.date, dt.date, str]


def _explicit(
    m: re.Match[str], published: dt.date | None, text: str
) -> tuple[dt.date, dt.date, str] | None:
    if m.group("iso"):
        return _day(_clamp(int(m.group("iy")), int(m.group("im")), int(m.group("id"))))
    if m.group("us"):
        return _day(_clamp(int(m.group("uy")), int(m.group("um")), int(m.group("ud"))))
    if m.group("my"):
        return _month_period(int(m.group("y3")), _MONTHS[m.group("m3").lower().rstrip(".")])
    month_s, day_s, year_s = (
        (m.group("m1"), m.group("d1"), m.group("y1"))
        if m.group("mdy")
        else (m.group("m2"), m.group("d2"), m.group("y2"))
    )
    month = _MONTHS[month_s.lower().rstrip(".")]
    if year_s:
        return _day(_clamp(int(year_s), month, int(day_s)))
    if published is None:
        return None
    relative_year = m.group("ry1")
    if relative_year:
        shift = {"last": -1, "this": 0, "next": 1}[relative_year]
        return _day(_clamp(published.year + shift, month, int(day_s)))
    candidates = [
        d
        for d in (_clamp(published.year + k, month, int(day_s)) for k in (-1, 0, 1))
        if d is not None
    ]
    return _day(_pick(candidates, published, _tense(text, m.start(), m.end())))


def _weekday(m: re.Match[str], published: dt.date, text: str) -> dt.date | None:
    target = _WEEKDAYS[m.group("wd").lower()]
    mod = (m.group("mod") or "").lower()
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    if mod == "next":
        return published + dt.timedelta(days=ahead or 7)
    if mod == "last":
        return published - dt.timedelta(days=back or 7)
    reported = _REPORTED.search(text, max(0, m.start() - 40), m.start())
    if mod != "past" and not reported and _tense(text, m.start(), m.end()) == "future":
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def _span(phrase: str, published: dt.date) -> Period:
    mod, unit = phrase.lower().split()
    if unit in ("night", "morning", "afternoon", "evening"):
        day = published - dt.timedelta(days=1) if mod == "last" else published
        return day, day, "day"
    shift = {"last": -1, "this": 0, "next": 1}[mod]
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=shift)
        return monday, monday + dt.timedelta(days=6), "week"
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + shift
        return _month_period(month_index // 12, month_index % 12 + 1)
    return _year_period(published.year + shift)


def _anaphor(phrase: str, antecedent: dt.date | None) -> Period | None:
    if antecedent is None:
        return None
    low = phrase.lower()
    shift = 0
    if "next" in low or "following" in low or low.endswith("after"):
        shift = 1
    elif "previous" in low or low.endswith("before"):
        shift = -1
    day = antecedent + dt.timedelta(days=shift)
    return day, day, "day"


def _mention(m: re.Match[str], period: Period | None) -> DateMention:
    if period is None:
        return DateMention(m.group(0), m.start(), m.end(), None)
    first, last, granularity = period
    return DateMention(
        m.group(0), m.start(), m.end(), first.isoformat(), last.isoformat(), granularity
    )


def _mentions(text: str) -> list[re.Match[str]]:
    """``_DATE.finditer(text)``, but trying only where a mention can start."""
    found: list[re.Match[str]] = []
    reached = 0
    match = _DATE.match
    for candidate in _STARTS.finditer(text):
        pos = candidate.start()
        if pos < reached or (pos and (text[pos - 1].isalnum() or text[pos - 1] == "_")):
            continue
        m = match(text, pos)
        if m:
            found.append(m)
            reached = m.end()
    return found


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    found: list[DateMention] = []
    antecedent: dt.date | None = None  # the latest day mentioned, for "the same day"
    for m in _mentions(text):
        period: Period | None
        if m.group("year"):
            if not _YEAR_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue
            period = _year_period(int(m.group("year")))
        elif m.group("anaphor"):
            phrase = m.group("anaphor")
            # "the day before the debate" names its own reference, which is no date.
            if phrase.lower().endswith(("before", "after")) and _PHRASE_FOLLOWS.match(
                text, m.end()
            ):
                period = None
            else:
                period = _anaphor(phrase, antecedent)
        elif m.group("rel"):
            if published is None:
                period = None
            elif m.group("wd"):
                period = _day(_weekday(m, published, text))
            elif m.group("word"):
                if text.endswith("USA ", 0, m.start()):
                    continue  # the newspaper
                shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
                day = published + dt.timedelta(days=shift[m.group("word").lower()])
                period = (day, day, "day")
            else:
                period = _span(m.group("span"), published)
        else:
            period = _explicit(m, published, text)
        if period is not None and period[2] == "day":
            antecedent = period[0]
        found.append(_mention(m, period))
    return _cataphora(text, found)


def _cataphora(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "the day after Monday's debate": the day named right after, not the one before."""
    for i in range(len(found) - 1):
        here, following = found[i], found[i + 1]
        if (
            here.text.lower().startswith("the day ")
            and following.granularity == "day"
            and following.resolved
            and not text[here.end : following.start].strip()
        ):
            base = dt.date.fromisoformat(following.resolved)
            period = _anaphor(here.text, base)
            if period:
                found[i] = DateMention(
                    here.text, here.start, here.end, period[0].isoformat(),
                    period[1].isoformat(), "day",
                )  # fmt: skip
    return found
