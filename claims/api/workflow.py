"""The review workflow's steps as API actions, derived from services.reviews.

services.reviews.TRANSITIONS is the one definition of the workflow (claims and facts
share it); the API adds nothing to it but a URL segment for each step. Every step of
reviews.STEPS becomes a POST action (`/api/claims/{id}/<action>/`, and the same on
facts), and from the same definition come:

- the capability each action needs (the permission class answers 403 before any service
  runs, and the OpenAPI schema documents it);
- its request body: a comment, required when the step needs one;
- the actions a claim's (or fact's) status allows, listed in its detail;
- the check that the step applies from the current status: the service's own
  (`step_name`), so "reject" never starts the review of a new claim although both lead
  to in_review.

A new step or state in TRANSITIONS reaches the API without touching this package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.inputs import RejectInput, TransitionInput
from claims.api.views.base import body
from claims.permissions import Capability
from claims.services import reviews

# The API's first names for two steps whose service names are phrases; every other step
# is named by its service name with "_" for spaces ("start review": start_review).
SHORT_NAMES = {"submit for approval": "submit", "send back to review": "reject"}


def action_name(step_name: str) -> str:
    return SHORT_NAMES.get(step_name) or step_name.replace(" ", "_")


@dataclass(frozen=True)
class StepAction:
    name: str  # the viewset action and URL segment
    step_name: str  # the key of reviews.STEPS, passed to the service as step_name
    to_status: str
    capability: Capability
    needs_comment: bool
    from_statuses: tuple[str, ...]


def step_actions() -> dict[str, StepAction]:
    """Every step of the workflow as an API action, in workflow order."""
    actions: dict[str, StepAction] = {}
    for step_name, (to_status, step) in reviews.STEPS.items():
        name = action_name(step_name)
        actions[name] = StepAction(
            name=name,
            step_name=step_name,
            to_status=to_status,
            capability=step.capability,
            needs_comment=step.needs_comment,
            from_statuses=tuple(
                frm for (frm, _), t in reviews.TRANSITIONS.items() if t.name == step_name
            ),
        )
    return actions


def allowed_actions(status: str) -> list[str]:
    """The step actions the workflow allows from `status` (whoever asks), sorted."""
    return sorted({action_name(step.name) for _, step in reviews.transitions_from(status)})


def step_comment(request: Request, step: StepAction) -> str:
    """The body of a step: {"comment": ...}, required when the step needs one."""
    data = body(RejectInput if step.needs_comment else TransitionInput, request).validated_data
    return data.get("comment", "")


def _step_method(step: StepAction) -> Callable[..., Response]:
    def run(self: Any, request: Request, pk: str) -> Response:
        return self.workflow_step(request, pk, step)

    run.__name__ = run.__qualname__ = step.name
    run.__doc__ = f"Workflow step “{step.step_name}”."
    return run


def with_workflow_steps(
    describe: Callable[[StepAction], Callable[[Any], Any]],
) -> Callable[[type], type]:
    """A class decorator: one POST action per workflow step on the viewset, each needing
    its step's capability and documented by `describe(step)` (an extend_schema). The
    viewset defines `workflow_step(request, pk, step)`, which calls the service."""

    def decorate(cls: type) -> type:
        steps = step_actions()
        for step in steps.values():
            if hasattr(cls, step.name):
                raise TypeError(
                    f"The workflow step “{step.step_name}” would be the action {step.name!r}, "
                    f"which {cls.__name__} already has; give the step another name."
                )
            method = action(detail=True, methods=["post"])(_step_method(step))
            setattr(cls, step.name, describe(step)(method))
        cls.required_capabilities = {  # type: ignore[attr-defined]
            **getattr(cls, "required_capabilities", {}),
            **{step.name: step.capability for step in steps.values()},
        }
        return cls

    return decorate
