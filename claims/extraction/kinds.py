"""Comparisons (superlatives, comparatives) and the kind labels of a claim."""

from __future__ import annotations

import re

from .types import Attribution, Comparison, Enumeration, Quantity

_SUPERLATIVES = (
    "largest|biggest|smallest|highest|lowest|greatest|worst|best|longest|shortest|fastest|"
    "slowest|deadliest|richest|poorest|oldest|youngest|strongest|weakest|busiest|costliest|"
    "cheapest|hottest|coldest|wettest|driest|heaviest|steepest|sharpest|widest|deepest|"
    "safest|fewest|least|most|top|record"
)
_COMPARATIVES = (
    "more|less|fewer|higher|lower|larger|bigger|smaller|greater|better|worse|faster|slower|"
    "longer|shorter|older|younger|cheaper|richer|poorer|stronger|weaker|heavier|safer|"
    "deadlier|costlier|busier"
)
# Where a comparison phrase stops: clause punctuation or a new clause/coordination.
_STOP = r"(?=\s*(?:[,;:.!?\u201d\"]|\s(?:and|but|or|that|which|who|while|because|as|after|before|when)\b|$))"
_SUPER = re.compile(
    r"\b(?:the\s+)?(?P<w>(?i:"
    + _SUPERLATIVES
    + r"))\b(?P<rest>[^,;:.!?\u201c\u201d\"]{0,80}?)"
    + _STOP
)
_COMPARE = re.compile(
    r"\b(?P<w>(?i:" + _COMPARATIVES + r"))\s+(?:[\w'-]+\s+){0,4}?than\s+"
    r"(?P<after>[^,;:.!?\u201c\u201d\"]{1,60}?)" + _STOP
)
# Every superlative or comparative above contains one of these; most sentences have none.
_HINT = re.compile(r"(?i:est\b|most\b|least\b|top\b|record\b|than\b)")
_NUMBER_START = re.compile(r"\s*(?:\$|\d|(?i:a\s+)?(?:dozen|hundred|thousand|one|two|three|"
                           r"four|five|six|seven|eight|nine|ten|half)\b)")  # fmt: skip
_FACT_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|did|does|do|been|be|can|could|"
    r"[a-z]{3,}ed|[a-z]{3,}s)\b"
)
_OPINION = re.compile(r"^(?:I|We)\s+(?:think|believe|feel|hope|wish)\b|\?\W*$")


def find_comparisons(sentence: str, offset: int) -> list[Comparison]:
    if _HINT.search(sentence) is None:
        return []
    found: list[Comparison] = []
    for m in _SUPER.finditer(sentence):
        word = m.group("w").lower()
        rest = m.group("rest")
        if word in ("most", "least") and not rest.strip():
            continue
        if word in ("most", "least", "top", "record") and m.start() > 0:
            # "most of", "top aide", "record of": only comparative uses count.
            if re.match(r"\s+(?:of|aide|official|officials|adviser)\b", rest):
                continue
            if word == "record" and not re.match(r"\s+(?:high|low|number|levels?)\b", rest):
                continue
            if word == "top" and not re.match(r"\s+(?:\d|ten|five|spot)", rest):
                continue
        s, e = m.start("w"), m.end()
        found.append(Comparison(sentence[s:e], offset + s, offset + e, "superlative"))
    for m in _COMPARE.finditer(sentence):
        # "more than 600" is a bound on a quantity, not a comparison.
        if _NUMBER_START.match(m.group("after")) and re.match(
            r"(?i:more|less|fewer)\s+than", m.group(0)
        ):
            continue
        s, e = m.start(), m.end()
        if any(c.start <= offset + s < c.end for c in found):
            continue
        found.append(Comparison(sentence[s:e], offset + s, offset + e, "comparative"))
    found.sort(key=lambda c: c.start)
    return found


def claim_kinds(
    sentence: str,
    quantities: list[Quantity],
    attributions: list[Attribution],
    comparisons: list[Comparison],
    enumerations: list[Enumeration],
) -> tuple[str, ...]:
    """Kinds in a fixed order: quantity, comparison, enumeration, attribution, factual."""
    kinds: list[str] = []
    if any(q.kind != "ordinal" for q in quantities):
        kinds.append("quantity")
    if comparisons:
        kinds.append("comparison")
    if enumerations:
        kinds.append("enumeration")
    if attributions:
        kinds.append("attribution")
    if not kinds and _is_factual(sentence):
        kinds.append("factual")
    return tuple(kinds)


def _is_factual(sentence: str) -> bool:
    # A declarative sentence with a finite verb and enough words to assert something.
    return (
        len(sentence.split()) >= 5
        and not _OPINION.search(sentence)
        and _FACT_VERB.search(sentence) is not None
    )
