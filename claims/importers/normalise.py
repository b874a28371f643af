"""The single text normalisation applied to everything the importers return."""

from __future__ import annotations

import re
import unicodedata

# C0 controls and DEL, except tab and newline which carry layout, and U+FEFF (a
# byte order mark, invisible noise anywhere in a text). NUL matters most:
# PostgreSQL refuses it in text columns.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{4,}")


def normalise_text(text: str) -> str:
    """Return ``text`` in the one canonical form stored by the workbench.

    Unicode NFC; CRLF and lone CR become LF; C0 controls other than newline
    and tab are removed, and so is U+FEFF (a byte order mark, wherever it
    stands); trailing spaces on each line are removed; runs of three or more
    blank lines become two; surrounding whitespace is removed. Idempotent:
    normalising twice gives the same string as once. Claims are extracted from
    the normalised text, so their offsets always index the stored text.
    """
    # Line endings first, so a CR is never taken for a control to strip.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text)
    # NFC after removing controls: a removed control can bring a base letter
    # and a combining mark together, which NFC must then see.
    text = unicodedata.normalize("NFC", text)
    # The substring tests are plain scans in C, far cheaper than the regexes, and most
    # texts need neither substitution.
    if " \n" in text or "\t\n" in text or "\u00a0\n" in text:
        text = _TRAILING_SPACE.sub("", text)
    # Three blank lines are four newlines in a row; keep two blank lines.
    if "\n\n\n\n" in text:
        text = _MANY_BLANK_LINES.sub("\n\n\n", text)
    return text.strip()
