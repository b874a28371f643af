"""The claim's verdict derived from its facts (services.reviews.claim_derive_verdict), and
which verdict the claim stands with (Claim.effective_verdict, Claim.verdict_origin).

The rule (docs/facts.md): the worst of its facts' verdicts, lowest value first, ties to
the rating listed first on the scale; a rating off the scale (Unverifiable) only when no
fact has one on it; mixed when two or more different ratings are given; dismissed and
orphaned facts do not count; an editor's verdict on the claim wins.
"""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimStatus, Fact, VerdictOrigin
from claims.services import facts as fact_services
from claims.services import reviews
from tests.fact_support import claim_of, fact, fact_step, fact_verdict, raids
from tests.test_reviews_support import rating

pytestmark = pytest.mark.django_db
S = ClaimStatus
__all__ = ["raids"]  # the fixture
FIGURES = ("680 workers", "30 managers", "seven plant owners")


def judged(article, reviewer, *names: str) -> Claim:
    """The three-figure claim with its figures given `names` as verdicts, in order."""
    for words, name in zip(FIGURES, names, strict=False):
        fact_verdict(fact(article, words), name, reviewer)
    return claim_of(article, 1)


def derived(claim: Claim) -> tuple[str | None, bool]:
    claim.refresh_from_db()
    return (claim.derived_verdict.name if claim.derived_verdict else None, claim.derived_mixed)


def test_a_claim_whose_facts_have_no_verdict_has_no_derived_verdict(raids):
    claim = claim_of(raids, 1)

    assert derived(reviews.claim_derive_verdict(claim_id=claim.pk)) == (None, False)
    assert (claim.effective_verdict, claim.verdict_origin) == (None, "")


def test_one_facts_verdict_is_the_claims(raids, reviewer):
    claim = judged(raids, reviewer, "Mostly true")

    assert derived(claim) == ("Mostly true", False)
    assert claim.effective_verdict == rating("Mostly true")
    assert claim.verdict_origin == VerdictOrigin.FACTS == "facts"


def test_facts_that_agree_are_not_mixed(raids, reviewer):
    claim = judged(raids, reviewer, "True", "True", "True")

    assert derived(claim) == ("True", False)


def test_the_worst_of_the_facts_verdicts_and_mixed_when_they_disagree(raids, reviewer):
    claim = judged(raids, reviewer, "True", "False", "Half true")

    assert derived(claim) == ("False", True)


def test_the_worst_whatever_order_the_verdicts_came_in(raids, reviewer):
    claim = judged(raids, reviewer, "False", "True", "Mostly true")

    assert derived(claim) == ("False", True)


def test_of_two_ratings_of_the_same_value_the_one_listed_first_on_the_scale(raids, reviewer):
    # Mostly false and Misleading are both 2 on the default scale; Mostly false is first.
    assert rating("Mostly false").value == rating("Misleading").value
    assert rating("Mostly false").position < rating("Misleading").position

    claim = judged(raids, reviewer, "Misleading", "Mostly false")

    assert derived(claim) == ("Mostly false", True)


def test_unverifiable_does_not_outrank_a_rating_on_the_scale(raids, reviewer):
    claim = judged(raids, reviewer, "Unverifiable", "True")

    assert derived(claim) == ("True", True)


def test_unverifiable_only_when_no_fact_has_a_rating_on_the_scale(raids, reviewer):
    claim = judged(raids, reviewer, "Unverifiable", "Unverifiable")

    assert derived(claim) == ("Unverifiable", False)


def test_a_proposed_verdict_counts_before_it_is_approved(raids, reviewer):
    claim = judged(raids, reviewer, "False")

    assert fact(raids, "680 workers").status == S.IN_REVIEW
    assert derived(claim) == ("False", False)


def test_a_changed_fact_verdict_moves_the_claims(raids, reviewer):
    claim = judged(raids, reviewer, "False", "True")

    fact_verdict(fact(raids, "680 workers"), "True", reviewer)

    assert derived(claim) == ("True", False)


def test_a_dismissed_fact_does_not_count_and_counts_again_when_reopened(raids, reviewer):
    claim = judged(raids, reviewer, "False", "True")

    workers = fact_step(fact(raids, "680 workers"), S.DISMISSED, reviewer)
    assert derived(claim) == ("True", False)

    fact_step(workers, S.NEW, reviewer)
    assert derived(claim) == ("False", True)


def test_an_orphaned_fact_does_not_count(raids, reviewer):
    claim = judged(raids, reviewer, "False", "True")
    Fact.objects.filter(text="680 workers").update(orphaned=True)

    assert derived(reviews.claim_derive_verdict(claim_id=claim.pk)) == ("True", False)


def test_facts_of_other_claims_do_not_count(raids, reviewer):
    claim = judged(raids, reviewer, "True")
    fact_verdict(fact(raids, "about 300 workers"), "False", reviewer)

    assert derived(claim) == ("True", False)
    assert derived(claim_of(raids, 0)) == ("False", False)


def test_deleting_a_fact_recomputes_the_claims_verdict(raids, reviewer):
    claim = judged(raids, reviewer, "False", "True")
    workers = fact(raids, "680 workers")

    fact_services.fact_delete(fact_id=workers.pk, by=reviewer, expected_version=workers.version)

    assert derived(claim) == ("True", False)


def test_deleting_the_last_judged_fact_leaves_no_derived_verdict(raids, reviewer):
    claim = judged(raids, reviewer, "False")
    workers = fact(raids, "680 workers")

    fact_services.fact_delete(fact_id=workers.pk, by=reviewer, expected_version=workers.version)

    assert derived(claim) == (None, False)
    assert claim.verdict_origin == ""


def test_merging_away_a_judged_fact_recomputes_the_claims_verdict(raids, reviewer):
    claim = judged(raids, reviewer, "True", "False")
    workers, managers = fact(raids, "680 workers"), fact(raids, "30 managers")

    fact_services.fact_merge(
        fact_id=workers.pk,
        other_id=managers.pk,
        by=reviewer,
        expected_version=workers.version,
        other_expected_version=managers.version,
    )

    assert derived(claim) == ("True", False)


def test_an_editors_verdict_on_the_claim_wins_over_its_facts(raids, reviewer, editor):
    claim = judged(raids, reviewer, "False", "True")

    claim = reviews.verdict_record(
        claim_id=claim.pk,
        rating=rating("Half true"),
        rationale="The arrests are right; the managers are not.",
        by=editor,
        expected_version=claim.version,
    )

    claim.refresh_from_db()
    assert claim.effective_verdict == rating("Half true")
    assert claim.verdict_origin == VerdictOrigin.EDITOR == "editor"
    # The derived verdict is still kept, for when the editor's goes.
    assert derived(claim) == ("False", True)


def test_a_fact_verdict_after_the_editors_leaves_the_claim_with_the_editors(
    raids, reviewer, editor
):
    claim = claim_of(raids, 1)
    reviews.verdict_record(
        claim_id=claim.pk,
        rating=rating("True"),
        rationale="All three figures are in the release.",
        by=editor,
        expected_version=claim.version,
    )

    judged(raids, reviewer, "False")

    claim.refresh_from_db()
    assert (claim.effective_verdict, claim.verdict_origin) == (rating("True"), "editor")
    assert claim.derived_verdict == rating("False")


def test_the_derived_verdict_is_no_review_write_of_the_claim(raids, reviewer):
    claim = claim_of(raids, 1)
    entries = Claim.history.filter(id=claim.pk).count()

    judged(raids, reviewer, "False")

    claim.refresh_from_db()
    # The claim's own review (status, verdict, version) is untouched: no stale form.
    assert (claim.status, claim.verdict_id, claim.version) == (S.NEW, None, 1)
    assert Claim.history.filter(id=claim.pk).count() == entries


def test_verdict_origin_of_unsaved_claims():
    assert Claim().verdict_origin == ""
    assert Claim(derived_verdict_id=1).verdict_origin == "facts"
    assert Claim(verdict_id=2, derived_verdict_id=1).verdict_origin == "editor"
