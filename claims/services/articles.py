"""Storing imported articles: in batches, without duplicates, with revisions.

Extraction (pure, slow-ish) runs before any transaction; each batch of new articles is
then written in one short transaction with bulk inserts (articles, claims, checks). The
unique content hash makes every write safe to repeat: a re-run of a job, or two jobs
importing the same text at once, store it once.

Revisions: an article whose URL (or, without a URL, title + outlet + published date)
matches a stored article but whose text differs is a new revision. It is stored as a new
Article pointing at the one it replaces; the claims of the old revision are re-anchored
in the new text by their quote selectors (exact, then prefix/suffix, then fuzzy), keeping
their reviews, evidence and history, and taking their facts along:

- found exactly (the same words), a claim moves and each of its facts shifts by the same
  offset (an attribution's content span and a list's item spans too);
- reworded (context or fuzzy), a claim moves only if every fact of it finds its
  counterpart in the new sentence: a figure of the same value, unit and event (a changed
  qualifier such as "about" is allowed), an attribution of the same speaker (spelling
  variants of a name allowed), a date, comparison or list by its words, or the same
  resolved date or items (claims.extraction.anchoring.facts_follow has the whole rule).
  Each fact is re-anchored inside the new span, its anchor method recorded ("exact":
  its own words unchanged, "fuzzy": found by its fields in other words); a fact whose
  words changed after it got a verdict is flagged `stale_verdict`, as is the claim.
  Facts extraction finds in the new words that no old fact took are added (no verdict),
  except one a reviewer deleted from the claim before;
- otherwise (a figure or speaker differs, a fact is gone, no place is found, or its
  place is taken) the claim is not the same claim: it and all its facts stay on the
  old revision, flagged `orphaned`, verdicts untouched, never deleted, and the new
  sentence becomes a fresh claim with fresh facts. Another reviewer's verdict never
  moves onto different words.

Moved claims get their derived verdict again (services.reviews.claim_derive_verdict).
Every claim and fact moved or orphaned gets a history row saying so (after a first row
with its state as imported) and a new version, so a review form opened before the move
is refused with the move listed instead of being applied to the old words.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.extraction import Extraction
from claims.extraction.anchoring import (
    Anchor,
    FactsFollow,
    anchor_choices,
    fact_shifted,
    facts_follow,
)
from claims.extraction.facts import FACT_KINDS
from claims.extraction.types import ClaimCandidate
from claims.extraction.types import Fact as FoundFact
from claims.importers.types import ArticleDraft
from claims.models import Article, Claim, ConsistencyCheck, Fact, FactOrigin, ImportJob
from claims.services.bulk import bulk_insert_rows
from claims.services.extraction import text_extract
from claims.services.reviews import claim_derive_verdict

# Characters of context kept around a claim to re-anchor it in a later revision.
QUOTE_CONTEXT = 32


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class BatchOutcome:
    imported: int = 0
    duplicates: int = 0
    revisions: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: {"extract": 0.0, "persist": 0.0})
    # Each draft counted in `duplicates`, as (item, id of the stored article it matches):
    # the job page links what was already present instead of only counting it.
    present: list[tuple[str, int]] = field(default_factory=list)


def articles_import(
    *, drafts: Sequence[ArticleDraft], job: ImportJob | None = None
) -> BatchOutcome:
    """Store a batch of drafts. Counts what was new, already present, or a revision.

    An article this same job stored before a crash counts as imported, so a re-run of the
    job reports what an uninterrupted run would have.
    """
    outcome = BatchOutcome()
    present: list[tuple[str, str]] = []  # (item, content hash), resolved to ids below
    fresh = _drop_known(drafts, job, outcome, present)
    predecessors = _predecessors(fresh)
    new: list[tuple[ArticleDraft, str, Extraction]] = []
    for digest, draft in fresh.items():
        started = time.process_time()
        extraction = text_extract(text=draft.text, published=draft.published)
        outcome.seconds["extract"] += time.process_time() - started
        previous = predecessors.get(digest)
        started = time.process_time()
        if previous is not None:
            if _store_revision(draft, digest, extraction, previous, job):
                outcome.revisions += 1
            else:
                outcome.duplicates += 1
                present.append((draft.item, digest))
        else:
            new.append((draft, digest, extraction))
        outcome.seconds["persist"] += time.process_time() - started
    started = time.process_time()
    stored = articles_store_new(new, job)
    outcome.imported += stored
    outcome.duplicates += len(new) - stored
    if stored < len(new):
        # Another job stored some of these texts meanwhile (articles_store_new).
        theirs = set(
            Article.objects.filter(content_hash__in=[digest for _, digest, _ in new])
            .exclude(import_job_id=job.pk if job is not None else None)
            .values_list("content_hash", flat=True)
        )
        present.extend((draft.item, digest) for draft, digest, _ in new if digest in theirs)
    outcome.seconds["persist"] += time.process_time() - started
    if present:
        ids = dict(
            Article.objects.filter(content_hash__in={digest for _, digest in present}).values_list(
                "content_hash", "pk"
            )
        )
        outcome.present = [(item, ids[digest]) for item, digest in present if digest in ids]
    return outcome


def _drop_known(
    drafts: Sequence[ArticleDraft],
    job: ImportJob | None,
    outcome: BatchOutcome,
    present: list[tuple[str, str]],
) -> dict[str, ArticleDraft]:
    fresh: dict[str, ArticleDraft] = {}
    for draft in drafts:
        digest = content_hash(draft.text)
        if digest in fresh:
            outcome.duplicates += 1  # the same text twice in one upload
            present.append((draft.item, digest))
        else:
            fresh[digest] = draft
    known = Article.objects.filter(content_hash__in=list(fresh)).values_list(
        "content_hash", "import_job_id"
    )
    for digest, owner in known:
        draft = fresh.pop(digest)
        if job is not None and owner == job.pk:
            outcome.imported += 1
        else:
            outcome.duplicates += 1
            present.append((draft.item, digest))
    return fresh


def _revision_key(draft: ArticleDraft) -> tuple[str, ...] | None:
    if draft.url:
        return ("url", draft.url)
    if draft.title and draft.outlet and draft.published:
        return ("title", draft.title, draft.outlet, draft.published.isoformat())
    return None


def _predecessors(fresh: dict[str, ArticleDraft]) -> dict[str, Article]:
    """The latest stored revision each draft replaces, in one query for the batch."""
    wanted = {digest: key for digest, draft in fresh.items() if (key := _revision_key(draft))}
    if not wanted:
        return {}
    condition = Q()
    for key in set(wanted.values()):
        if key[0] == "url":
            condition |= Q(url=key[1])
        else:
            condition |= Q(url="", title=key[1], outlet=key[2], published=key[3])
    latest: dict[tuple[str, ...], Article] = {}
    for article in Article.objects.filter(condition, superseded=False).only(
        "id", "url", "title", "outlet", "published", "revision", "text"
    ):
        key = (
            ("url", article.url)
            if article.url
            else ("title", article.title, article.outlet, article.published.isoformat())
        )
        latest[key] = article
    return {digest: latest[key] for digest, key in wanted.items() if key in latest}


def _claim(article: Article, position: int, found: dict[str, Any]) -> Claim:
    text = article.text
    start, end = found["start"], found["end"]
    return Claim(
        article=article,
        position=position,
        start=start,
        end=end,
        text=found["text"],
        quote_prefix=text[max(0, start - QUOTE_CONTEXT) : start],
        quote_suffix=text[end : end + QUOTE_CONTEXT],
        kinds=found.get("kinds", []),
        score=found.get("score", 0.0),
        quantities=found.get("quantities", []),
        attributions=found.get("attributions", []),
        dates=found.get("dates", []),
        comparisons=found.get("comparisons", []),
        enumerations=found.get("enumerations", []),
    )


def fact_row(claim_id: int, position: int, fact: FoundFact) -> dict[str, Any]:
    """The row of a fact extraction found, for bulk_insert_rows."""
    return {
        "claim_id": claim_id,
        "position": position,
        "kind": fact.kind,
        "start": fact.start,
        "end": fact.end,
        "text": fact.text,
        "statement": fact.statement,
        "fields": fact.fields,
        "origin": FactOrigin.EXTRACTED,
    }


def articles_store_new(
    new: list[tuple[ArticleDraft, str, Extraction]], job: ImportJob | None
) -> int:
    """Bulk-insert new articles with their claims; returns how many were stored."""
    if not new:
        return 0
    try:
        with transaction.atomic():
            _insert_articles(new, job)
        return len(new)
    except IntegrityError:
        # Another job stored one of these texts since we looked: store them one by one,
        # each skipping what is now present.
        stored = 0
        for item in new:
            try:
                with transaction.atomic():
                    _insert_articles([item], job)
                stored += 1
            except IntegrityError:
                if not Article.objects.filter(content_hash=item[1]).exists():
                    raise
        return stored


def _article_row(
    draft: ArticleDraft, digest: str, extraction: Extraction, job: ImportJob | None
) -> dict[str, Any]:
    metadata = extraction.metadata
    return {
        "text": draft.text,
        "content_hash": digest,
        "title": draft.title[:500],
        "url": draft.url[:2000],
        "outlet": (draft.outlet or metadata.get("outlet") or "")[:200],
        "author": (draft.author or metadata.get("author") or "")[:200],
        "published": draft.published,
        "language": draft.language[:16],
        "import_job_id": job.pk if job is not None else None,
        "source_item": draft.item[:500],
    }


def _insert_articles(
    new: list[tuple[ArticleDraft, str, Extraction]], job: ImportJob | None
) -> None:
    article_ids = bulk_insert_rows(
        Article, [_article_row(draft, digest, extraction, job) for draft, digest, extraction in new]
    )
    claim_rows: list[dict[str, Any]] = []
    offsets: list[int] = []
    for article_id, (draft, _, extraction) in zip(article_ids, new, strict=True):
        offsets.append(len(claim_rows))
        text = draft.text
        for position, c in enumerate(extraction.claims):
            claim_rows.append(
                {
                    "article_id": article_id,
                    "position": position,
                    "start": c.start,
                    "end": c.end,
                    "text": c.text,
                    "quote_prefix": text[max(0, c.start - QUOTE_CONTEXT) : c.start],
                    "quote_suffix": text[c.end : c.end + QUOTE_CONTEXT],
                    "kinds": c.kinds,
                    "score": c.score,
                    "quantities": c.quantities,
                    "attributions": c.attributions,
                    "dates": c.dates,
                    "comparisons": c.comparisons,
                    "enumerations": c.enumerations,
                }
            )
    claim_ids = bulk_insert_rows(Claim, claim_rows)
    claims_found = (c for _, _, extraction in new for c in extraction.claims)
    bulk_insert_rows(
        Fact,
        [
            fact_row(claim_id, position, fact)
            for claim_id, c in zip(claim_ids, claims_found, strict=True)
            for position, fact in enumerate(c.facts)
        ],
    )
    check_rows: list[dict[str, Any]] = []
    members: list[list[int]] = []
    for article_id, offset, (_, _, extraction) in zip(article_ids, offsets, new, strict=True):
        for check in extraction.checks:
            check_rows.append(
                {
                    "article_id": article_id,
                    "check_name": check.check,
                    "result": check.result,
                    "detail": check.detail,
                }
            )
            # A check names its claims by number, from 1, as the reader lists them.
            members.append([claim_ids[offset + number - 1] for number in check.claims])
    check_ids = bulk_insert_rows(ConsistencyCheck, check_rows)
    bulk_insert_rows(
        ConsistencyCheck.claims.through,
        [
            {"consistencycheck_id": check_id, "claim_id": claim_id}
            for check_id, claim_ids_of_check in zip(check_ids, members, strict=True)
            for claim_id in claim_ids_of_check
        ],
    )


def _store_revision(
    draft: ArticleDraft,
    digest: str,
    extraction: Extraction,
    previous: Article,
    job: ImportJob | None,
) -> bool:
    """Store `draft` as the next revision of `previous`; False if another run did."""
    found = extraction.to_dict()
    try:
        with transaction.atomic():
            # Lock the old revision: two imports of a revision at once must not both
            # move its claims.
            locked = Article.objects.select_for_update().get(pk=previous.pk)
            if locked.superseded:
                return False
            article = Article(**_article_row(draft, digest, extraction, job))
            article.revision_of = locked
            article.revision = locked.revision + 1
            article.save()
            Article.objects.filter(pk=locked.pk).update(superseded=True)
            taken = _move_claims(locked, article, extraction.claims, found["claims"], job)
            fresh = [
                (index, c)
                for index, c in enumerate(found["claims"])
                if not any(c["start"] < end and start < c["end"] for start, end in taken)
            ]
            positions = sorted([*(s for s, _ in taken), *(c["start"] for _, c in fresh)])
            order = {start: position for position, start in enumerate(positions)}
            created = Claim.objects.bulk_create(
                [_claim(article, order[c["start"]], c) for _, c in fresh]
            )
            for claim in Claim.objects.filter(article=article, anchor__gt=""):
                Claim.objects.filter(pk=claim.pk).update(position=order[claim.start])
            by_index = {index: claim for (index, _), claim in zip(fresh, created, strict=True)}
            bulk_insert_rows(
                Fact,
                [
                    fact_row(by_index[index].pk, position, fact)
                    for index, _ in fresh
                    for position, fact in enumerate(extraction.claims[index].facts)
                ],
            )
            _checks_for_revision(article, found, by_index)
    except IntegrityError:
        if Article.objects.filter(content_hash=digest).exists():
            return False
        raise
    return True


# A moving claim's facts are first lifted this far out of the way (_move_claims).
_SHUNT = 1_000_000_000


@dataclass
class _Move:
    """A claim of the old revision that found its place in the new text."""

    claim: Claim
    anchor: Anchor
    facts: list[Fact]
    follow: FactsFollow | None  # None: moved exactly, its facts shift with it
    found: list[FoundFact]  # the facts extraction found in the new span


def _move_claims(
    old: Article,
    new: Article,
    found_claims: Sequence[ClaimCandidate],
    found_json: Sequence[dict[str, Any]],
    job: ImportJob | None,
) -> list[tuple[int, int]]:
    """Re-anchor the old revision's claims, with their facts, in the new text (the rule:
    claims.extraction.anchoring); returns the spans they take in it.

    A claim moves with every fact of it, or not at all: found exactly, its facts shift
    with it; reworded (context, fuzzy), it moves only if each of its facts finds its
    counterpart in the new span. Otherwise it stays on the old revision, orphaned, with
    all its facts orphaned, and verdicts untouched; the new sentence becomes a fresh
    claim. Each claim and fact changed gets a history row with the reason (after a first
    row with its state as imported, if it had none) and a new version.
    """
    spans = [(c.start, c.end) for c in found_claims]
    # Locked, facts first and then claims as the fact edits lock them: a review write
    # waits for the move, then is refused for the version it saw (each row's version
    # is bumped), instead of being overwritten by it or applied to old words.
    live = Claim.objects.filter(article=old, orphaned=False)
    locked_facts = list(
        Fact.objects.select_for_update(of=("self",))
        .filter(claim__in=live)
        .order_by("claim_id", "position", "pk")
    )
    claims = list(live.select_for_update(of=("self",)).order_by("position"))
    facts: dict[int, list[Fact]] = {claim.pk: [] for claim in claims}
    for fact in locked_facts:
        facts[fact.claim_id].append(fact)
    _history_baseline(old, claims, locked_facts)
    by = job.requested_by if job is not None else None
    taken: list[tuple[int, int]] = []
    moves: list[_Move] = []
    orphans: list[Claim] = []
    for claim in claims:
        move, why = _place(claim, facts[claim.pk], new.text, found_claims, spans, taken)
        if move is None:
            _orphan(claim, facts[claim.pk], why, revision=new.revision, by=by)
            orphans.append(claim)
            continue
        moves.append(move)
        taken.append((move.anchor.start, move.anchor.end))
    _write(Claim, orphans, ["orphaned"])
    _write(Fact, [f for claim in orphans for f in facts[claim.pk]], ["orphaned"])
    if not moves:
        return taken
    ids = [m.claim.pk for m in moves]
    # Out of the way first, so that no fact's new span meets another's old one in the
    # unique (claim, kind, start, end) while they are written.
    Fact.objects.filter(claim_id__in=ids).update(start=F("start") + _SHUNT, end=F("end") + _SHUNT)
    deleted = _deleted_facts(ids)
    json_by_span = {(c["start"], c["end"]): c for c in found_json}
    fresh_rows: list[dict[str, Any]] = []
    for move in moves:
        fresh_rows += _move(move, new, json_by_span, deleted, by=by)
    _write(Claim, [m.claim for m in moves], _CLAIM_MOVE_FIELDS)
    _write(Fact, [f for m in moves for f in m.facts], _FACT_MOVE_FIELDS)
    bulk_insert_rows(Fact, fresh_rows)
    for move in moves:
        if move.claim.derived_verdict_id or any(f.verdict_id for f in move.facts):
            claim_derive_verdict(claim_id=move.claim.pk)
    return taken


_CLAIM_MOVE_FIELDS = [
    "article",
    "start",
    "end",
    "text",
    "quote_prefix",
    "quote_suffix",
    "anchor",
    "stale_verdict",
    "kinds",
    "quantities",
    "attributions",
    "dates",
    "comparisons",
    "enumerations",
]
_FACT_MOVE_FIELDS = [
    "start",
    "end",
    "text",
    "fields",
    "statement",
    "anchor",
    "stale_verdict",
    "position",
]


def _write(
    model: type[Claim] | type[Fact], records: Sequence[Claim | Fact], fields: list[str]
) -> None:
    """Update `fields` of the records, each with a new version, and write one history row
    each (with the reason and user _record set). One UPDATE a row: bulk_update's CASE
    expressions cost more to build than the statements they save."""
    if not records:
        return
    now = timezone.now()
    for record in records:
        record.version += 1
        record.updated_at = now
        model.objects.filter(pk=record.pk).update(
            **{name: getattr(record, name) for name in (*fields, "version", "updated_at")}
        )
    model.history.bulk_history_create(records, update=True, default_date=now)


def _place(
    claim: Claim,
    facts: list[Fact],
    text: str,
    found_claims: Sequence[ClaimCandidate],
    spans: list[tuple[int, int]],
    taken: list[tuple[int, int]],
) -> tuple[_Move | None, str]:
    """Where the claim moves, with its facts; else (None, why it is orphaned: the first
    fact missing from the best place tried, else that its place is taken)."""
    missing_fact, taken_place = "", ""
    for anchor in anchor_choices(
        text,
        exact=claim.text,
        prefix=claim.quote_prefix,
        suffix=claim.quote_suffix,
        old_start=claim.start,
        candidates=spans,
    ):
        if any(anchor.start < e and s < anchor.end for s, e in taken):
            taken_place = "its place in the new revision is taken by another claim"
            continue
        found = [
            fact
            for c in found_claims
            if c.start < anchor.end and anchor.start < c.end
            for fact in c.facts
            if anchor.start <= fact.start < fact.end <= anchor.end
        ]
        if anchor.method == "exact":
            return _Move(claim, anchor, facts, None, found), ""
        follow = facts_follow(
            text,
            old_claim=(claim.start, claim.end),
            new_span=(anchor.start, anchor.end),
            old_facts=facts,
            found=found,
        )
        if follow.placements is not None:
            return _Move(claim, anchor, facts, follow, found), ""
        if not missing_fact and follow.missing is not None:
            words = follow.missing.text
            words = words if len(words) <= 30 else words[:29] + "…"
            missing_fact = f"its {follow.missing.kind} “{words}” is not in the reworded sentence"
    return None, missing_fact or taken_place or "not found in the new revision"


def _orphan(claim: Claim, facts: list[Fact], why: str, *, revision: int, by: Any) -> None:
    """The claim stays on the old revision, and so do its facts, verdicts untouched."""
    reason = f"orphaned by revision {revision}: {why}"
    claim.orphaned = True
    _record(claim, by, reason)
    for fact in facts:
        fact.orphaned = True
        _record(fact, by, reason)


def _move(
    move: _Move,
    new: Article,
    json_by_span: dict[tuple[int, int], dict[str, Any]],
    deleted: set[tuple[int, str, str]],
    *,
    by: Any,
) -> list[dict[str, Any]]:
    """Set the moved claim's and facts' new places (written by the caller); the rows of
    the fresh facts extraction found in its new words."""
    claim, anchor = move.claim, move.anchor
    text = new.text[anchor.start : anchor.end]
    delta = anchor.start - claim.start
    if text != claim.text and claim.verdict_id is not None:
        claim.stale_verdict = True
    claim.article = new
    claim.start, claim.end, claim.text = anchor.start, anchor.end, text
    claim.quote_prefix = new.text[max(0, anchor.start - QUOTE_CONTEXT) : anchor.start]
    claim.quote_suffix = new.text[anchor.end : anchor.end + QUOTE_CONTEXT]
    claim.anchor = anchor.method
    read = json_by_span.get((anchor.start, anchor.end))
    if read is not None:
        # What extraction read in the claim's words here, at their new offsets.
        for name in _READINGS:
            setattr(claim, name, read.get(name, []))
    _record(claim, by, f"moved to revision {new.revision} ({anchor.method})")
    if move.follow is None:  # exact: the same words, every fact shifts with the claim
        for fact in move.facts:
            fact.start += delta
            fact.end += delta
            fact.fields = fact_shifted(fact.kind, fact.fields, delta)
            fact.anchor = "exact"
    else:
        for fact, place in zip(move.facts, move.follow.placements or (), strict=True):
            # "exact": its own words are unchanged (its content may not be).
            fact.anchor = "exact" if place.text == fact.text else "fuzzy"
            fact.start, fact.end, fact.text = place.start, place.end, place.text
            fact.fields = place.fields
            if place.statement:
                fact.statement = place.statement
            if place.changed and fact.verdict_id is not None:
                fact.stale_verdict = True
    fresh = [
        move.found[i]
        for i in (move.follow.fresh if move.follow is not None else ())
        if (claim.pk, move.found[i].kind, move.found[i].text) not in deleted
    ]
    order = sorted(
        [
            *((f.start, FACT_KINDS.index(f.kind), 0, f.pk or 0, f) for f in move.facts),
            *((f.start, FACT_KINDS.index(f.kind), 1, i, f) for i, f in enumerate(fresh)),
        ],
        key=lambda row: row[:4],
    )
    positions = {id(row[4]): position for position, row in enumerate(order)}
    for fact in move.facts:
        fact.position = positions[id(fact)]
        _record(fact, by, f"moved to revision {new.revision} with its claim ({fact.anchor})")
    return [fact_row(claim.pk, positions[id(f)], f) for f in fresh]


# The claim's structured extraction, read again when it moves onto a sentence extraction
# found (its offsets follow the new text).
_READINGS = ("kinds", "quantities", "attributions", "dates", "comparisons", "enumerations")
# simple_history's change reason holds at most this many characters.
_REASON_MAX = 100


def _reason(text: str) -> str:
    return text if len(text) <= _REASON_MAX else text[: _REASON_MAX - 1] + "…"


def _record(record: Claim | Fact, by: Any, reason: str) -> None:
    """Who (the person who asked for the import; None: the system) and why, for the
    history row the next save() writes."""
    record._history_user = by  # type: ignore[union-attr]
    record._change_reason = _reason(reason)  # type: ignore[union-attr]


def _history_baseline(old: Article, claims: list[Claim], facts: list[Fact]) -> None:
    """A first history row, the state as imported, for each claim and fact that has none
    (imports bulk-insert them without history), so the move's row shows what changed.
    As claims.services.reviews does before a first review write, by whoever asked for
    the import."""
    job = (
        ImportJob.objects.select_related("requested_by").filter(pk=old.import_job_id).first()
        if old.import_job_id
        else None
    )
    user = job.requested_by if job is not None else None
    for model, records in ((Claim, claims), (Fact, facts)):
        if not records:
            continue
        have = set(
            model.history.filter(id__in=[r.pk for r in records])
            .values_list("id", flat=True)
            .distinct()
        )
        missing = [r for r in records if r.pk not in have]
        for record in missing:
            record._history_date = record.created_at  # type: ignore[union-attr]
        if missing:
            model.history.bulk_history_create(
                missing, default_user=user, default_change_reason="imported"
            )
        for record in missing:
            del record._history_date  # type: ignore[union-attr]


def _deleted_facts(claim_ids: list[int]) -> set[tuple[int, str, str]]:
    """(claim, kind, words) of the facts reviewers deleted from these claims: extraction
    finding the same words in a claim's new text does not bring them back."""
    return set(
        Fact.history.filter(claim_id__in=claim_ids, history_type="-").values_list(
            "claim_id", "kind", "text"
        )
    )


def _checks_for_revision(
    article: Article, found: dict[str, Any], by_index: dict[int, Claim]
) -> None:
    """Consistency checks of the new text, tied to the claims now standing on its spans."""
    claims_by_span = {(c.start, c.end): c for c in Claim.objects.filter(article=article)}
    for check in found.get("checks", []):
        members = []
        for number in check["claims"]:
            index = number - 1  # claim numbers count from 1, as the reader lists them
            claim = by_index.get(index)
            if claim is None:
                c = found["claims"][index]
                claim = next(
                    (
                        other
                        for (s, e), other in claims_by_span.items()
                        if s < c["end"] and c["start"] < e
                    ),
                    None,
                )
            if claim is not None:
                members.append(claim)
        stored = ConsistencyCheck.objects.create(
            article=article,
            check_name=check["check"],
            result=check["result"],
            detail=check["detail"],
        )
        stored.claims.set(members)
