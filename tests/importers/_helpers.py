"""Small helpers for importer tests."""

from __future__ import annotations

from claims.importers import ArticleDraft, ItemError, Limits, parse


def run(data: bytes, name: str, **kwargs: object) -> list[ArticleDraft | ItemError]:
    return list(parse(data, name=name, **kwargs))  # type: ignore[arg-type]


def drafts(items: list[ArticleDraft | ItemError]) -> list[ArticleDraft]:
    return [item for item in items if isinstance(item, ArticleDraft)]


def errors(items: list[ArticleDraft | ItemError]) -> list[ItemError]:
    return [item for item in items if isinstance(item, ItemError)]


def assert_readable(message: str) -> None:
    """An editor-facing message: one plain sentence, no traceback or repr."""
    assert message
    assert "Traceback" not in message
    assert "Error(" not in message
    assert "\n" not in message
    assert message[0].isupper()
    assert message.endswith(".")


SMALL = Limits(
    max_article_bytes=64 * 1024,
    max_upload_bytes=4 * 2**20,
    max_zip_entries=20,
    max_zip_uncompressed_bytes=2 * 2**20,
)
