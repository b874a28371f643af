"""The measuring half of bench/bench_scale.py (see its docstring): screens over gunicorn.

Runs in the bench's process after django.setup(), on the bench's database.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from base64 import b64decode, b64encode
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CONCURRENT = 8
DEEP_ADMIN_PAGE = 10_000
# Seconds a client waits for a page. A page that takes longer is reported as such and
# not asked again; the server is then restarted (HUP), because gunicorn's threaded
# workers keep working on a request its client gave up on.
TIMEOUT = 60
SLOW_MS = 5_000
STATEMENT_TIMEOUT = "55s"
GRACEFUL = 5


@dataclass
class Screen:
    label: str
    path: str
    api: bool = False
    clients: int = 1
    times: list[float] = field(default_factory=list)
    queries: set[str] = field(default_factory=set)
    statuses: set[int | str] = field(default_factory=set)


@dataclass
class Auth:
    cookie: str
    token: str


def run(database: str, *, requests: int, workers: int, only: list[str] | None = None) -> None:
    from django.db import connection

    auth = _login()
    port = _free_port()
    counts = _counts()
    print(
        "Data: "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items())
        + f"; load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    server = _gunicorn(port, workers)
    try:
        base = f"127.0.0.1:{port}"
        screens = [
            screen
            for screen in _screens(base, auth)
            if not only or any(part.lower() in screen.label.lower() for part in only)
        ]
        for screen in screens:
            if not _measure(base, screen, auth, requests):
                _restart(server, port)
            print(f"  measured {screen.label}: p95 {_pct(screen.times, 95):.0f} ms", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    _table(screens, requests, workers)
    connection.close()
    _plans(screens, auth)


# --- set-up ---------------------------------------------------------------------------


def _login() -> Auth:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from rest_framework.authtoken.models import Token

    user, created = get_user_model().objects.get_or_create(
        username="bench_admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)
    token, _ = Token.objects.get_or_create(user=user)
    return Auth(
        cookie=f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        token=token.key,
    )


def _counts() -> dict[str, int]:
    from django.db import connection

    tables = {
        "claims": "claims_claim",
        "articles": "claims_article",
        "evidence": "claims_evidence",
        "comments": "claims_comment",
        "history rows": "claims_historicalclaim",
    }
    out = {}
    with connection.cursor() as cursor:
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            out[label] = cursor.fetchone()[0]
    return out


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    var = Path(env["FACTCHECK_VAR_DIR"])
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPO,
        env=env,
        check=True,
    )
    # A request gunicorn kills at its timeout leaves its query running in PostgreSQL,
    # slowing every screen measured after it: the server's queries stop at 55 s (libpq
    # reads PGOPTIONS), and the page answers 500 before gunicorn's 60 s.
    env.update(
        WEB_CONCURRENCY=str(workers),
        GUNICORN_GRACEFUL_TIMEOUT=str(GRACEFUL),
        GUNICORN_ACCESS_LOG="",
        PGOPTIONS=f"-c statement_timeout={STATEMENT_TIMEOUT}",
    )
    log = open(var / "gunicorn.log", "ab")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "factcheck/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "factcheck.wsgi",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {var / 'gunicorn.log'}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    print(f"gunicorn: {workers} workers, {env.get('GUNICORN_THREADS', '2')} threads each")
    return process


def _ids() -> dict[str, object]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT article_id FROM claims_claim GROUP BY article_id ORDER BY count(*) DESC LIMIT 1"
        )
        article = cursor.fetchone()[0]
        cursor.execute(
            "SELECT c.claim_id FROM claims_comment c JOIN claims_evidence e USING (claim_id) "
            "ORDER BY c.claim_id LIMIT 1"
        )
        claim = cursor.fetchone()[0]
        cursor.execute("SELECT max(id) FROM claims_claim")
        middle = cursor.fetchone()[0] // 2
        cursor.execute(
            "SELECT text FROM claims_claim WHERE id >= %s ORDER BY id LIMIT 200", [middle]
        )
        figure = next(
            (m.group(0) for (text,) in cursor.fetchall() if (m := re.search(r"\d,\d{3}", text))),
            "1,234",
        )
    return {"article": article, "claim": claim, "middle_id": middle, "figure": figure}


def _screens(base: str, auth: Auth) -> list[Screen]:
    ids = _ids()
    queue = "/workbench/queue/"
    few = urlencode({"q": ids["figure"]})
    screens = [
        Screen("queue page 1", queue),
        Screen("queue deep page", _deep_queue(base, auth, queue)),
        Screen("queue status + kind", queue + "?status=in_review&kind=comparison"),
        Screen("queue search, many hits", queue + "?q=evacuated"),
        Screen("queue search, 0 hits", queue + "?q=zyzzogeton"),
        Screen(f"queue search, few hits ({ids['figure']})", f"{queue}?{few}"),
        Screen("dashboard", "/workbench/"),
        Screen("article list", "/workbench/articles/"),
        Screen("reader (largest article)", f"/workbench/articles/{ids['article']}/"),
        Screen("review page", f"/workbench/claims/{ids['claim']}/"),
        Screen("ClaimAdmin page 1", "/admin/claims/claim/"),
        Screen("ClaimAdmin deep page", _deep_admin(base, auth, "/admin/claims/claim/")),
        Screen("ClaimAdmin search", "/admin/claims/claim/?q=evacuated"),
        Screen("plain ModelAdmin page 1", "/plain-admin/claims/claim/"),
        Screen("plain ModelAdmin deep page", _deep_admin(base, auth, "/plain-admin/claims/claim/")),
        Screen("plain ModelAdmin search", "/plain-admin/claims/claim/?q=evacuated"),
    ]
    api = "/api/claims/"
    deep = _deep_cursor(base, auth, api, ids["middle_id"])
    for clients in (1, CONCURRENT):
        screens += [
            Screen("API claims page 1", api, api=True, clients=clients),
            Screen("API claims cursor deep", deep, api=True, clients=clients),
        ]
    screens += [
        Screen(
            "API status + kind + min_score",
            f"{api}?status=in_review&kind=comparison&min_score=0.5",
            api=True,
        ),
        Screen("API search, many hits", f"{api}?q=evacuated", api=True),
        Screen("API search, 0 hits", f"{api}?q=zyzzogeton", api=True),
        Screen(f"API search, few hits ({ids['figure']})", f"{api}?{few}", api=True),
    ]
    return screens


def _deep_queue(base: str, auth: Auth, path: str) -> str:
    """The queue's own deepest link: `last` (keyset), else page 10,000 of a numbered list."""
    _, _, body = _get(http.client.HTTPConnection(base), path, auth, api=False)
    links = [unescape(h) for h in re.findall(r'href="([^"]*)"', body.decode(errors="replace"))]
    found = [h for h in links if "last=" in h and "?" in h]
    if found:
        return path + found[0][found[0].index("?") :]
    return path + "?page=10000"


def _deep_admin(base: str, auth: Auth, path: str) -> str:
    """Page 10,000 of a changelist (100 a page), or its last page if it has fewer."""
    from claims.models import Claim

    pages = max(1, Claim.objects.count() // 100)
    return f"{path}?p={min(DEEP_ADMIN_PAGE, pages)}"


def _deep_cursor(base: str, auth: Auth, path: str, middle_id: int) -> str:
    """A cursor in the middle of the list: page 1's `next` cursor, its position moved.

    DRF's cursor is base64 of "p=<position>[&o=..][&r=1]"; the API orders claims by id,
    so the middle id is the middle of the list. If the position is not an id (another
    order), the `next` links are followed 20 times instead.
    """
    import json

    connection = http.client.HTTPConnection(base)
    _, _, body = _get(connection, path, auth, api=True)
    link = json.loads(body).get("next")
    if not link:
        return path
    query = dict(parse_qsl(urlsplit(link).query))
    tokens = dict(parse_qsl(b64decode(query["cursor"]).decode()))
    if tokens.get("p", "").isdigit():
        tokens["p"] = str(middle_id)
        query["cursor"] = b64encode(urlencode(tokens).encode()).decode()
        return f"{path}?{urlencode(query)}"
    for _ in range(20):
        _, _, body = _get(connection, link, auth, api=True)
        link = json.loads(body).get("next") or link
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


# --- measuring ------------------------------------------------------------------------


def _get(
    connection: http.client.HTTPConnection, path: str, auth: Auth, *, api: bool
) -> tuple[int, str, bytes]:
    headers = {"Authorization": f"Token {auth.token}"} if api else {"Cookie": auth.cookie}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    return response.status, response.getheader("X-Query-Count", "?"), body


def _restart(server: subprocess.Popen[bytes], port: int) -> None:
    """New workers (HUP): the old ones stop after GUNICORN_GRACEFUL_TIMEOUT."""
    server.send_signal(signal.SIGHUP)
    time.sleep(GRACEFUL + 3)
    socket.create_connection(("127.0.0.1", port), timeout=5).close()


def _measure(base: str, screen: Screen, auth: Auth, requests: int) -> bool:
    """Measure one screen; False if a request timed out (the server is then busy)."""
    lock = threading.Lock()
    timed_out = threading.Event()

    def one(connection: http.client.HTTPConnection) -> tuple[float, http.client.HTTPConnection]:
        started = time.perf_counter()
        try:
            status, queries, _ = _get(connection, screen.path, auth, api=screen.api)
        except (OSError, http.client.HTTPException) as exc:
            # A timeout or a dropped connection: counted, not fatal.
            status, queries = type(exc).__name__, "?"
            timed_out.set()
            connection.close()
            connection = http.client.HTTPConnection(base, timeout=TIMEOUT)
        spent = (time.perf_counter() - started) * 1000
        with lock:
            screen.statuses.add(status)
            screen.queries.add(queries)
        return spent, connection

    def client() -> None:
        connection = http.client.HTTPConnection(base, timeout=TIMEOUT)
        warm, connection = one(connection)  # warm-up, not counted
        # A screen that takes seconds is measured a few times only, to keep the run short.
        repeat = requests if warm < SLOW_MS else 3 if warm < 4 * SLOW_MS else 1
        if timed_out.is_set():
            with lock:
                screen.times.append(warm)
            repeat = 0
        for _ in range(min(requests, repeat)):
            spent, connection = one(connection)
            with lock:
                screen.times.append(spent)
            if timed_out.is_set():
                break
        connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(screen.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return not timed_out.is_set()


def _pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _table(screens: list[Screen], requests: int, workers: int) -> None:
    print(
        f"\n{requests} requests per client after one warm-up; gunicorn with {workers} "
        f"workers; load average now {os.getloadavg()[0]:.1f}\n"
    )
    print(f"| {'screen':<44} | clients | p50 ms | p95 ms | queries | HTTP |")
    print(f"|{'-' * 46}|---------|--------|--------|---------|------|")
    for s in screens:
        queries = "/".join(sorted(s.queries, key=lambda q: (len(q), q)))
        statuses = ",".join(sorted(str(c) for c in s.statuses))
        print(
            f"| {s.label:<44} | {s.clients:>7} | {_pct(s.times, 50):>6.0f} | "
            f"{_pct(s.times, 95):>6.0f} | {queries:>7} | {statuses:>4} |"
        )
    print("\nURLs:")
    for s in screens:
        if s.clients == 1:
            print(f"  {s.label}: {s.path}")


# --- query plans ----------------------------------------------------------------------


class _OutOfTime(Exception):
    pass


def _plans(screens: list[Screen], auth: Auth) -> None:
    """Each screen once in this process; the plans of the three slowest queries.

    Every query is timed by an execute_wrapper; a page still running after TIMEOUT
    seconds is stopped at its next query (its slowest query is already recorded).
    """
    from django.db import DatabaseError, connection
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {auth.token}")
    name, _, value = auth.cookie.partition("=")
    client.cookies[name] = value
    captured: list[tuple[float, str, str]] = []
    label = ""
    deadline = 0.0

    def timer(execute, sql, params, many, context):
        if time.perf_counter() > deadline:
            raise _OutOfTime
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if not many:
                spent = time.perf_counter() - started
                captured.append((spent, label, connection.ops.compose_sql(sql, params)))

    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")
    seen = set()
    for screen in screens:
        if screen.path in seen:
            continue
        seen.add(screen.path)
        label, deadline = screen.label, time.perf_counter() + TIMEOUT
        with connection.execute_wrapper(timer):
            try:
                client.get(screen.path)
            except (_OutOfTime, DatabaseError):
                pass  # the query that ran out is recorded with its time
    captured.sort(reverse=True)
    print("\nThe three slowest queries (one request per screen, in this process):")
    for seconds, label, sql in captured[:3]:
        print(f"\n--- {seconds * 1000:.0f} ms, {label}\n{sql[:3000]}\n")
        try:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print("\n".join(row[0] for row in cursor.fetchall()))
        except DatabaseError as exc:
            print(f"EXPLAIN ANALYZE stopped ({exc}); the plan without running it:")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                print("\n".join(row[0] for row in cursor.fetchall()))
