"""Claims through the API: lists and filters, the ETag/If-Match contract, the workflow."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimStatus
from claims.services.reviews import claim_assign, evidence_add, verdict_record
from tests.test_reviews_support import article_with_claims, rating

pytestmark = pytest.mark.django_db


def url(claim_id: int, action: str = "") -> str:
    return f"/api/claims/{claim_id}/" + (f"{action}/" if action else "")


def etag_of(response) -> str:
    return response.headers["ETag"]


def test_the_claim_list_is_a_cursor_page_of_claims_with_their_versions(as_reviewer, article):
    response = as_reviewer.get("/api/claims/", {"page_size": 2})

    assert response.status_code == 200
    body = response.json()
    assert [c["text"] for c in body["results"]] == [
        c.text for c in article.claims.order_by("id")[:2]
    ]
    assert all(c["version"] == 1 for c in body["results"])
    assert "cursor=" in body["next"]
    rest = as_reviewer.get(body["next"]).json()
    assert len(rest["results"]) == 1 and rest["next"] is None


def test_the_page_size_is_bounded(as_reviewer, db):
    article_with_claims(210)

    response = as_reviewer.get("/api/claims/", {"page_size": 10_000})

    assert len(response.json()["results"]) == 200


def test_claims_filter_by_status_kind_score_assignee_verdict_outlet_and_search(
    as_reviewer, reviewer, article
):
    other = article_with_claims(2, title="School meals", outlet="Gazette")
    first, second, third = article.claims.order_by("position")
    claim_assign(claim_id=first.pk, assignee=reviewer, by=reviewer)
    verdict_record(
        claim_id=second.pk, rating=rating("False"), rationale="No.", by=reviewer, expected_version=1
    )

    def ids(**params) -> set[int]:
        response = as_reviewer.get("/api/claims/", params)
        assert response.status_code == 200, response.json()
        return {c["id"] for c in response.json()["results"]}

    assert ids(status="in_review") == {first.pk, second.pk}
    assert ids(kind="factual", outlet="Daily Planet") == {second.pk}
    assert ids(min_score=0.9) == {first.pk} | {other.claims.order_by("position")[0].pk}
    assert ids(assignee="me") == {first.pk, second.pk}
    assert ids(verdict=str(rating("False").pk)) == {second.pk}
    assert ids(q="school meals") == set(other.claims.values_list("pk", flat=True))
    assert ids(article=other.pk) == set(other.claims.values_list("pk", flat=True))
    assert third.pk in ids(verdict="none")


def test_a_bad_filter_is_a_400_in_the_error_shape(as_reviewer, db):
    response = as_reviewer.get("/api/claims/", {"status": "bogus", "min_score": "2"})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["details"]) == {"status", "min_score"}


def test_a_claim_carries_its_evidence_comments_history_and_its_version_as_etag(
    as_reviewer, reviewer, claim
):
    evidence_add(claim_id=claim.pk, by=reviewer, stance="refutes", url="https://e.org/a", title="A")
    verdict_record(
        claim_id=claim.pk, rating=rating("False"), rationale="No.", by=reviewer, expected_version=1
    )

    response = as_reviewer.get(url(claim.pk))

    assert response.status_code == 200
    assert etag_of(response) == '"2"'
    body = response.json()
    assert body["claim"]["version"] == 2
    assert body["claim"]["verdict"]["name"] == "False"
    assert [e["source"]["url"] for e in body["evidence"]] == ["https://e.org/a"]
    assert any(h["what"] == "verdict proposed: False" for h in body["history"])
    assert body["transitions"] == ["dismiss", "submit"]


def test_an_update_without_if_match_is_refused_with_428(as_reviewer, claim):
    response = as_reviewer.patch(
        url(claim.pk), {"verdict": rating().pk, "rationale": "No."}, format="json"
    )

    assert response.status_code == 428
    assert response.json()["error"]["code"] == "precondition_required"
    assert Claim.objects.get(pk=claim.pk).verdict is None


def test_an_update_with_the_current_etag_records_the_verdict(as_reviewer, reviewer, claim):
    tag = etag_of(as_reviewer.get(url(claim.pk)))

    response = as_reviewer.patch(
        url(claim.pk),
        {"verdict": rating("False").pk, "rationale": "The record says 3."},
        format="json",
        HTTP_IF_MATCH=tag,
    )

    assert response.status_code == 200, response.json()
    assert etag_of(response) == '"2"'
    saved = Claim.objects.get(pk=claim.pk)
    assert (saved.verdict.name, saved.rationale, saved.verdict_by) == (
        "False",
        "The record says 3.",
        reviewer,
    )


def test_a_rationale_alone_keeps_the_current_verdict(as_reviewer, reviewer, claim):
    verdict_record(
        claim_id=claim.pk, rating=rating("False"), rationale="No.", by=reviewer, expected_version=1
    )

    response = as_reviewer.patch(
        url(claim.pk), {"rationale": "No, twice."}, format="json", HTTP_IF_MATCH='"2"'
    )

    assert response.status_code == 200
    assert response.json()["claim"]["verdict"]["name"] == "False"
    assert response.json()["claim"]["rationale"] == "No, twice."


def test_a_stale_if_match_gets_412_with_the_current_version_and_nothing_is_saved(
    as_reviewer, editor, claim
):
    tag = etag_of(as_reviewer.get(url(claim.pk)))
    verdict_record(
        claim_id=claim.pk, rating=rating("True"), rationale="Yes.", by=editor, expected_version=1
    )

    response = as_reviewer.patch(
        url(claim.pk),
        {"verdict": rating("False").pk, "rationale": "No."},
        format="json",
        HTTP_IF_MATCH=tag,
    )

    assert response.status_code == 412
    assert etag_of(response) == '"2"'
    error = response.json()["error"]
    assert error["code"] == "stale_version"
    assert error["details"]["current_version"] == 2
    assert error["details"]["changes"][0]["who"] == "edna"
    assert Claim.objects.get(pk=claim.pk).rationale == "Yes."


def test_a_malformed_if_match_cannot_match_and_gets_412(as_reviewer, claim):
    response = as_reviewer.patch(
        url(claim.pk), {"rationale": "x"}, format="json", HTTP_IF_MATCH="not-a-version"
    )

    assert response.status_code == 412
    assert response.json()["error"]["details"]["current_version"] == 1


def test_the_whole_workflow_runs_through_actions(
    as_reviewer, as_editor, as_second_editor, editor, claim
):
    def post(client, action, tag, data=None):
        response = client.post(url(claim.pk, action), data or {}, format="json", HTTP_IF_MATCH=tag)
        assert response.status_code == 200, response.json()
        return etag_of(response)

    tag = post(as_reviewer, "assign", '"1"')
    response = as_reviewer.patch(
        url(claim.pk),
        {"verdict": rating("False").pk, "rationale": "No."},
        format="json",
        HTTP_IF_MATCH=tag,
    )
    tag = post(as_reviewer, "submit", etag_of(response))
    tag = post(as_editor, "reject", tag, {"comment": "Cite the budget."})
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_REVIEW
    tag = post(as_reviewer, "submit", tag)
    tag = post(as_editor, "approve", tag)
    tag = post(as_second_editor, "publish", tag)

    published = Claim.objects.get(pk=claim.pk)
    assert published.status == ClaimStatus.PUBLISHED
    assert published.approved_by == editor
    assert published.comments.filter(text__contains="Cite the budget.").exists()


def test_reject_needs_a_comment(as_reviewer, as_editor, reviewer, claim):
    verdict_record(
        claim_id=claim.pk, rating=rating("False"), rationale="No.", by=reviewer, expected_version=1
    )
    as_reviewer.post(url(claim.pk, "submit"), {}, format="json", HTTP_IF_MATCH='"2"')

    response = as_editor.post(url(claim.pk, "reject"), {}, format="json", HTTP_IF_MATCH='"3"')

    assert response.status_code == 400
    assert "comment" in response.json()["error"]["details"]


def test_nobody_approves_a_verdict_they_proposed(as_editor, editor, claim):
    verdict_record(
        claim_id=claim.pk, rating=rating("False"), rationale="No.", by=editor, expected_version=1
    )
    as_editor.post(url(claim.pk, "submit"), {}, format="json", HTTP_IF_MATCH='"2"')

    response = as_editor.post(url(claim.pk, "approve"), {}, format="json", HTTP_IF_MATCH='"3"')

    assert response.status_code == 403
    assert "another editor must approve" in response.json()["error"]["message"]


def test_a_step_the_workflow_does_not_allow_is_a_409(as_reviewer, as_editor, claim):
    submit = as_reviewer.post(url(claim.pk, "submit"), {}, format="json", HTTP_IF_MATCH='"1"')
    reject = as_editor.post(
        url(claim.pk, "reject"), {"comment": "why"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert submit.status_code == 409
    assert reject.status_code == 409
    assert reject.json()["error"]["code"] == "transition_refused"
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.NEW


def test_a_reviewer_may_not_assign_a_claim_to_someone_else(as_reviewer, second_reviewer, claim):
    response = as_reviewer.post(
        url(claim.pk, "assign"),
        {"assignee": second_reviewer.pk},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_dismiss_and_reopen(as_reviewer, claim):
    dismissed = as_reviewer.post(url(claim.pk, "dismiss"), {}, format="json", HTTP_IF_MATCH='"1"')
    reopened = as_reviewer.post(url(claim.pk, "reopen"), {}, format="json", HTTP_IF_MATCH='"2"')

    assert dismissed.json()["claim"]["status"] == "dismissed"
    assert reopened.json()["claim"]["status"] == "new"


def test_an_unknown_claim_is_a_404_in_the_error_shape(as_reviewer, db):
    for path in ("/api/claims/999999/", "/api/claims/abc/", f"/api/claims/{2**70}/"):
        response = as_reviewer.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
