"""Check-worthiness scoring: a transparent default scorer and a trainable ranker.

A scorer maps sentences to numbers in [0, 1]; >= 0.5 means "check-worthy", which is the
review queue's default threshold.  Two implementations:

* ``default_scorer()`` -- hand-weighted lexical features, no download, no training data.
  One tokenising regex per sentence, then dictionary look-ups, so a sentence costs a few
  microseconds.  Positive signals (what fact-checkers pick):
    number     any digit                      percent    "%", "percent", "per cent"
    money      "$5", "5 dollars", "£", "€"     magnitude  million, billion, thousand, twice...
    year       1800-2099 as a word            compare    more/less than, rose, fell, cut, -er than
    superlat.  largest, lowest, first, record attribution said, according to, reported, study, poll
    entity     capitalised words not at the start (names, places, bodies), capped at 3
    past       past-tense factual verbs: voted, passed, signed, created, lost, spent, was/were
    topic      policy vocabulary that is usually measurable: taxes, jobs, deficit, crime...
  Negative signals (what they skip):
    question   "?"                            opinion    "I think", "I believe", "we need", "you know"
    greeting   thanks, good evening, welcome  future     "will", "going to", "'ll"
    hedge      maybe, perhaps, probably, should, would   person  I / you / my / your
    short      fewer than six words
  The weights are set by hand (see ``_WEIGHTS``); the bias puts an ordinary sentence with
  one number and one factual cue just above 0.5 and an opinion or pleasantry well below it.

* ``train_scorer(texts, labels)`` -- TF-IDF word and character n-grams plus the default
  features, a linear SVM whose margin is mapped to a probability-like score with the
  F1-best threshold (found by inner cross-validation) at 0.5; ``TrainedScorer.save`` /
  ``load_scorer`` persist it with joblib and a format-version check.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "FEATURE_NAMES",
    "FeatureScorer",
    "Scorer",
    "TrainedScorer",
    "default_scorer",
    "feature_matrix",
    "load_scorer",
    "train_scorer",
]


@runtime_checkable
class Scorer(Protocol):
    def score(self, texts: Sequence[str]) -> list[float]:
        """One probability-like number in [0, 1] per text; >= 0.5 means check-worthy."""
        ...


# The features are looked up per token in dictionaries rather than by a dozen regex scans:
# one tokenising pass per sentence keeps the scorer at millions of words per CPU-second.
_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+|[%$£€?]")

# Feature -> cue words.  Lists are short and general on purpose: the point is a transparent
# baseline, not a memorised vocabulary.
_WORDS: dict[str, str] = {
    "percent": "% percent percentage percentages",
    "money": "$ £ € dollars dollar pounds euros bucks cents",
    "magnitude": "million millions billion billions trillion thousand thousands hundreds "
    "dozens half twice double doubled tripled quadrupled one two three four five six seven "
    "eight nine ten twelve twenty thirty forty fifty hundred",
    "compare": "increase increased decrease decreased rose risen fell fallen grew grown "
    "dropped declined doubled tripled cut raised since",
    "superlative": "largest highest lowest biggest smallest greatest fastest worst best most "
    "least first record ever only never every",
    "attribution": "said says according reported reports told announced stated claimed found "
    "shows showed study studies survey poll polls data statistics estimate estimates",
    "past": "voted passed signed created lost spent killed approved supported opposed vetoed "
    "funded added eliminated invaded sent paid took gave owned built closed was were had",
    "topic": "tax taxes job jobs unemployment deficit deficits debt budget economy gdp wage "
    "wages income healthcare insurance medicare medicaid crime murder murders immigrants "
    "immigration military troops nuclear trade oil energy spending poverty students schools "
    "law bill senate congress",
    "greeting": "thank thanks welcome hello congratulations applause laughter appreciate",
    "future": "will gonna i'll we'll you'll they'll he'll she'll it'll",
    "hedge": "maybe perhaps probably might could would should may",
    "person": "i me my you your we our i'm we're you're i've we've",
}
# Two-word cues, keyed by their first word so most tokens cost one failed dict lookup.
_PAIRS: dict[str, str] = {
    "compare": "more_than less_than fewer_than higher_than lower_than larger_than "
    "smaller_than bigger_than greater_than up_from down_from",
    "attribution": "according_to",
    "past": "has_been have_been",
    "topic": "health_care social_security",
    "percent": "per_cent",
    "opinion": "i_think i_believe i_feel i_hope i_want i'd_like in_my i_guess i_mean "
    "we_need we_must we_should you_know let_me i_don't",
    "greeting": "good_evening good_morning good_night good_afternoon great_to nice_to",
    "future": "going_to",
}
FEATURE_NAMES: tuple[str, ...] = (
    "number",
    "year",
    *_WORDS,
    "opinion",
    "question",
    "entity",
    "short",
)
_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}
_WORD_FEATURES: dict[str, tuple[int, ...]] = {}
for _name, _words in _WORDS.items():
    for _word in _words.split():
        _WORD_FEATURES[_word] = (*_WORD_FEATURES.get(_word, ()), _INDEX[_name])
_PAIR_FEATURES: dict[str, dict[str, int]] = {}
for _name, _pairs in _PAIRS.items():
    for _pair in _pairs.split():
        _first, _second = _pair.split("_")
        _PAIR_FEATURES.setdefault(_first, {})[_second] = _INDEX[_name]
_N = len(FEATURE_NAMES)
_NUMBER, _YEAR, _QUESTION = _INDEX["number"], _INDEX["year"], _INDEX["question"]
_ENTITY, _SHORT, _COMPARE = _INDEX["entity"], _INDEX["short"], _INDEX["compare"]
# Capitalised words that are not names.
_NOT_ENTITY = frozenset("I I'm I've I'd I'll".split())


def _features(text: str) -> list[float]:
    row = [0.0] * _N
    words = _TOKEN.findall(text.replace("\u2019", "'"))
    previous = ""
    entities = 0
    for position, word in enumerate(words):
        low = word.lower()
        if word[0].isdigit():
            row[_NUMBER] = 1.0
            if len(word) == 4 and word[:2] in ("18", "19", "20"):
                row[_YEAR] = 1.0
        elif word == "?":
            row[_QUESTION] = 1.0
        elif position and word[0].isupper() and word not in _NOT_ENTITY:
            entities += 1
        for index in _WORD_FEATURES.get(low, ()):
            row[index] = 1.0
        if previous:
            second = _PAIR_FEATURES.get(previous)
            if second is not None and low in second:
                row[second[low]] = 1.0
        # "-er than" comparatives beyond the listed ones ("cheaper than", "worse than").
        if low == "than" and (previous.endswith("er") or previous in ("worse", "less")):
            row[_COMPARE] = 1.0
        previous = low
    row[_ENTITY] = float(min(entities, 3))
    row[_SHORT] = 1.0 if len(words) < 6 else 0.0
    return row


# Hand-set weights (log-odds units).  Why these sizes: a quantity is the strongest single
# sign of a checkable statement; opinions, pleasantries and questions almost never are.
_WEIGHTS: dict[str, float] = {
    "number": 1.1,
    "percent": 1.0,
    "money": 0.8,
    "magnitude": 0.6,
    "year": 0.5,
    "compare": 0.6,
    "superlative": 0.4,
    "attribution": 0.4,
    "past": 0.5,
    "topic": 0.7,
    "entity": 0.25,  # per entity, capped at 3
    "question": -1.6,
    "opinion": -1.2,
    "greeting": -2.0,
    "future": -0.8,
    "hedge": -0.5,
    "person": -0.3,
    "short": -1.5,
}
_BIAS = -1.0


def feature_matrix(texts: Sequence[str]) -> list[list[float]]:
    """The default scorer's features, one row per text, columns in ``FEATURE_NAMES`` order."""
    return [_features(text) for text in texts]


def _sigmoid(z: float) -> float:
    # Clamp so that extreme sums cannot overflow math.exp.
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


class FeatureScorer:
    """Hand-weighted logistic combination of ``FEATURE_NAMES``; see the module docstring."""

    def __init__(self, weights: dict[str, float] | None = None, bias: float = _BIAS) -> None:
        chosen = _WEIGHTS if weights is None else weights
        self._weights = [chosen.get(name, 0.0) for name in FEATURE_NAMES]
        self._bias = bias

    def score(self, texts: Sequence[str]) -> list[float]:
        weights, bias = self._weights, self._bias
        return [
            _sigmoid(bias + sum(w * f for w, f in zip(weights, _features(text), strict=True)))
            for text in texts
        ]

    def explain(self, text: str) -> dict[str, float]:
        """Contribution of each firing feature to the log-odds, for reviewers."""
        row = _features(text)
        return {
            name: w * f for name, w, f in zip(FEATURE_NAMES, self._weights, row, strict=True) if f
        }


_DEFAULT = FeatureScorer()


def default_scorer() -> Scorer:
    """The transparent feature scorer; one shared instance, it holds no mutable state."""
    return _DEFAULT


# --- the trainable ranker -------------------------------------------------------------
# scikit-learn is imported inside the functions: extract() imports this module and should
# not pay for sklearn when it only needs the default scorer.

FORMAT = "factcheck-worthiness-ranker"
FORMAT_VERSION = 1
# Regularisation strengths tried by inner cross-validation; the vectorised folds are shared
# between them, so each extra value costs one linear fit, not one vectorisation.
_C_GRID = (0.1, 0.3, 1.0)
_INNER_FOLDS = 3


def _feature_array(texts: Sequence[str]) -> Any:
    import numpy as np

    return np.asarray(feature_matrix(texts), dtype=np.float64)


def _vectoriser(n_texts: int) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    # On a few hundred texts a term seen once is still informative; on thousands, dropping
    # singletons halves the vocabulary (and the model file) at no cost in accuracy.
    min_df = 2 if n_texts >= 1000 else 1
    return make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=min_df),
        make_pipeline(FunctionTransformer(_feature_array), StandardScaler()),
    )


class TrainedScorer:
    """A linear model over TF-IDF n-grams and the default features.

    ``score`` maps the margin ``d`` to ``sigmoid(slope * (d - threshold))``: the slope is a
    Platt fit on held-out margins (so the numbers behave like probabilities), the threshold
    is the F1-best cut on the same held-out margins, so that 0.5 is the recommended cut.
    """

    def __init__(self, model: Any, slope: float, threshold: float, info: dict[str, Any]) -> None:
        self.model = model
        self.slope = slope
        self.threshold = threshold
        self.info = info

    def margins(self, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        return [float(v) for v in self.model.decision_function(list(texts))]

    def score(self, texts: Sequence[str]) -> list[float]:
        return [_sigmoid(self.slope * (d - self.threshold)) for d in self.margins(texts)]

    def save(self, path: str | os.PathLike[str]) -> None:
        import joblib
        import sklearn

        payload = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "sklearn": sklearn.__version__,
            "model": self.model,
            "slope": self.slope,
            "threshold": self.threshold,
            "info": self.info,
        }
        joblib.dump(payload, path, compress=3)


def _best_threshold(margins: Any, labels: Any) -> tuple[float, float]:
    """(threshold, F1) maximising F1 over the held-out margins."""
    import numpy as np

    order = np.argsort(-margins)
    sorted_labels = labels[order]
    true_pos = np.cumsum(sorted_labels)
    predicted = np.arange(1, len(margins) + 1)
    f1 = 2 * true_pos / (predicted + sorted_labels.sum())
    best = int(np.argmax(f1))
    # Halfway to the next margin, so the cut is not glued to one training sentence.
    below = margins[order[best + 1]] if best + 1 < len(order) else margins[order[best]] - 1
    return float((margins[order[best]] + below) / 2), float(f1[best])


def train_scorer(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    extra_texts: Sequence[str] = (),
    extra_labels: Sequence[int] = (),
    extra_weight: float = 2.0,
    calibrate: bool = True,
    seed: int = 0,
) -> TrainedScorer:
    """Fit the ranker on (texts, labels) plus the desk's own decisions (extra_*).

    The desk's kept (1) and dismissed (0) claims count ``extra_weight`` times as much as a
    public sentence: they are in-domain.  The regularisation strength, the Platt slope and
    the 0.5 threshold all come from an inner cross-validation on the training data only,
    whose folds are contiguous stretches of it in the order given: the public sets list a
    debate's or a transcript's sentences together, so each stays on one side of a fold
    (shuffled folds put sentences of one debate on both sides and pick a threshold that
    flatters the model).  ``calibrate=False`` skips that (C=0.3, threshold 0, slope 1): enough when only
    the ranking matters, at a quarter of the cost.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, StratifiedKFold
    from sklearn.svm import LinearSVC

    all_texts = [*texts, *extra_texts]
    y = np.asarray([*labels, *extra_labels], dtype=np.int64)
    if len(texts) != len(labels) or len(extra_texts) != len(extra_labels):
        raise ValueError("texts and labels must have the same length")
    if set(np.unique(y)) != {0, 1}:
        raise ValueError("training needs both check-worthy (1) and other (0) examples")
    weights = np.asarray([1.0] * len(texts) + [extra_weight] * len(extra_texts))
    x = np.asarray(all_texts, dtype=object)

    def fit(c: float, rows: Any, matrix: Any) -> Any:
        svm = LinearSVC(C=c, max_iter=5000, random_state=seed)
        return svm.fit(matrix, y[rows], sample_weight=weights[rows])

    c, slope, threshold, f1 = 0.3, 1.0, 0.0, float("nan")
    folds = min(_INNER_FOLDS, int(np.bincount(y).min())) if calibrate else 0
    if folds >= 2:
        held_out = {cand: np.zeros(len(y)) for cand in _C_GRID}
        splits = list(KFold(n_splits=folds).split(x))
        if any(len(np.unique(y[train])) < 2 for train, _ in splits):
            # One class sits wholly in one stretch (data sorted by label): shuffle then.
            shuffled = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
            splits = list(shuffled.split(x, y))
        for train, test in splits:
            vectoriser = _vectoriser(len(train)).fit(x[train])
            train_matrix, test_matrix = (
                vectoriser.transform(x[train]),
                vectoriser.transform(x[test]),
            )
            for candidate in _C_GRID:
                held_out[candidate][test] = fit(candidate, train, train_matrix).decision_function(
                    test_matrix
                )
        scored = {cand: _best_threshold(m, y) for cand, m in held_out.items()}
        c = max(scored, key=lambda cand: scored[cand][1])
        threshold, f1 = scored[c]
        platt = LogisticRegression().fit(held_out[c].reshape(-1, 1), y)
        slope = max(float(platt.coef_[0][0]), 1e-3)

    from sklearn.pipeline import make_pipeline

    everything = np.arange(len(y))
    vectoriser = _vectoriser(len(y)).fit(x)
    svm = fit(c, everything, vectoriser.transform(x))
    model = make_pipeline(vectoriser, svm)
    info = {"C": c, "inner_f1": f1, "n_texts": len(texts), "n_extra": len(extra_texts)}
    return TrainedScorer(model, slope, threshold, info)


def load_scorer(path: str | os.PathLike[str] | None) -> Scorer:
    """None -> ``default_scorer()``; otherwise a model file written by ``TrainedScorer.save``.

    Raises ValueError naming the file when it is not such a model, is corrupt, or was written
    by an incompatible format version.
    """
    if path is None:
        return default_scorer()
    import joblib

    try:
        # joblib unpickles: only load model files the desk wrote itself.
        payload = joblib.load(path)
    except FileNotFoundError:
        raise ValueError(f"{path}: worthiness model file not found") from None
    except Exception as error:
        raise ValueError(
            f"{path}: not a readable worthiness model (corrupt or not written by "
            f"TrainedScorer.save): {type(error).__name__}: {error}"
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError(f"{path}: not a worthiness model file (no '{FORMAT}' header)")
    if payload.get("version") != FORMAT_VERSION:
        raise ValueError(
            f"{path}: worthiness model format version {payload.get('version')!r}, this code "
            f"reads version {FORMAT_VERSION}; retrain with manage.py train_worthiness"
        )
    return TrainedScorer(payload["model"], payload["slope"], payload["threshold"], payload["info"])
