"""factcheck.cache.RedisCache: Django's Redis cache against the machine's Redis, under a
key prefix of this run's own (removed at the end), with one client kept per pool."""

from __future__ import annotations

import pytest
import redis

from factcheck.cache import RedisCache
from tests.integration.services import REDIS, REDIS_URL, RUN_ID, require_service


@pytest.fixture
def shared_cache():
    require_service("Redis", REDIS)
    prefix = f"factcheck-test-cache-{RUN_ID}"
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield cache
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_values_go_to_redis_and_come_back(shared_cache):
    shared_cache.set("session", {"user": 7, "roles": ["Reviewer"]}, 60)
    shared_cache.set_many({"a": 1, "b": 2}, 60)

    assert shared_cache.get("session") == {"user": 7, "roles": ["Reviewer"]}
    assert shared_cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert shared_cache.incr("a") == 2
    shared_cache.delete("session")
    assert shared_cache.get("session", "gone") == "gone"
    # Under the run's prefix in the real server, not in this process.
    raw = redis.Redis.from_url(REDIS_URL)
    assert raw.exists(shared_cache.make_and_validate_key("b")) == 1


def test_one_client_serves_every_call(shared_cache):
    first = shared_cache._cache.get_client("x", write=True)

    shared_cache.set("x", 1, 60)
    assert shared_cache.get("x") == 1

    assert shared_cache._cache.get_client("y") is first
