"""Matching's share of an import job: the job summary's CPU seconds per step.

Usage (from the project root):

    taskset -c 0 .venv/bin/python bench/bench_matching_import.py [--articles 2000] [--rounds 2]

Runs the real import service (services.imports, SQLite in a temporary folder) on
``bench/newsgen.py`` articles, ``--rounds`` jobs of ``--articles`` each, so later jobs match
against a library that earlier ones filled; prints each job's CPU seconds per step and the
match step's share of the job.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="bench-matching-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DEBUG="1",
        FACTCHECK_VAR_DIR=var,
        DATABASE_URL=f"sqlite:///{var}/db.sqlite3",
    )
    import django

    django.setup()
    import newsgen
    from django.core.management import call_command

    from claims.models import Claim
    from claims.services.imports import import_job_create, import_job_run

    call_command("migrate", verbosity=0)
    print(
        f"{'job':>4} {'articles':>8} {'claims in db':>12}  CPU s: parse  extract  persist  match  match share"
    )
    for round_ in range(args.rounds):
        data = newsgen.jsonl(args.articles, seed=100 + round_)
        job = import_job_create(files=[(f"round{round_}.jsonl", data)])
        job = import_job_run(job_id=job.pk)
        cpu = job.summary["cpu_seconds"]
        total = sum(cpu.values())
        print(
            f"{round_ + 1:>4} {job.summary['imported']:>8} {Claim.objects.count():>12}  "
            f"{cpu['parse']:>12.2f} {cpu['extract']:>8.2f} {cpu['persist']:>8.2f} "
            f"{cpu['match']:>6.2f} {cpu['match'] / total:>11.1%}"
        )


if __name__ == "__main__":
    main()
