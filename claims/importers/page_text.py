"""The main text of a fetched source page, for its archived copy (services.snapshots).

Pure: bytes and the server's Content-Type in, text out. HTML only, read like an
imported article (claims.importers.html: trafilatura, the visible-text fallback, the
refusal of pages that are only navigation). The workbench has no PDF importer (pypdf
only joins the pages of exported reports), so a PDF is refused as "not HTML", like an
image or a download.

The content hash is the sha256 of the stored text (UTF-8), not of the downloaded bytes:
the bytes of a news page differ on every request (ads, tokens, timestamps, inline
scripts) while its main text does not, so hashing the bytes would report every such page
as "changed" at every check; and anyone can verify the stored text against its hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ._common import DecodeError
from .html import decode_html, extract_html, sniff

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class NotArchivable(Exception):
    """The page cannot be archived; ``reason`` is a code, ``str()`` a sentence for editors."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PageText:
    text: str
    content_hash: str  # sha256 of `text` in UTF-8, hex


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def page_text(data: bytes, content_type: str) -> PageText:
    """The main text of an HTML page, or NotArchivable (not HTML, no readable text)."""
    media = _media_type(content_type)
    if media == "application/pdf" or data.startswith(b"%PDF-"):
        raise NotArchivable(
            "The address serves a PDF document, not a web page; PDFs are not archived "
            "(the workbench has no PDF text extraction).",
            reason="not_html",
        )
    is_html = media in _HTML_TYPES or (
        media in ("", "text/plain", "application/octet-stream")
        and sniff(data, data[:8192].decode("utf-8", "replace")) >= 2
    )
    if not is_html:
        raise NotArchivable(
            f"The address serves {media or 'content of no declared type'}, not a web page; "
            "only HTML pages are archived.",
            reason="not_html",
        )
    try:
        markup = decode_html(data)
    except DecodeError as exc:
        raise NotArchivable(str(exc), reason="not_html") from exc
    text = extract_html(markup).text.strip()
    if not text:
        raise NotArchivable(
            "No readable text was found on the page (only navigation, links or scripts), "
            "so there is nothing to archive.",
            reason="no_text",
        )
    return PageText(text=text, content_hash=text_hash(text))
