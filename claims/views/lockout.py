"""Login lockout (django-axes, configured in factcheck/settings.py): the page a locked-out
person sees on any login form, and the client address that lockout counts by.

An admin unlocks in the admin (Axes > Access attempts: delete the rows) or with
`manage.py axes_reset` (`axes_reset_username NAME`, `axes_reset_ip ADDRESS`).
"""

from __future__ import annotations

import ipaddress
import math

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims.views.base import page_context


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or behind LOGIN_LOCKOUT_PROXY_COUNT reverse
    proxies the X-Forwarded-For entry the outermost of them added.

    Each proxy appends the address it was reached from, so entries further left than the
    proxies' own were written by the client and are not to be believed.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.LOGIN_LOCKOUT_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not through every proxy: only the connection's address is known
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, object] | None = None,
) -> HttpResponse:
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = render(
        request,
        "claims/locked_out.html",
        page_context(
            request,
            title="Logging in is locked",
            failure_limit=get_failure_limit(request, credentials),
            minutes=minutes,
        ),
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response
