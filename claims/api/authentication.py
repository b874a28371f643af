"""Token authentication whose failures count against the anonymous throttle.

DRF authenticates before it throttles, so a wrong token would be refused (401) without
ever being counted: guessing tokens would be unlimited. Here every failed attempt uses
up the client IP's anonymous budget, and past it the answer is 429.
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from claims.api.throttles import AnonymousThrottle


class _FailedTokenThrottle(AnonymousThrottle):
    # The anonymous budget of the client's IP, keyed without asking who the user is
    # (that would authenticate again, from inside authentication).
    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle = _FailedTokenThrottle()
            if not throttle.allow_request(request, None):
                raise exceptions.Throttled(throttle.wait()) from None
            raise
