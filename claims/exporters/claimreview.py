"""schema.org ClaimReview as JSON-LD: one ClaimReview per claim.

Follows https://schema.org/ClaimReview and Google's fact-check markup guidelines
(https://developers.google.com/search/docs/appearance/structured-data/factcheck):
`claimReviewed` is a short summary (under 75 characters) that never states the verdict;
`reviewRating.alternateName` carries the verdict's name, with ratingValue/bestRating/
worstRating when the rating is on the numeric scale (an off-scale rating such as
"Unverifiable" has only alternateName); `url` is the claim's anchor on its article's
report page. The document is `{"@context": "https://schema.org", "@graph": [...]}`,
written review by review so it streams.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, BinaryIO

from claims.exporters.json_ import BATCH, dumps
from claims.exporters.types import ClaimRow, ExportContext

SUMMARY_LIMIT = 75  # claimReviewed must stay strictly under this many characters

_ORG_WORDS = re.compile(
    r"\b(department|ministry|agency|office|council|committee|government|university|police|"
    r"commission|administration|bureau|court|company|corporation|inc|ltd|association|union|"
    r"party|institute|service|authority|board|news|times|post|group|foundation|"
    r"organi[sz]ation|immigration|customs|enforcement|statistics|officials|authorities)\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


def claim_summary(text: str, verdict: str, limit: int = SUMMARY_LIMIT) -> str:
    """A summary under `limit` characters, cut at a word, without the verdict's name.

    A claim may say "false" itself ("It is false that taxes rose"); search engines would
    show that as if it were the verdict, so the verdict's words are taken out.
    """
    summary = _SPACE.sub(" ", text).strip()
    if verdict.strip():
        pattern = re.compile(rf"\b{re.escape(verdict.strip())}\b", re.IGNORECASE)
        summary = _SPACE.sub(" ", pattern.sub("", summary)).strip(" ,;:")
    summary = summary.strip().strip('"“”')
    if len(summary) >= limit:
        cut = summary[: limit - 2]
        space = cut.rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
        summary = cut.rstrip(" ,;:.") + "…"
    return summary


def speaker_node(attribution: dict[str, Any]) -> dict[str, Any] | None:
    speaker = str(attribution.get("speaker") or "").strip()
    if not speaker:
        return None
    is_org = bool(_ORG_WORDS.search(speaker))
    node: dict[str, Any] = {"@type": "Organization" if is_org else "Person", "name": speaker}
    if not is_org and attribution.get("role"):
        node["jobTitle"] = attribution["role"]
    if not is_org and attribution.get("organisation"):
        node["affiliation"] = {"@type": "Organization", "name": attribution["organisation"]}
    return node


def claim_review(row: ClaimRow, context: ExportContext) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": row.verdict}
    scale = context.scale
    if row.rating_value is not None:
        rating["ratingValue"] = row.rating_value
        best = row.best_rating if row.best_rating is not None else scale and scale.best_value
        worst = row.worst_rating if row.worst_rating is not None else scale and scale.worst_value
        if best is not None and worst is not None:
            rating["bestRating"] = best
            rating["worstRating"] = worst
    if row.rationale:
        rating["ratingExplanation"] = row.rationale

    item: dict[str, Any] = {"@type": "Claim"}
    speaker = next((node for node in map(speaker_node, row.attributions) if node is not None), None)
    # A claim with no attributed speaker is the article's own: its author, or its outlet.
    if speaker is None and row.article_author:
        speaker = {"@type": "Person", "name": row.article_author}
    if speaker is None and row.article_outlet:
        speaker = {"@type": "Organization", "name": row.article_outlet}
    if speaker is not None:
        item["author"] = speaker
    if row.article_published is not None:
        item["datePublished"] = row.article_published.isoformat()
    if row.article_url:
        appearance = {"@type": "CreativeWork", "url": row.article_url}
        if row.article_title:
            appearance["headline"] = row.article_title
        item["appearance"] = appearance
        # The desk knows only the article it checked; when the claim is not attributed to
        # someone else, that article is where it first appeared.
        if not row.attributions:
            item["firstAppearance"] = appearance

    reviewed_on = row.updated_at or context.generated_at
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": context.report_url(row.article_id, row.position),
        "claimReviewed": claim_summary(row.text, row.verdict),
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": context.desk_name},
        "datePublished": reviewed_on.date().isoformat(),
        "itemReviewed": item,
    }
    if context.desk_url:
        review["author"]["url"] = context.desk_url
    return review


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    out.write(b'{"@context":"https://schema.org","@graph":[\n')
    count = 0
    buffer: list[bytes] = []
    for row in rows:
        buffer.append(dumps(claim_review(row, context)))
        count += 1
        if len(buffer) >= BATCH:
            out.write((b",\n" if count > len(buffer) else b"") + b",\n".join(buffer))
            buffer.clear()
    if buffer:
        out.write((b",\n" if count > len(buffer) else b"") + b",\n".join(buffer))
    out.write(b"\n]}\n")
    return count
