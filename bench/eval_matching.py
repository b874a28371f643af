"""Retrieval of earlier fact-checks: CLEF 2020 CheckThat! task 2 (verified-claim retrieval).

Usage (from the project root):

    .venv/bin/python bench/eval_matching.py [--shared ../shared] [--split train|dev|both]

Indexes the 10,389 Snopes verified claims (claim + title, as ``manage.py match`` indexes a
library line with a title) with the product's ``claims.matching.ClaimIndex`` and ranks them
for every tweet of ``train/`` and ``dev/`` separately. Prints MAP@5 (the task's official
measure: average precision at 5 divided by min(relevant, 5)), MRR (first relevant within
the top 100) and recall@1/5/10/100. Every design choice was made on train; dev is held out.
Reference on dev: plain TF-IDF over character 3-5-grams, MAP@5 0.711 (also printed).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.matching import ClaimIndex  # noqa: E402

csv.field_size_limit(1 << 27)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]  # header row


def load_library(base: Path) -> list[tuple[str, str, str]]:
    return [
        (r[0], r[1], r[2] if len(r) > 2 else "") for r in _rows(base / "verified_claims.docs.tsv")
    ]


def load_split(base: Path, split: str) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    relevant: dict[str, set[str]] = {}
    for line in (base / split / "tweet-vclaim-pairs.qrels").read_text().split("\n"):
        parts = line.split()
        if len(parts) == 4 and parts[3] != "0":
            relevant.setdefault(parts[0], set()).add(parts[2])
    queries = [(r[0], r[1]) for r in _rows(base / split / "tweets.queries.tsv") if r[0] in relevant]
    return queries, relevant


def measures(rankings: dict[str, list[str]], relevant: dict[str, set[str]]) -> dict[str, float]:
    ap5 = rr = 0.0
    recall = {1: 0.0, 5: 0.0, 10: 0.0, 100: 0.0}
    for qid, ranked in rankings.items():
        rel = relevant[qid]
        hits, total = 0, 0.0
        for rank, doc in enumerate(ranked[:5], start=1):
            if doc in rel:
                hits += 1
                total += hits / rank
        ap5 += total / min(len(rel), 5)
        for rank, doc in enumerate(ranked[:100], start=1):
            if doc in rel:
                rr += 1 / rank
                break
        for k in recall:
            recall[k] += len(rel & set(ranked[:k])) / len(rel)
    n = len(rankings)
    out = {"MAP@5": ap5 / n, "MRR": rr / n}
    out.update({f"R@{k}": v / n for k, v in recall.items()})
    return out


def rank_product(library, queries) -> tuple[dict[str, list[str]], float, float]:
    index = ClaimIndex()
    start = time.process_time()
    index.add((i, f"{claim} {title}") for i, (_, claim, title) in enumerate(library))
    built = time.process_time() - start
    start = time.process_time()
    rankings = {qid: [library[h.id][0] for h in index.search(text, 100)] for qid, text in queries}
    per_query = (time.process_time() - start) / max(len(queries), 1)
    return rankings, built, per_query


def rank_char_tfidf(library, queries) -> dict[str, list[str]]:
    """The reference: TF-IDF over character 3-5-grams of the claim, the raw tweet."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vec.fit_transform([claim for _, claim, _ in library])
    scores = (vec.transform([t for _, t in queries]) @ matrix.T).toarray()
    out = {}
    for row, (qid, _) in enumerate(queries):
        top = np.argsort(-scores[row], kind="stable")[:100]
        out[qid] = [library[i][0] for i in top]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--split", choices=["train", "dev", "both"], default="both")
    parser.add_argument("--no-reference", action="store_true", help="skip the char TF-IDF row")
    args = parser.parse_args()
    base = Path(args.shared) / "data" / "clef2020_checkthat_task2"
    if not base.exists():
        sys.exit(f"CLEF 2020 task 2 data not found at {base}")
    library = load_library(base)
    splits = ["train", "dev"] if args.split == "both" else [args.split]
    print(f"library: {len(library):,} verified claims")
    header = f"{'split':<6} {'system':<28} {'MAP@5':>6} {'MRR':>6} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'R@100':>6}"
    print(header)
    print("-" * len(header))
    for split in splits:
        queries, relevant = load_split(base, split)
        rankings, built, per_query = rank_product(library, queries)
        rows = [("claims.matching (BM25)", measures(rankings, relevant))]
        if not args.no_reference:
            rows.append(
                (
                    "char 3-5 TF-IDF (reference)",
                    measures(rank_char_tfidf(library, queries), relevant),
                )
            )
        for name, m in rows:
            print(
                f"{split:<6} {name:<28} {m['MAP@5']:6.3f} {m['MRR']:6.3f} {m['R@1']:6.3f} "
                f"{m['R@5']:6.3f} {m['R@10']:6.3f} {m['R@100']:6.3f}"
            )
        print(
            f"{split:<6} ({len(queries)} queries; index built in {built:.2f} CPU s, "
            f"{per_query * 1000:.2f} CPU ms per query)"
        )


if __name__ == "__main__":
    main()
