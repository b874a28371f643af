from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.services import STACKS


@pytest.fixture(params=list(STACKS))
def stack(request: pytest.FixtureRequest, tmp_path: Path):
    """Each stack in turn (Redis + PostgreSQL, the embedded default), migrated."""
    with STACKS[request.param](tmp_path) as running:
        result = running.manage("migrate", "--noinput")
        assert result.returncode == 0, result.stderr
        yield running
