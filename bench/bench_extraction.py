"""Throughput of claim extraction in words per CPU-second (``time.process_time``).

Usage (from the project root):

    .venv/bin/python bench/bench_extraction.py [--shared ../shared] [--runs 5] [--corpus auto]

Corpus: the PolNeAR article texts (``SHARED/data/polnear/*/text/*.txt``, read at run time and
never copied) when present, otherwise generated news-like paragraphs with figures, quotes
and attributions (``--corpus generated`` forces them; they are deterministic).

Rows, each the median of ``--runs`` passes over the whole corpus:

* ``extract()``: the default pipeline, one call per article (target >= 150,000 words/CPU-s);
* the default check-worthiness scorer alone, one batch of pre-split sentences;
* a bare regex sentence split: the ceiling for anything that reads every sentence;
* spaCy ``en_core_web_sm`` (sentences, entities), when importable: for scale only.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.worthiness import default_scorer  # noqa: E402

TARGET = 150_000
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]?\s+(?=[\"\u201c(]?[A-Z0-9])")


def regex_split(text: str) -> list[str]:
    return _SENTENCE_END.split(text)


def generated_corpus(n_articles: int = 120, seed: int = 7) -> list[str]:
    """Deterministic news-like articles: figures, percentages, money, quotes, attributions."""
    rng = random.Random(seed)
    people = ["Maria Lopez", "John Carter", "Ana Silva", "Peter Novak", "Grace Obi", "Li Wei"]
    roles = ["the mayor", "a spokeswoman for the ministry", "the county sheriff", "an economist"]
    bodies = ["the city council", "the Department of Labor", "Acme Corp.", "the state senate"]
    topics = ["unemployment", "the budget deficit", "rents", "crime", "school funding", "exports"]
    verbs = ["said", "told reporters", "announced", "confirmed", "wrote in a statement"]
    months = ["January", "March", "June", "August", "October", "December"]

    def sentence() -> str:
        who, role, body = rng.choice(people), rng.choice(roles), rng.choice(bodies)
        topic, verb, month = rng.choice(topics), rng.choice(verbs), rng.choice(months)
        n, pct = rng.randint(12, 980), round(rng.uniform(0.5, 40), 1)
        year = rng.randint(1998, 2024)
        return rng.choice(
            [
                f"{topic.capitalize()} rose {pct} percent in {year}, {body} {verb}.",
                f'"We have cut {n} jobs since {month}," {who}, {role}, {verb}.',
                f"According to {body}, about {n} people were affected, the highest since {year}.",
                f"{who} {verb} that {topic} cost ${n} million last year, up from ${n // 2} million.",
                f"Asked about {topic}, {who} declined to comment.",
                f"The report, released on {month} {rng.randint(1, 28)}, was not made public.",
                f"Critics say the figures are misleading and that more than {n} families lost out.",
                f"Nearly {pct}% of residents told pollsters they expect {topic} to get worse.",
                f"It is the {rng.choice(['largest', 'lowest', 'first'])} such drop in a decade.",
                f"{body.capitalize()} will vote on the plan in {month}, {role} {verb}.",
            ]
        )

    return [
        "\n\n".join(
            " ".join(sentence() for _ in range(rng.randint(3, 6)))
            for _ in range(rng.randint(6, 14))
        )
        for _ in range(n_articles)
    ]


def polnear_corpus(shared: Path) -> list[str]:
    files = sorted((shared / "data" / "polnear").glob("*/text/*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def cpu_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", choices=("auto", "polnear", "generated"), default="auto")
    args = parser.parse_args(argv)

    articles = polnear_corpus(args.shared) if args.corpus != "generated" else []
    source = "PolNeAR dev+train article texts"
    if not articles:
        if args.corpus == "polnear":
            print(f"no PolNeAR texts under {args.shared}/data/polnear", file=sys.stderr)
            return 2
        articles, source = generated_corpus(), "generated news-like articles"
    words = sum(len(a.split()) for a in articles)
    sentences = [s for a in articles for s in regex_split(a)]
    scorer = default_scorer()

    rows: list[tuple[str, float | str]] = []
    try:
        from claims.extraction import extract
    except ImportError as error:
        rows.append(("extract() default pipeline", f"not available ({error})"))
    else:
        rows.append(
            (
                "extract() default pipeline",
                cpu_seconds(lambda: [extract(a) for a in articles], args.runs),
            )
        )
    rows.append(
        ("default scorer alone (batch)", cpu_seconds(lambda: scorer.score(sentences), args.runs))
    )
    rows.append(
        (
            "bare regex sentence split",
            cpu_seconds(lambda: [regex_split(a) for a in articles], args.runs),
        )
    )
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm")
    except (ImportError, OSError):
        rows.append(("spaCy en_core_web_sm", "not installed"))
    else:
        # spaCy is ~100x slower: one run is enough to place it on the scale.
        rows.append(("spaCy en_core_web_sm", cpu_seconds(lambda: list(nlp.pipe(articles)), 1)))

    print(
        f"corpus: {source}: {len(articles)} articles, {words:,} words, {len(sentences):,} sentences"
    )
    print(f"median of {args.runs} runs, CPU time (time.process_time)\n")
    split_rate = words / next(v for n, v in rows if n.startswith("bare"))  # type: ignore[operator]
    print(f"{'step':<30} {'words/CPU-s':>13} {'vs split':>9} {'vs target':>10}")
    for name, value in rows:
        if isinstance(value, str):
            print(f"{name:<30} {value:>13}")
            continue
        rate = words / value if value > 0 else float("inf")
        print(f"{name:<30} {rate:>13,.0f} {rate / split_rate:>8.2f}x {rate / TARGET:>9.2f}x")
    print(f"\ntarget for extract(): {TARGET:,} words/CPU-s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
