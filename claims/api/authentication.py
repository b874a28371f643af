"""Token authentication whose failures count against the anonymous throttle.

DRF authenticates before it throttles, so a wrong token would be refused (401) without
ever being counted: guessing tokens would be unlimited. Here every failed attempt uses
up the client IP's anonymous budget, and past it the answer is 429.

A good token is read with its user and the user's permissions in one query (as the
session's user is, claims.auth_backend): an API page costs one query fewer.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from claims.api.throttles import AnonymousThrottle
from claims.auth_backend import permission_names, remember_permissions


class _FailedTokenThrottle(AnonymousThrottle):
    # The anonymous budget of the client's IP, keyed without asking who the user is
    # (that would authenticate again, from inside authentication).
    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# The token's user's permission names (built once: an expression is copied as it is used).
_PERMISSION_NAMES = permission_names("user_id")


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle = _FailedTokenThrottle()
            if not throttle.allow_request(request, None):
                raise exceptions.Throttled(throttle.wait()) from None
            raise

    def authenticate_credentials(self, key):
        # DRF's own, with the permissions read in the token's query.
        model = self.get_model()
        try:
            token = (
                model.objects.select_related("user")
                .annotate(permission_names=_PERMISSION_NAMES)
                .get(key=key)
            )
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        remember_permissions(token.user, token.permission_names)
        return token.user, token
