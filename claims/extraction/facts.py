"""Facts: the individual checkable things inside a claim.

A claim is a sentence; a fact is one figure ("680 illegal workers"), one attribution
("ICE spokesman Bryan Cox confirmed to Breitbart News"), one date ("Wednesday"), one
comparison or superlative, or one list. Each is anchored to its own characters of the
article, inside its claim, and gets its own evidence and verdict in the workbench.

The facts of a claim are built from the claim's structured extraction (quantities,
attributions, dates, comparisons, enumerations) in their JSON form, so that the same
function serves a fresh extraction and the claims stored before facts existed (the data
migration). ``fact_fields`` reads the fields of a span a reviewer selects.

Span rules (the workbench enforces the same, claims.services.facts):

- a fact lies inside its claim and is not empty (no leading or trailing space);
- two facts of the same kind never share a character: one figure is one fact. Facts of
  different kinds may overlap (a figure inside a superlative, a date inside a quote).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .dates import find_dates
from .enumerations import find_enumerations
from .kinds import find_comparisons
from .lexicon import past_participle
from .quantities import find_quantities
from .types import Fact

FACT_KINDS = ("figure", "attribution", "date", "comparison", "list")
# The structured fields of each kind, as stored in the fact's `fields`.
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "figure": ("value", "unit", "event", "qualifier", "approximate", "measure"),
    "attribution": (
        "speaker",
        "role",
        "organisation",
        "cue",
        "recipient",
        "content_start",
        "content_end",
        "content",
        "direct_quote",
    ),
    "date": ("resolved", "resolved_end", "granularity"),
    "comparison": ("comparison",),
    "list": ("items", "item_spans"),
}
# How far past a figure its counted noun may stand to be part of the fact ("680 illegal
# workers"), in characters.
_UNIT_REACH = 40
_STATEMENT_MAX = 300
# Speech and cognition verbs whose past the event lexicon does not form.
_CUE_PAST = {
    "say": "said",
    "tell": "told",
    "think": "thought",
    "write": "wrote",
    "hear": "heard",
    "speak": "spoke",
    "know": "knew",
    "feel": "felt",
    "find": "found",
    "read": "read",
}

Json = Mapping[str, Any]


def claim_facts(
    text: str,
    claim_start: int,
    claim_end: int,
    *,
    quantities: Sequence[Json] = (),
    attributions: Sequence[Json] = (),
    dates: Sequence[Json] = (),
    comparisons: Sequence[Json] = (),
    enumerations: Sequence[Json] = (),
) -> list[Fact]:
    """The facts of the claim text[claim_start:claim_end], in reading order."""
    figure_starts = sorted(q["start"] for q in quantities)
    found: list[Fact] = []
    for q in quantities:
        fact = _figure(text, claim_end, q, figure_starts)
        if fact is not None:
            found.append(fact)
    for a in attributions:
        fact = _attribution(text, claim_start, claim_end, a)
        if fact is not None:
            found.append(fact)
    for d in dates:
        fields = {
            "resolved": d.get("resolved"),
            "resolved_end": d.get("resolved_end"),
            "granularity": d.get("granularity"),
        }
        statement = d["text"] + (f" ({_period(fields)})" if fields["resolved"] else "")
        found.append(_make(text, d["start"], d["end"], "date", statement, fields))
    for c in comparisons:
        fields = {"comparison": c.get("kind")}
        found.append(_make(text, c["start"], c["end"], "comparison", c["text"], fields))
    for e in enumerations:
        items = list(e.get("items", ()))
        fields = {"items": items, "item_spans": [list(s) for s in e.get("item_spans", ())]}
        statement = f"{len(items)} items: " + "; ".join(items)
        found.append(_make(text, e["start"], e["end"], "list", statement, fields))
    inside = [f for f in found if f is not None and claim_start <= f.start < f.end <= claim_end]
    return _without_same_kind_overlap(inside)


def fact_fields(
    text: str, start: int, end: int, kind: str, *, published: dt.date | None = None
) -> tuple[dict[str, Any], str]:
    """The structured fields and a statement for a span a reviewer selected as `kind`.

    The selection is read on its own: a figure's value and unit, a date's resolution
    (against `published`), a list's items. An attribution's speaker and content are for
    the reviewer to give; the selection is its statement until they do.
    """
    span = text[start:end]
    if kind == "figure":
        for q in find_quantities(span, 0):
            fields = _figure_fields(q)
            return fields, _figure_statement(span, fields)
        return {"value": None, "unit": None, "event": None, "qualifier": None}, span
    if kind == "date":
        for d in find_dates(span, published):
            fields = {
                "resolved": d.resolved,
                "resolved_end": d.resolved_end,
                "granularity": d.granularity,
            }
            return fields, span + (f" ({_period(fields)})" if d.resolved else "")
        return {"resolved": None, "resolved_end": None, "granularity": None}, span
    if kind == "comparison":
        found = find_comparisons(span, 0)
        return {"comparison": found[0].kind if found else "comparison"}, span
    if kind == "list":
        for e in find_enumerations(span, start):
            items = list(e.items)
            return (
                {"items": items, "item_spans": [list(s) for s in e.item_spans]},
                f"{len(items)} items: " + "; ".join(items),
            )
        return {"items": [], "item_spans": []}, span
    if kind == "attribution":
        return {
            "speaker": None,
            "role": None,
            "organisation": None,
            "cue": None,
            "recipient": None,
            "content_start": None,
            "content_end": None,
            "content": None,
            "direct_quote": False,
        }, span
    raise ValueError(f"Unknown fact kind {kind!r}; one of {', '.join(FACT_KINDS)}.")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces and quote-neutral punctuation at its edges."""
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def _make(text: str, start: int, end: int, kind: str, statement: str, fields: dict) -> Fact:
    start, end = trim_span(text, start, end)
    statement = " ".join(statement.split())
    if len(statement) > _STATEMENT_MAX:
        statement = statement[: _STATEMENT_MAX - 1].rstrip() + "…"
    return Fact(
        kind=kind, start=start, end=end, text=text[start:end], statement=statement, fields=fields
    )


def _figure_fields(q: Any) -> dict[str, Any]:
    get = q.get if isinstance(q, Mapping) else lambda name: getattr(q, name, None)
    return {
        "value": get("value"),
        "unit": get("unit"),
        "event": get("event"),
        "qualifier": get("qualifier"),
        "approximate": bool(get("approximate")),
        "measure": get("kind"),
    }


def _figure(text: str, claim_end: int, q: Json, figure_starts: list[int]) -> Fact | None:
    start, end = q["start"], q["end"]
    unit = q.get("unit")
    if unit:
        # The counted noun belongs to the fact when it follows closely, before the next
        # figure: "680 illegal workers", "seven food processing plants".
        stop = min([s for s in figure_starts if s > start] + [claim_end, end + _UNIT_REACH])
        found = re.search(rf"\b{re.escape(unit)}\b", text[end:stop], re.IGNORECASE)
        if found is not None and not re.search(r"[.;:!?]", text[end : end + found.start()]):
            end = end + found.end()
    fields = _figure_fields(q)
    return _make(text, start, end, "figure", _figure_statement(text[start:end], fields), fields)


def _figure_statement(span: str, fields: Json) -> str:
    """ "680 illegal workers arrested"; the unit is added when the span lacks it ("About
    300" of "About 300 of the 680 illegal aliens arrested" -> "About 300 aliens released")."""
    unit, event = fields.get("unit"), fields.get("event")
    said = span
    if unit and not re.search(rf"\b{re.escape(unit)}\b", span, re.IGNORECASE):
        said += f" {unit}"
    return f"{said} {past_participle(event)}" if event else said


def _attribution(text: str, claim_start: int, claim_end: int, a: Json) -> Fact | None:
    def inside(position: int | None) -> bool:
        return position is not None and claim_start <= position <= claim_end

    points: list[int] = []
    speaker_start, speaker_end = a.get("speaker_start"), a.get("speaker_end")
    if a.get("mention_start") is not None:  # a pronoun resolved to a name elsewhere
        speaker_start, speaker_end = a["mention_start"], a["mention_end"]
    if inside(speaker_start) and inside(speaker_end):
        points += [speaker_start, speaker_end]
        role = a.get("role")
        if role:
            # "ICE spokesman Bryan Cox": the role standing just before the name.
            before = re.search(
                rf"{re.escape(role)}\s*,?\s*$", text[claim_start:speaker_start], re.IGNORECASE
            )
            if before is not None:
                points.append(claim_start + before.start())
    cue_start, cue_end = a.get("cue_start"), a.get("cue_end")
    if inside(cue_start) and inside(cue_end):
        points += [cue_start, cue_end]
        recipient = a.get("recipient")
        if recipient:
            # "confirmed to Breitbart News"
            after = re.match(
                rf"\s+to\s+{re.escape(recipient)}", text[cue_end:claim_end], re.IGNORECASE
            )
            if after is not None:
                points.append(cue_end + after.end())
    if not points:
        return None
    start, end = min(points), max(points)
    content_start, content_end = a.get("content_start"), a.get("content_end")
    content = (
        text[content_start:content_end]
        if content_start is not None and content_end is not None
        else None
    )
    fields = {
        "speaker": a.get("speaker"),
        "role": a.get("role"),
        "organisation": a.get("organisation"),
        "cue": a.get("cue"),
        "recipient": a.get("recipient"),
        "content_start": content_start,
        "content_end": content_end,
        "content": content,
        "direct_quote": bool(a.get("direct_quote")),
    }
    return _make(text, start, end, "attribution", _attribution_statement(fields), fields)


def _attribution_statement(fields: Json) -> str:
    who = fields.get("speaker") or "someone"
    if fields.get("role") and fields["role"].lower() not in who.lower():
        who = f"{fields['role']} {who}"
    cue = fields.get("cue") or "say"
    verb = "according to" if cue == "according_to" else _CUE_PAST.get(cue, past_participle(cue))
    said = f"{verb} {who}" if cue == "according_to" else f"{who} {verb}"
    if fields.get("recipient"):
        said += f" to {fields['recipient']}"
    content = fields.get("content")
    return f"{said}: {content.strip()}" if content else said


def _period(fields: Json) -> str:
    resolved, last = fields.get("resolved"), fields.get("resolved_end")
    return f"{resolved} to {last}" if last and last != resolved else str(resolved)


def _without_same_kind_overlap(found: list[Fact]) -> list[Fact]:
    """Reading order; of two same-kind facts that share characters the first (the
    longer at one start) stays."""
    kept: list[Fact] = []
    for fact in sorted(
        found, key=lambda f: (f.start, -(f.end - f.start), FACT_KINDS.index(f.kind))
    ):
        if fact.start >= fact.end:
            continue
        if any(k.kind == fact.kind and k.start < fact.end and fact.start < k.end for k in kept):
            continue
        kept.append(fact)
    return kept
