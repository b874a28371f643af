"""Value types shared by every importer.

Kept free of Django so that parsers can be exercised with plain bytes in
tests and in Celery workers alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleDraft:
    """One article found in an upload, not yet stored anywhere."""

    text: str
    title: str = ""
    url: str = ""
    outlet: str = ""
    author: str = ""
    published: datetime.date | None = None
    language: str = ""
    # Human name of where the article came from, e.g. "upload.zip/a.txt",
    # "feed.xml#3" or "batch.jsonl:17"; shown to editors next to errors.
    item: str = ""
    format: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemError:
    """One item of an upload could not be imported; the others still can.

    ``message`` is a single sentence meant for editors, never a traceback.
    """

    item: str
    message: str


@dataclass(frozen=True)
class Limits:
    """Size limits applied while parsing; defaults suit the web upload form."""

    max_article_bytes: int = 10 * 2**20
    max_upload_bytes: int = 200 * 2**20
    max_zip_entries: int = 10_000
    max_zip_uncompressed_bytes: int = 500 * 2**20


class ImportRefused(Exception):
    """The whole upload was refused; ``str()`` is a sentence for editors."""
