"""Which stored addresses may become links: absolute http and https URLs only.

Pure (no Django): used by the importers (an article's url), the template filter
`safe_href`, the ClaimReview exporter and the review services (a source's url).

Why so strict: a browser runs `javascript:`, `data:` and `vbscript:` links, and it
drops tabs and newlines inside a URL before reading its scheme, so "java\\tscript:"
is still JavaScript to it. Requiring the value itself to start with `http://` or
`https://` and to hold no whitespace or control character leaves no such reading.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_WEB_PREFIX = re.compile(r"https?://", re.IGNORECASE)
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
# The common shape (a plain host name, maybe a port, then a path) in one match; an
# export checks one url per claim. Anything else takes the full check below.
_PLAIN_WEB_URL = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#][!-~]*)?",
    re.IGNORECASE,
)


def is_web_url(value: object) -> bool:
    """True when ``value`` is an absolute http(s) URL with a host, safe as an href."""
    if not isinstance(value, str):
        return False
    if _PLAIN_WEB_URL.fullmatch(value):
        return True
    if not _WEB_PREFIX.match(value):
        return False
    if _SPACE_OR_CONTROL.search(value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return False
    return bool(parts.hostname)


def web_url(value: object) -> str:
    """``value`` when it is a web URL (see is_web_url), otherwise ""."""
    return value if is_web_url(value) else ""  # type: ignore[return-value]


def describe(value: str, limit: int = 80) -> str:
    """A short, one-line rendering of a refused address for a message to editors."""
    shown = " ".join(value.split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
