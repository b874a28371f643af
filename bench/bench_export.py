"""Export speed and memory at scale: every format, beside COPY TO and django-import-export.

    .venv/bin/python bench/bench_export.py [--n 1000000] [--facts 3] [--runs 1]
                                           [--iex-n 100000] [--pdf-n 500] [--formats csv,...]
                                           [--keep] [--database NAME] [--repo PATH]

Creates its own throwaway database on PostgreSQL (127.0.0.1:5432, user postgres), migrates
it, generates N claims (10 per ~1,500-character article; half of them with evidence, a
fifth with a comment, a tenth with three history rows) and --facts facts per claim (a
figure, an attribution, a date: in every status, a third with a verdict, every fourth
claim's figure with evidence of its own; claims without an editor's verdict get one derived
from their figure) in SQL, then measures, each in a child process of its own so peak RSS
belongs to that run alone (os.wait4's rusage of exactly that child):

- `copy`: PostgreSQL `COPY (SELECT <the CSV's columns, sources and comments aggregated>
  ORDER BY id) TO STDOUT (FORMAT csv)` through psycopg into a file: the ceiling;
- every format of the product, through the real service (`export_job_create` +
  `export_job_run`: count, stream, progress writes, temporary file, rename);
- django-import-export (a ModelResource over the same claim columns, select_related) to
  CSV, XLSX and JSON on the first --iex-n claims: it builds the whole dataset in memory, so
  a full million would take most of an hour and gigabytes of memory on this shared machine.
  Its rate is per row either way; the table says how many rows it ran on.

The PDF format is capped by the product at exporters.PDF_MAX_CLAIMS claims (layout is in
memory), so it runs on the articles holding the first --pdf-n claims.

Rates are medians over --runs; the database is dropped at the end (--keep keeps it).
--database measures a database kept by an earlier run (nothing generated, nothing
dropped); --repo runs the product children from another checkout of the project (say, the
commit before a change, `git archive <commit> | tar -x -C DIR`), so two versions of the
code are measured on the same data, one after the other.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
FORMATS = ["csv", "facts_csv", "xlsx", "json", "jsonl", "claimreview", "html", "pdf"]
IEX_FORMATS = ["csv", "xlsx", "json"]
CLAIMS_PER_ARTICLE = 10
CLAIM_CHARS = 150
STATUSES = ["new", "in_review", "awaiting_approval", "approved", "published", "dismissed"]


# --- the parent: database, data, orchestration --------------------------------------------


def _env(database: str, var_dir: Path, repo: Path = REPO) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        SECRET_KEY="bench-export-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DEBUG="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        FACTCHECK_VAR_DIR=str(var_dir),
        FACTCHECK_SITE_URL="https://factcheck.example.org",
        PYTHONPATH=str(repo),
        LOG_LEVEL="WARNING",
    )
    return env


def generate(conninfo: str, n: int, facts: int = 3) -> None:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(
            """
            INSERT INTO auth_user (id, password, is_superuser, username, first_name, last_name,
                                   email, is_staff, is_active, date_joined)
            SELECT u, '!', false, 'reviewer' || u, '', '', '', false, true, now()
            FROM generate_series(1, 20) u
            """
        )
        ratings = [r[0] for r in conn.execute("SELECT id FROM claims_rating ORDER BY position")]
        conn.execute(
            f"""
            CREATE UNLOGGED TABLE bench_claim_text AS
            SELECT c, rpad(format('The city spent %s million dollars on bridge %s in 20%s, '
                                  'the mayor said on Tuesday', c % 997, c, 10 + c % 15),
                           {CLAIM_CHARS}, ', according to the council budget papers') AS text
            FROM generate_series(1, {n}) c
            """
        )
        conn.execute(
            f"""
            INSERT INTO claims_article (id, text, content_hash, title, url, outlet, author,
                published, language, source_item, created_at, updated_at, revision, superseded)
            SELECT a, t.body, md5(a::text) || md5('article' || a), 'Harbor budget, part ' || a,
                   'https://news.example.com/articles/' || a,
                   (ARRAY['Daily Planet', 'Morning Star', 'Evening Post'])[1 + a % 3],
                   'Reporter ' || (a % 50), date '2020-01-01' + (a % 2000), 'en', '',
                   now(), now(), 1, false
            FROM (
                SELECT (c - 1) / {CLAIMS_PER_ARTICLE} + 1 AS a,
                       string_agg(text, ' ' ORDER BY c) AS body
                FROM bench_claim_text GROUP BY 1
            ) t
            """
        )
        rating_array = "ARRAY[" + ",".join(map(str, ratings)) + "]::bigint[]"
        status_array = "ARRAY[" + ",".join(f"'{s}'" for s in STATUSES) + "]"
        conn.execute(
            f"""
            INSERT INTO claims_claim (id, article_id, position, start, "end", text,
                quote_prefix, quote_suffix, kinds, score, quantities, attributions, dates,
                comparisons, enumerations, status, verdict_id, rationale, verdict_by_id,
                approved_by_id, assignee_id, version, created_at, updated_at, anchor, orphaned,
                stale_verdict, derived_verdict_id, derived_mixed)
            SELECT c, (c - 1) / {CLAIMS_PER_ARTICLE} + 1, (c - 1) % {CLAIMS_PER_ARTICLE},
                   ((c - 1) % {CLAIMS_PER_ARTICLE}) * {CLAIM_CHARS + 1},
                   ((c - 1) % {CLAIMS_PER_ARTICLE}) * {CLAIM_CHARS + 1} + {CLAIM_CHARS},
                   t.text, '', '', '["quantity", "attribution"]'::jsonb, (c % 100) / 100.0,
                   jsonb_build_array(jsonb_build_object('value', c % 997, 'approximate', false,
                       'qualifier', null, 'unit', 'million dollars', 'event', 'spent',
                       'start', 15, 'end', 30)),
                   '[{{"speaker": "the mayor", "role": null, "organisation": null,
                      "cue": "say", "direct_quote": false}}]'::jsonb,
                   '[]'::jsonb, '[]'::jsonb, '[]'::jsonb,
                   ({status_array})[1 + c % {len(STATUSES)}],
                   CASE WHEN c % 8 = 0 THEN NULL ELSE ({rating_array})[1 + c % {len(ratings)}] END,
                   CASE WHEN c % 8 = 0 THEN '' ELSE 'The council budget papers show a different '
                        'figure for this bridge; the spokesperson confirmed it.' END,
                   CASE WHEN c % 8 = 0 THEN NULL ELSE 1 + c % 20 END,
                   CASE WHEN c % 3 = 0 THEN 1 + (c + 7) % 20 END,
                   NULL, 1, now() - interval '30 days', now() - (c % 1000) * interval '1 minute',
                   '', false, false,
                   -- Without an editor's verdict, half the claims have one from their facts.
                   CASE WHEN {facts} > 0 AND c % 8 = 0 AND c % 16 = 0
                        THEN ({rating_array})[1 + (c / 3) % {len(ratings)}] END,
                   false
            FROM bench_claim_text t
            """
        )
        sources = max(1, n // 10)
        conn.execute(
            f"""
            INSERT INTO claims_source (id, url, title, publisher, published, created_at, updated_at)
            SELECT s, 'https://city.example.gov/budget/' || s, 'Budget paper ' || s,
                   'City council', date '2019-01-01' + (s % 1500), now(), now()
            FROM generate_series(1, {sources}) s
            """
        )
        conn.execute(
            f"""
            INSERT INTO claims_evidence (claim_id, source_id, quote, stance, note, added_by_id,
                created_at, updated_at)
            SELECT c, 1 + (c / 2) % {sources}, 'The bridge cost ' || (c % 997) || ' million.',
                   (ARRAY['supports', 'refutes', 'context'])[1 + c % 3], '', 1 + c % 20,
                   now(), now()
            FROM generate_series(2, {n}, 2) c
            """
        )
        conn.execute(
            f"""
            INSERT INTO claims_comment (claim_id, author_id, text, created_at, updated_at)
            SELECT c, 1 + c % 20, 'Second source needed before approval.', now(), now()
            FROM generate_series(5, {n}, 5) c
            """
        )
        if facts:
            generate_facts(conn, n, facts, rating_array, status_array, sources)
        history_columns = [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'claims_historicalclaim' ORDER BY ordinal_position"
            )
        ]
        special = {
            "history_id": None,
            "history_date": "c.updated_at - (step || ' hours')::interval",
            "history_change_reason": "NULL",
            "history_type": "CASE WHEN step = 3 THEN '+' ELSE '~' END",
            "history_user_id": "c.verdict_by_id",
            "status": f"({status_array})[1 + (4 - step)]",
        }
        columns = [col for col in history_columns if special.get(col, "") is not None]
        values = [special.get(col) or f'c."{col}"' for col in columns]
        conn.execute(
            f"""
            INSERT INTO claims_historicalclaim ({", ".join(f'"{c}"' for c in columns)})
            SELECT {", ".join(values)}
            FROM claims_claim c CROSS JOIN generate_series(1, 3) step
            WHERE c.id % 10 = 0
            """
        )
        conn.execute("DROP TABLE bench_claim_text")
        for table in ("auth_user", "claims_article", "claims_claim", "claims_source"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        conn.execute("VACUUM ANALYZE")


# The facts of a generated claim ("The city spent <n> million dollars on bridge <c> in 20<y>,
# the mayor said on Tuesday, ..."): (kind, SQL of the start in the claim's text, of the
# length, the statement, the fields).
FACT_SPANS = [
    (
        "figure",
        "15",
        "length((c % 997)::text || ' million dollars')",
        "(c % 997) || ' million dollars spent on bridge ' || c",
        "jsonb_build_object('value', (c % 997)::float, 'unit', 'million dollars',"
        " 'event', 'spend', 'qualifier', null, 'approximate', false, 'measure', 'money')",
    ),
    (
        "attribution",
        "strpos(t.text, 'the mayor said') - 1",
        "14",
        "'the mayor said'",
        "jsonb_build_object('speaker', 'the mayor', 'role', 'mayor', 'organisation', null,"
        " 'cue', 'say', 'recipient', null, 'content', null, 'direct_quote', false)",
    ),
    (
        "date",
        "strpos(t.text, ' in 20') + 3",
        "4",
        "'in 20' || (10 + c % 15)",
        "jsonb_build_object('resolved', '20' || (10 + c % 15), 'granularity', 'year')",
    ),
]


def generate_facts(conn, n: int, facts: int, ratings: str, statuses: str, sources: int) -> None:
    """Up to three facts a claim, anchored in its text, in every status; a third with a
    verdict; every fourth claim's figure with evidence of its own."""
    for position, (kind, start, length, statement, fields) in enumerate(FACT_SPANS[:facts]):
        conn.execute(
            f"""
            INSERT INTO claims_fact (created_at, updated_at, claim_id, position, kind, start,
                "end", text, statement, fields, origin, status, assignee_id, verdict_id,
                rationale, verdict_by_id, approved_by_id, anchor, stale_verdict, orphaned,
                version)
            SELECT now() - interval '20 days', now() - (c % 700) * interval '1 minute', c,
                   {position}, '{kind}', t.start + s.at, t.start + s.at + s.len,
                   substr(t.text, s.at + 1, s.len), {statement}, {fields}, 'extracted',
                   ({statuses})[1 + (c + {position}) % 6],
                   CASE WHEN (c + {position}) % 3 = 0 THEN 1 + c % 20 END,
                   CASE WHEN (c + {position}) % 3 = 0 THEN ({ratings})[1 + c % 5] END,
                   CASE WHEN (c + {position}) % 3 = 0 THEN 'The budget papers give the figure.'
                        ELSE '' END,
                   CASE WHEN (c + {position}) % 3 = 0 THEN 1 + c % 20 END,
                   CASE WHEN (c + {position}) % 6 IN (3, 4) THEN 1 + (c + 3) % 20 END,
                   '', false, false, 1
            FROM claims_claim t, LATERAL (SELECT t.id AS c) k,
                 LATERAL (SELECT {start} AS at, {length} AS len) s
            WHERE t.id <= {n}
            """
        )
    conn.execute(
        f"""
        INSERT INTO claims_evidence (claim_id, fact_id, source_id, quote, stance, note,
            added_by_id, created_at, updated_at)
        SELECT f.claim_id, f.id, 1 + (f.claim_id / 3) % {sources}, 'Line 14 of the budget.',
               'supports', '', 1 + f.claim_id % 20, now(), now()
        FROM claims_fact f WHERE f.kind = 'figure' AND f.claim_id % 4 = 0
        """
    )


def run_child(env: dict[str, str], *args: str) -> dict[str, float]:
    """Run one measurement in a child process; its own peak RSS comes from os.wait4."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", *args],
            cwd=env["PYTHONPATH"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        # communicate() would reap the child; read its output, then wait4 for its rusage.
        out = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"child {args} failed:\n{message}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


# --- the children: one measurement each ----------------------------------------------------


def child_copy(out_dir: Path) -> dict[str, float]:
    import psycopg

    conninfo = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    query = """
        SELECT c.id, a.title, a.url, a.outlet, a.published, c.position, c.text, c.kinds,
               c.quantities, c.attributions, c.dates, c.status, r.name, r.value, c.rationale,
               (SELECT string_agg(s.title || ' <' || s.url || '> [' || e.stance || ']', ' | '
                                  ORDER BY e.id)
                  FROM claims_evidence e JOIN claims_source s ON s.id = e.source_id
                 WHERE e.claim_id = c.id AND e.fact_id IS NULL) AS sources,
               (SELECT string_agg(coalesce(u.username || ': ', '') || m.text, ' | '
                                  ORDER BY m.created_at, m.id)
                  FROM claims_comment m LEFT JOIN auth_user u ON u.id = m.author_id
                 WHERE m.claim_id = c.id AND m.fact_id IS NULL) AS comments,
               vb.username, ab.username, c.created_at, c.updated_at
        FROM claims_claim c
        JOIN claims_article a ON a.id = c.article_id
        LEFT JOIN claims_rating r ON r.id = c.verdict_id
        LEFT JOIN auth_user vb ON vb.id = c.verdict_by_id
        LEFT JOIN auth_user ab ON ab.id = c.approved_by_id
        ORDER BY c.id
    """
    target = out_dir / "copy.csv"
    rows = 0
    started = time.perf_counter()
    with psycopg.connect(conninfo) as conn, open(target, "wb", buffering=1 << 20) as out:
        with conn.cursor() as cursor:
            with cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv, HEADER)") as copy:
                for block in copy:
                    out.write(block)
        rows = conn.execute("SELECT count(*) FROM claims_claim").fetchone()[0]
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds, "bytes": target.stat().st_size}


def child_product(format: str, pdf_n: int) -> dict[str, float]:
    import django

    django.setup()
    from claims.models import Article, ClaimStatus
    from claims.selectors_export import ExportFilters
    from claims.services.exports import export_file, export_job_create, export_job_run

    filters = ExportFilters(statuses=tuple(ClaimStatus.values))  # every claim, every format
    if format == "pdf":
        articles = Article.objects.order_by("pk").values_list("pk", flat=True)
        filters = ExportFilters(article_ids=tuple(articles[: max(1, pdf_n // CLAIMS_PER_ARTICLE)]))
    job = export_job_create(format=format, filters=filters)
    started = time.perf_counter()
    finished = export_job_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    assert finished is not None and finished.status == "succeeded", finished and finished.message
    path = export_file(finished)
    return {"rows": finished.done, "seconds": seconds, "bytes": path.stat().st_size}


def child_iex(format: str, limit: int, out_dir: Path) -> dict[str, float]:
    import django

    django.setup()
    from import_export import fields, resources

    from claims.models import Claim

    class ClaimResource(resources.ModelResource):
        article_title = fields.Field(attribute="article__title", column_name="article_title")
        article_url = fields.Field(attribute="article__url", column_name="article_url")
        outlet = fields.Field(attribute="article__outlet", column_name="outlet")
        article_date = fields.Field(attribute="article__published", column_name="article_date")
        verdict_name = fields.Field(attribute="verdict__name", column_name="verdict")
        rating_value = fields.Field(attribute="verdict__value", column_name="rating_value")
        reviewer = fields.Field(attribute="verdict_by__username", column_name="reviewer")
        approver = fields.Field(attribute="approved_by__username", column_name="approver")

        class Meta:
            model = Claim
            fields = (
                "id", "article_title", "article_url", "outlet", "article_date", "position",
                "text", "kinds", "quantities", "attributions", "dates", "status",
                "verdict_name", "rating_value", "rationale", "reviewer", "approver",
                "created_at", "updated_at",
            )  # fmt: skip

    ids = Claim.objects.order_by("pk").values_list("pk", flat=True)[limit - 1 : limit]
    last = next(iter(ids), None)
    queryset = Claim.objects.select_related("article", "verdict", "verdict_by", "approved_by")
    if last is not None:
        queryset = queryset.filter(pk__lte=last)
    queryset = queryset.order_by("pk")
    started = time.perf_counter()
    dataset = ClaimResource().export(queryset=queryset)
    data = dataset.export(format)
    target = out_dir / f"iex.{format}"
    target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    seconds = time.perf_counter() - started
    return {"rows": len(dataset), "seconds": seconds, "bytes": target.stat().st_size}


def child_main(args: list[str]) -> None:
    kind, *rest = args
    out_dir = Path(os.environ["FACTCHECK_VAR_DIR"])
    if kind == "copy":
        result = child_copy(out_dir)
    elif kind == "product":
        result = child_product(rest[0], int(rest[1]))
    elif kind == "iex":
        result = child_iex(rest[0], int(rest[1]), out_dir)
    else:
        raise SystemExit(f"unknown child {kind}")
    print(json.dumps(result))


# --- the table -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="claims to generate")
    parser.add_argument("--facts", type=int, default=3, choices=range(4), help="facts a claim")
    parser.add_argument("--database", help="measure this kept database (no generation)")
    parser.add_argument("--repo", type=Path, default=REPO, help="checkout the children run")
    parser.add_argument("--runs", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument("--iex-n", type=int, default=100_000, help="claims for import-export")
    parser.add_argument("--pdf-n", type=int, default=500, help="claims in the PDF run")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--no-iex", action="store_true", help="skip django-import-export")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child_main(options.child)
        return

    import psycopg

    database = options.database or f"factcheck_bench_export_{uuid.uuid4().hex[:8]}"
    keep = options.keep or bool(options.database)
    iex_n = min(options.iex_n, options.n)
    formats = [f for f in options.formats.split(",") if f]
    if not options.database:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
    try:
        with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
            env = _env(database, Path(tmp), options.repo.resolve())
            conninfo = f"postgresql://postgres@127.0.0.1:5432/{database}"
            if not options.database:
                migrate = subprocess.run(
                    [sys.executable, "manage.py", "migrate", "--noinput", "--skip-checks"],
                    cwd=REPO, env=_env(database, Path(tmp)), capture_output=True, text=True,
                    check=False,
                )  # fmt: skip
                if migrate.returncode != 0:
                    raise SystemExit(migrate.stderr)
                started = time.perf_counter()
                generate(conninfo, options.n, options.facts)
                print(
                    f"generated {options.n:,} claims, {options.facts} facts each, in "
                    f"{time.perf_counter() - started:.0f} s (database {database})",
                    flush=True,
                )
            with psycopg.connect(conninfo) as conn:
                claims, facts = conn.execute(
                    "SELECT (SELECT count(*) FROM claims_claim), (SELECT count(*) FROM claims_fact)"
                ).fetchone()
            print(f"{claims:,} claims, {facts:,} facts; code of {options.repo}", flush=True)

            def measure(label: str, *args: str) -> dict[str, float]:
                results = [run_child(env, *args) for _ in range(options.runs)]
                for result in results:
                    result["rate"] = result["rows"] / result["seconds"]
                median = {
                    key: statistics.median(r[key] for r in results)
                    for key in ("rows", "seconds", "rate", "peak_mb", "bytes")
                }
                print(
                    f"  {label:<22} {median['rows']:>10,.0f} rows {median['seconds']:>8.1f} s "
                    f"{median['rate']:>10,.0f} rows/s {median['peak_mb']:>7.0f} MB",
                    flush=True,
                )
                return median

            print("measuring (median of", options.runs, "run(s) each):", flush=True)
            copy = measure("COPY TO (ceiling)", "copy")
            ours = {f: measure(f, "product", f, str(options.pdf_n)) for f in formats}
            iex = {}
            if not options.no_iex:
                iex = {f: measure(f"import-export {f}", "iex", f, str(iex_n)) for f in IEX_FORMATS}
    finally:
        if not keep:
            with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    peer_for = {
        "csv": "csv",
        "facts_csv": "csv",
        "xlsx": "xlsx",
        "json": "json",
        "jsonl": "json",
        "claimreview": "json",
        "html": "csv",
        "pdf": "csv",
    }
    print()
    print(
        f"Export of {claims:,} claims ({facts:,} facts) on PostgreSQL, {options.runs} run(s), "
        f"median; code of {options.repo}"
    )
    print(
        f"| {'what':<24} | {'rows':>9} | {'rows/s':>9} | {'peak RSS':>8} | "
        f"{'vs COPY':>7} | {'vs import-export':>16} |"
    )
    print(f"|{'-' * 26}|{'-' * 11}:|{'-' * 11}:|{'-' * 10}:|{'-' * 9}:|{'-' * 18}:|")
    print(
        f"| {'COPY TO (ceiling)':<24} | {copy['rows']:>9,.0f} | {copy['rate']:>9,.0f} | "
        f"{copy['peak_mb']:>5.0f} MB | {'100 %':>7} | {'':>16} |"
    )
    for name, result in ours.items():
        peer = iex.get(peer_for[name])
        versus = f"{result['rate'] / peer['rate']:.1f}x ({peer_for[name]})" if peer else "n/a"
        print(
            f"| {name:<24} | {result['rows']:>9,.0f} | {result['rate']:>9,.0f} | "
            f"{result['peak_mb']:>5.0f} MB | {100 * result['rate'] / copy['rate']:>5.0f} % | "
            f"{versus:>16} |"
        )
    for name, result in iex.items():
        print(
            f"| {'import-export ' + name:<24} | {result['rows']:>9,.0f} | "
            f"{result['rate']:>9,.0f} | {result['peak_mb']:>5.0f} MB | "
            f"{100 * result['rate'] / copy['rate']:>5.0f} % | {'1.0x':>16} |"
        )


if __name__ == "__main__":
    main()
