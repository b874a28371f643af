"""Fetching one article page by URL, safely.

Guards against server-side request forgery: only http and https; every
host (on every redirect hop) is resolved and refused if any address is
private, loopback, link-local, multicast or reserved; and the connection
goes to the very address that was checked, so a DNS answer that changes
between check and connect (DNS rebinding) cannot slip through.

One wall-clock deadline (``deadline`` seconds, monotonic) covers the whole fetch:
name lookup, connecting, the TLS handshake, the request, the headers and the body,
across every redirect hop. A per-read timeout alone is not enough: a server that
sends one byte every few seconds never trips it and keeps a worker busy for as long
as it likes. So every socket operation gets, as its timeout, what is left of the
deadline (never more than ``timeout``, the longest silence accepted), and the name
lookup, which has no timeout of its own, waits in a helper thread for at most what
is left.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024
_USER_AGENT = "factcheck-workbench-importer/1.0"


@dataclass(frozen=True)
class FetchedDocument:
    url: str  # the final URL, after redirects
    data: bytes
    content_type: str
    status: int = 200  # the final answer's HTTP status (2xx)


class FetchError(Exception):
    """Fetching failed; ``str()`` is a sentence for editors.

    ``kind`` says why, for callers that act on it (source snapshots): "private" (an
    internal address), "timeout" (the deadline, or a silent server), "too_large",
    "http_error" (``status`` holds the 4xx/5xx answer) or "unreachable" (everything else).
    """

    def __init__(self, message: str, *, kind: str = "unreachable", status: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.status = status


class _DeadlinePassed(TimeoutError):
    """The whole-fetch deadline passed (as opposed to one silent read timing out)."""


class _Clock:
    """The fetch's deadline and its longest accepted silence, shared by its sockets."""

    def __init__(self, deadline_seconds: float, timeout: float) -> None:
        self.ends_at = time.monotonic() + deadline_seconds
        self.timeout = timeout

    def left(self) -> float:
        """Seconds the next operation may wait; raises _DeadlinePassed when none are left."""
        left = self.ends_at - time.monotonic()
        if left <= 0:
            raise _DeadlinePassed
        return min(left, self.timeout)


def fetch_url(
    url: str,
    *,
    timeout: float = 10,
    deadline: float = 30,
    max_bytes: int = 10 * 2**20,
    max_redirects: int = 5,
    allow_private: bool = False,
) -> FetchedDocument:
    """Download ``url`` (following redirects) with the safety checks above.

    ``deadline``: seconds for the whole fetch, all hops included; ``timeout``: the
    longest the server may stay silent at any one point.
    """
    clock = _Clock(deadline, timeout)
    seen: set[str] = set()
    current = url
    for _hop in range(max_redirects + 1):
        if current in seen:
            raise FetchError("The address redirects in a loop, so it could not be fetched.")
        seen.add(current)
        try:
            status, location, content_type, data = _get_once(
                current, clock, max_bytes, allow_private
            )
        except _DeadlinePassed:
            raise FetchError(
                f"Fetching '{url}' took longer than the {deadline:g}-second limit for one "
                "page, so it was stopped.",
                kind="timeout",
            ) from None
        if status in _REDIRECTS:
            if not location:
                raise FetchError("The server sent a redirect without saying where to.")
            current = urljoin(current, location)
            continue
        if status >= 400:
            raise FetchError(
                f"The server answered with error {status}.", kind="http_error", status=status
            )
        return FetchedDocument(url=current, data=data, content_type=content_type, status=status)
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


def _lookup(host: str, port: int, clock: _Clock) -> list[Any]:
    """socket.getaddrinfo, given up on when the deadline passes.

    getaddrinfo takes no timeout and cannot be interrupted, so it runs in a daemon
    thread; a lookup that hangs past the deadline is left to the resolver's own
    timeout and its answer dropped.
    """
    outcome: dict[str, Any] = {}

    def lookup() -> None:
        try:
            outcome["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except BaseException as exc:  # handed to the waiting thread, re-raised there
            outcome["error"] = exc

    worker = threading.Thread(target=lookup, name="fetch-dns-lookup", daemon=True)
    worker.start()
    worker.join(max(0.0, clock.ends_at - time.monotonic()))
    if worker.is_alive():
        raise _DeadlinePassed
    if "error" in outcome:
        raise outcome["error"]
    return outcome["infos"]


def _resolve(host: str, port: int, allow_private: bool, clock: _Clock) -> str:
    """Resolve ``host`` and return one checked address to connect to."""
    try:
        infos = _lookup(host, port, clock)
    except _DeadlinePassed:
        raise
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"The host name '{host}' could not be found.") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchError(f"The host name '{host}' could not be found.")
    # Refuse if ANY answer is internal: picking a public one would let a
    # second lookup (by a library) land on the internal one.
    if not allow_private and any(_forbidden(address) for address in addresses):
        raise FetchError(
            f"The address '{host}' points to a private or internal network, which is not allowed.",
            kind="private",
        )
    return str(addresses[0])


class _DeadlineIO:
    """Socket methods that first set the timeout to what is left of the deadline.

    http.client reads the status line, the headers and the body through these (via
    socket.makefile), so a server dripping bytes meets the deadline at the next read.
    """

    _clock: _Clock

    def _arm(self) -> None:
        self.settimeout(self._clock.left())  # type: ignore[attr-defined]

    def recv_into(self, *args: Any, **kwargs: Any) -> int:
        self._arm()
        return super().recv_into(*args, **kwargs)  # type: ignore[misc]

    def recv(self, *args: Any, **kwargs: Any) -> bytes:
        self._arm()
        return super().recv(*args, **kwargs)  # type: ignore[misc]

    def send(self, *args: Any, **kwargs: Any) -> int:
        self._arm()
        return super().send(*args, **kwargs)  # type: ignore[misc]

    def sendall(self, *args: Any, **kwargs: Any) -> None:
        self._arm()
        super().sendall(*args, **kwargs)  # type: ignore[misc]


class _DeadlineSocket(_DeadlineIO, socket.socket):
    pass


class _DeadlineSSLSocket(_DeadlineIO, ssl.SSLSocket):
    pass


def _connect(address: str, port: int, clock: _Clock) -> _DeadlineSocket:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = _DeadlineSocket(family, socket.SOCK_STREAM)
    sock._clock = clock
    try:
        sock.settimeout(clock.left())
        sock.connect((address, port))
    except BaseException:
        sock.close()
        raise
    return sock


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, clock: _Clock) -> None:
        super().__init__(host, port, timeout=clock.left())
        self._address = address
        self._clock = clock

    def connect(self) -> None:
        self.sock = _connect(self._address, self.port, self._clock)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, clock: _Clock) -> None:
        context = ssl.create_default_context()
        context.sslsocket_class = _DeadlineSSLSocket
        super().__init__(host, port, timeout=clock.left(), context=context)
        self._address = address
        self._clock = clock

    def connect(self) -> None:
        raw = _connect(self._address, self.port, self._clock)
        # The handshake runs under the raw socket's timeout, which _connect set to what
        # is left (CPython bounds the whole handshake by it, not each read).
        raw.settimeout(self._clock.left())
        # Certificate checked against the host name, not the pinned address.
        wrapped = self._context.wrap_socket(raw, server_hostname=self.host)
        wrapped._clock = self._clock
        self.sock = wrapped


def _get_once(
    url: str, clock: _Clock, max_bytes: int, allow_private: bool
) -> tuple[int, str, str, bytes]:
    scheme, host, port, path = _target(url)
    address = _resolve(host, port, allow_private, clock)
    connection_class = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = connection_class(host, port, address, clock)
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
            raise FetchError(_too_big(max_bytes), kind="too_large")
        chunks: list[bytes] = []
        total = 0
        while True:
            clock.left()  # raises once the deadline has passed
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise FetchError(_too_big(max_bytes), kind="too_large")
            chunks.append(chunk)
        return status, location, content_type, b"".join(chunks)
    except (FetchError, _DeadlinePassed):
        raise
    except TimeoutError as exc:
        if clock.ends_at - time.monotonic() <= 0.05:
            # The last wait was cut short by the deadline, not by a silent server.
            raise _DeadlinePassed from exc
        raise FetchError(
            f"The server at '{host}' stayed silent for more than {clock.timeout:g} seconds.",
            kind="timeout",
        ) from exc
    except ssl.SSLError as exc:
        raise FetchError("A secure connection to the server could not be established.") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"The page could not be downloaded from '{host}'.") from exc
    finally:
        connection.close()


def _too_big(max_bytes: int) -> str:
    return f"The page is larger than the {max_bytes / 2**20:g} MB limit."
