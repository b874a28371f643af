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
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .text import term_counts, term_hash, tokens

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
            s.ids.nbytes + s.terms.nbytes + s.indptr.nbytes + s.docs.nbytes + s.weights.nbytes
            for s in self._segments
        )
        return arrays + len(self._df) * 100  # a dict entry with two ints, roughly

    def add(self, items: Iterable[tuple[int, str]]) -> int:
        """Index ``(id, text)`` pairs as one new segment; returns how many were added."""
        ids: list[int] = []
        lengths: list[int] = []
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        for doc_id, text in items:
            counts = term_counts(text)
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
        self._segments.append(
            _Segment(
                ids=np.asarray(ids, dtype=np.int64),
                terms=terms,
                indptr=indptr,
                docs=row_arr,
                weights=weights.astype(np.float32),
            )
        )
        if len(self._segments) > self._max_segments:
            self._merge_smallest()
        return len(ids)

    def _idf(self, term: int) -> float:
        df = self._df.get(term, 0)
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))

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
        self, text: str, k: int = 10, *, keep: Callable[[int], bool] | None = None
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
        found: list[tuple[float, int]] = []
        want = k if keep is None else k * 3 + 20
        for seg in self._segments:
            found.extend(self._search_segment(seg, terms, idf, want))
        found.sort(key=lambda p: (-p[0], p[1]))
        hits: list[Hit] = []
        for score, doc_id in found:
            if keep is not None and not keep(doc_id):
                continue
            hits.append(Hit(id=doc_id, score=round(min(1.0, score / self_score), 4)))
            if len(hits) == k:
                break
        if keep is not None and len(hits) < k and len(found) >= want:
            # Too many were filtered out: look deeper, once, over everything that scores.
            return self._search_all(terms, idf, self_score, k, keep)
        return hits

    def _search_all(
        self, terms: np.ndarray, idf: np.ndarray, self_score: float, k: int, keep
    ) -> list[Hit]:
        found: list[tuple[float, int]] = []
        for seg in self._segments:
            found.extend(self._search_segment(seg, terms, idf, seg.size))
        found.sort(key=lambda p: (-p[0], p[1]))
        hits = [Hit(id=i, score=round(min(1.0, s / self_score), 4)) for s, i in found if keep(i)]
        return hits[:k]

    @staticmethod
    def _search_segment(
        seg: _Segment, terms: np.ndarray, idf: np.ndarray, want: int
    ) -> list[tuple[float, int]]:
        pos = np.searchsorted(seg.terms, terms)
        pos_ok = pos < len(seg.terms)
        present = np.zeros(len(terms), dtype=bool)
        present[pos_ok] = seg.terms[pos[pos_ok]] == terms[pos_ok]
        if not present.any():
            return []
        docs_parts = []
        weight_parts = []
        for p, w in zip(pos[present].tolist(), idf[present].tolist(), strict=True):
            a, b = seg.indptr[p], seg.indptr[p + 1]
            docs_parts.append(seg.docs[a:b])
            weight_parts.append(seg.weights[a:b] * w)
        docs = np.concatenate(docs_parts)
        weights = np.concatenate(weight_parts)
        if len(docs) * 4 < seg.size:
            local, inverse = np.unique(docs, return_inverse=True)
            scores = np.bincount(inverse, weights=weights)
        else:
            local = None
            scores = np.bincount(docs, weights=weights, minlength=seg.size)
        n = min(want, len(scores))
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        top = top[scores[top] > 0]
        rows = local[top] if local is not None else top
        return list(zip(scores[top].tolist(), seg.ids[rows].tolist(), strict=True))

    def _merge_smallest(self) -> None:
        self._segments.sort(key=lambda s: s.size)
        a, b = self._segments[0], self._segments[1]
        self._segments[:2] = [_merge(a, b)]


def context_terms(text: str) -> frozenset[int]:
    """The words of a whole text, numbers left out, for :meth:`ClaimIndex.context_overlap`."""
    return frozenset(term_hash(t) for t in set(tokens(text)) if not t.isdigit())


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
    )
