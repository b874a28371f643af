"""What the API accepts is exactly what its schema says (test_conformance.py checks it
with schemathesis against the live app; these name each rule): empty or repeated query
values, malformed page sizes, unknown or mistyped body fields, forms where JSON is
expected, URLs, dates, ids that name nothing, and requests the claim's state refuses."""

from __future__ import annotations

import re

import pytest
import yaml
from django.test import Client

from claims.api.inputs import HTTP_URL
from claims.models import Claim, Comment, RatingScale, Source
from claims.services.reviews import verdict_record
from tests.test_reviews_support import rating

pytestmark = pytest.mark.django_db


def details(response) -> dict:
    return response.json()["error"]["details"]


# --- query strings --------------------------------------------------------------------


def test_an_empty_filter_value_is_refused_rather_than_read_as_no_filter(as_reviewer, claim):
    response = as_reviewer.get("/api/claims/?status=")

    assert response.status_code == 400
    assert "status" in details(response)


def test_a_filter_given_twice_is_refused(as_reviewer, claim):
    response = as_reviewer.get("/api/claims/?status=new&status=in_review")

    assert response.status_code == 400
    assert details(response) == {"status": ["Give this parameter once."]}


def test_a_malformed_page_size_is_refused_rather_than_replaced_by_the_default(as_reviewer, db):
    response = as_reviewer.get("/api/ratings/", {"page_size": "null"})

    assert response.status_code == 400
    assert details(response) == {"page_size": ["A whole number from 1 up is required."]}


def test_a_page_number_that_is_not_a_number_is_refused(as_reviewer, db):
    response = as_reviewer.get("/api/ratings/", {"page": "last"})

    assert response.status_code == 400
    assert "page" in details(response)


def test_a_page_size_above_the_maximum_gives_the_maximum(as_reviewer, db):
    response = as_reviewer.get("/api/ratings/", {"page_size": "100000"})

    assert response.status_code == 200


def test_a_date_filter_must_be_written_yyyy_mm_dd(as_reviewer, claim):
    response = as_reviewer.get("/api/claims/", {"published_from": "2019-8-8"})

    assert response.status_code == 400
    assert "published_from" in details(response)


def test_a_pattern_filter_is_not_trimmed_into_a_valid_value(as_reviewer, claim):
    response = as_reviewer.get("/api/claims/", {"assignee": " me "})

    assert response.status_code == 400


# --- bodies ---------------------------------------------------------------------------


def test_an_unknown_body_field_is_refused_rather_than_ignored(as_reviewer, claim):
    response = as_reviewer.post(
        "/api/comments/", {"claim": claim.pk, "text": "Hm", "txet": "typo"}, format="json"
    )

    assert response.status_code == 400
    assert details(response) == {"txet": ["Unknown field; the fields are: claim, text."]}
    assert not Comment.objects.exists()


def test_a_number_where_text_is_expected_is_refused(as_reviewer, db):
    response = as_reviewer.post("/api/sources/", {"title": "Report", "publisher": 0}, format="json")

    assert response.status_code == 400
    assert details(response) == {"publisher": ["Not a valid string."]}


def test_an_id_written_as_text_is_refused(as_reviewer, claim):
    response = as_reviewer.post(
        "/api/comments/", {"claim": str(claim.pk), "text": "Hm"}, format="json"
    )

    assert response.status_code == 400
    assert "claim" in details(response)


def test_a_form_encoded_body_is_refused_with_415(as_reviewer, claim):
    response = as_reviewer.post(
        "/api/comments/", {"claim": claim.pk, "text": "Hm"}, format="multipart"
    )

    assert response.status_code == 415
    assert not Comment.objects.exists()


def test_a_source_needs_a_url_or_a_title(as_reviewer, db):
    response = as_reviewer.post("/api/sources/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "A source needs a URL or a title."


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/report",
        " https://example.org/report",
        "https://example.org/a\x07b",
        "https://example",
        "https://example.org:70000/",
    ],
    ids=["ftp", "leading-space", "control-character", "no-top-level-domain", "port-too-big"],
)
def test_a_source_url_must_be_an_http_url_that_can_become_a_link(as_reviewer, db, url):
    response = as_reviewer.post("/api/sources/", {"url": url}, format="json")

    assert response.status_code == 400
    assert details(response) == {"url": ["Enter a valid http(s) URL."]}
    assert not Source.objects.exists()


def test_the_url_rule_takes_ordinary_web_addresses(db):
    for url in (
        "https://www.ice.gov/news/releases/worksite-enforcement",
        "http://localhost:8000/x?y=1#z",
        "https://user:pw@192.0.2.1/ä",
        "https://xn--bcher-kva.example/",
    ):
        assert re.search(HTTP_URL, url), url


# --- ids and the claim's state --------------------------------------------------------


def test_a_verdict_that_is_no_rating_of_the_active_scale_is_a_404(as_reviewer, claim):
    old = RatingScale.objects.create(name="Old", best_value=2, worst_value=1)
    retired = old.ratings.create(name="Wrong", value=1)

    response = as_reviewer.patch(
        f"/api/claims/{claim.pk}/",
        {"verdict": retired.pk, "rationale": "No."},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 404
    assert details(response) == {"verdict": ["No rating of the active scale has this id."]}
    assert Claim.objects.get(pk=claim.pk).verdict is None


def test_assigning_a_claim_to_an_unknown_user_is_a_404(as_editor, claim):
    response = as_editor.post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": 999999}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 404
    assert details(response) == {"assignee": ["No user has this id."]}


def test_a_rationale_alone_for_a_claim_without_a_verdict_is_a_409(as_reviewer, claim):
    response = as_reviewer.patch(
        f"/api/claims/{claim.pk}/", {"rationale": "Because."}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 409
    assert "no verdict yet" in response.json()["error"]["message"]


def test_an_empty_update_is_refused(as_reviewer, claim):
    response = as_reviewer.patch(f"/api/claims/{claim.pk}/", {}, format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Give a verdict, a rationale or both."


def test_a_verdict_alone_keeps_the_rationale(as_reviewer, reviewer, claim):
    verdict_record(
        claim_id=claim.pk, rating=rating("False"), rationale="No.", by=reviewer, expected_version=1
    )

    response = as_reviewer.patch(
        f"/api/claims/{claim.pk}/",
        {"verdict": rating("True").pk},
        format="json",
        HTTP_IF_MATCH='"2"',
    )

    assert response.status_code == 200
    assert response.json()["claim"]["rationale"] == "No."
    assert response.json()["claim"]["verdict"]["name"] == "True"


# --- the schema says so ---------------------------------------------------------------


@pytest.fixture
def openapi(db) -> dict:
    return yaml.safe_load(Client().get("/api/schema/").content)


def test_the_schema_documents_the_editor_only_operations_403(openapi):
    approve = openapi["paths"]["/api/claims/{id}/approve/"]["post"]
    comment = openapi["paths"]["/api/comments/"]["post"]

    assert approve["x-required-capability"] == "approve"
    assert "a reviewer gets 403" in approve["responses"]["403"]["description"]
    assert comment["x-required-capability"] == "review"
    assert "reviewers and editors" in comment["responses"]["403"]["description"]


def test_the_schema_states_the_url_rule_the_api_enforces(openapi):
    url = openapi["components"]["schemas"]["SourceInputRequest"]["properties"]["url"]

    assert url["oneOf"][0]["pattern"] == (HTTP_URL.replace(r"\Z", "$").replace(r"\x", r"\u00"))


def test_the_schema_refuses_unknown_body_fields(openapi):
    schemas = openapi["components"]["schemas"]

    assert schemas["CommentInputRequest"]["additionalProperties"] is False
    assert schemas["PatchedClaimUpdateInputRequest"]["anyOf"] == [
        {"required": ["verdict"]},
        {"required": ["rationale"]},
    ]


def test_the_schema_links_a_claim_to_its_writes_with_its_etag(openapi):
    links = openapi["paths"]["/api/claims/{id}/"]["get"]["responses"]["200"]["links"]

    assert links["SubmitTheClaim"] == {
        "operationId": "claims_submit_create",
        "parameters": {"id": "$request.path.id", "header.If-Match": "$response.header.ETag"},
    }
    assert links["CommentOnTheClaim"]["requestBody"] == {"claim": "$response.body#/claim/id"}


def test_the_schema_says_a_claim_id_is_a_positive_integer(openapi):
    (path_id,) = [
        p for p in openapi["paths"]["/api/claims/{id}/"]["get"]["parameters"] if p["in"] == "path"
    ]

    assert path_id["schema"]["type"] == "integer" and path_id["schema"]["minimum"] == 1
