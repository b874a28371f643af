"""The real app for live API tests: a stack (tests/integration/services.py) migrated,
with a reviewer and an editor who have API tokens, served by `manage.py runserver`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests

from tests.integration.services import Stack, web_server

USERS = """
import json
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
tokens = {}
for name, group in (("rita", "Reviewer"), ("edna", "Editor")):
    user = User.objects.create_user(name, f"{name}@example.org", "a-long-test-password")
    user.groups.add(Group.objects.get(name=group))
    tokens[group.lower()] = Token.objects.create(user=user).key
print(json.dumps(tokens))
"""


@dataclass
class LiveApi:
    stack: Stack
    base: str
    tokens: dict[str, str]

    def session(self, role: str) -> requests.Session:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {self.tokens[role]}"
        return session

    def url(self, path: str) -> str:
        return self.base + path

    def wait_for_job(self, session: requests.Session, path: str, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = session.get(self.url(path), timeout=30).json()
            if job["finished"]:
                return job
            time.sleep(0.5)
        raise AssertionError(f"{path} did not finish in {timeout} s:\n{self.stack.worker_log()}")


@contextmanager
def live_api(stack: Stack) -> Iterator[LiveApi]:
    # Plain http on 127.0.0.1; throttling high enough for the fuzzer (which also resends
    # requests without credentials, expecting 401) and the 50 threads.
    stack.env.update(
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        API_THROTTLE_USER="1000000/minute",
        API_THROTTLE_ANON="1000000/minute",
        DB_CONN_MAX_AGE="0",
    )
    migrated = stack.manage("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    tokens = stack.query(USERS)
    with web_server(stack) as base:
        yield LiveApi(stack, base, tokens)  # type: ignore[arg-type]
