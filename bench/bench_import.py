"""Import throughput on PostgreSQL, side by side with django-import-export and COPY.

    .venv/bin/python bench/bench_import.py [--n 10000] [--workers 2]

Generates N news-like articles (bench/newsgen.py) as JSON Lines, in a throwaway
PostgreSQL database on 127.0.0.1:5432, and measures (wall clock):

  persist: parse + write     parse the JSONL and store the articles through
                              services.articles, with their claims and checks, or as
                              bare article rows (the rows the peers write); extraction
                              is done before the clock starts
  persist: write only         the same, without the parsing
  django-import-export        ModelResource.import_data on the same article rows,
                              default and use_bulk=True
  COPY                        PostgreSQL COPY of the same article rows (the ceiling)
  end to end                  import jobs run by a real `celery worker` with --workers
                              processes on Redis: parse + extract + store
  extraction alone            extract() over the same texts in --workers processes

Needs PostgreSQL and Redis on localhost; run by hand, not in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from multiprocessing import Pool
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATABASE = f"factcheck_bench_{uuid.uuid4().hex[:8]}"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"
# Redis is shared with other work: this run's broker keys carry their own prefix, and
# only those are deleted afterwards.
REDIS_PREFIX = f"{DATABASE}:"
os.environ.update(
    CELERY_REDIS_KEY_PREFIX=REDIS_PREFIX,
    DJANGO_SETTINGS_MODULE="factcheck.settings",
    SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    CELERY_BROKER_URL=REDIS_URL,
    FACTCHECK_VAR_DIR=f"/tmp/{DATABASE}",
    FACTCHECK_SITE_URL="https://factcheck.example.org",
)
os.makedirs(os.environ["FACTCHECK_VAR_DIR"], exist_ok=True)


def _extract_words(text: str) -> int:
    from claims.extraction import extract

    extract(text)
    return len(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description="Import throughput on PostgreSQL.")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        run(args.n, args.workers)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def run(n: int, workers: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.newsgen import jsonl
    from claims import importers
    from claims.extraction import Extraction
    from claims.services.articles import articles_store_new, content_hash
    from claims.services.extraction import text_extract
    from claims.services.imports import BATCH_SIZE

    call_command("migrate", verbosity=0)
    data = jsonl(n, seed=3)
    rows = [json.loads(line) for line in data.decode().splitlines()]
    words = sum(len(r["text"].split()) for r in rows)
    print(f"{n:,} articles, {words:,} words, {len(data) / 2**20:.1f} MB of JSON Lines")
    results: list[tuple[str, float]] = []

    def truncate() -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE claims_article RESTART IDENTITY CASCADE")

    def parse() -> list:
        return list(importers.parse(data, name="bench.jsonl", format="jsonl"))

    drafts = parse()
    extractions = [text_extract(text=d.text, published=d.published) for d in drafts]
    empty = Extraction(metadata={}, claims=(), checks=())
    for label, with_claims in (("articles + claims", True), ("article rows only", False)):
        truncate()
        started = time.perf_counter()
        parsed = parse()
        parsed_at = time.perf_counter()
        for offset in range(0, len(parsed), BATCH_SIZE):
            batch = parsed[offset : offset + BATCH_SIZE]
            articles_store_new(
                [
                    (d, content_hash(d.text), extractions[offset + i] if with_claims else empty)
                    for i, d in enumerate(batch)
                ],
                None,
            )
        finished = time.perf_counter()
        results.append((f"persist: parse + write, {label}", finished - started))
        results.append((f"persist: write only, {label}", finished - parsed_at))

    results.extend(_import_export(rows, truncate, content_hash))
    truncate()
    results.append(("COPY (ceiling)", _copy(rows, content_hash)))
    truncate()
    results.append((f"end to end, {workers} worker processes", _end_to_end(data, workers)))
    started = time.perf_counter()
    with Pool(workers) as pool:
        pool.map(_extract_words, [r["text"] for r in rows], chunksize=50)
    results.append((f"extraction alone, {workers} processes", time.perf_counter() - started))
    _print(results, n, words)


def _import_export(rows: list[dict], truncate, content_hash) -> list[tuple[str, float]]:
    import tablib
    from import_export import resources

    from claims.models import Article

    class ArticleResource(resources.ModelResource):
        class Meta:
            model = Article
            fields = ("title", "url", "outlet", "author", "published", "text", "content_hash")
            import_id_fields = ("content_hash",)

    headers = ["title", "url", "outlet", "author", "published", "text", "content_hash"]
    dataset = tablib.Dataset(headers=headers)
    for r in rows:
        dataset.append(
            [
                r["title"],
                r["url"],
                r["outlet"],
                r["author"],
                r["published"],
                r["text"],
                content_hash(r["text"]),
            ]
        )
    out = []
    for label, bulk in (
        ("django-import-export, default", False),
        ("django-import-export, use_bulk", True),
    ):
        truncate()
        started = time.perf_counter()
        result = ArticleResource().import_data(dataset, use_bulk=bulk, batch_size=1000)
        assert not result.has_errors()
        out.append((label, time.perf_counter() - started))
    return out


def _copy(rows: list[dict], content_hash) -> float:
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(
        os.environ["DATABASE_URL"].replace("postgres://", "postgresql://")
    ) as conn:
        with conn.cursor() as cursor:
            columns = (
                "text, content_hash, title, url, outlet, author, published, language, "
                "source_item, revision, superseded, created_at, updated_at"
            )
            with cursor.copy(f"COPY claims_article ({columns}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(
                        (
                            r["text"],
                            content_hash(r["text"]),
                            r["title"],
                            r["url"],
                            r["outlet"],
                            r["author"],
                            r["published"],
                            "",
                            "",
                            1,
                            False,
                            "now",
                            "now",
                        )
                    )
    return time.perf_counter() - started


def _end_to_end(data: bytes, workers: int) -> float:
    import redis

    from claims.models import ImportJob, JobStatus
    from claims.services.imports import import_job_create
    from claims.tasks import run_import

    lines = data.splitlines(keepends=True)
    parts = workers * 2
    size = -(-len(lines) // parts)
    log = open(Path(os.environ["FACTCHECK_VAR_DIR"]) / "worker.log", "wb")
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "factcheck",
            "worker",
            "-Q",
            "imports",
            f"--concurrency={workers}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=REPO,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(5)  # let the worker connect before the clock starts
        started = time.perf_counter()
        jobs = []
        for index in range(parts):
            chunk = b"".join(lines[index * size : (index + 1) * size])
            job = import_job_create(files=[(f"part{index}.jsonl", chunk)], format="jsonl")
            run_import.delay(job.pk)
            jobs.append(job.pk)
        while ImportJob.objects.filter(pk__in=jobs).exclude(status=JobStatus.SUCCEEDED).exists():
            if ImportJob.objects.filter(pk__in=jobs, status=JobStatus.FAILED).exists():
                raise SystemExit("an import job failed; see the worker log")
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        for job in ImportJob.objects.filter(pk__in=jobs).order_by("pk"):
            cpu = job.summary["cpu_seconds"]
            busy = (job.finished_at - job.started_at).total_seconds()
            print(
                f"  job {job.pk}: {busy:.2f} s in the worker; CPU s: parse {cpu['parse']}, "
                f"extract {cpu['extract']}, persist {cpu['persist']}"
            )
        return elapsed
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{REDIS_PREFIX}*"))
        if keys:
            client.delete(*keys)


def _print(results: list[tuple[str, float]], n: int, words: int) -> None:
    rates = {label: n / seconds for label, seconds in results}
    copy = rates["COPY (ceiling)"]
    die = rates["django-import-export, use_bulk"]
    print(f"{'':48}{'seconds':>9}{'articles/s':>12}{'words/s':>12}{'x DIE bulk':>11}{'% COPY':>8}")
    for label, seconds in results:
        rate = rates[label]
        print(
            f"{label:48}{seconds:9.2f}{rate:12,.0f}{words / seconds:12,.0f}"
            f"{rate / die:11.1f}{100 * rate / copy:7.0f}%"
        )


if __name__ == "__main__":
    main()
