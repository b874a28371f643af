"""ClaimReview never carries a url that is not http(s), whichever path read the rows."""

from __future__ import annotations

import io
import json

import pytest

from claims.exporters import claimreview
from tests.exporters.factories import claim_row, context

HOSTILE = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "/a"]


def _reviews(rows, ctx=None) -> list[dict]:
    out = io.BytesIO()
    claimreview.write(rows, out, ctx or context())
    return json.loads(out.getvalue())["@graph"]


def _urls(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [value for key, value in node.items() if key == "url"]
        return found + [url for value in node.values() for url in _urls(value)]
    if isinstance(node, list):
        return [url for value in node for url in _urls(value)]
    return []


@pytest.mark.parametrize("url", HOSTILE)
def test_an_article_url_that_is_not_http_never_becomes_the_appearance_url(url: str):
    [review] = _reviews([claim_row(article_url=url)])
    assert "appearance" not in review["itemReviewed"]
    assert "firstAppearance" not in review["itemReviewed"]
    assert all(found.startswith("https://") for found in _urls(review)), _urls(review)


def test_a_desk_url_that_is_not_http_is_left_out_of_the_author():
    [review] = _reviews([claim_row()], context(desk_url="javascript:alert(1)"))
    assert "url" not in review["author"]


def test_an_http_article_url_is_still_the_appearance_url():
    [review] = _reviews([claim_row(article_url="https://example.org/news/1")])
    assert review["itemReviewed"]["appearance"]["url"] == "https://example.org/news/1"
