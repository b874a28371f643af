"""Format detection: content first, the file name's extension only as a hint."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ._common import head_text, looks_binary
from .types import ImportRefused

# Signatures of files editors often upload by mistake; naming what we saw
# tells them what to do (save as text, export to HTML, ...).
_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls or .ppt)"),
    (b"{\\rtf", "a Rich Text Format (.rtf) document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program file"),
    (b"MZ", "a Windows program file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio or video file"),
)


@dataclass(frozen=True)
class Format:
    """A registry entry: how to recognise a format and how to parse it."""

    name: str
    extensions: tuple[str, ...]
    # sniff(data, head) -> 0 (not this), 1 (plausible; the extension may
    # decide) or 2 (sure). ``head`` is the leniently decoded start of data.
    # A sniffer may raise ImportRefused when it recognises an unsupported
    # relative of its format (a .docx is a ZIP, an unknown XML is not a feed).
    sniff: Callable[[bytes, str], int]
    parse: Callable[..., Iterable[object]]
    # Optional eager check raising ImportRefused for whole-upload problems
    # (a damaged archive), so parse() refuses before yielding anything.
    precheck: Callable[..., None] | None = None


def extension(name: str) -> str:
    base = posixpath.basename(name.replace("\\", "/")).lower()
    _, dot, ext = base.rpartition(".")
    return ext if dot else ""


def detect(data: bytes, name: str, formats: Iterable[Format], fallback: str) -> str:
    """Return the name of the format of ``data``; raise ImportRefused if none fits."""
    formats = tuple(formats)
    if not data:
        raise ImportRefused("The file is empty.")
    for magic, what in _REFUSED_MAGIC:
        if data.startswith(magic):
            raise ImportRefused(
                f"This file is {what}, which cannot be imported; please save it as text or HTML."
            )
    # Run zip-like sniffers on raw bytes before the binary test: an archive
    # is binary but perfectly welcome.
    head = "" if looks_binary(data) else head_text(data)
    scores = {fmt.name: fmt.sniff(data, head) for fmt in formats}
    for fmt in formats:
        if scores[fmt.name] >= 2:
            return fmt.name
    if not head:
        if looks_binary(data):
            raise ImportRefused(
                "This file contains binary data, not text, so it cannot be imported."
            )
        raise ImportRefused("The file contains only blank space.")
    ext = extension(name)
    for fmt in formats:
        if ext in fmt.extensions and scores[fmt.name] >= 1:
            return fmt.name
    return fallback
