"""The workbench screens through Django's test client: content, escaping, query counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import selectors_review
from claims.models import Claim, ClaimStatus, ImportJob, JobStatus, Source
from claims.services.reviews import claim_assign, evidence_add, verdict_record
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import article_with_claims, rating

pytestmark = pytest.mark.django_db
XSS = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">'


@pytest.fixture
def as_reviewer(client: Client, reviewer) -> Client:
    client.force_login(reviewer)
    return client


def test_the_reader_highlights_every_claim_in_place(as_reviewer, article):
    page = as_reviewer.get(reverse("claims:article", args=[article.pk])).content.decode()

    for claim in article.claims.all():
        assert f'id="claim-{claim.pk}"' in page
        assert f'href="/workbench/claims/{claim.pk}/"' in page
    assert 'class="claim st-new"' in page
    assert "Daily Planet" in page and "Lois Lane" in page


def test_the_reader_shows_consistency_checks_beside_their_claims(as_reviewer, article):
    first, second = article.claims.order_by("position")[:2]
    check = article.checks.create(
        check_name="parts_sum", result="inconsistent", detail="1 + 2 is not 4"
    )
    check.claims.set([first, second])

    page = as_reviewer.get(reverse("claims:article", args=[article.pk])).content.decode()

    assert page.count("parts_sum: Inconsistent — 1 + 2 is not 4") == 2


def test_imported_text_titles_quotes_and_comments_are_escaped(as_reviewer, reviewer):
    hostile = article_with_claims(2, title=XSS, extra=XSS + "\n\n")
    claim = hostile.claims.first()
    evidence_add(claim_id=claim.pk, by=reviewer, stance="refutes", title=XSS, quote=XSS, note=XSS)
    as_reviewer.post(reverse("claims:comment", args=[claim.pk]), {"text": XSS})

    for url in (
        reverse("claims:article", args=[hostile.pk]),
        reverse("claims:claim", args=[claim.pk]),
        reverse("claims:queue"),
        reverse("claims:articles"),
    ):
        page = as_reviewer.get(url).content.decode()
        assert "<script>window.pwned" not in page, url
        assert "<img src=x" not in page, url
        assert "&lt;script&gt;" in page, url


def test_the_queue_sorts_by_check_worthiness_and_counts_per_status(as_reviewer, article, reviewer):
    top = article.claims.order_by("-score").first()
    claim_assign(claim_id=top.pk, assignee=reviewer, by=reviewer)

    # min_score=0: every score (the queue's default lists only the check-worthy, >= 0.5).
    response = as_reviewer.get(reverse("claims:queue") + "?min_score=0")
    page = response.content.decode()

    rows = [c.pk for c in response.context["page"]]
    assert rows == list(article.claims.order_by("-score").values_list("pk", flat=True))
    assert '<span class="count" data-status="new">2</span>' in page
    assert '<span class="count" data-status="in_review">1</span>' in page
    assert "<kbd>j</kbd> next" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_review", 1),
        ("kind=quantity", 2),
        ("assignee=me", 1),
        ("assignee=none", 2),
        ("q=bridge+2", 1),
        ("min_score=0.9", 1),
        ("outlet=Daily+Planet", 3),
        ("outlet=Nowhere", 0),
        ("verdict=none", 3),
    ],
)
def test_the_queue_filters(as_reviewer, article, reviewer, query, expected):
    top = article.claims.order_by("-score").first()
    claim_assign(claim_id=top.pk, assignee=reviewer, by=reviewer)

    # Every score unless the case sets one (the default lists only the check-worthy).
    query += "" if "min_score" in query else "&min_score=0"
    response = as_reviewer.get(reverse("claims:queue") + "?" + query)

    assert len(response.context["page"]) == expected


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_queue_and_the_reader_run_as_many_queries_for_200_claims_as_for_5(
    as_reviewer, reviewer, second_reviewer
):
    small = article_with_claims(5, title="Small")
    big = article_with_claims(200, title="Big")
    for article_ in (small, big):
        for claim in article_.claims.order_by("position")[:3]:
            claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)
            verdict_record(
                claim_id=claim.pk, rating=rating(), rationale="r", by=reviewer, expected_version=2
            )
        check = article_.checks.create(check_name="sum", result="consistent", detail="ok")
        check.claims.set(article_.claims.all()[:4])

    # The queue's pickers are read once a minute (selectors_review.queue_options).
    as_reviewer.get(reverse("claims:queue"))
    reader_small = _queries(as_reviewer, reverse("claims:article", args=[small.pk]))
    reader_big = _queries(as_reviewer, reverse("claims:article", args=[big.pk]))
    queue_small = _queries(as_reviewer, reverse("claims:queue") + f"?article={small.pk}")
    queue_big = _queries(as_reviewer, reverse("claims:queue") + f"?article={big.pk}")

    assert reader_big == reader_small
    assert queue_big == queue_small
    assert reader_big <= 10 and queue_big <= 12


def test_the_review_page_shows_the_claim_its_details_and_its_history(as_reviewer, claim, reviewer):
    claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)
    verdict_record(
        claim_id=claim.pk,
        rating=rating("Mostly false"),
        rationale="Budget line 12.",
        by=reviewer,
        expected_version=2,
    )
    evidence_add(
        claim_id=claim.pk,
        by=reviewer,
        stance="refutes",
        url="https://city.example/b",
        title="City budget",
        publisher="City",
        quote="0.5 million",
    )

    page = as_reviewer.get(reverse("claims:claim", args=[claim.pk])).content.decode()

    assert f'<mark class="claim st-in_review">{claim.text}</mark>' in page
    assert "million dollars" in page  # the quantities table
    assert "City budget" in page and "0.5 million" in page
    assert "verdict proposed: Mostly false" in page
    assert "<strong>verdict</strong>: — → Mostly false" in page
    assert "evidence added: Refutes — City budget" in page


def test_a_reviewer_adds_evidence_and_a_verdict_then_submits(as_reviewer, claim):
    url = reverse("claims:claim", args=[claim.pk])
    as_reviewer.post(
        reverse("claims:evidence", args=[claim.pk]),
        {"url": "https://city.example/b", "title": "City budget", "stance": "refutes"},
    )
    response = as_reviewer.post(
        reverse("claims:verdict", args=[claim.pk]),
        {"rating": rating().pk, "rationale": "The budget says 0.5.", "version": 1},
    )
    assert response.status_code == 302 and response["Location"] == url
    response = as_reviewer.post(
        reverse("claims:transition", args=[claim.pk]),
        {"to_status": "awaiting_approval", "version": 2, "comment": ""},
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.AWAITING_APPROVAL
    assert claim.evidence.get().source.title == "City budget"


def test_a_stale_verdict_is_refused_and_the_page_says_what_changed(
    as_reviewer, claim, editor, second_reviewer
):
    claim_assign(claim_id=claim.pk, assignee=second_reviewer, by=editor)

    response = as_reviewer.post(
        reverse("claims:verdict", args=[claim.pk]),
        {"rating": rating().pk, "rationale": "typed with care", "version": 1},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this claim" in page
    assert "edna" in page and "assigned to rob" in page
    assert "typed with care" in page  # what was typed is kept
    claim.refresh_from_db()
    assert claim.verdict is None


def test_assign_to_me_answers_json_for_the_keyboard(as_reviewer, claim):
    response = as_reviewer.post(
        reverse("claims:assign", args=[claim.pk]),
        {"assignee": "me", "version": 1},
        headers={"accept": "application/json"},
    )

    assert response.json() == {
        "id": claim.pk,
        "assignee": "rita",
        "status": "in_review",
        "status_label": "In review",
        "version": 2,
    }


def test_bulk_dismiss_from_the_queue(as_reviewer, article):
    ids = list(article.claims.values_list("pk", flat=True))

    response = as_reviewer.post(
        reverse("claims:bulk"), {"action": "dismiss", "ids": ids, "next": "/workbench/queue/"}
    )

    assert response.status_code == 302
    assert set(Claim.objects.values_list("status", flat=True)) == {"dismissed"}


def test_uploading_files_and_urls_creates_one_job_queued_after_commit(
    as_reviewer, sample_path: Path, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("claims.tasks.run_import.delay", lambda job_id: queued.append(job_id))
    with open(sample_path, "rb") as one, open(sample_path, "rb") as two:
        with django_capture_on_commit_callbacks(execute=True):
            response = as_reviewer.post(
                reverse("claims:upload"),
                {"files": [one, two], "urls": "https://example.org/a\n\nhttps://example.org/b\n"},
            )

    job = ImportJob.objects.get()
    assert response["Location"] == reverse("claims:import_job", args=[job.pk])
    assert job.files.count() == 2
    assert job.urls == ["https://example.org/a", "https://example.org/b"]
    assert job.status == JobStatus.PENDING  # nothing ran in the request
    assert queued == [job.pk]


def test_the_upload_refuses_an_empty_form(as_reviewer):
    response = as_reviewer.post(reverse("claims:upload"), {"urls": ""})

    assert "Choose at least one file or give a URL." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_job_progress_json_reads_the_job_row(as_reviewer, reviewer):
    job = ImportJob.objects.create(requested_by=reviewer, total=4, done=1, status="running")

    data = as_reviewer.get(reverse("claims:import_job_json", args=[job.pk])).json()

    assert data["percent"] == 25 and data["finished"] is False and data["articles"] == []


def test_the_dashboard_counts_statuses_verdicts_and_jobs(as_reviewer, claim, reviewer):
    claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)
    verdict_record(
        claim_id=claim.pk, rating=rating("False"), rationale="r", by=reviewer, expected_version=2
    )
    ImportJob.objects.create(requested_by=reviewer, total=2, done=1, status="running")

    page = as_reviewer.get(reverse("claims:dashboard")).content.decode()

    assert '<span class="bar-label">False</span>' in page
    assert "<progress" in page and "1/2" in page


def test_forms_need_a_csrf_token(claim, reviewer):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer)

    response = strict.post(reverse("claims:comment", args=[claim.pk]), {"text": "hi"})

    assert response.status_code == 403
    page = strict.get(reverse("claims:claim", args=[claim.pk])).content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 4


def test_production_settings_send_cookies_only_over_https():
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True


def test_the_reader_flags_stale_verdicts_and_orphans_and_links_revisions(as_reviewer, article):
    first, second = article.claims.order_by("position")[:2]
    Claim.objects.filter(pk=first.pk).update(stale_verdict=True)
    Claim.objects.filter(pk=second.pk).update(orphaned=True)
    newer = article_with_claims(2, title="Harbor bridge budget, corrected")
    type(article).objects.filter(pk=article.pk).update(superseded=True)
    type(newer).objects.filter(pk=newer.pk).update(revision_of=article, revision=2)

    old_page = as_reviewer.get(reverse("claims:article", args=[article.pk])).content.decode()
    new_page = as_reviewer.get(reverse("claims:article", args=[newer.pk])).content.decode()

    assert "stale verdict</span>" in old_page and "orphan</span>" in old_page
    assert "superseded" in old_page
    assert f'href="/workbench/articles/{newer.pk}/">newer revision' in old_page
    assert f'href="/workbench/articles/{article.pk}/">previous revision' in new_page


def test_the_source_picker_offers_the_sources_used_last_and_takes_any_known_one(
    as_reviewer, claim, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(selectors_review, "RECENT_SOURCES", 2)
    old, *_ = (
        Source.objects.create(url=f"https://records.example/{name}", title=f"Report {name}")
        for name in ("old", "middle", "new")
    )
    url = reverse("claims:claim", args=[claim.pk])

    def offered() -> list[str]:
        form = as_reviewer.get(url).context["evidence_form"]
        return [label for value, label in form.fields["source"].widget.choices if value]

    assert offered() == ["Report new", "Report middle"]
    # An older source, picked by id (a bookmarked form, the API), is still a known one.
    with django_capture_on_commit_callbacks(execute=True):
        response = as_reviewer.post(
            reverse("claims:evidence", args=[claim.pk]), {"source": old.pk, "stance": "supports"}
        )
    assert response.status_code == 302
    assert claim.evidence.get().source == old
    # Used now: first in the picker.
    assert offered() == ["Report old", "Report new"]
