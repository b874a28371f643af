"""The same fact in two claims: figures and speakers compared fact by fact.

A claim match (two claims of different outlets about the same event) is found on whole
claims; a reviewer checks facts. :func:`compare_facts` takes the facts of both claims
(each as its id and its kind's fields, claims/extraction/facts.py) and says, for each of
this claim's figure and attribution facts, which of the other claim's facts it is and
whether they agree:

- figures: :func:`~claims.matching.figures.compare_figure_lists` over both claims' figure
  facts, so the rules are the claim's (a single agreeing figure wins; then a sum of the
  other's parts; then this claim's parts summed; else the closest, differing). A part
  ("30 released on humanitarian grounds") is not set against the other's whole ("about
  300 released"): its claim's parts are summed first, and the part is shown with the sum;
- attributions: the speakers, the same person or not (spelling variants, roles).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .figures import Figure, compare_figure_lists, figure_of, sums_of
from .speakers import compare_names, names_of

FactRow = tuple[Hashable, str, Mapping[str, Any]]  # (id, kind, fields)


@dataclass(frozen=True, slots=True)
class FactLink:
    """One of this claim's facts against the other claim's facts."""

    fact: Hashable
    others: tuple[Hashable, ...]  # the other claim's facts compared (parts of a sum: all)
    agree: bool
    detail: dict[str, Any]  # figures: {"query", "match", "agree"}; speakers: {..., "same"}
    compared: str  # "figure" or "speaker"
    with_parts: tuple[Hashable, ...] = ()  # this claim's facts summed with this one


def fact_figure(fields: Mapping[str, Any]) -> Figure | None:
    """The comparable figure of a figure fact's fields, or None (no value, no event)."""
    return figure_of(
        {
            "value": fields.get("value"),
            "unit": fields.get("unit"),
            "event": fields.get("event"),
            "kind": fields.get("measure") or "count",
            "qualifier": fields.get("qualifier"),
            "text": fields.get("text") or "",
        }
    )


def compare_facts(facts: Sequence[FactRow], others: Sequence[FactRow]) -> list[FactLink]:
    """Each figure and attribution fact of ``facts`` against the facts of ``others``."""
    return _figure_links(facts, others) + _speaker_links(facts, others)


def _figures(rows: Sequence[FactRow]) -> tuple[list[Figure], dict[int, Hashable]]:
    figs: list[Figure] = []
    owner: dict[int, Hashable] = {}  # id(figure) -> fact id
    for key, kind, fields in rows:
        if kind != "figure":
            continue
        fig = fact_figure(fields)
        if fig is not None and fig not in figs:
            figs.append(fig)
            owner[id(fig)] = key
    return figs, owner


def _figure_links(facts: Sequence[FactRow], others: Sequence[FactRow]) -> list[FactLink]:
    qfigs, qowner = _figures(facts)
    mfigs, mowner = _figures(others)
    if not qfigs or not mfigs:
        return []
    qsums, msums = sums_of(qfigs), sums_of(mfigs)
    qparts = {id(total): parts for total, parts in qsums}
    mparts = {id(total): parts for total, parts in msums}
    links: list[FactLink] = []
    for c in compare_figure_lists(qfigs, mfigs, qsums, msums):
        if id(c.match) in mowner:
            matched: tuple[Hashable, ...] = (mowner[id(c.match)],)
        else:
            matched = tuple(mowner[id(p)] for p in mparts.get(id(c.match), ()))
        detail = c.to_dict()
        if id(c.query) in qowner:
            links.append(FactLink(qowner[id(c.query)], matched, c.agree, detail, "figure"))
            continue
        # This claim's parts summed agree with the other's figure: each part gets the link.
        parts = tuple(qowner[id(p)] for p in qparts.get(id(c.query), ()))
        for part in parts:
            links.append(FactLink(part, matched, c.agree, detail, "figure", with_parts=parts))
    return links


def _speaker_links(facts: Sequence[FactRow], others: Sequence[FactRow]) -> list[FactLink]:
    theirs = [(key, names_of([fields])) for key, kind, fields in others if kind == "attribution"]
    links: list[FactLink] = []
    for key, kind, fields in facts:
        if kind != "attribution":
            continue
        mine = names_of([fields])
        if not mine:
            continue
        for other_key, names in theirs:
            for compared in compare_names(mine, names):
                links.append(
                    FactLink(key, (other_key,), compared.same, compared.to_dict(), "speaker")
                )
    return links
