"""The reader of a 100-claim article with facts (issue 12), and the queue's list of facts,
served by the production server.

    .venv/bin/python bench/bench_reader_facts.py [--requests 200] [--background 300]
                                                 [--workers 2] [--keep NAME]

Target: the reader of a 100-claim article answers in p95 <= 100 ms, with as many queries
whatever the number of facts.

Build, in a PostgreSQL database of its own (bench_scale's: factcheck_bench_scale_<random>,
dropped at the end; or --keep NAME, see bench/bench_scale.py):
  - three articles of 100 claims each, stored as an import stores them (bulk inserts):
    "no facts" (the reader as it was before facts), "typical" (3 facts a claim: a
    figure, a date, and a comparison holding a second figure: what extraction finds in
    news sentences) and "dense" (7 a claim: an attribution, four figures, a list that
    holds three of them, a date that overlaps the list without either holding the other
    (the reader splits it into two marks), a comparison holding the fourth figure);
    a fifth of the facts are in review or further, with verdicts, so that claims have
    derived (and mixed) verdicts; some facts are stale or orphaned;
  - --background more articles of 100 dense claims, so that the facts table is not
    small (300: 30,000 claims and 210,000 facts), then VACUUM ANALYZE.
Measure: gunicorn with the project's config (bench/scale_measure.py: --workers workers,
X-Query-Count on every response), one client, one warm-up request and --requests
requests per screen: the three readers, then pages of the queue's list of facts (first
page, a kind, a status, the stale ones, a verdict, an article's facts by claim, and the
last page of each order). p50/p95 and the queries of each page are printed as a table.
Run by hand, not in tests; note the machine's load beside the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_scale import (  # noqa: E402
    PREFIX,
    _database_drop,
    _database_open,
    _environment,
    _migrate,
)

CLAIMS = 100
NAMES = ["Ana Ruiz", "Bryan Cox", "Li Wei", "Omar Haddad", "Greta Lind", "Tomás Vidal"]
ROLES = ["ICE spokesman", "police chief", "finance minister", "union leader", "mayor"]
OUTLETS = ["Breitbart News", "the Gazette", "Reuters", "the Herald"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
THINGS = ["workers", "trucks", "plants", "boats", "families", "officers"]


def typical(rng: random.Random, n: int) -> tuple[str, list[tuple[str, str]]]:
    """A sentence and its facts (kind, words), words in order of appearance."""
    a, b = rng.randint(20, 900), rng.randint(2, 40)
    thing, day = rng.choice(THINGS), rng.choice(DAYS)
    sentence = (
        f"Agents detained {a} {thing} on {day} in raid {n}, more than {b} times the usual number."
    )
    return sentence, [
        ("figure", f"{a} {thing}"),
        ("date", day),
        ("comparison", f"more than {b} times the usual number"),
        ("figure", f"{b} times"),
    ][: 4 if n % 2 else 3]


def dense(rng: random.Random, n: int) -> tuple[str, list[tuple[str, str]]]:
    a, b, c, d = (rng.randint(2, 900) for _ in range(4))
    name, role, outlet, day = (
        rng.choice(NAMES),
        rng.choice(ROLES),
        rng.choice(OUTLETS),
        rng.choice(DAYS),
    )
    listed = f"{a} cars, {b} trucks and {c} boats"
    sentence = (
        f"{role.capitalize()} {name} told {outlet} that agents seized {listed} on {day} "
        f"in operation {n}, the largest haul in {d} years."
    )
    return sentence, [
        ("attribution", f"{role.capitalize()} {name} told {outlet}"),
        ("list", listed),
        ("figure", f"{a} cars"),
        ("figure", f"{b} trucks"),
        ("figure", f"{c} boats"),
        ("date", f"boats on {day}"),  # overlaps the list without either holding the other
        ("comparison", f"the largest haul in {d} years"),
        ("figure", f"{d} years"),
    ]


def article(title: str, rng: random.Random, make, *, facts: bool = True) -> int:  # type: ignore[no-untyped-def]
    from claims.models import Article, Claim, Fact, FactOrigin

    built = [make(rng, n) for n in range(CLAIMS)]
    text = f"{title}\n\n" + "\n\n".join(" ".join((s, "Residents watched.")) for s, _ in built)
    stored = Article.objects.create(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        outlet=rng.choice(OUTLETS),
    )
    claims, cursor = [], 0
    for position, (sentence, _) in enumerate(built):
        start = text.index(sentence, cursor)
        cursor = start + len(sentence)
        claims.append(
            Claim(
                article=stored,
                position=position,
                start=start,
                end=cursor,
                text=sentence,
                kinds=["quantity", "attribution"],
                score=round(rng.random(), 3),
            )
        )
    Claim.objects.bulk_create(claims)
    if not facts:
        return stored.pk
    rows = []
    for claim, (_, found) in zip(claims, built, strict=True):
        for position, (kind, words) in enumerate(found):
            start = text.index(words, claim.start)
            rows.append(
                Fact(
                    claim=claim,
                    position=position,
                    kind=kind,
                    start=start,
                    end=start + len(words),
                    text=words,
                    statement=words,
                    origin=FactOrigin.EXTRACTED,
                )
            )
    Fact.objects.bulk_create(rows, batch_size=2000)
    return stored.pk


def review_some(rng: random.Random) -> None:
    """A fifth of the facts in review or further, with verdicts, and the claims' derived
    verdicts; some stale or orphaned. Bench data, written directly in SQL (the services
    would take minutes and measure nothing about the pages)."""
    from django.db import connection

    from claims.models import Rating

    ratings = list(Rating.objects.filter(scale__is_active=True).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM claims_fact")
        ids = [row[0] for row in cursor.fetchall()]
        chosen = rng.sample(ids, len(ids) // 5)
        statuses = ["in_review", "awaiting_approval", "approved", "published"]
        for status in statuses:
            part = chosen[statuses.index(status) :: len(statuses)]
            for rating in ratings:
                some = part[ratings.index(rating) :: len(ratings)]
                cursor.execute(
                    "UPDATE claims_fact SET status = %s, verdict_id = %s, rationale = 'bench' "
                    "WHERE id = ANY(%s)",
                    [status, rating, some],
                )
        cursor.execute(
            "UPDATE claims_fact SET stale_verdict = true WHERE id = ANY(%s)", [chosen[::50]]
        )
        cursor.execute("UPDATE claims_fact SET orphaned = true WHERE id = ANY(%s)", [ids[::997]])
        # The derived verdict: the worst rating of the claim's facts (services.reviews).
        cursor.execute(
            """
            UPDATE claims_claim c SET derived_verdict_id = w.worst, derived_mixed = w.n > 1
            FROM (
              SELECT f.claim_id, count(DISTINCT f.verdict_id) AS n,
                     (array_agg(f.verdict_id ORDER BY r.value NULLS LAST, r.position))[1] AS worst
              FROM claims_fact f JOIN claims_rating r ON r.id = f.verdict_id
              WHERE NOT f.orphaned AND f.status <> 'dismissed'
              GROUP BY f.claim_id
            ) w WHERE w.claim_id = c.id
            """
        )


def build(background: int) -> dict[str, int]:
    from django.db import connection

    rng = random.Random(12)
    ids = {
        "no facts": article("Raids, no facts", rng, dense, facts=False),
        "typical": article("Raids, typical facts", rng, typical),
        "dense": article("Raids, dense facts", rng, dense),
    }
    for n in range(background):
        article(f"Background {n}", rng, dense)
    review_some(rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description="The reader with facts, and the fact queue.")
    parser.add_argument("--requests", type=int, default=200, help="per screen")
    parser.add_argument("--background", type=int, default=300, help="more 100-claim articles")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--keep", metavar="DBNAME", default="")
    args = parser.parse_args()
    name = args.keep or PREFIX + uuid.uuid4().hex[:8]
    created = _database_open(name, keep=bool(args.keep))
    _environment(name)
    try:
        import django

        django.setup()
        _migrate()
        from claims.models import Article

        if created or not Article.objects.filter(title="Raids, dense facts").exists():
            ids = build(args.background)
        else:
            ids = {
                label: Article.objects.get(title=title).pk
                for label, title in (
                    ("no facts", "Raids, no facts"),
                    ("typical", "Raids, typical facts"),
                    ("dense", "Raids, dense facts"),
                )
            }
        measure(ids, requests=args.requests, workers=args.workers)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _database_drop(name)
        else:
            print(f"\nDatabase kept: {name} (reuse: --keep {name})")


def measure(ids: dict[str, int], *, requests: int, workers: int) -> None:
    import signal
    import subprocess

    from django.db import connection

    from bench import scale_measure as sm
    from claims.models import Claim, Fact, Rating

    counts = {
        label: (
            Claim.objects.filter(article_id=pk).count(),
            Fact.objects.filter(claim__article_id=pk).count(),
        )
        for label, pk in ids.items()
    }
    print(
        f"Data: {Claim.objects.count():,} claims, {Fact.objects.count():,} facts; load average "
        f"before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    false = Rating.objects.get(scale__is_active=True, name="False").pk
    queue = "/workbench/queue/?list=facts"
    screens = [
        sm.Screen(f"reader, {label} ({claims} claims, {facts} facts)", f"/workbench/articles/{pk}/")
        for label, pk in ids.items()
        for claims, facts in [counts[label]]
    ] + [
        sm.Screen("fact queue page 1", queue),
        sm.Screen("fact queue, last page", queue + "&last=1"),
        sm.Screen("fact queue, kind attribution", queue + "&fact_kind=attribution"),
        sm.Screen("fact queue, status approved + kind", queue + "&status=approved&fact_kind=date"),
        sm.Screen("fact queue, stale", queue + "&flag=stale"),
        sm.Screen("fact queue, orphaned, last page", queue + "&flag=orphaned&last=1"),
        sm.Screen("fact queue, verdict False", queue + f"&verdict={false}"),
        sm.Screen("fact queue, by claim, last page", queue + "&sort=claim&last=1"),
        sm.Screen(
            "fact queue, one article by claim", queue + f"&article={ids['dense']}&sort=claim"
        ),
    ]
    auth = sm._login()
    port = sm._free_port()
    connection.close()
    server = sm._gunicorn(port, workers)
    try:
        base = f"127.0.0.1:{port}"
        for screen in screens:
            sm._measure(base, screen, auth, requests)
            print(f"  measured {screen.label}: p95 {sm._pct(screen.times, 95):.1f} ms", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    sm._table(screens, requests, workers)
    print("\nmax ms: " + ", ".join(f"{s.label}: {max(s.times):.0f}" for s in screens[:3]))


if __name__ == "__main__":
    main()
