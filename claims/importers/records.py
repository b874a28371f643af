"""Turning one record (a JSON object or a CSV row) into a draft.

JSON Lines, JSON arrays and CSV share the same columns: title, url,
published (or date), author, outlet, language, and text or html.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ._common import date_with_warning, make_draft, too_big_message
from .types import ArticleDraft, ItemError, Limits

TEXT_FIELDS = ("text", "html")
META_FIELDS = ("title", "url", "published", "date", "author", "outlet", "language")
_KIND_NAMES = {
    bool: "true or false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
}


def record_to_draft(
    record: object,
    *,
    item: str,
    format: str,
    limits: Limits,
    warnings: Sequence[str] = (),
) -> ArticleDraft | ItemError:
    """Build a draft from one record, or explain in one sentence why not.

    ``warnings`` are what the caller already noticed about the record (a CSV row's
    extra cells); they travel with the draft.
    """
    if not isinstance(record, Mapping):
        return ItemError(
            item, f"This item should be an object with named fields but is {_kind(record)}."
        )
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    values: dict[str, str] = {}
    for field in (*TEXT_FIELDS, *META_FIELDS):
        value = fields.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            return ItemError(item, f"The field '{field}' should be text but is {_kind(value)}.")
        values[field] = value
    if not values.get("text", "").strip() and not values.get("html", "").strip():
        return ItemError(item, "This item has no 'text' or 'html' field with an article in it.")
    body_source = values.get("text") or values.get("html", "")
    # Cheap length test first: a character is at least one byte.
    if (
        len(body_source) > limits.max_article_bytes
        or len(body_source.encode("utf-8")) > limits.max_article_bytes
    ):
        return ItemError(item, too_big_message(limits.max_article_bytes))

    warnings = list(warnings)
    meta = {key: values.get(key, "") for key in ("title", "url", "author", "outlet", "language")}
    date_value = values.get("published") or values.get("date") or ""
    if values.get("text", "").strip():
        text = values["text"]
    else:
        from .html import extract_html

        page = extract_html(values["html"])
        if not page.text.strip():
            return ItemError(
                item,
                "No article text was found in the 'html' field, only navigation, links "
                "or other page furniture.",
            )
        text = page.text
        # Fields given explicitly win over what the page itself says.
        for key, found in (
            ("title", page.title),
            ("url", page.url),
            ("author", page.author),
            ("outlet", page.sitename),
            ("language", page.language),
        ):
            meta[key] = meta[key] or found
        date_value = date_value or page.date

    published = None
    if date_value:
        published, warning = date_with_warning(date_value, "the 'published' field")
        if warning:
            warnings.append(warning)
    return make_draft(
        text=text,
        item=item,
        format=format,
        published=published,
        warnings=warnings,
        max_bytes=limits.max_article_bytes,
        **meta,
    )


def _kind(value: object) -> str:
    for kind, name in _KIND_NAMES.items():
        if isinstance(value, kind):
            return name
    if value is None:
        return "empty"
    return "something else"
