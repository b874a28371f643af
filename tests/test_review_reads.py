"""selectors_review.claim_review reads the claim's comments, checks and evidence log with
the claim (JSON columns of its row): the same objects, order and times as reading each
with a query of its own, on either database."""

from __future__ import annotations

import pytest

from claims import selectors_review
from claims.models import Comment, ConsistencyCheck, Evidence
from claims.selectors_review import claim_review
from claims.services.reviews import claim_assign, comment_add, evidence_add, evidence_remove
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import article_with_claims

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(reviewer, second_reviewer):
    article = article_with_claims(3)
    claim, other, _ = article.claims.order_by("position")
    for n, who in enumerate([reviewer, second_reviewer, reviewer]):
        comment_add(claim_id=claim.pk, by=who, text=f"Note {n}:\n<b>line</b>")
    comment_add(claim_id=other.pk, by=reviewer, text="elsewhere")
    for name, result in (("parts_sum", "inconsistent"), ("dates", "consistent")):
        check = ConsistencyCheck.objects.create(
            article=article, check_name=name, result=result, detail=f"{name} detail"
        )
        check.claims.set([claim, other])
    unrelated = ConsistencyCheck.objects.create(
        article=article, check_name="count", result="consistent", detail="not this claim"
    )
    unrelated.claims.set([other])
    first = evidence_add(
        claim_id=claim.pk, by=reviewer, stance="refutes", url="https://a.example/1"
    )
    evidence_add(claim_id=claim.pk, by=second_reviewer, stance="supports", title="Annual report")
    evidence_remove(evidence_id=first.pk, claim_id=claim.pk, by=reviewer)
    return claim


def test_comments_come_with_the_claim_as_their_own_query_reads_them(busy):
    review = claim_review(claim_id=busy.pk)

    def shown(comments):
        return [(c.pk, c.author.get_username(), c.text, c.created_at, c.fact_id) for c in comments]

    expected = Comment.objects.filter(claim=busy).select_related("author").order_by("created_at")
    assert shown(review.comments) == shown(expected)
    assert len(review.comments) == 3
    assert all(c.created_at.tzinfo is not None for c in review.comments)


def test_a_comment_whose_author_is_gone_still_shows(busy, reviewer):
    Comment.objects.filter(claim=busy, author=reviewer).update(author=None)

    review = claim_review(claim_id=busy.pk)

    assert [c.author for c in review.comments].count(None) == 2


def test_checks_come_with_the_claim_and_only_its_own(busy):
    review = claim_review(claim_id=busy.pk)

    assert [(c.check_name, c.get_result_display(), c.detail) for c in review.checks] == [
        (c.check_name, c.get_result_display(), c.detail)
        for c in ConsistencyCheck.objects.filter(claims=busy).order_by("pk")
    ]
    assert [c.check_name for c in review.checks] == ["parts_sum", "dates"]


def test_the_evidence_log_comes_with_the_claim_as_the_history_reads_it(busy):
    review = claim_review(claim_id=busy.pk)
    logged = [(h.who, h.when, h.what) for h in review.history if h.what.startswith("evidence")]

    records = Evidence.history.filter(claim_id=busy.pk).order_by("-history_date")
    assert [(who, when) for who, when, _ in logged] == [
        (r.history_user.get_username(), r.history_date) for r in records
    ]
    assert [what for _, _, what in logged] == [
        "evidence removed: Refutes — https://a.example/1",
        "evidence added: Supports — Annual report",
        "evidence added: Refutes — https://a.example/1",
    ]


def test_the_review_lists_the_latest_changes_when_there_are_many(
    busy, monkeypatch, editor, reviewer, second_reviewer
):
    for who in (reviewer, second_reviewer):
        claim_assign(claim_id=busy.pk, assignee=who, by=editor)
    monkeypatch.setattr(selectors_review, "HISTORY_LIMIT", 2)

    review = claim_review(claim_id=busy.pk)

    logged = [h.what for h in review.history if h.what.startswith("evidence")]
    assert logged == [
        "evidence removed: Refutes — https://a.example/1",
        "evidence added: Supports — Annual report",
    ]
    claim_changes = [h.changes for h in review.history if not h.what.startswith("evidence")]
    assert busy.history.count() == 3
    # The latest two: the second assignment shows what it changed; the first is the
    # oldest listed, with nothing before it to compare.
    assert claim_changes == [[("assignee", reviewer.username, second_reviewer.username)], []]
