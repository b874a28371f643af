"""X-Query-Count, the opt-in header bench/bench_scale.py reads (factcheck/query_count.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from factcheck.query_count import QueryCountMiddleware

pytestmark = pytest.mark.django_db


def _three_queries(request: HttpRequest) -> HttpResponse:
    users = get_user_model().objects
    users.count()
    list(users.filter(username="nobody"))
    users.exists()
    return HttpResponse("ok")


def test_it_counts_the_queries_of_the_request() -> None:
    response = QueryCountMiddleware(_three_queries)(RequestFactory().get("/"))
    assert response["X-Query-Count"] == "3"


def test_a_request_without_queries_counts_zero_and_counts_do_not_carry_over() -> None:
    middleware = QueryCountMiddleware(lambda request: HttpResponse("ok"))
    QueryCountMiddleware(_three_queries)(RequestFactory().get("/"))
    assert middleware(RequestFactory().get("/"))["X-Query-Count"] == "0"


def test_the_header_is_off_unless_asked_for(client) -> None:
    assert "X-Query-Count" not in client.get("/workbench/login/").headers
