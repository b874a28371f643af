"""Who may do what on the review workbench.

Roles are the Reviewer and Editor groups (data migrations 0002 and 0003); a superuser is
the admin and may do everything. Code asks for a capability, never for a group name, so
a desk can hand out single permissions in the admin.

| capability        | permission               | reviewer | editor | admin |
|-------------------|--------------------------|:--------:|:------:|:-----:|
| see the workbench | claims.view_claim        |    x     |   x    |   x   |
| import articles   | claims.add_importjob     |    x     |   x    |   x   |
| assign to me, annotate, evidence, propose a verdict, submit, dismiss, comment
|                   | claims.change_claim      |    x     |   x    |   x   |
| assign to others  | claims.approve_claim     |          |   x    |   x   |
| approve / reject  | claims.approve_claim     |          |   x    |   x   |
| publish, unpublish| claims.publish_claim     |          |   x    |   x   |
| rating scales     | claims.change_ratingscale|          |   x    |   x   |
| exports           | claims.add_exportjob     |          |   x    |   x   |

Nobody approves a verdict they proposed (enforced in services.reviews).
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Capability(StrEnum):
    VIEW = "claims.view_claim"
    IMPORT = "claims.add_importjob"
    REVIEW = "claims.change_claim"
    APPROVE = "claims.approve_claim"
    PUBLISH = "claims.publish_claim"
    MANAGE_SCALES = "claims.change_ratingscale"
    EXPORT = "claims.add_exportjob"


User = AbstractBaseUser | AnonymousUser


def can(user: User, capability: Capability) -> bool:
    return bool(user.is_active and user.has_perm(capability.value))


def role_name(user: User) -> str:
    if getattr(user, "is_superuser", False):
        return "admin"
    if can(user, Capability.APPROVE):
        return "editor"
    if can(user, Capability.REVIEW):
        return "reviewer"
    return ""


def capabilities(user: User) -> dict[str, bool]:
    """For templates: {"review": True, "approve": False, ...}."""
    return {cap.name.lower(): can(user, cap) for cap in Capability}
