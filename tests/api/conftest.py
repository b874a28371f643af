"""The API tests' cast: the review cast (tests/test_reviews_support.py) with API clients
that authenticate by token, as scripts do."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    # Throttle counters live in the cache; every test starts with none.
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture
def as_reviewer(reviewer) -> APIClient:
    return token_client(reviewer)


@pytest.fixture
def as_editor(editor) -> APIClient:
    return token_client(editor)


@pytest.fixture
def as_second_editor(second_editor) -> APIClient:
    return token_client(second_editor)


@pytest.fixture
def as_outsider(outsider) -> APIClient:
    return token_client(outsider)
