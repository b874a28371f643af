"""Shared fixtures: a small named cast, and the sample article."""

from __future__ import annotations

from pathlib import Path

import pytest

# The named cast (reviewer, editor, outsider, ...) for every test module.
pytest_plugins = ["tests.cast"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "samples" / "ice-raids-mississippi-2019-08-08.txt"


@pytest.fixture(autouse=True)
def fresh_queue_options():
    """The queue's pickers are cached for a minute (selectors_review.queue_options); each
    test starts without them, so it sees its own reviewers and outlets."""
    from django.core.cache import cache

    cache.delete("claims:queue-options")
    yield
    cache.delete("claims:queue-options")


@pytest.fixture
def sample_path() -> Path:
    if not SAMPLE.exists():
        pytest.skip(f"the shared sample article is not at {SAMPLE}")
    return SAMPLE
