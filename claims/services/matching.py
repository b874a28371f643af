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

Speed (bench/bench_matching_import.py; the step was 85 % of an import job's CPU): only
check-worthy claims are searched; all of a job's claims are searched at once
(ClaimIndex.search_many: one sparse product per segment instead of a dozen numpy calls
per claim), with the term counts the refresh just computed; which links to make is
decided on plain columns first, and only the claims and articles in a candidate link are
read further (figures and speakers parsed once per claim, an article's words once per
process); the links are written with one executemany upsert, no model instances. Later
(the step was 16-27 % of a PolNeAR import job): small segments are scored whole instead of
by MaxScore lookups (bench/bench_matching_import.py --corpus polnear).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import orjson
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import ngettext

from claims.extraction import extract
from claims.matching import ClaimIndex, Hit, Prepared, compare_prepared, prepare
from claims.matching.index import context_terms
from claims.matching.library import FactCheckDraft, LibraryError
from claims.matching.library import parse as parse_library
from claims.matching.text import term_counts
from claims.models import Article, Claim, ClaimMatch, FactCheck

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
LOWEST = min(MIN_SCORE, CHECK_MIN_SCORE)
# The README's check-worthiness threshold (the queue's default): only these are matched.
WORTHY = 0.5
PER_CLAIM = 5  # links kept per claim and direction
OVERLAP = 2000
CHUNK = 5000


class _Library:
    def __init__(self) -> None:
        self.index = ClaimIndex()
        self.claims_seen = 0
        self.checks_seen = 0
        self.recent: set[int] = set()
        self.fresh: dict[int, dict[int, int]] = {}  # claim id -> term counts, last refresh
        self.lock = threading.Lock()

    def refresh(self) -> None:
        with self.lock:
            self.fresh = {}
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
        batch: list[tuple[int, dict[int, int]]] = []
        for pk, text in rows.order_by("pk").values_list("pk", field_name).iterator(CHUNK):
            key = sign * pk
            if key in self.recent:
                continue
            self.recent.add(key)
            counts = term_counts(text)
            batch.append((key, counts))
            if sign > 0:
                # The match step that follows searches with these very claims.
                self.fresh[pk] = counts
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
    _article_terms.clear()


@dataclass
class MatchOutcome:
    claims: int = 0
    reported: int = 0
    checked: int = 0
    differ: int = 0


def claims_match(*, claim_ids: Sequence[int]) -> MatchOutcome:
    """Match these claims against other articles' claims and the fact-checks; store both
    directions for claim pairs. Safe to run again (unique constraints, upserts).

    Only check-worthy claims (score >= WORTHY, the queue's default) are matched, on both
    sides of a link: matching the rest cost more than the import itself and nobody reviews
    them. Every claim stays in the index, so that its words count in the inverse document
    frequencies (the scores of a small desk's index would swing otherwise).
    """
    outcome = MatchOutcome()
    index = library_index()
    same_story = _SameStory(index)
    fresh = _library.fresh
    for start in range(0, len(claim_ids), CHUNK):
        chunk = list(
            Claim.objects.filter(pk__in=claim_ids[start : start + CHUNK], score__gte=WORTHY)
            .order_by("pk")
            .values_list("pk", "article_id", "text")
        )
        queries = [fresh.get(pk) or text for pk, _, text in chunk]
        found = index.search_many(queries, PER_CLAIM * 3, min_score=LOWEST)
        wanted = {h.id for hits in found for h in hits}
        heads = _claim_heads([i for i in wanted if i > 0])
        # First which links to make, from cheap columns only; the words of just the
        # articles a link may join; then the figures and speakers of just the claims in a
        # link (most hits fail one test or another).
        candidates: list[tuple[int, int, list[Hit]]] = []
        for (pk, article_id, _), hits in zip(chunk, found, strict=True):
            outcome.claims += 1
            usable = []
            for hit in hits:
                if hit.id > 0:
                    head = heads.get(hit.id)
                    if hit.score < MIN_SCORE or head is None:
                        continue
                    other_article, gone, worthy = head
                    if other_article == article_id or gone or not worthy:
                        continue
                elif hit.score < CHECK_MIN_SCORE:
                    continue
                usable.append(hit)
            if usable:
                candidates.append((pk, article_id, usable))
        same_story.load(
            {c[1] for c in candidates}
            | {heads[h.id][0] for c in candidates for h in c[2] if h.id > 0}
        )
        pairs: list[tuple[int, int, float]] = []
        checked: list[tuple[int, int, float]] = []
        for pk, article_id, usable in candidates:
            kept = 0
            for hit in usable:
                if kept >= PER_CLAIM:
                    break
                if hit.id < 0:
                    checked.append((pk, -hit.id, hit.score))
                elif same_story(article_id, heads[hit.id][0]):
                    pairs.append((pk, hit.id, hit.score))
                else:
                    continue
                kept += 1
        claims = _sides(Claim, {p for pair in pairs for p in pair[:2]} | {c[0] for c in checked})
        checks = _sides(FactCheck, {c[1] for c in checked})
        rows: list[tuple] = []
        for pk, other_pk, score in pairs:
            side, other = claims[pk], claims[other_pk]
            forth = compare_prepared(side, other)
            differ = _differ(forth)
            rows.append(_row(pk, score, forth, differ, other=other_pk))
            rows.append(_row(other_pk, score, compare_prepared(other, side), differ, other=pk))
            outcome.reported += 1
            outcome.differ += differ
        for pk, check_pk, score in checked:
            if check_pk not in checks:
                continue  # deleted since it was indexed
            both = compare_prepared(claims[pk], checks[check_pk])
            rows.append(_row(pk, score, both, _differ(both), check=check_pk))
            outcome.checked += 1
        _store(rows)
    return outcome


def _differ(compared: dict[str, list[dict]]) -> bool:
    return any(not f["agree"] for f in compared["figures"])


def _claim_heads(ids: list[int]) -> dict[int, tuple[int, bool, bool]]:
    """Claim id -> (article id, article superseded?, check-worthy?)."""
    rows = Claim.objects.filter(pk__in=ids).values_list(
        "pk", "article_id", "article__superseded", "score"
    )
    return {pk: (article_id, gone, score >= WORTHY) for pk, article_id, gone, score in rows}


def _sides(model: type[Claim] | type[FactCheck], ids: set[int]) -> dict[int, Prepared]:
    """Figures and speakers of these claims (or fact-checks), found once each."""
    out: dict[int, Prepared] = {}
    ids_list = sorted(ids)
    for start in range(0, len(ids_list), CHUNK):
        rows = model.objects.filter(pk__in=ids_list[start : start + CHUNK]).values_list(
            "pk", "quantities", "attributions"
        )
        for pk, q, a in rows:
            out[pk] = prepare({"quantities": q or [], "attributions": a or []})
    return out


# An article's text never changes once imported (a new revision is a new Article), so the
# words of its text are kept per process, for the articles matched most recently.
_article_terms: OrderedDict[int, frozenset[int]] = OrderedDict()
ARTICLE_TERMS_KEPT = 20_000


class _SameStory:
    """Are two claims' articles about the same thing? Cached per pair of articles; the
    term weights (the index's inverse document frequencies) are read once per run."""

    def __init__(self, index: ClaimIndex) -> None:
        self.index = index
        self.seen: dict[tuple[int, int], bool] = {}
        self.weight: dict[int, float] = {}
        self.norm: dict[int, float] = {}

    def load(self, article_ids: set[int]) -> None:
        missing = [a for a in article_ids if a not in _article_terms]
        for start in range(0, len(missing), 1000):
            texts = Article.objects.filter(pk__in=missing[start : start + 1000]).values_list(
                "pk", "text"
            )
            for pk, text in texts:
                _article_terms[pk] = context_terms(text)
        for a in article_ids:
            if a in _article_terms:
                _article_terms.move_to_end(a)
        while len(_article_terms) > max(ARTICLE_TERMS_KEPT, len(article_ids)):
            _article_terms.popitem(last=False)

    def _w(self, terms: frozenset[int]) -> float:
        weight, idf = self.weight, self.index.idf
        total = 0.0
        for t in terms:
            w = weight.get(t)
            if w is None:
                w = weight[t] = idf(t) ** 2
            total += w
        return total

    def __call__(self, a: int, b: int) -> bool:
        key = (a, b) if a < b else (b, a)
        found = self.seen.get(key)
        if found is None:
            ta, tb = _article_terms.get(a, frozenset()), _article_terms.get(b, frozenset())
            for art, terms in ((a, ta), (b, tb)):
                if art not in self.norm:
                    self.norm[art] = self._w(terms)
            norm = math.sqrt(self.norm[a] * self.norm[b])
            common = self._w(ta & tb)
            # The same figure as ClaimIndex.context_overlap, with the weights read once.
            found = self.seen[key] = bool(norm) and round(common / norm, 4) >= MIN_CONTEXT
        return found


def _row(
    claim_id: int,
    score: float,
    compared: dict,
    differ: bool,
    *,
    other: int | None = None,
    check: int | None = None,
) -> tuple:
    return (claim_id, other, check, score, compared["figures"], compared["speakers"], differ)


_UPSERT = """
INSERT INTO {table} (claim_id, other_id, fact_check_id, score, figures, speakers,
                     figures_differ, created_at)
VALUES (%s, %s, %s, %s, {json}, {json}, %s, %s)
ON CONFLICT (claim_id, {target}) DO UPDATE SET
    score = excluded.score, figures = excluded.figures, speakers = excluded.speakers,
    figures_differ = excluded.figures_differ
"""


def _json(value: list[dict]) -> str:
    """Compact JSON of plain lists of plain dicts (orjson); most lists are empty."""
    return orjson.dumps(value).decode() if value else "[]"


@transaction.atomic
def _store(rows: list[tuple]) -> None:
    """One upsert per kind of target, as executemany: the unique constraints make a
    second run (or two jobs finding the same pair) update instead of duplicating."""
    now = timezone.now()
    json_param = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    table = ClaimMatch._meta.db_table
    for target, position in (("other_id", 1), ("fact_check_id", 2)):
        chosen: dict[tuple[int, int], tuple] = {}
        for row in rows:
            if row[position] is not None:
                chosen[(row[0], row[position])] = row
        if not chosen:
            continue
        params = [
            (c, o, f, s, _json(fig), _json(spk), d, now)
            for c, o, f, s, fig, spk, d in chosen.values()
        ]
        sql = _UPSERT.format(table=table, json=json_param, target=target)
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def job_claims_match(*, article_ids: Iterable[int]) -> MatchOutcome:
    """The import job's match step: every check-worthy claim of these articles."""
    ids = list(
        Claim.objects.filter(article_id__in=list(article_ids), score__gte=WORTHY)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return claims_match(claim_ids=ids) if ids else MatchOutcome()


# --- The verdict library: imported fact-checks ------------------------------------------


@dataclass
class LibraryOutcome:
    imported: int = 0
    duplicates: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    matched_claims: int = 0

    def sentence(self) -> str:
        imported = ngettext(
            "%(n)d fact-check imported", "%(n)d fact-checks imported", self.imported
        ) % {"n": self.imported}
        matched = ngettext(
            "%(n)d claim found already checked",
            "%(n)d claims found already checked",
            self.matched_claims,
        ) % {"n": self.matched_claims}
        return (
            f"{imported}, {self.duplicates} already present, {len(self.errors)} failed; {matched}."
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
