"""The cast and data for the review tests: a reviewer, an editor, a second editor, an
outsider (logged in, no role) and an admin; articles with claims as an import stores them.

No tests here; the fixtures are imported by the review, view and permission tests.
"""

from __future__ import annotations

import hashlib

import pytest

from claims.models import Article, Claim, Rating
from tests.cast import PASSWORD, person  # noqa: F401 (re-exported)

# The fixtures, for `from tests.test_reviews_support import *` in the test modules.
__all__ = ["article", "claim"]


def article_with_claims(
    count: int = 3,
    *,
    title: str = "Harbor bridge budget",
    outlet: str = "Daily Planet",
    extra: str = "",
) -> Article:
    """An article of `count` sentences, each one a claim, stored the way an import stores
    them (bulk insert, anchored by offsets)."""
    sentences = [f"The city spent {n + 1} million dollars on bridge {n + 1}." for n in range(count)]
    text = extra + " ".join(sentences)
    article = Article.objects.create(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        outlet=outlet,
        author="Lois Lane",
    )
    claims, cursor = [], len(extra)
    for position, sentence in enumerate(sentences):
        start = text.index(sentence, cursor)
        cursor = start + len(sentence)
        claims.append(
            Claim(
                article=article,
                position=position,
                start=start,
                end=cursor,
                text=sentence,
                kinds=["quantity"] if position % 2 == 0 else ["factual"],
                score=round(1 - position / max(count, 1), 3),
                quantities=[
                    {"value": position + 1, "unit": "million dollars", "approximate": False}
                ],
            )
        )
    Claim.objects.bulk_create(claims)
    return article


def rating(name: str = "False") -> Rating:
    return Rating.objects.get(scale__is_active=True, name=name)


@pytest.fixture
def article(db) -> Article:
    return article_with_claims(3)


@pytest.fixture
def claim(article: Article) -> Claim:
    return article.claims.order_by("position").first()
