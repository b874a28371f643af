"""No tests here. The cast and data of the export tests: a reviewer, two editors, an outsider; articles
whose claims went through the real review services (so they have history)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib import admin
from django.urls import include, path

from claims.models import Article, Claim, ClaimStatus, Rating
from claims.services import reviews
from tests.cast import PASSWORD, person  # noqa: F401 (re-exported)

HOSTILE = '=HYPERLINK("http://x","y")'


def article(
    sentences: list[str],
    *,
    title: str = "Harbor bridge budget",
    outlet: str = "Daily Planet",
    published: dt.date | None = dt.date(2026, 1, 15),
    url: str = "https://planet.example.com/bridge",
) -> Article:
    text = " ".join(sentences)
    stored = Article.objects.create(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        outlet=outlet,
        author="Lois Lane",
        published=published,
        url=url,
    )
    claims, cursor = [], 0
    for position, sentence in enumerate(sentences):
        start = text.index(sentence, cursor)
        cursor = start + len(sentence)
        claims.append(
            Claim(
                article=stored,
                position=position,
                start=start,
                end=cursor,
                text=sentence,
                kinds=["quantity"],
                score=0.5,
                quantities=[{"value": position + 1, "unit": "million dollars"}],
                attributions=[{"speaker": "The mayor", "cue": "say"}] if position == 0 else [],
            )
        )
    Claim.objects.bulk_create(claims)
    return stored


def _version(claim_id: int) -> int:
    return Claim.objects.values_list("version", flat=True).get(pk=claim_id)


def review(
    claim: Claim,
    *,
    reviewer,
    editor,
    verdict: str = "False",
    to: str = ClaimStatus.PUBLISHED,
    source_title: str = "City budget 2026",
    source_url: str = "https://city.example.gov/budget",
    comment: str = "",
) -> Claim:
    """Take a claim through the real review services up to status `to`."""
    rating = Rating.objects.get(scale__is_active=True, name=verdict)
    reviews.verdict_record(
        claim_id=claim.pk,
        rating=rating,
        rationale=f"The budget contradicts it ({verdict}).",
        by=reviewer,
        expected_version=_version(claim.pk),
    )
    reviews.evidence_add(
        claim_id=claim.pk, by=reviewer, stance="refutes", url=source_url, title=source_title
    )
    if comment:
        reviews.comment_add(claim_id=claim.pk, by=reviewer, text=comment)
    steps = [ClaimStatus.AWAITING_APPROVAL, ClaimStatus.APPROVED, ClaimStatus.PUBLISHED]
    if to in steps:
        for status in steps[: steps.index(to) + 1]:
            by = reviewer if status == ClaimStatus.AWAITING_APPROVAL else editor
            reviews.claim_transition(
                claim_id=claim.pk, to_status=status, by=by, expected_version=_version(claim.pk)
            )
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def desk(reviewer, editor):
    """Two articles: one published claim, one approved, one in review, one untouched."""
    bridge = article(
        [
            "The mayor said the bridge will cost 2 billion dollars.",
            "The city spent 40 million dollars on repairs.",
            "Traffic doubled in 2025.",
        ]
    )
    schools = article(
        ["The school meals pilot reached 12,000 pupils."],
        title="School meals",
        outlet="Morning Star",
        published=dt.date(2026, 2, 20),
        url="https://star.example.com/meals",
    )
    first, second, third = bridge.claims.order_by("position")
    review(first, reviewer=reviewer, editor=editor, verdict="False", comment="Checked twice.")
    review(second, reviewer=reviewer, editor=editor, verdict="Mostly true", to=ClaimStatus.APPROVED)
    review(
        schools.claims.get(),
        reviewer=reviewer,
        editor=editor,
        verdict="True",
        to=ClaimStatus.IN_REVIEW,
        source_url="https://schools.example.gov/pilot",
        source_title="Pilot report",
    )
    return {"bridge": bridge, "schools": schools, "untouched": third}


# The URLs the export view tests run against: the admin, the export endpoints and the
# workbench (its Exports screen), as factcheck/urls.py includes them, without depending on
# every other app's URLconf.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("exports/", include("claims.urls_export")),
    path("workbench/", include("claims.urls")),
]
