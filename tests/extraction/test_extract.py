from __future__ import annotations

import sys
import types
from collections.abc import Sequence

import pytest

from claims.extraction import extract
from tests.extraction.conftest import ConstantScorer

TEXT = "Officials said 12 people died. The bridge is closed. Twenty were hurt."


def test_the_scorer_is_called_once_per_document(scorer: ConstantScorer) -> None:
    result = extract(TEXT, scorer=scorer)
    assert len(scorer.calls) == 1 and scorer.calls[0] == [c.text for c in result.claims]


def test_without_a_scorer_the_worthiness_default_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    class Fixed:
        def score(self, texts: Sequence[str]) -> list[float]:
            return [0.9] * len(texts)

    fake = types.ModuleType("claims.extraction.worthiness")
    fake.default_scorer = Fixed  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "claims.extraction.worthiness", fake)
    assert {c.score for c in extract(TEXT).claims} == {0.9}


def test_to_dict_is_json_ready() -> None:
    import json

    data = extract(TEXT, scorer=ConstantScorer()).to_dict()
    assert set(data) == {"metadata", "claims", "checks"}
    assert json.loads(json.dumps(data)) == data
    assert data["claims"][0]["quantities"][0]["value"] == 12
