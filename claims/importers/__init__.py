"""Pure import parsers: bytes in, ArticleDraft (or ItemError) out.

Nothing here imports Django: the web services call :func:`parse`, store the
drafts and run big uploads as background jobs. A new format is one module
defining NAME, EXTENSIONS, sniff() and parse(), plus one entry in _MODULES.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from types import ModuleType

from . import csv_, feed, html, json_, jsonl, txt, zip_
from .detect import Format, detect
from .normalise import normalise_text
from .types import ArticleDraft, ImportRefused, ItemError, Limits

__all__ = [
    "FORMATS",
    "ArticleDraft",
    "ImportRefused",
    "ItemError",
    "Limits",
    "detect_format",
    "normalise_text",
    "parse",
]

log = logging.getLogger(__name__)

# Order matters for detection: the first format that is sure of itself wins.
_MODULES: tuple[ModuleType, ...] = (zip_, feed, html, json_, jsonl, csv_, txt)

_REGISTRY: dict[str, Format] = {
    module.NAME: Format(
        name=module.NAME,
        extensions=tuple(getattr(module, "EXTENSIONS", ())),
        sniff=getattr(module, "sniff", lambda data, head: 0),
        parse=module.parse,
        precheck=getattr(module, "precheck", None),
    )
    for module in _MODULES
}

FORMATS: tuple[str, ...] = tuple(_REGISTRY)

_DEFAULT_LIMITS = Limits()


def detect_format(data: bytes, name: str = "") -> str:
    """Name the format of ``data`` from its content, using ``name`` as a hint.

    Raises ImportRefused, with a sentence naming what was seen, for empty
    files, office documents, PDFs, images, archives other than ZIP and
    binary junk.
    """
    return detect(data, name, _REGISTRY.values(), fallback=txt.NAME)


def parse(
    data: bytes,
    *,
    name: str,
    format: str | None = None,
    limits: Limits = _DEFAULT_LIMITS,
) -> Iterator[ArticleDraft | ItemError]:
    """Parse an upload into drafts and per-item errors.

    Whole-upload problems (too big, unsupported format) raise ImportRefused
    at once, before any item is produced; problems with single items come
    out as ItemError so the other items still import.
    """
    if len(data) > limits.max_upload_bytes:
        raise ImportRefused(
            f"The upload is {len(data) / 2**20:.1f} MB, more than the "
            f"{limits.max_upload_bytes / 2**20:g} MB limit."
        )
    chosen = format or detect_format(data, name)
    if chosen not in _REGISTRY:
        raise ImportRefused(f"The format '{chosen}' is not one the importer knows.")
    entry = _REGISTRY[chosen]
    if entry.precheck is not None:
        entry.precheck(data, limits)
    return _guarded(entry.parse(data, item=name or "upload", limits=limits), name)


def parse_item(data: bytes, *, item: str, limits: Limits) -> Iterator[ArticleDraft | ItemError]:
    """Parse one member of a container (a ZIP entry); refusals become ItemError."""
    try:
        chosen = detect_format(data, item)
    except ImportRefused as exc:
        yield ItemError(item, str(exc))
        return
    # Guarded per entry, so one entry tripping a parser bug does not cost
    # the rest of the archive.
    yield from _guarded(_REGISTRY[chosen].parse(data, item=item, limits=limits), item)


def _guarded(
    items: Iterator[ArticleDraft | ItemError], name: str
) -> Iterator[ArticleDraft | ItemError]:
    # Last line of defence: a parser bug must reach editors as one readable
    # error, never as a traceback in the upload page or a dead Celery job.
    try:
        yield from items
    except ImportRefused:
        raise
    except Exception:
        log.exception("importer failed on %s", name)
        yield ItemError(
            name or "upload",
            "This file could not be read because of an unexpected problem; the rest of it was skipped.",
        )
