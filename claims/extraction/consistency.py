"""Cross-claim arithmetic checks within one article.

Only quantities that share an event and a counted unit are compared, so a reviewer sees
few false alarms.  Approximate figures ("about", "roughly") get a 10% tolerance each; a
sum of parts that falls short of a total is "needs_review" (the parts may be partial),
one that exceeds it beyond the tolerance is "inconsistent".  A check's ``claims`` are claim
numbers counted from 1, as the reader lists them and as its detail sentence names them
(claim number ``n`` is ``Extraction.claims[n - 1]``).

Durations ("over 40 years") are never counts; a list after "include", "including", "such
as" or "among" is a selection, so it is compared with a stated count only when it falls
one short of it or runs longer; a count and a list are compared only within
``LIST_WINDOW`` claims of each other.  The same measure given with two figures ("178,000
jobs a month" and "182,000 jobs a month") and a whole whose stated reason fits only some
of its parts ("300 released on humanitarian grounds" = 30 on humanitarian grounds + 270
after processing) are flagged for review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise

from .lexicon import past_participle
from .types import ClaimCandidate, ConsistencyCheck, Quantity

_TOLERANCE = 0.10
_LOWER_BOUNDS = frozenset({"more than", "over", "at least", "upwards of", "just over"})
_PARTITIVE_GAP = re.compile(r"^\s+of\s+(?:the\s+|these\s+|those\s+|all\s+)?$", re.IGNORECASE)
# A stated count and a list further apart than this (in claims) are about different things.
LIST_WINDOW = 15
_DURATION_UNITS = frozenset(
    "second minute hour day night week weekend month year decade century term".split()
)
_DURATION_AFTER = re.compile(
    r"\s*(?:[-\u2013]\s*)?(?:(?:more|full|straight|consecutive|long|short|calendar|fiscal)\s+)?"
    r"(?:second|minute|hour|day|night|week|month|year|decade|centur)",
    re.IGNORECASE,
)
# "clients ... included": the list is a selection, not the whole.
_PARTIAL_LIST = re.compile(
    r"\b(?:includ(?:e|es|ed|ing)|such\s+as|among(?:\s+them)?|notabl(?:e|y)|e\.g\.|"
    r"for\s+example|for\s+instance|like)\b",
    re.IGNORECASE,
)
# "a month", "per year", "in the typical month": a figure given as a rate over a period.
_RATE = re.compile(
    r"\b(?:a|an|per|each|every|in\s+(?:the|an?)\s+(?:typical|average|given))\s+"
    r"(?P<period>day|week|month|quarter|year)\b|\b(?P<adv>daily|weekly|monthly|quarterly|"
    r"annually|yearly)\b",
    re.IGNORECASE,
)
_SAME_MEASURE_ROUNDING = 0.005
_ADJ_BEFORE_UNIT = frozenset("new more additional extra net fewer".split())
# The stated reason a count underwent its event: "on humanitarian grounds", "for medical
# reasons", "after being processed", "because of ...", "due to ...".
_REASON = re.compile(
    r"\b(?:on|for)\s+[\u201c\u2018\"]?(?P<grounds>[\w-]+(?:\s+[\w-]+){0,2}?)\s+"
    r"(?:grounds|reasons?|basis)\b|\b(?:after\s+(?:being\s+)?|because\s+of\s+|"
    r"due\s+to\s+)(?P<other>[\w-]+(?:\s+[\w-]+)?)",
    re.IGNORECASE,
)


def _norm_unit(unit: str | None) -> str | None:
    if not unit:
        return None
    u = unit.lower()
    if u.endswith("ies"):
        return u[:-3] + "y"
    return u[:-1] if u.endswith("s") and not u.endswith("ss") else u


def _fmt(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,.2f}"


def _slack(q: Quantity) -> float:
    return _TOLERANCE * (q.value or 0.0) if q.approximate else 0.0


def _is_duration(q: Quantity, text: str, offset: int) -> bool:
    """ "40 years", "a 23-month streak": a length of time, not a number of things."""
    if _norm_unit(q.unit) in _DURATION_UNITS:
        return True
    return _DURATION_AFTER.match(text, q.end - offset) is not None


def _verb_like(unit: str) -> bool:
    """ "the two learned of a meeting": a past tense taken for the counted noun."""
    return len(unit) > 4 and unit.endswith("ed") and unit not in ("speed", "seed", "breed")


def _countable(q: Quantity) -> bool:
    return q.kind == "count" and not q.vague and q.value is not None


def _counts(claim: ClaimCandidate) -> list[Quantity]:
    return [
        q
        for q in claim.quantities
        if _countable(q) and not _is_duration(q, claim.text, claim.start)
    ]


def check_consistency(claims: tuple[ClaimCandidate, ...]) -> tuple[ConsistencyCheck, ...]:
    """Checks across ``claims``; each check's ``claims`` are claim numbers from 1."""
    checks: list[ConsistencyCheck] = []
    sums = _parts_sum_to_total(claims)
    checks += [c for c, _ in sums]
    checks += _part_within_whole(claims)
    checks += _stated_count_vs_listed_items(claims)
    checks += _same_measure_different_figures(claims)
    checks += _whole_and_parts_disagree_on_reason(claims, sums)
    return tuple(checks)


_Sum = tuple[ConsistencyCheck, tuple[int, list[Quantity], int, Quantity]]


def _parts_sum_to_total(claims: tuple[ClaimCandidate, ...]) -> list[_Sum]:
    """Each check with (parts claim index, parts, total claim index, total), 0-based."""
    checks: list[_Sum] = []
    counts = [_counts(c) for c in claims]
    for i, _claim in enumerate(claims):
        groups: dict[tuple[str, str], list[Quantity]] = defaultdict(list)
        for q in counts[i]:
            unit = _norm_unit(q.unit)
            if q.event and unit:
                groups[(q.event, unit)].append(q)
        for (event, unit), parts in groups.items():
            if len(parts) < 2:
                continue
            total_sum = sum(q.value or 0.0 for q in parts)
            candidates = [
                (j, t)
                for j in range(len(claims))
                if j != i
                for t in counts[j]
                if t.event == event
                and _norm_unit(t.unit) == unit
                and (t.value or 0) > max(q.value or 0 for q in parts)
            ]
            if not candidates:
                continue
            j, total = min(candidates, key=lambda c: (abs((c[1].value or 0) - total_sum), c[0]))
            value = total.value or 0.0
            tol = _slack(total) + sum(_slack(q) for q in parts)
            sum_text = " + ".join(_fmt(q.value or 0.0) for q in parts)
            verb = past_participle(event)
            where = f"(claims {min(i, j) + 1}, {max(i, j) + 1})"
            if abs(total_sum - value) <= tol or (
                total.qualifier in _LOWER_BOUNDS and total_sum >= value
            ):
                result = "consistent"
                detail = (
                    f"{sum_text} = {_fmt(total_sum)} {verb} matches the stated "
                    f"'{total.text}' {where}."
                )
            elif total_sum > value + tol:
                result = "inconsistent"
                detail = (
                    f"{sum_text} = {_fmt(total_sum)} {verb} exceeds the stated "
                    f"'{total.text}' {where}."
                )
            else:
                result = "needs_review"
                detail = (
                    f"{sum_text} = {_fmt(total_sum)} {verb} falls short of the stated "
                    f"'{total.text}'; other parts may be unreported {where}."
                )
            numbers = (min(i, j) + 1, max(i, j) + 1)
            checks.append(
                (
                    ConsistencyCheck("parts_sum_to_total", numbers, result, detail),
                    (i, parts, j, total),
                )
            )
    return checks


def _part_within_whole(claims: tuple[ClaimCandidate, ...]) -> list[ConsistencyCheck]:
    """ "300 of the 680 arrested": the part must not exceed the whole it is taken from."""
    checks: list[ConsistencyCheck] = []
    for i, claim in enumerate(claims):
        qs = _counts(claim)
        for part, whole in pairwise(qs):
            gap = claim.text[part.end - claim.start : whole.start - claim.start]
            if not _PARTITIVE_GAP.match(gap):
                continue
            p, w = part.value or 0.0, whole.value or 0.0
            noun = whole.unit or "items"
            what = f"{past_participle(part.event)} " if part.event else ""
            of_what = f" {past_participle(whole.event)}" if whole.event else ""
            if p <= w + _slack(whole):
                result = "consistent"
                detail = (
                    f"'{part.text}' {what}is within the {_fmt(w)} {noun}{of_what} "
                    f"it is part of (claim {i + 1})."
                )
            else:
                result = "inconsistent"
                detail = (
                    f"'{part.text}' {what}is larger than the {_fmt(w)} {noun}{of_what} "
                    f"it is said to be part of (claim {i + 1})."
                )
            checks.append(ConsistencyCheck("part_within_whole", (i + 1,), result, detail))
    return checks


def _stated_count_vs_listed_items(
    claims: tuple[ClaimCandidate, ...],
) -> list[ConsistencyCheck]:
    checks: list[ConsistencyCheck] = []
    for j, claim in enumerate(claims):
        for enum in claim.enumerations:
            lead = claim.text[: enum.start - claim.start].lower()
            best: tuple[int, Quantity] | None = None
            for i in range(max(0, j - LIST_WINDOW), j + 1):
                for q in _counts(claims[i]):
                    unit = _norm_unit(q.unit)
                    if not (unit and 2 <= (q.value or 0) <= 100) or _verb_like(unit):
                        continue
                    if re.search(r"\b" + re.escape(unit) + r"s?\b", lead):
                        best = (i, q)
            if best is None:
                continue
            i, q = best
            stated, listed = int(q.value or 0), len(enum.items)
            if q.qualifier in _LOWER_BOUNDS:
                continue  # "more than three debates": a bound, not a count of the list
            partial = _PARTIAL_LIST.search(lead[-80:]) is not None
            if partial and listed < stated - 1:
                continue  # "20 clients ... included Coke, UBS, Dow": a selection
            claim_ids = tuple(sorted({i + 1, j + 1}))
            names = ", ".join(enum.items)
            where = f"claim {j + 1}" if i == j else f"claims {i + 1}, {j + 1}"
            if stated == listed:
                result = "consistent"
                detail = f"'{q.text} {q.unit}' matches the {listed} listed: {names} ({where})."
            else:
                result = "needs_review"
                detail = (
                    f"'{q.text} {q.unit}' but {listed} are listed ({names}); one listed item "
                    f"may stand for several, so a reviewer should confirm ({where})."
                )
            checks.append(
                ConsistencyCheck("stated_count_vs_listed_items", claim_ids, result, detail)
            )
    return checks


def _measure(claim: ClaimCandidate, q: Quantity) -> tuple[str, str] | None:
    """(counted noun, period) of a figure given as a rate: "182,000 new jobs a month"."""
    rel = q.end - claim.start
    words = re.findall(r"[A-Za-z-]+", claim.text[rel : rel + 40])[:3]
    noun = next((w.lower() for w in words if w.lower() not in _ADJ_BEFORE_UNIT), None)
    unit = _norm_unit(q.unit)
    if unit and unit not in _ADJ_BEFORE_UNIT:
        noun = unit
    if noun is None or _norm_unit(noun) in _DURATION_UNITS:
        return None
    rate = _RATE.search(claim.text, rel, min(len(claim.text), rel + 60))
    if rate is None:
        return None
    period = rate.group("period") or rate.group("adv")
    period = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter"}.get(
        period.lower(), period.lower()
    )
    if period in ("annually", "yearly"):
        period = "year"
    return _norm_unit(noun) or noun, period


def _same_measure_different_figures(
    claims: tuple[ClaimCandidate, ...],
) -> list[ConsistencyCheck]:
    """ "178,000 jobs in the typical month" vs "roughly 182,000 new jobs a month"."""
    seen: dict[tuple[str, str], tuple[int, Quantity]] = {}
    checks: list[ConsistencyCheck] = []
    flagged: set[tuple[str, str]] = set()
    for j, claim in enumerate(claims):
        for q in _counts(claim):
            measure = _measure(claim, q)
            if measure is None:
                continue
            if measure not in seen:
                seen[measure] = (j, q)
                continue
            i, first = seen[measure]
            a, b = first.value or 0.0, q.value or 0.0
            # "roughly 182,000" restates a measure; it does not license 178,000 elsewhere.
            tol = _SAME_MEASURE_ROUNDING * max(a, b)
            if i == j or measure in flagged or abs(a - b) <= tol or max(a, b) > 1.5 * min(a, b):
                continue
            flagged.add(measure)
            noun, period = measure
            detail = (
                f"'{first.text}' and '{q.text}' {noun}s a {period}: the same measure is given "
                f"with different figures; a reviewer should confirm which is right "
                f"(claims {i + 1}, {j + 1})."
            )
            checks.append(
                ConsistencyCheck(
                    "same_measure_different_figures", (i + 1, j + 1), "needs_review", detail
                )
            )
    return checks


def _reason(text: str) -> str | None:
    m = _REASON.search(text)
    if m is None:
        return None
    return " ".join((m.group("grounds") or m.group("other")).lower().split())


def _whole_and_parts_disagree_on_reason(
    claims: tuple[ClaimCandidate, ...], sums: list[_Sum]
) -> list[ConsistencyCheck]:
    """A whole given one reason that the article later gives to only some of its parts."""
    checks: list[ConsistencyCheck] = []
    for check, (i, parts, j, total) in sums:
        if check.result != "consistent":
            continue
        whole_claim = claims[j]
        after_total = whole_claim.text[total.end - whole_claim.start :]
        whole_reason = _reason(after_total[:160])
        if whole_reason is None:
            continue
        parts_claim = claims[i]
        text, base = parts_claim.text, parts_claim.start
        ordered = sorted(parts, key=lambda q: q.start)
        reasons = []
        for k, part in enumerate(ordered):
            stop = ordered[k + 1].start - base if k + 1 < len(ordered) else len(text)
            reasons.append(_reason(text[part.end - base : stop]))
        if all(r is None for r in reasons) or all(r == whole_reason for r in reasons):
            continue
        given = [part.text for part, r in zip(ordered, reasons, strict=True) if r == whole_reason]
        if not given:
            continue
        detail = (
            f"The stated '{total.text}' are all given the reason '{whole_reason}' (claim "
            f"{j + 1}), but only {' + '.join(given)} of the parts are given that reason "
            f"(claim {i + 1}); a reviewer should check the framing (claims "
            f"{min(i, j) + 1}, {max(i, j) + 1})."
        )
        checks.append(
            ConsistencyCheck(
                "whole_and_parts_disagree_on_reason", check.claims, "needs_review", detail
            )
        )
    return checks
