"""Storing imported articles: in batches, without duplicates, with revisions.

Extraction (pure, slow-ish) runs before any transaction; each batch of new articles is
then written in one short transaction with bulk inserts (articles, claims, checks). The
unique content hash makes every write safe to repeat: a re-run of a job, or two jobs
importing the same text at once, store it once.

Revisions: an article whose URL (or, without a URL, title + outlet + published date)
matches a stored article but whose text differs is a new revision. It is stored as a new
Article pointing at the one it replaces; the claims of the old revision are re-anchored
in the new text by their quote selectors (exact, then prefix/suffix, then fuzzy), keeping
their reviews, evidence and history. A claim whose wording changed after it got a verdict
is flagged `stale_verdict`; one that cannot be found stays on the old revision, flagged
`orphaned`, never deleted.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.extraction import Extraction
from claims.extraction.anchoring import reanchor
from claims.extraction.types import Fact as FoundFact
from claims.importers.types import ArticleDraft
from claims.models import Article, Claim, ConsistencyCheck, Fact, FactOrigin, ImportJob
from claims.services.bulk import bulk_insert_rows
from claims.services.extraction import text_extract

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
    spans = [(c["start"], c["end"]) for c in found["claims"]]
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
            taken = _move_claims(locked, article, spans)
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


def _move_claims(old: Article, new: Article, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Re-anchor the old revision's claims in the new text; returns the spans they take."""
    taken: list[tuple[int, int]] = []
    for claim in Claim.objects.filter(article=old, orphaned=False).order_by("position"):
        anchor = reanchor(
            new.text,
            exact=claim.text,
            prefix=claim.quote_prefix,
            suffix=claim.quote_suffix,
            old_start=claim.start,
            candidates=spans,
        )
        if anchor is None or any(anchor.start < e and s < anchor.end for s, e in taken):
            claim.orphaned = True
            claim.save(update_fields=["orphaned", "updated_at"])
            continue
        text = new.text[anchor.start : anchor.end]
        if text != claim.text and claim.verdict_id is not None:
            claim.stale_verdict = True
        claim.article = new
        claim.start, claim.end, claim.text = anchor.start, anchor.end, text
        claim.quote_prefix = new.text[max(0, anchor.start - QUOTE_CONTEXT) : anchor.start]
        claim.quote_suffix = new.text[anchor.end : anchor.end + QUOTE_CONTEXT]
        claim.anchor = anchor.method
        claim.save()  # through save(), so the history records the move
        taken.append((anchor.start, anchor.end))
    return taken


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
