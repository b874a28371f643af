"""The first end-to-end path, through a real `celery worker` process on both stacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.services import Stack

pytestmark = pytest.mark.integration

ARTICLE_QUERY = """
import json
from claims.models import Article, ImportJob
rows = []
for a in Article.objects.all():
    claims = list(a.claims.order_by("position"))
    rows.append({
        "published": a.published.isoformat() if a.published else None,
        "author": a.author,
        "outlet": a.outlet,
        "claims": [c.text for c in claims],
        "anchored": all(a.text[c.start:c.end] == c.text for c in claims),
        "checks": list(a.checks.values_list("check_name", "result")),
    })
jobs = list(ImportJob.objects.order_by("pk").values("status", "task_id", "summary"))
print(json.dumps({"articles": rows, "jobs": jobs}))
"""


def test_a_worker_imports_the_sample_once_and_a_second_import_adds_nothing(
    stack: Stack, sample_path: Path
) -> None:
    with stack.worker():
        first = stack.manage("import_articles", str(sample_path), "--timeout", "120")
        assert first.returncode == 0, first.stderr + stack.worker_log()
        assert "1 imported, 0 already present, 0 failed" in first.stdout

        again = stack.manage("import_articles", str(sample_path), "--timeout", "120")
        assert again.returncode == 0, again.stderr + stack.worker_log()
        assert "0 imported, 1 already present, 0 failed" in again.stdout

    state = stack.query(ARTICLE_QUERY)
    assert len(state["articles"]) == 1
    article = state["articles"][0]
    assert article["published"] == "2019-08-08"
    assert article["author"] == "John Binder"
    assert article["outlet"] == "Breitbart News"
    assert article["anchored"] is True
    assert any("About 300 of the 680" in text for text in article["claims"])
    assert not any("Follow him on Twitter" in text for text in article["claims"])
    assert 14 <= len(article["claims"]) <= 30
    # Both jobs ran in the worker (only a worker sets the task id) and finished.
    assert [job["status"] for job in state["jobs"]] == ["succeeded", "succeeded"]
    assert all(job["task_id"] for job in state["jobs"])
    summary = state["jobs"][0]["summary"]
    assert (summary["imported"], summary["duplicates"], summary["failed"]) == (1, 0, 0)
