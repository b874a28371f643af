"""Shared fixtures: a small named cast, and the sample article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The named cast (reviewer, editor, outsider, ...) for every test module.
pytest_plugins = ["tests.cast"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "samples" / "ice-raids-mississippi-2019-08-08.txt"


@pytest.fixture(autouse=True)
def fresh_queue_options():
    """The pickers are cached for a minute (selectors_review.queue_options,
    recent_sources); each test starts without them, so it sees its own reviewers,
    outlets, ratings and sources."""
    from django.core.cache import cache

    from claims.selectors_review import QUEUE_OPTIONS_KEY, RECENT_SOURCES_KEY

    keys = [QUEUE_OPTIONS_KEY, RECENT_SOURCES_KEY]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def shared_path(path: Path) -> Path:
    """``path`` under ../shared, or skip the test saying what is missing; in CI
    (CI=true, where shared/ is always laid beside the clone) a missing file fails."""
    if not path.exists():
        message = f"{path} not found (../shared is not checked out)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def sample_path() -> Path:
    return shared_path(SAMPLE)


@pytest.fixture
def roles_again(transactional_db) -> None:
    """The roles and rating scale of the data migrations, made again when an earlier
    transactional test's flush removed them (pytest-django runs those tests last)."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    if Group.objects.filter(name="Reviewer").exists():
        return
    # The migration functions set models_module to None when done (right for migration
    # state); the real app config keeps its own.
    app_config = apps.get_app_config("claims")
    models_module = app_config.models_module
    try:
        import_module("claims.migrations.0002_default_rating_scale_and_roles").create_defaults(
            apps, None
        )
        import_module("claims.migrations.0003_claim_review_permissions").grant(apps, None)
    finally:
        app_config.models_module = models_module
