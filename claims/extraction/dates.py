"""Explicit and relative date mentions, resolved against the publication date.

Resolution rules (documented because reviewers rely on them):
- a bare weekday ("Wednesday", "on Friday", "last Friday") is the most recent such day on
  or before publication; "next Friday" is the first one after it;
- "today"/"tonight"/"this morning" -> publication date; "yesterday"/"last night" -> one day
  before; "tomorrow" -> one day after;
- "this week" -> the Monday of the publication week, "last week" -> the Monday before it,
  "this/last month" and "this/last year" -> the first day of that month/year;
- an explicit date without a year takes the publication year (or the year before, when that
  would put it more than a week after publication);
- without a publication date, relative mentions keep ``resolved=None``.
Explicit dates are parsed with the standard library; dateparser is not needed for them.
"""

from __future__ import annotations

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
# The lookahead lets the scanner skip positions no alternative can start at.
_DATE = re.compile(
    r"(?=[\dJFMASONDTWLNPYtlnpy])(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)"
    r"|(?P<us>\b(?P<um>1[0-2]|0?[1-9])/(?P<ud>3[01]|[12]\d|0?[1-9])/(?P<uy>(?:19|20)\d\d)\b)"
    r"|(?P<mdy>\b(?P<m1>" + _MONTH_RE + r")\s+(?P<d1>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?)"
    r"|(?P<dmy>\b(?P<d2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>"
    + _MONTH_RE
    + r")(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?)"
    r"|(?P<my>\b(?P<m3>January|February|March|April|June|July|August|September|October|"
    r"November|December)(?:\s+of)?\s+(?P<y3>(?:19|20)\d\d)\b)"
    r"|(?P<rel>\b(?:(?P<mod>last|next|this|past)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)\b"
    r"|\b(?P<word>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)\b"
    r"|\b(?P<span>(?:[Ll]ast|[Tt]his)\s+(?:night|morning|afternoon|evening|week|month|year))\b)"
)


def _clamp(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _explicit(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    if m.group("iso"):
        return _clamp(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    if m.group("us"):
        return _clamp(int(m.group("uy")), int(m.group("um")), int(m.group("ud")))
    if m.group("my"):
        return _clamp(int(m.group("y3")), _MONTHS[m.group("m3").lower()], 1)
    month_s, day_s, year_s = (
        (m.group("m1"), m.group("d1"), m.group("y1"))
        if m.group("mdy")
        else (m.group("m2"), m.group("d2"), m.group("y2"))
    )
    month = _MONTHS[month_s.lower().rstrip(".")]
    if year_s:
        return _clamp(int(year_s), month, int(day_s))
    if published is None:
        return None
    found = _clamp(published.year, month, int(day_s))
    if found and found > published + dt.timedelta(days=7):
        found = _clamp(published.year - 1, month, int(day_s))
    return found


def _relative(m: re.Match[str], published: dt.date) -> dt.date | None:
    if m.group("wd"):
        target = _WEEKDAYS[m.group("wd").lower()]
        mod = (m.group("mod") or "").lower()
        if mod == "next":
            return published + dt.timedelta(days=(target - published.weekday() - 1) % 7 + 1)
        back = (published.weekday() - target) % 7
        if mod == "last" and back == 0:
            back = 7
        return published - dt.timedelta(days=back)
    word = (m.group("word") or "").lower()
    if word:
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
        return published + dt.timedelta(days=shift)
    mod, unit = m.group("span").lower().split()
    if unit in ("night", "morning", "afternoon", "evening"):
        return published - dt.timedelta(days=1) if mod == "last" else published
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday - dt.timedelta(days=7) if mod == "last" else monday
    if unit == "month":
        first = published.replace(day=1)
        return (first - dt.timedelta(days=1)).replace(day=1) if mod == "last" else first
    return dt.date(published.year - 1 if mod == "last" else published.year, 1, 1)


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    found: list[DateMention] = []
    for m in _DATE.finditer(text):
        if m.group("rel"):
            day = _relative(m, published) if published else None
        else:
            day = _explicit(m, published)
        found.append(DateMention(m.group(0), m.start(), m.end(), day.isoformat() if day else None))
    return found
