"""The dashboard's "claims reviewed this week": one row per person and week
(ReviewerWeek), kept by services.reviews when a claim is submitted for approval, and
filled from the history by migration 0015. Runs on SQLite and on PostgreSQL (the week of
a history row is computed in SQL per vendor)."""

from __future__ import annotations

import datetime
import importlib

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from claims.models import Claim, ClaimStatus, ReviewerWeek, review_week, review_week_start
from claims.selectors_review import dashboard
from claims.services.reviews import TRANSITIONS, claim_transition
from tests.test_reviews import proposed
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import article_with_claims

S = ClaimStatus
MIGRATION = importlib.import_module("claims.migrations.0015_reviewer_week")


def _claims(n: int) -> list[Claim]:
    return list(article_with_claims(n).claims.order_by("position"))


def test_each_submitted_claim_counts_once_for_its_submitter(reviewer, second_reviewer, editor):
    first, second, third = _claims(3)
    proposed(first, reviewer)
    proposed(second, reviewer)
    proposed(third, second_reviewer)

    assert dashboard().reviewed_this_week == [("rita", 2), ("rob", 1)]


def test_a_claim_sent_back_and_submitted_again_counts_once(reviewer, editor):
    (claim,) = _claims(1)
    claim = proposed(claim, reviewer)
    claim = claim_transition(
        claim_id=claim.pk,
        to_status=S.IN_REVIEW,
        by=editor,
        expected_version=claim.version,
        comment="Cite the council minutes.",
    )
    claim_transition(
        claim_id=claim.pk,
        to_status=S.AWAITING_APPROVAL,
        by=reviewer,
        expected_version=claim.version,
    )

    assert dashboard().reviewed_this_week == [("rita", 1)]
    assert ReviewerWeek.objects.get().claims == 1


def test_other_steps_are_not_reviews(reviewer, editor, second_editor):
    (claim,) = _claims(1)
    claim = proposed(claim, reviewer)
    claim_transition(
        claim_id=claim.pk, to_status=S.APPROVED, by=editor, expected_version=claim.version
    )

    # The editor's approval is not a review of theirs; only rita's submission counts.
    assert dashboard().reviewed_this_week == [("rita", 1)]


def test_next_week_starts_from_nothing(reviewer):
    (claim,) = _claims(1)
    proposed(claim, reviewer)
    now = datetime.datetime.now(datetime.UTC)

    assert dashboard(now=now).reviewed_this_week == [("rita", 1)]
    assert dashboard(now=now + datetime.timedelta(days=7)).reviewed_this_week == []


def test_the_dashboard_page_lists_the_weeks_reviewers(client, reviewer, second_reviewer):
    first, second = _claims(2)
    proposed(first, second_reviewer)
    proposed(second, second_reviewer)
    client.force_login(reviewer)

    page = client.get(reverse("claims:dashboard")).content.decode()

    assert "Claims reviewed this week" in page
    assert '<tr><th>rob</th><td class="num">2</td></tr>' in page


def test_a_week_runs_from_monday_to_sunday_in_utc():
    sunday_night = datetime.datetime(2026, 12, 6, 23, 59, tzinfo=datetime.UTC)
    monday = datetime.datetime(2026, 12, 7, 0, 0, tzinfo=datetime.UTC)
    # 01:00 on Monday in UTC+2 is still Sunday in UTC.
    plus_two = datetime.timezone(datetime.timedelta(hours=2))

    assert review_week(sunday_night) == datetime.date(2026, 11, 30)
    assert review_week(monday) == datetime.date(2026, 12, 7)
    assert review_week(datetime.datetime(2026, 12, 7, 1, 0, tzinfo=plus_two)) == datetime.date(
        2026, 11, 30
    )
    assert review_week_start(datetime.date(2026, 12, 7)) == monday


def test_the_migration_records_the_steps_reason_the_service_writes():
    assert TRANSITIONS[(S.IN_REVIEW, S.AWAITING_APPROVAL)].name == MIGRATION.SUBMIT_REASON


def test_the_fill_counts_the_history_into_the_weeks_its_rows_fall_in(reviewer, second_reviewer):
    first, second, third = _claims(3)
    for claim, who in ((first, reviewer), (second, reviewer), (third, second_reviewer)):
        proposed(claim, who)
    submitted = Claim.history.filter(history_change_reason__startswith="submit for approval")
    # rita's first submission on a Sunday night, her second on the Monday after (UTC).
    submitted.filter(id=first.pk).update(
        history_date=datetime.datetime(2026, 12, 6, 23, 59, 59, tzinfo=datetime.UTC)
    )
    submitted.filter(id__in=[second.pk, third.pk]).update(
        history_date=datetime.datetime(2026, 12, 7, 0, 0, 0, tzinfo=datetime.UTC)
    )
    ReviewerWeek.objects.all().delete()

    MIGRATION.fill(connection, users_table=get_user_model()._meta.db_table)

    weeks = {
        (row.week.isoformat(), row.user.username, row.claims)
        for row in ReviewerWeek.objects.select_related("user")
    }
    assert weeks == {("2026-11-30", "rita", 1), ("2026-12-07", "rita", 1), ("2026-12-07", "rob", 1)}


def test_the_fill_adds_to_existing_rows_and_skips_earlier_history(reviewer):
    first, second = _claims(2)
    proposed(first, reviewer)
    last = Claim.history.order_by("-history_id").values_list("history_id", flat=True).first()
    proposed(second, reviewer)
    assert ReviewerWeek.objects.get().claims == 2

    # Only the history after `last` is added (the bench fills after writing its rows).
    MIGRATION.fill(connection, users_table=get_user_model()._meta.db_table, since_history_id=last)

    assert ReviewerWeek.objects.get().claims == 3
