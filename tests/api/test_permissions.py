"""Role x endpoint x method: the UI's role rules, through the API.

Anonymous: 401 everywhere. A signed-in user with no role: 403 everywhere. Otherwise
the capability table of claims.permissions. "allowed" means the permission check
passed: the request reached the view (it may still be refused by a workflow rule or
validation, which is not a permission answer).
"""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import ExportJob, Fact, ImportJob
from tests.test_reviews_support import article_with_claims, person

pytestmark = pytest.mark.django_db
ROLES = {"outsider": (), "reviewer": ("Reviewer",), "editor": ("Editor",), "admin": ()}
R, E = ("reviewer", "editor", "admin"), ("editor", "admin")

# (method, path template, body, roles allowed past the permission check)
TABLE = [
    ("get", "/api/articles/", None, R),
    ("get", "/api/articles/{article}/", None, R),
    ("get", "/api/claims/", None, R),
    ("get", "/api/claims/{claim}/", None, R),
    ("patch", "/api/claims/{claim}/", {"rationale": "x"}, R),
    ("post", "/api/claims/{claim}/assign/", {}, R),
    ("post", "/api/claims/{claim}/submit/", {}, R),
    ("post", "/api/claims/{claim}/dismiss/", {}, R),
    ("post", "/api/claims/{claim}/reopen/", {}, R),
    ("post", "/api/claims/{claim}/approve/", {}, E),
    ("post", "/api/claims/{claim}/reject/", {"comment": "why"}, E),
    ("post", "/api/claims/{claim}/publish/", {}, E),
    ("get", "/api/facts/", None, R),
    ("get", "/api/facts/{fact}/", None, R),
    ("post", "/api/facts/", {"claim": "{claim}", "start": 0, "end": 3, "kind": "figure"}, R),
    ("patch", "/api/facts/{fact}/", {"statement": "One million"}, R),
    ("delete", "/api/facts/{fact}/", None, R),
    ("post", "/api/facts/{fact}/verdict/", {"rationale": "x"}, R),
    ("post", "/api/facts/{fact}/submit/", {}, R),
    ("post", "/api/facts/{fact}/approve/", {}, E),
    ("post", "/api/facts/{fact}/reject/", {"comment": "why"}, E),
    ("post", "/api/facts/{fact}/publish/", {}, E),
    ("post", "/api/facts/{fact}/comments/", {"text": "Hm."}, R),
    ("get", "/api/sources/", None, R),
    ("post", "/api/sources/", {"title": "A report"}, R),
    ("get", "/api/evidence/", None, R),
    ("post", "/api/evidence/", {"claim": "{claim}", "stance": "supports", "title": "T"}, R),
    ("get", "/api/comments/", None, R),
    ("post", "/api/comments/", {"claim": "{claim}", "text": "Hm."}, R),
    ("get", "/api/rating-scales/", None, R),
    ("get", "/api/ratings/", None, R),
    ("get", "/api/consistency-checks/", None, R),
    ("get", "/api/import-jobs/", None, R),
    ("get", "/api/import-jobs/{import_job}/", None, R),
    ("post", "/api/import-jobs/", {"urls": ["https://example.org/a"]}, R),
    ("get", "/api/export-jobs/", None, E),
    ("get", "/api/export-jobs/{export_job}/", None, E),
    ("post", "/api/export-jobs/", {"format": "csv"}, E),
    ("get", "/api/export-jobs/{export_job}/download/", None, E),
    ("post", "/api/extract/", {"text": "The city spent 3 million dollars."}, R),
]


def _fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {
            k: int(v.format(**ids)) if v == "{claim}" else _fill(v, ids) for k, v in value.items()
        }
    return value


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
@pytest.mark.parametrize(("method", "path", "data", "allowed"), TABLE)
def test_role_endpoint_and_method(role, method, path, data, allowed):
    article = article_with_claims(1)
    claim = article.claims.get()
    start = article.text.index("1 million dollars")
    ids = {
        "article": article.pk,
        "claim": claim.pk,
        "fact": Fact.objects.create(
            claim=claim, kind="figure", start=start, end=start + 17, text="1 million dollars"
        ).pk,
        "import_job": ImportJob.objects.create().pk,
        "export_job": ExportJob.objects.create(format="csv").pk,
    }
    client = APIClient()
    if role != "anonymous":
        user = person(role, *ROLES[role], superuser=role == "admin")
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    response = getattr(client, method)(
        _fill(path, ids), _fill(data, ids), format="json", HTTP_IF_MATCH='"1"'
    )

    if role == "anonymous":
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Token"
    elif role in allowed:
        assert response.status_code not in (401, 403), response.json()
    else:
        assert response.status_code == 403
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"code", "message", "details"}
