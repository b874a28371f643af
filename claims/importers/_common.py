"""Helpers shared by the format parsers: decoding, dates, building drafts."""

from __future__ import annotations

import codecs
import datetime
import re

from claims.weblinks import describe, is_web_url

from .normalise import normalise_text
from .types import ArticleDraft, ItemError

# How much of a payload is inspected when guessing what it is; enough for a
# header row or an XML root element, small enough to stay cheap on 200 MB.
HEAD_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Bytes that never occur in text in any 8-bit or UTF-8 encoding, except as
# stray noise; tab, LF, FF, CR and ESC are left out on purpose.
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


class DecodeError(ValueError):
    """Bytes could not be turned into text; ``str()`` is a sentence for editors."""


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def looks_binary(data: bytes) -> bool:
    """Guess whether ``data`` is binary rather than text, from its start.

    Text with a few stray NULs must still pass (normalise_text removes them),
    so this is a proportion, not a single-byte test.
    """
    if bom_encoding(data) in ("utf-16", "utf-32"):
        return False
    head = data[:HEAD_BYTES]
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    # A handful of stray controls in a short note is noise, not binary.
    return controls >= 4 and controls / len(head) > 0.05


def decode_text(data: bytes) -> str:
    """Decode bytes to text: BOM first, then UTF-8, then charset-normalizer.

    Raises DecodeError when the bytes do not look like text in any encoding.
    """
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"The file starts with a {encoding} marker but is not valid {encoding} text."
            ) from exc
        return _without_boms(text)
    if looks_binary(data):
        raise DecodeError("The file contains binary data, not text.")
    try:
        # UTF-8 first: it is by far the most common, and a successful strict
        # decode is almost never a false positive.
        return _without_boms(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    # Imported lazily: it is only needed for the rare non-UTF-8 file.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("The file's text encoding could not be recognised.")
    return _without_boms(str(best))


def _without_boms(text: str) -> str:
    # U+FEFF is a byte order mark at the start and an invisible "zero width no-break
    # space" anywhere else (files joined together, copy and paste): either way it is
    # noise that would split a CSV header name or a word. Taken out before any format
    # reads the text; normalise_text takes out any that come in another way.
    return text.replace("\ufeff", "") if "\ufeff" in text else text


def head_text(data: bytes) -> str:
    """A lenient decoding of the start of ``data``, for guessing its format."""
    head = data[:HEAD_BYTES]
    encoding = bom_encoding(head) or "utf-8"
    return head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")


# Date forms accepted in headers, records and feeds. Day-first and
# month-first numeric forms are ambiguous, so only ISO-like numeric forms
# are taken; month names make the rest unambiguous.
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T\s,;])")
_NAMED_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")

DATE_TOKEN = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?\S*)?")


class BadDate(ValueError):
    """A value looks like a date but is not a real calendar date."""


def parse_date(value: str) -> datetime.date | None:
    """Parse a publication date; None when ``value`` is not a date at all.

    Raises BadDate when the value has a date's shape but names an impossible
    day, such as 2019-02-30, so callers can warn instead of guessing.
    """
    value = " ".join(value.split())
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError as exc:
            raise BadDate(value) from exc
    # A trailing time or weekday does not change the day.
    candidate = re.sub(r"^[A-Za-z]+,\s*", "", value)
    candidate = re.split(r"\s+\d{1,2}:\d{2}", candidate)[0].strip()
    for fmt in _NAMED_FORMATS:
        try:
            return datetime.datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    return None


def date_with_warning(value: str, where: str) -> tuple[datetime.date | None, str | None]:
    """Parse ``value``; on failure return None and a warning for editors.

    Choice documented for editors: an article with a bad date is still
    imported, with no publication date and a warning naming the bad value,
    because losing the article would be worse than a missing date.
    """
    try:
        parsed = parse_date(value)
    except BadDate:
        return (
            None,
            f"The date '{value}' in {where} is not a real calendar date, so it was left empty.",
        )
    if parsed is None and value.strip():
        return None, f"The date '{value}' in {where} could not be understood, so it was left empty."
    return parsed, None


def _one_line(value: str) -> str:
    # Printable ASCII needs none of normalise_text's steps that split() does not already
    # do (no CR, no controls, NFC is the identity); titles and names mostly are, and
    # this runs for every field of every record.
    if value.isascii() and value.isprintable():
        return " ".join(value.split())
    return " ".join(normalise_text(value).split())


def make_draft(
    *,
    text: str,
    item: str,
    format: str,
    title: str = "",
    url: str = "",
    outlet: str = "",
    author: str = "",
    published: datetime.date | None = None,
    language: str = "",
    warnings: tuple[str, ...] | list[str] = (),
    max_bytes: int | None = None,
) -> ArticleDraft | ItemError:
    """Build the draft every parser returns; the ONE place text is normalised.

    Returns an ItemError instead when nothing readable is left, the text has no
    words or is too big, so no parser can hand back an empty, wordless or
    oversized article. An url that is not http(s) (``javascript:...``) is left
    out with a warning: it would become a link in the reader and in exports.
    """
    body = normalise_text(text)
    if not body:
        return ItemError(item, "This item contains no article text.")
    if not has_words(body):
        return ItemError(
            item,
            "No words were found in this item's text (no letters at all), so it is not an article.",
        )
    if max_bytes is not None and len(body.encode("utf-8")) > max_bytes:
        return ItemError(item, too_big_message(max_bytes))
    url = _one_line(url)
    if url and not is_web_url(url):
        warnings = [
            *warnings,
            f"The article's url '{describe(url)}' is not an http or https address, so it was "
            "left out; the article was imported without it.",
        ]
        url = ""
    return ArticleDraft(
        text=body,
        title=_one_line(title),
        url=url,
        outlet=_one_line(outlet),
        author=_one_line(author),
        published=published,
        language=_one_line(language),
        item=item,
        format=format,
        warnings=tuple(warnings),
    )


# A letter in any script (\w without digits and underscore): "words" for this purpose.
_LETTER = re.compile(r"[^\W\d_]")


def has_words(text: str) -> bool:
    """Whether ``text`` holds at least one letter; punctuation, digits or symbols alone do not."""
    return _LETTER.search(text) is not None


def too_big_message(max_bytes: int) -> str:
    return f"This article is larger than the {human_size(max_bytes)} limit for one article."


def human_size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:g} MB"
    if n >= 2**10:
        return f"{n / 2**10:g} KB"
    return f"{n} bytes"
