"""Every screen and API list at scale (issue 14), served by the production server.

    .venv/bin/python bench/bench_scale.py [--claims 1000000] [--keep NAME] [--skip-build]
                                          [--processes 2] [--requests 30] [--workers 2]
                                          [--build-only] [--only TEXT ...]

Build (skipped with --skip-build):
  1. Articles from bench/newsgen.py (about 33 claims each at 450 words: 1,000,000 claims
     is about 30,000 articles), imported in jobs of BUILD_JOB_ARTICLES articles through
     the product's own import: services.imports.import_job_create + import_job_run (parse,
     extract, store), in --processes processes, without Celery (the job service is the
     same one a worker calls). The import's match step (claims/services/matching.py: an
     in-memory index of every claim in each process) is switched off with the product's
     setting FACTCHECK_MATCH_ON_IMPORT=0: at this scale it is what bench_matching*.py
     measure, not the screens.
  2. Enrichment, as bench data written directly in SQL (not through services.reviews:
     a million service calls would take hours and measure nothing about the screens):
     statuses (60 % new, 15 % in review, 8 % awaiting approval, 7 % approved, 5 %
     published, 5 % dismissed), assignees, verdicts with rationale on the 20 % past
     review, 5,000 sources, about 0.5 evidence rows and 0.1 comments per claim, and
     about 0.6 history rows per claim (a HistoricalClaim row for each review step).
     Then VACUUM ANALYZE.

Measure: `migrate` first (so a kept database gets the current code's migrations; a
claims migration whose file changed since it was applied is first migrated back), then
the database is served by gunicorn with the project's config (factcheck/gunicorn.conf.py),
2 workers, settings bench/scale_settings.py (the product's settings plus a plain
ModelAdmin for Claim on a second AdminSite at /plain-admin/, only there) and
FACTCHECK_QUERY_COUNT_HEADER=1 (every response carries X-Query-Count). Each screen is
requested --requests times by one client (API lists also by 8 concurrent clients),
after one warm-up request; the table has p50, p95 and the queries of the page. Then
each screen is requested once in this process with the test client to capture its SQL,
and the plans (EXPLAIN ANALYZE, BUFFERS) of the three slowest queries are printed.
Deep pages: the queue's own `last` link (keyset: its deepest page) when the page has
one, else ?page=10000; the admin changelists ?p=10000 (or their last page, if fewer);
the API a cursor at the middle id (page 1's `next` cursor with its position moved).
A page slower than 5 s is asked 3 times, slower than 20 s once; one that takes more
than 60 s is reported as a timeout and gunicorn's workers are replaced (HUP), since
threaded workers keep working on a request its client gave up on. The server's
queries stop at a statement_timeout of 55 s (PGOPTIONS).

Database: factcheck_bench_scale_<random>, dropped at the end; or --keep NAME (must start
with factcheck_bench_scale_): created if missing, reused if it is one this script made
(it carries the table bench_scale_meta), never dropped. The script never touches a
database it did not create. Run by hand, not in tests; the machine's load changes the
figures, so note it beside them.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import re
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PREFIX = "factcheck_bench_scale_"
BUILD_JOB_ARTICLES = 1000
CACHE_URL = "redis://127.0.0.1:6379/0"
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def main() -> None:
    parser = argparse.ArgumentParser(description="Screens and API lists at scale.")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--keep", metavar="DBNAME", default="")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--processes", type=int, default=2, help="import processes")
    parser.add_argument("--requests", type=int, default=30, help="per screen")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--build-only", action="store_true", help="build, do not measure")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="measure only the screens whose name contains TEXT (repeatable): 'API', 'search'",
    )
    args = parser.parse_args()
    if args.keep and not re.fullmatch(PREFIX + r"[a-z0-9_]{1,40}", args.keep):
        parser.error(f"--keep takes a name like {PREFIX}1m (lower case, digits, _).")
    if args.skip_build and not args.keep:
        parser.error("--skip-build needs --keep NAME: a database built by an earlier run.")
    name = args.keep or PREFIX + uuid.uuid4().hex[:8]
    created = _database_open(name, keep=bool(args.keep))
    if created and args.skip_build:
        _database_drop(name)
        sys.exit(f"{name} did not exist: build it first (without --skip-build).")
    _environment(name)
    try:
        import django

        django.setup()

        _migrate()
        if not args.skip_build:
            build(args.claims, args.processes)
        if args.build_only:
            return
        from bench import scale_measure

        scale_measure.run(name, requests=args.requests, workers=args.workers, only=args.only)
    finally:
        _cache_drop()
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _database_drop(name)
        else:
            print(f"\nDatabase kept: {name} (reuse: --keep {name} --skip-build)")


# --- the database this run owns ------------------------------------------------------


def _database_open(name: str, *, keep: bool) -> bool:
    """Create the database unless it is one of ours already; True if created."""
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(ADMIN_URL.rsplit("/", 1)[0] + "/" + name, autocommit=True) as conn:
        if exists:
            marked = conn.execute("SELECT to_regclass('bench_scale_meta')").fetchone()[0]
            if not marked:
                sys.exit(f"{name} exists but was not made by this script; not touching it.")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_scale_meta (key text PRIMARY KEY, value text)"
        )
        conn.execute(
            "INSERT INTO bench_scale_meta VALUES ('created', now()::text) ON CONFLICT DO NOTHING"
        )
    print(f"Database {name} ({'kept' if keep else 'dropped at the end'})")
    return not exists


def _database_drop(name: str) -> None:
    import psycopg

    assert name.startswith(PREFIX)
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(name: str) -> None:
    var = Path(f"/tmp/{name}")
    var.mkdir(parents=True, exist_ok=True)
    for key in [k for k in os.environ if k.startswith(("DATABASE_", "CELERY_"))]:
        del os.environ[key]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.scale_settings",
        SECRET_KEY=SECRET,
        DEBUG="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}",
        FACTCHECK_VAR_DIR=str(var),
        FACTCHECK_SITE_URL="https://factcheck.example.org",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        FACTCHECK_MATCH_ON_IMPORT="0",
        FACTCHECK_ARCHIVE_SOURCES="0",
        # The bench measures the pages, not the throttle (one user sends every request).
        API_THROTTLE_USER="1000000/minute",
        FACTCHECK_QUERY_COUNT_HEADER="1",
        LOG_LEVEL="WARNING",
        # As the README's production settings: a shared cache (sessions, pickers), under
        # keys of this run's own in the machine's Redis, removed at the end (_cache_drop).
        CACHE_URL=CACHE_URL,
        CACHE_KEY_PREFIX=f"{name}-{uuid.uuid4().hex[:8]}",
    )


def _cache_drop() -> None:
    import redis

    prefix = os.environ["CACHE_KEY_PREFIX"]
    client = redis.Redis.from_url(CACHE_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def _migrate() -> None:
    """`migrate`, after undoing any applied claims migration whose file changed since.

    A kept database outlives the code: a migration edited in place (work in progress,
    same name) would otherwise never reach it. Each applied migration's file hash is
    recorded in bench_scale_meta; a changed one is migrated back to its parent first.
    """
    import hashlib

    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    applied = sorted(name for app, name in loader.applied_migrations if app == "claims")

    def digest(name: str) -> str:
        module = sys.modules[type(loader.get_migration("claims", name)).__module__]
        return hashlib.sha256(Path(module.__file__).read_bytes()).hexdigest()

    for name in applied:
        recorded = _meta(f"migration:claims.{name}")
        if recorded is not None and recorded != digest(name):
            migration = loader.get_migration("claims", name)
            previous = max((n for a, n in migration.dependencies if a == "claims"), default="zero")
            if previous == "zero":
                sys.exit(f"claims.{name} changed: the database must be built again.")
            print(f"claims.{name} changed since it was applied: back to {previous}, again")
            call_command("migrate", "claims", previous, verbosity=0)
            break
    call_command("migrate", verbosity=0)
    for app, name in MigrationLoader(connection).applied_migrations:
        if app == "claims":
            _meta(f"migration:claims.{name}", digest(name))


def _meta(key: str, value: str | None = None) -> str | None:
    from django.db import connection

    with connection.cursor() as cursor:
        if value is not None:
            cursor.execute(
                "INSERT INTO bench_scale_meta VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [key, value],
            )
            return value
        cursor.execute("SELECT value FROM bench_scale_meta WHERE key = %s", [key])
        row = cursor.fetchone()
        return row[0] if row else None


# --- build: import, then enrich ---------------------------------------------------------


def build(target: int, processes: int) -> None:
    from django.db import connection, connections

    from claims.models import Article, Claim

    started = time.perf_counter()
    next_index = int(_meta("next_index") or 0)
    claims = Claim.objects.count()
    print(f"Build: {claims:,} claims present, target {target:,}")
    while claims < target:
        articles = Article.objects.count() or 1
        per_article = claims / articles if claims else 33.0
        wanted = math.ceil((target - claims) / per_article)
        jobs = []
        for _ in range(processes):
            size = min(BUILD_JOB_ARTICLES, wanted)
            if size <= 0:
                break
            jobs.append((next_index, size))
            next_index += size
            wanted -= size
        connections.close_all()
        round_started = time.perf_counter()
        results = _import_round(jobs)
        _meta("next_index", str(next_index))
        claims = Claim.objects.count()
        done = sum(r[0] for r in results)
        print(
            f"  {claims:>10,} claims  +{done} articles in "
            f"{time.perf_counter() - round_started:.0f} s  "
            f"({time.perf_counter() - started:.0f} s in all)",
            flush=True,
        )
    imported = time.perf_counter() - started
    # Claims up to this id are enriched; a later, larger --claims enriches only the new ones.
    since = int(_meta("enriched_through") or 0)
    top = Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if top > since:
        enrich_started = time.perf_counter()
        enrich(since=since)
        _meta("enriched_through", str(top))
        print(f"Enrichment: {time.perf_counter() - enrich_started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    _meta("build_seconds", f"{time.perf_counter() - started:.0f}")
    print(f"Build: {time.perf_counter() - started:.0f} s (import {imported:.0f} s)")


def _import_round(jobs: list[tuple[int, int]]) -> list[tuple[int, float]]:
    """The jobs in as many processes, each forked afresh (it imports the code from disk).

    A failed round is tried again after a pause: on a machine where the code is being
    edited, a job can start on a half-saved file. Re-running a job stores nothing twice
    (content hashes), so a retry only completes what the failed one left out.
    """
    import multiprocessing

    for attempt in range(1, 6):
        try:
            with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
                return pool.starmap(_import_job, jobs)
        except Exception as exc:
            print(f"  round failed (attempt {attempt}): {exc!r}; again in 20 s", flush=True)
            time.sleep(20)
    raise RuntimeError("the import failed five times in a row; see the errors above")


def _import_job(first: int, count: int) -> tuple[int, float]:
    """One import job of `count` generated articles, run as a worker runs it."""
    from django.db import connections

    from bench.newsgen import jsonl_range
    from claims.services.imports import import_job_create, import_job_run

    connections.close_all()
    started = time.process_time()
    job = import_job_create(
        files=[(f"bench-{first}.jsonl", jsonl_range(first, count))], format="jsonl"
    )
    job = import_job_run(job_id=job.pk)
    if job is None or job.status != "succeeded":
        raise RuntimeError(f"import job {getattr(job, 'pk', '?')} did not succeed")
    return int(job.summary.get("imported", 0)), time.process_time() - started


RATIONALE = (
    "The figure matches the county's published budget table for the year; the quoted "
    "official confirmed the count by email and the state agency's release agrees."
)
COMMENT = "Asked the county press office for the underlying table; waiting for a reply."
QUOTE = "According to the county's annual report, the figure was revised in March."


def enrich(*, since: int) -> None:
    """Statuses, verdicts, evidence, comments and history, in SQL (bench data only)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from claims.models import RatingScale

    users = get_user_model()
    reviewers = []
    for n in range(1, 11):
        user, _ = users.objects.get_or_create(username=f"bench_reviewer_{n}")
        user.groups.add(Group.objects.get(name="Reviewer"))
        reviewers.append(user.pk)
    editor, _ = users.objects.get_or_create(username="bench_editor")
    editor.groups.add(Group.objects.get(name="Editor"))
    scale = RatingScale.objects.get(is_active=True)
    ratings = list(scale.ratings.values_list("pk", flat=True))
    # b: a stable pseudo-random bucket 0..999 per claim.
    bucket = "mod(abs(hashint8extended(c.id, 1)), 1000)"
    new = f"c.id > {int(since)}"
    reviewer = f"(ARRAY{reviewers})[1 + mod(c.id, {len(reviewers)})]"
    rating = f"(ARRAY{ratings})[1 + mod(c.id / 7, {len(ratings)})]"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE claims_claim c SET
              status = CASE WHEN b < 750 THEN 'in_review'
                            WHEN b < 830 THEN 'awaiting_approval'
                            WHEN b < 900 THEN 'approved'
                            WHEN b < 950 THEN 'published' ELSE 'dismissed' END,
              assignee_id = {reviewer},
              verdict_id = CASE WHEN b >= 750 AND b < 950 THEN {rating} END,
              verdict_by_id = CASE WHEN b >= 750 AND b < 950 THEN {reviewer} END,
              approved_by_id = CASE WHEN b >= 830 AND b < 950 THEN {editor.pk} END,
              rationale = CASE WHEN b >= 750 AND b < 950 THEN %s ELSE '' END,
              version = version + 2
            FROM (SELECT id, {bucket} AS b FROM claims_claim c WHERE {new}) r
            WHERE c.id = r.id AND r.b >= 600
            """,
            [RATIONALE],
        )
        cursor.execute(
            """
            INSERT INTO claims_source (url, title, publisher, published, created_at, updated_at)
            SELECT 'https://sources.example/report/' || g, 'Annual report ' || g,
                   'Agency ' || mod(g, 50), DATE '2024-01-01' + mod(g, 700), now(), now()
            FROM generate_series(1, 5000) g
            ON CONFLICT DO NOTHING
            """
        )
        cursor.execute(
            f"""
            INSERT INTO claims_evidence
              (claim_id, source_id, quote, stance, note, added_by_id, created_at, updated_at)
            SELECT c.id, s.ids[1 + mod(abs(hashint8extended(c.id * 4 + k, 2)), 5000)], %s,
                   (ARRAY['supports', 'refutes', 'context'])[1 + mod(c.id + k, 3)], '',
                   {reviewer}, now(), now()
            FROM claims_claim c
            CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM claims_source
                        WHERE url LIKE 'https://sources.example/report/%%') s
            CROSS JOIN LATERAL generate_series(
                1, CASE WHEN mod({bucket}, 4) = 0 THEN 2 ELSE 1 END) k
            WHERE {new} AND {bucket} >= 600
            """,
            [QUOTE],
        )
        cursor.execute(
            f"""
            INSERT INTO claims_comment (claim_id, author_id, text, created_at, updated_at)
            SELECT c.id, {reviewer}, %s, now(), now() FROM claims_claim c
            WHERE {new} AND {bucket} >= 600 AND mod({bucket}, 4) = 1
            """,
            [COMMENT],
        )
        _history(cursor, bucket, new)


def _history(cursor, bucket: str, new: str) -> None:
    """A HistoricalClaim row per review step: taken into review, and the verdict
    submitted for approval (with the service's change reasons), and the weekly tally."""
    from django.db import connection

    reviewer_week = importlib.import_module("claims.migrations.0015_reviewer_week")
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        ["claims_claim"],
    )
    claim_columns = {row[0] for row in cursor.fetchall()}
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "ORDER BY ordinal_position",
        ["claims_historicalclaim"],
    )
    shared = [row[0] for row in cursor.fetchall() if row[0] in claim_columns]
    columns = ", ".join(f'"{column}"' for column in shared)
    selected = ", ".join(f'c."{column}"' for column in shared)
    cursor.execute("SELECT COALESCE(MAX(history_id), 0) FROM claims_historicalclaim")
    (before,) = cursor.fetchone()
    for step, reason, condition in (
        ("interval '2 days'", "assign", f"{bucket} >= 600"),
        ("interval '1 day'", reviewer_week.SUBMIT_REASON, f"{bucket} >= 750 AND {bucket} < 950"),
    ):
        cursor.execute(
            f"""
            INSERT INTO claims_historicalclaim
              ({columns}, history_date, history_change_reason, history_type, history_user_id)
            SELECT {selected}, now() - {step}, %s, '~', c.assignee_id
            FROM claims_claim c WHERE {new} AND {condition}
            """,
            [reason],
        )
    # The dashboard's weekly tally, as services.reviews would have kept it for these steps.
    reviewer_week.fill(connection, users_table="auth_user", since_history_id=before)


if __name__ == "__main__":
    main()
