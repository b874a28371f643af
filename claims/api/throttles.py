"""Throttling for anonymous clients (per IP) and signed-in users or tokens (per user).

The rates come from settings (API_THROTTLE_ANON / API_THROTTLE_USER, environment
variables) and are read at request time, not import time, so a deployment can change
them per process and tests can override them. Counters live in the default cache: with
several web processes, configure a shared cache or the limit applies per process.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.API_THROTTLE_ANON


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        return settings.API_THROTTLE_USER
