"""X-Query-Count: how many SQL queries a request ran (opt-in, for measuring).

Enabled only by FACTCHECK_QUERY_COUNT_HEADER=1 (factcheck/settings.py); bench/bench_scale.py
reads the header from the production server. Counts the queries on the default database
through connection.execute_wrapper, so it works with DEBUG off and costs one function call
per query. A streamed response is counted up to its first byte.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
