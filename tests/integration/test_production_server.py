"""The production web server: gunicorn with the project's config, on PostgreSQL.

Started as a real process, as the README's "Production and scale-out" section says to run
it, behind an (imagined) TLS proxy that sets X-Forwarded-Proto: the settings are the
production ones (DEBUG off, https only).
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.integration.services import BIN, REPO, free_port, redis_postgres_stack, wait_for_port

pytestmark = pytest.mark.integration


def _get(port: int, path: str) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    return response, response.read()


def test_gunicorn_serves_the_login_page_and_static_files_with_the_project_config(
    tmp_path: Path,
) -> None:
    with redis_postgres_stack(tmp_path) as stack:
        stack.env.update(ALLOWED_HOSTS="127.0.0.1", BEHIND_TLS_PROXY="1", WEB_CONCURRENCY="2")
        for command in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
            result = stack.manage(*command)
            assert result.returncode == 0, result.stderr
        port = free_port()
        log = Path(stack.env["FACTCHECK_VAR_DIR"]) / "gunicorn.log"
        with open(log, "wb") as out:
            server = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "-c",
                    "factcheck/gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "factcheck.wsgi",
                ],
                cwd=REPO,
                env=stack.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_for_port(port, process=server)
            login, body = _get(port, "/workbench/login/")
            assert login.status == 200, log.read_text()
            assert login.getheader("Server") == "gunicorn"
            assert b'name="password"' in body
            # The measuring header is opt-in (FACTCHECK_QUERY_COUNT_HEADER): not here.
            assert login.getheader("X-Query-Count") is None

            css, served = _get(port, "/static/claims/workbench.css")
            assert css.status == 200
            assert served == (REPO / "claims/static/claims/workbench.css").read_bytes()
            assert "max-age" in (css.getheader("Cache-Control") or "")

            missing, _ = _get(port, "/static/claims/no-such-file.css")
            assert missing.status == 404

            workers = subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
            ).stdout.split()
            assert len(workers) == 2
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        # One access-log line per request, with the time it took.
        logged = log.read_text()
        assert '"GET /workbench/login/ HTTP/1.1" 200' in logged
        assert '"GET /static/claims/workbench.css HTTP/1.1" 200' in logged
        assert server.returncode == 0, logged
