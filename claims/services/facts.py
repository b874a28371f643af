"""Reviewers' edits to the facts of a claim: add, split, merge, correct, delete.

Facts come from extraction at import (claims.services.articles) and from reviewers, who
select text inside a claim. Every edit here keeps the invariants of claims.models.Fact:

- the span is inside its claim, not empty, and article.text[start:end] == text;
- two facts of the same kind in one claim share no character (one figure is one fact);
  facts of different kinds may overlap (a figure inside a superlative).

Reviewing a fact (assign, verdict, workflow steps, evidence, comments) is
claims.services.reviews, shared with claims. The edits here change what a fact *is*:
they need the fact open (new or in review), like a verdict, name the version the
reviewer saw (optimistic locking: StaleClaim lists what changed meanwhile), and leave a
history row with the author and a reason. Nothing is lost: a fact whose span changes
after it got a verdict is flagged stale; deleting or merging away a fact moves its
evidence and comments to the claim or to the fact it merged into.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from claims.extraction.facts import FACT_FIELDS, FACT_KINDS, fact_fields, trim_span
from claims.models import Claim, ClaimStatus, Comment, Evidence, Fact, FactKind, FactOrigin
from claims.permissions import Capability
from claims.services.reviews import (
    OPEN_STATUSES,
    ReviewError,
    TransitionRefused,
    _locked,
    _name,
    _require,
    _save,
    claim_derive_verdict,
)
from claims.services.reviews import (
    _create as _create_row,
)

S = ClaimStatus
# Statuses in which a fact may be deleted: open ones, and one dismissed as not a fact.
DELETABLE_STATUSES = (*OPEN_STATUSES, S.DISMISSED)


class FactError(ReviewError):
    """A fact edit that would break the fact model; the message says how to fix it."""


def _claim_locked(claim_id: int) -> tuple[Claim, str, datetime.date | None]:
    """The claim, locked so that two edits of its facts run one after the other, with
    its article's text and publication date."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("article")
        .only("id", "start", "end", "orphaned", "article__text", "article__published")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise Claim.DoesNotExist(f"Claim {claim_id} does not exist.")
    if claim.orphaned:
        raise FactError(
            "This claim is not in the latest revision of its article: its facts are kept as "
            "they were and cannot be edited."
        )
    return claim, claim.article.text, claim.article.published


def _fact_locked(fact_id: int, expected_version: int | None) -> Fact:
    fact = _locked(fact_id, expected_version, Fact)
    assert isinstance(fact, Fact)
    if fact.orphaned:
        # Its span points into an older revision of the article: editing it against the
        # claim's current text would break article.text[start:end] == text.
        raise FactError(
            "This fact is not in the latest revision of its article: it is kept as it was "
            "and cannot be edited."
        )
    return fact


def _open(fact: Fact, action: str, allowed: tuple[str, ...] = OPEN_STATUSES) -> None:
    if fact.status not in allowed:
        how = (
            "reopen it first"
            if fact.status == S.DISMISSED
            else "an editor can send it back to review first"
        )
        raise TransitionRefused(
            f"A fact that is {fact.get_status_display().lower()} cannot be {action}; {how}."
        )


def _kind(kind: str) -> str:
    if kind not in FACT_KINDS:
        raise FactError(
            f"“{kind}” is not a kind of fact; choose one of: "
            + ", ".join(str(label).lower() for label in FactKind.labels)
            + "."
        )
    return kind


def _span(claim: Claim, text: str, start: Any, end: Any) -> tuple[int, int]:
    """The selection as a valid fact span of the claim (spaces at its edges dropped)."""
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise FactError("A selection needs a start and an end character.") from None
    if start >= end:
        raise FactError("The selection is empty: select the words of the fact in the claim.")
    if start < claim.start or end > claim.end:
        raise FactError(
            f"The selection (characters {start} to {end}) reaches outside the claim (characters "
            f"{claim.start} to {claim.end}): select text inside the claim's sentence."
        )
    start, end = trim_span(text, start, end)
    if start >= end:
        raise FactError("The selection holds only spaces: select the words of the fact.")
    return start, end


def _no_overlap(
    claim_id: int, kind: str, start: int, end: int, *, except_ids: tuple[int, ...] = ()
) -> None:
    clash = (
        Fact.objects.filter(claim_id=claim_id, kind=kind, start__lt=end, end__gt=start)
        .exclude(pk__in=except_ids)
        .order_by("start")
        .first()
    )
    if clash is not None:
        label = FactKind(kind).label.lower()
        raise FactError(
            f"This overlaps the {label} “{clash.text}” (fact #{clash.pk}): two facts of the "
            f"same kind cannot share words. Correct, split or delete that fact instead."
        )


def _fields(kind: str, given: dict[str, Any] | None, base: dict[str, Any]) -> dict[str, Any]:
    """`base` (read from the span) with the reviewer's corrections, checked."""
    fields = dict(base)
    if not given:
        return fields
    if not isinstance(given, dict):
        raise FactError("The fact's fields must be given as names and values.")
    allowed = FACT_FIELDS[kind]
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise FactError(
            f"A {FactKind(kind).label.lower()} has no field {', '.join(unknown)}; its fields "
            f"are: {', '.join(allowed)}."
        )
    if kind == "figure" and given.get("value") is not None:
        value = given["value"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                given = {**given, "value": float(str(value).replace(",", ""))}
            except ValueError:
                raise FactError(f"A figure's value must be a number, not “{value}”.") from None
    if kind == "date":
        for name in ("resolved", "resolved_end"):
            if given.get(name):
                try:
                    datetime.date.fromisoformat(str(given[name]))
                except ValueError:
                    raise FactError(
                        f"“{given[name]}” is not a date; write it as YYYY-MM-DD."
                    ) from None
    fields.update(given)
    return fields


def _content(claim: Claim, text: str, fields: dict[str, Any]) -> dict[str, Any]:
    """An attribution's content span, checked to lie in the claim, with its text."""
    start, end = fields.get("content_start"), fields.get("content_end")
    if start is None and end is None:
        return fields
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise FactError("The content of an attribution needs a start and an end.") from None
    if not claim.start <= start < end <= claim.end:
        raise FactError("The content of an attribution must be inside its claim.")
    return {**fields, "content_start": start, "content_end": end, "content": text[start:end]}


def _renumber(claim_id: int) -> None:
    """Positions follow reading order (start, then kind), so lists and exports agree."""
    facts = list(Fact.objects.filter(claim_id=claim_id).values_list("pk", "start", "kind"))
    facts.sort(key=lambda f: (f[1], FACT_KINDS.index(f[2]), f[0]))
    for position, (pk, _, _) in enumerate(facts):
        Fact.objects.filter(pk=pk).exclude(position=position).update(position=position)


def _create(fact: Fact, *, by: AbstractBaseUser, reason: str) -> Fact:
    fact._history_user = by  # type: ignore[attr-defined]
    fact._change_reason = reason  # type: ignore[attr-defined]
    fact.save()
    return fact


@transaction.atomic(durable=True)
def fact_add(
    *,
    claim_id: int,
    start: int,
    end: int,
    kind: str,
    by: AbstractBaseUser,
    fields: dict[str, Any] | None = None,
    statement: str = "",
) -> Fact:
    """A fact a reviewer selected in the claim. Its fields are read from the selection
    (a figure's value and unit, a date's day) and may be corrected with `fields`."""
    _require(by, Capability.REVIEW, "add facts")
    kind = _kind(kind)
    claim, text, published = _claim_locked(claim_id)
    start, end = _span(claim, text, start, end)
    _no_overlap(claim.pk, kind, start, end)
    base, generated = fact_fields(
        text, start, end, kind, published=published, within=(claim.start, claim.end)
    )
    values = _fields(kind, fields, base)
    if kind == "attribution":
        values = _content(claim, text, values)
    fact = _create(
        Fact(
            claim_id=claim.pk,
            kind=kind,
            start=start,
            end=end,
            text=text[start:end],
            statement=statement.strip() or generated,
            fields=values,
            origin=FactOrigin.REVIEWER,
        ),
        by=by,
        reason="added by a reviewer",
    )
    _renumber(claim.pk)
    fact.refresh_from_db()
    return fact


@transaction.atomic(durable=True)
def fact_split(
    *, fact_id: int, at: int, by: AbstractBaseUser, expected_version: int
) -> tuple[Fact, Fact]:
    """Split a fact in two at character `at` of the article (a caret inside the fact).

    The first part keeps the fact's record (its evidence, comments, history and verdict,
    flagged stale); the second is a new fact of the same kind."""
    _require(by, Capability.REVIEW, "split facts")
    fact = _fact_locked(fact_id, expected_version)
    _open(fact, "split")
    claim, text, published = _claim_locked(fact.claim_id)
    try:
        at = int(at)
    except (TypeError, ValueError):
        raise FactError("Say where to split: a character inside the fact.") from None
    first = trim_span(text, fact.start, at) if fact.start < at < fact.end else (0, 0)
    second = trim_span(text, at, fact.end) if fact.start < at < fact.end else (0, 0)
    if first[0] >= first[1] or second[0] >= second[1]:
        raise FactError(
            "That split would leave an empty fact: put the split point between two words "
            "inside the fact."
        )
    old_text = fact.text
    fact.start, fact.end = first
    fact.text = text[fact.start : fact.end]
    fields, statement = fact_fields(
        text, fact.start, fact.end, fact.kind, published=published, within=(claim.start, claim.end)
    )
    if fact.kind != "attribution":
        fact.fields, fact.statement = fields, statement
    changed = ["start", "end", "text", "fields", "statement"]
    if fact.verdict_id:
        fact.stale_verdict = True
        changed.append("stale_verdict")
    _save(fact, by=by, reason=f"split: “{old_text}”", fields=changed)
    fields, statement = fact_fields(
        text, second[0], second[1], fact.kind, published=published, within=(claim.start, claim.end)
    )
    other = _create(
        Fact(
            claim_id=claim.pk,
            kind=fact.kind,
            start=second[0],
            end=second[1],
            text=text[second[0] : second[1]],
            statement=statement,
            fields=fields if fact.kind != "attribution" else {},
            origin=FactOrigin.REVIEWER,
        ),
        by=by,
        reason=f"split from fact #{fact.pk}",
    )
    _renumber(claim.pk)
    fact.refresh_from_db()
    other.refresh_from_db()
    return fact, other


@transaction.atomic(durable=True)
def fact_merge(
    *,
    fact_id: int,
    other_id: int,
    by: AbstractBaseUser,
    expected_version: int,
    other_expected_version: int,
) -> Fact:
    """Merge `other` into the fact: one span from the first character of either to the
    last. `other`'s evidence and comments move to the merged fact; its verdict, if any,
    is kept in a comment and the merged fact's verdict is flagged stale."""
    _require(by, Capability.REVIEW, "merge facts")
    if fact_id == other_id:
        raise FactError("Choose two different facts to merge.")
    fact = _fact_locked(fact_id, expected_version)
    other = _fact_locked(other_id, other_expected_version)
    if other.claim_id != fact.claim_id:
        raise FactError("Only facts of the same claim can be merged.")
    if other.kind != fact.kind:
        raise FactError(
            f"Only facts of the same kind merge: a {fact.get_kind_display().lower()} and a "
            f"{other.get_kind_display().lower()} stay two facts."
        )
    _open(fact, "merged")
    _open(other, "merged")
    claim, text, published = _claim_locked(fact.claim_id)
    start, end = min(fact.start, other.start), max(fact.end, other.end)
    _no_overlap(claim.pk, fact.kind, start, end, except_ids=(fact.pk, other.pk))
    Evidence.objects.filter(fact=other).update(fact=fact)
    Comment.objects.filter(fact=other).update(fact=fact)
    changed = ["start", "end", "text", "fields", "statement"]
    if other.verdict_id:
        _create_row(
            Comment(
                claim_id=claim.pk,
                fact=fact,
                author=by,
                text=(
                    f"[merge] Fact #{other.pk} “{other.text}” merged in; it had the verdict "
                    f"{other.verdict.name}: {other.rationale}"
                ),
            ),
            by=by,
        )
    if fact.verdict_id:
        # Its verdict was given to fewer words (other's verdict is kept in the comment).
        fact.stale_verdict = True
        changed.append("stale_verdict")
    fact.start, fact.end, fact.text = start, end, text[start:end]
    fields, statement = fact_fields(
        text, start, end, fact.kind, published=published, within=(claim.start, claim.end)
    )
    if fact.kind != "attribution":
        fact.fields, fact.statement = fields, statement
    other._history_user = by  # type: ignore[attr-defined]
    other._change_reason = f"merged into fact #{fact.pk}"  # type: ignore[attr-defined]
    other.delete()
    _save(fact, by=by, reason=f"merged with fact #{other_id}", fields=changed)
    _renumber(claim.pk)
    claim_derive_verdict(claim_id=claim.pk)
    fact.refresh_from_db()
    return fact


@transaction.atomic(durable=True)
def fact_correct(
    *,
    fact_id: int,
    by: AbstractBaseUser,
    expected_version: int,
    start: int | None = None,
    end: int | None = None,
    kind: str | None = None,
    fields: dict[str, Any] | None = None,
    statement: str | None = None,
) -> Fact:
    """Correct a fact's span, kind, fields or statement. A new span or kind re-reads the
    fields from the text; `fields` then corrects them. A changed span or kind flags a
    verdict stale: it was given to other words."""
    _require(by, Capability.REVIEW, "correct facts")
    fact = _fact_locked(fact_id, expected_version)
    _open(fact, "corrected")
    claim, text, published = _claim_locked(fact.claim_id)
    new_kind = _kind(kind) if kind is not None else fact.kind
    if start is not None or end is not None:
        new_start, new_end = _span(
            claim,
            text,
            fact.start if start is None else start,
            fact.end if end is None else end,
        )
    else:
        new_start, new_end = fact.start, fact.end
    moved = (new_start, new_end, new_kind) != (fact.start, fact.end, fact.kind)
    if moved:
        _no_overlap(claim.pk, new_kind, new_start, new_end, except_ids=(fact.pk,))
        base, generated = fact_fields(
            text, new_start, new_end, new_kind, published=published, within=(claim.start, claim.end)
        )
        if new_kind == fact.kind == "attribution":
            base = fact.fields
    else:
        base, generated = fact.fields, fact.statement
    values = _fields(new_kind, fields, base)
    if new_kind == "attribution":
        values = _content(claim, text, values)
    changed = []
    what = []
    if moved:
        fact.start, fact.end, fact.kind = new_start, new_end, new_kind
        fact.text = text[new_start:new_end]
        changed += ["start", "end", "kind", "text"]
        what.append(f"span “{fact.text}”" if kind is None else f"kind {new_kind}")
        if fact.verdict_id:
            fact.stale_verdict = True
            changed.append("stale_verdict")
    if values != fact.fields:
        fact.fields = values
        changed.append("fields")
        what.append("fields")
    new_statement = statement.strip() if statement is not None else None
    if new_statement or (moved and not new_statement):
        new_statement = new_statement or generated
        if new_statement != fact.statement:
            fact.statement = new_statement
            changed.append("statement")
            what.append("statement")
    if not changed:
        raise FactError("Nothing to correct: the fact already reads so.")
    _save(fact, by=by, reason="corrected: " + ", ".join(what), fields=changed)
    if moved:
        _renumber(claim.pk)
    fact.refresh_from_db()
    return fact


@transaction.atomic(durable=True)
def fact_delete(*, fact_id: int, by: AbstractBaseUser, expected_version: int) -> None:
    """Delete a fact that is not one. Its evidence and comments move to the claim, with a
    comment saying so; its history keeps the fact (who deleted it, when)."""
    _require(by, Capability.REVIEW, "delete facts")
    fact = _fact_locked(fact_id, expected_version)
    _open(fact, "deleted", DELETABLE_STATUSES)
    claim, _, _ = _claim_locked(fact.claim_id)
    moved = Evidence.objects.filter(fact=fact).update(fact=None)
    Comment.objects.filter(fact=fact).update(fact=None)
    note = f"[fact deleted] {fact.get_kind_display()} “{fact.text}” deleted by {_name(by)}"
    if fact.verdict_id:
        note += f"; it had the verdict {fact.verdict.name}: {fact.rationale}"
    if moved:
        items = "item now stands" if moved == 1 else "items now stand"
        note += f"; its {moved} evidence {items} on the claim"
    _create_row(Comment(claim_id=claim.pk, author=by, text=note + "."), by=by)
    fact._history_user = by  # type: ignore[attr-defined]
    fact._change_reason = "deleted"  # type: ignore[attr-defined]
    fact.delete()
    _renumber(claim.pk)
    claim_derive_verdict(claim_id=claim.pk)
