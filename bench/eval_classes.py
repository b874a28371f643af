"""Per-class precision of attributions, consistency checks and boilerplate (issue 11).

Run: ``python bench/eval_classes.py [--shared ../shared] [--split dev]``; also printed by
``bench/eval_extraction.py``.  The fixed sample is every article of one PolNeAR split
(default ``dev``, which the rules were not tuned on; ``train`` was) plus the ICE-raids
acceptance sample with its reviewer-written ``.expected.json``.  Definitions:

- cue precision: predicted attributions whose cue span touches a gold ``Cue`` (any
  attribution's) / predicted attributions.  Nominal cues ("hopes") and "vote for" lower it.
- speaker precision: predicted speakers whose span (for a speaker resolved from "he"/"she",
  the pronoun) touches a gold ``Source`` / predicted attributions with a speaker.  Speakers
  that are no noun phrase ("and", "who", "Of Clinton") lower it.
- role precision: predicted roles that stand right next to a correctly found speaker ("X,
  the president of Y", "ICE spokesman X") and are no relative clause / predicted roles
  (PolNeAR marks no roles: this checks attachment and form, not the wording).
- direct-quote content precision: direct quotes whose content matches a gold content
  (|pred & gold| / |pred | gold| >= 0.5; a quote split by its cue is one prediction) /
  direct quotes.
- carried-speaker precision: sentences that carry an attribution from an earlier sentence
  (a quote running on) and overlap that attribution's gold content / such sentences.
- pronoun resolution: how many "he"/"she" were resolved; PolNeAR marks no coreference, so
  whether the named person is right is not measured here.
- boilerplate precision: sentences left out as furniture (bylines, corrections, contributor
  lines) that hold no gold attribution content / sentences left out; datelines likewise
  (a dateline overlapping gold content counts as wrong).  Sentences of embedded tweets are
  counted apart: PolNeAR marks a tweet's words as its author's quote, but the issue wants
  embeds out of the claims.
- consistency: on the sample, fired checks whose kind, claims and result agree with the
  reviewer's expectations / fired checks; on the PolNeAR split, how many checks of each
  kind fire with each result (no gold labels exist for them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))

from eval_attribution import parse_ann  # type: ignore[import-not-found]  # noqa: E402

from claims.extraction import extract  # noqa: E402
from claims.extraction.attribution import find_attributions  # noqa: E402
from claims.extraction.boilerplate import embed_spans, is_boilerplate  # noqa: E402
from claims.extraction.segment import split_sentences  # noqa: E402

Span = tuple[int, int]


class _Constant:
    def score(self, texts: list[str]) -> list[float]:
        return [0.5] * len(texts)


def _touches(a: Span | None, spans: list[Span]) -> bool:
    return a is not None and any(a[0] < e and s < a[1] for s, e in spans)


def _ratio(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _share(hit: int, n: int) -> str:
    return f"{hit / n:.3f}  ({hit}/{n})" if n else "n/a  (0)"


_NOT_A_ROLE = re.compile(r"^(?:which|who|whom|that|whose)\b|\b(?:whom|who)\b", re.IGNORECASE)


def _role_right(text: str, role: str, speaker: Span, gold_sources: list[Span]) -> bool:
    """The role stands next to a correctly found speaker ("X, the president of Y" or
    "ICE spokesman X") and is a noun phrase, not a relative clause."""
    if not _touches(speaker, gold_sources) or _NOT_A_ROLE.search(role):
        return False
    before = text.rfind(role, max(0, speaker[0] - len(role) - 8), speaker[0])
    after = text.find(role, speaker[1], speaker[1] + len(role) + 10)
    return before != -1 or after != -1


def attribution_rows(split_dir: Path) -> list[tuple[str, str]]:
    cue = [0, 0]
    speaker = [0, 0]
    role = [0, 0]
    quote = [0, 0]
    carried = [0, 0]
    resolved = 0
    dropped = [0, 0]
    embedded = [0, 0]
    dated = [0, 0]
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        txt = split_dir / "text" / (ann.stem.rsplit("_", 1)[0] + ".txt")
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        golds = parse_ann(ann)
        gold_cues = [s for g in golds for s in g.cue]
        gold_sources = [s for g in golds for s in g.source]
        gold_content = [{i for s, e in g.content for i in range(s, e)} for g in golds]
        all_content = [s for g in golds for s in g.content]
        sentences = split_sentences(text)
        per_sentence = find_attributions(text, sentences)
        seen: dict[Span, set[int]] = {}
        first: dict[Span, object] = {}
        for k, atts in enumerate(per_sentence):
            for a in atts:
                if a.cue_start is None or a.cue_end is None:
                    continue
                key = (a.cue_start, a.cue_end)
                if key not in seen:
                    first[key] = a
                    seen[key] = set()
                    cue[1] += 1
                    cue[0] += _touches(key, gold_cues)
                    mention = (
                        (a.mention_start, a.mention_end)
                        if a.mention_start is not None and a.mention_end is not None
                        else (a.speaker_start, a.speaker_end)
                        if a.speaker_start is not None and a.speaker_end is not None
                        else None
                    )
                    if mention is not None:
                        speaker[1] += 1
                        speaker[0] += _touches(mention, gold_sources)
                    resolved += a.mention_start is not None
                    if a.role and a.speaker_start is not None and a.speaker_end is not None:
                        role[1] += 1
                        role[0] += _role_right(
                            text, a.role, (a.speaker_start, a.speaker_end), gold_sources
                        )
                if a.content_start is not None and a.content_end is not None:
                    seen[key].update(range(a.content_start, a.content_end))
                    s, e = sentences[k]
                    if not s <= a.cue_start < e:
                        # Listed again under a sentence its quote runs on into.
                        chars = set(range(a.content_start, a.content_end))
                        carried[1] += 1
                        carried[0] += any(
                            _ratio(chars, g) > 0 and any(s <= i < e for i in g)
                            for g in gold_content
                        )
        for key, chars in seen.items():
            a = first[key]
            if getattr(a, "direct_quote", False) and chars:
                quote[1] += 1
                quote[0] += any(_ratio(chars, g) >= 0.5 for g in gold_content)
        embeds = embed_spans(text)
        for s, e in sentences:
            if any(es < e and s < ee for es, ee in embeds):
                embedded[1] += 1
                embedded[0] += _touches((s, e), all_content)
            elif is_boilerplate(text[s:e]):
                dropped[1] += 1
                dropped[0] += not _touches((s, e), all_content)
        starts = {s for s, _ in sentences}
        for s, _e in sentences:
            line = text.rfind("\n", 0, s) + 1
            head = text[line:s]
            if head.strip() and not any(line <= t < s for t in starts):
                dated[1] += 1  # the paragraph opens with a dateline left out of the span
                dated[0] += not _touches((line, s), all_content)
    name = split_dir.name
    return [
        (f"PolNeAR {name}: cue precision (speech/cognition cues)", _share(*cue)),
        (f"PolNeAR {name}: speaker precision (noun-phrase speakers)", _share(*speaker)),
        (f"PolNeAR {name}: role precision (roles after the name)", _share(*role)),
        (f"PolNeAR {name}: direct-quote content precision", _share(*quote)),
        (f"PolNeAR {name}: carried-speaker precision (quote runs on)", _share(*carried)),
        (f"PolNeAR {name}: he/she resolved to a named person", f"{resolved} (not scored)"),
        (f"PolNeAR {name}: boilerplate precision (furniture left out)", _share(*dropped)),
        (
            f"PolNeAR {name}: embedded-tweet sentences left out",
            f"{embedded[1]} ({embedded[0]} hold the tweet's words, which PolNeAR marks as quoted)",
        ),
        (f"PolNeAR {name}: dateline precision (datelines cut)", _share(*dated)),
    ]


def consistency_rows(split_dir: Path, sample: Path, expected: Path) -> list[tuple[str, str]]:
    import json

    rows: list[tuple[str, str]] = []
    if sample.exists() and expected.exists():
        want = json.loads(expected.read_text(encoding="utf-8"))
        text = re.sub(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+", "", sample.read_text(encoding="utf-8"))
        result = extract(text, published=dt.date(2019, 8, 8), scorer=_Constant())
        values = {
            n: {q.value for q in c.quantities if q.value is not None}
            for n, c in enumerate(result.claims, start=1)
        }
        expectations = []
        for w in want.get("consistency", []):
            if w["check"] == "parts_sum_to_total":
                needed = {*w["parts"], w["total"]}
            elif w["check"] == "part_within_whole":
                needed = {w["part"], w["whole"]}
            else:
                needed = {w["stated"]}
            expectations.append((w["check"], needed, w["expected"]))
        for w in want.get("consistency_framing", []):
            expectations.append((w["check"], {300, 30, 270}, w["expected"]))
        right = 0
        for check in result.checks:
            got = set().union(*(values.get(n, set()) for n in check.claims))
            right += any(
                kind == check.check and needed <= got and result_ == check.result
                for kind, needed, result_ in expectations
            )
        found = sum(
            any(
                c.check == kind and needed <= set().union(*(values.get(n, set()) for n in c.claims))
                for c in result.checks
            )
            for kind, needed, _ in expectations
        )
        rows.append(
            ("sample article: consistency check precision", _share(right, len(result.checks)))
        )
        rows.append(("sample article: expected checks found", _share(found, len(expectations))))
    fired: Counter[str] = Counter()
    articles = sorted((split_dir / "text").glob("*.txt"))
    for path in articles:
        for check in extract(path.read_text(encoding="utf-8"), scorer=_Constant()).checks:
            fired[f"{check.check} {check.result}"] += 1
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(fired.items())) or "none"
    rows.append((f"PolNeAR {split_dir.name}: checks fired ({len(articles)} articles)", summary))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--split", default="dev")
    args = parser.parse_args(argv)
    split_dir = args.shared / "data" / "polnear" / args.split
    if not split_dir.is_dir():
        print(f"no PolNeAR split at {split_dir}; pass --shared", file=sys.stderr)
        return 2
    sample = args.shared / "samples" / "ice-raids-mississippi-2019-08-08.txt"
    rows = attribution_rows(split_dir) + consistency_rows(
        split_dir, sample, sample.with_suffix(".expected.json")
    )
    width = max(len(n) for n, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
