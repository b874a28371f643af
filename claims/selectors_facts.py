"""Reads for the facts on the review pages: a claim's facts (the claim's review page) and
one fact's review (the fact page). Nothing writes.

Both run a fixed number of queries whatever the number of facts: the facts come in one
query with their verdict and people joined; on the claim's page each fact's evidence and
comments are counted from the claim's own (which hold its facts' too); the claim's text is marked with its facts by selectors_review.nest_facts, the
same marks as the reader's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from claims import selectors_review
from claims.models import Claim, ClaimStatus, Comment, Evidence, Fact, FactKind
from claims.selectors_review import HistoryEntry, Piece, Review

# What a fact's history shows, before and after: the review fields, then what the edits
# of a fact change (claims.services.facts).
FACT_HISTORY_FIELDS = [
    *selectors_review.HISTORY_FIELDS,
    "kind",
    "start",
    "end",
    "text",
    "statement",
    "fields",
]
# Statuses in which a fact's span, kind and fields may be edited (services.facts._open),
# and the ones in which it may be deleted (services.facts.DELETABLE_STATUSES).
EDITABLE = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)
DELETABLE = (*EDITABLE, ClaimStatus.DISMISSED)
EVIDENCE_RELATED = (
    "source",
    "added_by",
    "source__archive__snapshot",
    "source__archive__changed_snapshot",
)


@dataclass
class ClaimFacts:
    """A claim's facts for its review page."""

    facts: list[Fact]
    # The claim's text with its facts as nested marks (selectors_review.Piece).
    pieces: list[Piece]
    # Facts whose verdict counts for the claim's derived verdict (services.reviews.
    # claim_derive_verdict): a verdict, not dismissed, not orphaned.
    counted: int = 0
    evidence: list[Evidence] = field(default_factory=list)  # the claim's own, not a fact's
    comments: list[Comment] = field(default_factory=list)


@dataclass
class FactReview:
    fact: Fact
    claim: Claim
    facts: list[Fact]  # every fact of its claim, for the marks
    pieces: list[Piece]
    evidence: list[Evidence]
    comments: list[Comment]
    history: list[HistoryEntry]


def _facts(claim_id: int) -> list[Fact]:
    facts = Fact.objects.filter(claim_id=claim_id).select_related(
        "verdict", "assignee", "verdict_by", "approved_by"
    )
    return list(facts.order_by("position", "start", "id"))


def _annotate(facts: list[Fact]) -> None:
    """Each fact gets `next_same` (the next fact of its kind in the claim: what it merges
    with), `editable` and `deletable`."""
    by_start = sorted(facts, key=lambda f: (f.start, f.end, f.pk))
    for fact in facts:
        later = [
            other
            for other in by_start
            if other.kind == fact.kind and other.pk != fact.pk and other.start >= fact.end
        ]
        fact.next_same = later[0] if later else None  # type: ignore[attr-defined]
        fact.editable = fact.status in EDITABLE and not fact.orphaned  # type: ignore[attr-defined]
        fact.deletable = fact.status in DELETABLE and not fact.orphaned  # type: ignore[attr-defined]
        fact.summary = summary(fact)  # type: ignore[attr-defined]


# Fields a fact's summary leaves out: its own words say them, or they are offsets.
UNSUMMED = ("content", "content_start", "content_end", "item_spans", "measure")


def summary(fact: Fact) -> list[tuple[str, str]]:
    """The fact's structured fields as (name, value) to read, the empty ones left out."""
    shown = []
    for name, value in (fact.fields or {}).items():
        if name in UNSUMMED or value in (None, "", []):
            continue
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = _plain(value)
        shown.append((name.replace("_", " "), text))
    return shown


def _pieces(claim: Claim, text: str, facts: list[Fact]) -> list[Piece]:
    pieces = selectors_review.nest_facts(text, claim.start, claim.end, facts)
    return pieces or [Piece("text", text[claim.start : claim.end])]


def counted(facts: list[Fact]) -> int:
    return sum(
        1 for f in facts if f.verdict_id and not f.orphaned and f.status != ClaimStatus.DISMISSED
    )


def claim_facts(*, review: Review) -> ClaimFacts:
    """The facts of the claim of `review` (selectors_review.claim_review), with their
    verdicts and people, in one query; `review`'s evidence and comments (a fact's are its
    claim's too) are split into the claim's own and each fact's `evidence_count` and
    `comment_count`."""
    claim = review.claim
    facts = _facts(claim.pk)
    _annotate(facts)
    evidence = Counter(e.fact_id for e in review.evidence)
    comments = Counter(c.fact_id for c in review.comments)
    for fact in facts:
        fact.evidence_count = evidence[fact.pk]  # type: ignore[attr-defined]
        fact.comment_count = comments[fact.pk]  # type: ignore[attr-defined]
    return ClaimFacts(
        facts=facts,
        pieces=_pieces(claim, claim.article.text, facts),
        counted=counted(facts),
        evidence=[e for e in review.evidence if e.fact_id is None],
        comments=[c for c in review.comments if c.fact_id is None],
    )


def fact_review(*, fact_id: int) -> FactReview:
    """One fact with its claim (and its claim's facts), evidence, comments and history."""
    fact = Fact.objects.select_related(
        "claim__article",
        "claim__verdict",
        "claim__derived_verdict",
        "verdict",
        "assignee",
        "verdict_by",
        "approved_by",
    ).get(pk=fact_id)
    claim = fact.claim
    facts = _facts(claim.pk)
    _annotate(facts)
    for other in facts:
        if other.pk == fact.pk:
            fact.next_same = other.next_same  # type: ignore[attr-defined]
            fact.editable = other.editable  # type: ignore[attr-defined]
            fact.deletable = other.deletable  # type: ignore[attr-defined]
            fact.summary = other.summary  # type: ignore[attr-defined]
    claim.counted = counted(facts)  # type: ignore[attr-defined]
    evidence = list(
        Evidence.objects.filter(fact_id=fact.pk)
        .select_related(*EVIDENCE_RELATED)
        .order_by("created_at", "pk")
    )
    comments = list(
        Comment.objects.filter(fact_id=fact.pk).select_related("author").order_by("created_at")
    )
    return FactReview(
        fact=fact,
        claim=claim,
        facts=facts,
        pieces=_pieces(claim, claim.article.text, facts),
        evidence=evidence,
        comments=comments,
        history=fact_history(fact=fact),
    )


def fact_history(*, fact: Fact) -> list[HistoryEntry]:
    """Every recorded change to the fact and its evidence (the latest HISTORY_LIMIT of
    each), newest first, with before/after."""
    records = list(
        fact.history.select_related(*selectors_review.HISTORY_JOINS).order_by("-history_date")[
            : selectors_review.HISTORY_LIMIT
        ]
    )

    def changes(record: Any, previous: Any) -> list[tuple[str, str, str]]:
        found: list[tuple[str, str, str]] = []
        for change in record.diff_against(previous, included_fields=FACT_HISTORY_FIELDS).changes:
            if change.field == "fields":
                found.extend(_fields_changes(change.old, change.new))
            else:
                found.append(
                    (change.field, _shown(previous, change.field), _shown(record, change.field))
                )
        return found

    entries = selectors_review.history_entries(records[::-1], changes)
    evidence = selectors_review.evidence_entries(Evidence.history.filter(fact_id=fact.pk))
    return sorted(entries + evidence, key=lambda e: e.when, reverse=True)


def _fields_changes(old: object, new: object) -> list[tuple[str, str, str]]:
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    return [
        (name, _plain(old.get(name)), _plain(new.get(name)))
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name) and name != "item_spans"
    ]


def _plain(value: object) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _shown(record: Any, name: str) -> str:
    if name == "kind" and record.kind in FactKind.values:
        return str(FactKind(record.kind).label)
    return selectors_review.shown(record, name)


def evidence_on_fact(*, evidence_id: int, fact_id: int) -> bool:
    return Evidence.objects.filter(pk=evidence_id, fact_id=fact_id).exists()


def fact_claim_id(*, fact_id: int) -> int | None:
    """The claim a fact belongs to; None when there is no such fact (any longer)."""
    return Fact.objects.filter(pk=fact_id).values_list("claim_id", flat=True).first()


def fact_as_json(fact: Fact) -> dict[str, object]:
    """What the page's script needs of a fact (fact-select.js), for json_script."""
    next_same = getattr(fact, "next_same", None)
    return {
        "id": fact.pk,
        "kind": fact.kind,
        "kind_label": str(fact.get_kind_display()),
        "start": fact.start,
        "end": fact.end,
        "text": fact.text,
        "version": fact.version,
        "editable": bool(getattr(fact, "editable", False)),
        "next_same": next_same.pk if next_same is not None else None,
    }


def fact_current(*, fact_id: int) -> Fact | None:
    """The fact as stored now (what an edit compares the posted form with); None: gone."""
    return (
        Fact.objects.only("id", "claim_id", "kind", "text", "statement", "fields", "version")
        .filter(pk=fact_id)
        .first()
    )
