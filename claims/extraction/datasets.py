"""Loaders for labelled check-worthiness data: (text, label) pairs with label 0 or 1.

Formats (the data itself lives outside the repository, e.g. ``../shared/data``):

* ClaimBuster JSON -- a JSON array of objects with ``text`` and ``label``; label "1" is a
  check-worthy factual sentence (CFS), "0" (unimportant factual) and "-1" (non-factual)
  both become 0.
* CLEF 2019 CheckThat! task 1 -- TSV without header: ``line, speaker, text, label``, one
  transcript per file; a directory of them is read in file-name order.  The transcript
  grouping is kept by ``clef2019_transcripts`` because the task is scored per transcript.
* CLEF 2020 CheckThat! task 1 -- TSV with a header row, read with ``csv.QUOTE_NONE``
  (tweets contain stray quote characters); the text is ``tweet_text``, the label
  ``check_worthiness``.
* JSONL -- one ``{"text": ..., "label": ...}`` object per line (the desk's own exports).

``load_labelled(path)`` picks the format from the extension and the first bytes.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "clef2019_transcripts",
    "detect_format",
    "load_claimbuster",
    "load_clef2019",
    "load_clef2020",
    "load_jsonl",
    "load_labelled",
]

Labelled = tuple[str, int]


def _binary(value: object, *, where: str) -> int:
    """1 for a positive label, 0 otherwise; anything that is not a number is an error."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"{where}: label {value!r} is not a number") from None
    return 1 if number == 1 else 0


def load_claimbuster(path: str | os.PathLike[str]) -> Iterator[Labelled]:
    """ClaimBuster JSON array; only label 1 (CFS) is positive."""
    with open(path, encoding="utf-8") as handle:
        try:
            items = json.load(handle)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a JSON array of {{'text', 'label'}} objects")
    for number, item in enumerate(items):
        if not isinstance(item, dict) or "text" not in item or "label" not in item:
            raise ValueError(f"{path}: item {number} has no 'text' and 'label'")
        yield str(item["text"]), _binary(item["label"], where=f"{path} item {number}")


def _clef2019_file(path: Path) -> Iterator[Labelled]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) < 4:
                raise ValueError(
                    f"{path}:{number}: expected 4 tab-separated fields "
                    f"(line, speaker, text, label), found {len(fields)}"
                )
            # A tab inside the sentence would split it; the text is everything between
            # the speaker and the final label.
            text = "\t".join(fields[2:-1])
            yield text, _binary(fields[-1], where=f"{path}:{number}")


def clef2019_transcripts(path: str | os.PathLike[str]) -> dict[str, list[Labelled]]:
    """CLEF 2019 task 1: transcript name (file stem) -> its lines in order."""
    root = Path(path)
    files = sorted(root.glob("*.tsv")) if root.is_dir() else [root]
    if not files:
        raise ValueError(f"{root}: no .tsv transcripts found")
    return {file.stem: list(_clef2019_file(file)) for file in files}


def load_clef2019(path: str | os.PathLike[str]) -> Iterator[Labelled]:
    """CLEF 2019 task 1 lines, one transcript file or a directory of them."""
    for lines in clef2019_transcripts(path).values():
        yield from lines


def load_clef2020(path: str | os.PathLike[str]) -> Iterator[Labelled]:
    """CLEF 2020 task 1 TSV with a header; ``tweet_text`` (or ``text``) and ``check_worthiness``."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or "check_worthiness" not in header:
            raise ValueError(f"{path}: expected a header row with a 'check_worthiness' column")
        text_column = "tweet_text" if "tweet_text" in header else "text"
        if text_column not in header:
            raise ValueError(f"{path}: expected a 'tweet_text' or 'text' column")
        text_at, label_at = header.index(text_column), header.index("check_worthiness")
        for number, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise ValueError(f"{path}:{number}: {len(row)} fields, header has {len(header)}")
            yield row[text_at], _binary(row[label_at], where=f"{path}:{number}")


def load_jsonl(path: str | os.PathLike[str]) -> Iterator[Labelled]:
    """One JSON object per line with ``text`` and ``label`` (1 positive, anything else 0)."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not valid JSON ({error})") from None
            if not isinstance(item, dict) or "text" not in item or "label" not in item:
                raise ValueError(f"{path}:{number}: expected an object with 'text' and 'label'")
            yield str(item["text"]), _binary(item["label"], where=f"{path}:{number}")


def _detect(path: Path) -> str:
    if path.is_dir():
        if any(path.glob("*.tsv")):
            return "clef2019"
        raise ValueError(f"{path}: a directory with no .tsv transcripts")
    if not path.is_file():
        raise ValueError(f"{path}: no such file or directory")
    with open(path, encoding="utf-8", errors="replace") as handle:
        head = handle.read(4096)
    start = head.lstrip()
    first_line = head.split("\n", 1)[0]
    suffix = path.suffix.lower()
    if suffix == ".jsonl" or (start.startswith("{") and suffix != ".json"):
        return "jsonl"
    if start.startswith("["):
        return "claimbuster"
    if "check_worthiness" in first_line.split("\t"):
        return "clef2020"
    fields = first_line.split("\t")
    if len(fields) >= 4 and fields[0].strip().isdigit() and fields[-1].strip() in ("0", "1"):
        return "clef2019"
    raise ValueError(
        f"{path}: unknown labelled-data format; expected ClaimBuster JSON (array of "
        "{'text', 'label'}), JSONL ({'text', 'label'} per line), a CLEF 2019 task 1 TSV "
        "(line, speaker, text, label) or a directory of them, or a CLEF 2020 task 1 TSV "
        "(header with 'check_worthiness')"
    )


_LOADERS = {
    "claimbuster": load_claimbuster,
    "clef2019": load_clef2019,
    "clef2020": load_clef2020,
    "jsonl": load_jsonl,
}


def detect_format(path: str | os.PathLike[str]) -> str:
    """ "claimbuster", "clef2019", "clef2020" or "jsonl"; ValueError for anything else."""
    return _detect(Path(path))


def load_labelled(path: str | os.PathLike[str]) -> list[Labelled]:
    """All (text, label) pairs of a file or CLEF 2019 directory, format detected."""
    pairs = list(_LOADERS[_detect(Path(path))](path))
    if not pairs:
        raise ValueError(f"{path}: no labelled sentences found")
    return pairs
