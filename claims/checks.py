"""System checks of the workbench's own settings (`manage.py check --deploy`).

- claims.E001: FACTCHECK_SITE_URL names a local address (127.0.0.1, localhost, a private
  network) or is not an http(s) address with a host. It is the public address of the
  fact-check pages: every ClaimReview `url` and every sitemap entry is built from it, so a
  local one publishes links nobody outside can open. With DEBUG off the settings already
  refuse to start without it; with DEBUG on it defaults to the local `make run` address,
  which this check reports before a deployment.
- claims.W001: FACTCHECK_SITE_URL is plain http; search engines and aggregators expect the
  fact-check pages over https.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from claims.weblinks import is_web_url

LOCAL_NAMES = {"localhost", "localhost.localdomain", "testserver"}


def _is_local(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    site_url = getattr(settings, "FACTCHECK_SITE_URL", "") or ""
    hint = (
        "Set FACTCHECK_SITE_URL to the public address of this site, such as "
        "https://factcheck.example.org (see .env.example)."
    )
    if not is_web_url(site_url):
        return [
            Error(
                f"FACTCHECK_SITE_URL is not set to a public http(s) address (it is {site_url!r}).",
                hint=hint,
                id="claims.E001",
            )
        ]
    parts = urlsplit(site_url)
    if _is_local(parts.hostname or ""):
        return [
            Error(
                f"FACTCHECK_SITE_URL points at a local address ({site_url}): the public "
                "fact-check pages and the ClaimReview urls would link to a page nobody "
                "outside can open.",
                hint=hint,
                id="claims.E001",
            )
        ]
    if parts.scheme != "https":
        return [
            Warning(
                f"FACTCHECK_SITE_URL ({site_url}) is plain http; publish the fact-check "
                "pages over https.",
                hint=hint,
                id="claims.W001",
            )
        ]
    return []
