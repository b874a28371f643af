"""`{% orphan_diff claim fact as diff %}`: an orphan beside the closest sentence of the
next revision (claims.selectors_revisions.orphan_diff), for templates/claims/_orphan_diff.html.

The next revision's claims are read once per page render, whatever the number of
orphans shown (kept on the template context)."""

from __future__ import annotations

from typing import Any

from django import template

from claims.selectors_revisions import NextRevision, OrphanDiff, next_revision_claims, orphan_diff

register = template.Library()

_CACHE = "_orphan_diff_next_revisions"


@register.simple_tag(takes_context=True, name="orphan_diff")
def orphan_diff_tag(context: template.Context, claim: Any, fact: Any = None) -> OrphanDiff | None:
    fact = fact or None  # a missing variable resolves to ""
    if not claim or not (getattr(claim, "orphaned", False) or getattr(fact, "orphaned", False)):
        return None
    cache: dict[int, NextRevision | None] = context.__dict__.setdefault(_CACHE, {})
    if claim.article_id not in cache:
        cache[claim.article_id] = next_revision_claims(article_id=claim.article_id)
    nxt = cache[claim.article_id]
    if nxt is None:
        return None
    return orphan_diff(claim=claim, fact=fact, next_revision=nxt)
