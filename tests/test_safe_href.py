"""No page ever links to a stored javascript:, data: or vbscript: address.

Article and source urls come from imports and from people; rows stored before the
importers and the services refused such urls may still hold one. Every template that
turns stored data into an href goes through `safe_href`; the pages below are rendered
with a hostile url in every such place.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from claims.forms import EvidenceForm
from claims.models import Article, Evidence, Source
from claims.services.reviews import ReviewError, evidence_add, source_find_or_create
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import article_with_claims

HOSTILE = {
    "javascript": "javascript:alert(document.cookie)",
    "mixed-case javascript": "JaVaScRiPt:alert(1)",
    "javascript behind a tab": "java\tscript:alert(1)",
    "javascript behind a space": " javascript:alert(1)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript": "vbscript:msgbox(1)",
}
_HREF = re.compile(r"""href\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def _assert_no_hostile_href(page: str) -> None:
    """Every href on the page is a web URL, a path, a query or a fragment: nothing a
    browser would run (it ignores case, surrounding space and tabs in the scheme)."""
    for match in _HREF.finditer(page):
        value = html.unescape(match.group(2)).strip().lower()
        value = re.sub(r"[\t\n\r]", "", value)
        assert not value.startswith(("javascript:", "data:", "vbscript:")), match.group(0)
        assert value == "" or value.startswith(("http://", "https://", "/", "#", "?")), match.group(
            0
        )


@pytest.fixture
def as_reviewer(client: Client, reviewer) -> Client:
    client.force_login(reviewer)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_reader_never_links_an_article_url_that_is_not_http(as_reviewer, case: str):
    article = article_with_claims(2)
    Article.objects.filter(pk=article.pk).update(url=HOSTILE[case])  # a row stored earlier

    page = as_reviewer.get(reverse("claims:article", args=[article.pk])).content.decode()

    _assert_no_hostile_href(page)
    assert 'id="article-meta"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_review_page_never_links_a_source_url_that_is_not_http(
    as_reviewer, reviewer, case: str
):
    claim = article_with_claims(2).claims.first()
    # A source stored earlier (or through the admin) with a hostile url.
    source = Source.objects.create(url=HOSTILE[case], title="Budget office")
    evidence_add(claim_id=claim.pk, by=reviewer, stance="refutes", source=source, quote="Q.")

    page = as_reviewer.get(reverse("claims:claim", args=[claim.pk])).content.decode()

    _assert_no_hostile_href(page)
    assert "Budget office" in page  # still shown, as text


@pytest.mark.django_db
def test_http_article_and_source_urls_are_still_links(as_reviewer, reviewer):
    article = article_with_claims(2)
    Article.objects.filter(pk=article.pk).update(url="https://example.org/bridge")
    claim = article.claims.first()
    evidence_add(claim_id=claim.pk, by=reviewer, stance="refutes", url="https://example.org/budget")

    reader = as_reviewer.get(reverse("claims:article", args=[article.pk])).content.decode()
    review = as_reviewer.get(reverse("claims:claim", args=[claim.pk])).content.decode()

    assert 'href="https://example.org/bridge"' in reader
    assert 'href="https://example.org/budget"' in review


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_safe_href_filter_gives_nothing_for_a_non_http_url(case: str):
    rendered = Template("{% load safe_links %}[{{ url|safe_href }}]").render(
        Context({"url": HOSTILE[case]})
    )
    assert rendered == "[]"


# Hrefs built from variables that are not stored data: URLs the views reverse themselves.
_INTERNAL_HREFS = {
    ("claims/import_job.html", "a.url"),  # reverse("claims:article", ...) in the view
    ("public/base.html", "canonical"),  # FACTCHECK_SITE_URL + reverse(...) in the view
    ("public/claim.html", "article_page"),  # reverse("public:article", ...) in the view
}


def test_every_template_href_from_data_goes_through_safe_href():
    found = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        name = path.relative_to(Path(settings.BASE_DIR, "templates")).as_posix()
        for variable, _filters in re.findall(
            r"""href=["']\{\{\s*([^}|\s]+)([^}]*)\}\}""", path.read_text()
        ):
            if (name, variable) in _INTERNAL_HREFS:
                continue
            found.append((name, variable))
    # A data href is written as {% with href=value|safe_href %}...href="{{ href }}"...
    assert all(variable == "href" for _, variable in found), found
    uses = [
        path.name
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if "|safe_href" in path.read_text()
    ]
    assert {"reader.html", "_earlier_verdict.html", "_evidence_panel.html"} <= set(uses)


# --- Reviewers cannot enter such urls in the first place ------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.example.org/report.pdf", "data:text/html,x"]
)
def test_a_source_url_that_is_not_http_is_refused_by_the_service(url: str):
    with pytest.raises(ReviewError, match="http or https") as caught:
        source_find_or_create(url=url, title="Report")
    assert str(caught.value).endswith(".")
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_evidence_with_a_non_http_source_url_is_refused_and_nothing_is_stored(reviewer):
    claim = article_with_claims(2).claims.first()
    with pytest.raises(ReviewError, match="http or https"):
        evidence_add(
            claim_id=claim.pk,
            by=reviewer,
            stance="refutes",
            url="ftp://files.example.org/report.pdf",
        )
    assert not Evidence.objects.exists() and not Source.objects.exists()


@pytest.mark.django_db
def test_the_evidence_form_refuses_an_ftp_source_url():
    form = EvidenceForm(
        {"url": "ftp://files.example.org/report.pdf", "stance": "refutes", "title": "Report"}
    )
    assert not form.is_valid()
    assert "url" in form.errors
