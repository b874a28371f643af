"""The API's workflow actions come from services.reviews.TRANSITIONS, the one definition
of the workflow: its steps, their capabilities and the statuses they start from."""

from __future__ import annotations

import pytest
import yaml
from django.test import Client
from django.urls import resolve

from claims.api.views.claims import ClaimViewSet
from claims.api.workflow import SHORT_NAMES, action_name, allowed_actions, step_actions
from claims.models import Claim, ClaimStatus
from claims.permissions import Capability
from claims.services import reviews

pytestmark = pytest.mark.django_db
S = ClaimStatus


def post(client, claim_id: int, action: str, version: int, data: dict | None = None):
    return client.post(
        f"/api/claims/{claim_id}/{action}/", data or {}, format="json", HTTP_IF_MATCH=f'"{version}"'
    )


def test_every_step_of_the_workflow_is_an_action_needing_its_capability():
    steps = {action_name(name): step for name, (_, step) in reviews.STEPS.items()}

    assert set(step_actions()) == set(steps)
    assert {"submit", "reject", "start_review"} <= set(steps)
    for name, step in steps.items():
        assert ClaimViewSet.required_capabilities[name] == step.capability, name
        assert resolve(f"/api/claims/1/{name}/").func.actions == {"post": name}


def test_the_short_names_name_steps_of_the_workflow():
    # A step renamed in the services would otherwise quietly lose its API name.
    assert set(SHORT_NAMES) <= set(reviews.STEPS)


def test_the_schema_documents_each_step_with_its_capability_and_comment_rule():
    schema = yaml.safe_load(Client().get("/api/schema/").content)

    for name, step in step_actions().items():
        operation = schema["paths"][f"/api/claims/{{id}}/{name}/"]["post"]
        assert operation["x-required-capability"] == step.capability.name.lower(), name
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        expected = "RejectInputRequest" if step.needs_comment else "TransitionInputRequest"
        assert body.endswith(expected), name
        for status in step.from_statuses:
            assert S(status).label.lower() in operation["description"], (name, status)


def test_a_new_claim_offers_the_steps_that_start_from_new(as_reviewer, claim):
    body = as_reviewer.get(f"/api/claims/{claim.pk}/").json()

    assert body["transitions"] == ["dismiss", "start_review"]
    assert allowed_actions(S.IN_REVIEW) == ["dismiss", "submit"]


def test_start_review_moves_a_new_claim_to_review_without_assigning_it(as_reviewer, claim):
    response = post(as_reviewer, claim.pk, "start_review", 1)

    assert response.status_code == 200, response.json()
    saved = Claim.objects.get(pk=claim.pk)
    assert (saved.status, saved.assignee, saved.version) == (S.IN_REVIEW, None, 2)
    assert response.json()["transitions"] == ["dismiss", "submit"]


def test_an_action_takes_only_its_own_step_even_to_the_same_status(as_editor, claim):
    # "reject" (send back to review) and "start review" both lead to in_review.
    response = post(as_editor, claim.pk, "reject", 1, {"comment": "Why not."})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "transition_refused"
    assert "does not apply to a claim that is new" in response.json()["error"]["message"]
    assert Claim.objects.get(pk=claim.pk).status == S.NEW


def test_a_step_added_to_the_workflow_is_offered_and_taken(monkeypatch, as_reviewer, claim):
    assert post(as_reviewer, claim.pk, "dismiss", 1).status_code == 200
    monkeypatch.setitem(
        reviews.TRANSITIONS,
        (S.DISMISSED, S.IN_REVIEW),
        reviews.Transition("start review", Capability.REVIEW),
    )

    offered = as_reviewer.get(f"/api/claims/{claim.pk}/").json()["transitions"]
    response = post(as_reviewer, claim.pk, "start_review", 2)

    assert offered == ["reopen", "start_review"]
    assert response.status_code == 200, response.json()
    assert Claim.objects.get(pk=claim.pk).status == S.IN_REVIEW


def test_a_step_removed_from_the_workflow_is_neither_offered_nor_taken(
    monkeypatch, as_reviewer, claim
):
    monkeypatch.delitem(reviews.TRANSITIONS, (S.NEW, S.DISMISSED))

    offered = as_reviewer.get(f"/api/claims/{claim.pk}/").json()["transitions"]
    response = post(as_reviewer, claim.pk, "dismiss", 1)

    assert offered == ["start_review"]
    assert response.status_code == 409
    assert Claim.objects.get(pk=claim.pk).status == S.NEW
