"""Speed and memory of claim matching (claims.matching.ClaimIndex) at a million claims.

Usage (from the project root; pin to one core):

    taskset -c 0 .venv/bin/python bench/bench_matching.py [--claims 1000000] [--batch 10000]

The library is the sentences of ``bench/newsgen.py`` articles: templated news, so a few
dozen words occur in a tenth of all claims each — long posting lists, a pessimistic case
for an inverted index. Queries: 300 sentences of articles with another seed, plus the CLEF
2020 task 2 dev tweets when ``../shared`` is there. Prints:

- index build, one ``add()`` of everything, and growing by batches of ``--batch`` claims
  (each batch one segment, merges included), in claims per CPU-second;
- one query (k = 10): p50 / p95 / max in ms (wall and CPU), against the full index;
- memory: the index's arrays and the process's resident set before and after.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import newsgen  # noqa: E402

from claims.extraction.segment import split_sentences  # noqa: E402
from claims.matching import ClaimIndex  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sentences(n: int, seed: int) -> list[str]:
    out: list[str] = []
    index = 0
    while len(out) < n:
        text = newsgen.article(index, seed=seed)["text"]
        out.extend(text[a:b] for a, b in split_sentences(text))
        index += 1
    return out[:n]


def queries(shared: Path) -> list[str]:
    found = sentences(300, seed=99)
    tweets = shared / "data" / "clef2020_checkthat_task2" / "dev" / "tweets.queries.tsv"
    if tweets.exists():
        rows = tweets.read_text(encoding="utf-8").splitlines()[1:]
        found += [row.split("\t", 1)[1] for row in rows if "\t" in row]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args()
    print(f"cores available to this process: {len(os.sched_getaffinity(0))}")
    t0 = time.perf_counter()
    claims = sentences(args.claims, seed=7)
    mean_len = statistics.mean(len(c) for c in claims[:10000])
    print(
        f"generated {len(claims):,} claims (mean {mean_len:.0f} chars) in {time.perf_counter() - t0:.0f} s"
    )
    qs = queries(Path(args.shared))

    gc.collect()
    before = rss_mb()
    index = ClaimIndex()
    start = time.process_time()
    index.add(enumerate(claims))
    one_shot = time.process_time() - start
    after = rss_mb()
    print(
        f"build, one add():           {len(claims) / one_shot:>10,.0f} claims/CPU-s "
        f"({one_shot:.1f} CPU s)"
    )
    print(
        f"memory: index arrays {index.nbytes / 2**20:,.0f} MB; process RSS {before:,.0f} -> "
        f"{after:,.0f} MB (+{after - before:,.0f} MB, build peak included)"
    )
    search(index, qs, "one segment")

    del index
    gc.collect()
    grown = ClaimIndex()
    start = time.process_time()
    for i in range(0, len(claims), args.batch):
        grown.add((j, claims[j]) for j in range(i, min(i + args.batch, len(claims))))
    batched = time.process_time() - start
    print(
        f"build, batches of {args.batch:,}:   {len(claims) / batched:>10,.0f} claims/CPU-s "
        f"({batched:.1f} CPU s, {grown.segments} segments after merges)"
    )
    search(grown, qs, f"{grown.segments} segments")
    print(f"process RSS at the end: {rss_mb():,.0f} MB")


def search(index: ClaimIndex, qs: list[str], label: str) -> None:
    for q in qs[:20]:
        index.search(q, 10)  # warm up
    wall, cpu = [], []
    for q in qs:
        w, c = time.perf_counter(), time.process_time()
        index.search(q, 10)
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    wall.sort()
    cpu.sort()

    def p(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))]

    print(
        f"query k=10 vs {len(index):,} ({label}), {len(qs)} queries: wall p50 {p(wall, 0.5):.1f} "
        f"p95 {p(wall, 0.95):.1f} max {wall[-1]:.1f} ms; CPU p50 {p(cpu, 0.5):.1f} "
        f"p95 {p(cpu, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
