"""The review workflow as admin actions on the claim list and the fact list: each one
calls claims/services.

The actions are derived from services.reviews.STEPS (itself derived from TRANSITIONS, the
one definition of the workflow, which claims and facts share), plus "assign to me" and
"unassign" (services.reviews.claim_assign / fact_assign). WORKFLOW_ACTIONS are the
claims', FACT_WORKFLOW_ACTIONS the facts': the same steps, calling claim_transition or
fact_transition. An action first shows a confirmation page listing the selected records
as they are now; the page carries the version of each one the person saw, so a record
changed by someone else before the confirmation is refused as stale, as on the workbench
and in the API. The service is called once per record with the acting user; every refusal
(role, workflow state, stale version) becomes one admin message naming the record, and
nothing about that record changes.

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

from claims.models import Claim, Fact
from claims.permissions import Capability, can
from claims.services import reviews

# One request calls the service once per record; larger sets of claims belong to the
# queue's bulk actions, which report the same refusals.
MAX_SELECTED = 200
CONFIRMATION_TEMPLATE = "admin/claims/{model}/workflow_confirmation.html"
Record = Claim | Fact


@dataclass(frozen=True)
class WorkflowAction:
    name: str  # the admin action's name, POSTed as "action"
    label: str
    # Only decides whether the menu offers the action; the service checks the role.
    capability: Capability
    # (*, record_id, by, expected_version, comment) -> the record as saved.
    run: Callable[..., Record]
    takes_comment: bool = False
    needs_comment: bool = False


def _transition(kind: str, step_name: str, to_status: str) -> Callable[..., Record]:
    def run(*, record_id: int, by: AbstractBaseUser, expected_version: int, comment: str):
        # Looked up when called: reviews.claim_transition or reviews.fact_transition.
        return getattr(reviews, f"{kind}_transition")(
            **{f"{kind}_id": record_id},
            to_status=to_status,
            by=by,
            expected_version=expected_version,
            comment=comment,
            step_name=step_name,
        )

    return run


def _assign(kind: str, *, to_me: bool) -> Callable[..., Record]:
    def run(*, record_id: int, by: AbstractBaseUser, expected_version: int, comment: str):
        return getattr(reviews, f"{kind}_assign")(
            **{f"{kind}_id": record_id},
            assignee=by if to_me else None,
            by=by,
            expected_version=expected_version,
        )

    return run


def _workflow_actions(kind: str) -> dict[str, WorkflowAction]:
    """The actions for `kind` ("claim" or "fact"), from the one workflow definition."""
    return {
        action.name: action
        for action in (
            WorkflowAction(
                "assign_to_me", "Assign to me", Capability.REVIEW, _assign(kind, to_me=True)
            ),
            # Taking a record away from its assignee is an editor's call (claim_assign).
            WorkflowAction("unassign", "Unassign", Capability.APPROVE, _assign(kind, to_me=False)),
            *(
                WorkflowAction(
                    "step_" + name.replace(" ", "_"),
                    name.capitalize(),
                    step.capability,
                    _transition(kind, name, to_status),
                    takes_comment=True,
                    needs_comment=step.needs_comment,
                )
                for name, (to_status, step) in reviews.STEPS.items()
            ),
        )
    }


WORKFLOW_ACTIONS = _workflow_actions("claim")
FACT_WORKFLOW_ACTIONS = _workflow_actions("fact")
ACTIONS: dict[type, dict[str, WorkflowAction]] = {
    Claim: WORKFLOW_ACTIONS,
    Fact: FACT_WORKFLOW_ACTIONS,
}
# What the confirmation page and the labels show of each record.
RELATED = {Claim: ("article", "verdict", "assignee"), Fact: ("claim", "verdict", "assignee")}


def offered(request: HttpRequest, action: WorkflowAction) -> bool:
    return can(request.user, action.capability)


def claim_label(claim: Claim) -> str:
    text = claim.text if len(claim.text) <= 60 else claim.text[:57] + "…"
    return f"Claim {claim.pk} (“{text}”)"


def record_label(record: Record) -> str:
    if isinstance(record, Fact):
        text = record.text if len(record.text) <= 60 else record.text[:57] + "…"
        return f"Fact {record.pk} ({record.get_kind_display().lower()} “{text}”)"
    return claim_label(record)


def run_workflow_action(
    model_admin: ModelAdmin, request: HttpRequest, queryset: QuerySet[Record], action: str
) -> HttpResponse | None:
    """The admin action: the confirmation page, then one service call per record."""
    model = model_admin.model
    workflow = ACTIONS[model][action]
    opts = model._meta
    records = list(queryset.select_related(*RELATED[model]).order_by("pk")[: MAX_SELECTED + 1])
    if len(records) > MAX_SELECTED:
        hint = " Select fewer, or use the claim queue's bulk actions." if model is Claim else ""
        model_admin.message_user(
            request,
            f"More than {MAX_SELECTED} {opts.verbose_name_plural} are selected; nothing was "
            f"changed.{hint or ' Select fewer.'}",
            level=messages.WARNING,
        )
        return None
    confirmed = request.POST.get("post") == "yes"
    if not confirmed and offered(request, workflow):
        return _confirmation(model_admin, request, records, workflow)
    if confirmed:
        seen = {record.pk: _version(request, record.pk) for record in records}
    else:
        # Not offered to this role, yet posted: the service refuses it with its reason.
        seen = {record.pk: record.version for record in records}
    comment = request.POST.get("comment", "") if workflow.takes_comment else ""
    done = 0
    for record in records:
        version = seen[record.pk]
        if version is None:
            _refused(
                model_admin,
                request,
                record,
                "the confirmation did not say which version you saw; nothing was changed.",
            )
            continue
        try:
            workflow.run(
                record_id=record.pk, by=request.user, expected_version=version, comment=comment
            )
        except reviews.StaleClaim as exc:
            _refused(model_admin, request, record, f"{exc} {_meanwhile(exc)}")
        except reviews.ReviewError as exc:
            _refused(model_admin, request, record, str(exc))
        except model.DoesNotExist:
            _refused(model_admin, request, record, "it no longer exists.")
        else:
            done += 1
    if done:
        noun = opts.verbose_name if done == 1 else opts.verbose_name_plural
        model_admin.message_user(
            request, f"{workflow.label}: {done} {noun} done.", level=messages.SUCCESS
        )
    return None


def _version(request: HttpRequest, claim_id: int) -> int | None:
    raw = request.POST.get(f"version_{claim_id}", "")
    # As in the API's If-Match: no version has more digits than this.
    return int(raw) if raw.isdigit() and len(raw) <= 12 else None


def _refused(model_admin: ModelAdmin, request: HttpRequest, record: Record, reason: str) -> None:
    model_admin.message_user(request, f"{record_label(record)}: {reason}", level=messages.ERROR)


def _meanwhile(exc: reviews.StaleClaim) -> str:
    if not exc.changes:
        return ""
    return "Meanwhile: " + "; ".join(f"{c.who}: {c.reason or 'changed'}" for c in exc.changes) + "."


def _confirmation(
    model_admin: ModelAdmin, request: HttpRequest, records: list[Record], workflow: WorkflowAction
) -> TemplateResponse:
    opts = model_admin.model._meta
    plural = opts.verbose_name if len(records) == 1 else opts.verbose_name_plural
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{workflow.label}: {len(records)} {plural}",
        "opts": opts,
        "workflow": workflow,
        "records": records,
        # The claims' page names them "claims".
        str(opts.verbose_name_plural): records,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, CONFIRMATION_TEMPLATE.format(model=opts.model_name), context)
