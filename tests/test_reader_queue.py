"""The reader and the queue: one name per article, the queue's check-worthy default, and
the reader's check-worthiness marks (through Django's test client)."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article, ImportJob
from tests.test_reviews_support import article_with_claims

pytestmark = pytest.mark.django_db

FIRST_LINE = (
    "About 300 of the 680 workers arrested at the food plants were released the same day "
    "on humanitarian grounds, officials said."
)
NAME = "About 300 of the 680 workers arrested at the food plants were released the same…"


@pytest.fixture
def as_reviewer(client: Client, reviewer) -> Client:
    client.force_login(reviewer)
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def _rows(client: Client, query: str = "") -> int:
    return len(client.get(reverse("claims:queue") + query).context["page"])


def test_an_untitled_article_has_the_same_name_on_every_screen(as_reviewer, reviewer):
    untitled = article_with_claims(2, title="", extra=FIRST_LINE + "\n\n")
    job = ImportJob.objects.create(requested_by=reviewer, total=1, done=1, status="succeeded")
    Article.objects.filter(pk=untitled.pk).update(import_job=job)
    untitled.refresh_from_db()

    assert untitled.display_name == str(untitled) == NAME
    assert len(NAME) <= 80
    assert f"<h1>{NAME}</h1>" in _page(as_reviewer, reverse("claims:article", args=[untitled.pk]))
    article_link = f'<a href="/workbench/articles/{untitled.pk}/">{NAME}</a>'
    assert article_link in _page(as_reviewer, reverse("claims:articles"))
    assert article_link in _page(as_reviewer, reverse("claims:queue") + "?min_score=0")
    progress = as_reviewer.get(reverse("claims:import_job_json", args=[job.pk])).json()
    assert [a["title"] for a in progress["articles"]] == [NAME]
    assert NAME in _page(as_reviewer, reverse("claims:claim", args=[untitled.claims.first().pk]))
    for page in (
        _page(as_reviewer, reverse("claims:article", args=[untitled.pk])),
        _page(as_reviewer, reverse("claims:articles")),
    ):
        assert "(untitled" not in page
        assert FIRST_LINE[:80] + "<" not in page


def test_the_article_list_names_untitled_articles_without_a_query_each(as_reviewer):
    article_with_claims(1, title="Harbour bridge costs rise")
    article_with_claims(1, title="", extra=FIRST_LINE + "\n\n")
    with CaptureQueriesContext(connection) as one:
        _page(as_reviewer, reverse("claims:articles"))
    for n in range(1, 5):
        article_with_claims(1, title="", extra=FIRST_LINE + "\n\n" + "\n" * n)
    with CaptureQueriesContext(connection) as five:
        page = _page(as_reviewer, reverse("claims:articles"))

    assert "Harbour bridge costs rise" in page
    assert page.count(NAME) == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_the_queue_lists_check_worthy_claims_by_default_and_all_on_request(as_reviewer):
    article = article_with_claims(4)  # scores 1.0, 0.75, 0.5, 0.25
    assert sorted(article.claims.values_list("score", flat=True)) == [0.25, 0.5, 0.75, 1.0]

    response = as_reviewer.get(reverse("claims:queue"))
    assert len(response.context["page"]) == 3
    assert all(claim.score >= 0.5 for claim in response.context["page"])
    page = html.unescape(response.content.decode())
    assert "Showing the check-worthy claims (score ≥ 0.5)" in page
    assert '<span class="count" data-status="new">3</span>' in page
    assert 'value="0.5"' in page  # the filter box shows the default it applies
    show_all = re.search(r'<a href="\?([^"]*)" id="show-all-scores">Show all scores</a>', page)
    assert show_all and show_all.group(1) == "min_score=0"

    assert _rows(as_reviewer, "?min_score=0") == 4
    assert _rows(as_reviewer, "?min_score=") == 4  # the filter box cleared and applied
    assert _rows(as_reviewer, "?min_score=0.8") == 1
    assert _rows(as_reviewer, "?status=new") == 3
    everything = _page(as_reviewer, reverse("claims:queue") + "?min_score=0")
    assert "Showing every score." in everything
    assert 'id="only-check-worthy"' in everything


def test_links_into_the_queue_that_meant_every_claim_still_list_every_claim(as_reviewer, editor):
    article = article_with_claims(4)
    reader = _page(as_reviewer, reverse("claims:article", args=[article.pk]))
    in_the_queue = re.search(r'<a href="(/workbench/queue/\?[^"]*)">in the queue</a>', reader)
    assert in_the_queue
    assert _rows(as_reviewer, in_the_queue.group(1).removeprefix("/workbench/queue/")) == 4

    client = Client()
    client.force_login(editor)
    dashboard = _page(client, reverse("claims:dashboard"))
    new_link = re.search(r'<a href="(/workbench/queue/\?status=new[^"]*)">', dashboard)
    assert new_link
    assert _rows(client, new_link.group(1).removeprefix("/workbench/queue/")) == 4

    # Status tabs and the search form keep an explicit "all scores".
    queue = _page(as_reviewer, reverse("claims:queue") + "?min_score=0")
    assert 'href="?min_score=0&status=new"' in queue
    assert '<input type="hidden" name="min_score" value="0">' in queue


def test_the_reader_marks_claims_by_check_worthiness(as_reviewer):
    article = article_with_claims(4)  # scores 1.0, 0.75, 0.5, 0.25
    page = as_reviewer.get(reverse("claims:article", args=[article.pk])).content.decode()
    bands = {}
    for claim in article.claims.all():
        link = re.search(rf'<a class="claim ([^"]*)" id="claim-{claim.pk}"[^>]*>(.*?)</a>', page)
        assert link, claim.pk
        bands[claim.score] = (link.group(1).split(), link.group(2))
    assert "cw-high" in bands[1.0][0] and "cw-high" in bands[0.75][0]
    assert "cw-worthy" in bands[0.5][0]
    assert "cw-low" in bands[0.25][0]
    # Not colour alone: a mark with words for screen readers and the score.
    assert "highly check-worthy, score" in bands[1.0][1] and "1.00</sup>" in bands[1.0][1]
    assert "check-worthy, score" in bands[0.5][1] and "0.50</sup>" in bands[0.5][1]
    assert "cw-mark" not in bands[0.25][1]
    assert 'id="reader-legend"' in page and 'id="cw-all"' in page
