"""JSON documents: an array of article objects, or a single article object.

An object holding its articles under "articles" or "items" is accepted too,
as that is how several export tools wrap their arrays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ._common import DecodeError, decode_text
from .jsonl import first_line_is_object
from .records import record_to_draft
from .types import ArticleDraft, ItemError, Limits

NAME = "json"
EXTENSIONS = ("json",)

_ARRAY_START = re.compile(r"\[\s*(?:[{\]]|$)")
_WRAPPER_KEYS = ("articles", "items")


def sniff(data: bytes, head: str) -> int:
    if head.startswith("["):
        # "[Editor's note] ..." is prose; an array of objects is JSON.
        return 2 if _ARRAY_START.match(head) else 1
    if head.startswith("{"):
        return 2 if first_line_is_object(head) is False else 1
    return 0


def parse(data: bytes, *, item: str, limits: Limits) -> Iterator[ArticleDraft | ItemError]:
    try:
        document = json.loads(decode_text(data))
    except DecodeError as exc:
        yield ItemError(item, str(exc))
        return
    except RecursionError:
        yield ItemError(item, "The JSON in this file is nested too deeply to read.")
        return
    except json.JSONDecodeError as exc:
        yield ItemError(
            item,
            f"The file is not valid JSON (problem at line {exc.lineno}, column {exc.colno}); it may be cut off.",
        )
        return
    except ValueError:
        # e.g. an integer with more digits than Python agrees to convert.
        yield ItemError(item, "The file is not valid JSON.")
        return

    if isinstance(document, dict):
        wrapped = next(
            (document[key] for key in _WRAPPER_KEYS if isinstance(document.get(key), list)), None
        )
        if wrapped is None:
            yield record_to_draft(document, item=item, format=NAME, limits=limits)
            return
        document = wrapped
    if not isinstance(document, list):
        yield ItemError(item, "The file should hold a list of articles but holds a single value.")
        return
    if not document:
        yield ItemError(item, "The list of articles in this file is empty.")
        return
    for index, record in enumerate(document, start=1):
        yield record_to_draft(record, item=f"{item}#{index}", format=NAME, limits=limits)
