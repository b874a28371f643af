"""CPU time of one API claims page in this process, for an administrator's token and a
reviewer's (issue 14: at 8 clients on 2 cores the API list is bound by CPU).

    .venv/bin/python bench/bench_api_cpu.py --keep factcheck_bench_scale_NAME [--requests 100]

On a database bench_scale.py kept (read only): /api/claims/ (page 1, 50 claims) through
Django's test client, after 30 warm-up requests, 5 rounds of --requests requests each;
prints the CPU milliseconds per request (process time: what the other processes on the
machine do does not count, though they slow it through shared caches), the queries
(X-Query-Count) and the response's size. The cache is the machine's Redis under a key
prefix of this run's own, removed at the end. Run it from two checkouts on the same
database to compare two versions of the code.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description="CPU time of one API claims page.")
    parser.add_argument("--keep", metavar="DBNAME", required=True)
    parser.add_argument("--requests", type=int, default=100, help="per round (5 rounds)")
    args = parser.parse_args()
    from bench import bench_scale

    if not args.keep.startswith(bench_scale.PREFIX):
        parser.error(f"--keep takes a database bench_scale.py kept ({bench_scale.PREFIX}...).")
    bench_scale._environment(args.keep)
    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        admin = users.filter(is_superuser=True).order_by("id").first()
        reviewer = users.filter(is_superuser=False, groups__name="Reviewer").order_by("id").first()
        print(f"{'token of':<24} {'CPU ms/request':>15} {'(min)':>7} {'queries':>8} {'bytes':>8}")
        for user in (admin, reviewer):
            if user is not None:
                _measure(user, args.requests)
    finally:
        bench_scale._cache_drop()


def _measure(user, requests: int) -> None:
    from django.test import Client
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    for _ in range(30):
        answer = client.get("/api/claims/")
    if answer.status_code != 200:
        sys.exit(f"/api/claims/ answered {answer.status_code} for {user.username}")
    rounds = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(requests):
            client.get("/api/claims/")
        rounds.append((time.process_time() - started) / requests * 1000)
    print(
        f"{user.username:<24} {statistics.median(rounds):>15.2f} {min(rounds):>7.2f} "
        f"{answer.headers.get('X-Query-Count', '?'):>8} {len(answer.content):>8,}"
    )


if __name__ == "__main__":
    main()
