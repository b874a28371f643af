"""A changed article arriving again is a new revision; its claims follow it."""

from __future__ import annotations

import pytest

from claims.models import Article, Claim, Rating
from claims.services.imports import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

HEADER = "title: Storm damage\nurl: https://news.example/storm\noutlet: Example Post\ndate: 2025-02-03\n\n"
FIRST = (
    "The storm destroyed 120 homes in the valley on Sunday, officials said. "
    "Around 4,000 households lost power for two days. "
    "The county opened three shelters, the largest of which housed 300 people. "
    "Insurers estimate the damage at $45 million."
)
SECOND = (
    "Firefighters worked through the night on Saturday. "
    "The storm destroyed about 120 homes in the valley on Sunday, officials said. "
    "Around 4,000 households lost power for two days. "
    "Insurers estimate the damage at $45 million."
)


def _run(text: str):
    job = import_job_create(files=[("storm.txt", (HEADER + text).encode())])
    return import_job_run(job_id=job.pk)


def _claim_containing(article: Article, words: str) -> Claim:
    return next(c for c in article.claims.all() if words in c.text)


@pytest.fixture
def first_revision() -> Article:
    _run(FIRST)
    article = Article.objects.get()
    homes = _claim_containing(article, "destroyed 120 homes")
    homes.verdict = Rating.objects.get(name="Mostly true")
    homes.save()
    return article


def test_a_changed_text_at_the_same_url_is_stored_as_the_next_revision(first_revision):
    job = _run(SECOND)

    assert job.summary["revisions"] == 1 and job.summary["imported"] == 0
    latest = Article.objects.get(superseded=False)
    first_revision.refresh_from_db()
    assert first_revision.superseded is True
    assert (latest.revision, latest.revision_of_id) == (2, first_revision.pk)
    assert job.message == "0 imported, 0 already present, 1 updated to a new revision, 0 failed."


def test_a_reworded_claim_keeps_its_verdict_and_is_flagged_stale(first_revision):
    """Reworded around the same figure ("about" added): the same claim, re-anchored, its
    verdict kept and flagged for a second look. A changed figure is another claim
    (tests/test_revisions_facts.py)."""
    homes_id = _claim_containing(first_revision, "destroyed 120 homes").pk

    _run(SECOND)

    homes = Claim.objects.get(pk=homes_id)
    latest = Article.objects.get(superseded=False)
    assert homes.article_id == latest.pk
    assert "about 120 homes" in homes.text
    assert homes.verdict.name == "Mostly true"
    assert homes.stale_verdict is True
    assert latest.text[homes.start : homes.end] == homes.text


def test_an_unchanged_claim_moves_to_the_new_text_without_a_flag(first_revision):
    power_id = _claim_containing(first_revision, "4,000 households").pk

    _run(SECOND)

    power = Claim.objects.get(pk=power_id)
    assert power.article.superseded is False
    assert (power.anchor, power.stale_verdict, power.orphaned) == ("exact", False, False)
    assert power.article.text[power.start : power.end] == power.text


def test_a_claim_that_disappeared_is_kept_as_an_orphan_on_the_old_revision(first_revision):
    shelters_id = _claim_containing(first_revision, "three shelters").pk

    _run(SECOND)

    shelters = Claim.objects.get(pk=shelters_id)
    assert shelters.orphaned is True
    assert shelters.article_id == first_revision.pk
    assert first_revision.text[shelters.start : shelters.end] == shelters.text


def test_a_sentence_new_in_the_revision_becomes_a_new_claim(first_revision):
    _run(SECOND)

    latest = Article.objects.get(superseded=False)
    new = _claim_containing(latest, "Firefighters worked")
    assert new.anchor == ""
    positions = list(latest.claims.order_by("start").values_list("position", flat=True))
    assert positions == sorted(positions)


def test_the_same_revision_again_creates_nothing(first_revision):
    _run(SECOND)

    again = _run(SECOND)

    assert (again.summary["revisions"], again.summary["duplicates"]) == (0, 1)
    assert Article.objects.count() == 2
