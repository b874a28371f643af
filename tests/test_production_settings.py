"""Settings the production server relies on (README, "The web server"), read in a fresh
process from the environment as a deployment would set it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'cache': s.CACHES['default'], 'user': s.API_THROTTLE_USER, "
    "'anon': s.API_THROTTLE_ANON, 'middleware': s.MIDDLEWARE}))"
)


def settings_with(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("API_", "CACHE_"))}
    base.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        SECRET_KEY="settings-test-secret-key-0123456789-abcdefghijklmnop",
        DEBUG="0",
        FACTCHECK_SITE_URL="https://factcheck.example.org",
        FACTCHECK_VAR_DIR=str(tmp_path),
        **env,
    )
    base.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", PRINT], cwd=REPO, env=base, capture_output=True, text=True
    )


def read(tmp_path: Path, **env: str) -> dict:
    result = settings_with(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_by_default_one_user_may_send_100_requests_a_second_and_counts_per_process(tmp_path):
    settings = read(tmp_path)
    assert settings["user"] == "100/second"
    assert settings["anon"] == "60/minute"
    assert settings["cache"]["BACKEND"].endswith("LocMemCache")


def test_cache_url_shares_the_throttle_counters_in_redis(tmp_path):
    settings = read(tmp_path, CACHE_URL="redis://127.0.0.1:6379/1", API_THROTTLE_USER="20/s")
    assert settings["cache"]["BACKEND"] == "factcheck.cache.RedisCache"
    assert settings["cache"]["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert settings["user"] == "20/s"


def test_a_cache_url_that_is_not_redis_stops_the_start_naming_the_variable(tmp_path):
    result = settings_with(tmp_path, CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be redis://" in result.stderr


def test_static_files_are_served_by_the_app_and_the_query_header_is_opt_in(tmp_path):
    plain = read(tmp_path)["middleware"]
    assert plain[1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert "factcheck.query_count.QueryCountMiddleware" not in plain
    measured = read(tmp_path, FACTCHECK_QUERY_COUNT_HEADER="1")["middleware"]
    assert measured[0] == "factcheck.query_count.QueryCountMiddleware"
