"""An inverted index over claims, scored with BM25, that grows by segments.

Each :meth:`ClaimIndex.add` call builds one immutable segment (term hashes, postings of
document number and saturated term weight); a search scores every segment and merges the
best. Adding never rewrites what is there, so an index grows with each import without a
rebuild; when segments pile up the smallest are merged (like Lucene's tiered merges).

Scores: BM25 (k1 = 1.2, b = 0.75, chosen on the CLEF 2020 task 2 train split) divided by the
score the query would get against itself, so 1.0 is "the same words" and the figure means
the same whatever the query's length; a document is scored with the inverse document
frequencies of the whole index at query time.

Memory: about 12 bytes per posting plus 8 bytes per document (ids as int64) and the term
table; a 150-character claim has about 12 distinct terms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .text import term_counts, word_hashes

K1 = 1.2
B = 0.75


@dataclass(frozen=True, slots=True)
class Hit:
    id: int
    score: float


@dataclass(slots=True)
class _Segment:
    ids: np.ndarray  # int64, one per document
    terms: np.ndarray  # uint32, sorted, unique
    indptr: np.ndarray  # int64, len(terms) + 1
    docs: np.ndarray  # int32, postings ordered by term then document
    weights: np.ndarray  # float32, saturated term frequency
    maxw: np.ndarray  # float32, per term: its largest weight (MaxScore's bound)
    csr: sparse.csr_matrix | None = None  # the postings as a matrix, for search_many

    def matrix(self) -> sparse.csr_matrix:
        """Terms x documents, sharing this segment's arrays (no copy)."""
        if self.csr is None:
            self.csr = sparse.csr_matrix(
                (self.weights, self.docs, self.indptr.astype(np.int32)),
                shape=(len(self.terms), self.size),
                copy=False,
            )
        return self.csr

    @property
    def size(self) -> int:
        return len(self.ids)


class ClaimIndex:
    """Most similar claims for a text; ids are integers chosen by the caller."""

    def __init__(self, *, max_segments: int = 10) -> None:
        self._segments: list[_Segment] = []
        self._df: dict[int, int] = {}
        self._n = 0
        self._total_len = 0
        self._max_segments = max_segments

    def __len__(self) -> int:
        return self._n

    @property
    def segments(self) -> int:
        return len(self._segments)

    @property
    def nbytes(self) -> int:
        arrays = sum(
            s.ids.nbytes
            + s.terms.nbytes
            + s.indptr.nbytes
            + s.docs.nbytes
            + s.weights.nbytes
            + s.maxw.nbytes
            for s in self._segments
        )
        return arrays + len(self._df) * 100  # a dict entry with two ints, roughly

    def add(self, items: Iterable[tuple[int, str | dict[int, int]]]) -> int:
        """Index ``(id, text)`` pairs as one new segment; returns how many were added.

        A text may be given as its :func:`~claims.matching.text.term_counts`."""
        ids: list[int] = []
        lengths: list[int] = []
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        for doc_id, text in items:
            counts = text if isinstance(text, dict) else term_counts(text)
            row = len(ids)
            ids.append(int(doc_id))
            lengths.append(sum(counts.values()))
            rows.extend([row] * len(counts))
            cols.extend(counts)
            tfs.extend(counts.values())
        if not ids:
            return 0
        col_arr = np.asarray(cols, dtype=np.uint32)
        row_arr = np.asarray(rows, dtype=np.int32)
        tf_arr = np.asarray(tfs, dtype=np.float32)
        dl = np.asarray(lengths, dtype=np.float32)
        self._n += len(ids)
        self._total_len += int(dl.sum())
        avgdl = max(self._total_len / self._n, 1.0)
        # Saturation uses the average length known now; older segments keep theirs. The
        # drift is small once an index holds a few thousand claims.
        weights = tf_arr * (K1 + 1) / (tf_arr + K1 * (1 - B + B * dl[row_arr] / avgdl))
        order = np.lexsort((row_arr, col_arr))
        col_arr, row_arr, weights = col_arr[order], row_arr[order], weights[order]
        terms, starts, counts = np.unique(col_arr, return_index=True, return_counts=True)
        df = self._df
        for term, count in zip(terms.tolist(), counts.tolist(), strict=True):
            df[term] = df.get(term, 0) + count
        indptr = np.append(starts, len(col_arr)).astype(np.int64)
        weights = weights.astype(np.float32)
        self._segments.append(
            _Segment(
                ids=np.asarray(ids, dtype=np.int64),
                terms=terms,
                indptr=indptr,
                docs=row_arr,
                weights=weights,
                maxw=np.maximum.reduceat(weights, starts),
            )
        )
        if len(self._segments) > self._max_segments:
            self._merge_smallest()
        return len(ids)

    def _idf(self, term: int) -> float:
        df = self._df.get(term, 0)
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))

    def idf(self, term: int) -> float:
        """The inverse document frequency of a hashed term in this index now."""
        return self._idf(term)

    def context_similarity(self, a: str, b: str) -> float:
        """How much two whole texts (two articles) are about the same thing, in [0, 1].

        Cosine of their sets of words, each weighted by its inverse document frequency in
        this index; numbers are left out, so two unrelated stories that happen to share a
        figure ("680 arrested") do not look alike.
        """
        return self.context_overlap(context_terms(a), context_terms(b))

    def context_overlap(self, ta: frozenset[int], tb: frozenset[int]) -> float:
        """:meth:`context_similarity` of two :func:`context_terms` sets."""
        if not ta or not tb:
            return 0.0
        weight = {t: self._idf(t) ** 2 for t in ta | tb}
        common = sum(weight[t] for t in ta & tb)
        norm = math.sqrt(sum(weight[t] for t in ta) * sum(weight[t] for t in tb))
        return round(common / norm, 4) if norm else 0.0

    def search(
        self,
        text: str,
        k: int = 10,
        *,
        keep: Callable[[int], bool] | None = None,
        min_score: float = 0.0,
    ) -> list[Hit]:
        """The ``k`` best claims for ``text``, best first, each with a score in (0, 1].

        ``keep`` filters ids (for instance: not from the same article); the index looks
        further down the ranking until it has ``k`` kept hits or runs out.
        """
        counts = term_counts(text)
        if not counts or not self._n or k <= 0:
            return []
        avgdl = max(self._total_len / self._n, 1.0)
        qlen = sum(counts.values())
        terms = np.fromiter(sorted(counts), dtype=np.uint32, count=len(counts))
        idf = np.asarray([self._idf(int(t)) for t in terms], dtype=np.float64)
        qtf = np.asarray([counts[int(t)] for t in terms], dtype=np.float64)
        self_score = float((idf * qtf * (K1 + 1) / (qtf + K1 * (1 - B + B * qlen / avgdl))).sum())
        if self_score <= 0:
            return []
        want = k if keep is None else k * 3 + 20
        floor = min_score * self_score
        found = self._search_segments(terms, idf, want, floor)
        hits: list[Hit] = []
        for score, doc_id in found:
            if keep is not None and not keep(doc_id):
                continue
            hits.append(Hit(id=doc_id, score=round(min(1.0, score / self_score), 4)))
            if len(hits) == k:
                break
        if keep is not None and len(hits) < k and len(found) >= want:
            # Too many were filtered out: look deeper, once, over everything that scores.
            return self._search_all(terms, idf, self_score, k, keep, floor)
        return _ordered(hits)

    def search_many(
        self,
        texts: Sequence[str | dict[int, int]],
        k: int = 10,
        *,
        min_score: float = 0.0,
        chunk: int = 200,
    ) -> list[list[Hit]]:
        """:meth:`search` for many texts at once, with the same hits and scores.

        A text may be given as its :func:`~claims.matching.text.term_counts` already (as
        :meth:`add` accepts them), when the caller has just indexed it.

        One sparse matrix product (queries x terms times terms x documents) per segment and
        ``chunk`` of queries, instead of a dozen numpy calls per query: an import job's
        match step searches every new claim, and the per-call overhead was most of it.
        """
        out: list[list[Hit]] = [[] for _ in texts]
        if not self._n or k <= 0 or not texts:
            return out
        avgdl = max(self._total_len / self._n, 1.0)
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        for row, text in enumerate(texts):
            counts = text if isinstance(text, dict) else term_counts(text)
            rows.extend([row] * len(counts))
            cols.extend(counts)
            tfs.extend(counts.values())
        if not cols:
            return out
        q_row = np.asarray(rows, dtype=np.int64)
        q_tf = np.asarray(tfs, dtype=np.float64)
        uniq, inverse = np.unique(np.asarray(cols, dtype=np.uint32), return_inverse=True)
        q_idf = np.asarray([self._idf(t) for t in uniq.tolist()], dtype=np.float64)[inverse]
        qlen = np.bincount(q_row, weights=q_tf, minlength=len(texts))
        norm = q_tf + K1 * (1 - B + B * qlen[q_row] / avgdl)
        self_score = np.bincount(
            q_row, weights=q_idf * q_tf * (K1 + 1) / norm, minlength=len(texts)
        )
        floor = min_score * self_score
        term_pos = [np.searchsorted(seg.terms, uniq) for seg in self._segments]
        for start in range(0, len(texts), chunk):
            stop = min(start + chunk, len(texts))
            lo, hi = np.searchsorted(q_row, [start, stop])
            found_rows, found_scores, found_ids = [], [], []
            bar = floor[start:stop]
            for seg, pos_u in zip(self._segments, term_pos, strict=True):
                pos = pos_u[inverse[lo:hi]]
                ok = pos < len(seg.terms)
                ok[ok] = seg.terms[pos[ok]] == uniq[inverse[lo:hi]][ok]
                if not ok.any():
                    continue
                rows_s, pos_s, idf_s = q_row[lo:hi][ok] - start, pos[ok], q_idf[lo:hi][ok]
                found = _score_segment(seg, rows_s, pos_s, idf_s, bar, k)
                if found is not None:
                    found_rows.append(found[0])
                    found_scores.append(found[1])
                    found_ids.append(seg.ids[found[2]])
            if not found_rows:
                continue
            r = np.concatenate(found_rows)
            sc = np.concatenate(found_scores)
            ids = np.concatenate(found_ids)
            order = np.lexsort((ids, -sc, r))
            r, sc, ids = r[order], sc[order], ids[order]
            first = np.searchsorted(r, r, side="left")
            top = np.arange(len(r)) - first < k
            r, ids = r[top].tolist(), ids[top].tolist()
            relative = np.round(
                np.minimum(1.0, sc[top] / self_score[start:stop][np.asarray(r, dtype=np.int64)]), 4
            )
            for row, doc_id, score in zip(r, ids, relative.tolist(), strict=True):
                out[start + row].append(Hit(id=doc_id, score=score))
        return [_ordered(hits) for hits in out]

    def _search_segments(
        self, terms: np.ndarray, idf: np.ndarray, want: int, floor: float
    ) -> list[tuple[float, int]]:
        """The ``want`` best (score, id) over all segments scoring at least ``floor``."""
        found: list[tuple[float, int]] = []
        for seg in self._segments:
            found.extend(_search_segment(seg, terms, idf, want, floor))
        found.sort(key=lambda p: (-p[0], p[1]))
        return found[:want]

    def _search_all(
        self, terms: np.ndarray, idf: np.ndarray, self_score: float, k: int, keep, floor: float
    ) -> list[Hit]:
        found: list[tuple[float, int]] = []
        for seg in self._segments:
            found.extend(_search_segment(seg, terms, idf, seg.size, floor))
        found.sort(key=lambda p: (-p[0], p[1]))
        hits = [Hit(id=i, score=round(min(1.0, s / self_score), 4)) for s, i in found if keep(i)]
        return hits[:k]

    def _merge_smallest(self) -> None:
        self._segments.sort(key=lambda s: s.size)
        a, b = self._segments[0], self._segments[1]
        self._segments[:2] = [_merge(a, b)]


def _score_segment(
    seg: _Segment,
    rows: np.ndarray,
    pos: np.ndarray,
    idf: np.ndarray,
    bar: np.ndarray,
    k: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(query row, score, document) of the documents of ``seg`` that may be among a
    query's ``k`` best and score at least its ``bar``, for a chunk of queries given as
    (row, term position, idf) entries. Every document of a query's true top ``k`` in this
    segment is returned, with its exact score.

    MaxScore (Turtle & Flood, 1995), vectorised over queries. A term adds at most its idf
    times the largest weight in its postings. First each query's ``k`` best documents
    among those with its two rarest terms are scored exactly: the ``k``-th of those
    scores is a floor for its true ``k``-th (raised to ``bar``). Then the terms whose
    bounds together stay below that floor are "lazy": a document with only those cannot
    reach it. The other terms' postings (rare terms: short lists) give the candidates in
    one sparse product, and the lazy terms are looked up for the candidates that could
    still reach the floor. With near-copies in the index (the same wire story in many
    outlets) the floor is high and nearly every term is lazy.

    When the queries' postings in this segment are few (a small segment: an import job's
    own claims, a desk of a few thousand), every document is scored in one sparse product
    instead (:func:`_score_all`): the lookups cost more than they save there.
    """
    nq = len(bar)
    work = int((seg.indptr[pos + 1] - seg.indptr[pos]).sum())
    if work <= EXHAUSTIVE_PER_QUERY * nq:
        return _score_all(seg, rows, pos, idf, bar)
    order = np.lexsort((-idf, rows))  # per query, rarest term first
    rows, pos, idf = rows[order], pos[order], idf[order]
    counts = np.bincount(rows, minlength=nq)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.arange(len(rows)) - np.repeat(starts, counts)
    floor = bar.copy()
    rare = rank < 2
    first = _product(seg, rows[rare], pos[rare], idf[rare], nq)
    if first is not None:
        r, docs, partial = first
        floor = _raise_floor(seg, r, docs, partial, rows[~rare], pos[~rare], idf[~rare], floor, k)
    bound = idf * seg.maxw[pos]
    order = np.lexsort((bound, rows))
    rows, pos, idf, bound = rows[order], pos[order], idf[order], bound[order]
    cum = np.cumsum(bound)
    # Per query, the running sum of its bounds. A query with no terms in this chunk has no
    # entries (its start would point past the end): it contributes nothing to repeat.
    base = np.zeros(nq)
    some = counts > 0
    base[some] = cum[starts[some]] - bound[starts[some]]
    within = cum - np.repeat(base, counts)
    lazy = within < floor[rows]
    rest = np.bincount(rows[lazy], weights=bound[lazy], minlength=nq)
    keep = ~lazy
    found = _product(seg, rows[keep], pos[keep], idf[keep], nq, floor=floor, rest=rest)
    if found is None:
        return None
    r, docs, total = found
    lazy_rows, lazy_pos, lazy_idf, lazy_bound = rows[lazy], pos[lazy], idf[lazy], bound[lazy]
    # The floor again, from each query's k best candidates by their partial scores (near
    # copies share the common words, which the rare-term floor above may have missed).
    floor = _raise_floor(seg, r, docs, total, lazy_rows, lazy_pos, lazy_idf, floor, k)
    alive = total + rest[r] >= floor[r]
    r, docs, total = r[alive], docs[alive], total[alive]
    # The lazy terms one at a time, the heaviest first; after each, a candidate that
    # cannot reach the floor with the lazy terms still to come is dropped.
    lazy_counts = np.bincount(lazy_rows, minlength=nq)
    lazy_starts = np.concatenate(([0], np.cumsum(lazy_counts)[:-1]))
    remaining = rest.copy()
    for level in range(int(lazy_counts.max()) if len(lazy_rows) else 0):
        # Sorted by bound ascending within a row: the heaviest lazy term is the last.
        has = lazy_counts > level
        at = lazy_starts + lazy_counts - 1 - level  # per row: its level-th heaviest
        sel = np.flatnonzero(has[r])
        if len(sel):
            entry = at[r[sel]]
            total[sel] += _weights(seg, lazy_pos[entry], docs[sel]) * lazy_idf[entry]
        rows_at = np.flatnonzero(has)
        remaining[rows_at] -= lazy_bound[at[rows_at]]
        alive = total + np.maximum(remaining[r], 0) >= floor[r]
        r, docs, total = r[alive], docs[alive], total[alive]
        if not len(r):
            return None
    good = total >= floor[r]
    return r[good], total[good], docs[good]


# Postings per query below which a segment is scored whole, in one sparse product: with a
# small segment (a few thousand claims) that is cheaper than MaxScore's lookups.
EXHAUSTIVE_PER_QUERY = 2000


def _score_all(
    seg: _Segment, rows: np.ndarray, pos: np.ndarray, idf: np.ndarray, bar: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`_score_segment` by scoring every document that shares a term with a query
    (one sparse product), keeping those that reach the query's ``bar``."""
    found = _product(seg, rows, pos, idf, len(bar), floor=bar, rest=np.zeros(len(bar)))
    if found is None:
        return None
    r, docs, total = found
    return r, total, docs


def _weights(seg: _Segment, term: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The weight of each (term position, document) pair in ``seg``; 0 where absent
    (a binary search in each term's postings, all pairs at once: the branchless form,
    four array operations per halving)."""
    sdocs = seg.docs
    low = seg.indptr[term]
    end = seg.indptr[term + 1]
    n = end - low
    while True:
        half = n >> 1
        if not half.any():
            break
        mid = low + half  # below low + n: inside the postings
        low = np.where(sdocs[mid] < docs, mid, low)
        n -= half
    # The first posting not below the document: ``low``, or the one after it.
    at = low + (sdocs[np.minimum(low, len(sdocs) - 1)] < docs)
    found = at < end
    found[found] = sdocs[at[found]] == docs[found]
    out = np.zeros(len(docs))
    out[found] = seg.weights[at[found]]
    return out


def _raise_floor(
    seg: _Segment,
    r: np.ndarray,
    docs: np.ndarray,
    partial: np.ndarray,
    rows: np.ndarray,
    pos: np.ndarray,
    idf: np.ndarray,
    floor: np.ndarray,
    k: int,
) -> np.ndarray:
    """``floor`` raised, per query with ``k`` candidates, to the ``k``-th best exact score
    among its ``k`` best candidates by ``partial`` score (the rest of their score is the
    given entries, sorted by row): its true ``k``-th best is at least that."""
    nq = len(floor)
    # Only the queries with k candidates can be raised: the others are not looked up (with
    # a low bar most queries have fewer, and the lookups were most of this step).
    full = np.bincount(r, minlength=nq) >= k
    if not full.any():
        return floor
    some = full[r]
    r, docs, partial = r[some], docs[some], partial[some]
    # By row, then partial score descending: one float key (scores are far below 2**20).
    best = np.argsort(r * 2.0**20 - partial)
    r, docs, partial = r[best], docs[best], partial[best]
    top = np.arange(len(r)) - np.searchsorted(r, r, side="left") < k
    r, docs = r[top], docs[top]
    exact = partial[top] + _lookup(seg, r, docs, rows, pos, idf, nq)
    order = np.lexsort((-exact, r))
    at = np.searchsorted(r[order], np.arange(nq), side="left") + k - 1
    kth = np.full(nq, -np.inf)
    kth[full] = exact[order][at[full]]
    # A hair lower: a tie with the k-th, summed in another order, must not drop out.
    return np.maximum(floor, kth - 1e-9 * np.abs(kth))


def _product(
    seg: _Segment,
    rows: np.ndarray,
    pos: np.ndarray,
    idf: np.ndarray,
    nq: int,
    *,
    floor: np.ndarray | None = None,
    rest: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(row, document, partial score) from these entries' postings; with ``floor``, only
    the documents whose partial score plus ``rest`` reaches it."""
    if not len(rows):
        return None
    query = sparse.csr_matrix((idf, (rows, pos)), shape=(nq, len(seg.terms)))
    scores = query @ seg.matrix()
    if floor is None:
        hit = np.arange(len(scores.data))
    else:
        per_row = np.diff(scores.indptr)
        # Every stored score is > 0 (idf and weights are). Rows only for the kept entries.
        reach = np.repeat(floor - rest, per_row)
        hit = np.flatnonzero(scores.data >= reach)
    if not len(hit):
        return None
    r = np.searchsorted(scores.indptr, hit, side="right") - 1
    return r, scores.indices[hit].astype(np.int64), scores.data[hit].astype(np.float64)


def _lookup(
    seg: _Segment,
    r: np.ndarray,
    docs: np.ndarray,
    rows: np.ndarray,
    pos: np.ndarray,
    idf: np.ndarray,
    nq: int,
) -> np.ndarray:
    """For each candidate (query row ``r``, document): the sum of its query's given terms
    (entries sorted by row) in that document, by binary search in the postings."""
    out = np.zeros(len(r))
    if not len(rows) or not len(r):
        return out
    counts = np.bincount(rows, minlength=nq)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    n = counts[r]
    cand = np.repeat(np.arange(len(r)), n)
    if not len(cand):
        return out
    offset = np.arange(len(cand)) - np.repeat(np.cumsum(n) - n, n)
    which = starts[r][cand] + offset
    add = _weights(seg, pos[which], docs[cand]) * idf[which]
    out += np.bincount(cand, weights=add, minlength=len(r))
    return out


def _ordered(hits: list[Hit]) -> list[Hit]:
    """Best first; equal (rounded) scores by id, so that every way of computing the same
    scores (search, search_many, another segment layout) lists them alike."""
    return sorted(hits, key=lambda h: (-h.score, h.id))


def _search_segment(
    seg: _Segment, terms: np.ndarray, idf: np.ndarray, want: int, bar: float
) -> list[tuple[float, int]]:
    """The ``want`` best documents of one segment scoring at least ``bar``.

    MaxScore (Turtle & Flood, 1995), vectorised: a term can add at most its idf times the
    largest weight in its postings. The terms whose bounds together stay below ``bar``
    are "non-essential": a document that has only those cannot reach ``bar``, so the
    candidates come from the other terms' postings alone (the short ones: rare terms weigh
    most), and the frequent terms are looked up for those candidates only. The scores are
    exact; with ``bar`` = 0 this is plain term-at-a-time scoring.
    """
    pos = np.searchsorted(seg.terms, terms)
    pos_ok = pos < len(seg.terms)
    present = np.zeros(len(terms), dtype=bool)
    present[pos_ok] = seg.terms[pos[pos_ok]] == terms[pos_ok]
    if not present.any():
        return []
    pos, idf = pos[present], idf[present]
    bound = idf * seg.maxw[pos]
    order = np.argsort(bound, kind="stable")
    rest = 0.0
    lazy = 0
    if bar > 0:
        cum = np.cumsum(bound[order])
        lazy = int(np.searchsorted(cum, bar, side="left"))  # cum[:lazy] < bar
        if lazy == len(order):
            return []
        rest = float(cum[lazy - 1]) if lazy else 0.0
    indptr, docs_all, weights_all = seg.indptr, seg.docs, seg.weights
    docs_parts = []
    weight_parts = []
    for i in order[lazy:].tolist():
        p = int(pos[i])
        a, b = indptr[p], indptr[p + 1]
        docs_parts.append(docs_all[a:b])
        weight_parts.append(weights_all[a:b] * idf[i])
    docs = np.concatenate(docs_parts) if len(docs_parts) > 1 else docs_parts[0]
    weights = np.concatenate(weight_parts) if len(weight_parts) > 1 else weight_parts[0]
    if len(docs) * 4 < seg.size:
        local, inverse = np.unique(docs, return_inverse=True)
        scores = np.bincount(inverse, weights=weights)
    else:
        local = None
        scores = np.bincount(docs, weights=weights, minlength=seg.size)
        if lazy:
            local = np.flatnonzero(scores)
            scores = scores[local]
    if lazy:
        # Only candidates that could still reach the bar with every lazy term.
        keep = scores + rest >= bar
        local, scores = local[keep], scores[keep]
        for i in order[:lazy].tolist():
            if not len(local):
                break
            p = int(pos[i])
            a, b = indptr[p], indptr[p + 1]
            postings = docs_all[a:b]
            at = np.searchsorted(postings, local)
            at[at == len(postings)] = 0
            hit = postings[at] == local
            scores[hit] += weights_all[a:b][at[hit]] * idf[i]
    n = min(want, len(scores))
    if n == 0:
        return []
    top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    top = top[(scores[top] > 0) & (scores[top] >= bar)]
    rows = local[top] if local is not None else top
    return list(zip(scores[top].tolist(), seg.ids[rows].tolist(), strict=True))


def context_terms(text: str) -> frozenset[int]:
    """The words of a whole text, numbers left out, for :meth:`ClaimIndex.context_overlap`."""
    return word_hashes(text)


def _merge(a: _Segment, b: _Segment) -> _Segment:
    def expand(seg: _Segment, shift: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        terms = np.repeat(seg.terms, np.diff(seg.indptr))
        return terms, seg.docs.astype(np.int32) + shift, seg.weights

    ta, da, wa = expand(a, 0)
    tb, db, wb = expand(b, a.size)
    terms = np.concatenate([ta, tb])
    docs = np.concatenate([da, db])
    weights = np.concatenate([wa, wb])
    order = np.lexsort((docs, terms))
    terms, docs, weights = terms[order], docs[order], weights[order]
    uniq, starts = np.unique(terms, return_index=True)
    return _Segment(
        ids=np.concatenate([a.ids, b.ids]),
        terms=uniq,
        indptr=np.append(starts, len(terms)).astype(np.int64),
        docs=docs,
        weights=weights,
        maxw=np.maximum.reduceat(weights, starts),
    )
