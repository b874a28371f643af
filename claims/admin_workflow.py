"""The review workflow as admin actions on the claim list: each one calls claims/services.

The actions are derived from services.reviews.STEPS (itself derived from TRANSITIONS, the
one definition of the workflow), plus "assign to me" and "unassign" (services.reviews.
claim_assign). An action first shows a confirmation page listing the selected claims as
they are now; the page carries the version of each claim the person saw, so a claim
changed by someone else before the confirmation is refused as stale, as on the workbench
and in the API. The service is called once per claim with the acting user; every refusal
(role, workflow state, stale version) becomes one admin message naming the claim, and
nothing about that claim changes.

The menu leaves out the steps the person's role lacks (as the workbench hides its
buttons), but a POST naming one still reaches the service, which refuses it with its own
reason: the services decide, the menu only spares people steps that would be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin import ModelAdmin, helpers
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from claims.models import Claim
from claims.permissions import Capability, can
from claims.services import reviews

# One request calls the service once per claim; larger sets belong to the queue's bulk
# actions, which report the same refusals.
MAX_SELECTED = 200
CONFIRMATION_TEMPLATE = "admin/claims/claim/workflow_confirmation.html"


@dataclass(frozen=True)
class WorkflowAction:
    name: str  # the admin action's name, POSTed as "action"
    label: str
    # Only decides whether the menu offers the action; the service checks the role.
    capability: Capability
    run: Callable[..., Claim]
    takes_comment: bool = False
    needs_comment: bool = False


def _transition(step_name: str, to_status: str) -> Callable[..., Claim]:
    def run(*, claim_id: int, by: AbstractBaseUser, expected_version: int, comment: str) -> Claim:
        return reviews.claim_transition(
            claim_id=claim_id,
            to_status=to_status,
            by=by,
            expected_version=expected_version,
            comment=comment,
            step_name=step_name,
        )

    return run


def _assign(*, to_me: bool) -> Callable[..., Claim]:
    def run(*, claim_id: int, by: AbstractBaseUser, expected_version: int, comment: str) -> Claim:
        return reviews.claim_assign(
            claim_id=claim_id,
            assignee=by if to_me else None,
            by=by,
            expected_version=expected_version,
        )

    return run


WORKFLOW_ACTIONS: dict[str, WorkflowAction] = {
    action.name: action
    for action in (
        WorkflowAction("assign_to_me", "Assign to me", Capability.REVIEW, _assign(to_me=True)),
        # Taking a claim away from its assignee is an editor's call (claim_assign).
        WorkflowAction("unassign", "Unassign", Capability.APPROVE, _assign(to_me=False)),
        *(
            WorkflowAction(
                "step_" + name.replace(" ", "_"),
                name.capitalize(),
                step.capability,
                _transition(name, to_status),
                takes_comment=True,
                needs_comment=step.needs_comment,
            )
            for name, (to_status, step) in reviews.STEPS.items()
        ),
    )
}


def offered(request: HttpRequest, action: WorkflowAction) -> bool:
    return can(request.user, action.capability)


def claim_label(claim: Claim) -> str:
    text = claim.text if len(claim.text) <= 60 else claim.text[:57] + "…"
    return f"Claim {claim.pk} (“{text}”)"


def run_workflow_action(
    model_admin: ModelAdmin, request: HttpRequest, queryset: QuerySet[Claim], action: str
) -> HttpResponse | None:
    """The admin action: the confirmation page, then one service call per claim."""
    workflow = WORKFLOW_ACTIONS[action]
    claims = list(
        queryset.select_related("article", "verdict", "assignee").order_by("pk")[: MAX_SELECTED + 1]
    )
    if len(claims) > MAX_SELECTED:
        model_admin.message_user(
            request,
            f"More than {MAX_SELECTED} claims are selected; nothing was changed. Select "
            f"fewer, or use the claim queue's bulk actions.",
            level=messages.WARNING,
        )
        return None
    confirmed = request.POST.get("post") == "yes"
    if not confirmed and offered(request, workflow):
        return _confirmation(model_admin, request, claims, workflow)
    if confirmed:
        seen = {claim.pk: _version(request, claim.pk) for claim in claims}
    else:
        # Not offered to this role, yet posted: the service refuses it with its reason.
        seen = {claim.pk: claim.version for claim in claims}
    comment = request.POST.get("comment", "") if workflow.takes_comment else ""
    done = 0
    for claim in claims:
        version = seen[claim.pk]
        if version is None:
            _refused(
                model_admin,
                request,
                claim,
                "the confirmation did not say which version you saw; nothing was changed.",
            )
            continue
        try:
            workflow.run(
                claim_id=claim.pk, by=request.user, expected_version=version, comment=comment
            )
        except reviews.StaleClaim as exc:
            _refused(model_admin, request, claim, f"{exc} {_meanwhile(exc)}")
        except reviews.ReviewError as exc:
            _refused(model_admin, request, claim, str(exc))
        except Claim.DoesNotExist:
            _refused(model_admin, request, claim, "it no longer exists.")
        else:
            done += 1
    if done:
        model_admin.message_user(
            request,
            f"{workflow.label}: "
            + ngettext("%(n)d claim done.", "%(n)d claims done.", done) % {"n": done},
            level=messages.SUCCESS,
        )
    return None


def _version(request: HttpRequest, claim_id: int) -> int | None:
    raw = request.POST.get(f"version_{claim_id}", "")
    # As in the API's If-Match: no version has more digits than this.
    return int(raw) if raw.isdigit() and len(raw) <= 12 else None


def _refused(model_admin: ModelAdmin, request: HttpRequest, claim: Claim, reason: str) -> None:
    model_admin.message_user(request, f"{claim_label(claim)}: {reason}", level=messages.ERROR)


def _meanwhile(exc: reviews.StaleClaim) -> str:
    if not exc.changes:
        return ""
    return "Meanwhile: " + "; ".join(f"{c.who}: {c.reason or 'changed'}" for c in exc.changes) + "."


def _confirmation(
    model_admin: ModelAdmin, request: HttpRequest, claims: list[Claim], workflow: WorkflowAction
) -> TemplateResponse:
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{workflow.label}: "
        + ngettext("%(n)d claim", "%(n)d claims", len(claims)) % {"n": len(claims)},
        "opts": opts,
        "workflow": workflow,
        "claims": claims,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, CONFIRMATION_TEMPLATE, context)
