"""Plain-text articles with an optional leading header.

A header is a run of ``key value`` or ``key: value`` lines at the very top
(keys: date/published, title, url, author, outlet; any case). A date or URL
header may be followed by the body on the same line, as in files exported
by some clipping tools: `` date 2019-08-08 About 300 of the ...``.

Without a title header, a first line that reads as a headline becomes the title and
leaves the body, so it is not extracted as the article's first claim: a short line
(at most 150 characters and 20 words) with letters, not ending in a period, colon,
semicolon or comma, not a byline ("By ..."), followed by a blank line and more text.
A first line ending in a period is the opening sentence, and stays in the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._common import (
    DATE_TOKEN,
    DecodeError,
    date_with_warning,
    decode_text,
    make_draft,
    too_big_message,
)
from ._common import parse_date as _parse_date
from .types import ArticleDraft, ItemError, Limits

NAME = "txt"

_HEADER_LINE = re.compile(
    r"^[ \t]*(?P<key>date|published|title|url|author|outlet)"
    r"(?:[ \t]*(?P<colon>:)[ \t]*|[ \t]+)(?P<rest>.*)$",
    re.IGNORECASE,
)
_URL_TOKEN = re.compile(r"https?://\S+", re.IGNORECASE)
# Without a colon, "Title ..." or "Author ..." could just as well be the first
# sentence of the body; such lines only count next to a surer header line.
_MAX_BARE_HEADER_LINE = 200


def parse(data: bytes, *, item: str, limits: Limits) -> Iterator[ArticleDraft | ItemError]:
    # Checked before decoding so a huge file costs nothing but this test.
    if len(data) > limits.max_article_bytes:
        yield ItemError(item, too_big_message(limits.max_article_bytes))
        return
    try:
        text = decode_text(data)
    except DecodeError as exc:
        yield ItemError(item, str(exc))
        return
    fields, body, warnings = split_header(text)
    if not fields.get("title"):
        headline, body = split_headline(body)
        if headline:
            fields["title"] = headline
    published = None
    if "date" in fields:
        published, warning = date_with_warning(fields["date"], "the header")
        if warning:
            warnings.append(warning)
    yield make_draft(
        text=body,
        item=item,
        format=NAME,
        title=fields.get("title", ""),
        url=fields.get("url", ""),
        author=fields.get("author", ""),
        outlet=fields.get("outlet", ""),
        published=published,
        warnings=warnings,
        max_bytes=limits.max_article_bytes,
    )


def split_header(text: str) -> tuple[dict[str, str], str, list[str]]:
    """Split ``text`` into header fields and body.

    Returns (fields, body, warnings); ``fields`` uses the key "date" for both
    date and published. When no header is recognised the body is ``text``.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1

    fields: dict[str, str] = {}
    sure = False  # at least one line that cannot be mistaken for prose
    index = start
    inline_body: str | None = None
    while index < len(lines):
        parsed = _header_line(lines[index])
        if parsed is None:
            break
        key, value, remainder, certain = parsed
        fields.setdefault(key, value)
        sure = sure or certain
        index += 1
        if remainder:
            inline_body = remainder
            break

    if not fields or not sure:
        return {}, text, []
    rest = lines[index:]
    if inline_body is not None:
        rest = [inline_body, *rest]
    return fields, "\n".join(rest), []


_HEADLINE_MAX_CHARS = 150
_HEADLINE_MAX_WORDS = 20
_HEADLINE_NOT_AFTER = (".", "\u2026", ":", ";", ",")
_CLOSING = "\"'\u201d\u2019)]"
_LETTER = re.compile(r"[^\W\d_]")


def split_headline(body: str) -> tuple[str, str]:
    """(headline, rest of the body) when the body opens with a headline, else ("", body)."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first + 2 >= len(lines) or lines[first + 1].strip():
        return "", body
    rest = "\n".join(lines[first + 2 :])
    # A Markdown heading ("# Budget passes") is a headline too, without its marks.
    line = (
        " ".join(lines[first].strip().lstrip("#").split())
        if lines[first].lstrip().startswith("#")
        else " ".join(lines[first].split())
    )
    if not rest.strip() or not _is_headline(line):
        return "", body
    return line, rest


def _is_headline(line: str) -> bool:
    if len(line) > _HEADLINE_MAX_CHARS or len(line.split()) > _HEADLINE_MAX_WORDS:
        return False
    if not _LETTER.search(line) or line.startswith(("By ", "BY ", "by ")):
        return False
    return not line.rstrip(_CLOSING).endswith(_HEADLINE_NOT_AFTER)


def _header_line(line: str) -> tuple[str, str, str, bool] | None:
    """Read one header line: (key, value, inline body, certain) or None."""
    match = _HEADER_LINE.match(line)
    if match is None:
        return None
    key = match["key"].lower()
    rest = match["rest"].strip()
    colon = match["colon"] is not None
    if key in ("date", "published"):
        token = DATE_TOKEN.match(rest)
        if token:
            return "date", token.group(), rest[token.end() :].strip(), True
        if colon:
            return "date", rest, "", True
        try:
            named = _parse_date(rest)
        except ValueError:
            named = None
        return ("date", rest, "", True) if named else None
    if key == "url":
        token = _URL_TOKEN.match(rest)
        if token:
            return "url", token.group(), rest[token.end() :].strip(), True
        return ("url", rest, "", True) if colon else None
    if colon:
        return key, rest, "", True
    if not rest or len(line) > _MAX_BARE_HEADER_LINE or rest.endswith((".", "!", "?")):
        return None
    return key, rest, "", False


EXTENSIONS = ("txt", "text", "md")


def sniff(data: bytes, head: str) -> int:
    # Plain text is the fallback; it is never "sure" from content alone.
    return 1 if head else 0
