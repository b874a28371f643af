"""Reads for showing an orphan against the revision that lost it.

A claim (or a fact) that a new revision of its article no longer holds stays on the old
revision, flagged `orphaned` (claims.services.articles). A reviewer needs to see what
became of it: the sentence of the next revision most like it (difflib similarity,
claims.extraction.anchoring.closest_text), with the words that changed (word_diff).

The work is bounded: one query for the next revision's claims (next_revision_claims,
shared by every orphan of a page), at most MAX_DIFF_CANDIDATES sentences compared (the
nearest to the orphan's old place) and MAX_DIFF_CHARS characters of each; for a fact,
one more query for the facts of the closest claim.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claims.extraction.anchoring import DiffOp, closest_text, word_diff
from claims.models import Article, Claim, Fact


@dataclass(frozen=True)
class NextRevision:
    """The revision that replaced an article, with its claims as (id, start, text)."""

    article_id: int
    revision: int
    claims: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True)
class OrphanDiff:
    """An orphan beside the closest sentence of the next revision."""

    article_id: int  # the next revision
    revision: int
    old_text: str
    closest_id: int | None  # None: the next revision has no claims
    closest_text: str
    similarity: float  # 0 to 1 (difflib ratio)
    ops: tuple[DiffOp, ...]  # the orphan's words -> the closest sentence's
    # For a fact: its words against those of the nearest fact of its kind in the closest
    # claim (empty when that claim has none).
    fact_text: str = ""
    fact_closest_text: str = ""
    fact_ops: tuple[DiffOp, ...] = ()

    @property
    def percent(self) -> int:
        return round(100 * self.similarity)


def next_revision_claims(*, article_id: int) -> NextRevision | None:
    """The revision that replaced `article_id` and its claims; None if none did."""
    rows = list(
        Claim.objects.filter(article__revision_of_id=article_id)
        .order_by("start", "pk")
        .values_list("pk", "start", "text", "article_id", "article__revision")
    )
    if rows:
        return NextRevision(
            article_id=rows[0][3],
            revision=rows[0][4],
            claims=tuple((pk, start, text) for pk, start, text, _, _ in rows),
        )
    found = Article.objects.filter(revision_of_id=article_id).values_list("pk", "revision")
    for pk, revision in found[:1]:
        return NextRevision(article_id=pk, revision=revision, claims=())
    return None


def orphan_diff(
    *, claim: Claim, fact: Fact | None = None, next_revision: NextRevision | None = None
) -> OrphanDiff | None:
    """The orphaned `claim` (or its orphaned `fact`) beside the closest sentence of the
    next revision; None when it is not an orphan or no newer revision exists.

    `next_revision` (next_revision_claims of the claim's article) may be given by a
    caller that shows several orphans of one article, to read it once.
    """
    if not (claim.orphaned or (fact is not None and fact.orphaned)):
        return None
    nxt = next_revision or next_revision_claims(article_id=claim.article_id)
    if nxt is None:
        return None
    best = closest_text(
        claim.text, [(start, text) for _, start, text in nxt.claims], near=claim.start
    )
    if best is None:
        return OrphanDiff(
            article_id=nxt.article_id,
            revision=nxt.revision,
            old_text=claim.text,
            closest_id=None,
            closest_text="",
            similarity=0.0,
            ops=tuple(word_diff(claim.text, "")),
        )
    index, similarity = best
    closest_id, closest_start, text = nxt.claims[index]
    diff = OrphanDiff(
        article_id=nxt.article_id,
        revision=nxt.revision,
        old_text=claim.text,
        closest_id=closest_id,
        closest_text=text,
        similarity=similarity,
        ops=tuple(word_diff(claim.text, text)),
    )
    if fact is None:
        return diff
    # The fact against the fact of its kind at the nearest place in the closest claim.
    where = closest_start + (fact.start - claim.start)
    others = list(
        Fact.objects.filter(claim_id=closest_id, kind=fact.kind).values_list("start", "text")
    )
    counterpart = min(others, key=lambda o: abs(o[0] - where))[1] if others else ""
    return replace(
        diff,
        fact_text=fact.text,
        fact_closest_text=counterpart,
        fact_ops=tuple(word_diff(fact.text, counterpart)),
    )
