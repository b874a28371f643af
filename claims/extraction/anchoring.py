"""Re-anchoring a claim in a new revision of its article, by its quote selector.

A claim is remembered as (prefix, exact, suffix) plus its old offset. In the new text we
look, in order of confidence, for:

1. "exact": the same characters; when they occur several times, the occurrence whose
   surroundings best match prefix/suffix, then the one nearest the old position;
2. "context": the old prefix and suffix still present with something of a plausible
   length between them — the claim's own wording changed;
3. "fuzzy": the candidate span (a sentence of the new text) most similar to the old
   claim, if similar enough.

None means the claim cannot be found any more (an orphan). Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Below this many characters a prefix or suffix matches too many places to trust it.
MIN_CONTEXT = 8
# How similar a sentence must be to count as the same claim reworded.
FUZZY_THRESHOLD = 0.75


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    method: str  # "exact" | "context" | "fuzzy"


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    if not needle:
        return found
    position = text.find(needle)
    while position != -1:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def reanchor(
    new_text: str,
    *,
    exact: str,
    prefix: str,
    suffix: str,
    old_start: int,
    candidates: Sequence[tuple[int, int]] = (),
) -> Anchor | None:
    """Where the claim (prefix, exact, suffix) now stands in `new_text`, if anywhere."""
    hits = _occurrences(new_text, exact)
    if hits:

        def fit(position: int) -> tuple[int, int]:
            context = _common_suffix(prefix, new_text[:position]) + _common_prefix(
                suffix, new_text[position + len(exact) :]
            )
            return (-context, abs(position - old_start))

        best = min(hits, key=fit)
        return Anchor(best, best + len(exact), "exact")

    span = _between_context(new_text, prefix, suffix, len(exact), old_start)
    if span is not None:
        return Anchor(span[0], span[1], "context")

    best_span: tuple[int, int] | None = None
    best_ratio = FUZZY_THRESHOLD
    for start, end in candidates:
        matcher = SequenceMatcher(None, exact, new_text[start:end], autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best_ratio, best_span = ratio, (start, end)
    if best_span is not None:
        return Anchor(best_span[0], best_span[1], "fuzzy")
    return None


def _between_context(
    text: str, prefix: str, suffix: str, length: int, old_start: int
) -> tuple[int, int] | None:
    if len(prefix.strip()) < MIN_CONTEXT or len(suffix.strip()) < MIN_CONTEXT:
        return None
    best: tuple[int, int] | None = None
    best_distance = None
    for p in _occurrences(text, prefix):
        start = p + len(prefix)
        # The reworded claim should be of a similar length: half to twice the old one.
        window_end = start + 2 * length + len(suffix)
        s = text.find(suffix, start + length // 2, window_end)
        if s == -1:
            continue
        span = _trimmed(text, start, s)
        if span is None:
            continue
        distance = abs(start - old_start)
        if best_distance is None or distance < best_distance:
            best, best_distance = span, distance
    return best
