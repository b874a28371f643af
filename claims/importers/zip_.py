"""ZIP archives of any other supported format, read in memory, one level deep.

Nothing is extracted to disk. Sizes declared in the archive are checked
before an entry is read, and the bytes really produced are counted while
reading, because a hostile archive can declare any size it likes.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from ._common import human_size
from .types import ArticleDraft, ImportRefused, ItemError, Limits

NAME = "zip"
EXTENSIONS = ("zip",)

_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
# Errors zipfile and zlib raise on damaged or unusual entries.
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    struct.error,
)
_OPEN_DOCUMENTS = {
    "application/vnd.oasis.opendocument.text": "an OpenDocument text document (.odt)",
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods)",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (.odp)",
    "application/epub+zip": "an EPUB e-book",
}


def sniff(data: bytes, head: str) -> int:
    if not data.startswith(_MAGIC):
        return 0
    refusal = _document_kind(data)
    if refusal:
        raise ImportRefused(
            f"This file is {refusal}, which cannot be imported; please save it as text or HTML."
        )
    return 2


def _document_kind(data: bytes) -> str | None:
    """Name office documents and e-books, which are ZIP files underneath."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                prefixes = {name.split("/", 1)[0] for name in names}
                if "word" in prefixes:
                    return "a Word document (.docx)"
                if "xl" in prefixes:
                    return "an Excel spreadsheet (.xlsx)"
                if "ppt" in prefixes:
                    return "a PowerPoint presentation (.pptx)"
                return "a Microsoft Office document"
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                mimetype = archive.read("mimetype").decode("ascii", errors="replace").strip()
                return _OPEN_DOCUMENTS.get(mimetype)
    except _READ_ERRORS:
        return None  # damaged archives are reported by parse()
    return None


def precheck(data: bytes, limits: Limits) -> None:
    """Refuse the whole archive when it cannot be opened or has too many entries."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            count = len(archive.infolist())
    except _READ_ERRORS as exc:
        raise ImportRefused(
            "The ZIP archive is damaged or incomplete (it may have been cut off during upload)."
        ) from exc
    if count > limits.max_zip_entries:
        raise ImportRefused(
            f"The ZIP archive has {count} entries, more than the limit of {limits.max_zip_entries}."
        )


def parse(data: bytes, *, item: str, limits: Limits) -> Iterator[ArticleDraft | ItemError]:
    precheck(data, limits)
    from . import parse_item  # the registry imports this module

    produced = False
    # Every byte decompressed counts, even for entries later refused, so a
    # thousand small bombs cost no more than one archive's allowance.
    budget = limits.max_zip_uncompressed_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or _is_system_clutter(name):
                continue
            produced = True
            where = f"{item}/{name}"
            problem = _entry_problem(info)
            if problem:
                yield ItemError(where, problem)
                continue
            cap = min(budget, limits.max_upload_bytes)
            if info.file_size > cap:
                yield ItemError(where, _too_big(cap, budget, limits))
                continue
            try:
                content, used = _read_capped(archive, info, cap)
            except _READ_ERRORS:
                yield ItemError(
                    where, "This entry of the ZIP archive is damaged and could not be read."
                )
                continue
            budget -= used
            if content is None:
                yield ItemError(where, _too_big(cap, budget + used, limits))
                continue
            if content.startswith(_MAGIC):
                yield ItemError(
                    where,
                    "This entry is itself a ZIP archive; archives inside archives are not opened.",
                )
                continue
            yield from parse_item(content, item=where, limits=limits)
    if not produced:
        yield ItemError(item, "The ZIP archive contains no files to import.")


def _is_system_clutter(name: str) -> bool:
    # Folders and files that macOS and Windows add to archives by themselves;
    # they never hold articles and would only clutter the error list.
    base = posixpath.basename(name)
    return (
        name.startswith("__MACOSX/") or base.startswith("._") or base in (".DS_Store", "Thumbs.db")
    )


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts or "\x00" in name:
        return "This entry's name points outside the archive, so it was refused for safety."
    if info.flag_bits & 0x1:
        return "This entry is password-protected and cannot be read."
    if posixpath.splitext(name.lower())[1] == ".zip":
        return "This entry is itself a ZIP archive; archives inside archives are not opened."
    return None


def _too_big(cap: int, budget: int, limits: Limits) -> str:
    if budget <= limits.max_upload_bytes:
        return (
            "This entry was skipped because the archive expands to more than "
            f"{human_size(limits.max_zip_uncompressed_bytes)} in total."
        )
    return f"This entry expands to more than {human_size(cap)}, the limit for one file."


def _read_capped(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int
) -> tuple[bytes | None, int]:
    """Read an entry, stopping as soon as it produces more than ``cap`` bytes.

    Returns (content or None when over the cap, bytes decompressed).
    """
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > cap:
                return None, total
            chunks.append(chunk)
    return b"".join(chunks), total
