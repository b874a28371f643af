from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claims.importers.fetch import FetchedDocument, FetchError, fetch_url
from tests.local_http import serving

from ._helpers import assert_readable

PAGE = (
    b"<html><body><p>The museum reopened on Saturday after a two-year renovation.</p></body></html>"
)

# A hostile or broken server sends one byte at a time, each soon enough to keep any
# per-read timeout happy. Bounded: about 600 bytes at 20 a second is about 30 seconds,
# and the server stops as soon as the client hangs up.
DRIP_INTERVAL = 0.05
DRIP_HEADERS = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad: "
    + b"a" * 560
    + b"\r\nContent-Length: 9\r\n\r\n<p>Hi</p>"
)
DRIP_BODY = b"<p>" + b"The museum reopened. " * 28 + b"</p>"
# The deadline the drip tests give the fetcher, and the margin they allow past it: a
# generous bound (a drip lasts ten times as long), not a timing measurement.
DEADLINE = 2.0
MARGIN = 3.0


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/hop":
            self._redirect("/page")
        elif self.path == "/hop-to-drip":
            self._redirect("/drip-body")
        elif self.path == "/loop-a":
            self._redirect("/loop-b")
        elif self.path == "/loop-b":
            self._redirect("/loop-a")
        elif self.path.startswith("/chain/"):
            step = int(self.path.rsplit("/", 1)[1])
            self._redirect(f"/chain/{step + 1}")
        elif self.path == "/big":
            self._send(200, b"x" * 300_000, "text/plain")
        elif self.path == "/big-unannounced":
            # No Content-Length: the size cap must hold while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"y" * 10_000)
        elif self.path == "/to-internal":
            self._redirect(f"http://internal.test:{self.server.server_address[1]}/page")
        elif self.path == "/missing":
            self._send(404, b"not here", "text/plain")
        elif self.path == "/drip-headers":
            self.close_connection = True
            self._drip(DRIP_HEADERS)
        elif self.path == "/drip-body":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(DRIP_BODY)))
            self.end_headers()
            self._drip(DRIP_BODY)
        else:
            self._send(500, b"?", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, data: bytes) -> None:
        try:
            for index in range(len(data)):
                self.wfile.write(data[index : index + 1])
                time.sleep(DRIP_INTERVAL)
        except OSError:
            pass  # the client gave up, as it should

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Handler) as url:
        yield url


def test_it_fetches_a_page_from_a_local_server(server: str) -> None:
    document = fetch_url(f"{server}/page", allow_private=True)
    assert isinstance(document, FetchedDocument)
    assert document.data == PAGE
    assert document.content_type.startswith("text/html")
    assert document.url == f"{server}/page"


def test_it_follows_a_redirect_and_reports_the_final_url(server: str) -> None:
    document = fetch_url(f"{server}/hop", allow_private=True)
    assert document.url == f"{server}/page"
    assert document.data == PAGE


def test_it_refuses_a_loopback_url_when_private_addresses_are_not_allowed(server: str) -> None:
    with pytest.raises(FetchError, match="private or internal") as caught:
        fetch_url(f"{server}/page")
    assert_readable(str(caught.value))


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
    ],
)
def test_it_refuses_internal_addresses(url: str) -> None:
    with pytest.raises(FetchError, match="private or internal"):
        fetch_url(url, timeout=2)


def test_it_stops_a_redirect_loop(server: str) -> None:
    with pytest.raises(FetchError, match="loop") as caught:
        fetch_url(f"{server}/loop-a", allow_private=True)
    assert_readable(str(caught.value))


def test_it_stops_after_too_many_redirects(server: str) -> None:
    with pytest.raises(FetchError, match="more than 3 times"):
        fetch_url(f"{server}/chain/0", allow_private=True, max_redirects=3)


def test_it_refuses_a_body_over_max_bytes(server: str) -> None:
    with pytest.raises(FetchError, match="larger than") as caught:
        fetch_url(f"{server}/big", allow_private=True, max_bytes=100_000)
    assert_readable(str(caught.value))


def test_it_refuses_a_body_over_max_bytes_without_content_length(server: str) -> None:
    with pytest.raises(FetchError, match="larger than"):
        fetch_url(f"{server}/big-unannounced", allow_private=True, max_bytes=100_000)


def test_it_reports_an_http_error_status(server: str) -> None:
    with pytest.raises(FetchError, match="404"):
        fetch_url(f"{server}/missing", allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/a.txt",
        "gopher://example.org/",
        "javascript:alert(1)",
    ],
)
def test_it_refuses_non_http_schemes(url: str) -> None:
    with pytest.raises(FetchError, match="Only http and https") as caught:
        fetch_url(url)
    assert_readable(str(caught.value))


def test_a_malformed_url_is_a_readable_error() -> None:
    with pytest.raises(FetchError):
        fetch_url("http://[not-an-ip/")


def _fake_dns(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
    import socket

    real = socket.getaddrinfo

    def fake(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host == "museum.test":
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port)) for answer in answers
            ]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_it_connects_to_the_checked_address_and_sends_the_host_name(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_dns(monkeypatch, ["127.0.0.1"])
    port = server.rsplit(":", 1)[1]
    document = fetch_url(f"http://museum.test:{port}/page", allow_private=True)
    assert document.data == PAGE


def test_it_refuses_a_host_when_any_of_its_addresses_is_internal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fake_dns(monkeypatch, ["93.184.216.34", "127.0.0.1"])
    with pytest.raises(FetchError, match="private or internal"):
        fetch_url("http://museum.test/page")


def test_it_checks_every_redirect_hop(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend 127.0.0.1 is public and 10.0.0.1 is the internal target: the
    # first hop is allowed, the redirect to the internal host must not be.
    import socket

    from claims.importers import fetch

    real = socket.getaddrinfo
    answers = {"public.test": "127.0.0.1", "internal.test": "10.0.0.1"}

    def fake(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    monkeypatch.setattr(fetch, "_forbidden", lambda address: str(address) == "10.0.0.1")
    port = server.rsplit(":", 1)[1]
    assert fetch_url(f"http://public.test:{port}/page").data == PAGE
    with pytest.raises(FetchError, match=r"internal\.test"):
        fetch_url(f"http://public.test:{port}/to-internal")


# --- One deadline for the whole fetch ---------------------------------------------


def test_a_server_dripping_its_headers_is_cut_off_at_the_deadline(server: str) -> None:
    url = f"{server}/drip-headers"
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than") as caught:
        fetch_url(url, allow_private=True, deadline=DEADLINE)
    assert time.monotonic() - started < DEADLINE + MARGIN
    assert url in str(caught.value)
    assert "2-second" in str(caught.value)
    assert_readable(str(caught.value))


def test_a_server_dripping_its_body_is_cut_off_at_the_deadline(server: str) -> None:
    url = f"{server}/drip-body"
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than") as caught:
        fetch_url(url, allow_private=True, deadline=DEADLINE)
    assert time.monotonic() - started < DEADLINE + MARGIN
    assert url in str(caught.value)
    assert_readable(str(caught.value))


def test_the_deadline_covers_every_redirect_hop_together(server: str) -> None:
    # The redirect itself is quick; the page it leads to drips. One deadline, not one per hop.
    url = f"{server}/hop-to-drip"
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than"):
        fetch_url(url, allow_private=True, deadline=DEADLINE)
    assert time.monotonic() - started < DEADLINE + MARGIN


def test_a_host_name_that_takes_too_long_to_resolve_is_cut_off_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    real = socket.getaddrinfo
    release = threading.Event()

    def slow(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host == "slow-dns.test":
            release.wait(30)  # a resolver that hangs (released when the test ends)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="took longer than") as caught:
            fetch_url("http://slow-dns.test/page", allow_private=True, deadline=1)
        assert time.monotonic() - started < 1 + MARGIN
        assert "http://slow-dns.test/page" in str(caught.value)
    finally:
        release.set()


def test_a_quick_page_is_fetched_well_within_the_deadline(server: str) -> None:
    document = fetch_url(f"{server}/page", allow_private=True, deadline=DEADLINE)
    assert document.data == PAGE


# --- The same over https (a local TLS server; its self-signed certificate for
# "secure.test" is trusted by the fetcher for these tests only) ----------------------

CERT = Path(__file__).parent / "certs" / "secure-test.pem"


@pytest.fixture(scope="module")
def tls_port() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def trusted_test_certificate(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ssl.create_default_context
    monkeypatch.setattr(
        ssl, "create_default_context", lambda *args, **kwargs: real(cafile=str(CERT))
    )
    _fake_dns_for(monkeypatch, "secure.test", "127.0.0.1")


def _fake_dns_for(monkeypatch: pytest.MonkeyPatch, name: str, address: str) -> None:
    import socket

    real = socket.getaddrinfo

    def fake(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host == name:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_it_fetches_a_page_over_https_checking_the_certificate_against_the_host_name(
    tls_port: int, trusted_test_certificate: None
) -> None:
    document = fetch_url(f"https://secure.test:{tls_port}/page", allow_private=True)
    assert document.data == PAGE


def test_an_https_server_dripping_its_body_is_cut_off_at_the_deadline(
    tls_port: int, trusted_test_certificate: None
) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than"):
        fetch_url(
            f"https://secure.test:{tls_port}/drip-body", allow_private=True, deadline=DEADLINE
        )
    assert time.monotonic() - started < DEADLINE + MARGIN


def test_an_https_server_dripping_its_headers_is_cut_off_at_the_deadline(
    tls_port: int, trusted_test_certificate: None
) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than"):
        fetch_url(
            f"https://secure.test:{tls_port}/drip-headers", allow_private=True, deadline=DEADLINE
        )
    assert time.monotonic() - started < DEADLINE + MARGIN
