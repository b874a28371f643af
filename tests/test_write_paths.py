"""One write path: every way to change a claim's review goes through claims/services.

The admin used to be a second one: a reviewer (staff, with change_claim) could POST the
claim's change form with status=published, a verdict and approved_by=editor and get a
published claim with a forged approver, no version bump, no workflow step in its history,
and a place in the ClaimReview export. Here: that attack and its cousins (revert from the
history page, evidence and comments in the admin, ratings and sources behind verdicts),
the admin's workflow actions, and a walk over every write path (admin, workbench, API)
for every member of the cast, checking each against claims/permissions.py: what the
matrix refuses changes nothing; what it allows bumps the claim's version and writes a
history row naming the person and the step. Evidence and comments are append-only rows
with their own history; they do not bump the claim's version (services/reviews.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from claims.admin_workflow import FACT_WORKFLOW_ACTIONS, MAX_SELECTED, WORKFLOW_ACTIONS
from claims.models import Claim, ClaimStatus, Comment, Evidence, Fact, JobStatus, Rating, Source
from claims.permissions import Capability, can
from claims.selectors_export import ExportFilters
from claims.services import facts as fact_services
from claims.services import reviews
from claims.services.exports import export_file, export_job_create, export_job_run
from tests.api.conftest import token_client
from tests.fact_support import everything, fact, fact_article, fact_put_in, fact_step, fact_verdict
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import article_with_claims, rating

pytestmark = pytest.mark.django_db
S = ClaimStatus
REVIEW_FIELDS = (
    "status",
    "verdict_id",
    "rationale",
    "assignee_id",
    "verdict_by_id",
    "approved_by_id",
    "version",
    "anchor",
    "stale_verdict",
    "orphaned",
)
CHANGELIST = "/admin/claims/claim/"
FACT_CHANGELIST = "/admin/claims/fact/"


# --- helpers -------------------------------------------------------------------------


def staff(client: Client, user) -> Client:
    """`client` logged in as `user`, made staff as the demo users are."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    return client


def state(claim: Claim) -> dict[str, object]:
    claim.refresh_from_db()
    return {name: getattr(claim, name) for name in REVIEW_FIELDS}


def history_count(claim: Claim) -> int:
    # Not counting the "imported" row a claim stored without history (as an import stores
    # claims) gets before its first write (services.reviews._history_start).
    return (
        Claim.history.filter(id=claim.pk)
        .exclude(history_type="+", history_change_reason="imported")
        .count()
    )


def latest_history(claim: Claim):
    return Claim.history.filter(id=claim.pk).order_by("-history_date", "-history_id").first()


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def put_in(claim: Claim, status: str, *, proposer, approver) -> Claim:
    """The claim moved to `status` through the services, by people outside each test's
    actor: `proposer` proposes and submits the verdict, `approver` approves."""
    if status == S.NEW:
        return claim
    if status == S.DISMISSED:
        return reviews.claim_transition(
            claim_id=claim.pk, to_status=S.DISMISSED, by=proposer, expected_version=claim.version
        )
    claim = reviews.verdict_record(
        claim_id=claim.pk,
        rating=rating("False"),
        rationale="The budget says 2 million.",
        by=proposer,
        expected_version=claim.version,
    )
    for step, by in (
        (S.AWAITING_APPROVAL, proposer),
        (S.APPROVED, approver),
        (S.PUBLISHED, approver),
    ):
        if claim.status == status:
            break
        claim = reviews.claim_transition(
            claim_id=claim.pk, to_status=step, by=by, expected_version=claim.version
        )
    assert claim.status == status
    return claim


def claimreview_texts() -> list[str]:
    job = export_job_create(format="claimreview", filters=ExportFilters())
    finished = export_job_run(job_id=job.pk)
    assert finished is not None and finished.status == JobStatus.SUCCEEDED, finished.message
    document = json.loads(export_file(finished).read_bytes())
    return [node["claimReviewed"] for node in document["@graph"]]


# --- the attack, and the other admin back doors ---------------------------------------


def forged_review(reviewer, editor) -> dict[str, object]:
    return {
        "status": S.PUBLISHED,
        "verdict": rating("False").pk,
        "rationale": "Forged.",
        "assignee": reviewer.pk,
        "verdict_by": reviewer.pk,
        "approved_by": editor.pk,
        "anchor": "",
        "_save": "Save",
    }


def test_a_reviewer_cannot_publish_a_claim_through_the_admin_change_form(
    client, claim, reviewer, editor
):
    before, entries = state(claim), history_count(claim)

    response = staff(client, reviewer).post(
        f"{CHANGELIST}{claim.pk}/change/", forged_review(reviewer, editor)
    )

    assert response.status_code == 403
    assert state(claim) == before
    assert (claim.status, claim.approved_by_id, claim.version) == (S.NEW, None, 1)
    assert history_count(claim) == entries
    assert claim.text not in claimreview_texts()


def test_an_admin_cannot_change_a_claims_review_in_the_change_form_either(
    client, claim, admin_user, reviewer, editor
):
    before = state(claim)

    response = staff(client, admin_user).post(
        f"{CHANGELIST}{claim.pk}/change/", forged_review(reviewer, editor)
    )

    assert response.status_code == 403
    assert state(claim) == before


def test_the_claim_page_shows_the_review_read_only_with_a_link_to_the_workbench(
    client, claim, reviewer, second_reviewer, editor
):
    put_in(claim, S.AWAITING_APPROVAL, proposer=second_reviewer, approver=editor)

    response = staff(client, reviewer).get(f"{CHANGELIST}{claim.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    for field in ("status", "verdict", "rationale", "assignee", "verdict_by", "approved_by"):
        assert f'name="{field}"' not in page
    assert 'name="_save"' not in page
    assert "Awaiting approval" in page and "The budget says 2 million." in page
    assert f'href="/workbench/claims/{claim.pk}/"' in page


def test_it_refuses_a_revert_from_the_claim_history_page(
    client, claim, reviewer, second_reviewer, editor
):
    # The claim was approved once, then sent back: its history holds an approved copy.
    claim = put_in(claim, S.APPROVED, proposer=second_reviewer, approver=editor)
    approved = latest_history(claim)
    claim = reviews.claim_transition(
        claim_id=claim.pk, to_status=S.PUBLISHED, by=editor, expected_version=claim.version
    )
    before, entries = state(claim), history_count(claim)
    client = staff(client, reviewer)

    page = client.get(f"{CHANGELIST}{claim.pk}/history/{approved.history_id}/")
    response = client.post(
        f"{CHANGELIST}{claim.pk}/history/{approved.history_id}/",
        forged_review(reviewer, editor),
    )

    assert response.status_code == 403
    assert state(claim) == before
    assert history_count(claim) == entries
    assert page.status_code == 200 and "Revert" not in page.content.decode()


def test_nobody_adds_or_deletes_claims_in_the_admin(client, claim, admin_user):
    client = staff(client, admin_user)

    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.post(f"{CHANGELIST}{claim.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [claim.pk], "post": "yes"}
    )
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert "No action selected." in texts(response)


def test_evidence_cannot_be_added_changed_or_deleted_in_the_admin(client, claim, reviewer):
    evidence = reviews.evidence_add(
        claim_id=claim.pk, by=reviewer, stance="refutes", url="https://example.org/budget"
    )
    client = staff(client, reviewer)  # the Reviewer group holds add/change/delete_evidence

    added = client.post(
        "/admin/claims/evidence/add/",
        {"claim": claim.pk, "source": evidence.source_id, "stance": "supports"},
    )
    changed = client.post(
        f"/admin/claims/evidence/{evidence.pk}/change/",
        {"claim": claim.pk, "source": evidence.source_id, "stance": "supports"},
    )
    deleted = client.post(f"/admin/claims/evidence/{evidence.pk}/delete/", {"post": "yes"})

    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert list(Evidence.objects.values_list("pk", "stance")) == [(evidence.pk, "refutes")]


def test_comments_cannot_be_added_changed_or_deleted_in_the_admin(client, claim, editor):
    comment = reviews.comment_add(claim_id=claim.pk, by=editor, text="Check the 2019 budget.")
    client = staff(client, editor)  # the Editor group holds add/delete_comment

    added = client.post("/admin/claims/comment/add/", {"claim": claim.pk, "text": "Forged."})
    changed = client.post(
        f"/admin/claims/comment/{comment.pk}/change/", {"claim": claim.pk, "text": "Forged."}
    )
    deleted = client.post(f"/admin/claims/comment/{comment.pk}/delete/", {"post": "yes"})

    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert list(Comment.objects.values_list("text", flat=True)) == ["Check the 2019 budget."]


def _scale_form(scale, changes: dict[str, dict[str, object]]) -> dict[str, object]:
    ratings = list(scale.ratings.order_by("position"))
    data: dict[str, object] = {
        "name": scale.name,
        "description": scale.description,
        "is_active": "on" if scale.is_active else "",
        "best_value": scale.best_value,
        "worst_value": scale.worst_value,
        "ratings-TOTAL_FORMS": len(ratings),
        "ratings-INITIAL_FORMS": len(ratings),
        "ratings-MIN_NUM_FORMS": 0,
        "ratings-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, item in enumerate(ratings):
        row = {
            "id": item.pk,
            "scale": scale.pk,
            "position": item.position,
            "name": item.name,
            "value": "" if item.value is None else item.value,
            "description": item.description,
            **changes.get(item.name, {}),
        }
        data.update({f"ratings-{index}-{key}": value for key, value in row.items()})
    return data


def test_a_rating_that_is_a_verdict_keeps_its_name_and_value(
    client, claim, second_reviewer, editor, second_editor
):
    put_in(claim, S.PUBLISHED, proposer=second_reviewer, approver=second_editor)
    scale = rating("False").scale

    response = staff(client, editor).post(
        f"/admin/claims/ratingscale/{scale.pk}/change/",
        _scale_form(scale, {"False": {"name": "True", "value": 5}}),
    )

    assert response.status_code == 200  # the form again, with the reason
    assert "is the verdict of 1 claim:" in response.content.decode()
    assert Rating.objects.filter(scale=scale, name="False", value=1).exists()
    assert claim.text not in [t for t in claimreview_texts() if "True" in t]


def test_a_rating_nobody_has_used_can_still_be_renamed(client, editor):
    scale = rating("Unverifiable").scale

    response = staff(client, editor).post(
        f"/admin/claims/ratingscale/{scale.pk}/change/",
        _scale_form(scale, {"Unverifiable": {"name": "Cannot be verified"}}),
    )

    assert response.status_code == 302
    assert Rating.objects.filter(scale=scale, name="Cannot be verified").exists()


def test_a_source_behind_a_published_verdict_is_read_only_in_the_admin(
    client, claim, reviewer, second_reviewer, second_editor
):
    evidence = reviews.evidence_add(
        claim_id=claim.pk,
        by=second_reviewer,
        stance="refutes",
        url="https://example.org/budget",
        title="City budget 2019",
    )
    put_in(claim, S.PUBLISHED, proposer=second_reviewer, approver=second_editor)

    response = staff(client, reviewer).post(
        f"/admin/claims/source/{evidence.source_id}/change/",
        {"url": "https://example.org/other", "title": "Something else", "_save": "Save"},
    )

    assert response.status_code == 403
    assert Source.objects.get().title == "City budget 2019"


def test_a_source_behind_an_open_review_can_still_be_corrected(client, claim, reviewer):
    evidence = reviews.evidence_add(
        claim_id=claim.pk, by=reviewer, stance="refutes", url="https://example.org/budget"
    )

    response = staff(client, reviewer).post(
        f"/admin/claims/source/{evidence.source_id}/change/",
        {"url": "https://example.org/budget", "title": "City budget 2019", "_save": "Save"},
    )

    assert response.status_code == 302
    assert Source.objects.get().title == "City budget 2019"


def test_the_article_page_cannot_change_its_claims(client, claim, editor):
    article = claim.article
    before = state(claim)
    claims = list(article.claims.order_by("position"))
    data: dict[str, object] = {
        "title": article.title,
        "url": "",
        "outlet": article.outlet,
        "author": article.author,
        "published": "",
        "language": "",
        "claims-TOTAL_FORMS": len(claims),
        "claims-INITIAL_FORMS": len(claims),
        "claims-MIN_NUM_FORMS": 0,
        "claims-MAX_NUM_FORMS": 1000,
        "checks-TOTAL_FORMS": 0,
        "checks-INITIAL_FORMS": 0,
        "checks-MIN_NUM_FORMS": 0,
        "checks-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, item in enumerate(claims):
        data[f"claims-{index}-id"] = item.pk
        data[f"claims-{index}-article"] = article.pk
        data[f"claims-{index}-status"] = S.PUBLISHED
        data[f"claims-{index}-verdict"] = rating("False").pk

    response = staff(client, editor).post(f"/admin/claims/article/{article.pk}/change/", data)

    assert response.status_code == 302  # the article's own fields are the editor's to fix
    assert state(claim) == before


def test_evidence_and_comments_name_their_author_in_history_without_a_request(claim, reviewer):
    # A command or a task has no request for simple_history's middleware to read.
    evidence = reviews.evidence_add(
        claim_id=claim.pk, by=reviewer, stance="context", title="Council minutes"
    )
    comment = reviews.comment_add(claim_id=claim.pk, by=reviewer, text="Minutes attached.")

    assert evidence.history.get().history_user == reviewer
    assert comment.history.get().history_user == reviewer


def test_a_named_step_never_runs_as_another_step_to_the_same_status(claim, editor):
    # "send back to review" and "start review" both lead to in_review.
    with pytest.raises(reviews.TransitionRefused, match="does not apply to a claim that is new"):
        reviews.claim_transition(
            claim_id=claim.pk,
            to_status=S.IN_REVIEW,
            by=editor,
            expected_version=claim.version,
            comment="Why not.",
            step_name="send back to review",
        )
    assert state(claim)["status"] == S.NEW


# --- the workflow as admin actions -----------------------------------------------------


def test_every_workflow_step_is_an_admin_action(client, admin_user, claim):
    response = staff(client, admin_user).get(CHANGELIST)

    page = response.content.decode()
    for name, (_, step) in reviews.STEPS.items():
        action = WORKFLOW_ACTIONS["step_" + name.replace(" ", "_")]
        assert action.capability == step.capability
        assert action.needs_comment == step.needs_comment
        assert f'<option value="{action.name}">{name.capitalize()}</option>' in page
    assert "Assign to me" in page and "Unassign" in page


def test_the_menu_offers_a_reviewer_only_the_steps_their_role_allows(client, reviewer, claim):
    page = staff(client, reviewer).get(CHANGELIST).content.decode()

    for label in ("Start review", "Submit for approval", "Dismiss", "Reopen", "Assign to me"):
        assert f">{label}</option>" in page
    for label in ("Approve", "Send back to review", "Publish", "Unassign"):
        assert f">{label}</option>" not in page


def run_action(client: Client, action: str, claims: list, comment: str = "", url: str = CHANGELIST):
    """The action as a person runs it: the confirmation page, then "yes" (claims, or
    facts with url=FACT_CHANGELIST)."""
    ids = [c.pk for c in claims]
    page = client.post(url, {"action": action, "_selected_action": ids, "index": 0})
    assert page.status_code == 200, texts(page)
    assert "workflow-confirmation" in page.content.decode()
    return confirm(client, action, {c.pk: c.version for c in claims}, comment, url=url)


def confirm(
    client: Client,
    action: str,
    versions: dict[int, int],
    comment: str = "",
    url: str = CHANGELIST,
):
    data: dict[str, object] = {
        "action": action,
        "post": "yes",
        "_selected_action": list(versions),
        "comment": comment,
        **{f"version_{pk}": version for pk, version in versions.items()},
    }
    return client.post(url, data)


@pytest.fixture
def service_calls(monkeypatch) -> list[tuple[str, dict]]:
    """Records each call of the review services (which still run for real)."""
    calls: list[tuple[str, dict]] = []
    for name in ("claim_transition", "claim_assign"):
        real = getattr(reviews, name)

        def spy(*, _real=real, _name=name, **kwargs):
            calls.append((_name, kwargs))
            return _real(**kwargs)

        monkeypatch.setattr(reviews, name, spy)
    return calls


@dataclass(frozen=True)
class Allowed:
    actor: str
    start: str
    action: str
    status: str
    reason: str
    comment: str = ""


ALLOWED = [
    Allowed("reviewer", S.NEW, "step_start_review", S.IN_REVIEW, "start review"),
    Allowed("reviewer", S.NEW, "step_dismiss", S.DISMISSED, "dismiss"),
    Allowed("reviewer", S.IN_REVIEW, "step_dismiss", S.DISMISSED, "dismiss"),
    Allowed(
        "reviewer",
        S.IN_REVIEW,
        "step_submit_for_approval",
        S.AWAITING_APPROVAL,
        "submit for approval",
    ),
    Allowed("editor", S.AWAITING_APPROVAL, "step_approve", S.APPROVED, "approve"),
    Allowed(
        "editor",
        S.AWAITING_APPROVAL,
        "step_send_back_to_review",
        S.IN_REVIEW,
        "send back to review: The source is from 2017.",
        comment="The source is from 2017.",
    ),
    Allowed("editor", S.APPROVED, "step_publish", S.PUBLISHED, "publish"),
    Allowed("reviewer", S.DISMISSED, "step_reopen", S.NEW, "reopen"),
    Allowed("reviewer", S.NEW, "assign_to_me", S.IN_REVIEW, "assigned to rita"),
    Allowed("editor", S.IN_REVIEW, "unassign", S.IN_REVIEW, "assigned to nobody"),
    Allowed("admin_user", S.APPROVED, "step_publish", S.PUBLISHED, "publish"),
]


@pytest.mark.parametrize("case", ALLOWED, ids=lambda c: f"{c.actor}-{c.action}-from-{c.start}")
def test_an_admin_action_the_matrix_allows_goes_through_the_service(
    request, client, claim, second_reviewer, second_editor, service_calls, case
):
    actor = request.getfixturevalue(case.actor)
    claim = put_in(claim, case.start, proposer=second_reviewer, approver=second_editor)
    version = claim.version

    response = run_action(staff(client, actor), case.action, [claim], case.comment)

    assert response.status_code == 302
    assert state(claim)["status"] == case.status
    assert claim.version == version + 1
    entry = latest_history(claim)
    assert (entry.history_user, entry.history_change_reason) == (actor, case.reason)
    assert [kwargs["claim_id"] for _, kwargs in service_calls[-1:]] == [claim.pk]
    assert service_calls[-1][1]["by"] == actor
    assert service_calls[-1][1]["expected_version"] == version
    assert any("1 claim done" in text for text in texts(response))
    if case.action == "step_approve":
        assert claim.approved_by == actor
    if case.comment:
        assert Comment.objects.filter(claim=claim, text__contains=case.comment).exists()


@dataclass(frozen=True)
class Refused:
    actor: str
    start: str
    action: str
    reason: str
    comment: str = ""
    assignee: str = ""


REFUSED = [
    # The role: the menu does not offer these, a forged POST reaches the service anyway.
    Refused("reviewer", S.AWAITING_APPROVAL, "step_approve", "do not have the role to approve"),
    Refused("reviewer", S.APPROVED, "step_publish", "do not have the role to publish"),
    Refused(
        "reviewer",
        S.AWAITING_APPROVAL,
        "step_send_back_to_review",
        "do not have the role to send back to review",
        comment="Forged.",
    ),
    Refused(
        "reviewer",
        S.IN_REVIEW,
        "unassign",
        "do not have the role to assign claims to other people",
    ),
    # The state.
    Refused(
        "reviewer",
        S.NEW,
        "step_submit_for_approval",
        "“Submit for approval” does not apply to a claim that is new",
    ),
    Refused(
        "editor",
        S.NEW,
        "step_send_back_to_review",
        "“Send back to review” does not apply to a claim that is new",
        comment="Why not.",
    ),
    Refused("editor", S.PUBLISHED, "step_publish", "“Publish” does not apply"),
    Refused("reviewer", S.PUBLISHED, "assign_to_me", "published cannot be assigned"),
    # What the step needs.
    Refused("editor", S.AWAITING_APPROVAL, "step_send_back_to_review", "a comment is required"),
    Refused(
        "reviewer",
        S.IN_REVIEW,
        "assign_to_me",
        "assigned to someone else",
        assignee="second_reviewer",
    ),
]


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: f"{c.actor}-{c.action}-from-{c.start}")
def test_an_admin_action_the_workflow_refuses_changes_nothing_and_says_why(
    request, client, claim, second_reviewer, second_editor, case
):
    actor = request.getfixturevalue(case.actor)
    claim = put_in(claim, case.start, proposer=second_reviewer, approver=second_editor)
    if case.assignee:
        claim = reviews.claim_assign(
            claim_id=claim.pk, assignee=request.getfixturevalue(case.assignee), by=second_editor
        )
    before, entries = state(claim), history_count(claim)
    client = staff(client, actor)

    offered = f'value="{case.action}"' in client.get(CHANGELIST).content.decode()
    if offered:
        response = run_action(client, case.action, [claim], case.comment)
    else:
        # Not in this person's menu: posted by hand, straight to "yes".
        response = confirm(client, case.action, {claim.pk: claim.version}, case.comment)

    assert response.status_code == 302
    assert state(claim) == before
    assert history_count(claim) == entries
    [message] = texts(response)
    assert message.startswith(f"Claim {claim.pk} (“")
    assert case.reason in message


def test_an_editor_takes_a_claim_in_review_through_the_same_harness(
    client, claim, second_reviewer, second_editor
):
    # The control of the refusal table's last row: the same step, by someone allowed.
    claim = put_in(claim, S.IN_REVIEW, proposer=second_reviewer, approver=second_editor)
    response = run_action(staff(client, second_editor), "assign_to_me", [claim])
    assert state(claim)["assignee_id"] == second_editor.pk
    assert texts(response) == ["Assign to me: 1 claim done."]


def test_an_editor_cannot_approve_a_verdict_they_proposed_in_the_admin(
    client, claim, second_editor
):
    claim = put_in(claim, S.AWAITING_APPROVAL, proposer=second_editor, approver=second_editor)
    before = state(claim)

    response = run_action(staff(client, second_editor), "step_approve", [claim])

    assert state(claim) == before
    assert any("another editor must approve it" in text for text in texts(response))


def test_a_stale_confirmation_is_refused_with_what_changed_meanwhile(
    client, claim, reviewer, editor, second_editor
):
    claim = put_in(claim, S.AWAITING_APPROVAL, proposer=reviewer, approver=editor)
    seen = claim.version
    client = staff(client, editor)
    page = client.post(CHANGELIST, {"action": "step_approve", "_selected_action": [claim.pk]})
    assert f'name="version_{claim.pk}" value="{seen}"' in page.content.decode()
    # Meanwhile, another editor sends it back.
    reviews.claim_transition(
        claim_id=claim.pk,
        to_status=S.IN_REVIEW,
        by=second_editor,
        expected_version=claim.version,
        comment="Which budget year?",
    )
    before = state(claim)

    response = confirm(client, "step_approve", {claim.pk: seen})

    assert state(claim) == before
    assert (claim.status, claim.approved_by_id) == (S.IN_REVIEW, None)
    [message] = texts(response)
    assert "Someone else changed this claim" in message
    assert "eddie: send back to review: Which budget year?" in message


def test_each_refused_claim_gets_its_own_message_and_the_others_go_through(
    client, article, reviewer, second_reviewer, editor
):
    first, second, third = article.claims.order_by("position")
    put_in(first, S.IN_REVIEW, proposer=reviewer, approver=editor)
    put_in(third, S.IN_REVIEW, proposer=reviewer, approver=editor)
    claims = [Claim.objects.get(pk=c.pk) for c in (first, second, third)]

    response = run_action(staff(client, reviewer), "step_submit_for_approval", claims)

    statuses = [state(c)["status"] for c in claims]
    assert statuses == [S.AWAITING_APPROVAL, S.NEW, S.AWAITING_APPROVAL]
    messages = texts(response)
    assert len(messages) == 2
    assert messages[0].startswith(f"Claim {second.pk} (“") and "is new" in messages[0]
    assert messages[1] == "Submit for approval: 2 claims done."


def test_a_confirmation_without_the_versions_seen_changes_nothing(client, claim, reviewer):
    client = staff(client, reviewer)

    response = client.post(
        CHANGELIST, {"action": "step_dismiss", "post": "yes", "_selected_action": [claim.pk]}
    )

    assert state(claim)["status"] == S.NEW
    [message] = texts(response)
    assert "did not say which version you saw" in message


def test_a_forged_version_too_large_to_be_one_changes_nothing(client, claim, reviewer):
    response = confirm(staff(client, reviewer), "step_dismiss", {claim.pk: 10**30})

    assert response.status_code == 302
    assert state(claim)["status"] == S.NEW
    assert "did not say which version you saw" in texts(response)[0]


def test_a_forged_selection_that_is_no_claim_number_changes_nothing(client, claim, reviewer):
    client = staff(client, reviewer)
    client.raise_request_exception = False

    response = client.post(
        CHANGELIST,
        {"action": "step_dismiss", "post": "yes", "_selected_action": [claim.pk, "1 OR 1=1"]},
    )

    assert response.status_code == 302  # back to the list, with the reason
    assert state(claim)["status"] == S.NEW
    assert texts(response) == [
        "The selection names something that is not a claim; nothing was changed."
    ]


def test_more_claims_than_one_request_should_handle_changes_nothing(client, reviewer):
    article_with_claims(MAX_SELECTED + 1)
    client = staff(client, reviewer)

    response = client.post(
        CHANGELIST,
        {
            "action": "step_dismiss",
            "select_across": "1",
            "index": 0,
            "_selected_action": [Claim.objects.first().pk],
        },
    )

    assert response.status_code == 302
    assert not Claim.objects.exclude(status=S.NEW).exists()
    assert f"More than {MAX_SELECTED} claims are selected" in texts(response)[0]


def test_an_outsider_gets_no_admin_actions_at_all(client, claim, outsider):
    client = staff(client, outsider)

    assert client.get(CHANGELIST).status_code == 403
    response = confirm(client, "step_dismiss", {claim.pk: claim.version})

    assert response.status_code == 403
    assert state(claim)["status"] == S.NEW


# --- every write path, for every member of the cast -----------------------------------


@dataclass(frozen=True)
class WritePath:
    name: str
    # What claims/permissions.py requires; None: refused to everyone (not a write path).
    capability: Capability | None
    start: str  # the claim's status before (reached through the services)
    write: Callable[[object, Claim], object]  # (user, claim) -> response
    writes: str = "claim"  # or "evidence", "comment": a row of its own


def _web(user) -> Client:
    client = Client()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    return client


def _api(user, method: str, path: str, claim: Claim, data: dict | None = None):
    client: APIClient = token_client(user)
    headers = {"HTTP_IF_MATCH": f'"{claim.version}"'}
    return getattr(client, method)(path, data or {}, format="json", **headers)


def _admin_change_form(user, claim):
    reviewer = claim.verdict_by or user
    return _web(user).post(
        f"{CHANGELIST}{claim.pk}/change/",
        {
            "status": S.PUBLISHED,
            "verdict": rating("True").pk,
            "rationale": "Forged.",
            "verdict_by": reviewer.pk,
            "approved_by": user.pk,
            "_save": "Save",
        },
    )


def _admin_history_revert(user, claim):
    first = Claim.history.filter(id=claim.pk).order_by("history_date").first()
    return _web(user).post(
        f"{CHANGELIST}{claim.pk}/history/{first.history_id}/",
        {"status": S.NEW, "rationale": "", "_save": "Save"},
    )


def _admin_action(action: str, comment: str = ""):
    def write(user, claim):
        return confirm(_web(user), action, {claim.pk: claim.version}, comment)

    return write


def _workbench(path: str, data: Callable[[Claim], dict]):
    def write(user, claim):
        return _web(user).post(f"/workbench/claims/{claim.pk}/{path}/", data(claim))

    return write


def _workbench_step(to_status: str, comment: str = ""):
    return _workbench(
        "transition",
        lambda claim: {"to_status": to_status, "version": claim.version, "comment": comment},
    )


def _queue_bulk(action: str, to_status: str = "", comment: str = ""):
    def write(user, claim):
        data = {"action": action, "ids": [claim.pk], "to_status": to_status, "comment": comment}
        if action == "assign":
            data["assignee"] = "me"
        return _web(user).post("/workbench/queue/bulk/", data)

    return write


def _api_step(name: str, data: dict | None = None):
    def write(user, claim):
        return _api(user, "post", f"/api/claims/{claim.pk}/{name}/", claim, data)

    return write


REVIEW, APPROVE, PUBLISH = Capability.REVIEW, Capability.APPROVE, Capability.PUBLISH
WRITE_PATHS = [
    # The admin: the change form and the revert are no write path for anyone.
    WritePath("admin change form", None, S.IN_REVIEW, _admin_change_form),
    WritePath("admin history revert", None, S.PUBLISHED, _admin_history_revert),
    WritePath("admin: start review", REVIEW, S.NEW, _admin_action("step_start_review")),
    WritePath("admin: assign to me", REVIEW, S.NEW, _admin_action("assign_to_me")),
    WritePath("admin: dismiss", REVIEW, S.IN_REVIEW, _admin_action("step_dismiss")),
    WritePath("admin: reopen", REVIEW, S.DISMISSED, _admin_action("step_reopen")),
    WritePath("admin: submit", REVIEW, S.IN_REVIEW, _admin_action("step_submit_for_approval")),
    WritePath("admin: approve", APPROVE, S.AWAITING_APPROVAL, _admin_action("step_approve")),
    WritePath(
        "admin: send back",
        APPROVE,
        S.AWAITING_APPROVAL,
        _admin_action("step_send_back_to_review", "Which year?"),
    ),
    WritePath("admin: publish", PUBLISH, S.APPROVED, _admin_action("step_publish")),
    # The workbench forms (claims/views/).
    WritePath(
        "workbench verdict",
        REVIEW,
        S.NEW,
        _workbench(
            "verdict",
            lambda c: {
                "rating": rating("True").pk,
                "rationale": "It adds up.",
                "version": c.version,
            },
        ),
    ),
    WritePath(
        "workbench assign", REVIEW, S.NEW, _workbench("assign", lambda c: {"assignee": "me"})
    ),
    WritePath("workbench submit", REVIEW, S.IN_REVIEW, _workbench_step(S.AWAITING_APPROVAL)),
    WritePath("workbench dismiss", REVIEW, S.NEW, _workbench_step(S.DISMISSED)),
    WritePath("workbench approve", APPROVE, S.AWAITING_APPROVAL, _workbench_step(S.APPROVED)),
    WritePath(
        "workbench send back",
        APPROVE,
        S.AWAITING_APPROVAL,
        _workbench_step(S.IN_REVIEW, "Which year?"),
    ),
    WritePath("workbench publish", PUBLISH, S.APPROVED, _workbench_step(S.PUBLISHED)),
    WritePath("queue bulk assign", REVIEW, S.NEW, _queue_bulk("assign")),
    WritePath("queue bulk dismiss", REVIEW, S.IN_REVIEW, _queue_bulk("dismiss")),
    WritePath(
        "queue bulk approve", APPROVE, S.AWAITING_APPROVAL, _queue_bulk("status", S.APPROVED)
    ),
    WritePath("queue bulk publish", PUBLISH, S.APPROVED, _queue_bulk("status", S.PUBLISHED)),
    WritePath(
        "workbench evidence",
        REVIEW,
        S.IN_REVIEW,
        _workbench(
            "evidence",
            lambda c: {"url": "https://example.org/budget", "stance": "refutes"},
        ),
        writes="evidence",
    ),
    WritePath(
        "workbench comment",
        REVIEW,
        S.PUBLISHED,
        _workbench("comment", lambda c: {"text": "Worth a follow-up."}),
        writes="comment",
    ),
    # The API (claims/api/).
    WritePath(
        "api verdict",
        REVIEW,
        S.NEW,
        lambda user, claim: _api(
            user,
            "patch",
            f"/api/claims/{claim.pk}/",
            claim,
            {"verdict": rating("True").pk, "rationale": "It adds up."},
        ),
    ),
    WritePath("api assign", REVIEW, S.NEW, _api_step("assign")),
    WritePath("api submit", REVIEW, S.IN_REVIEW, _api_step("submit")),
    WritePath("api dismiss", REVIEW, S.IN_REVIEW, _api_step("dismiss")),
    WritePath("api reopen", REVIEW, S.DISMISSED, _api_step("reopen")),
    WritePath("api approve", APPROVE, S.AWAITING_APPROVAL, _api_step("approve")),
    WritePath(
        "api reject", APPROVE, S.AWAITING_APPROVAL, _api_step("reject", {"comment": "Which year?"})
    ),
    WritePath("api publish", PUBLISH, S.APPROVED, _api_step("publish")),
    WritePath(
        "api evidence",
        REVIEW,
        S.IN_REVIEW,
        lambda user, claim: token_client(user).post(
            "/api/evidence/",
            {"claim": claim.pk, "url": "https://example.org/budget", "stance": "refutes"},
            format="json",
        ),
        writes="evidence",
    ),
    WritePath(
        "api comment",
        REVIEW,
        S.PUBLISHED,
        lambda user, claim: token_client(user).post(
            "/api/comments/", {"claim": claim.pk, "text": "Worth a follow-up."}, format="json"
        ),
        writes="comment",
    ),
]
CAST = ["reviewer", "editor", "outsider", "admin_user"]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("path", WRITE_PATHS, ids=lambda p: p.name.replace(" ", "-"))
def test_every_write_path_refuses_what_the_matrix_refuses_and_records_what_it_allows(
    request, article, second_reviewer, second_editor, path, who
):
    user = request.getfixturevalue(who)
    # The verdict is proposed and approved by others: the actor is never the second
    # person rule's subject here (that rule has its own tests).
    claim = put_in(
        article.claims.order_by("position").first(),
        path.start,
        proposer=second_reviewer,
        approver=second_editor,
    )
    before, entries = state(claim), history_count(claim)
    rows = {"evidence": Evidence.objects.count(), "comment": Comment.objects.count()}

    response = path.write(user, claim)

    allowed = path.capability is not None and can(user, path.capability)
    after = state(claim)
    assert response.status_code < 500
    if not allowed:
        assert after == before, f"{path.name} by {who} changed the claim"
        assert history_count(claim) == entries
        assert Evidence.objects.count() == rows["evidence"]
        assert Comment.objects.count() == rows["comment"]
        return
    if path.writes == "claim":
        assert after != before, f"{path.name} by {who} did nothing: {response.content[:300]}"
        assert after["version"] == before["version"] + 1
        assert history_count(claim) == entries + 1
        entry = latest_history(claim)
        assert entry.history_user == user
        assert entry.history_change_reason
    else:
        model = Evidence if path.writes == "evidence" else Comment
        assert model.objects.count() == rows[path.writes] + 1, response.content[:300]
        row = model.objects.latest("pk")
        assert row.history.get().history_user == user
        # Append-only: no lost update to guard, so the claim's version stays.
        assert after == before


def test_the_walk_covers_every_workflow_step_on_every_surface():
    steps = {name for name in reviews.STEPS}
    admin_steps = {
        a.name.removeprefix("step_").replace("_", " ")
        for a in WORKFLOW_ACTIONS.values()
        if a.name.startswith("step_")
    }
    assert admin_steps == steps
    names = {p.name for p in WRITE_PATHS}
    for surface in ("admin", "workbench", "api"):
        assert any(n.startswith(surface) for n in names)
    assert {p.capability for p in WRITE_PATHS} == {None, REVIEW, APPROVE, PUBLISH}


# --- the command line ------------------------------------------------------------------


def test_no_management_command_changes_a_review(
    tmp_path: Path, reviewer, editor, second_editor, capsys
):
    body = "The city spent 4 million dollars on bridge 4. The mayor said it was a bargain."
    first = tmp_path / "bridge.txt"
    first.write_text(f"title: Bridge\nurl: https://example.org/bridge\n\n{body}\n")
    call_command("import_articles", str(first), "--sync")
    claim = Claim.objects.get(text__startswith="The city spent 4")
    claim = put_in(claim, S.PUBLISHED, proposer=reviewer, approver=editor)
    # A revision moves the claim (text, offsets, anchor) through services.articles; the
    # review itself must come through untouched.
    moved = ("anchor", "version")
    before = {k: v for k, v in state(claim).items() if k not in moved}

    call_command("import_articles", str(first), "--sync")  # the same text: nothing new
    revised = tmp_path / "bridge-2.txt"
    revised.write_text(f"title: Bridge\nurl: https://example.org/bridge\n\nUpdated. {body}\n")
    call_command("import_articles", str(revised), "--sync")  # a revision: re-anchored
    call_command("export_verdicts", "--format", "csv", "--sync", "-o", str(tmp_path / "x.csv"))

    claim.refresh_from_db()
    after = {k: v for k, v in state(claim).items() if k not in moved}
    assert after == before
    assert claim.article.revision == 2
    assert claim.text in claimreview_texts()


# --- facts: the same one write path ------------------------------------------------------
#
# A fact has the claim's workflow, roles and optimistic locking (services.reviews) and its
# own edits (services.facts). In the admin it is view-only like a claim; its workflow
# steps are the fact list's actions, derived from the same STEPS.

FACT_FIELDS = (*REVIEW_FIELDS, "kind", "start", "end", "text", "fields", "statement")


def fact_state(fact: Fact) -> dict[str, object]:
    fact.refresh_from_db()
    return {name: getattr(fact, name) for name in FACT_FIELDS}


def fact_history_count(fact: Fact) -> int:
    return (
        Fact.history.filter(id=fact.pk)
        .exclude(history_type="+", history_change_reason="imported")
        .count()
    )


def latest_fact_history(fact_id: int):
    return Fact.history.filter(id=fact_id).order_by("-history_date", "-history_id").first()


def forged_fact_review(reviewer, editor) -> dict[str, object]:
    return {
        **forged_review(reviewer, editor),
        "kind": "figure",
        "text": "Forged.",
        "start": 0,
        "end": 7,
        "fields": "{}",
    }


@pytest.fixture
def raid_fact(db) -> Fact:
    return fact(fact_article(), "680 workers")


def test_a_reviewer_cannot_publish_a_fact_through_the_admin_change_form(
    client, raid_fact, reviewer, editor
):
    before = everything()

    response = staff(client, reviewer).post(
        f"{FACT_CHANGELIST}{raid_fact.pk}/change/", forged_fact_review(reviewer, editor)
    )

    assert response.status_code == 403
    assert everything() == before


def test_nobody_adds_or_deletes_facts_in_the_admin(client, raid_fact, admin_user):
    client = staff(client, admin_user)
    before = everything()

    assert client.get(f"{FACT_CHANGELIST}add/").status_code == 403
    assert (
        client.post(
            f"{FACT_CHANGELIST}add/", forged_fact_review(admin_user, admin_user)
        ).status_code
        == 403
    )
    assert (
        client.post(f"{FACT_CHANGELIST}{raid_fact.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    response = client.post(
        FACT_CHANGELIST,
        {"action": "delete_selected", "_selected_action": [raid_fact.pk], "post": "yes"},
    )
    assert "No action selected." in texts(response)
    assert everything() == before


def test_it_refuses_a_revert_from_the_fact_history_page(
    client, raid_fact, reviewer, second_reviewer, editor
):
    approved = fact_put_in(raid_fact, S.APPROVED, proposer=second_reviewer, approver=editor)
    old = latest_fact_history(approved.pk)
    fact_step(approved, S.PUBLISHED, editor)
    before = everything()
    client = staff(client, reviewer)

    page = client.get(f"{FACT_CHANGELIST}{raid_fact.pk}/history/{old.history_id}/")
    response = client.post(
        f"{FACT_CHANGELIST}{raid_fact.pk}/history/{old.history_id}/",
        forged_fact_review(reviewer, editor),
    )

    assert response.status_code == 403
    assert everything() == before
    assert page.status_code == 200 and "Revert" not in page.content.decode()


def test_the_claim_page_cannot_change_its_facts(client, raid_fact, admin_user, editor):
    claim = raid_fact.claim
    before = everything()
    facts = list(claim.facts.order_by("position"))
    data: dict[str, object] = {
        "facts-TOTAL_FORMS": len(facts),
        "facts-INITIAL_FORMS": len(facts),
        "facts-MIN_NUM_FORMS": 0,
        "facts-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, item in enumerate(facts):
        data |= {
            f"facts-{index}-id": item.pk,
            f"facts-{index}-claim": claim.pk,
            f"facts-{index}-status": S.PUBLISHED,
            f"facts-{index}-verdict": rating("True").pk,
            f"facts-{index}-DELETE": "on",
        }

    response = staff(client, admin_user).post(f"{CHANGELIST}{claim.pk}/change/", data)

    assert response.status_code == 403
    assert everything() == before


def test_a_rating_that_is_only_a_facts_verdict_keeps_its_name_and_value(
    client, raid_fact, second_reviewer, editor
):
    fact_verdict(raid_fact, "Half true", second_reviewer)
    scale = rating("Half true").scale

    response = staff(client, editor).post(
        f"/admin/claims/ratingscale/{scale.pk}/change/",
        _scale_form(scale, {"Half true": {"value": 5}}),
    )

    assert response.status_code == 200
    assert "“Half true” is the verdict of 1 fact: its value cannot change" in (
        response.content.decode()
    )
    assert Rating.objects.get(scale=scale, name="Half true").value == 3


def test_a_source_behind_a_published_fact_is_read_only_in_the_admin(
    client, raid_fact, reviewer, second_reviewer, second_editor
):
    evidence = reviews.evidence_add(
        fact_id=raid_fact.pk,
        by=second_reviewer,
        stance="supports",
        url="https://example.org/ice",
        title="ICE release",
    )
    fact_put_in(raid_fact, S.PUBLISHED, proposer=second_reviewer, approver=second_editor)

    response = staff(client, reviewer).post(
        f"/admin/claims/source/{evidence.source_id}/change/",
        {"url": "https://example.org/other", "title": "Something else", "_save": "Save"},
    )

    assert response.status_code == 403
    assert Source.objects.get().title == "ICE release"


def test_every_workflow_step_is_a_fact_admin_action(client, admin_user, raid_fact):
    response = staff(client, admin_user).get(FACT_CHANGELIST)

    page = response.content.decode()
    assert set(FACT_WORKFLOW_ACTIONS) == set(WORKFLOW_ACTIONS)
    for name, (_, step) in reviews.STEPS.items():
        action = FACT_WORKFLOW_ACTIONS["step_" + name.replace(" ", "_")]
        assert (action.label, action.capability, action.needs_comment) == (
            name.capitalize(),
            step.capability,
            step.needs_comment,
        )
        assert f'<option value="{action.name}">{name.capitalize()}</option>' in page
    assert "Assign to me" in page and "Unassign" in page


def test_the_fact_menu_offers_a_reviewer_only_the_steps_their_role_allows(
    client, reviewer, raid_fact
):
    page = staff(client, reviewer).get(FACT_CHANGELIST).content.decode()

    for label in ("Start review", "Submit for approval", "Dismiss", "Reopen", "Assign to me"):
        assert f">{label}</option>" in page
    for label in ("Approve", "Send back to review", "Publish", "Unassign"):
        assert f">{label}</option>" not in page


@pytest.fixture
def fact_service_calls(monkeypatch) -> list[tuple[str, dict]]:
    """Records each call of the facts' review services (which still run for real)."""
    calls: list[tuple[str, dict]] = []
    for name in ("fact_transition", "fact_assign", "claim_transition", "claim_assign"):
        real = getattr(reviews, name)

        def spy(*, _real=real, _name=name, **kwargs):
            calls.append((_name, kwargs))
            return _real(**kwargs)

        monkeypatch.setattr(reviews, name, spy)
    return calls


@pytest.mark.parametrize("case", ALLOWED, ids=lambda c: f"{c.actor}-{c.action}-from-{c.start}")
def test_a_fact_admin_action_the_matrix_allows_goes_through_the_fact_service(
    request, client, raid_fact, second_reviewer, second_editor, fact_service_calls, case
):
    actor = request.getfixturevalue(case.actor)
    fact_ = fact_put_in(raid_fact, case.start, proposer=second_reviewer, approver=second_editor)
    version, claim_before = fact_.version, state(fact_.claim)
    fact_service_calls.clear()

    response = run_action(staff(client, actor), case.action, [fact_], case.comment, FACT_CHANGELIST)

    assert response.status_code == 302
    assert fact_state(fact_)["status"] == case.status
    assert fact_.version == version + 1
    entry = latest_fact_history(fact_.pk)
    assert (entry.history_user, entry.history_change_reason) == (actor, case.reason)
    [(service, kwargs)] = fact_service_calls
    assert service in ("fact_transition", "fact_assign")
    assert (kwargs["fact_id"], kwargs["by"], kwargs["expected_version"]) == (
        fact_.pk,
        actor,
        version,
    )
    assert texts(response)[-1] == f"{FACT_WORKFLOW_ACTIONS[case.action].label}: 1 fact done."
    # The fact's step is the fact's: its claim's review is untouched.
    assert state(fact_.claim) == claim_before
    if case.comment:
        assert Comment.objects.filter(fact=fact_, text__contains=case.comment).exists()


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: f"{c.actor}-{c.action}-from-{c.start}")
def test_a_fact_admin_action_the_workflow_refuses_changes_nothing_and_says_why(
    request, client, raid_fact, second_reviewer, second_editor, case
):
    actor = request.getfixturevalue(case.actor)
    fact_ = fact_put_in(raid_fact, case.start, proposer=second_reviewer, approver=second_editor)
    if case.assignee:
        fact_ = reviews.fact_assign(
            fact_id=fact_.pk, assignee=request.getfixturevalue(case.assignee), by=second_editor
        )
    before = everything()
    client = staff(client, actor)

    offered = f'value="{case.action}"' in client.get(FACT_CHANGELIST).content.decode()
    if offered:
        response = run_action(client, case.action, [fact_], case.comment, FACT_CHANGELIST)
    else:
        response = confirm(
            client, case.action, {fact_.pk: fact_.version}, case.comment, url=FACT_CHANGELIST
        )

    assert response.status_code == 302
    assert everything() == before
    [message] = texts(response)
    assert message.startswith(f"Fact {fact_.pk} (figure “680 workers”): ")
    assert case.reason.replace("claim", "fact") in message


def test_an_editor_cannot_approve_a_fact_verdict_they_proposed_in_the_admin(
    client, raid_fact, second_editor
):
    fact_ = fact_put_in(
        raid_fact, S.AWAITING_APPROVAL, proposer=second_editor, approver=second_editor
    )
    before = everything()

    response = run_action(
        staff(client, second_editor), "step_approve", [fact_], url=FACT_CHANGELIST
    )

    assert everything() == before
    assert any("another editor must approve it" in text for text in texts(response))


def test_a_stale_fact_confirmation_is_refused_with_what_changed_meanwhile(
    client, raid_fact, reviewer, editor, second_editor
):
    fact_ = fact_put_in(raid_fact, S.AWAITING_APPROVAL, proposer=reviewer, approver=editor)
    seen = fact_.version
    client = staff(client, editor)
    page = client.post(FACT_CHANGELIST, {"action": "step_approve", "_selected_action": [fact_.pk]})
    assert f'name="version_{fact_.pk}" value="{seen}"' in page.content.decode()
    assert "Approve: 1 fact" in page.content.decode()
    # Meanwhile, another editor sends it back.
    fact_step(fact_, S.IN_REVIEW, second_editor, comment="Which raid?")
    before = everything()

    response = confirm(client, "step_approve", {fact_.pk: seen}, url=FACT_CHANGELIST)

    assert everything() == before
    [message] = texts(response)
    assert "Someone else changed this fact" in message
    assert "eddie: send back to review: Which raid?" in message


def test_a_forged_selection_that_is_no_fact_number_changes_nothing(client, raid_fact, reviewer):
    client = staff(client, reviewer)
    client.raise_request_exception = False
    before = everything()

    response = client.post(
        FACT_CHANGELIST,
        {"action": "step_dismiss", "post": "yes", "_selected_action": [raid_fact.pk, "1 OR 1=1"]},
    )

    assert response.status_code == 302
    assert everything() == before
    assert texts(response) == [
        "The selection names something that is not a fact; nothing was changed."
    ]


def test_a_fact_confirmation_without_the_versions_seen_changes_nothing(client, raid_fact, reviewer):
    before = everything()

    response = staff(client, reviewer).post(
        FACT_CHANGELIST,
        {"action": "step_dismiss", "post": "yes", "_selected_action": [raid_fact.pk]},
    )

    assert everything() == before
    [message] = texts(response)
    assert "did not say which version you saw" in message


def test_an_outsider_gets_no_fact_admin_at_all(client, raid_fact, outsider):
    client = staff(client, outsider)
    before = everything()

    assert client.get(FACT_CHANGELIST).status_code == 403
    assert client.get(f"{FACT_CHANGELIST}{raid_fact.pk}/change/").status_code == 403
    response = confirm(client, "step_dismiss", {raid_fact.pk: 1}, url=FACT_CHANGELIST)

    assert response.status_code == 403
    assert everything() == before


# --- every fact write path, for every member of the cast ------------------------------


@dataclass(frozen=True)
class FactWritePath:
    name: str
    # What claims/permissions.py requires; None: refused to everyone (not a write path).
    capability: Capability | None
    start: str  # the fact's status before (reached through the services)
    # (user, the fact "680 workers") -> an HTTP response, or what the service returned.
    write: Callable[[object, Fact], object]
    # "fact": a review write of this fact (version + 1, a history row); "added": a new
    # fact; "deleted": the fact gone; "evidence", "comment": an append-only row.
    writes: str = "fact"


def _fact_admin_action(action: str, comment: str = ""):
    def write(user, fact_):
        return confirm(_web(user), action, {fact_.pk: fact_.version}, comment, url=FACT_CHANGELIST)

    return write


def _fact_admin_change_form(user, fact_):
    return _web(user).post(
        f"{FACT_CHANGELIST}{fact_.pk}/change/", forged_fact_review(fact_.verdict_by or user, user)
    )


def _fact_admin_history_revert(user, fact_):
    first = Fact.history.filter(id=fact_.pk).order_by("history_date").first()
    return _web(user).post(
        f"{FACT_CHANGELIST}{fact_.pk}/history/{first.history_id}/",
        {"status": S.NEW, "rationale": "", "_save": "Save"},
    )


def _with(article_words: str):
    """The fact of the same claim that reads `article_words`."""
    return lambda fact_: Fact.objects.get(claim_id=fact_.claim_id, text=article_words)


def _service(call: Callable[[object, Fact], object]):
    """A service called as the person (as the workbench and the API call it)."""

    def write(user, fact_):
        try:
            return call(user, fact_)
        except reviews.ReviewError as exc:
            return exc

    return write


FACT_WRITE_PATHS = [
    # The admin: the change form and the revert are no write path for anyone.
    FactWritePath("admin fact change form", None, S.IN_REVIEW, _fact_admin_change_form),
    FactWritePath("admin fact history revert", None, S.PUBLISHED, _fact_admin_history_revert),
    FactWritePath(
        "admin fact: start review", REVIEW, S.NEW, _fact_admin_action("step_start_review")
    ),
    FactWritePath("admin fact: assign to me", REVIEW, S.NEW, _fact_admin_action("assign_to_me")),
    FactWritePath("admin fact: unassign", APPROVE, S.IN_REVIEW, _fact_admin_action("unassign")),
    FactWritePath("admin fact: dismiss", REVIEW, S.IN_REVIEW, _fact_admin_action("step_dismiss")),
    FactWritePath("admin fact: reopen", REVIEW, S.DISMISSED, _fact_admin_action("step_reopen")),
    FactWritePath(
        "admin fact: submit for approval",
        REVIEW,
        S.IN_REVIEW,
        _fact_admin_action("step_submit_for_approval"),
    ),
    FactWritePath(
        "admin fact: approve", APPROVE, S.AWAITING_APPROVAL, _fact_admin_action("step_approve")
    ),
    FactWritePath(
        "admin fact: send back to review",
        APPROVE,
        S.AWAITING_APPROVAL,
        _fact_admin_action("step_send_back_to_review", "Which raid?"),
    ),
    FactWritePath("admin fact: publish", PUBLISH, S.APPROVED, _fact_admin_action("step_publish")),
    FactWritePath(
        "admin fact: unpublish",
        PUBLISH,
        S.PUBLISHED,
        _fact_admin_action("step_unpublish", "The release was corrected."),
    ),
    # The services, called as the person (the workbench's and the API's fact views adapt
    # these; their paths belong in this table as they arrive).
    FactWritePath(
        "service fact verdict",
        REVIEW,
        S.NEW,
        _service(
            lambda user, f: reviews.fact_verdict_record(
                fact_id=f.pk,
                rating=rating("True"),
                rationale="ICE's release.",
                by=user,
                expected_version=f.version,
            )
        ),
    ),
    FactWritePath(
        "service fact assign",
        REVIEW,
        S.NEW,
        _service(lambda user, f: reviews.fact_assign(fact_id=f.pk, assignee=user, by=user)),
    ),
    FactWritePath(
        "service fact dismiss",
        REVIEW,
        S.IN_REVIEW,
        _service(
            lambda user, f: reviews.fact_transition(
                fact_id=f.pk, to_status=S.DISMISSED, by=user, expected_version=f.version
            )
        ),
    ),
    FactWritePath(
        "service fact approve",
        APPROVE,
        S.AWAITING_APPROVAL,
        _service(
            lambda user, f: reviews.fact_transition(
                fact_id=f.pk, to_status=S.APPROVED, by=user, expected_version=f.version
            )
        ),
    ),
    FactWritePath(
        "service fact publish",
        PUBLISH,
        S.APPROVED,
        _service(
            lambda user, f: reviews.fact_transition(
                fact_id=f.pk, to_status=S.PUBLISHED, by=user, expected_version=f.version
            )
        ),
    ),
    FactWritePath(
        "service fact add",
        REVIEW,
        S.NEW,
        _service(
            lambda user, f: fact_services.fact_add(
                claim_id=f.claim_id,
                start=f.claim.start,
                end=f.claim.start + len("Agents"),
                kind="list",
                by=user,
            )
        ),
        writes="added",
    ),
    FactWritePath(
        "service fact correct",
        REVIEW,
        S.IN_REVIEW,
        _service(
            lambda user, f: fact_services.fact_correct(
                fact_id=f.pk, by=user, expected_version=f.version, fields={"value": 690}
            )
        ),
    ),
    FactWritePath(
        "service fact split",
        REVIEW,
        S.NEW,
        _service(
            lambda user, f: fact_services.fact_split(
                fact_id=f.pk, at=f.start + len("680"), by=user, expected_version=f.version
            )
        ),
    ),
    FactWritePath(
        "service fact merge",
        REVIEW,
        S.IN_REVIEW,
        _service(
            lambda user, f: fact_services.fact_merge(
                fact_id=f.pk,
                other_id=_with("30 managers")(f).pk,
                by=user,
                expected_version=f.version,
                other_expected_version=_with("30 managers")(f).version,
            )
        ),
    ),
    FactWritePath(
        "service fact delete",
        REVIEW,
        S.IN_REVIEW,
        _service(
            lambda user, f: fact_services.fact_delete(
                fact_id=f.pk, by=user, expected_version=f.version
            )
        ),
        writes="deleted",
    ),
    FactWritePath(
        "service fact evidence",
        REVIEW,
        S.IN_REVIEW,
        _service(
            lambda user, f: reviews.evidence_add(
                fact_id=f.pk, by=user, stance="supports", url="https://example.org/ice"
            )
        ),
        writes="evidence",
    ),
    FactWritePath(
        "service fact comment",
        REVIEW,
        S.PUBLISHED,
        _service(lambda user, f: reviews.comment_add(fact_id=f.pk, by=user, text="Follow up.")),
        writes="comment",
    ),
]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("path", FACT_WRITE_PATHS, ids=lambda p: p.name.replace(" ", "-"))
def test_every_fact_write_path_refuses_what_the_matrix_refuses_and_records_what_it_allows(
    request, raid_fact, second_reviewer, second_editor, path, who
):
    user = request.getfixturevalue(who)
    fact_ = fact_put_in(raid_fact, path.start, proposer=second_reviewer, approver=second_editor)
    before, snapshot = fact_state(fact_), everything()
    entries, facts = fact_history_count(fact_), Fact.objects.count()
    rows = {"evidence": Evidence.objects.count(), "comment": Comment.objects.count()}

    outcome = path.write(user, fact_)

    allowed = path.capability is not None and can(user, path.capability)
    status = getattr(outcome, "status_code", None)
    assert status is None or status < 500
    if not allowed:
        assert everything() == snapshot, f"{path.name} by {who} wrote something"
        if isinstance(outcome, Exception):
            assert isinstance(outcome, reviews.ReviewNotAllowed), outcome
            assert "You do not have the role to" in str(outcome)
        return
    assert not isinstance(outcome, Exception), f"{path.name} by {who}: {outcome}"
    if status is not None:
        assert not [t for t in texts(outcome) if "done." not in t], texts(outcome)
    if path.writes == "fact":
        after = fact_state(fact_)
        assert after != before, f"{path.name} by {who} did nothing"
        assert after["version"] == before["version"] + 1
        assert fact_history_count(fact_) == entries + 1
        entry = latest_fact_history(fact_.pk)
        assert entry.history_user == user
        assert entry.history_change_reason
    elif path.writes == "added":
        assert Fact.objects.count() == facts + 1
        added = Fact.objects.latest("pk")
        entry = latest_fact_history(added.pk)
        assert (entry.history_type, entry.history_user) == ("+", user)
    elif path.writes == "deleted":
        assert not Fact.objects.filter(pk=fact_.pk).exists()
        entry = latest_fact_history(fact_.pk)
        assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
            "-",
            user,
            "deleted",
        )
    else:
        model = Evidence if path.writes == "evidence" else Comment
        assert model.objects.count() == rows[path.writes] + 1
        row = model.objects.latest("pk")
        assert (row.fact_id, row.history.get().history_user) == (fact_.pk, user)
        # Append-only: no lost update to guard, so the fact's version stays.
        assert fact_state(fact_) == before


def test_the_fact_walk_covers_every_workflow_step_and_every_fact_edit():
    steps = {name for name in reviews.STEPS}
    walked = {
        p.name.removeprefix("admin fact: ")
        for p in FACT_WRITE_PATHS
        if p.name.startswith("admin fact: ")
    }
    assert walked == steps | {"assign to me", "unassign"}
    edits = {
        name.removeprefix("fact_")
        for name, value in vars(fact_services).items()
        if name.startswith("fact_")
        and callable(value)
        and getattr(value, "__module__", "") == fact_services.__name__
    }
    assert edits == {"add", "split", "merge", "correct", "delete"}
    for edit in edits:
        assert any(p.name == f"service fact {edit}" for p in FACT_WRITE_PATHS)
    assert {p.capability for p in FACT_WRITE_PATHS} == {None, REVIEW, APPROVE, PUBLISH}
