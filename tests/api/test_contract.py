"""The API's contract: authentication, one error shape, throttling, the schema and docs,
and the extraction endpoint's JSON (the same as `manage.py extract --jsonl`)."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_anonymous_requests_get_401_in_the_error_shape(anonymous):
    response = anonymous.get("/api/claims/")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "error": {
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
            "details": {},
        }
    }


def test_a_wrong_token_is_a_401(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = anonymous.get("/api/claims/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_signed_in_user_without_a_role_gets_403(as_outsider):
    response = as_outsider.get("/api/articles/")

    assert response.status_code == 403
    assert "no role" in response.json()["error"]["message"]


def test_the_browser_session_works_and_writes_need_its_csrf_token(reviewer, claim):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reviewer)

    read = browser.get(f"/api/claims/{claim.pk}/")
    write = browser.post(
        "/api/comments/", {"claim": claim.pk, "text": "Hm"}, content_type="application/json"
    )

    assert read.status_code == 200
    assert write.status_code == 403
    assert "CSRF" in write.json()["error"]["message"]


def test_malformed_json_is_a_400_in_the_error_shape(as_reviewer, db):
    response = as_reviewer.post("/api/comments/", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_an_unsupported_method_is_a_405_in_the_error_shape(as_reviewer, claim):
    response = as_reviewer.delete(f"/api/claims/{claim.pk}/")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@override_settings(API_THROTTLE_USER="3/minute")
def test_users_are_throttled_with_a_429_saying_when_to_retry(as_reviewer, db):
    statuses = [as_reviewer.get("/api/ratings/").status_code for _ in range(4)]
    refused = as_reviewer.get("/api/ratings/")

    assert statuses == [200, 200, 200, 429]
    assert refused.json()["error"]["code"] == "throttled"
    assert refused.json()["error"]["details"]["wait_seconds"] > 0
    assert int(refused.headers["Retry-After"]) > 0


@override_settings(API_THROTTLE_ANON="2/minute")
def test_anonymous_clients_are_throttled_too(anonymous, db):
    statuses = [anonymous.get("/api/claims/").status_code for _ in range(3)]

    assert statuses == [401, 401, 429]


def test_an_unexpected_error_is_a_500_in_the_error_shape_without_a_traceback(
    as_reviewer, claim, monkeypatch
):
    def explode(**_):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("claims.selectors_review.claim_review", explode)

    response = as_reviewer.get(f"/api/claims/{claim.pk}/")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "secret internals" not in response.content.decode()


def test_the_schema_documents_every_operation_with_a_description_and_an_example(db):
    response = Client().get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) >= 29
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        assert operation.get("description"), where
        examples = [
            content.get("examples")
            for part in [operation.get("requestBody", {}), *operation["responses"].values()]
            for content in part.get("content", {}).values()
        ]
        assert any(examples), f"{where} has no example"
        assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


def test_swagger_ui_is_served_without_a_cdn(db):
    page = Client().get("/api/docs/").content.decode()

    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
    assert "/static/drf_spectacular_sidecar/" in page


def test_extraction_answers_the_same_json_as_the_extract_command(as_reviewer, tmp_path):
    text = "The mayor said 40 people were arrested on Monday. Police made 12 arrests."
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "doc", "text": text, "published": "2019-08-08"}) + "\n")
    printed = io.StringIO()
    call_command("extract", "--jsonl", str(source), stdout=printed)

    response = as_reviewer.post(
        "/api/extract/", {"id": "doc", "text": text, "published": "2019-08-08"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == json.loads(printed.getvalue())


def test_extraction_refuses_text_beyond_its_limit(as_reviewer, db):
    response = as_reviewer.post("/api/extract/", {"text": "x" * 100_001}, format="json")

    assert response.status_code == 400
    assert "text" in response.json()["error"]["details"]


@override_settings(API_THROTTLE_ANON="2/minute")
def test_guessing_tokens_is_throttled(anonymous, db):
    anonymous.credentials(HTTP_AUTHORIZATION="Token guess")

    statuses = [anonymous.get("/api/claims/").status_code for _ in range(3)]

    assert statuses == [401, 401, 429]
