"""RSS and Atom feeds: one draft per entry.

The XML is first parsed with defusedxml, which refuses entity declarations
(billion laughs) and external entities (XXE); only a feed that passes is
handed to feedparser, which then never sees anything it could expand.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError

from ._common import make_draft, too_big_message
from .types import ArticleDraft, ImportRefused, ItemError, Limits

NAME = "feed"
EXTENSIONS = ("rss", "atom", "xml")

_FEED_ROOTS = ("rss", "feed", "rdf:rdf", "rdf")
_TAG = re.compile(r"<([!?]?)([A-Za-z][\w:.-]*)")


def _root_name(head: str) -> str | None:
    for match in _TAG.finditer(head[:16384]):
        if not match.group(1):
            return match.group(2).lower()
    return None


def sniff(data: bytes, head: str) -> int:
    if not head.startswith("<"):
        return 0
    root = _root_name(head)
    if root in _FEED_ROOTS:
        return 2
    if head.startswith("<?xml") and root is not None and root != "html":
        raise ImportRefused(
            f"This is an XML document with a '{root}' root, not an RSS or Atom feed, so it cannot be imported."
        )
    return 0


def parse(data: bytes, *, item: str, limits: Limits) -> Iterator[ArticleDraft | ItemError]:
    problem = _unsafe_or_malformed(data)
    if problem:
        yield ItemError(item, problem)
        return
    import feedparser  # imported lazily: only feeds need it

    result = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    channel = result.get("feed", {})
    entries = result.get("entries", [])
    if not entries:
        yield ItemError(item, "The feed contains no entries.")
        return
    outlet = channel.get("title", "")
    language = channel.get("language", "")
    for index, entry in enumerate(entries, start=1):
        yield _entry_to_draft(
            entry, item=f"{item}#{index}", outlet=outlet, language=language, limits=limits
        )


def _unsafe_or_malformed(data: bytes) -> str | None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return (
            "This feed declares XML entities or external references, which are refused for safety."
        )
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        return f"This feed is not well-formed XML (problem at line {line}, column {column}), so it could not be read safely."
    except (ValueError, RecursionError):
        return "This feed could not be read as XML."
    return None


def _entry_to_draft(
    entry: Any, *, item: str, outlet: str, language: str, limits: Limits
) -> ArticleDraft | ItemError:
    from .html import visible_text

    # Prefer full content over the summary; feeds often carry both.
    bodies = [part for part in entry.get("content", []) if part.get("value")]
    if bodies:
        part = max(bodies, key=lambda candidate: len(candidate.get("value", "")))
        value, kind = part.get("value", ""), part.get("type", "")
    else:
        value = entry.get("summary", "")
        kind = entry.get("summary_detail", {}).get("type", "text/html")
    if len(value) > limits.max_article_bytes:
        return ItemError(item, too_big_message(limits.max_article_bytes))
    # sanitize_html leaves safe markup in place; editors need its text only.
    text = visible_text(value) if "html" in kind else value

    warnings: list[str] = []
    published = None
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        try:
            published = datetime.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        except ValueError:
            published = None
    raw_date = entry.get("published") or entry.get("updated") or ""
    if published is None and raw_date:
        warnings.append(
            f"The date '{raw_date}' in the feed could not be understood, so it was left empty."
        )
    return make_draft(
        text=text,
        item=item,
        format=NAME,
        title=entry.get("title", ""),
        url=entry.get("link", ""),
        author=entry.get("author", ""),
        outlet=outlet,
        language=language,
        published=published,
        warnings=warnings,
        max_bytes=limits.max_article_bytes,
    )
