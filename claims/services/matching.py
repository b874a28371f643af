"""Matching claims across articles and against the verdict library (writes ClaimMatch).

Where the index lives: PostgreSQL (the database every worker on every machine already
shares) is the store of record — the claims and the imported fact-checks themselves. Each
worker process keeps a ``claims.matching.ClaimIndex`` in memory and, at the start of every
match step, adds the rows written since its last look (keyset on the primary key, one new
segment), so the index grows with each import and is never rebuilt. Chosen over a file
built by a job: nothing to copy between machines or lock on a shared disk, a match step
always sees every committed claim, and a worker that restarts just reads the rows again
(about 50,000 claims per CPU-second, bench/bench_matching.py). Claims ids are positive in
the index, fact-checks negative.

Rows committed out of id order (two imports at once) are caught by re-reading the last
OVERLAP ids at each refresh and skipping those already indexed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from claims.extraction import extract
from claims.matching import ClaimIndex, compare, figures_differ
from claims.matching.figures import compare_figures
from claims.matching.index import context_terms
from claims.matching.library import FactCheckDraft, LibraryError
from claims.matching.library import parse as parse_library
from claims.models import Claim, ClaimMatch, FactCheck

# Below these a match is not the same fact. Chosen on our own fixtures (tests/fixtures/
# matching: the sample's raid told by three more outlets, plus unrelated stories with the
# same figures): a claim pair needs MIN_SCORE *and* articles about the same thing
# (ClaimIndex.context_similarity, numbers left out): the raid articles score 0.14-0.21
# with each other, the unrelated ones 0.01-0.08, while single sentences of unrelated
# stories can score 0.42 ("Nearly 700 workers were arrested..." vs "...nearly 700 workers
# at the plant..."). A fact-check has no article around it: CHECK_MIN_SCORE alone
# (a paraphrase of a 30-word claim as a 10-word fact-check scores about 0.3-0.4).
MIN_SCORE = 0.3
MIN_CONTEXT = 0.12
CHECK_MIN_SCORE = 0.3
PER_CLAIM = 5  # links kept per claim and direction
OVERLAP = 2000
CHUNK = 5000


class _Library:
    def __init__(self) -> None:
        self.index = ClaimIndex()
        self.claims_seen = 0
        self.checks_seen = 0
        self.recent: set[int] = set()
        self.lock = threading.Lock()

    def refresh(self) -> None:
        with self.lock:
            self.claims_seen = self._load(
                Claim.objects.filter(pk__gt=self.claims_seen - OVERLAP), 1, self.claims_seen
            )
            self.checks_seen = self._load(
                FactCheck.objects.filter(pk__gt=self.checks_seen - OVERLAP), -1, self.checks_seen
            )
            floor_c, floor_f = self.claims_seen - OVERLAP, -(self.checks_seen - OVERLAP)
            self.recent = {i for i in self.recent if i > floor_c or i < floor_f}

    def _load(self, rows, sign: int, seen: int) -> int:
        field_name = "text" if sign > 0 else "claim_reviewed"
        batch: list[tuple[int, str]] = []
        for pk, text in rows.order_by("pk").values_list("pk", field_name).iterator(CHUNK):
            key = sign * pk
            if key in self.recent:
                continue
            self.recent.add(key)
            batch.append((key, text))
            seen = max(seen, pk)
            if len(batch) >= 100_000:
                self.index.add(batch)
                batch = []
        self.index.add(batch)
        return seen


_library = _Library()


def library_index() -> ClaimIndex:
    """This process's index, topped up with every row committed since its last look."""
    _library.refresh()
    return _library.index


def library_reset() -> None:
    """Forget this process's index (tests, or after restoring a database)."""
    global _library
    _library = _Library()


@dataclass
class MatchOutcome:
    claims: int = 0
    reported: int = 0
    checked: int = 0
    differ: int = 0


def _struct(obj: Claim | FactCheck) -> dict[str, Any]:
    return {"quantities": obj.quantities or [], "attributions": obj.attributions or []}


def claims_match(*, claim_ids: Sequence[int]) -> MatchOutcome:
    """Match these claims against other articles' claims and the fact-checks; store both
    directions for claim pairs. Safe to run again (unique constraints, upserts)."""
    outcome = MatchOutcome()
    index = library_index()
    same_story = _SameStory(index)
    for start in range(0, len(claim_ids), 500):
        chunk = list(
            Claim.objects.filter(pk__in=claim_ids[start : start + 500]).select_related("article")
        )
        hits = {c.pk: index.search(c.text, PER_CLAIM * 3) for c in chunk}
        wanted = {h.id for found in hits.values() for h in found if h.score >= MIN_SCORE}
        others = Claim.objects.filter(pk__in=[i for i in wanted if i > 0]).select_related("article")
        others_by = {o.pk: o for o in others}
        checks = {f.pk: f for f in FactCheck.objects.filter(pk__in=[-i for i in wanted if i < 0])}
        rows: list[ClaimMatch] = []

        for claim in chunk:
            outcome.claims += 1
            kept = 0
            for hit in hits[claim.pk]:
                if hit.score < MIN_SCORE or kept >= PER_CLAIM:
                    break
                if hit.id > 0:
                    other = others_by.get(hit.id)
                    if other is None or other.article_id == claim.article_id:
                        continue
                    if other.article.superseded or not same_story(claim, other):
                        continue
                    both = compare(_struct(claim), _struct(other))
                    back = compare(_struct(other), _struct(claim))
                    differ = figures_differ(compare_figures(claim.quantities, other.quantities))
                    rows.append(_row(claim.pk, hit.score, both, differ, other_id=other.pk))
                    rows.append(_row(other.pk, hit.score, back, differ, other_id=claim.pk))
                    outcome.reported += 1
                    outcome.differ += differ
                else:
                    check = checks.get(-hit.id)
                    if check is None or hit.score < CHECK_MIN_SCORE:
                        continue
                    both = compare(_struct(claim), _struct(check))
                    differ = figures_differ(compare_figures(claim.quantities, check.quantities))
                    rows.append(_row(claim.pk, hit.score, both, differ, fact_check_id=check.pk))
                    outcome.checked += 1
                kept += 1
        _store(rows)
    return outcome


class _SameStory:
    """Are two claims' articles about the same thing? Cached per pair of articles."""

    def __init__(self, index: ClaimIndex) -> None:
        self.index = index
        self.seen: dict[tuple[int, int], float] = {}
        self.terms: dict[int, frozenset[int]] = {}

    def _terms(self, claim: Claim) -> frozenset[int]:
        found = self.terms.get(claim.article_id)
        if found is None:
            found = self.terms[claim.article_id] = context_terms(claim.article.text)
        return found

    def __call__(self, a: Claim, b: Claim) -> bool:
        key = (min(a.article_id, b.article_id), max(a.article_id, b.article_id))
        if key not in self.seen:
            self.seen[key] = self.index.context_overlap(self._terms(a), self._terms(b))
        return self.seen[key] >= MIN_CONTEXT


def _row(claim_id: int, score: float, compared: dict, differ: bool, **target: int) -> ClaimMatch:
    return ClaimMatch(
        claim_id=claim_id,
        score=score,
        figures=compared["figures"],
        speakers=compared["speakers"],
        figures_differ=differ,
        **target,
    )


@transaction.atomic
def _store(rows: list[ClaimMatch]) -> None:
    pairs = [r for r in rows if r.other_id]
    checks = [r for r in rows if r.fact_check_id]
    fields = ["score", "figures", "speakers", "figures_differ"]
    if pairs:
        ClaimMatch.objects.bulk_create(
            _dedupe(pairs, "other_id"),
            update_conflicts=True,
            unique_fields=["claim", "other"],
            update_fields=fields,
        )
    if checks:
        ClaimMatch.objects.bulk_create(
            _dedupe(checks, "fact_check_id"),
            update_conflicts=True,
            unique_fields=["claim", "fact_check"],
            update_fields=fields,
        )


def _dedupe(rows: list[ClaimMatch], target: str) -> list[ClaimMatch]:
    seen: dict[tuple[int, int], ClaimMatch] = {}
    for row in rows:
        seen[(row.claim_id, getattr(row, target))] = row
    return list(seen.values())


def job_claims_match(*, article_ids: Iterable[int]) -> MatchOutcome:
    """The import job's match step: every claim of these articles."""
    ids = list(Claim.objects.filter(article_id__in=list(article_ids)).values_list("pk", flat=True))
    return claims_match(claim_ids=ids) if ids else MatchOutcome()


# --- The verdict library: imported fact-checks ------------------------------------------


@dataclass
class LibraryOutcome:
    imported: int = 0
    duplicates: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    matched_claims: int = 0

    def sentence(self) -> str:
        return (
            f"{self.imported} fact-checks imported, {self.duplicates} already present, "
            f"{len(self.errors)} failed; {self.matched_claims} claims found already checked."
        )


class _NoScore:
    def score(self, texts: Sequence[str]) -> list[float]:
        return [0.0] * len(texts)


def factchecks_import(*, data: bytes, name: str, format: str | None = None) -> LibraryOutcome:
    """Add earlier fact-checks to the verdict library, then look for claims they cover."""
    outcome = LibraryOutcome()
    drafts: list[FactCheckDraft] = []
    for item in parse_library(data, name=name, format=format):
        if isinstance(item, LibraryError):
            outcome.errors.append({"item": item.item, "message": item.message})
        else:
            drafts.append(item)
    new_ids: list[int] = []
    for start in range(0, len(drafts), 1000):
        batch = {d.key: d for d in drafts[start : start + 1000]}
        known = set(FactCheck.objects.filter(key__in=list(batch)).values_list("key", flat=True))
        outcome.duplicates += len(known)
        rows = []
        for key, draft in batch.items():
            if key in known:
                continue
            found = extract(draft.claim_reviewed, scorer=_NoScore()).to_dict()["claims"]
            rows.append(
                FactCheck(
                    **{f: getattr(draft, f) for f in draft.__slots__},
                    quantities=[q for c in found for q in c["quantities"]],
                    attributions=[a for c in found for a in c["attributions"]],
                )
            )
        with transaction.atomic():
            FactCheck.objects.bulk_create(rows, ignore_conflicts=True)
        # ignore_conflicts leaves pk unset: read the ids back (a concurrent import of the
        # same item counts here too, which is what "now in the library" means).
        ids = list(
            FactCheck.objects.filter(key__in=[r.key for r in rows]).values_list("pk", flat=True)
        )
        outcome.imported += len(ids)
        new_ids += ids
    outcome.matched_claims = _match_new_checks(new_ids)
    return outcome


def _match_new_checks(check_ids: list[int]) -> int:
    """Claims already in the workbench that a newly imported fact-check may cover: found
    from the fact-check's side with a low bar, then matched from the claim's side like an
    import does, so a score means the same whichever arrived first."""
    if not check_ids:
        return 0
    index = library_index()
    candidates: set[int] = set()
    for start in range(0, len(check_ids), 500):
        texts = FactCheck.objects.filter(pk__in=check_ids[start : start + 500]).values_list(
            "claim_reviewed", flat=True
        )
        for text in texts:
            candidates.update(
                h.id for h in index.search(text, PER_CLAIM, keep=lambda i: i > 0) if h.score >= 0.1
            )
    if not candidates:
        return 0
    claims_match(claim_ids=sorted(candidates))
    return (
        ClaimMatch.objects.filter(claim_id__in=candidates, fact_check_id__in=check_ids)
        .values("claim_id")
        .distinct()
        .count()
    )
