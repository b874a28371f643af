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
from typing import Any

from .figures import Figure, FigureComparison, compare_figures, figures_differ, values_agree
from .index import ClaimIndex, Hit
from .speakers import SpeakerComparison, compare_speakers, same_person
from .text import normalise, tokens

__all__ = [
    "ClaimIndex",
    "Figure",
    "FigureComparison",
    "Hit",
    "SpeakerComparison",
    "compare",
    "compare_figures",
    "compare_speakers",
    "figures_differ",
    "normalise",
    "same_person",
    "tokens",
    "values_agree",
]


def compare(query: Mapping[str, Any], match: Mapping[str, Any]) -> dict[str, list[dict]]:
    """``{"figures": [...], "speakers": [...]}`` for two claims' extraction JSON."""
    figures = compare_figures(query.get("quantities") or (), match.get("quantities") or ())
    speakers = compare_speakers(query.get("attributions") or (), match.get("attributions") or ())
    return {
        "figures": [f.to_dict() for f in figures],
        "speakers": [s.to_dict() for s in speakers],
    }
