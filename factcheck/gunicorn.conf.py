"""gunicorn settings for the workbench: the production web server.

    gunicorn -c factcheck/gunicorn.conf.py factcheck.wsgi

Every value can be changed from the environment (GUNICORN_*, WEB_CONCURRENCY), like the
rest of the settings; a malformed number stops the server at start-up naming the variable.
https://docs.gunicorn.org/en/stable/settings.html

Sizing (README, "Production and scale-out"): a request spends most of its time waiting for
PostgreSQL, so each worker process runs GUNICORN_THREADS threads (the gthread worker);
workers x threads requests run at once per machine, and each of them holds one database
connection while CONN_MAX_AGE keeps it open.
"""

from __future__ import annotations

import logging
import os

_logger = logging.getLogger("gunicorn.error")


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}; got {value}.")
    return value


# Behind a reverse proxy on the same machine: 127.0.0.1:8000 (the default). Listening on
# every address (0.0.0.0:8000) only when a load balancer elsewhere forwards to it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes per core plus one is gunicorn's rule of thumb for a sync app; capped at 8
# so a large machine does not open more database connections than PostgreSQL allows.
workers = _int("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8), minimum=1)
threads = _int("GUNICORN_THREADS", 2, minimum=1)
worker_class = "gthread" if threads > 1 else "sync"
# A worker that stops answering the master's heartbeat for this long is restarted. With
# threads (gthread) the worker's main loop keeps beating while a request runs, so this
# does not cut a slow request short: nothing should come near it (imports and exports
# are Celery jobs), and a statement_timeout on the database bounds a runaway query.
timeout = _int("GUNICORN_TIMEOUT", 60, minimum=1)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)
keepalive = _int("GUNICORN_KEEPALIVE", 5, minimum=0)
# Workers are replaced after this many requests (plus up to the jitter, so they do not all
# restart together): bounds the growth of any slow leak in a long-lived process.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000, minimum=0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200, minimum=0)
# Load Django once in the master, then fork: workers start faster and share memory. No
# database connection is opened at import; post_fork closes any, to be sure none is shared.
preload_app = True
# Heartbeat files in memory, not on a disk that may stall (containers: /tmp on overlayfs).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Access log on stdout: client, user, time, request line, status, bytes, referrer, agent,
# and the time the request took in milliseconds (the last field).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s - %(u)s %(t)s "%(r)s" %(s)s %(B)s "%(f)s" "%(a)s" %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Addresses of proxies whose X-Forwarded-* headers are trusted (comma-separated).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "factcheck-web"
# gunicorn's control socket (`gunicornc`) defaults to one path per user, which two servers
# on one machine (tests, benches, two deployments) would share: off unless a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def when_ready(server: object) -> None:
    from django.conf import settings

    static_root = settings.STATIC_ROOT
    if not os.path.isdir(static_root) or not any(os.scandir(static_root)):
        _logger.warning(
            "No static files in %s: run `python manage.py collectstatic --noinput` "
            "(with the same environment) before starting the server.",
            static_root,
        )


def post_fork(server: object, worker: object) -> None:
    from django.db import connections

    connections.close_all()
