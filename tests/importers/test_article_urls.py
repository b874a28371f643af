"""Imported article urls: only http(s) ones are kept; anything else is left out with a
warning on the draft, whatever the format it came in."""

from __future__ import annotations

import json

import pytest

from claims.importers import ArticleDraft
from claims.weblinks import is_web_url

from ._helpers import assert_readable, run

BODY = "The regional bus company added 40 buses to its fleet this spring, its director said."

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative/path",
    "http://",
    "http://exa mple.org/",
    "https://example.org:notaport/",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_and_https_urls_with_a_host_are_web_urls(url: str) -> None:
    assert not is_web_url(url)


@pytest.mark.parametrize(
    "url", ["http://example.org", "https://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/x"]
)
def test_http_and_https_urls_are_web_urls(url: str) -> None:
    assert is_web_url(url)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_json_lines_record_with_a_non_http_url_is_imported_without_it(url: str) -> None:
    data = (
        json.dumps({"title": "Buses", "url": url, "text": BODY})
        + "\n"
        + json.dumps({"title": "Rain", "url": "https://example.org/rain", "text": BODY + " Rain."})
        + "\n"
    ).encode()
    first, second = run(data, "batch.jsonl")
    assert isinstance(first, ArticleDraft) and isinstance(second, ArticleDraft)
    assert first.url == ""
    [warning] = first.warnings
    assert "not an http or https address" in warning
    assert_readable(warning)
    assert second.url == "https://example.org/rain" and second.warnings == ()


def test_a_csv_row_with_a_javascript_url_is_imported_without_it() -> None:
    data = f'title,url,text\nBuses,javascript:alert(1),"{BODY}"\n'.encode()
    [draft] = run(data, "batch.csv")
    assert isinstance(draft, ArticleDraft)
    assert draft.url == "" and "javascript:alert(1)" in draft.warnings[0]


def test_a_very_long_refused_url_is_shortened_in_the_warning() -> None:
    url = "javascript:" + "a" * 5000
    data = json.dumps({"url": url, "text": BODY}).encode()
    [draft] = run(data, "one.json")
    assert isinstance(draft, ArticleDraft)
    assert len(draft.warnings[0]) < 300
