"""A page of a search in score order, three ways, on a database bench_scale.py built.

    .venv/bin/python bench/bench_search.py --keep factcheck_bench_scale_NAME [--runs 5] [WORD ...]

For each word, the queue's first page (the default filters: score >= 0.5, best first) is
read by claims.selectors_search.page_rows
- walk only: FACTCHECK_SEARCH_WALK_MS large (the plain walk of the score index, what
  every search did before the bands);
- bands only: FACTCHECK_SEARCH_WALK_MS=0;
- one after the other: the default budget (the walk, then the bands if it runs out), as
  the product reads inside a transaction;
- race: both at once on connections of their own, the first to finish gives the page
  (FACTCHECK_SEARCH_RACE, what the product does outside a transaction),
and the script prints the median wall time of --runs reads (after one warm-up) and
whether the three gave the same rows. Read only: the database is not changed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ["evacuated", "percent", "said", "million", "immigr", "council", "zyzzogeton"]
PAGE = 51  # the queue's page and its look-ahead row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", required=True, metavar="DBNAME")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("words", nargs="*", default=WORDS)
    args = parser.parse_args()
    from bench import bench_scale

    if not args.keep.startswith(bench_scale.PREFIX):
        parser.error(f"--keep names a database of bench_scale.py ({bench_scale.PREFIX}…)")
    bench_scale._environment(args.keep)
    import django

    django.setup()
    from django.conf import settings

    from claims.models import Claim
    from claims.selectors_review import SORTS
    from claims.selectors_search import claim_search, page_rows

    default = settings.FACTCHECK_SEARCH_WALK_MS
    ways = [
        ("walk only", 600_000, False),
        ("bands only", 0, False),
        (f"walk {default} ms, then bands", default, False),
        ("race", default, True),
    ]
    print(f"{Claim.objects.count():,} claims; median of {args.runs} reads, ms")
    print(f"| word | {' | '.join(name for name, _, _ in ways)} | same rows |")
    print(f"|---|{'---:|' * len(ways)}---|")
    for word in args.words:
        rows = claim_search(Claim.objects.filter(score__gte=0.5), word).order_by(
            *SORTS["worthiness"]
        )
        times, found = [], []
        for _, budget, race in ways:
            settings.FACTCHECK_SEARCH_WALK_MS = budget
            settings.FACTCHECK_SEARCH_RACE = race
            ids = [claim.pk for claim in page_rows(rows, 0, PAGE)]  # warm-up
            taken = []
            for _ in range(args.runs):
                started = time.perf_counter()
                page_rows(rows, 0, PAGE)
                taken.append((time.perf_counter() - started) * 1000)
            times.append(statistics.median(taken))
            found.append(ids)
        same = "yes" if all(ids == found[0] for ids in found) else "NO"
        print(f"| {word} | {' | '.join(f'{t:,.1f}' for t in times)} | {same} |")


if __name__ == "__main__":
    main()
