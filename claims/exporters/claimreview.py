"""schema.org ClaimReview as JSON-LD: one ClaimReview per claim, and one per reviewed fact.

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

A claim's review is rated by its effective verdict (an editor's, else the one derived from
its facts). Each of its facts that is approved or published, with a verdict, gets a review
of its own (`fact_review`): `claimReviewed` states the fact as a reader would (its
statement, else a sentence from its fields), its rating is the fact's verdict, and for an
attribution `itemReviewed.author` is the speaker (the role as jobTitle); its `url` is the
claim's public page with the fact's anchor (#fact-<id>).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from claims.exporters.json_ import dumps, write_array_items
from claims.exporters.types import ClaimRow, ExportContext, FactRow, plain_number
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


def _claim_speaker(row: ClaimRow) -> dict[str, Any] | None:
    speaker = next((node for node in map(speaker_node, _dicts(row.attributions)) if node), None)
    # A claim with no attributed speaker is the article's own: its author, or its outlet.
    if speaker is None and row.article_author:
        speaker = {"@type": "Person", "name": row.article_author}
    if speaker is None and row.article_outlet:
        speaker = {"@type": "Organization", "name": row.article_outlet}
    return speaker


def _dicts(items: Iterable[Any]) -> Iterator[dict[str, Any]]:
    return (item for item in items if item.__class__ is dict)


def claim_review(row: ClaimRow, context: ExportContext) -> dict[str, Any]:
    """The claim's ClaimReview, rated by its effective verdict (an editor's, else the one
    derived from its facts)."""
    return review_document(
        url=context.factcheck_url(row.claim_id),
        summary=claim_summary(row.text, row.verdict),
        verdict=row.verdict,
        rating_value=row.rating_value,
        best_rating=row.best_rating,
        worst_rating=row.worst_rating,
        rationale=row.rationale,
        speaker=_claim_speaker(row),
        row=row,
        first_appearance=not row.attributions,
        reviewed_on=(row.updated_at or context.generated_at.isoformat())[:10],
        context=context,
    )


# The fact statuses whose verdict a second person approved: each gets its ClaimReview.
REVIEWED_FACT_STATUSES = frozenset({"approved", "published"})


def fact_reviewed(fact: FactRow) -> bool:
    return fact.status in REVIEWED_FACT_STATUSES and bool(fact.verdict)


def fact_sentence(fact: FactRow) -> str:
    """The fact as a reader would state it: the reviewer's (or extraction's) statement,
    else a sentence built from its fields, else its text."""
    if fact.statement.strip():
        return fact.statement
    fields = fact.fields if fact.fields.__class__ is dict else {}
    if fact.kind == "figure" and fields.get("value") is not None:
        parts = [
            str(fields.get("qualifier") or ""),
            str(plain_number(fields["value"])),
            str(fields.get("unit") or ""),
            str(fields.get("event") or ""),
        ]
        said = " ".join(p for p in parts if p)
        return (
            "about " + said if fields.get("approximate") and not fields.get("qualifier") else said
        )
    if fact.kind == "attribution" and fields.get("speaker"):
        who = str(fields["speaker"])
        if fields.get("role") and str(fields["role"]).lower() not in who.lower():
            who = f"{fields['role']} {who}"
        content = str(fields.get("content") or "").strip()
        return f"{who}: {content}" if content else f"{who} {fields.get('cue') or 'said'}"
    if fact.kind == "date" and fields.get("resolved"):
        return f"{fact.text} ({fields['resolved']})"
    return fact.text


def fact_speaker(fact: FactRow, row: ClaimRow) -> dict[str, Any] | None:
    """Who made the claim the fact belongs to: for an attribution, its speaker (with
    the role as jobTitle); otherwise the claim's speaker."""
    if fact.kind == "attribution" and fact.fields.__class__ is dict:
        node = speaker_node(fact.fields)
        if node is not None:
            return node
    return _claim_speaker(row)


def fact_review(fact: FactRow, row: ClaimRow, context: ExportContext) -> dict[str, Any]:
    """A reviewed fact's own ClaimReview, on its claim's public page (#fact-<id>)."""
    return review_document(
        url=f"{context.factcheck_url(row.claim_id)}#fact-{fact.fact_id}",
        summary=claim_summary(fact_sentence(fact), fact.verdict),
        verdict=fact.verdict,
        rating_value=fact.rating_value,
        best_rating=fact.best_rating,
        worst_rating=fact.worst_rating,
        rationale=fact.rationale,
        speaker=fact_speaker(fact, row),
        row=row,
        first_appearance=not row.attributions and fact.kind != "attribution",
        reviewed_on=(fact.updated_at or context.generated_at.isoformat())[:10],
        context=context,
    )


def review_document(
    *,
    url: str,
    summary: str,
    verdict: str,
    rating_value: int | None,
    best_rating: int | None,
    worst_rating: int | None,
    rationale: str,
    speaker: dict[str, Any] | None,
    row: ClaimRow,
    first_appearance: bool,
    reviewed_on: str,
    context: ExportContext,
) -> dict[str, Any]:
    """One ClaimReview (of a claim or of one of its facts)."""
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
    if speaker is not None:
        item["author"] = speaker
    if row.article_published is not None:
        item["datePublished"] = row.article_published
    # Only an http(s) address is an appearance: aggregators turn it into a link, and a
    # row stored before the importers refused other schemes may hold "javascript:...".
    if is_web_url(row.article_url):
        appearance = {"@type": "CreativeWork", "url": row.article_url}
        if row.article_title:
            appearance["headline"] = row.article_title
        item["appearance"] = appearance
        # The desk knows only the article it checked; when the claim is not attributed to
        # someone else, that article is where it first appeared.
        if first_appearance:
            item["firstAppearance"] = appearance

    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": summary,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": context.desk_name},
        "datePublished": reviewed_on,
        "itemReviewed": item,
    }
    if is_web_url(context.desk_url):
        review["author"]["url"] = context.desk_url
    return review


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


def reviews(rows: Iterable[ClaimRow], context: ExportContext) -> Iterator[dict[str, Any]]:
    """Each claim's ClaimReview, then one for each of its reviewed facts."""
    for row in rows:
        yield claim_review(row, context)
        for fact in row.facts:
            if fact_reviewed(fact):
                yield fact_review(fact, row, context)


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    """The reviews as one JSON-LD graph; returns the number of claims."""
    claims = 0

    def counted() -> Iterator[ClaimRow]:
        nonlocal claims
        for row in rows:
            claims += 1
            yield row

    out.write(b'{"@context":"https://schema.org","@graph":[\n')
    write_array_items(out, map(dumps, reviews(counted(), context)))
    out.write(b"\n]}\n")
    return claims
