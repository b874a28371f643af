"""Check-worthiness scorers: the default feature scorer and the trainable ranker."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.extraction.worthiness import (
    FEATURE_NAMES,
    Scorer,
    default_scorer,
    feature_matrix,
    load_scorer,
    train_scorer,
)

FACT = "Unemployment fell to 3.5 percent in 2019, the lowest in 50 years."
THANKS = "Thank you all for coming tonight."
HOPE = "I think we will do great things."


def _tiny_dataset() -> tuple[list[str], list[int]]:
    """Forty sentences: measurable statements (1) against opinions and pleasantries (0)."""
    subjects = ["The deficit", "Crime", "Unemployment", "The budget", "Wages"]
    facts = [
        f"{subject} {verb} by {n} percent in {year}."
        for subject, verb, n, year in zip(
            subjects * 4,
            ["rose", "fell", "grew", "dropped"] * 5,
            range(3, 23),
            range(1995, 2015),
            strict=False,
        )
    ]
    opinions = [
        f"{opener} {thing}."
        for opener, thing in zip(
            ["I think", "We need to", "I believe", "You know, we should", "Thank you for"] * 4,
            ["be together", "move forward", "listen", "hope", "care more"] * 4,
            strict=False,
        )
    ]
    return facts + opinions, [1] * len(facts) + [0] * len(opinions)


def test_the_default_scorer_ranks_a_statistic_above_thanks_and_hopes() -> None:
    fact, thanks, hope = default_scorer().score([FACT, THANKS, HOPE])
    assert fact > thanks
    assert fact > hope


def test_the_default_threshold_separates_a_statistic_from_pleasantries() -> None:
    fact, thanks, hope = default_scorer().score([FACT, THANKS, HOPE])
    assert fact >= 0.5
    assert thanks < 0.5
    assert hope < 0.5


def test_default_scores_are_between_zero_and_one_even_for_odd_input() -> None:
    texts = [FACT, THANKS, "", "?", "1 2 3 4 5 6 7 8 9 " * 50, "Thank you. " * 40, "é ß 中文"]
    scores = default_scorer().score(texts)
    assert len(scores) == len(texts)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_scoring_the_empty_list_gives_the_empty_list() -> None:
    assert default_scorer().score([]) == []


def test_the_default_scorer_satisfies_the_scorer_protocol() -> None:
    assert isinstance(default_scorer(), Scorer)


def test_load_scorer_without_a_path_gives_the_default_scorer() -> None:
    assert load_scorer(None) is default_scorer()


def test_the_feature_matrix_has_one_named_column_per_feature() -> None:
    (row,) = feature_matrix([FACT])
    assert len(row) == len(FEATURE_NAMES)
    fired = {name for name, value in zip(FEATURE_NAMES, row, strict=True) if value}
    assert {"number", "percent", "year", "compare", "superlative"} <= fired
    assert "opinion" not in fired


def test_a_question_scores_lower_than_the_same_words_as_a_statement() -> None:
    statement, question = default_scorer().score(
        ["The deficit doubled since 2008.", "Has the deficit doubled since 2008?"]
    )
    assert question < statement


def test_a_trained_scorer_learns_the_separation_of_a_tiny_dataset() -> None:
    texts, labels = _tiny_dataset()
    scorer = train_scorer(texts, labels)
    unseen = scorer.score(["Prices rose by 12 percent in 2003.", "I believe we should listen."])
    assert unseen[0] > unseen[1]
    assert all(0.0 <= s <= 1.0 for s in unseen)
    assert scorer.score([]) == []


def test_a_trained_scorer_round_trips_through_save_and_load(tmp_path: Path) -> None:
    texts, labels = _tiny_dataset()
    scorer = train_scorer(texts, labels, extra_texts=[FACT, THANKS], extra_labels=[1, 0])
    path = tmp_path / "worthiness.joblib"
    scorer.save(path)
    loaded = load_scorer(path)
    probe = [FACT, THANKS, HOPE, "Crime fell in 2012."]
    assert loaded.score(probe) == scorer.score(probe)


def test_training_with_a_single_class_is_refused() -> None:
    with pytest.raises(ValueError, match="both"):
        train_scorer(["a fact", "another fact"], [1, 1])


def test_training_with_mismatched_lengths_is_refused() -> None:
    with pytest.raises(ValueError, match="same length"):
        train_scorer(["one", "two"], [1])


def test_loading_a_corrupt_model_file_raises_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.joblib"
    path.write_bytes(b"this is not a model")
    with pytest.raises(ValueError, match="not a readable worthiness model"):
        load_scorer(path)


def test_loading_a_joblib_file_of_something_else_is_refused(tmp_path: Path) -> None:
    import joblib

    path = tmp_path / "other.joblib"
    joblib.dump({"weights": [1, 2, 3]}, path)
    with pytest.raises(ValueError, match="not a worthiness model"):
        load_scorer(path)


def test_loading_a_model_of_another_format_version_is_refused(tmp_path: Path) -> None:
    import joblib

    from claims.extraction.worthiness import FORMAT

    path = tmp_path / "future.joblib"
    joblib.dump({"format": FORMAT, "version": 999}, path)
    with pytest.raises(ValueError, match="version"):
        load_scorer(path)


def test_loading_a_missing_model_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.joblib"
    with pytest.raises(ValueError, match=r"absent\.joblib"):
        load_scorer(path)


def _debates() -> tuple[list[str], list[int]]:
    """Three debates, one after the other; in each, what is check-worthy is told apart only
    by that debate's own made-up words (no other debate uses them, nor their letters)."""
    letters = iter(["bcdfg", "hjklm", "npqrs"])
    texts: list[str] = []
    labels: list[int] = []
    for alphabet in letters:
        worthy, other = alphabet[:2], alphabet[2:]
        for n in range(20):
            texts.append(" ".join(worthy[(n + k) % 2] * 6 for k in range(3)) + ".")
            labels.append(1)
            texts.append(" ".join(other[(n + k) % 3] * 6 for k in range(3)) + ".")
            labels.append(0)
    return texts, labels


def test_the_inner_folds_keep_each_debate_on_one_side() -> None:
    # Shuffled folds would see each debate's words on both sides and rate the model near
    # perfect (inner F1 1.0); with a debate held out whole, its words are new to the model.
    texts, labels = _debates()
    scorer = train_scorer(texts, labels)
    assert scorer.info["inner_f1"] < 0.9


def test_data_sorted_by_label_still_trains() -> None:
    # Contiguous folds would leave a class out of a fold's training part: shuffled then.
    texts, labels = _tiny_dataset()
    ordered = sorted(zip(texts, labels, strict=True), key=lambda pair: pair[1])
    scorer = train_scorer([t for t, _ in ordered], [y for _, y in ordered])
    unseen = scorer.score(["Prices rose by 12 percent in 2003.", "I believe we should listen."])
    assert unseen[0] > unseen[1]
