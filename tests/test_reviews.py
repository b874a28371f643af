"""The review workflow as a state machine, its roles, and optimistic locking (services)."""

from __future__ import annotations

import pytest

from claims.models import ClaimStatus, Comment, Evidence, Rating, RatingScale, Source
from claims.services import reviews
from claims.services.reviews import (
    ReviewError,
    ReviewNotAllowed,
    StaleClaim,
    TransitionRefused,
    claim_assign,
    claim_transition,
    comment_add,
    evidence_add,
    verdict_record,
)
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import rating

pytestmark = pytest.mark.django_db
S = ClaimStatus


def proposed(claim, by, name="False"):
    """The claim with a verdict proposed and submitted by `by`."""
    claim = verdict_record(
        claim_id=claim.pk,
        rating=rating(name),
        rationale="The budget says otherwise.",
        by=by,
        expected_version=claim.version,
    )
    return claim_transition(
        claim_id=claim.pk, to_status=S.AWAITING_APPROVAL, by=by, expected_version=claim.version
    )


def test_assigning_a_new_claim_to_me_starts_its_review(claim, reviewer):
    claim = claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)

    assert claim.assignee == reviewer
    assert claim.status == S.IN_REVIEW
    assert claim.version == 2


def test_a_reviewer_cannot_assign_a_claim_to_someone_else(claim, reviewer, second_reviewer):
    with pytest.raises(ReviewNotAllowed):
        claim_assign(claim_id=claim.pk, assignee=second_reviewer, by=reviewer)


def test_a_reviewer_cannot_take_a_claim_assigned_to_someone_else(claim, reviewer, second_reviewer):
    claim_assign(claim_id=claim.pk, assignee=second_reviewer, by=second_reviewer)

    with pytest.raises(ReviewNotAllowed):
        claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)


def test_an_editor_assigns_a_claim_to_a_reviewer(claim, editor, reviewer):
    claim = claim_assign(claim_id=claim.pk, assignee=reviewer, by=editor)

    assert claim.assignee == reviewer


def test_nobody_can_be_assigned_who_is_not_a_reviewer(claim, editor, outsider):
    with pytest.raises(ReviewNotAllowed):
        claim_assign(claim_id=claim.pk, assignee=outsider, by=editor)


def test_a_verdict_needs_a_rationale(claim, reviewer):
    with pytest.raises(ReviewError, match="rationale"):
        verdict_record(
            claim_id=claim.pk, rating=rating(), rationale="  ", by=reviewer, expected_version=1
        )


def test_a_verdict_must_come_from_the_active_scale(claim, reviewer):
    old = RatingScale.objects.create(name="Old", best_value=1, worst_value=0)
    retired = Rating.objects.create(scale=old, name="Pants on fire", value=0)

    with pytest.raises(ReviewError, match="active rating scale"):
        verdict_record(
            claim_id=claim.pk, rating=retired, rationale="x", by=reviewer, expected_version=1
        )


def test_the_full_path_from_new_to_published(claim, reviewer, editor):
    claim = proposed(claim, reviewer)
    assert claim.status == S.AWAITING_APPROVAL
    assert claim.verdict_by == reviewer

    claim = claim_transition(
        claim_id=claim.pk, to_status=S.APPROVED, by=editor, expected_version=claim.version
    )
    assert claim.status == S.APPROVED
    assert claim.approved_by == editor

    claim = claim_transition(
        claim_id=claim.pk, to_status=S.PUBLISHED, by=editor, expected_version=claim.version
    )
    assert claim.status == S.PUBLISHED


def test_submitting_needs_a_verdict(claim, reviewer):
    claim = claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)

    with pytest.raises(TransitionRefused, match="verdict"):
        claim_transition(
            claim_id=claim.pk,
            to_status=S.AWAITING_APPROVAL,
            by=reviewer,
            expected_version=claim.version,
        )


def test_a_reviewer_cannot_approve(claim, reviewer, second_reviewer):
    claim = proposed(claim, reviewer)

    with pytest.raises(ReviewNotAllowed):
        claim_transition(
            claim_id=claim.pk,
            to_status=S.APPROVED,
            by=second_reviewer,
            expected_version=claim.version,
        )


def test_an_editor_never_approves_their_own_verdict(claim, editor, second_editor):
    claim = proposed(claim, editor)

    with pytest.raises(ReviewNotAllowed, match="another editor"):
        claim_transition(
            claim_id=claim.pk, to_status=S.APPROVED, by=editor, expected_version=claim.version
        )
    claim = claim_transition(
        claim_id=claim.pk, to_status=S.APPROVED, by=second_editor, expected_version=claim.version
    )
    assert claim.approved_by == second_editor


def test_sending_back_to_review_needs_a_comment_and_keeps_it(claim, reviewer, editor):
    claim = proposed(claim, reviewer)

    with pytest.raises(ReviewError, match="comment is required"):
        claim_transition(
            claim_id=claim.pk, to_status=S.IN_REVIEW, by=editor, expected_version=claim.version
        )
    claim = claim_transition(
        claim_id=claim.pk,
        to_status=S.IN_REVIEW,
        by=editor,
        expected_version=claim.version,
        comment="Find the council minutes first.",
    )

    assert claim.status == S.IN_REVIEW
    assert Comment.objects.get(claim=claim).text.endswith("Find the council minutes first.")


def test_a_reviewer_cannot_send_a_claim_back(claim, reviewer):
    claim = proposed(claim, reviewer)

    with pytest.raises(ReviewNotAllowed):
        claim_transition(
            claim_id=claim.pk,
            to_status=S.IN_REVIEW,
            by=reviewer,
            expected_version=claim.version,
            comment="changed my mind",
        )


def test_only_an_editor_publishes(claim, reviewer, editor, second_editor):
    claim = proposed(claim, reviewer)
    claim = claim_transition(
        claim_id=claim.pk, to_status=S.APPROVED, by=editor, expected_version=claim.version
    )

    with pytest.raises(ReviewNotAllowed):
        claim_transition(
            claim_id=claim.pk, to_status=S.PUBLISHED, by=reviewer, expected_version=claim.version
        )


def test_a_claim_is_dismissed_and_reopened(claim, reviewer):
    claim = claim_transition(
        claim_id=claim.pk, to_status=S.DISMISSED, by=reviewer, expected_version=claim.version
    )
    assert claim.status == S.DISMISSED

    claim = claim_transition(
        claim_id=claim.pk, to_status=S.NEW, by=reviewer, expected_version=claim.version
    )
    assert claim.status == S.NEW


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.NEW, S.APPROVED),
        (S.NEW, S.PUBLISHED),
        (S.NEW, S.AWAITING_APPROVAL),
        (S.IN_REVIEW, S.APPROVED),
        (S.DISMISSED, S.IN_REVIEW),
    ],
)
def test_steps_outside_the_state_machine_are_refused(claim, admin_user, start, to):
    type(claim).objects.filter(pk=claim.pk).update(status=start)

    with pytest.raises(TransitionRefused):
        claim_transition(claim_id=claim.pk, to_status=to, by=admin_user, expected_version=1)


def test_the_verdict_is_frozen_once_submitted(claim, reviewer):
    claim = proposed(claim, reviewer)

    with pytest.raises(TransitionRefused):
        verdict_record(
            claim_id=claim.pk,
            rating=rating("True"),
            rationale="x",
            by=reviewer,
            expected_version=claim.version,
        )


def test_a_save_based_on_an_old_version_is_refused_with_what_changed(
    claim, reviewer, second_reviewer, editor
):
    seen = claim.version
    claim_assign(claim_id=claim.pk, assignee=second_reviewer, by=editor, expected_version=seen)

    with pytest.raises(StaleClaim) as refused:
        verdict_record(
            claim_id=claim.pk,
            rating=rating(),
            rationale="mine",
            by=reviewer,
            expected_version=seen,
        )

    stale = refused.value
    assert stale.claim.version == seen + 1
    assert [c.who for c in stale.changes] == ["edna"]
    assert "assigned to rob" in stale.changes[0].reason
    claim.refresh_from_db()
    assert claim.verdict is None


def test_stale_changes_list_field_before_and_after(claim, reviewer, second_reviewer, editor):
    claim = claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)
    seen = claim.version
    verdict_record(
        claim_id=claim.pk,
        rating=rating("True"),
        rationale="first",
        by=reviewer,
        expected_version=seen,
    )

    with pytest.raises(StaleClaim) as refused:
        verdict_record(
            claim_id=claim.pk,
            rating=rating("False"),
            rationale="second",
            by=second_reviewer,
            expected_version=seen,
        )

    fields = {f.field: (f.before, f.after) for f in refused.value.changes[0].fields}
    assert fields["verdict"] == ("—", "True")
    assert fields["rationale"] == ("—", "first")


def test_every_change_is_in_the_history_with_its_author(claim, reviewer, editor):
    claim = proposed(claim, reviewer)
    claim_transition(
        claim_id=claim.pk, to_status=S.APPROVED, by=editor, expected_version=claim.version
    )

    records = list(claim.history.order_by("history_date"))
    # First the claim as the import stored it (by nobody), recorded before its first write.
    assert [r.history_user and r.history_user.username for r in records] == [
        None,
        "rita",
        "rita",
        "edna",
    ]
    assert [r.status for r in records] == [S.NEW, S.IN_REVIEW, S.AWAITING_APPROVAL, S.APPROVED]
    assert records[0].history_change_reason == "imported"


def test_evidence_reuses_a_known_source_by_url(claim, reviewer, second_reviewer):
    first = evidence_add(
        claim_id=claim.pk,
        by=reviewer,
        stance="refutes",
        url="https://city.example/budget",
        title="City budget 2019",
        quote="Bridge 1: 0.5 million",
    )
    second = evidence_add(
        claim_id=claim.pk,
        by=second_reviewer,
        stance="context",
        url="https://city.example/budget",
        publisher="City of Metropolis",
    )

    assert first.source_id == second.source_id
    assert Source.objects.count() == 1
    assert Source.objects.get().publisher == "City of Metropolis"
    assert first.added_by == reviewer


def test_evidence_needs_a_source(claim, reviewer):
    with pytest.raises(ReviewError, match="URL or a title"):
        evidence_add(claim_id=claim.pk, by=reviewer, stance="supports")


def test_nobody_without_a_role_writes_anything(claim, outsider):
    with pytest.raises(ReviewNotAllowed):
        claim_assign(claim_id=claim.pk, assignee=outsider, by=outsider)
    with pytest.raises(ReviewNotAllowed):
        verdict_record(
            claim_id=claim.pk, rating=rating(), rationale="x", by=outsider, expected_version=1
        )
    with pytest.raises(ReviewNotAllowed):
        evidence_add(claim_id=claim.pk, by=outsider, stance="supports", title="x")
    with pytest.raises(ReviewNotAllowed):
        comment_add(claim_id=claim.pk, by=outsider, text="hello")
    with pytest.raises(ReviewNotAllowed):
        claim_transition(claim_id=claim.pk, to_status=S.DISMISSED, by=outsider, expected_version=1)
    assert not Evidence.objects.exists() and not Comment.objects.exists()


def test_bulk_actions_apply_the_same_rules_one_claim_at_a_time(article, reviewer, editor):
    ids = list(article.claims.values_list("pk", flat=True))
    proposed(article.claims.get(pk=ids[0]), reviewer)

    result = reviews.claims_bulk_transition(claim_ids=ids, to_status=S.DISMISSED, by=reviewer)

    assert result.done == 2
    assert len(result.refused) == 1 and str(ids[0]) in result.refused[0]
    assigned = reviews.claims_bulk_assign(claim_ids=ids, assignee=reviewer, by=editor)
    assert assigned.done == 1  # the dismissed ones cannot be assigned


def test_a_comment_on_a_claim_that_does_not_exist_is_refused_at_once(reviewer):
    from claims.models import Claim

    with pytest.raises(Claim.DoesNotExist):
        comment_add(claim_id=987654, by=reviewer, text="Where did it go?")
    assert not Comment.objects.exists()
