"""Data for the fact tests: an article whose claims hold several facts each, stored the
way an import stores them (bulk insert, no history rows), and helpers to check that a
refused write left nothing behind. No tests here.

The text is made up for these tests; the spans are found in it by their words, so a
test names a fact by what it says ("680 workers"), not by offsets.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest

from claims.models import Article, Claim, Comment, Evidence, Fact, FactOrigin
from claims.services import reviews
from tests.test_reviews_support import rating

SENTENCES = (
    # 0: an attribution, the figure it carries and its date
    "ICE spokesman Bryan Cox confirmed to Breitbart News that about 300 workers were "
    "released on Wednesday.",
    # 1: three figures
    "Agents arrested 680 workers, 30 managers and seven plant owners.",
    # 2: a date and two figures, and a comparison over one of them
    "In 2004, John Kerry won more than 85% of the black vote and lost Florida by 5 points.",
    # 3: one figure that an extraction glued from two (for splitting)
    "Officials counted 120 cars, 40 trucks at the border.",
)
# (sentence, kind, words, fields): the facts an import found.
FOUND: tuple[tuple[int, str, str, dict[str, Any]], ...] = (
    (
        0,
        "attribution",
        "ICE spokesman Bryan Cox confirmed to Breitbart News",
        {
            "speaker": "Bryan Cox",
            "role": "ICE spokesman",
            "organisation": "ICE",
            "cue": "confirm",
            "recipient": "Breitbart News",
            "content": "about 300 workers were released on Wednesday",
            "direct_quote": False,
        },
    ),
    (0, "figure", "about 300 workers", {"value": 300.0, "unit": "workers", "event": "release"}),
    (0, "date", "Wednesday", {"resolved": "2019-08-07", "granularity": "day"}),
    (1, "figure", "680 workers", {"value": 680.0, "unit": "workers", "event": "arrest"}),
    (1, "figure", "30 managers", {"value": 30.0, "unit": "managers", "event": "arrest"}),
    (1, "figure", "seven plant owners", {"value": 7.0, "unit": "plant owners"}),
    (2, "date", "2004", {"resolved": "2004-01-01", "granularity": "year"}),
    (2, "figure", "more than 85%", {"value": 85.0, "unit": "%", "qualifier": "more than"}),
    (2, "figure", "5 points", {"value": 5.0, "unit": "points", "event": "lose"}),
    (3, "figure", "120 cars, 40 trucks", {"value": 120.0, "unit": "cars"}),
)
PUBLISHED = datetime.date(2019, 8, 8)


def fact_article(title: str = "Raids") -> Article:
    """The article of SENTENCES; another title makes another article (its text begins
    with the title, which is no claim)."""
    text = ("" if title == "Raids" else f"{title}. ") + " ".join(SENTENCES)
    article = Article.objects.create(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        outlet="Gazette",
        published=PUBLISHED,
    )
    claims = []
    for position, sentence in enumerate(SENTENCES):
        start = text.index(sentence)
        claims.append(
            Claim(
                article=article,
                position=position,
                start=start,
                end=start + len(sentence),
                text=sentence,
                score=1 - position / 10,
            )
        )
    Claim.objects.bulk_create(claims)
    claims = list(article.claims.order_by("position"))
    facts = []
    for position, (sentence, kind, words, fields) in enumerate(FOUND):
        claim = claims[sentence]
        start = text.index(words, claim.start)
        fields = dict(fields)
        if kind == "attribution":
            content = text.index(fields["content"], claim.start)
            fields |= {"content_start": content, "content_end": content + len(fields["content"])}
        facts.append(
            Fact(
                claim=claim,
                position=position,
                kind=kind,
                start=start,
                end=start + len(words),
                text=words,
                statement=words,
                fields=fields,
                origin=FactOrigin.EXTRACTED,
            )
        )
    Fact.objects.bulk_create(facts)
    return article


@pytest.fixture
def raids(db) -> Article:
    return fact_article()


def claim_of(article: Article, position: int) -> Claim:
    return article.claims.get(position=position)


def fact(article: Article, words: str) -> Fact:
    """The fact of the article that reads `words`."""
    return Fact.objects.get(claim__article=article, text=words)


def at(article: Article, words: str, offset: int = 0) -> int:
    """The article offset of `words` (plus `offset`)."""
    return article.text.index(words) + offset


def everything() -> dict[str, object]:
    """Every fact, claim review, evidence and comment row, and every history row: what a
    refused write must leave exactly as it was."""
    return {
        "facts": list(Fact.objects.order_by("pk").values()),
        "claims": list(
            Claim.objects.order_by("pk").values(
                "pk", "status", "verdict_id", "derived_verdict_id", "derived_mixed", "version"
            )
        ),
        "evidence": list(Evidence.objects.order_by("pk").values("pk", "claim_id", "fact_id")),
        "comments": list(Comment.objects.order_by("pk").values("pk", "claim_id", "fact_id")),
        "fact_history": Fact.history.count(),
        "claim_history": Claim.history.count(),
        "evidence_history": Evidence.history.count(),
        "comment_history": Comment.history.count(),
    }


def fact_verdict(
    fact_: Fact, name: str, by, rationale: str = "Checked against the record."
) -> Fact:
    fact_.refresh_from_db()
    return reviews.fact_verdict_record(
        fact_id=fact_.pk,
        rating=rating(name),
        rationale=rationale,
        by=by,
        expected_version=fact_.version,
    )


def fact_step(fact_: Fact, to_status: str, by, comment: str = "") -> Fact:
    fact_.refresh_from_db()
    return reviews.fact_transition(
        fact_id=fact_.pk,
        to_status=to_status,
        by=by,
        expected_version=fact_.version,
        comment=comment,
    )


def fact_put_in(fact_: Fact, status: str, *, proposer, approver, verdict: str = "False") -> Fact:
    """The fact moved to `status` through the services, by people outside the test's actor."""
    from claims.models import ClaimStatus as S

    if status == S.NEW:
        return fact_
    if status == S.DISMISSED:
        return fact_step(fact_, S.DISMISSED, proposer)
    fact_ = fact_verdict(fact_, verdict, proposer)
    for step, by in (
        (S.AWAITING_APPROVAL, proposer),
        (S.APPROVED, approver),
        (S.PUBLISHED, approver),
    ):
        if fact_.status == status:
            break
        fact_ = fact_step(fact_, step, by)
    assert fact_.status == status
    return fact_
