"""Real services for integration tests: PostgreSQL, Redis, and `celery worker` processes.

Outside CI a missing service skips the test with a message naming it; in CI (CI=true)
it fails the test, because CI must exercise the real stack.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/0"
# Names the databases and key prefixes this test run creates, so that runs sharing the
# machine's PostgreSQL and Redis never touch each other's data.
RUN_ID = os.environ.get("TEST_RUN_ID") or uuid.uuid4().hex[:8]


def require_service(name: str, address: tuple[str, int]) -> None:
    try:
        socket.create_connection(address, timeout=2).close()
    except OSError:
        message = f"{name} is not reachable at {address[0]}:{address[1]}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must run this test (.ci/run starts it).")
        pytest.skip(f"{message}; start it to run this test.")


@dataclass
class Stack:
    """One way of running the app: its environment for manage.py and celery."""

    name: str
    env: dict[str, str]
    logs: list[Path] = field(default_factory=list)

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def query(self, code: str) -> object:
        """Run ORM code in a fresh process; `code` must print one JSON value."""
        result = self.manage("shell", "--no-imports", "-c", code)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    @contextmanager
    def worker(
        self, *, concurrency: int = 1, beat: bool = False
    ) -> Iterator[subprocess.Popen[bytes]]:
        """A `celery worker` process; `beat=True` embeds Celery beat (-B), as `make run` does."""
        log = self.env["FACTCHECK_VAR_DIR"] + f"/worker-{len(self.logs)}.log"
        self.logs.append(Path(log))
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "factcheck",
                    "worker",
                    "--loglevel=INFO",
                    "-Q",
                    "imports,exports,celery",
                    f"--concurrency={concurrency}",
                    "--without-gossip",
                    "--without-mingle",
                    f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
                    *(["-B"] if beat else []),
                ],
                cwd=REPO,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()

    def worker_log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.logs if p.exists())


def base_env(var_dir: Path) -> dict[str, str]:
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        SECRET_KEY="integration-tests-secret-key-0123456789-abcdefghijklmnop",
        DEBUG="0",
        FACTCHECK_VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    # Required whenever DEBUG is off; a test may set its own public address.
    env.setdefault("FACTCHECK_SITE_URL", "https://factcheck.example.org")
    # Tests never reach the outside web: the sources of evidence they add are not archived,
    # unless a test turns archiving on for a local server (tests/browser/test_snapshots.py).
    env["FACTCHECK_ARCHIVE_SOURCES"] = "0"
    return env


@contextmanager
def embedded_stack(tmp_path: Path) -> Iterator[Stack]:
    env = base_env(tmp_path / "var")
    # The defaults: SQLite under var/ and the filesystem broker; nothing to start.
    yield Stack("embedded", env)


@contextmanager
def redis_postgres_stack(tmp_path: Path) -> Iterator[Stack]:
    require_service("PostgreSQL", POSTGRES)
    require_service("Redis", REDIS)
    import psycopg

    database = f"factcheck_it_{RUN_ID}_{uuid.uuid4().hex[:6]}"
    admin_url = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    # Redis is shared with other work on this machine: this stack's broker keys carry a
    # prefix of their own, and only keys under that prefix are ever deleted.
    prefix = f"factcheck-test-{RUN_ID}-{uuid.uuid4().hex[:6]}:"
    env = base_env(tmp_path / "var")
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    env["CELERY_BROKER_URL"] = REDIS_URL
    env["CELERY_REDIS_KEY_PREFIX"] = prefix
    try:
        yield Stack("redis-postgres", env)
    finally:
        redis_delete_prefixed(prefix)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def redis_delete_prefixed(prefix: str) -> int:
    """Delete the keys this run created (and nothing else); returns how many."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
    return len(keys)


STACKS = {"embedded": embedded_stack, "redis-postgres": redis_postgres_stack}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(
    port: int, *, timeout: float = 60, process: subprocess.Popen | None = None
) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


# `manage.py runserver` with a listen backlog of 128 instead of its 10: fifty clients
# connecting at once (the API's concurrency test) would otherwise see connections reset
# before Django sees them.
RUNSERVER = (
    "import sys; from django.core.servers import basehttp; "
    "basehttp.WSGIServer.request_queue_size = 128; "
    "from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['manage.py', 'runserver', sys.argv[1], '--noreload'])"
)


@contextmanager
def web_server(stack: Stack) -> Iterator[str]:
    """`manage.py runserver` on a free port (no reloader); yields its base URL."""
    port = free_port()
    log = stack.env["FACTCHECK_VAR_DIR"] + f"/web-{port}.log"
    stack.logs.append(Path(log))
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", RUNSERVER, f"127.0.0.1:{port}"],
            cwd=REPO,
            env=stack.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@contextmanager
def browser_stack(tmp_path: Path) -> Iterator[Stack]:
    """The embedded stack served over plain http on 127.0.0.1 for a browser.

    DEBUG=1 only because the test server has no TLS: production settings mark the
    session cookie Secure, which a browser would not send back over http.
    """
    env = base_env(tmp_path / "var")
    env.update(DEBUG="1", ALLOWED_HOSTS="127.0.0.1,localhost")
    yield Stack("browser", env)
