"""Reviewing claims: assignment, evidence, verdicts, comments and the workflow.

The workflow is a state machine enforced here, never only in templates:

    new ──start/assign──► in_review ──submit──► awaiting_approval ──approve──► approved ──publish──► published
     │                      │  ▲ ▲                    │                                                 │
     │                      │  │ └──reject (comment)──┘                                                 │
     │                      │  └────────────────────────unpublish (comment)──────────────────────────────┘
     └──dismiss──► dismissed ◄──dismiss──┘
                    └──reopen──► new

- submit needs a verdict from the active rating scale and a rationale;
- approve and reject need claims.approve_claim (editors), publish claims.publish_claim;
  nobody approves a verdict they proposed themselves (the "second person" rule);
- reject sends the claim back to in_review and needs a comment saying why;
- unpublish (claims.publish_claim) retracts a published verdict: the claim goes back to
  in_review, where its verdict can be corrected, and needs a comment saying why; its
  approval no longer stands, so it is submitted and approved again before it is
  republished. Its public page then answers 410 Gone (claims/views/public.py);
- a verdict can be proposed or changed only while the claim is new or in review.

TRANSITIONS is the one definition of the workflow: the workbench's buttons, the admin's
actions (claims/admin.py) and STEPS below are derived from it. Evidence and comments are
append-only rows with their own history (author, time): nothing edits or deletes them, so
there is no lost update for the claim's version to guard, and adding one does not make a
colleague's open verdict form stale.

Concurrency: every write to a claim names the `version` the writer saw. The claim row is
locked, the version compared, and a write based on an older version is refused with
StaleClaim, which lists what changed meanwhile (from the claim's history), instead of
overwriting someone else's work. Each write bumps the version and leaves a history row
with its author and a reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims.models import (
    Claim,
    ClaimStatus,
    Comment,
    Evidence,
    Fact,
    FactKind,
    Rating,
    ReviewerWeek,
    Source,
    review_week,
    review_week_start,
)
from claims.permissions import Capability, can
from claims.selectors_review import RECENT_SOURCES_KEY
from claims.services.snapshots import source_archive_request
from claims.weblinks import describe, is_web_url

S = ClaimStatus
# Claims and facts share the workflow, the roles and the optimistic locking below.
Reviewable = Claim | Fact
# Fields whose changes a reviewer needs to see when their save is refused.
REVIEW_FIELDS = ("status", "assignee", "verdict", "rationale", "verdict_by", "approved_by")
# And for a fact, what its edits (claims.services.facts) change: kind, words, fields.
FACT_EDIT_FIELDS = ("kind", "text", "statement", "fields")


class ReviewError(Exception):
    """A review rule was broken; the message is meant for the person who tried."""


class ReviewNotAllowed(ReviewError):
    """The user lacks the role for this action."""


class TransitionRefused(ReviewError):
    """The workflow does not allow this step from the claim's current state."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    who: str
    when: datetime.datetime
    reason: str
    fields: tuple[FieldChange, ...] = ()


class StaleClaim(ReviewError):
    """Someone saved the claim (or the fact) after the version this write was based on.

    `claim` is the record as it stands now: a Claim, or a Fact for a fact's write."""

    def __init__(self, *, claim: Reviewable, seen_version: int, changes: list[Change]) -> None:
        self.claim = claim
        self.record = claim
        self.seen_version = seen_version
        self.changes = changes
        noun = _noun(claim)
        super().__init__(
            f"Someone else changed this {noun} while you were editing it (you saw version "
            f"{seen_version}, it is now version {claim.version}). Nothing was saved: review "
            f"their changes and try again."
        )


def _noun(record: Reviewable | type[Reviewable]) -> str:
    return str(record._meta.verbose_name)


@dataclass(frozen=True)
class Transition:
    name: str
    capability: Capability
    needs_comment: bool = False


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.NEW, S.IN_REVIEW): Transition("start review", Capability.REVIEW),
    (S.NEW, S.DISMISSED): Transition("dismiss", Capability.REVIEW),
    (S.IN_REVIEW, S.DISMISSED): Transition("dismiss", Capability.REVIEW),
    (S.IN_REVIEW, S.AWAITING_APPROVAL): Transition("submit for approval", Capability.REVIEW),
    (S.AWAITING_APPROVAL, S.APPROVED): Transition("approve", Capability.APPROVE),
    (S.AWAITING_APPROVAL, S.IN_REVIEW): Transition(
        "send back to review", Capability.APPROVE, needs_comment=True
    ),
    (S.APPROVED, S.PUBLISHED): Transition("publish", Capability.PUBLISH),
    (S.PUBLISHED, S.IN_REVIEW): Transition("unpublish", Capability.PUBLISH, needs_comment=True),
    (S.DISMISSED, S.NEW): Transition("reopen", Capability.REVIEW),
}


def _steps_by_name() -> dict[str, tuple[str, Transition]]:
    """Each step by name, with the status it leads to, in workflow order.

    A name may start from several states (dismiss) but always leads to one status.
    Callers that act on a step by name (the admin actions) pass it to claim_transition as
    `step_name`, so that "send back to review" can never start the review of a new claim,
    which also leads to in_review.
    """
    steps: dict[str, tuple[str, Transition]] = {}
    for (_, to), step in TRANSITIONS.items():
        if steps.setdefault(step.name, (to, step))[0] != to:
            raise AssertionError(f"The step {step.name!r} leads to two statuses.")
    return steps


STEPS = _steps_by_name()

# Statuses in which the claim's verdict and evidence may still change.
OPEN_STATUSES = (S.NEW, S.IN_REVIEW)
ASSIGNABLE_STATUSES = (S.NEW, S.IN_REVIEW, S.AWAITING_APPROVAL)


def transitions_from(status: str) -> list[tuple[str, Transition]]:
    return [(to, t) for (frm, to), t in TRANSITIONS.items() if frm == status]


def _require(user: AbstractBaseUser, capability: Capability, action: str) -> None:
    if not can(user, capability):
        raise ReviewNotAllowed(f"You do not have the role to {action}.")


def _name(user: AbstractBaseUser | None) -> str:
    return user.get_username() if user is not None else "someone"


def _locked(claim_id: int, expected_version: int | None, model: type = Claim) -> Reviewable:
    # select_for_update serialises writers on PostgreSQL; on SQLite the IMMEDIATE
    # transaction mode (settings) already holds the write lock from the first statement.
    record = (
        model.objects.select_for_update(of=("self",)).select_related("verdict").get(pk=claim_id)
    )
    if expected_version is not None and record.version != expected_version:
        raise StaleClaim(
            claim=record,
            seen_version=expected_version,
            changes=claim_changes_since(claim=record, version=expected_version),
        )
    return record


def _save(claim: Reviewable, *, by: AbstractBaseUser, reason: str, fields: Iterable[str]) -> None:
    _history_start(claim)
    claim.version += 1
    claim._history_user = by  # type: ignore[attr-defined]
    claim._change_reason = reason  # type: ignore[attr-defined]
    claim.save(update_fields=[*fields, "version", "updated_at"])


def _history_start(record: Reviewable) -> None:
    if isinstance(record, Fact):
        if record.history.exists():
            return
        stored = Fact.objects.select_related("claim__article__import_job__requested_by").get(
            pk=record.pk
        )
        job = stored.claim.article.import_job
        stored._history_user = job.requested_by if job is not None else None  # type: ignore[attr-defined]
        Fact.history.bulk_history_create(
            [stored], default_date=stored.created_at, default_change_reason="imported"
        )
        return
    _claim_history_start(record)


def _claim_history_start(claim: Claim) -> None:
    """Record the claim as stored, if its history is empty, before its first review write.

    An import bulk-inserts claims without history rows; the first change (often "assign
    to me") would then have nothing to compare with, and its entry would show no before
    and after. The claim row is locked (_locked), so the stored state is the one before
    this write.
    """
    if claim.history.exists():
        return
    stored = Claim.objects.select_related("article__import_job__requested_by").get(pk=claim.pk)
    # By whoever asked for the import (None: "system"), never the request's user.
    job = stored.article.import_job
    stored._history_user = job.requested_by if job is not None else None  # type: ignore[attr-defined]
    Claim.history.bulk_history_create(
        [stored], default_date=stored.created_at, default_change_reason="imported"
    )


def _create(obj: Evidence | Comment, *, by: AbstractBaseUser) -> None:
    # The history names the author whoever calls (a command or a task has no request for
    # simple_history's middleware to read the user from).
    obj._history_user = by  # type: ignore[attr-defined]
    obj.save()


def claim_changes_since(*, claim: Reviewable, version: int) -> list[Change]:
    """Who changed what on the claim (or fact) after `version`, oldest first."""
    records = (
        claim.history.filter(version__gt=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    included = [*REVIEW_FIELDS, *(FACT_EDIT_FIELDS if isinstance(claim, Fact) else ())]
    changes = []
    for record in records:
        fields: tuple[FieldChange, ...] = ()
        previous = record.prev_record
        if previous is not None:
            delta = record.diff_against(previous, included_fields=included)
            fields = tuple(
                change
                for c in delta.changes
                for change in (
                    _fields_changes(c.old, c.new)
                    if c.field == "fields"
                    else [FieldChange(c.field, _display(c.field, c.old), _display(c.field, c.new))]
                )
            )
        changes.append(
            Change(
                who=_name(record.history_user),
                when=record.history_date,
                reason=record.history_change_reason or "",
                fields=fields,
            )
        )
    return changes


def _fields_changes(old: object, new: object) -> list[FieldChange]:
    """A fact's structured fields that differ, one change per field ("value": 680 -> 700)."""
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    return [
        FieldChange(name, _display(name, old.get(name)), _display(name, new.get(name)))
        for name in sorted(set(old) | set(new), key=lambda n: (n not in new, n))
        if old.get(name) != new.get(name)
    ]


def _display(field_name: str, value: object) -> str:
    if value in (None, ""):
        return "—"
    if field_name == "kind":
        return FactKind(value).label if value in FactKind.values else str(value)
    if field_name == "status":
        return S(value).label
    if field_name == "verdict":
        return Rating.objects.filter(pk=value).values_list("name", flat=True).first() or "—"
    if field_name in ("assignee", "verdict_by", "approved_by"):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=value).first()
        return _name(user)
    return str(value)


@transaction.atomic(durable=True)
def claim_assign(
    *,
    claim_id: int,
    assignee: AbstractBaseUser | None,
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> Claim:
    """Give the claim to a reviewer (or to nobody). Assigning a new claim starts its review.

    Anyone who reviews may take a claim ("assign to me"); handing it to someone else,
    or taking it from them, is an editor's call.
    """
    return _assign(Claim, claim_id, assignee=assignee, by=by, expected_version=expected_version)


@transaction.atomic(durable=True)
def fact_assign(
    *,
    fact_id: int,
    assignee: AbstractBaseUser | None,
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> Fact:
    """Give one fact to a reviewer, by the same rules as a claim (claim_assign)."""
    return _assign(Fact, fact_id, assignee=assignee, by=by, expected_version=expected_version)


def _assign(
    model: type,
    record_id: int,
    *,
    assignee: AbstractBaseUser | None,
    by: AbstractBaseUser,
    expected_version: int | None,
) -> Reviewable:
    noun = _noun(model)
    _require(by, Capability.REVIEW, f"take {noun}s")
    if assignee is None or assignee.pk != by.pk:
        _require(by, Capability.APPROVE, f"assign {noun}s to other people")
    if assignee is not None and not can(assignee, Capability.REVIEW):
        raise ReviewNotAllowed(f"{_name(assignee)} is not a reviewer.")
    record = _locked(record_id, expected_version, model)
    if record.status not in ASSIGNABLE_STATUSES:
        raise TransitionRefused(
            f"A {noun} that is {record.get_status_display().lower()} cannot be assigned."
        )
    if record.assignee_id not in (None, by.pk) and not can(by, Capability.APPROVE):
        raise ReviewNotAllowed(f"This {noun} is assigned to someone else; ask an editor.")
    record.assignee = assignee
    fields = ["assignee"]
    if record.status == S.NEW and assignee is not None:
        record.status = S.IN_REVIEW
        fields.append("status")
    _save(
        record,
        by=by,
        reason=f"assigned to {_name(assignee) if assignee else 'nobody'}",
        fields=fields,
    )
    return record


@transaction.atomic(durable=True)
def verdict_record(
    *,
    claim_id: int,
    rating: Rating,
    rationale: str,
    by: AbstractBaseUser,
    expected_version: int,
) -> Claim:
    """Propose (or change) the claim's verdict; it still needs submitting and approval."""
    return _verdict(Claim, claim_id, rating, rationale, by=by, expected_version=expected_version)


@transaction.atomic(durable=True)
def fact_verdict_record(
    *,
    fact_id: int,
    rating: Rating,
    rationale: str,
    by: AbstractBaseUser,
    expected_version: int,
) -> Fact:
    """Propose (or change) one fact's verdict; the claim's derived verdict follows."""
    fact = _verdict(Fact, fact_id, rating, rationale, by=by, expected_version=expected_version)
    claim_derive_verdict(claim_id=fact.claim_id)
    return fact


def _verdict(
    model: type,
    record_id: int,
    rating: Rating,
    rationale: str,
    *,
    by: AbstractBaseUser,
    expected_version: int,
) -> Reviewable:
    _require(by, Capability.REVIEW, "propose verdicts")
    rationale = rationale.strip()
    if not rationale:
        raise ReviewError("A verdict needs a rationale.")
    if not rating.scale.is_active:
        raise ReviewError(f"{rating.name!r} is not on the active rating scale.")
    record = _locked(record_id, expected_version, model)
    if record.status not in OPEN_STATUSES:
        raise TransitionRefused(
            f"The verdict of a {_noun(model)} that is {record.get_status_display().lower()} "
            f"cannot change; an editor can send it back to review."
        )
    record.verdict = rating
    record.rationale = rationale
    record.verdict_by = by
    fields = ["verdict", "rationale", "verdict_by"]
    if isinstance(record, Fact) and record.stale_verdict:
        record.stale_verdict = False  # a reviewer has looked at it again
        fields.append("stale_verdict")
    if record.status == S.NEW:
        record.status = S.IN_REVIEW
        fields.append("status")
    if record.assignee_id is None:
        record.assignee = by
        fields.append("assignee")
    _save(record, by=by, reason=f"verdict proposed: {rating.name}", fields=fields)
    return record


@transaction.atomic(durable=True)
def claim_transition(
    *,
    claim_id: int,
    to_status: str,
    by: AbstractBaseUser,
    expected_version: int,
    comment: str = "",
    step_name: str | None = None,
) -> Claim:
    """Move the claim one step along the workflow (see the module docstring).

    `step_name`, when given, is the step the caller means (a key of STEPS); it is refused
    unless it is the step from the claim's current state to `to_status`.
    """
    return _transition(
        Claim,
        claim_id,
        to_status,
        by=by,
        expected_version=expected_version,
        comment=comment,
        step_name=step_name,
    )


@transaction.atomic(durable=True)
def fact_transition(
    *,
    fact_id: int,
    to_status: str,
    by: AbstractBaseUser,
    expected_version: int,
    comment: str = "",
    step_name: str | None = None,
) -> Fact:
    """Move one fact a step along the same workflow as claims (claim_transition)."""
    fact = _transition(
        Fact,
        fact_id,
        to_status,
        by=by,
        expected_version=expected_version,
        comment=comment,
        step_name=step_name,
    )
    claim_derive_verdict(claim_id=fact.claim_id)
    return fact


def _transition(
    model: type,
    record_id: int,
    to_status: str,
    *,
    by: AbstractBaseUser,
    expected_version: int,
    comment: str,
    step_name: str | None,
) -> Reviewable:
    noun = _noun(model)
    record = _locked(record_id, expected_version, model)
    step = TRANSITIONS.get((record.status, to_status))
    if step_name is not None and (step is None or step.name != step_name):
        raise TransitionRefused(
            f"“{step_name.capitalize()}” does not apply to a {noun} that is "
            f"{record.get_status_display().lower()}."
        )
    if step is None:
        # (A conversion inside a conditional expression applies to all of it: spelled out.)
        target = S(to_status).label.lower() if to_status in S.values else repr(to_status)
        raise TransitionRefused(
            f"A {noun} that is {record.get_status_display().lower()} cannot become {target}."
        )
    _require(by, step.capability, step.name)
    comment = comment.strip()
    if step.needs_comment and not comment:
        raise ReviewError(f"Say why when you {step.name}: a comment is required.")
    fields = ["status"]
    if to_status == S.AWAITING_APPROVAL and (record.verdict_id is None or not record.rationale):
        raise TransitionRefused("Propose a verdict with a rationale before submitting.")
    if to_status == S.APPROVED:
        if record.verdict_by_id == by.pk:
            raise ReviewNotAllowed("You proposed this verdict; another editor must approve it.")
        record.approved_by = by
        fields.append("approved_by")
    if to_status == S.IN_REVIEW and record.status in (S.AWAITING_APPROVAL, S.PUBLISHED):
        record.approved_by = None
        fields.append("approved_by")
    if to_status == S.AWAITING_APPROVAL and isinstance(record, Claim):
        _count_review(record, by=by, step_name=step.name)
    record.status = to_status
    _save(record, by=by, reason=step.name + (f": {comment}" if comment else ""), fields=fields)
    if comment:
        claim_id = record.claim_id if isinstance(record, Fact) else record.pk
        fact = record if isinstance(record, Fact) else None
        _create(
            Comment(claim_id=claim_id, fact=fact, author=by, text=f"[{step.name}] {comment}"),
            by=by,
        )
    return record


def _count_review(claim: Claim, *, by: AbstractBaseUser, step_name: str) -> None:
    """One more claim reviewed this week by `by` (ReviewerWeek), unless `by` already
    submitted this claim this week. Called before the step's history row is written; the
    claim's row lock (_locked) keeps two submissions of one claim from both counting."""
    week = review_week(timezone.now())
    if claim.history.filter(
        history_user_id=by.pk,
        history_change_reason__startswith=step_name,
        history_date__gte=review_week_start(week),
    ).exists():
        return
    row = ReviewerWeek.objects.filter(week=week, user_id=by.pk)
    if row.update(claims=F("claims") + 1):
        return
    try:
        with transaction.atomic():
            ReviewerWeek.objects.create(week=week, user_id=by.pk, claims=1)
    except IntegrityError:  # another of this person's submissions made the row first
        row.update(claims=F("claims") + 1)


def claim_derive_verdict(*, claim_id: int) -> Claim:
    """Set the claim's derived verdict from its facts, by the one rule every screen,
    export and the API show (docs/facts.md):

    - only facts with a verdict count, and not dismissed or orphaned ones;
    - the claim stands with the worst of them (the lowest value on the scale; of two
      ratings with the same value, the one listed first on the scale); a rating off the
      scale, such as Unverifiable, only when no fact has one on it (then the first of
      those listed on the scale);
    - when they do not all agree (two or more different ratings), it is marked mixed
      ("Mixed: worst False");
    - no fact with a verdict: no derived verdict, not mixed.

    The derived verdict is the claim's verdict while no editor set one on the claim; an
    editor's verdict always wins (Claim.effective_verdict, Claim.verdict_origin).
    """
    facts = (
        Fact.objects.filter(claim_id=claim_id, orphaned=False, verdict__isnull=False)
        .exclude(status=S.DISMISSED)
        .select_related("verdict")
    )
    ratings = list({fact.verdict_id: fact.verdict for fact in facts}.values())
    derived = None
    if ratings:
        on_scale = [r for r in ratings if r.value is not None]
        pool = on_scale or ratings
        derived = min(pool, key=lambda r: (r.value if r.value is not None else 0, r.position))
    Claim.objects.filter(pk=claim_id).update(
        derived_verdict=derived, derived_mixed=len(ratings) > 1
    )
    return Claim.objects.get(pk=claim_id)


def source_find_or_create(
    *, url: str = "", title: str = "", publisher: str = "", published: datetime.date | None = None
) -> Source:
    """A known source is reused by its URL; details given now fill in what it lacks.

    Only http(s) URLs: a source's url becomes a link on the review page and in exports.
    """
    url = url.strip()
    if url and not is_web_url(url):
        raise ReviewError(
            f"The source address '{describe(url)}' is not an http or https address; "
            "give the web address of the source, or leave it empty and give a title."
        )
    if url:
        source, created = Source.objects.get_or_create(
            url=url, defaults={"title": title, "publisher": publisher, "published": published}
        )
        if not created:
            missing = {
                name: value
                for name, value in (
                    ("title", title),
                    ("publisher", publisher),
                    ("published", published),
                )
                if value and not getattr(source, name)
            }
            if missing:
                for name, value in missing.items():
                    setattr(source, name, value)
                source.save(update_fields=[*missing, "updated_at"])
        return source
    if not title:
        raise ReviewError("A source needs a URL or a title.")
    return Source.objects.create(title=title, publisher=publisher, published=published)


@transaction.atomic(durable=True)
def evidence_add(
    *,
    claim_id: int | None = None,
    by: AbstractBaseUser,
    fact_id: int | None = None,
    stance: str,
    source: Source | None = None,
    url: str = "",
    title: str = "",
    publisher: str = "",
    published: datetime.date | None = None,
    quote: str = "",
    note: str = "",
) -> Evidence:
    """Attach evidence from a known source, or from a new one found by its URL, to the
    claim or, with `fact_id`, to one fact of it (`claim_id` may then be left out)."""
    _require(by, Capability.REVIEW, "add evidence")
    if stance not in Evidence.Stance.values:
        raise ReviewError(f"Unknown stance {stance!r}.")
    claim, fact = _claim_or_fact(claim_id, fact_id)
    target: Reviewable = fact or claim
    if target.status not in OPEN_STATUSES:
        raise TransitionRefused(
            f"Evidence can be added while a {_noun(target)} is new or in review, not when "
            f"it is {target.get_status_display().lower()}."
        )
    if source is None:
        source = source_find_or_create(
            url=url, title=title, publisher=publisher, published=published
        )
    evidence = Evidence(
        claim=claim, fact=fact, source=source, stance=stance, quote=quote, note=note, added_by=by
    )
    _create(evidence, by=by)
    # Used now: first in the evidence form's picker of recent sources (no history row:
    # only the time moves).
    Source.objects.filter(pk=source.pk).update(updated_at=timezone.now())
    transaction.on_commit(lambda: cache.delete(RECENT_SOURCES_KEY))
    # A web source waits for its archived copy (services.snapshots); the caller sends it.
    source_archive_request(source=source)
    return evidence


@transaction.atomic(durable=True)
def evidence_remove(*, evidence_id: int, claim_id: int, by: AbstractBaseUser) -> None:
    """Take back evidence added by mistake, while the claim is still open for review.

    The row goes; its history keeps it (who added it, who removed it, when), like every
    other review change."""
    _require(by, Capability.REVIEW, "remove evidence")
    evidence = (
        Evidence.objects.select_related("claim", "fact")
        .filter(pk=evidence_id, claim_id=claim_id)
        .first()
    )
    if evidence is None:
        raise ReviewError("That evidence is not on this claim (it may have been removed already).")
    target: Reviewable = evidence.fact or evidence.claim
    if target.status not in OPEN_STATUSES:
        raise TransitionRefused(
            f"Evidence can be removed while a {_noun(target)} is new or in review, not when "
            f"it is {target.get_status_display().lower()}."
        )
    evidence._history_user = by  # type: ignore[attr-defined]
    evidence.delete()


@transaction.atomic(durable=True)
def comment_add(
    *, claim_id: int | None = None, by: AbstractBaseUser, text: str, fact_id: int | None = None
) -> Comment:
    """A comment on the claim or, with `fact_id`, on one of its facts."""
    _require(by, Capability.REVIEW, "comment")
    text = text.strip()
    if not text:
        raise ReviewError("A comment cannot be empty.")
    # Check the claim here: on PostgreSQL a dangling foreign key only fails at commit,
    # far from the caller, as an IntegrityError instead of a readable refusal.
    claim, fact = _claim_or_fact(claim_id, fact_id)
    comment = Comment(claim=claim, fact=fact, author=by, text=text)
    _create(comment, by=by)
    return comment


def _claim_or_fact(claim_id: int | None, fact_id: int | None) -> tuple[Claim, Fact | None]:
    if fact_id is None:
        if claim_id is None:
            raise ReviewError("Say which claim or fact this is for.")
        claim = Claim.objects.filter(pk=claim_id).first()
        if claim is None:
            raise Claim.DoesNotExist(f"Claim {claim_id} does not exist.")
        return claim, None
    fact = Fact.objects.select_related("claim").filter(pk=fact_id).first()
    if fact is None or (claim_id is not None and fact.claim_id != claim_id):
        raise Fact.DoesNotExist(f"Fact {fact_id} does not exist on this claim.")
    return fact.claim, fact


@dataclass
class BulkResult:
    done: int = 0
    refused: list[str] = field(default_factory=list)


def claims_bulk_assign(
    *, claim_ids: Iterable[int], assignee: AbstractBaseUser | None, by: AbstractBaseUser
) -> BulkResult:
    """Assign each claim in its own transaction; refusals are reported, not fatal."""
    result = BulkResult()
    for claim_id in claim_ids:
        try:
            claim_assign(claim_id=claim_id, assignee=assignee, by=by)
        except (ReviewError, Claim.DoesNotExist) as exc:
            result.refused.append(f"Claim {claim_id}: {exc}")
        else:
            result.done += 1
    return result


def claims_bulk_transition(
    *, claim_ids: Iterable[int], to_status: str, by: AbstractBaseUser, comment: str = ""
) -> BulkResult:
    """Move each claim through the same workflow rules as one at a time."""
    result = BulkResult()
    for claim_id in claim_ids:
        current = Claim.objects.filter(pk=claim_id).values_list("version", flat=True).first()
        if current is None:
            result.refused.append(f"Claim {claim_id}: it no longer exists.")
            continue
        try:
            claim_transition(
                claim_id=claim_id,
                to_status=to_status,
                by=by,
                expected_version=current,
                comment=comment,
            )
        except ReviewError as exc:
            result.refused.append(f"Claim {claim_id}: {exc}")
        else:
            result.done += 1
    return result


def verdict_reuse(
    *, claim_id: int, match_id: int, by: AbstractBaseUser, expected_version: int
) -> Claim:
    """Copy an earlier verdict (a matched fact-check, or this desk's approved or published
    verdict on the same fact in another article) into this claim as a *proposal*: it goes
    through verdict_record, so it still needs submitting and another person's approval."""
    rating, rationale = _earlier_verdict(claim_id=claim_id, match_id=match_id)
    return verdict_record(
        claim_id=claim_id,
        rating=rating,
        rationale=rationale,
        by=by,
        expected_version=expected_version,
    )


def fact_verdict_reuse(
    *,
    fact_id: int,
    match_id: int,
    by: AbstractBaseUser,
    expected_version: int,
    other_fact_id: int | None = None,
) -> Fact:
    """:func:`verdict_reuse` for one fact: the earlier verdict is a fact-check matched to
    the fact's claim, this desk's approved or published verdict on the linked claim, or
    (``other_fact_id``) on the same fact in the linked claim. Still only a proposal."""
    claim_id = Fact.objects.values_list("claim_id", flat=True).get(pk=fact_id)
    rating, rationale = _earlier_verdict(
        claim_id=claim_id, match_id=match_id, other_fact_id=other_fact_id
    )
    return fact_verdict_record(
        fact_id=fact_id,
        rating=rating,
        rationale=rationale,
        by=by,
        expected_version=expected_version,
    )


def _earlier_verdict(
    *, claim_id: int, match_id: int, other_fact_id: int | None = None
) -> tuple[Rating, str]:
    """The rating on the active scale and the rationale that say where it came from."""
    from claims.matching.library import KNOWN_RATINGS, rating_key
    from claims.models import ClaimMatch

    match = (
        ClaimMatch.objects.select_related("other__verdict", "other__article", "fact_check")
        .filter(pk=match_id, claim_id=claim_id)
        .first()
    )
    if match is None:
        raise ReviewError("That earlier verdict is not a match of this claim.")
    active = {r.name.lower(): r for r in Rating.objects.filter(scale__is_active=True)}
    if match.fact_check_id:
        check = match.fact_check
        name = KNOWN_RATINGS.get(rating_key(check.rating), check.rating)
        rating = active.get(name.lower())
        if rating is None:
            raise ReviewError(
                f"The earlier verdict “{check.rating or 'none'}” has no counterpart on the "
                f"active rating scale; choose a rating yourself."
            )
        where = ", ".join(x for x in (check.publisher, str(check.reviewed_on or "")) if x)
        rationale = (
            f"Reused from an earlier fact-check ({where}): “{check.rating}”."
            + (f"\n{check.rationale}" if check.rationale else "")
            + (f"\nSource: {check.url}" if check.url else "")
        )
        return rating, rationale
    other = match.other
    record: Claim | Fact | None = other
    noun = f"claim #{other.pk}" if other else ""
    if other is not None and other_fact_id is not None:
        record = (
            Fact.objects.select_related("verdict")
            .filter(pk=other_fact_id, claim_id=other.pk)
            .first()
        )
        if record is None:
            raise ReviewError("That fact is not in the linked claim.")
        noun = f"fact “{record.text}” of claim #{other.pk}"
    if record is None or record.status not in (S.APPROVED, S.PUBLISHED) or not record.verdict:
        raise ReviewError(
            f"That {'fact' if other_fact_id else 'claim'} has no approved verdict to reuse."
        )
    rating = active.get(record.verdict.name.lower()) or record.verdict
    rationale = (
        f"Reused from this desk's verdict on {noun} "
        f"({other.article.outlet or other.article.title}, "
        f"{other.article.published or 'undated'}).\n{record.rationale}"
    )
    return rating, rationale
