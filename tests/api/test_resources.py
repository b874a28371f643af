"""Articles, sources, evidence, comments, ratings and checks through the API."""

from __future__ import annotations

import hashlib

import pytest

from claims.models import Article, Evidence, Source
from claims.services.reviews import claim_transition, evidence_add, verdict_record
from tests.test_reviews_support import article_with_claims, rating

pytestmark = pytest.mark.django_db


def test_articles_list_newest_first_with_claim_counts_and_search(as_reviewer, article):
    other = article_with_claims(2, title="School meals pilot", outlet="Gazette")

    listed = as_reviewer.get("/api/articles/").json()["results"]
    found = as_reviewer.get("/api/articles/", {"q": "meals", "outlet": "Gazette"}).json()

    assert [(a["id"], a["claim_count"]) for a in listed] == [(other.pk, 2), (article.pk, 3)]
    assert [a["id"] for a in found["results"]] == [other.pk]


def test_an_article_comes_with_its_claims_checks_and_revisions(as_reviewer, article):
    first, second, _ = article.claims.order_by("position")
    check = article.checks.create(check_name="sum", result="inconsistent", detail="1+2 != 4")
    check.claims.set([first, second])
    newer_text = article.text + " More."
    newer = Article.objects.create(
        text=newer_text,
        content_hash=hashlib.sha256(newer_text.encode()).hexdigest(),
        revision_of=article,
        revision=2,
    )

    body = as_reviewer.get(f"/api/articles/{article.pk}/").json()

    assert [c["id"] for c in body["claims"]] == [first.pk, second.pk, _.pk]
    assert all(body["text"][c["start"] : c["end"]] == c["text"] for c in body["claims"])
    assert body["checks"][0]["claims"] == [first.pk, second.pk]
    assert [(r["id"], r["revision"]) for r in body["revisions"]] == [
        (article.pk, 1),
        (newer.pk, 2),
    ]


def test_a_source_is_found_again_by_its_url(as_reviewer, db):
    first = as_reviewer.post(
        "/api/sources/", {"url": "https://stats.example.org/r", "title": "Report"}, format="json"
    )
    again = as_reviewer.post(
        "/api/sources/",
        {"url": "https://stats.example.org/r", "publisher": "Statistics office"},
        format="json",
    )

    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Source.objects.get().publisher == "Statistics office"
    assert as_reviewer.get("/api/sources/", {"q": "stats"}).json()["count"] == 1


def test_a_source_needs_a_url_or_a_title(as_reviewer, db):
    response = as_reviewer.post("/api/sources/", {"publisher": "Nobody"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "A source needs a URL or a title."


def test_evidence_is_added_from_a_new_or_a_known_source(as_reviewer, reviewer, claim):
    new = as_reviewer.post(
        "/api/evidence/",
        {
            "claim": claim.pk,
            "stance": "refutes",
            "url": "https://e.org/x",
            "title": "X",
            "quote": "q",
        },
        format="json",
    )
    known = as_reviewer.post(
        "/api/evidence/",
        {"claim": claim.pk, "stance": "context", "source": new.json()["source"]["id"]},
        format="json",
    )

    assert new.status_code == known.status_code == 201
    assert new.json()["added_by"]["username"] == reviewer.username
    assert Evidence.objects.filter(claim=claim).count() == 2
    assert Source.objects.count() == 1
    listed = as_reviewer.get("/api/evidence/", {"claim": claim.pk}).json()
    assert [e["stance"] for e in listed["results"]] == ["refutes", "context"]


def test_evidence_on_an_unknown_claim_is_a_404_naming_the_field(as_reviewer, claim):
    response = as_reviewer.post(
        "/api/evidence/", {"claim": 999999, "stance": "supports", "title": "T"}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["error"]["details"] == {"claim": ["No claim has this id."]}


def test_evidence_from_an_unknown_source_is_a_404_naming_the_field(as_reviewer, claim):
    response = as_reviewer.post(
        "/api/evidence/", {"claim": claim.pk, "stance": "supports", "source": 999}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["error"]["details"] == {"source": ["No source has this id."]}
    assert not Evidence.objects.exists()


def test_evidence_cannot_be_added_once_the_claim_awaits_approval(as_reviewer, reviewer, claim):
    verdict_record(
        claim_id=claim.pk, rating=rating(), rationale="No.", by=reviewer, expected_version=1
    )
    claim_transition(
        claim_id=claim.pk, to_status="awaiting_approval", by=reviewer, expected_version=2
    )

    response = as_reviewer.post(
        "/api/evidence/", {"claim": claim.pk, "stance": "supports", "title": "T"}, format="json"
    )

    assert response.status_code == 409
    assert "new or in review" in response.json()["error"]["message"]


def test_comments_are_added_and_listed_per_claim(as_reviewer, claim):
    created = as_reviewer.post(
        "/api/comments/", {"claim": claim.pk, "text": "  Check the total. "}, format="json"
    )
    blank = as_reviewer.post("/api/comments/", {"claim": claim.pk, "text": "  "}, format="json")
    unknown = as_reviewer.post("/api/comments/", {"claim": 999999, "text": "Hm"}, format="json")

    assert created.status_code == 201
    assert created.json()["text"] == "Check the total."
    assert blank.status_code == 400
    assert unknown.status_code == 404
    listed = as_reviewer.get("/api/comments/", {"claim": claim.pk}).json()["results"]
    assert [c["text"] for c in listed] == ["Check the total."]


def test_rating_scales_come_with_their_ratings_the_active_one_first(as_reviewer, db):
    scales = as_reviewer.get("/api/rating-scales/").json()["results"]
    active = as_reviewer.get("/api/ratings/", {"active": "true"}).json()["results"]

    assert scales[0]["is_active"] is True
    assert "False" in [r["name"] for r in scales[0]["ratings"]]
    assert {r["scale"] for r in active} == {scales[0]["id"]}


def test_consistency_checks_filter_by_article_and_result(as_reviewer, article):
    other = article_with_claims(2, title="Other")
    article.checks.create(check_name="sum", result="inconsistent", detail="no")
    other.checks.create(check_name="sum", result="consistent", detail="yes")

    listed = as_reviewer.get(
        "/api/consistency-checks/", {"article": article.pk, "result": "inconsistent"}
    ).json()

    assert [c["detail"] for c in listed["results"]] == ["no"]


def test_every_list_has_a_bounded_page_size(as_reviewer, claim, reviewer):
    for n in range(3):
        evidence_add(claim_id=claim.pk, by=reviewer, stance="context", title=f"Source {n}")

    page = as_reviewer.get("/api/sources/", {"page_size": 2}).json()
    capped = as_reviewer.get("/api/sources/", {"page_size": 100_000})

    assert (page["count"], len(page["results"])) == (3, 2)
    assert capped.status_code == 200
