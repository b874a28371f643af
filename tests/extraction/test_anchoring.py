from __future__ import annotations

from claims.extraction.anchoring import reanchor

OLD = "Intro line here. Police arrested 40 people on Monday. The mayor spoke later."
CLAIM = "Police arrested 40 people on Monday."


def _selector(text: str, claim: str) -> dict:
    start = text.index(claim)
    return {
        "exact": claim,
        "prefix": text[max(0, start - 32) : start],
        "suffix": text[start + len(claim) : start + len(claim) + 32],
        "old_start": start,
    }


def test_an_unchanged_claim_is_found_where_it_moved():
    new = "A new first paragraph was added. " + OLD

    anchor = reanchor(new, **_selector(OLD, CLAIM))

    assert anchor is not None and anchor.method == "exact"
    assert new[anchor.start : anchor.end] == CLAIM


def test_of_two_identical_sentences_the_one_in_the_same_context_wins():
    old = "Alpha beta gamma delta. It rained. Epsilon zeta eta theta. It rained. Iota kappa."
    claim_start = old.index("It rained.", old.index("Epsilon"))
    selector = {
        "exact": "It rained.",
        "prefix": old[claim_start - 32 : claim_start],
        "suffix": old[claim_start + 10 : claim_start + 42],
        "old_start": claim_start,
    }
    new = "Extra. " + old

    anchor = reanchor(new, **selector)

    assert anchor.start == new.index("It rained.", new.index("Epsilon"))


def test_a_reworded_claim_is_found_between_its_old_neighbours():
    new = OLD.replace("arrested 40 people", "detained 42 people")

    anchor = reanchor(new, **_selector(OLD, CLAIM))

    assert anchor is not None and anchor.method == "context"
    assert new[anchor.start : anchor.end] == "Police detained 42 people on Monday."


def test_a_reworded_claim_with_new_neighbours_is_found_by_similarity():
    new = "Totally new intro. Police arrested 41 people on Monday. Different ending now."
    candidates = [(0, 18), (19, 55), (56, len(new))]

    anchor = reanchor(new, **_selector(OLD, CLAIM), candidates=candidates)

    assert anchor is not None and anchor.method == "fuzzy"
    assert new[anchor.start : anchor.end] == "Police arrested 41 people on Monday."


def test_a_claim_that_is_gone_cannot_be_anchored():
    new = "Totally new intro. The weather was fine. Different ending now."
    candidates = [(0, 18), (19, 40), (41, len(new))]

    assert reanchor(new, **_selector(OLD, CLAIM), candidates=candidates) is None
