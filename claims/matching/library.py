"""Earlier fact-checks for the verdict library: ClaimReview JSON-LD, CLEF and LIAR TSV.

Pure: bytes in, :class:`FactCheckDraft` or :class:`LibraryError` out, one per item, so a
malformed item is one readable error while the valid items of the same file import.

- ``claimreview``: a JSON-LD file (an object, a list, or an ``@graph``) or an HTML page that
  embeds ``<script type="application/ld+json">`` blocks, as fact-checkers publish. Each
  ClaimReview needs ``claimReviewed`` and a ``reviewRating`` whose ``alternateName`` is a
  rating we know (:data:`KNOWN_RATINGS`) or that has a numeric ``ratingValue``.
- ``clef``: CLEF CheckThat! 2020 task 2 ``verified_claims.docs.tsv`` (``vclaim_id, vclaim,
  title``; header row; Snopes' claims, without their verdict).
- ``liar``: LIAR (Wang 2017) ``id, label, statement, subjects, speaker, job, state, party,
  5 counts, context`` without a header; PolitiFact's verdicts.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FORMATS = ("claimreview", "clef", "liar")

# Publishers' rating words -> the default scale's rating names (lower case, - or space).
KNOWN_RATINGS = {
    "true": "True", "correct": "True", "accurate": "True",
    "mostly true": "Mostly true", "mostly correct": "Mostly true",
    "half true": "Half true", "mixture": "Half true", "half correct": "Half true",
    "mostly false": "Mostly false", "barely true": "Mostly false",
    "false": "False", "pants on fire": "False", "pants fire": "False", "incorrect": "False",
    "fake": "False", "wrong": "False",
    "misleading": "Misleading", "missing context": "Misleading", "miscaptioned": "Misleading",
    "unverifiable": "Unverifiable", "unproven": "Unverifiable", "unsupported": "Unverifiable",
}  # fmt: skip


def rating_key(words: str) -> str:
    return re.sub(r"[\s_-]+", " ", words.strip().lower().rstrip("!.")).strip()


@dataclass(frozen=True, slots=True)
class FactCheckDraft:
    key: str
    claim_reviewed: str
    rating: str = ""
    rating_value: int | None = None
    rationale: str = ""
    url: str = ""
    title: str = ""
    publisher: str = ""
    author: str = ""
    claimant: str = ""
    reviewed_on: dt.date | None = None
    source_format: str = ""


@dataclass(frozen=True, slots=True)
class LibraryError:
    item: str
    message: str


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def detect(data: bytes, name: str = "") -> str | None:
    head = data[:4096].lstrip().lower()
    if head.startswith((b"{", b"[")) or b"application/ld+json" in data[:2_000_000].lower():
        return "claimreview"
    first = data.split(b"\n", 1)[0]
    if first.count(b"\t") >= 12 and first.split(b"\t", 1)[0].endswith(b".json"):
        return "liar"
    if first.count(b"\t") == 2 and b"vclaim" in first:
        return "clef"
    return None


def parse(
    data: bytes, *, name: str, format: str | None = None
) -> Iterator[FactCheckDraft | LibraryError]:
    fmt = format or detect(data, name)
    if fmt is None:
        yield LibraryError(
            name,
            "not a fact-check file we know: give ClaimReview JSON-LD (a file or a page that "
            "embeds it), the CLEF verified-claims TSV or the LIAR TSV.",
        )
        return
    if fmt not in FORMATS:
        yield LibraryError(name, f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield LibraryError(name, "the file is not UTF-8 text.")
        return
    yield from {"claimreview": _claimreview, "clef": _clef, "liar": _liar}[fmt](text, name)


# --- ClaimReview ------------------------------------------------------------------------

_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>",
    re.IGNORECASE | re.DOTALL,
)


def _claimreview(text: str, name: str) -> Iterator[FactCheckDraft | LibraryError]:
    if text.lstrip().startswith(("{", "[")):
        blocks = [(name, text)]
    else:
        blocks = [
            (f"{name} (JSON-LD block {i + 1})", b) for i, b in enumerate(_SCRIPT.findall(text))
        ]
        if not blocks:
            yield LibraryError(
                name, 'the page embeds no JSON-LD (<script type="application/ld+json">).'
            )
            return
    found = failed = False
    for where, block in blocks:
        try:
            doc = json.loads(block)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield LibraryError(where, f"malformed JSON-LD ({msg}).")
            failed = True
            continue
        for number, node in enumerate(_nodes(doc), start=1):
            found = True
            yield _review(node, f"{where}, ClaimReview {number}")
    if not found and not failed:
        yield LibraryError(name, "no ClaimReview item found.")


def _nodes(doc: Any) -> Iterator[Any]:
    stack = [doc]
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack[:0] = node
        elif isinstance(node, dict):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if "ClaimReview" in kinds:
                yield node
            elif "@graph" in node:
                stack.insert(0, node["@graph"])


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _review(node: Any, where: str) -> FactCheckDraft | LibraryError:
    claim = node.get("claimReviewed")
    if not isinstance(claim, str) or not claim.strip():
        return LibraryError(where, "it has no claimReviewed (the claim that was checked).")
    rating = node.get("reviewRating")
    if not isinstance(rating, dict):
        return LibraryError(where, "it has no reviewRating (the verdict).")
    words = _text(rating.get("alternateName")) or _text(rating.get("name"))
    value = rating.get("ratingValue")
    try:
        number = int(float(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        number = None
    if words and rating_key(words) not in KNOWN_RATINGS and number is None:
        return LibraryError(
            where,
            f"the rating {words!r} is not one we know and has no numeric ratingValue; known: "
            + ", ".join(sorted({v for v in KNOWN_RATINGS.values()}))
            + ".",
        )
    if not words and number is None:
        return LibraryError(
            where, "its reviewRating names no rating (alternateName or ratingValue)."
        )
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    url = _text(node.get("url"))
    return FactCheckDraft(
        key=_key("claimreview", url, claim.strip()),
        claim_reviewed=claim.strip(),
        rating=words or str(number),
        rating_value=number,
        rationale=_text(node.get("reviewBody")) or _text(node.get("description")),
        url=url if url.startswith(("http://", "https://")) else "",
        title=_text(node.get("headline")) or _text(node.get("name")),
        publisher=_text(node.get("author")) or _text(node.get("publisher")),
        author=_text(node.get("author")),
        claimant=_text(item.get("author")),
        reviewed_on=_date(node.get("datePublished")),
        source_format="claimreview",
    )


# --- TSV layouts ------------------------------------------------------------------------


def _tsv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def _clef(text: str, name: str) -> Iterator[FactCheckDraft | LibraryError]:
    for number, row in enumerate(_tsv(text)[1:], start=2):
        where = f"{name}, line {number}"
        if len(row) < 2 or not row[1].strip():
            yield LibraryError(where, "expected vclaim_id, vclaim, title; the claim is missing.")
            continue
        yield FactCheckDraft(
            key=_key("clef", row[0].strip()),
            claim_reviewed=row[1].strip(),
            title=row[2].strip() if len(row) > 2 else "",
            publisher="Snopes",
            source_format="clef",
        )


_LIAR_LABELS = {"pants-fire", "false", "barely-true", "half-true", "mostly-true", "true"}


def _liar(text: str, name: str) -> Iterator[FactCheckDraft | LibraryError]:
    for number, row in enumerate(_tsv(text), start=1):
        where = f"{name}, line {number}"
        if len(row) < 3 or not row[2].strip():
            yield LibraryError(
                where, "expected id, label, statement, ...; the statement is missing."
            )
            continue
        if row[1] not in _LIAR_LABELS:
            yield LibraryError(where, f"the label {row[1]!r} is not a LIAR verdict.")
            continue
        speaker = row[4].replace("-", " ").title() if len(row) > 4 else ""
        yield FactCheckDraft(
            key=_key("liar", row[0].strip()),
            claim_reviewed=row[2].strip(),
            rating=row[1],
            claimant=speaker,
            publisher="PolitiFact",
            rationale=f"Context: {row[13]}" if len(row) > 13 and row[13].strip() else "",
            source_format="liar",
        )
