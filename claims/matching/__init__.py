"""Claim matching: the same fact across outlets and over time (pure Python, no Django).

- :class:`ClaimIndex` (``index.py``): the most similar claims for a text, with a score in
  (0, 1]; grows by segments, never rebuilt.
- :func:`compare_figures` (``figures.py``): figures about the same event and unit, agree or
  differ, qualifiers and sums of parts considered.
- :func:`compare_speakers` / :func:`same_person` (``speakers.py``): spelling variants of one
  person, with or without a role.
- :func:`compare`: both, for two claims given as their extraction JSON (the ``quantities``
  and ``attributions`` lists that claims/extraction produces and the Claim model stores).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .figures import (
    Figure,
    FigureComparison,
    compare_figure_lists,
    compare_figures,
    figures_differ,
    figures_of,
    sums_of,
    values_agree,
)
from .index import ClaimIndex, Hit
from .speakers import (
    Name,
    SpeakerComparison,
    compare_names,
    compare_speakers,
    names_of,
    same_person,
)
from .text import normalise, tokens

__all__ = [
    "ClaimIndex",
    "Figure",
    "FigureComparison",
    "Hit",
    "Prepared",
    "SpeakerComparison",
    "compare",
    "compare_figures",
    "compare_prepared",
    "compare_speakers",
    "figures_differ",
    "normalise",
    "prepare",
    "same_person",
    "tokens",
    "values_agree",
]


def compare(query: Mapping[str, Any], match: Mapping[str, Any]) -> dict[str, list[dict]]:
    """``{"figures": [...], "speakers": [...]}`` for two claims' extraction JSON."""
    return compare_prepared(prepare(query), prepare(match))


@dataclass(frozen=True, slots=True)
class Prepared:
    """What :func:`compare` reads of one claim, found once (a claim meets many others)."""

    figures: list[Figure]
    sums: list[tuple[Figure, tuple[Figure, ...]]]
    names: list[Name]


def prepare(claim: Mapping[str, Any]) -> Prepared:
    figs = figures_of(claim.get("quantities") or ())
    return Prepared(figs, sums_of(figs), names_of(claim.get("attributions") or ()))


def compare_prepared(query: Prepared, match: Prepared) -> dict[str, list[dict]]:
    """:func:`compare` of two :func:`prepare` results."""
    figures = compare_figure_lists(query.figures, match.figures, query.sums, match.sums)
    speakers = compare_names(query.names, match.names) if query.names and match.names else []
    return {
        "figures": [f.to_dict() for f in figures],
        "speakers": [s.to_dict() for s in speakers],
    }
