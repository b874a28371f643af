"""Settings for the test run: the production settings, made faster and isolated.

Environment defaults are set before factcheck.settings reads them; anything given in the
environment (DATABASE_URL, CELERY_BROKER_URL, ...) still wins.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="factcheck-tests-"))
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Required whenever DEBUG is off (the ClaimReview urls and the public pages' address).
os.environ.setdefault("FACTCHECK_SITE_URL", "http://127.0.0.1:8000")

from factcheck.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The tests run in one process, whose memory cache is then as shared as a deployment's
# Redis (CACHE_URL): sessions as such a deployment reads them, from the cache (the query
# counts per page assert that deployment's figures).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The search race's threads keep connections of their own between searches, which would
# outlive a test and hold the test database open: only tests/test_search_race.py turns the
# race on, and closes them (selectors_search.close_race_connections). Inside a test's
# transaction a page is read one way after the other anyway.
FACTCHECK_SEARCH_RACE = False
