"""The admin as a reading screen: pages, lists, history. What it may write (nothing of a
review except through the services' actions) is in tests/test_write_paths.py."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from claims.models import Article, Claim, ClaimStatus, Fact
from claims.services import facts as fact_services
from claims.services import reviews
from claims.services.imports import import_job_create, import_job_run
from tests.fact_support import fact, fact_article, fact_step, fact_verdict, raids
from tests.test_reviews_support import rating

__all__ = ["raids"]  # the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_sample(client, sample_path: Path):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    job = import_job_create(files=[(sample_path.name, sample_path.read_bytes())])
    import_job_run(job_id=job.pk)
    return client


def test_the_article_page_lists_its_claims(admin_client_with_sample):
    article = Article.objects.get()

    response = admin_client_with_sample.get(f"/admin/claims/article/{article.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Breitbart News" in page
    first = article.claims.order_by("position").first()
    assert first.text[:40] in page


def test_the_claim_list_shows_claims_by_check_worthiness(admin_client_with_sample):
    response = admin_client_with_sample.get("/admin/claims/claim/")

    assert response.status_code == 200
    top = Claim.objects.order_by("-score").first()
    assert top.text[:40] in response.content.decode()


def test_the_import_job_page_shows_the_summary(admin_client_with_sample):
    response = admin_client_with_sample.get("/admin/claims/importjob/")

    assert response.status_code == 200
    assert "1 imported, 0 already present, 0 failed." in response.content.decode()


def test_the_admin_needs_a_login(client):
    response = client.get("/admin/claims/claim/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_claim_history_page_lists_each_workflow_step_with_who_took_it(
    admin_client_with_sample, reviewer
):
    claim = Claim.objects.order_by("-score").first()
    claim = reviews.verdict_record(
        claim_id=claim.pk,
        rating=rating("Mostly true"),
        rationale="The agency's figures agree.",
        by=reviewer,
        expected_version=claim.version,
    )
    reviews.claim_transition(
        claim_id=claim.pk,
        to_status=ClaimStatus.AWAITING_APPROVAL,
        by=reviewer,
        expected_version=claim.version,
    )

    response = admin_client_with_sample.get(f"/admin/claims/claim/{claim.pk}/history/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "verdict proposed: Mostly true" in page
    assert "submit for approval" in page
    assert reviewer.get_username() in page


def test_a_workflow_action_first_shows_the_selected_claims_as_they_are_now(
    admin_client_with_sample,
):
    claims = list(Claim.objects.order_by("-score")[:2])

    response = admin_client_with_sample.post(
        "/admin/claims/claim/",
        {"action": "step_dismiss", "_selected_action": [c.pk for c in claims], "index": 0},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dismiss: 2 claims" in page
    for claim in claims:
        assert f'name="version_{claim.pk}" value="{claim.version}"' in page
        assert claim.text[:40] in page
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.NEW}


# --- facts: a window too -------------------------------------------------------------


def listed(response) -> set[str]:
    """The facts a fact list shows (its first column)."""
    assert response.status_code == 200
    return {
        html.unescape(text)
        for text in re.findall(
            r'<th class="field-short_text"><a [^>]*>([^<]*)</a></th>', response.content.decode()
        )
    }


@pytest.fixture
def reviewer_client(client, reviewer):
    reviewer.is_staff = True
    reviewer.save(update_fields=["is_staff"])
    client.force_login(reviewer)
    return client


def test_a_reviewer_sees_the_fact_list_filtered_by_kind_and_status(
    reviewer_client, raids, reviewer
):
    fact_verdict(fact(raids, "680 workers"), "False", reviewer)

    everything = reviewer_client.get("/admin/claims/fact/")
    figures = reviewer_client.get("/admin/claims/fact/?kind__exact=figure")
    figures_in_review = reviewer_client.get(
        "/admin/claims/fact/?kind__exact=figure&status__exact=in_review"
    )

    assert everything.status_code == figures.status_code == 200
    assert listed(everything) == set(Fact.objects.values_list("text", flat=True))
    assert listed(figures) == set(Fact.objects.filter(kind="figure").values_list("text", flat=True))
    assert "Wednesday" not in listed(figures)
    assert listed(figures_in_review) == {"680 workers"}
    page = everything.content.decode()
    for choice in ("Attribution", "Figure", "Date or event", "Awaiting approval"):
        assert choice in page  # the kind and status filters


def test_the_fact_page_shows_its_review_evidence_and_comments_read_only(
    reviewer_client, raids, reviewer
):
    workers = fact(raids, "680 workers")
    reviews.evidence_add(
        fact_id=workers.pk,
        by=reviewer,
        stance="supports",
        url="https://example.org/ice-release",
        title="ICE release",
        quote="680 were arrested",
    )
    reviews.comment_add(fact_id=workers.pk, by=reviewer, text="Count them again.")
    fact_verdict(workers, "Mostly true", reviewer, "The release says 680.")

    response = reviewer_client.get(f"/admin/claims/fact/{workers.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "The release says 680." in page and "Mostly true" in page
    assert "ICE release" in page and "680 were arrested" in page
    assert "Count them again." in page
    for name in ("status", "verdict", "rationale", "kind", "text", "fields", "start", "_save"):
        assert f'name="{name}"' not in page
    for name in ("evidence-0-stance", "evidence-0-quote", "evidence-0-source", "comments-0-text"):
        assert f'name="{name}"' not in page
    assert "evidence-0-DELETE" not in page and "comments-0-DELETE" not in page
    assert f'href="/workbench/claims/{workers.claim_id}/"' in page


def test_the_claim_page_lists_its_facts_and_its_derived_verdict(reviewer_client, raids, reviewer):
    fact_verdict(fact(raids, "680 workers"), "False", reviewer)
    fact_verdict(fact(raids, "30 managers"), "True", reviewer)
    claim = Claim.objects.get(article=raids, position=1)

    response = reviewer_client.get(f"/admin/claims/claim/{claim.pk}/change/")

    page = response.content.decode()
    for words in ("680 workers", "30 managers", "seven plant owners"):
        assert words in page
    assert "False (mixed: its facts disagree); the claim stands with it" in page
    assert f"/admin/claims/fact/{fact(raids, '680 workers').pk}/change/" in page


def test_the_fact_history_page_lists_each_edit_and_step_with_who_made_it(
    reviewer_client, raids, reviewer, editor
):
    glued = fact(raids, "120 cars, 40 trucks")
    first, _ = fact_services.fact_split(
        fact_id=glued.pk, at=raids.text.index(" 40 trucks"), by=reviewer, expected_version=1
    )
    first = fact_verdict(first, "True", reviewer)
    fact_step(first, ClaimStatus.AWAITING_APPROVAL, reviewer)
    fact_step(first, ClaimStatus.APPROVED, editor)

    response = reviewer_client.get(f"/admin/claims/fact/{glued.pk}/history/")

    assert response.status_code == 200
    page = response.content.decode()
    for reason in ("imported", "split: “120 cars, 40 trucks”", "verdict proposed: True", "approve"):
        assert reason in page
    assert "rita" in page and "edna" in page


def test_an_outsider_sees_no_facts_in_the_admin(client, raids, outsider):
    outsider.is_staff = True
    outsider.save(update_fields=["is_staff"])
    client.force_login(outsider)

    assert client.get("/admin/claims/fact/").status_code == 403
    assert (
        client.get(f"/admin/claims/fact/{fact(raids, '680 workers').pk}/change/").status_code == 403
    )
    assert "/admin/claims/fact/" not in client.get("/admin/").content.decode()


def test_the_admin_index_offers_facts_to_a_reviewer(reviewer_client, raids):
    page = reviewer_client.get("/admin/").content.decode()

    assert 'href="/admin/claims/fact/"' in page
    assert 'href="/admin/claims/fact/add/"' not in page


def test_the_fact_list_needs_a_bounded_number_of_queries(
    reviewer_client, raids, reviewer, django_assert_max_num_queries
):
    for words in ("680 workers", "30 managers", "more than 85%"):
        fact_verdict(fact(raids, words), "False", reviewer)
    reviewer_client.get("/admin/claims/fact/")  # sessions, permissions cached

    with django_assert_max_num_queries(20) as few:
        reviewer_client.get("/admin/claims/fact/")
    fact_article("Another raid")
    with django_assert_max_num_queries(len(few.captured_queries)):
        reviewer_client.get("/admin/claims/fact/")
