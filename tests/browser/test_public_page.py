# ruff: noqa: F811
"""A public fact-check page in a real browser, visited by someone who never signed in: the
verdict, the rationale and the sources show, and the page's embedded ClaimReview parses
as JSON-LD whose `url` is this very page at FACTCHECK_SITE_URL. After an editor unpublishes
the verdict the page answers 410 Gone. Same stack as test_workbench_flow.py (runserver as
a process, SQLite), Debian's Chromium driven by Playwright; no worker is needed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.test_workbench_flow import (  # noqa: F401
    CHROMIUM_ARGS,
    USERS,
    browser,
    require_browser,
    shot,
)
from tests.integration.services import Stack, browser_stack, web_server

pytestmark = pytest.mark.integration

# The public address the desk configured; the test server itself runs on a free port.
SITE = "https://factcheck.example.org"

SEED = """
import hashlib, json
from django.contrib.auth.models import User
from claims.models import Article, Claim, Rating
from claims.services import reviews
rita, edna = User.objects.get(username='rita'), User.objects.get(username='edna')
rita.first_name, rita.last_name = 'Rita', 'Reyes'; rita.save()
sentences = ['The harbor bridge carried 48,000 vehicles a day in 2025, the mayor said.',
             'Repairs cost the city 40 million dollars.']
text = 'Harbor notes.\\n\\n' + ' '.join(sentences) + '\\n\\nMore next week.'
article = Article.objects.create(
    text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
    title='Harbor bridge traffic', outlet='Daily Planet', url='https://planet.example.com/bridge')
start = text.index(sentences[0])
claim = Claim.objects.create(article=article, position=0, start=start,
    end=start + len(sentences[0]), text=sentences[0],
    attributions=[{'speaker': 'The mayor', 'cue': 'said'}])
reviews.evidence_add(claim_id=claim.pk, by=rita, stance='refutes',
    url='https://transport.example.gov/counts-2025', title='Traffic counts 2025',
    publisher='Harbor Transport Office', quote='average daily traffic: 31,200 vehicles')
claim = reviews.verdict_record(claim_id=claim.pk, rating=Rating.objects.get(
    scale__is_active=True, name='False'), rationale='The transport office counted 31,200.',
    by=rita, expected_version=claim.version)
for status, by in (('awaiting_approval', rita), ('approved', edna), ('published', edna)):
    claim = reviews.claim_transition(claim_id=claim.pk, to_status=status, by=by,
        expected_version=claim.version)
print(json.dumps([claim.pk, article.pk]))
"""

UNPUBLISH = """
import json
from django.contrib.auth.models import User
from claims.models import Claim
from claims.services import reviews
claim = Claim.objects.get(pk={claim_id})
reviews.claim_transition(claim_id=claim.pk, to_status='in_review',
    by=User.objects.get(username='edna'), expected_version=claim.version,
    comment='The transport office revised its count.', step_name='unpublish')
print(json.dumps(Claim.objects.get(pk=claim.pk).status))
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Stack, str]]:
    require_browser()
    with browser_stack(tmp_path) as stack:
        stack.env["FACTCHECK_SITE_URL"] = SITE
        result = stack.manage("migrate", "--noinput")
        assert result.returncode == 0, result.stderr
        assert stack.query(USERS) == 1
        with web_server(stack) as url:
            yield stack, url


def test_an_anonymous_reader_sees_the_verdict_and_a_valid_claimreview(site, browser):
    stack, url = site
    claim_id, article_id = stack.query(SEED)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    response = page.goto(f"{url}/factchecks/{claim_id}/")

    assert response.status == 200
    assert page.url == f"{url}/factchecks/{claim_id}/"  # no detour to a login page
    assert page.inner_text("#verdict .verdict") == "False"
    assert page.inner_text("#rationale") == "The transport office counted 31,200."
    assert page.inner_text("#claim-context mark").startswith("The harbor bridge carried 48,000")
    assert "Repairs cost the city" in page.inner_text("#claim-context")
    source = page.locator("#sources a")
    assert source.inner_text() == "Traffic counts 2025"
    assert source.get_attribute("href") == "https://transport.example.gov/counts-2025"
    assert "Checked by Rita Reyes" in page.inner_text("#reviewed-by")
    assert "Approved by edna" in page.inner_text("#reviewed-by")
    shot(page, "public-factcheck")

    # The embedded ClaimReview, as a crawler reads it from the page.
    raw = page.eval_on_selector('script[type="application/ld+json"]', "s => s.textContent")
    document = json.loads(raw)
    path = page.evaluate("() => location.pathname")
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "ClaimReview"
    assert document["url"] == f"{SITE}{path}"
    assert document["reviewRating"]["alternateName"] == "False"
    assert document["itemReviewed"]["author"] == {"@type": "Person", "name": "The mayor"}
    assert document["itemReviewed"]["appearance"]["url"] == "https://planet.example.com/bridge"
    assert len(document["claimReviewed"]) < 75
    assert not errors
    assert not [c for c in context.cookies() if c["name"] == "sessionid"]

    # The article's page lists the verdict and links back.
    page.click("#article-meta a >> nth=0")
    page.wait_for_url(f"{url}/factchecks/articles/{article_id}/")
    assert "False" in page.inner_text("#claims")
    shot(page, "public-article")

    # An editor unpublishes the verdict: the page is gone.
    assert stack.query(UNPUBLISH.format(claim_id=claim_id)) == "in_review"
    gone = page.goto(f"{url}/factchecks/{claim_id}/")
    assert gone.status == 410
    assert "withdrawn" in page.inner_text("h1")
    assert "48,000" not in page.content()
    shot(page, "public-gone")
    context.close()
