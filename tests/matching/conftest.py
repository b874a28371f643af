from __future__ import annotations

import pytest

from claims.services import matching


@pytest.fixture(autouse=True)
def fresh_library_index():
    """Each test's database starts empty; so must this process's in-memory index."""
    matching.library_reset()
    yield
    matching.library_reset()
