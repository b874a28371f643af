"""The UI's role rules (claims.permissions) for API views.

Every view names the capability each of its actions needs in `required_capabilities`
({action or HTTP method: Capability}); unnamed reads need VIEW, unnamed writes REVIEW.
Anonymous requests get 401, a signed-in user without any workbench role 403 everywhere,
a role without the capability 403. Finer rules (the second-person rule on approval,
who may assign to whom) stay in the services and come back as their domain errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission

from claims.permissions import Capability, can

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.request import Request
    from rest_framework.views import APIView


def required_capability(view: APIView, method: str) -> Capability:
    """What `method` on `view` (its current action, for viewsets) needs. The OpenAPI
    schema asks the same question to document each operation's 403."""
    table: dict[str, Capability] = getattr(view, "required_capabilities", {})
    action = getattr(view, "action", None)
    if action and action in table:
        return table[action]
    if method in table:
        return table[method]
    return Capability.VIEW if method in SAFE_METHODS else Capability.REVIEW


class HasCapability(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            # DRF checks permissions before throttles: without this, anonymous requests
            # (token guessing included) would never be throttled. They stop here, so
            # the view's own throttle check never counts them twice.
            view.check_throttles(request)
            raise exceptions.NotAuthenticated()
        if not can(user, Capability.VIEW):
            raise exceptions.PermissionDenied(
                "Your account has no role on the workbench; ask an editor for one."
            )
        capability = required_capability(view, request.method)
        if not can(user, capability):
            raise exceptions.PermissionDenied(
                f"Your role does not allow this ({capability.name.lower()} is needed)."
            )
        return True
