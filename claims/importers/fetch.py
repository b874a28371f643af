"""Fetching one article page by URL, safely.

Guards against server-side request forgery: only http and https; every
host (on every redirect hop) is resolved and refused if any address is
private, loopback, link-local, multicast or reserved; and the connection
goes to the very address that was checked, so a DNS answer that changes
between check and connect (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024
_USER_AGENT = "factcheck-workbench-importer/1.0"


@dataclass(frozen=True)
class FetchedDocument:
    url: str  # the final URL, after redirects
    data: bytes
    content_type: str


class FetchError(Exception):
    """Fetching failed; ``str()`` is a sentence for editors."""


def fetch_url(
    url: str,
    *,
    timeout: float = 10,
    max_bytes: int = 10 * 2**20,
    max_redirects: int = 5,
    allow_private: bool = False,
) -> FetchedDocument:
    """Download ``url`` (following redirects) with the safety checks above."""
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    current = url
    for _hop in range(max_redirects + 1):
        if current in seen:
            raise FetchError("The address redirects in a loop, so it could not be fetched.")
        seen.add(current)
        status, location, content_type, data = _get_once(
            current, timeout, deadline, max_bytes, allow_private
        )
        if status in _REDIRECTS:
            if not location:
                raise FetchError("The server sent a redirect without saying where to.")
            current = urljoin(current, location)
            continue
        if status >= 400:
            raise FetchError(f"The server answered with error {status}.")
        return FetchedDocument(url=current, data=data, content_type=content_type)
    raise FetchError(
        f"The address redirects more than {max_redirects} times, so it could not be fetched."
    )


def _target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path-and-query) of an http(s) URL, or FetchError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError("The address is not a valid web address.") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"Only http and https addresses can be fetched, not '{scheme or 'none'}'.")
    if not parts.hostname:
        raise FetchError("The address has no host name.")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), path


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _resolve(host: str, port: int, allow_private: bool) -> str:
    """Resolve ``host`` and return one checked address to connect to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"The host name '{host}' could not be found.") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchError(f"The host name '{host}' could not be found.")
    # Refuse if ANY answer is internal: picking a public one would let a
    # second lookup (by a library) land on the internal one.
    if not allow_private and any(_forbidden(address) for address in addresses):
        raise FetchError(
            f"The address '{host}' points to a private or internal network, which is not allowed."
        )
    return str(addresses[0])


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        # Certificate checked against the host name, not the pinned address.
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def _get_once(
    url: str, timeout: float, deadline: float, max_bytes: int, allow_private: bool
) -> tuple[int, str, str, bytes]:
    scheme, host, port, path = _target(url)
    address = _resolve(host, port, allow_private)
    remaining = max(0.1, min(timeout, deadline - time.monotonic()))
    connection_class = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = connection_class(host, port, address, remaining)
    try:
        connection.request(
            "GET",
            path,
            headers={"User-Agent": _USER_AGENT, "Accept-Encoding": "identity", "Accept": "*/*"},
        )
        response = connection.getresponse()
        status = response.status
        location = response.getheader("Location", "")
        content_type = response.getheader("Content-Type", "")
        if status in _REDIRECTS or status >= 400:
            return status, location, content_type, b""
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(_too_big(max_bytes))
        chunks: list[bytes] = []
        total = 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError(f"The page took longer than {timeout:g} seconds to download.")
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise FetchError(_too_big(max_bytes))
            chunks.append(chunk)
        return status, location, content_type, b"".join(chunks)
    except FetchError:
        raise
    except TimeoutError as exc:
        raise FetchError(f"The server did not answer within {timeout:g} seconds.") from exc
    except ssl.SSLError as exc:
        raise FetchError("A secure connection to the server could not be established.") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"The page could not be downloaded from '{host}'.") from exc
    finally:
        connection.close()


def _too_big(max_bytes: int) -> str:
    return f"The page is larger than the {max_bytes / 2**20:g} MB limit."
