"""Evaluate the attribution finder on PolNeAR (brat standoff, one ``.ann`` per annotator).

Run: ``python -m bench.eval_attribution [split_dir ...]`` (defaults to ../shared/data/polnear/dev).

Definitions (micro-averaged over every ``.ann`` file of the split; an article annotated
by several annotators is scored once per annotation file):

- A gold attribution is an ``E`` line; its content is the union of the character offsets
  of its ``Content``/``Content2`` fragments (discontinuous spans allowed), its source the
  ``Source`` fragments, its cue the ``Cue`` fragments.
- A predicted attribution comes from ``find_attributions`` run on the whole article
  text, with content ``[content_start, content_end)``.  Attributions that share one cue
  span are one attribution whose content is the union of theirs: a quote split by its cue
  ('"Q1," X said, "Q2."') comes as two content spans, and a quote running over several
  sentences is listed again under each sentence it covers; each is scored once.
- Content match: |pred & gold| / |pred | gold| >= 0.5 over character sets; pairs are
  matched greedily one-to-one, highest ratio first.  Precision = matches / predictions,
  recall = matches / gold attributions, F1 their harmonic mean.
- Speaker accuracy: over matched pairs whose gold attribution has a ``Source``, the share
  whose predicted speaker span shares at least one character with a gold source
  fragment (for a speaker resolved from a pronoun, the pronoun's span: ``mention_*``).  A missing predicted speaker counts as wrong.
- Cue accuracy: over all matched pairs, the share whose predicted cue span shares at least
  one character with a gold ``Cue`` fragment.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claims.extraction.attribution import find_attributions  # noqa: E402
from claims.extraction.segment import split_sentences  # noqa: E402
from claims.extraction.types import Attribution  # noqa: E402

Spans = list[tuple[int, int]]


@dataclass
class Gold:
    content: Spans = field(default_factory=list)
    source: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)


def _parse_spans(raw: str) -> Spans:
    spans = []
    for part in raw.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return spans


def parse_ann(path: Path) -> list[Gold]:
    """Gold attributions of one brat ``.ann`` file."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (label, _parse_spans(offsets))
        elif line.startswith("E") and len(cols) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in cols[1].split()])  # type: ignore[misc]
    golds = []
    for args in events:
        gold = Gold()
        for role, ref in args:
            if ref not in spans:
                continue
            if role.startswith("Content"):
                gold.content += spans[ref][1]
            elif role.startswith("Source"):
                gold.source += spans[ref][1]
            elif role.startswith("Cue"):
                gold.cue += spans[ref][1]
        if gold.content:
            golds.append(gold)
    return golds


def _chars(spans: Spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _touches(a: tuple[int, int] | None, spans: Spans) -> bool:
    return a is not None and any(a[0] < e and s < a[1] for s, e in spans)


def evaluate_polnear(split_dir: Path) -> dict[str, float]:
    """Content P/R/F1, speaker and cue accuracy of ``find_attributions`` on one split."""
    n_pred = n_gold = n_match = 0
    speaker_ok = speaker_n = cue_ok = 0
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        txt = split_dir / "text" / (ann.stem.rsplit("_", 1)[0] + ".txt")
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        golds = parse_ann(ann)
        by_cue: dict[tuple[int | None, int | None], tuple[Attribution, set[int]]] = {}
        for atts in find_attributions(text, split_sentences(text)):
            for a in atts:
                if a.content_start is None or a.content_end is None:
                    continue
                key = (a.cue_start, a.cue_end)
                _first, chars = by_cue.setdefault(key, (a, set()))
                chars.update(range(a.content_start, a.content_end))
        preds = [a for a, _ in by_cue.values()]
        pred_chars = [c for _, c in by_cue.values()]
        n_pred += len(preds)
        n_gold += len(golds)
        gold_chars = [_chars(g.content) for g in golds]
        pairs = []
        for pi, pc in enumerate(pred_chars):
            for gi, gc in enumerate(gold_chars):
                inter = len(pc & gc)
                if inter:
                    ratio = inter / len(pc | gc)
                    if ratio >= 0.5:
                        pairs.append((ratio, pi, gi))
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, pi, gi in sorted(pairs, reverse=True):
            if pi in used_p or gi in used_g:
                continue
            used_p.add(pi)
            used_g.add(gi)
            n_match += 1
            p, g = preds[pi], golds[gi]
            if g.source:
                speaker_n += 1
                # A speaker resolved from "he"/"she" is judged by the mention in the
                # sentence (the pronoun), which is what PolNeAR marks as the source.
                if p.mention_start is not None and p.mention_end is not None:
                    span = (p.mention_start, p.mention_end)
                elif p.speaker_start is not None and p.speaker_end is not None:
                    span = (p.speaker_start, p.speaker_end)
                else:
                    span = None
                speaker_ok += _touches(span, g.source)
            cue = (p.cue_start, p.cue_end) if p.cue_start is not None else None
            cue_ok += _touches(cue, g.cue)  # type: ignore[arg-type]
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "predicted": float(n_pred),
        "gold": float(n_gold),
        "matched": float(n_match),
        "content_precision": precision,
        "content_recall": recall,
        "content_f1": f1,
        "speaker_accuracy": speaker_ok / speaker_n if speaker_n else 0.0,
        "cue_accuracy": cue_ok / n_match if n_match else 0.0,
    }


def main(argv: list[str]) -> None:
    default = ROOT.parent / "shared" / "data" / "polnear" / "dev"
    dirs = [Path(a) for a in argv] or [default]
    print(
        f"{'split':<10} {'pred':>6} {'gold':>6} {'P':>6} {'R':>6} {'F1':>6} {'spk':>6} {'cue':>6}"
    )
    for d in dirs:
        r = evaluate_polnear(d)
        print(
            f"{d.name:<10} {int(r['predicted']):>6} {int(r['gold']):>6} "
            f"{r['content_precision']:>6.3f} {r['content_recall']:>6.3f} {r['content_f1']:>6.3f} "
            f"{r['speaker_accuracy']:>6.3f} {r['cue_accuracy']:>6.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
