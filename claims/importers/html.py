"""HTML pages: main text and metadata via trafilatura, never raw markup.

trafilatura is given a string, so it never fetches anything; when it finds
no main text (very short pages, fragments) a plain visible-text extraction
is used instead, so short but real articles are not lost.

A page with no words outside its navigation, menus, header, footer and links
(a home page, a menu, an error page) is refused as "no article text found":
trafilatura would otherwise hand back its link texts ("Home") as the article.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ._common import (
    DecodeError,
    bom_encoding,
    date_with_warning,
    decode_text,
    has_words,
    looks_binary,
    make_draft,
    too_big_message,
)
from .types import ArticleDraft, ItemError, Limits

NAME = "html"
EXTENSIONS = ("html", "htm", "xhtml", "shtml")

_DOCUMENT_TAG = re.compile(r"<!doctype\s+html|<(?:html|head|body)[\s>]", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# Elements whose content is never visible text.
_INVISIBLE = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head")
# Page furniture: what surrounds the article on every page of a site.
_FURNITURE = ("nav", "menu", "header", "footer", "aside", "button", "select", "dialog")
_FURNITURE_ROLES = frozenset({"navigation", "menu", "menubar", "banner", "contentinfo", "search"})
NO_ARTICLE_TEXT = (
    "No article text was found on this page, only navigation, links or other page furniture."
)
# Elements after which a reader sees a line break.
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article blockquote pre "
    "header footer aside figure figcaption dd dt dl hr main nav form".split()
)


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str = ""
    author: str = ""
    url: str = ""
    date: str = ""
    sitename: str = ""
    language: str = ""


def sniff(data: bytes, head: str) -> int:
    if not head:
        return 0
    window = head[:8192]
    # Only sure when the file starts with markup: a JSON or CSV batch may
    # well carry "<html>" inside one of its fields.
    if head.startswith("<") and _DOCUMENT_TAG.search(window):
        return 2
    return 1 if _ANY_TAG.search(window) else 0


def parse(data: bytes, *, item: str, limits: Limits) -> Iterator[ArticleDraft | ItemError]:
    if len(data) > limits.max_article_bytes:
        yield ItemError(item, too_big_message(limits.max_article_bytes))
        return
    try:
        markup = decode_html(data)
    except DecodeError as exc:
        yield ItemError(item, str(exc))
        return
    page = extract_html(markup)
    if not page.text.strip():
        yield ItemError(item, NO_ARTICLE_TEXT)
        return
    warnings: list[str] = []
    published = None
    if page.date:
        published, warning = date_with_warning(page.date, "the page")
        if warning:
            warnings.append(warning)
    yield make_draft(
        text=page.text,
        item=item,
        format=NAME,
        title=page.title,
        url=page.url,
        author=page.author,
        outlet=page.sitename,
        published=published,
        language=page.language,
        warnings=warnings,
        max_bytes=limits.max_article_bytes,
    )


def decode_html(data: bytes) -> str:
    """Decode HTML: BOM, then UTF-8, then the page's own charset, then guessing."""
    if looks_binary(data):
        raise DecodeError("The file contains binary data, not a web page.")
    try:
        if bom_encoding(data):
            return decode_text(data)
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            encoding = ""
        if encoding:
            return data.decode(encoding, errors="replace")
    return decode_text(data)


def extract_html(markup: str) -> Extracted:
    """Main text and metadata of a page; plain visible text as a fallback.

    The text is "" when the page has no article text (see has_article_text).
    """
    # lxml refuses str input that still carries an XML encoding declaration.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip() or not has_article_text(markup):
        return Extracted(text="")
    import trafilatura  # heavy import, only paid when HTML is actually seen

    try:
        document = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
        )
    except (ValueError, TypeError, AttributeError, RecursionError):
        # trafilatura is robust but lxml can choke on pathological markup;
        # the plain fallback below still recovers the visible text.
        document = None
    meta = document.as_dict() if document is not None else {}
    text = meta.get("text") or ""
    if not text.strip():
        text = visible_text(markup)
    return Extracted(
        text=text,
        title=meta.get("title") or "",
        author=meta.get("author") or "",
        url=meta.get("url") or "",
        date=meta.get("date") or "",
        sitename=meta.get("sitename") or "",
        language=meta.get("language") or "",
    )


def has_article_text(markup: str) -> bool:
    """Whether the page has words outside its navigation, menus, header, footer and links."""
    from lxml import etree, html

    try:
        # document_fromstring: a bare "<nav>" fragment still gets a root to be dropped from.
        root = html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return False
    furniture = list(
        root.iter(*_INVISIBLE, *_FURNITURE, "a", etree.Comment, etree.ProcessingInstruction)
    )
    furniture += [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (element.get("role") or "").strip().lower() in _FURNITURE_ROLES
    ]
    for element in furniture:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the tail: the text after the element
    return has_words(root.text_content())


def visible_text(markup: str) -> str:
    """The text a reader sees: no scripts, styles, attributes or tags."""
    from lxml import etree, html

    if not markup.strip():
        return ""
    try:
        root = html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_INVISIBLE, etree.Comment, etree.ProcessingInstruction)):
        parent = element.getparent()
        if parent is not None:
            # drop_tree keeps the tail, which is visible text after the element.
            element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)
