"""One search for claims: the workbench queue, the API list and the admin all call
`claim_search`. Nothing here writes.

On PostgreSQL a claim matches when either
- full-text search finds it: claims_claim.search_vector (migration 0010) with English
  stemming ("arrest" finds "arrested"), "quoted phrases", -excluded words (the query is
  read by websearch_to_tsquery), and figures: a comma between a digit and a group of
  three digits is dropped on both sides, so "8,417" and "8417" both find "8,417" (the
  english parser would otherwise split it into "8" and "417"); or
- every word and quoted phrase, when each has three characters or more, appears inside
  the claim's text or inside its article's title: partial words ("immigr") through the
  trigram indexes on UPPER(text) and UPPER(title).
The three conditions are ORed on the claim row (the article's matches come as an array
of ids computed once), so PostgreSQL combines their indexes in one bitmap scan.
`search_rank` (ts_rank) orders the queue's "relevance" sort; substring-only hits rank 0.

On SQLite (the embedded default) every word or quoted phrase must appear in the claim's
text or its article's title (icontains): no stemming, every rank 0.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL

from claims.models import Claim

MAX_TERMS = 8
MAX_QUERY = 500
# Shorter terms have no trigram: an index could not narrow them down.
MIN_PARTIAL = 3
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_THOUSANDS = re.compile(r"(\d),(?=\d{3}(\D|$))")


def terms(q: str) -> list[str]:
    """The words and "quoted phrases" of a query, at most MAX_TERMS."""
    found = []
    for phrase, word in _TERM.findall(q[:MAX_QUERY]):
        term = " ".join((phrase or word).split())
        if term.strip('"'):
            found.append(term.strip('"') if word else term)
    return found[:MAX_TERMS]


def normalise_figures(text: str) -> str:
    """ "8,417" -> "8417", as migration 0010 does to the stored text before parsing."""
    return _THOUSANDS.sub(r"\1", text)


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def claim_search(claims: QuerySet[Claim], q: str) -> QuerySet[Claim]:
    """`claims` narrowed to those matching `q`, annotated with `search_rank`."""
    found = terms(q)
    if not found:
        return claims.annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _postgresql(claims, q, found)
    for term in found:
        claims = claims.filter(_contains_sqlite(term))
    return claims.annotate(search_rank=Value(0.0, output_field=FloatField()))


def _contains_sqlite(term: str) -> RawSQL:
    # One condition per term, on the claim row: the claim's text or its article's title.
    return RawSQL(
        "(claims_claim.text LIKE %s ESCAPE '\\' OR claims_claim.article_id IN "
        "(SELECT a.id FROM claims_article a WHERE a.title LIKE %s ESCAPE '\\'))",
        [_like(term), _like(term)],
        output_field=BooleanField(),
    )


def _postgresql(claims: QuerySet[Claim], q: str, found: list[str]) -> QuerySet[Claim]:
    query = normalise_figures(" ".join(q[:MAX_QUERY].split()))
    tsquery = "websearch_to_tsquery('english'::regconfig, %s)"
    conditions = [f"claims_claim.search_vector @@ {tsquery}"]
    params: list[object] = [query]
    if all(len(term) >= MIN_PARTIAL for term in found):
        likes = [_like(term) for term in found]
        in_text = " AND ".join(["UPPER(claims_claim.text) LIKE UPPER(%s)"] * len(likes))
        in_title = " AND ".join(["UPPER(a.title) LIKE UPPER(%s)"] * len(likes))
        conditions.append(f"({in_text})")
        # ARRAY(...) runs once (an init plan); `= ANY` of it is an index condition on
        # claims_claim.article_id, so it joins the bitmap OR instead of a semi-join.
        in_articles = "SELECT a.id FROM claims_article a WHERE " + in_title  # noqa: S608
        conditions.append(f"claims_claim.article_id = ANY(ARRAY({in_articles}))")
        params += [*likes, *likes]
    # Fixed SQL text; the user's words are only ever parameters.
    either = "(" + " OR ".join(conditions) + ")"
    matched = RawSQL(either, params, output_field=BooleanField())  # noqa: S611
    rank = RawSQL(  # noqa: S611
        f"ts_rank(claims_claim.search_vector, {tsquery})", [query], output_field=FloatField()
    )
    return claims.filter(matched).annotate(search_rank=rank)
