"""schema.org ClaimReview as JSON-LD: one ClaimReview per claim.

Follows https://schema.org/ClaimReview and Google's fact-check markup guidelines
(https://developers.google.com/search/docs/appearance/structured-data/factcheck):
`claimReviewed` is a short summary (under 75 characters) that never states the verdict;
`reviewRating.alternateName` carries the verdict's name, with ratingValue/bestRating/
worstRating when the rating is on the numeric scale (an off-scale rating such as
"Unverifiable" has only alternateName); `url` is the claim's public fact-check page
(`ExportContext.factcheck_url`: FACTCHECK_SITE_URL + /factchecks/<claim id>/). The
document is `{"@context": "https://schema.org", "@graph": [...]}`, written review by
review so it streams. `embedded_json` is the same review for one claim, as the public
page embeds it in a <script type="application/ld+json"> element.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from claims.exporters.json_ import dumps, json_list, write_array_items
from claims.exporters.types import ClaimRow, DocumentRows, ExportContext
from claims.weblinks import is_web_url

SUMMARY_LIMIT = 75  # claimReviewed must stay strictly under this many characters

_ORG_WORDS = re.compile(
    r"\b(department|ministry|agency|office|council|committee|government|university|police|"
    r"commission|administration|bureau|court|company|corporation|inc|ltd|association|union|"
    r"party|institute|service|authority|board|news|times|post|group|foundation|"
    r"organi[sz]ation|immigration|customs|enforcement|statistics|officials|authorities)\b",
    re.IGNORECASE,
)


# Compiled once per verdict name (a handful of them), not once per claim.
_VERDICT_PATTERNS: dict[str, re.Pattern[str]] = {}


def _verdict_pattern(verdict: str) -> re.Pattern[str]:
    pattern = _VERDICT_PATTERNS.get(verdict)
    if pattern is None:
        pattern = re.compile(rf"\b{re.escape(verdict)}\b", re.IGNORECASE)
        if len(_VERDICT_PATTERNS) < 256:
            _VERDICT_PATTERNS[verdict] = pattern
    return pattern


def claim_summary(text: str, verdict: str, limit: int = SUMMARY_LIMIT) -> str:
    """A summary under `limit` characters, cut at a word, without the verdict's name.

    A claim may say "false" itself ("It is false that taxes rose"); search engines would
    show that as if it were the verdict, so the verdict's words are taken out.
    """
    # " ".join(split()) is re.sub(r"\s+", " ", ...).strip(): str.split() and \s
    # take the same characters for whitespace (str.isspace), at several times the speed.
    summary = " ".join(text.split())
    name = verdict.strip()
    if name:
        removed, found = _verdict_pattern(name).subn("", summary)
        # Without a match the summary's whitespace is already single spaces.
        summary = (" ".join(removed.split()) if found else summary).strip(" ,;:")
    summary = summary.strip().strip('"“”')
    if len(summary) >= limit:
        cut = summary[: limit - 2]
        space = cut.rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
        summary = cut.rstrip(" ,;:.") + "…"
    return summary


# Whether a speaker's name reads as an organisation: speakers repeat, the regex need not.
_IS_ORG: dict[str, bool] = {}


def _is_org(speaker: str) -> bool:
    found = _IS_ORG.get(speaker)
    if found is None:
        found = bool(_ORG_WORDS.search(speaker))
        if len(_IS_ORG) < 4096:
            _IS_ORG[speaker] = found
    return found


def speaker_node(attribution: dict[str, Any]) -> dict[str, Any] | None:
    speaker = str(attribution.get("speaker") or "").strip()
    if not speaker:
        return None
    is_org = _is_org(speaker)
    node: dict[str, Any] = {"@type": "Organization" if is_org else "Person", "name": speaker}
    if not is_org and attribution.get("role"):
        node["jobTitle"] = attribution["role"]
    if not is_org and attribution.get("organisation"):
        node["affiliation"] = {"@type": "Organization", "name": attribution["organisation"]}
    return node


def claim_review(row: ClaimRow, context: ExportContext) -> dict[str, Any]:
    reviewed_on = row.updated_at or context.generated_at
    return review_document(
        url=context.factcheck_url(row.claim_id),
        text=row.text,
        verdict=row.verdict,
        rating_value=row.rating_value,
        best_rating=row.best_rating,
        worst_rating=row.worst_rating,
        rationale=row.rationale,
        attributions=row.attributions,
        article_author=row.article_author,
        article_outlet=row.article_outlet,
        article_published=row.article_published.isoformat() if row.article_published else None,
        article_url=row.article_url,
        article_title=row.article_title,
        reviewed_on=reviewed_on.date().isoformat(),
        context=context,
    )


def review_document(
    *,
    url: str,
    text: str,
    verdict: str,
    rating_value: int | None,
    best_rating: int | None,
    worst_rating: int | None,
    rationale: str,
    attributions: Sequence[Any],
    article_author: str,
    article_outlet: str,
    article_published: str | None,
    article_url: str,
    article_title: str,
    reviewed_on: str,
    context: ExportContext,
) -> dict[str, Any]:
    """One ClaimReview, from a claim's values (dates as ISO text), whichever path read them."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict}
    scale = context.scale
    if rating_value is not None:
        rating["ratingValue"] = rating_value
        best = best_rating if best_rating is not None else scale and scale.best_value
        worst = worst_rating if worst_rating is not None else scale and scale.worst_value
        if best is not None and worst is not None:
            rating["bestRating"] = best
            rating["worstRating"] = worst
    if rationale:
        rating["ratingExplanation"] = rationale

    item: dict[str, Any] = {"@type": "Claim"}
    speaker = next((node for node in map(speaker_node, attributions) if node is not None), None)
    # A claim with no attributed speaker is the article's own: its author, or its outlet.
    if speaker is None and article_author:
        speaker = {"@type": "Person", "name": article_author}
    if speaker is None and article_outlet:
        speaker = {"@type": "Organization", "name": article_outlet}
    if speaker is not None:
        item["author"] = speaker
    if article_published is not None:
        item["datePublished"] = article_published
    # Only an http(s) address is an appearance: aggregators turn it into a link, and a
    # row stored before the importers refused other schemes may hold "javascript:...".
    if is_web_url(article_url):
        appearance = {"@type": "CreativeWork", "url": article_url}
        if article_title:
            appearance["headline"] = article_title
        item["appearance"] = appearance
        # The desk knows only the article it checked; when the claim is not attributed to
        # someone else, that article is where it first appeared.
        if not attributions:
            item["firstAppearance"] = appearance

    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim_summary(text, verdict),
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": context.desk_name},
        "datePublished": reviewed_on,
        "itemReviewed": item,
    }
    if is_web_url(context.desk_url):
        review["author"]["url"] = context.desk_url
    return review


def flat_reviews(rows: DocumentRows, context: ExportContext) -> Iterator[dict[str, Any]]:
    """`claim_review` of each claim of a document row stream, equal to the row path's."""
    url_of = context.factcheck_url
    generated_on = context.generated_at.date().isoformat()
    for raw in rows:
        updated = raw[25]
        yield review_document(
            url=url_of(raw[0]),
            text=raw[8],
            verdict=raw[17] or "",
            rating_value=raw[18],
            best_rating=raw[19],
            worst_rating=raw[20],
            rationale=raw[21],
            attributions=json_list(raw[14]),
            article_author=raw[6],
            article_outlet=raw[5],
            article_published=raw[7],
            article_url=raw[4],
            article_title=raw[3],
            # The ISO text of the UTC timestamp starts with its date.
            reviewed_on=updated[:10] if updated else generated_on,
            context=context,
        )


# Characters that would let text inside a <script> element end it ("</script>"), open a
# comment ("<!--") or be read as an entity; JSON allows each as a \u escape.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def embedded_document(row: ClaimRow, context: ExportContext) -> dict[str, Any]:
    """One claim's ClaimReview as a standalone JSON-LD document (with its @context)."""
    return {"@context": "https://schema.org", **claim_review(row, context)}


def embedded_json(row: ClaimRow, context: ExportContext) -> str:
    """`embedded_document` as text that is safe inside <script type="application/ld+json">:
    no claim, rationale or title can close the element or inject markup."""
    return dumps(embedded_document(row, context)).decode("utf-8").translate(_SCRIPT_ESCAPES)


def _reviews(
    rows: Iterable[ClaimRow] | DocumentRows, context: ExportContext
) -> Iterator[dict[str, Any]]:
    if isinstance(rows, DocumentRows):
        return flat_reviews(rows, context)
    return (claim_review(row, context) for row in rows)


def write(rows: Iterable[ClaimRow] | DocumentRows, out: BinaryIO, context: ExportContext) -> int:
    out.write(b'{"@context":"https://schema.org","@graph":[\n')
    count = write_array_items(out, (dumps(review) for review in _reviews(rows, context)))
    out.write(b"\n]}\n")
    return count
