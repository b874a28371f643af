"""Do two reports' figures agree? Same event and unit, values within their qualifiers.

Figures are the ``quantities`` that claims/extraction already found (value, qualifier,
unit, event, kind); nothing is parsed again here. A figure stands for an interval of the
values its words allow, and two figures agree when their intervals meet:

- a bare number is that number ("680 arrested");
- "about/around/roughly/some/approximately/an estimated N" is N +- 5 % — tight on purpose:
  "about 300 released" and "270 released" are different reports (30 more people);
- "nearly/almost/close to/just under N" is [0.95 N, N]: "nearly 700" agrees with 680;
- "more than/over/upwards of/just over N" is (N, 1.2 N], "at least N" [N, 1.2 N];
- "fewer than/less than/under N" is [0.8 N, N), "up to/at most/no more than/as many as N"
  [0.8 N, N].

Parts add up: when one side gives several figures for the same event and unit ("30 ...
released on humanitarian grounds while an additional 270 ... were released") and no
single one agrees, their sum is compared too ("about 300" agrees with 30 + 270).

Same event and unit: both figures need an event (the verb extraction attached: arrest,
release, ...; a counted noun that is itself an event, "680 arrests", counts as that event),
the same kind (count, money, percent) and compatible units: equal after singular, both
people (workers, aliens, immigrants, people...), or one side without a unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

_AROUND = {"about", "around", "roughly", "some", "approximately", "an estimated", "estimated"}
_BELOW_UPTO = {"nearly", "almost", "close to", "just under"}
_ABOVE = {"more than", "over", "upwards of", "just over"}
_ABOVE_INCL = {"at least"}
_UNDER = {"fewer than", "less than", "under"}
_UNDER_INCL = {"up to", "at most", "no more than", "as many as"}

PEOPLE = frozenset(
    "people person persons worker workers alien aliens immigrant immigrants migrant migrants "
    "employee employees individual individuals detainee detainees undocumented adult adults "
    "resident residents civilian civilians men women man woman".split()
)
_EVENT_NOUNS = {
    "arrests": "arrest", "arrest": "arrest", "releases": "release", "deportations": "deport",
    "deaths": "die", "detentions": "detain", "raids": "raid", "injuries": "injure",
    "votes": "vote", "killings": "kill", "evacuations": "evacuate", "infections": "infect",
}  # fmt: skip

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    unit: str | None
    event: str
    kind: str
    qualifier: str | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"value": _number(self.value), "unit": self.unit, "event": self.event}


@dataclass(frozen=True, slots=True)
class FigureComparison:
    query: Figure
    match: Figure
    agree: bool
    parts: tuple[float, ...] = ()  # the match's parts when their sum was compared

    def to_dict(self) -> dict[str, Any]:
        out = {"query": self.query.to_dict(), "match": self.match.to_dict(), "agree": self.agree}
        if self.parts:
            out["match"]["parts"] = [_number(p) for p in self.parts]
        return out


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


@lru_cache(maxsize=4096)
def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def figure_of(quantity: Mapping[str, Any]) -> Figure | None:
    """The comparable figure of an extracted quantity, or None (no value, no event, a year)."""
    value = quantity.get("value")
    kind = quantity.get("kind") or "count"
    if value is None or kind in ("ordinal",) or quantity.get("vague"):
        return None
    unit = quantity.get("unit")
    event = quantity.get("event")
    if event is None and unit and unit.lower() in _EVENT_NOUNS:
        event, unit = _EVENT_NOUNS[unit.lower()], None
    if not event:
        return None
    return Figure(
        value=float(value),
        unit=unit.lower() if unit else None,
        event=str(event),
        kind=str(kind),
        qualifier=(quantity.get("qualifier") or None),
        text=str(quantity.get("text") or ""),
    )


def interval(fig: Figure) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open) of the values the figure's words allow."""
    v, q = fig.value, (fig.qualifier or "").lower()
    if q in _AROUND:
        return v * 0.95, v * 1.05, False, False
    if q in _BELOW_UPTO:
        return v * 0.95, v, False, False
    if q in _ABOVE:
        return v, v * 1.2, True, False
    if q in _ABOVE_INCL:
        return v, v * 1.2, False, False
    if q in _UNDER:
        return v * 0.8, v, False, True
    if q in _UNDER_INCL:
        return v * 0.8, v, False, False
    return v, v, False, False


def values_agree(a: Figure, b: Figure) -> bool:
    alo, ahi, alo_open, ahi_open = interval(a)
    blo, bhi, blo_open, bhi_open = interval(b)
    # The intervals meet: a's top reaches b's bottom and b's top reaches a's bottom.
    first = ahi > blo + _EPS if (ahi_open or blo_open) else ahi >= blo - _EPS
    second = bhi > alo + _EPS if (bhi_open or alo_open) else bhi >= alo - _EPS
    return first and second


def same_measure(a: Figure, b: Figure) -> bool:
    """Same event, kind and a compatible unit."""
    if a.event != b.event or a.kind != b.kind:
        return False
    if a.unit is None or b.unit is None:
        return True
    ua, ub = _singular(a.unit), _singular(b.unit)
    return ua == ub or (a.unit in PEOPLE and b.unit in PEOPLE)


def _figures(quantities: Iterable[Mapping[str, Any]]) -> list[Figure]:
    out = []
    for q in quantities:
        fig = figure_of(q)
        if fig is not None and fig not in out:
            out.append(fig)
    return out


def _sum(parts: list[Figure]) -> Figure:
    qualified = [p.qualifier for p in parts if p.qualifier]
    return Figure(
        value=sum(p.value for p in parts),
        unit=parts[0].unit,
        event=parts[0].event,
        kind=parts[0].kind,
        qualifier="about" if qualified else None,
        text=" + ".join(p.text or str(_number(p.value)) for p in parts),
    )


def _sums(figs: list[Figure]) -> list[tuple[Figure, tuple[Figure, ...]]]:
    out = []
    for size in range(2, min(len(figs), 4) + 1):
        for combo in combinations(figs, size):
            if all(same_measure(combo[0], f) for f in combo[1:]):
                out.append((_sum(list(combo)), combo))
    return out


def compare_figures(
    query: Iterable[Mapping[str, Any]], match: Iterable[Mapping[str, Any]]
) -> list[FigureComparison]:
    """For each query figure with a counterpart of the same measure in the match: agree?

    A single counterpart that agrees wins; then a sum of the match's parts; then the query's
    parts summed against one match figure; otherwise the closest counterpart, disagreeing.
    """
    qfigs, mfigs = _figures(query), _figures(match)
    return compare_figure_lists(qfigs, mfigs, _sums(qfigs), _sums(mfigs))


def figures_of(quantities: Iterable[Mapping[str, Any]]) -> list[Figure]:
    """The comparable figures of extracted quantities, duplicates left out."""
    return _figures(quantities)


def sums_of(figs: list[Figure]) -> list[tuple[Figure, tuple[Figure, ...]]]:
    """The sums of 2-4 figures of the same measure, with their parts."""
    return _sums(figs)


def compare_figure_lists(
    qfigs: list[Figure],
    mfigs: list[Figure],
    qsums: list[tuple[Figure, tuple[Figure, ...]]],
    msums: list[tuple[Figure, tuple[Figure, ...]]],
) -> list[FigureComparison]:
    """:func:`compare_figures` over figures (and sums) found once per claim beforehand."""
    out: list[FigureComparison] = []
    # A match figure that one query figure agrees with is that figure's counterpart: it is
    # not also the "closest" of another query figure of the same measure ("about 30
    # released" and "270 released" against "270 released": the 30 has no counterpart).
    counterparts = []  # per query figure: (same measure, agreeing)
    for qf in qfigs:
        same = [m for m in mfigs if same_measure(qf, m)]
        counterparts.append((same, [m for m in same if values_agree(qf, m)]))
    taken = {id(m) for _, agreeing in counterparts for m in agreeing}
    for qf, (same, agreeing) in zip(qfigs, counterparts, strict=True):
        if not same:
            continue
        if agreeing:
            out.append(FigureComparison(qf, agreeing[0], True))
            continue
        summed = [(s, parts) for s, parts in msums if same_measure(qf, s) and values_agree(qf, s)]
        if summed:
            total, parts = summed[0]
            out.append(FigureComparison(qf, total, True, tuple(p.value for p in parts)))
            continue
        free = [m for m in same if id(m) not in taken]
        if not free:
            continue
        closest = min(free, key=lambda m: abs(m.value - qf.value))
        out.append(FigureComparison(qf, closest, False))
    # The query's own parts may add up to one of the match's figures (30 + 270 vs about 300).
    for total, parts in qsums:
        for m in mfigs:
            if same_measure(total, m) and values_agree(total, m):
                out = [
                    c
                    for c in out
                    if not (c.query in parts and not c.agree and same_measure(c.match, m))
                ]
                out.append(FigureComparison(total, m, True))
                break
    return out


def figures_differ(comparisons: Iterable[FigureComparison]) -> bool:
    return any(not c.agree for c in comparisons)
