"""JSON Lines: one article object per line; a bad line spoils only itself."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ._common import DecodeError, bom_encoding, decode_text
from .records import record_to_draft
from .types import ArticleDraft, ItemError, Limits

NAME = "jsonl"
EXTENSIONS = ("jsonl", "ndjson", "jsonlines")


def first_line_is_object(head: str) -> bool | None:
    """True/False when the first line is/is not a whole JSON object; None if unknown."""
    line, newline, _ = head.partition("\n")
    if not newline:
        return None  # the first line does not end within the inspected head
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def sniff(data: bytes, head: str) -> int:
    if not head.startswith("{"):
        return 0
    return 2 if first_line_is_object(head) else 1


def parse(data: bytes, *, item: str, limits: Limits) -> Iterator[ArticleDraft | ItemError]:
    try:
        lines = _lines(data)
    except DecodeError as exc:
        yield ItemError(item, str(exc))
        return
    # JSON escapes can make the encoded line longer than the article itself.
    max_line = 2 * limits.max_article_bytes + 4096
    seen = False
    for number, raw in enumerate(lines, start=1):
        where = f"{item}:{number}"
        if isinstance(raw, bytes):
            if not raw.strip():
                continue
            if len(raw) > max_line:
                seen = True
                yield ItemError(where, f"Line {number} is larger than the limit for one article.")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                seen = True
                yield ItemError(where, f"Line {number} is not valid UTF-8 text.")
                continue
        else:
            line = raw
            if not line.strip():
                continue
        seen = True
        try:
            record = json.loads(line)
        except RecursionError:
            yield ItemError(where, f"Line {number} is nested too deeply to read.")
            continue
        except ValueError:
            yield ItemError(
                where, f"Line {number} is not valid JSON; it may be cut off or incomplete."
            )
            continue
        yield record_to_draft(record, item=where, format=NAME, limits=limits)
    if not seen:
        yield ItemError(item, "The file contains no lines with articles.")


def _lines(data: bytes) -> list[bytes] | list[str]:
    # JSON Lines is UTF-8 by definition; decoding line by line means one bad
    # line cannot stop the others. UTF-16/32 with a BOM is decoded whole.
    if bom_encoding(data) in ("utf-16", "utf-32"):
        return decode_text(data).replace("\r\n", "\n").split("\n")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.split(b"\n")
