"""Cross-claim arithmetic checks within one article.

Only quantities that share an event and a counted unit are compared, so a reviewer sees
few false alarms.  Approximate figures ("about", "roughly") get a 10% tolerance each; a
sum of parts that falls short of a total is "needs_review" (the parts may be partial),
one that exceeds it beyond the tolerance is "inconsistent".  A check's ``claims`` are
0-based indexes into ``Extraction.claims``; its detail sentence, written for people,
numbers claims from 1, as the reader lists them.
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


def _countable(q: Quantity) -> bool:
    return q.kind == "count" and not q.vague and q.value is not None


def check_consistency(claims: tuple[ClaimCandidate, ...]) -> tuple[ConsistencyCheck, ...]:
    checks: list[ConsistencyCheck] = []
    checks += _parts_sum_to_total(claims)
    checks += _part_within_whole(claims)
    checks += _stated_count_vs_listed_items(claims)
    return tuple(checks)


def _parts_sum_to_total(claims: tuple[ClaimCandidate, ...]) -> list[ConsistencyCheck]:
    checks: list[ConsistencyCheck] = []
    for i, claim in enumerate(claims):
        groups: dict[tuple[str, str], list[Quantity]] = defaultdict(list)
        for q in claim.quantities:
            unit = _norm_unit(q.unit)
            if _countable(q) and q.event and unit:
                groups[(q.event, unit)].append(q)
        for (event, unit), parts in groups.items():
            if len(parts) < 2:
                continue
            total_sum = sum(q.value or 0.0 for q in parts)
            candidates = [
                (j, t)
                for j, other in enumerate(claims)
                if j != i
                for t in other.quantities
                if _countable(t)
                and t.event == event
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
            checks.append(
                ConsistencyCheck("parts_sum_to_total", (min(i, j), max(i, j)), result, detail)
            )
    return checks


def _part_within_whole(claims: tuple[ClaimCandidate, ...]) -> list[ConsistencyCheck]:
    """ "300 of the 680 arrested": the part must not exceed the whole it is taken from."""
    checks: list[ConsistencyCheck] = []
    for i, claim in enumerate(claims):
        qs = [q for q in claim.quantities if _countable(q)]
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
            checks.append(ConsistencyCheck("part_within_whole", (i,), result, detail))
    return checks


def _stated_count_vs_listed_items(
    claims: tuple[ClaimCandidate, ...],
) -> list[ConsistencyCheck]:
    checks: list[ConsistencyCheck] = []
    for j, claim in enumerate(claims):
        for enum in claim.enumerations:
            lead = claim.text[: enum.start - claim.start].lower()
            best: tuple[int, Quantity] | None = None
            for i, other in enumerate(claims[: j + 1]):
                for q in other.quantities:
                    unit = _norm_unit(q.unit)
                    if not (_countable(q) and unit and 2 <= (q.value or 0) <= 100):
                        continue
                    if re.search(r"\b" + re.escape(unit) + r"s?\b", lead):
                        best = (i, q)
            if best is None:
                continue
            i, q = best
            stated, listed = int(q.value or 0), len(enum.items)
            claim_ids = tuple(sorted({i, j}))
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
