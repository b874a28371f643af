"""Re-anchoring a claim, and its facts, in a new revision of its article.

A claim is remembered as (prefix, exact, suffix) plus its old offset. In the new text we
look, in order of confidence, for:

1. "exact": the same characters; when they occur several times, the occurrence whose
   surroundings best match prefix/suffix, then the one nearest the old position;
2. "context": the old prefix and suffix still present with something of a plausible
   length between them — the claim's own wording changed;
3. "fuzzy": the candidate span (a sentence of the new text) most similar to the old
   claim, if similar enough; of the MAX_FUZZY_CANDIDATES sentences nearest its old place.

:func:`reanchor` gives the best place (None: the claim cannot be found any more, an
orphan); :func:`anchor_choices` gives every plausible place in that order, so that a
caller can refuse one (the claim's facts are not there) and try the next.

A reworded claim (context or fuzzy) is the same claim only if its facts are still in it
(:func:`facts_follow`). Every fact of the old claim needs a counterpart in the new span:

- a figure: a figure of the same value, unit and event. A changed qualifier ("about",
  "more than") is allowed, but it changes the fact's words, so a verdict on it is
  flagged stale. A figure extraction could not read (no value) is found by its words;
- an attribution: one with the same speaker; spelling variants of a person's name are
  the same person (claims.matching.speakers.same_person: "Brian Cox" for "Bryan Cox",
  "Cox" after "Bryan Cox"); other speakers ("the police chief") are compared as words,
  without a leading article. A changed cue or recipient ("said" -> "told reporters") is
  allowed and flags a verdict stale. Its content span follows the content's words,
  else the new attribution's content; changed content flags a verdict stale too;
- a date: the same words, or the same resolved day or period ("last year" and "in 2024"
  in an article of 2025);
- a comparison: the same words; a list: the same words or the same items.

Counterparts come first from the facts extraction found in the new span, by those
fields; else the same words of the fact inside the new span, unless extraction reads a
different figure or speaker there. Of several counterparts the one at the same place in
the sentence wins; no counterpart serves two facts, and two facts of one kind never end
up sharing characters. A figure or speaker that differs means a different fact and a
different claim; a date, comparison or list that cannot be found is treated the same
way, because a fact never lives apart from its claim (its span must lie in its claim's
text), so its claim cannot move without it. Extracted facts of the new span that no old
fact claims are listed as `fresh` for the caller to add.

Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Protocol

from claims.matching.speakers import same_person

# Below this many characters a prefix or suffix matches too many places to trust it.
MIN_CONTEXT = 8
# How similar a sentence must be to count as the same claim reworded.
FUZZY_THRESHOLD = 0.75
# How many similar sentences a reworded claim may be tried in (anchor_choices), and
# how many sentences, the nearest to its old place, are compared with it: bounded work
# per claim, whatever the length of the article.
MAX_FUZZY_CHOICES = 3
MAX_FUZZY_CANDIDATES = 60


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
    for anchor in anchor_choices(
        new_text,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        old_start=old_start,
        candidates=candidates,
    ):
        return anchor
    return None


def anchor_choices(
    new_text: str,
    *,
    exact: str,
    prefix: str,
    suffix: str,
    old_start: int,
    candidates: Sequence[tuple[int, int]] = (),
    fuzzy_limit: int = MAX_FUZZY_CHOICES,
) -> Iterator[Anchor]:
    """Every plausible place of the claim in `new_text`, best first, each computed only
    when the caller asks for it.

    The same characters, if present, are the only choices (each occurrence, best
    surroundings first): the claim is unchanged. Otherwise the span between the old
    context, then up to `fuzzy_limit` candidate spans similar enough, most similar first.
    """
    hits = _occurrences(new_text, exact)
    if hits:

        def fit(position: int) -> tuple[int, int]:
            context = _common_suffix(prefix, new_text[:position]) + _common_prefix(
                suffix, new_text[position + len(exact) :]
            )
            return (-context, abs(position - old_start))

        for p in sorted(hits, key=fit):
            yield Anchor(p, p + len(exact), "exact")
        return

    span = _between_context(new_text, prefix, suffix, len(exact), old_start)
    if span is not None:
        yield Anchor(span[0], span[1], "context")

    best: list[tuple[float, int, int]] = []  # the most similar so far, best first
    nearest = sorted(candidates, key=lambda c: (abs(c[0] - old_start), c[0]))
    for start, end in nearest[:MAX_FUZZY_CANDIDATES]:
        if span is not None and (start, end) == span:
            continue
        floor = best[-1][0] if len(best) >= fuzzy_limit else FUZZY_THRESHOLD
        matcher = SequenceMatcher(None, exact, new_text[start:end], autojunk=False)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio >= floor:
            best.append((ratio, start, end))
            best.sort(key=lambda b: (-b[0], b[1]))
            del best[fuzzy_limit:]
    for _, start, end in best:
        yield Anchor(start, end, "fuzzy")


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


# --- facts ------------------------------------------------------------------------------


class FactLike(Protocol):
    """What facts_follow reads of a fact: a stored one or one extraction found."""

    kind: str
    start: int
    end: int
    text: str
    fields: Any


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one old fact stands in the new span, and what it reads there."""

    kind: str
    start: int
    end: int
    text: str
    fields: dict[str, Any]
    # The new statement when the fact's words changed and extraction gave one; None: keep.
    statement: str | None
    # Its words (or a figure's qualifier) changed: a verdict on it needs another look.
    changed: bool
    # Index in `found` of the extracted fact it took, if any.
    found: int | None


@dataclass(frozen=True, slots=True)
class FactsFollow:
    """facts_follow's answer: a placement per old fact, or the first fact not found."""

    placements: tuple[Placement, ...] | None
    missing: FactLike | None = None
    # Indices in `found` of the extracted facts no old fact took (new in the span).
    fresh: tuple[int, ...] = ()


def facts_follow(
    new_text: str,
    *,
    old_claim: tuple[int, int],
    new_span: tuple[int, int],
    old_facts: Sequence[FactLike],
    found: Sequence[FactLike] = (),
) -> FactsFollow:
    """Each fact of the old claim (`old_claim`: its span in the old text) in the claim's
    new span of `new_text`, by the rule of the module docstring. `found` are facts
    extraction found in the new text; those outside `new_span` are ignored."""
    inside = [(i, f) for i, f in enumerate(found) if new_span[0] <= f.start < f.end <= new_span[1]]
    used: set[int] = set()
    placed: list[Placement] = []
    for old in old_facts:
        place = _counterpart(new_text, old, old_claim[0], new_span, inside, used, placed)
        if place is None:
            return FactsFollow(None, missing=old)
        placed.append(place)
        if place.found is not None:
            used.add(place.found)
    fresh = tuple(i for i, f in inside if i not in used and _free(placed, f.kind, f.start, f.end))
    return FactsFollow(tuple(placed), fresh=fresh)


def fact_shifted(kind: str, fields: Mapping[str, Any], delta: int) -> dict[str, Any]:
    """A fact's fields with its article offsets (an attribution's content span, a list's
    item spans) moved by `delta` characters."""
    out = dict(fields)
    if not delta:
        return out
    if kind == "attribution":
        for name in ("content_start", "content_end"):
            if isinstance(out.get(name), int):
                out[name] += delta
    if kind == "list" and out.get("item_spans"):
        out["item_spans"] = [[s + delta, e + delta] for s, e in out["item_spans"]]
    return out


def _free(placed: Sequence[Placement], kind: str, start: int, end: int) -> bool:
    """No fact of this kind placed so far shares a character with start:end."""
    return not any(p.kind == kind and p.start < end and start < p.end for p in placed)


def _counterpart(
    text: str,
    old: FactLike,
    old_claim_start: int,
    new_span: tuple[int, int],
    inside: list[tuple[int, FactLike]],
    used: set[int],
    placed: list[Placement],
) -> Placement | None:
    """The old fact's place in the new span, or None when it has none there."""
    kind = old.kind
    where = new_span[0] + (old.start - old_claim_start)  # the same place in the sentence
    known = _identity_known(old)
    same = [
        (i, f)
        for i, f in inside
        if i not in used
        and f.kind == kind
        and known
        and _same_fact(old, f)
        and _free(placed, kind, f.start, f.end)
    ]
    if same:
        i, f = min(same, key=lambda pair: (abs(pair[1].start - where), pair[0]))
        return _placement(text, old, f.start, f.end, f, i, old_claim_start, new_span)
    # The same words, unless extraction reads a different fact of this kind there.
    inner = text[new_span[0] : new_span[1]]
    starts = sorted(
        (new_span[0] + p for p in _occurrences(inner, old.text)),
        key=lambda start: abs(start - where),
    )
    for start in starts:
        end = start + len(old.text)
        if not _free(placed, kind, start, end):
            continue
        clash = any(
            f.kind == kind and f.start < end and start < f.end and not _same_fact(old, f)
            for _, f in inside
        )
        if clash and known:
            continue
        return _placement(text, old, start, end, None, None, old_claim_start, new_span)
    return None


def _placement(
    text: str,
    old: FactLike,
    start: int,
    end: int,
    new: FactLike | None,
    index: int | None,
    old_claim_start: int,
    new_span: tuple[int, int],
) -> Placement:
    kind, words = old.kind, text[start:end]
    old_fields = dict(old.fields or {})
    changed = words != old.text
    if new is None:  # the same words: the same reading, offsets moved with them
        fields = fact_shifted(kind, old_fields, start - old.start)
    elif kind == "figure":
        # Value, unit and event are equal; the qualifier may have changed.
        fields = {**old_fields}
        for name in ("qualifier", "approximate"):
            if name in new.fields:
                fields[name] = new.fields[name]
        changed = changed or _qualifier(old_fields) != _qualifier(new.fields)
    elif kind == "attribution":
        # The same speaker (as the reviewer may have corrected it); how they said it and
        # to whom are read from the new words.
        fields = {**old_fields}
        if changed:
            for name in ("cue", "recipient", "direct_quote"):
                if name in new.fields:
                    fields[name] = new.fields[name]
    elif changed:  # a date, comparison or list in other words: read from them
        fields = {**old_fields, **dict(new.fields)}
    else:
        fields = fact_shifted(kind, old_fields, start - old.start)
    if kind == "attribution":
        fields = _content(text, old, fields, new, old_claim_start, new_span)
        # What was said is part of the attribution: new content, another look.
        changed = changed or fields.get("content") != old_fields.get("content")
    statement = getattr(new, "statement", None) if (changed and new is not None) else None
    return Placement(kind, start, end, words, fields, statement or None, changed, index)


def _content(
    text: str,
    old: FactLike,
    fields: dict[str, Any],
    new: FactLike | None,
    old_claim_start: int,
    new_span: tuple[int, int],
) -> dict[str, Any]:
    """An attribution's content span in the new span: the old content's words if they are
    still there, else the content extraction found for the new attribution, else none."""
    old_fields = old.fields or {}
    content, old_start = old_fields.get("content"), old_fields.get("content_start")
    if isinstance(content, str) and content and isinstance(old_start, int):
        where = new_span[0] + (old_start - old_claim_start)
        inner = text[new_span[0] : new_span[1]]
        hits = [new_span[0] + p for p in _occurrences(inner, content)]
        if hits:
            start = min(hits, key=lambda h: abs(h - where))
            return {
                **fields,
                "content_start": start,
                "content_end": start + len(content),
                "content": content,
            }
    if new is not None:
        start, end = new.fields.get("content_start"), new.fields.get("content_end")
        if isinstance(start, int) and isinstance(end, int):
            if new_span[0] <= start < end <= new_span[1]:
                return {
                    **fields,
                    "content_start": start,
                    "content_end": end,
                    "content": text[start:end],
                }
    if old_fields.get("content_start") is None:
        return fields
    return {**fields, "content_start": None, "content_end": None, "content": None}


def _identity_known(fact: FactLike) -> bool:
    """Whether the fact's identifying fields are known (else only its words identify it)."""
    fields = fact.fields or {}
    if fact.kind == "figure":
        return _number(fields.get("value")) is not None
    if fact.kind == "attribution":
        return bool(_words(fields.get("speaker")))
    return True


def _same_fact(old: FactLike, new: FactLike) -> bool:
    """The module docstring's counterpart rule for two facts of the same kind."""
    a, b = old.fields or {}, new.fields or {}
    kind = old.kind
    if kind == "figure":
        x, y = _number(a.get("value")), _number(b.get("value"))
        return (
            x is not None
            and y is not None
            and abs(x - y) <= 1e-9 * max(1.0, abs(x))
            and _unit(a.get("unit")) == _unit(b.get("unit"))
            and _words(a.get("event")) == _words(b.get("event"))
        )
    if kind == "attribution":
        return same_speaker(a.get("speaker"), b.get("speaker"))
    if _words(old.text) == _words(new.text):
        return True
    if kind == "date":
        return a.get("resolved") is not None and (a.get("resolved"), a.get("resolved_end")) == (
            b.get("resolved"),
            b.get("resolved_end"),
        )
    if kind == "list":
        items = [_words(i) for i in a.get("items") or ()]
        return bool(items) and items == [_words(i) for i in b.get("items") or ()]
    return False


def same_speaker(a: Any, b: Any) -> bool:
    """Two attributions' speakers are the same: the same person by name (spelling
    variants allowed, claims.matching.speakers), else the same words without a leading
    article ("the police chief" / "The police chief")."""
    if not _words(a) or not _words(b):
        return False
    person = same_person(str(a), str(b))
    if person is not None:
        return person
    return _speaker_words(a) == _speaker_words(b)


def _speaker_words(speaker: Any) -> str:
    words = _words(speaker).split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


# Quote marks and punctuation dropped at the edges of words (curly quotes spelt out).
_EDGE_PUNCTUATION = ".,;:!?\"'()\u201c\u201d\u2018\u2019"


def _words(value: Any) -> str:
    """Case-free words with punctuation at their edges dropped."""
    if value is None:
        return ""
    return " ".join(w.strip(_EDGE_PUNCTUATION) for w in str(value).casefold().split()).strip()


_PERCENT = {"%", "percent", "per cent", "pct"}


def _unit(unit: Any) -> str:
    words = _words(unit)
    if words in _PERCENT:
        return "%"
    if len(words) > 3 and words.endswith("s") and not words.endswith("ss"):
        words = words[:-1]  # workers / worker
    return words


def _qualifier(fields: Mapping[str, Any]) -> str:
    return _words(fields.get("qualifier"))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# --- showing an orphan against the new text ----------------------------------------------

# At most this many sentences of the new revision are compared with an orphan (the
# nearest to its old place), and at most this many characters of each.
MAX_DIFF_CANDIDATES = 200
MAX_DIFF_CHARS = 2000
_TOKEN = re.compile(r"^\s+|\w+(?:['\u2019]\w+)*\s*|[^\w\s]\s*")


@dataclass(frozen=True, slots=True)
class DiffOp:
    """A run of words: "equal" (in both), "delete" (only the old), "insert" (only the new)."""

    op: str
    text: str


def closest_text(
    text: str,
    candidates: Sequence[tuple[int, str]],
    *,
    near: int = 0,
    limit: int = MAX_DIFF_CANDIDATES,
) -> tuple[int, float] | None:
    """The index in `candidates` ((offset, text) pairs) of the text most like `text`, with
    its similarity (0 to 1); the `limit` candidates nearest to offset `near` are compared,
    each cut to MAX_DIFF_CHARS. None when there is no candidate."""
    if not candidates:
        return None
    order = sorted(range(len(candidates)), key=lambda i: (abs(candidates[i][0] - near), i))
    mine = text[:MAX_DIFF_CHARS]
    best: tuple[int, float] | None = None
    for i in order[:limit]:
        matcher = SequenceMatcher(None, mine, candidates[i][1][:MAX_DIFF_CHARS], autojunk=False)
        floor = best[1] if best is not None else -1.0
        if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
            continue
        ratio = matcher.ratio()
        if ratio > floor:
            best = (i, ratio)
    return best


def word_diff(old: str, new: str) -> list[DiffOp]:
    """The word-level changes from `old` to `new`: runs of equal, deleted and inserted
    words, each word with the spaces after it (punctuation marks are words of their own).
    The equal and deleted runs spell `old`, the equal and inserted runs spell `new` (each
    cut to MAX_DIFF_CHARS)."""
    a = _TOKEN.findall(old[:MAX_DIFF_CHARS])
    b = _TOKEN.findall(new[:MAX_DIFF_CHARS])
    ops: list[DiffOp] = []

    def add(op: str, tokens: Sequence[str]) -> None:
        if not tokens:
            return
        chunk = "".join(tokens)
        if ops and ops[-1].op == op:
            ops[-1] = DiffOp(op, ops[-1].text + chunk)
        else:
            ops.append(DiffOp(op, chunk))

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return ops
