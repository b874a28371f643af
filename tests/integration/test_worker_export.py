"""An export through a real `celery worker` process, on Redis + PostgreSQL and on the
embedded stack (filesystem broker + SQLite)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.integration.services import Stack

pytestmark = pytest.mark.integration

SEED = """
import hashlib, json
from claims.models import Article, Claim, Rating
sentences = ['=HYPERLINK("http://x","y") The bridge cost 2 billion dollars.',
             'The city spent 40 million dollars on repairs.']
text = ' '.join(sentences)
article = Article.objects.create(text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                                 title='Harbor bridge budget', outlet='Daily Planet',
                                 url='https://planet.example.com/bridge')
false = Rating.objects.get(scale__is_active=True, name='False')
cursor = 0
for position, sentence in enumerate(sentences):
    start = text.index(sentence, cursor); cursor = start + len(sentence)
    Claim.objects.create(article=article, position=position, start=start, end=cursor,
                         text=sentence, status='published' if position == 0 else 'new',
                         verdict=false if position == 0 else None,
                         rationale='The budget says otherwise.' if position == 0 else '')
print(json.dumps(Claim.objects.count()))
"""

JOBS = """
import json
from claims.models import ExportJob
print(json.dumps(list(ExportJob.objects.order_by('pk').values('status', 'task_id', 'done', 'total', 'format'))))
"""


def test_a_worker_writes_the_export_and_the_command_copies_it_out(
    stack: Stack, tmp_path: Path
) -> None:
    assert stack.query(SEED) == 2
    target = tmp_path / "out.csv"
    claimreview = tmp_path / "out.jsonld"

    with stack.worker():
        first = stack.manage(
            "export_verdicts", "--format", "csv", "-o", str(target), "--timeout", "120"
        )
        assert first.returncode == 0, first.stderr + stack.worker_log()
        second = stack.manage(
            "export_verdicts", "--format", "claimreview", "-o", str(claimreview), "--timeout", "120"
        )
        assert second.returncode == 0, second.stderr + stack.worker_log()

    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
    assert [row["status"] for row in rows] == ["published", "new"]
    assert rows[0]["claim"].startswith("'=HYPERLINK")
    assert rows[0]["verdict"] == "False"
    assert '"alternateName":"False"' in claimreview.read_text("utf-8")
    assert "40 million" not in claimreview.read_text("utf-8")  # only published claims

    jobs = stack.query(JOBS)
    # Both ran in the worker (only a worker sets the task id) and finished.
    assert [job["status"] for job in jobs] == ["succeeded", "succeeded"]
    assert all(job["task_id"] for job in jobs)
    assert [(job["done"], job["total"]) for job in jobs] == [(2, 2), (1, 1)]
