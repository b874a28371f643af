"""schema.org ClaimReview JSON-LD: every required and recommended field, expanded with pyld."""

from __future__ import annotations

import io
import json

import pytest
from pyld import jsonld

from claims.exporters import claimreview
from claims.exporters.claimreview import SUMMARY_LIMIT, claim_summary
from tests.exporters.factories import SCALE, claim_row, context, second_row

SCHEMA = "http://schema.org/"

# A local stand-in for https://schema.org's context document, so nothing is fetched:
# schema.org terms are its vocabulary, and `url` values are IRIs.
SCHEMA_CONTEXT = {
    "@context": {
        "@vocab": SCHEMA,
        "schema": SCHEMA,
        "url": {"@id": "schema:url", "@type": "@id"},
    }
}


def offline_loader(url: str, options: dict | None = None) -> dict:
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    raise AssertionError(f"the test must not fetch {url}")


def _document(rows) -> dict:
    out = io.BytesIO()
    assert claimreview.write(rows, out, context()) == len(rows)
    return json.loads(out.getvalue())


def _expanded(document: dict) -> list[dict]:
    return jsonld.expand(document, {"documentLoader": offline_loader})


def _one(node: dict, term: str):
    values = node[SCHEMA + term]
    assert len(values) == 1, term
    value = values[0]
    return value.get("@value", value.get("@id", value))


def test_every_required_and_recommended_field_is_there_after_json_ld_expansion():
    expanded = _expanded(_document([claim_row(), second_row()]))

    reviews = [n for n in expanded if SCHEMA + "ClaimReview" in n.get("@type", [])]
    assert len(reviews) == 2
    review = reviews[0]
    # The claim's public page, by claim id (stable when a new revision re-anchors it).
    assert _one(review, "url") == "https://desk.example.org/factchecks/7/"
    assert _one(review, "claimReviewed").startswith("About 300 of the 680 workers")
    assert _one(review, "datePublished") == "2026-03-03"

    rating = _one(review, "reviewRating")
    assert rating["@type"] == [SCHEMA + "Rating"]
    assert _one(rating, "ratingValue") == 4
    assert _one(rating, "bestRating") == 5
    assert _one(rating, "worstRating") == 1
    assert _one(rating, "alternateName") == "Mostly true"
    assert _one(rating, "ratingExplanation") == "The agency's own release says 303."

    author = _one(review, "author")
    assert author["@type"] == [SCHEMA + "Organization"]
    assert _one(author, "name") == "Harbor Fact Desk"
    assert _one(author, "url") == "https://desk.example.org/about/"

    item = _one(review, "itemReviewed")
    assert item["@type"] == [SCHEMA + "Claim"]
    assert _one(item, "datePublished") == "2019-08-08"
    speaker = _one(item, "author")
    assert _one(speaker, "name") == "officials"
    appearance = _one(item, "appearance")
    assert _one(appearance, "url") == "https://news.example.com/raids"

    mayor = _one(_one(reviews[1], "itemReviewed"), "author")
    assert mayor["@type"] == [SCHEMA + "Person"]
    assert _one(mayor, "name") == "The mayor"


def test_an_unattributed_claim_names_the_article_as_its_first_appearance_and_author():
    document = _document([claim_row(attributions=())])
    item = document["@graph"][0]["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Jane Writer"}
    assert item["firstAppearance"]["url"] == "https://news.example.com/raids"


def test_an_organisation_speaker_is_an_organization():
    row = claim_row(attributions=({"speaker": "the Department of Labor", "cue": "say"},))
    author = _document([row])["@graph"][0]["itemReviewed"]["author"]
    assert author["@type"] == "Organization"


def test_an_off_scale_rating_has_only_its_name():
    rating = _document([claim_row(verdict="Unverifiable", rating_value=None)])["@graph"][0][
        "reviewRating"
    ]
    assert rating["alternateName"] == "Unverifiable"
    assert "ratingValue" not in rating and "bestRating" not in rating


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("It is false that taxes rose by 40 percent under the new mayor last year.", "False"),
        ("Half true: " + "the city spent more on bridges than on schools " * 4, "Half true"),
        ("TRUE story: unemployment fell to 3.5 percent, the lowest rate in fifty years", "True"),
        ("Short claim.", "Mostly false"),
    ],
)
def test_claim_reviewed_is_under_75_characters_and_never_contains_the_rating(text, verdict):
    summary = claim_summary(text, verdict)
    assert 0 < len(summary) < SUMMARY_LIMIT
    assert verdict.lower() not in summary.lower()


def test_claim_reviewed_in_the_document_never_contains_any_rows_verdict():
    rows = [
        claim_row(
            text="It is " + r.name.lower() + " that the bridge costs $2 billion.", verdict=r.name
        )
        for r in SCALE.ratings
    ]
    for review in _document(rows)["@graph"]:
        assert len(review["claimReviewed"]) < SUMMARY_LIMIT
        assert (
            review["reviewRating"]["alternateName"].lower() not in review["claimReviewed"].lower()
        )
