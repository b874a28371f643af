"""Role x page x action: who sees each screen and who may do each thing through it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import ClaimStatus, ImportJob
from claims.services.reviews import claim_transition, verdict_record
from tests.test_reviews_support import article_with_claims, person, rating

pytestmark = pytest.mark.django_db
ROLES = {
    "outsider": (),
    "reviewer": ("Reviewer",),
    "editor": ("Editor",),
    "admin": (),
}


def login(role: str) -> tuple[Client, object]:
    user = person(role, *ROLES[role], superuser=role == "admin")
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def claim(db):
    return article_with_claims(2).claims.order_by("position").first()


def pages(claim) -> list[str]:
    job = ImportJob.objects.create()
    return [
        reverse("claims:dashboard"),
        reverse("claims:queue"),
        reverse("claims:articles"),
        reverse("claims:article", args=[claim.article_id]),
        reverse("claims:claim", args=[claim.pk]),
        reverse("claims:import_job", args=[job.pk]),
        reverse("claims:import_job_json", args=[job.pk]),
        reverse("claims:upload"),
    ]


def test_every_page_needs_a_login(client, claim):
    for url in pages(claim):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("claims:login")), url


def test_a_user_without_a_role_sees_only_a_notice(claim):
    client, _ = login("outsider")

    for url in pages(claim):
        response = client.get(url)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert "you have no role on the fact-checking desk" in page, url
        assert claim.text not in page, url


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_every_role_sees_every_screen(claim, role):
    client, _ = login(role)

    for url in pages(claim):
        assert client.get(url).status_code == 200, (role, url)


# (action, path name, POST data, roles allowed); each starts from a new claim.
ACTIONS = [
    ("assign to me", "claims:assign", {"assignee": "me", "version": 1}),
    ("propose a verdict", "claims:verdict", {"rationale": "r", "version": 1}),
    ("add evidence", "claims:evidence", {"title": "Budget", "stance": "refutes"}),
    ("comment", "claims:comment", {"text": "a note"}),
    ("dismiss", "claims:transition", {"to_status": "dismissed", "version": 1}),
]


@pytest.mark.parametrize(("action", "name", "data"), ACTIONS, ids=[a[0] for a in ACTIONS])
@pytest.mark.parametrize("role", list(ROLES))
def test_reviewing_actions_are_open_to_every_role_but_no_role(claim, role, action, name, data):
    client, _ = login(role)
    if name == "claims:verdict":
        data = {**data, "rating": rating().pk}
    # Not counting the "imported" row a claim stored without history gets before its
    # first write (services.reviews._history_start).
    changes = claim.history.exclude(history_change_reason="imported")
    before = changes.count() + claim.evidence.count() + claim.comments.count()

    response = client.post(reverse(name, args=[claim.pk]), data)

    after = changes.count() + claim.evidence.count() + claim.comments.count()
    if role == "outsider":
        assert response.status_code == 403
        assert after == before
    else:
        assert response.status_code == 302, response.content.decode()[:500]
        assert after == before + 1


def submitted(claim, by):
    verdict_record(claim_id=claim.pk, rating=rating(), rationale="r", by=by, expected_version=1)
    return claim_transition(
        claim_id=claim.pk, to_status=ClaimStatus.AWAITING_APPROVAL, by=by, expected_version=2
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("outsider", False), ("reviewer", False), ("editor", True), ("admin", True)],
)
def test_only_editors_and_admins_approve_reject_and_publish(claim, role, allowed):
    author = person("author", "Reviewer")
    claim = submitted(claim, author)
    client, _ = login(role)
    url = reverse("claims:transition", args=[claim.pk])

    sent_back = client.post(
        url, {"to_status": "in_review", "version": claim.version, "comment": "why"}
    )
    claim.refresh_from_db()
    assert (claim.status == ClaimStatus.IN_REVIEW) is allowed
    if allowed:
        assert sent_back.status_code == 302
        claim = submitted_again(claim, author)
    client.post(url, {"to_status": "approved", "version": claim.version})
    claim.refresh_from_db()
    assert (claim.status == ClaimStatus.APPROVED) is allowed
    client.post(url, {"to_status": "published", "version": claim.version})
    claim.refresh_from_db()
    assert (claim.status == ClaimStatus.PUBLISHED) is allowed


def submitted_again(claim, author):
    return claim_transition(
        claim_id=claim.pk,
        to_status=ClaimStatus.AWAITING_APPROVAL,
        by=author,
        expected_version=claim.version,
    )


def test_the_review_page_offers_approval_only_to_editors_who_did_not_propose(claim):
    author = person("author", "Editor")
    claim = submitted(claim, author)
    reviewer_client, _ = login("reviewer")
    editor_client, _ = login("editor")
    author_client = Client()
    author_client.force_login(author)
    url = reverse("claims:claim", args=[claim.pk])

    assert 'data-to="approved"' not in reviewer_client.get(url).content.decode()
    assert 'data-to="approved"' in editor_client.get(url).content.decode()
    response = author_client.post(
        reverse("claims:transition", args=[claim.pk]),
        {"to_status": "approved", "version": claim.version},
    )
    assert "another editor must approve it" in response.content.decode()


def test_importing_needs_the_import_permission(claim):
    client, user = login("reviewer")
    user.groups.clear()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_claim"))

    assert client.get(reverse("claims:upload")).status_code == 403
    assert client.get(reverse("claims:queue")).status_code == 200


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("outsider", False), ("reviewer", False), ("editor", True), ("admin", True)],
)
def test_only_editors_and_admins_unpublish_and_only_with_a_reason(claim, role, allowed):
    from tests.test_exports_support import review

    claim = review(claim, reviewer=person("author", "Reviewer"), editor=person("ed", "Editor"))
    client, _ = login(role)
    url = reverse("claims:transition", args=[claim.pk])

    client.post(url, {"to_status": "in_review", "version": claim.version, "comment": ""})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED
    client.post(url, {"to_status": "in_review", "version": claim.version, "comment": "Wrong."})
    claim.refresh_from_db()
    assert (claim.status == ClaimStatus.IN_REVIEW) is allowed
