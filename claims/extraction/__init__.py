"""Claim extraction: split an article into check-worthy claim candidates.

Pure Python (no Django).  ``extract()`` is the single entry point; the result types live in
``claims.extraction.types``.  The default pipeline is regex based and needs no model.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import re
from bisect import bisect_left, bisect_right

from .attribution import find_attributions
from .boilerplate import byline, embed_spans, is_boilerplate
from .consistency import check_consistency
from .dates import find_dates
from .enumerations import find_enumerations
from .facts import claim_facts
from .kinds import claim_kinds, find_comparisons
from .quantities import find_quantities
from .segment import split_sentences
from .types import (
    Attribution,
    ClaimCandidate,
    Comparison,
    ConsistencyCheck,
    DateMention,
    Enumeration,
    Extraction,
    Fact,
    Quantity,
    Scorer,
)

__all__ = [
    "Attribution",
    "ClaimCandidate",
    "Comparison",
    "ConsistencyCheck",
    "DateMention",
    "Enumeration",
    "Extraction",
    "Fact",
    "Quantity",
    "Scorer",
    "extract",
]

_WORDS = re.compile(r"[^\W\d_]{2,}")


def _default_scorer() -> Scorer:
    # Imported lazily: the scorer may load a model, and tests of the pure extractors
    # should not pay for it.
    worthiness = importlib.import_module(__name__ + ".worthiness")
    return worthiness.default_scorer()


def _facts_of(text: str, claim: ClaimCandidate) -> tuple[Fact, ...]:
    return tuple(
        claim_facts(
            text,
            claim.start,
            claim.end,
            quantities=claim.quantities,
            attributions=claim.attributions,
            dates=claim.dates,
            comparisons=claim.comparisons,
            enumerations=claim.enumerations,
        )
    )


def _clamp(score: float) -> float:
    if not isinstance(score, int | float) or math.isnan(score):
        return 0.0
    return min(1.0, max(0.0, float(score)))


def extract(
    text: str, *, published: dt.date | None = None, scorer: Scorer | None = None
) -> Extraction:
    """Extract claim candidates with quantities, attributions, dates and checks."""
    sentences = split_sentences(text)
    attributions = find_attributions(text, sentences)
    dates = find_dates(text, published)
    date_starts = [d.start for d in dates]
    metadata: dict[str, str | None] = {"author": None, "outlet": None}
    drafts: list[ClaimCandidate] = []
    embeds = embed_spans(text)
    for (start, end), atts in zip(sentences, attributions, strict=True):
        sentence = text[start:end]
        if embeds and any(s < end and start < e for s, e in embeds):
            continue
        if is_boilerplate(sentence):
            found = byline(sentence)
            if found and metadata["author"] is None:
                metadata["author"], metadata["outlet"] = found
            continue
        if len(_WORDS.findall(sentence)) < 3:
            continue
        in_sentence = dates[bisect_left(date_starts, start) : bisect_right(date_starts, end - 1)]
        blocked = [(d.start, d.end) for d in in_sentence]
        quantities = find_quantities(sentence, start, blocked)
        comparisons = find_comparisons(sentence, start)
        enumerations = find_enumerations(sentence, start)
        kinds = claim_kinds(sentence, quantities, atts, comparisons, enumerations)
        drafts.append(
            ClaimCandidate(
                start=start,
                end=end,
                text=sentence,
                kinds=kinds,
                score=0.0,
                quantities=tuple(quantities),
                attributions=tuple(atts),
                dates=tuple(in_sentence),
                comparisons=tuple(comparisons),
                enumerations=tuple(enumerations),
            )
        )
    if drafts:
        scores = (scorer or _default_scorer()).score([c.text for c in drafts])
        scores = list(scores) + [0.0] * (len(drafts) - len(scores))
        claims = tuple(
            ClaimCandidate(
                start=c.start,
                end=c.end,
                text=c.text,
                kinds=c.kinds,
                score=_clamp(s),
                quantities=c.quantities,
                attributions=c.attributions,
                dates=c.dates,
                comparisons=c.comparisons,
                enumerations=c.enumerations,
                facts=_facts_of(text, c),
            )
            for c, s in zip(drafts, scores, strict=False)
        )
    else:
        claims = ()
    return Extraction(metadata=metadata, claims=claims, checks=check_consistency(claims))
