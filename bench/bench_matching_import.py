"""Matching's share of an import job: the job summary's CPU seconds per step.

Usage (from the project root):

    taskset -c 0 .venv/bin/python bench/bench_matching_import.py [--articles 2000] [--rounds 2]
    taskset -c 0 .venv/bin/python bench/bench_matching_import.py --corpus polnear

Runs the real import service (services.imports, SQLite in a temporary folder), ``--rounds``
jobs, so later jobs match against a library that earlier ones filled; prints each job's CPU
seconds per step, the match step's share of the job, and what it adds to the job's other
steps (match / (parse + extract + persist): the issue's "adds <= 15 %"). Two corpora:

- ``newsgen`` (default): ``--articles`` generated articles per job. Templated: every claim
  has dozens of near-copies in other articles and the articles share most of their words,
  so nearly every claim gets five or more links: the worst case for matching.
- ``polnear``: the 204 real 2016 news articles of PolNeAR (``../shared/data/polnear``, read
  at run time): job 1 the 120 Breitbart articles of train/, job 2 the 84 articles of seven
  outlets in dev/, the same campaign covered by several outlets.
"""

from __future__ import annotations

import argparse
import json
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
    parser.add_argument("--corpus", choices=["newsgen", "polnear"], default="newsgen")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
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
        f"{'job':>4} {'articles':>8} {'claims in db':>12}  CPU s: parse  extract  persist  match"
        "  match share  adds to the job"
    )
    if args.corpus == "polnear":
        base = Path(args.shared) / "data" / "polnear"
        jobs = [polnear(base, "train"), polnear(base, "dev")]
    else:
        jobs = [newsgen.jsonl(args.articles, seed=100 + r) for r in range(args.rounds)]
    for round_, data in enumerate(jobs):
        job = import_job_create(files=[(f"round{round_}.jsonl", data)])
        job = import_job_run(job_id=job.pk)
        cpu = job.summary["cpu_seconds"]
        total = sum(cpu.values())
        print(
            f"{round_ + 1:>4} {job.summary['imported']:>8} {Claim.objects.count():>12}  "
            f"{cpu['parse']:>12.2f} {cpu['extract']:>8.2f} {cpu['persist']:>8.2f} "
            f"{cpu['match']:>6.2f} {cpu['match'] / total:>11.1%} "
            f"{cpu['match'] / (total - cpu['match']):>16.1%}"
        )


def polnear(base: Path, split: str) -> bytes:
    """One JSON line per PolNeAR article of ``split``, with its outlet, date and title."""
    meta = {}
    for line in (base / "metadata.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        meta[cells[1]] = {"outlet": cells[4], "published": cells[5], "title": cells[7]}
    lines = []
    for path in sorted((base / split / "text").glob("*.txt")):
        doc = {"text": path.read_text(encoding="utf-8"), **meta.get(path.stem, {})}
        doc["url"] = f"https://polnear.example/{path.stem}"
        lines.append(json.dumps(doc, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


if __name__ == "__main__":
    main()
