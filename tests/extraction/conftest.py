"""Shared helpers for the pure extraction tests (no Django, no database)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest


class ConstantScorer:
    """Stands in for the worthiness model so these tests exercise extraction only."""

    def __init__(self, value: float = 0.5) -> None:
        self.value = value
        self.calls: list[list[str]] = []

    def score(self, texts: Sequence[str]) -> list[float]:
        self.calls.append(list(texts))
        return [self.value] * len(texts)


@pytest.fixture
def scorer() -> ConstantScorer:
    return ConstantScorer()
