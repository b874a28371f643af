"""The API against the real app: a runserver process, real celery workers, PostgreSQL.

- a script imports the sample, lists its claims, adds evidence, records, approves and
  publishes a verdict and downloads the ClaimReview export, with tokens only;
- 50 clients update one claim at once with If-Match and no update is lost.

schemathesis holds the live API to its schema, as a reviewer and as an editor, in
test_conformance.py.
"""

from __future__ import annotations

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.api.live import LiveApi, live_api
from tests.integration.services import STACKS, redis_postgres_stack

pytestmark = pytest.mark.integration


@pytest.fixture(params=list(STACKS))
def any_stack(request: pytest.FixtureRequest, tmp_path: Path):
    with STACKS[request.param](tmp_path) as stack, live_api(stack) as api:
        yield api


@pytest.fixture
def postgres_api(tmp_path: Path):
    with redis_postgres_stack(tmp_path) as stack, live_api(stack) as api:
        yield api


def test_a_script_imports_reviews_approves_and_exports_through_the_api_alone(
    any_stack: LiveApi, sample_path: Path
):
    api = any_stack
    reviewer, editor = api.session("reviewer"), api.session("editor")
    with api.stack.worker():
        with sample_path.open("rb") as handle:
            created = reviewer.post(api.url("/api/import-jobs/"), files={"files": handle})
        assert created.status_code == 202, created.text
        job = api.wait_for_job(reviewer, f"/api/import-jobs/{created.json()['id']}/")
        assert job["status"] == "succeeded" and job["summary"]["imported"] == 1, job

        article = reviewer.get(api.url("/api/articles/"), params={"import_job": job["id"]}).json()[
            "results"
        ][0]
        claims = reviewer.get(
            api.url("/api/claims/"), params={"article": article["id"], "min_score": 0.5}
        ).json()["results"]
        assert claims, "the sample has check-worthy claims"
        claim = claims[0]

        evidence = reviewer.post(
            api.url("/api/evidence/"),
            json={
                "claim": claim["id"],
                "stance": "supports",
                "url": "https://www.ice.gov/news/releases/mississippi",
                "title": "ICE release",
                "quote": "approximately 680 removable aliens",
            },
        )
        assert evidence.status_code == 201, evidence.text
        ratings = reviewer.get(api.url("/api/ratings/"), params={"active": "true"}).json()
        true = next(r for r in ratings["results"] if r["name"] == "True")
        detail = reviewer.get(api.url(f"/api/claims/{claim['id']}/"))
        verdict = reviewer.patch(
            api.url(f"/api/claims/{claim['id']}/"),
            json={"verdict": true["id"], "rationale": "The ICE release gives the figure."},
            headers={"If-Match": detail.headers["ETag"]},
        )
        assert verdict.status_code == 200, verdict.text
        submitted = reviewer.post(
            api.url(f"/api/claims/{claim['id']}/submit/"),
            headers={"If-Match": verdict.headers["ETag"]},
        )
        assert submitted.status_code == 200, submitted.text
        approved = editor.post(
            api.url(f"/api/claims/{claim['id']}/approve/"),
            headers={"If-Match": submitted.headers["ETag"]},
        )
        assert approved.status_code == 200, approved.text
        assert approved.json()["claim"]["status"] == "approved"
        # ClaimReview lists published claims: those with a public page at its url.
        published = editor.post(
            api.url(f"/api/claims/{claim['id']}/publish/"),
            headers={"If-Match": approved.headers["ETag"]},
        )
        assert published.status_code == 200, published.text
        assert published.json()["claim"]["status"] == "published"

        export = editor.post(
            api.url("/api/export-jobs/"),
            json={"format": "claimreview", "filters": {"article_ids": [article["id"]]}},
        )
        assert export.status_code == 202, export.text
        done = api.wait_for_job(editor, f"/api/export-jobs/{export.json()['id']}/")
        assert done["status"] == "succeeded", done
        download = editor.get(done["download_url"])

    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/ld+json"
    document = json.dumps(download.json())
    assert claim["text"][:60] in document
    assert '"alternateName": "True"' in document


def test_fifty_concurrent_conflicting_updates_lose_nothing(postgres_api: LiveApi):
    api = postgres_api
    seeded = api.stack.query(SEED_CLAIM)
    path = api.url(f"/api/claims/{seeded['claim']}/")
    base_tag = f'"{seeded["version"]}"'
    start = threading.Barrier(50)

    def update(n: int) -> tuple[int, int]:
        """First a blind write on the shared base version, then read-modify-write with
        If-Match until it lands. Returns (412s on the base version, retries)."""
        session = api.session("reviewer")
        marker = f"[m{n:02d}]"
        start.wait()
        first = session.patch(
            path, json={"rationale": f"base {marker}"}, headers={"If-Match": base_tag}
        )
        conflicts = int(first.status_code == 412)
        if first.status_code == 200:
            return conflicts, 0
        assert first.status_code == 412, first.text
        assert first.json()["error"]["details"]["current_version"] >= seeded["version"]
        for attempt in range(1, 500):
            current = session.get(path)
            rationale = current.json()["claim"]["rationale"]
            response = session.patch(
                path,
                json={"rationale": f"{rationale} {marker}"},
                headers={"If-Match": current.headers["ETag"]},
            )
            if response.status_code == 200:
                return conflicts, attempt
            assert response.status_code == 412, response.text
            assert (
                response.headers["ETag"]
                == f'"{response.json()["error"]["details"]["current_version"]}"'
            )
        raise AssertionError(f"{marker} never landed")

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(update, range(50)))

    final = api.session("reviewer").get(path).json()["claim"]
    markers = re.findall(r"\[m(\d\d)\]", final["rationale"])
    # Exactly one of the 50 writes on the same base version won; the rest were refused.
    assert sum(conflicts for conflicts, _ in results) == 49
    # None lost: every marker is there once, and every success bumped the version once.
    assert sorted(markers) == [f"{n:02d}" for n in range(50)]
    assert final["version"] == seeded["version"] + 50
    history = api.stack.query(HISTORY.format(claim=seeded["claim"]))
    assert history == seeded["version"] + 50


SEED_CLAIM = """
import hashlib, json
from django.contrib.auth.models import User
from claims.models import Article, Claim, Rating
from claims.services.reviews import verdict_record
text = 'The city spent 40 million dollars on repairs.'
article = Article.objects.create(text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
claim = Claim.objects.create(article=article, position=0, start=0, end=len(text), text=text)
claim = verdict_record(claim_id=claim.pk, rating=Rating.objects.get(scale__is_active=True, name='False'),
                       rationale='Seeded.', by=User.objects.get(username='rita'), expected_version=1)
print(json.dumps({'claim': claim.pk, 'version': claim.version}))
"""
HISTORY = """
import json
from claims.models import Claim
print(json.dumps(Claim.history.filter(id={claim}).count()))
"""
