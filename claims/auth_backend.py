"""Django's ModelBackend, reading a signed-in user's permissions with the user.

Every workbench page asks for the user's capabilities (claims.permissions). ModelBackend
loads the user (for the session) with one query, then the user's own permissions and
their groups' permissions with one query each. This backend loads the user and both sets
of permissions in one query (`get_user`: the names as a subquery's string aggregate),
cached on the user object for the request as ModelBackend caches them: each page has two
queries fewer; the query budget of a page is six (issue 14). The API's token
authentication reads the token, its user and the permissions the same way
(claims.api.authentication). A user whose permissions were not read with it (one just
authenticated) gets them in one query, not two.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import CharField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat

from claims.db_aggregates import SEPARATOR, JoinedText, aggregated


def _names(permissions: QuerySet[Permission]) -> QuerySet[Permission]:
    return permissions.annotate(
        name_of=Concat("content_type__app_label", Value("."), "codename", output_field=CharField())
    )


def _own_and_groups(user: Any) -> Q:
    return Q(user=user) | Q(group__user=user)


def permission_names(user_column: str = "pk") -> Any:
    """The permission names (own and groups') of the user in `user_column` of the outer
    row, in one column: aggregated in a correlated subquery; NULL when there are none."""
    return aggregated(
        _names(Permission.objects.filter(_own_and_groups(OuterRef(user_column)))),
        JoinedText("name_of"),
    )


_PERMISSION_NAMES = permission_names()


def remember_permissions(user: Any, names: str | None) -> None:
    """Cache `names` (a permission_names() value) on `user` as ModelBackend caches the
    permissions it reads, so has_perm() asks the database nothing more this request."""
    if not user.is_superuser:  # a superuser's are all: read only if asked for
        user._perm_cache = set(filter(None, (names or "").split(SEPARATOR)))


class OneQueryModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.annotate(permission_names=_PERMISSION_NAMES).get(
                pk=user_id
            )
        except model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        remember_permissions(user, user.permission_names)
        return user

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            found = (
                Permission.objects.all()
                if user_obj.is_superuser
                else Permission.objects.filter(_own_and_groups(user_obj))
            )
            user_obj._perm_cache = {row["name_of"] for row in _names(found).values("name_of")}
        return user_obj._perm_cache
