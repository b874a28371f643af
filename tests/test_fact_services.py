"""Reviewers' edits to facts (claims/services/facts.py) and the review workflow facts
share with claims (claims/services/reviews.py): what each does, and each hostile case
refused with a message a person can act on and nothing written."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import AnonymousUser

from claims.models import Claim, ClaimStatus, Comment, Evidence, Fact, FactOrigin
from claims.services import facts as fact_services
from claims.services import reviews
from claims.services.facts import FactError
from claims.services.reviews import ReviewError, ReviewNotAllowed, StaleClaim, TransitionRefused
from tests.fact_support import (
    at,
    claim_of,
    everything,
    fact,
    fact_put_in,
    fact_step,
    fact_verdict,
    raids,
)
from tests.test_reviews_support import rating

pytestmark = pytest.mark.django_db
S = ClaimStatus
__all__ = ["raids"]  # the fixture


@contextmanager
def refused(error: type[Exception], message: str):
    """The write inside is refused with `error` saying `message`, and nothing changed."""
    before = everything()
    with pytest.raises(error, match=re.escape(message)):
        yield
    assert everything() == before


def last_history(record: Fact):
    return Fact.history.filter(id=record.pk).order_by("-history_date", "-history_id").first()


def add(article, words: str, kind: str, by, **kwargs) -> Fact:
    start = at(article, words)
    claim = next(c for c in article.claims.all() if c.start <= start < c.end)
    return fact_services.fact_add(
        claim_id=claim.pk, start=start, end=start + len(words), kind=kind, by=by, **kwargs
    )


# --- add ------------------------------------------------------------------------------


def test_a_reviewer_adds_a_fact_by_selecting_its_words(raids, reviewer):
    claim = claim_of(raids, 2)
    start = at(raids, "the black vote")

    added = fact_services.fact_add(
        claim_id=claim.pk, start=start, end=start + len("the black vote"), kind="list", by=reviewer
    )

    assert (added.kind, added.text, added.origin) == ("list", "the black vote", FactOrigin.REVIEWER)
    assert raids.text[added.start : added.end] == added.text
    assert (added.status, added.version) == (S.NEW, 1)
    entry = last_history(added)
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        reviewer,
        "added by a reviewer",
    )


def test_a_figure_added_gets_its_value_and_unit_read_from_the_selection(raids, reviewer):
    Fact.objects.filter(text="5 points").delete()

    added = add(raids, "5 points", "figure", reviewer)

    assert (added.fields["value"], added.fields["unit"]) == (5.0, "points")


def test_a_date_added_is_resolved_against_the_articles_publication_date(raids, reviewer):
    Fact.objects.filter(text="Wednesday").delete()

    added = add(raids, "Wednesday", "date", reviewer)

    assert added.fields["resolved"] == "2019-08-07"


def test_the_reviewers_fields_correct_what_the_selection_reads(raids, reviewer):
    Fact.objects.filter(text="5 points").delete()

    added = add(raids, "5 points", "figure", reviewer, fields={"value": "5", "event": "lose"})

    assert (added.fields["value"], added.fields["event"]) == (5.0, "lose")


def test_a_value_written_with_thousands_separators_is_a_number(raids, reviewer):
    Fact.objects.filter(text="680 workers").delete()

    added = add(raids, "680 workers", "figure", reviewer, fields={"value": "1,680"})

    assert added.fields["value"] == 1680.0


def test_spaces_at_the_edges_of_a_selection_are_left_out(raids, reviewer):
    Fact.objects.filter(text="30 managers").delete()
    start = at(raids, "30 managers") - 1  # the space before

    added = fact_services.fact_add(
        claim_id=claim_of(raids, 1).pk,
        start=start,
        end=start + len(" 30 managers "),
        kind="figure",
        by=reviewer,
    )

    assert added.text == "30 managers"


def test_an_attributions_content_is_a_span_of_its_claim_with_its_words(raids, reviewer):
    content = "about 300 workers were released on Wednesday"
    Fact.objects.filter(kind="attribution").delete()
    start = at(raids, content)

    added = add(
        raids,
        "ICE spokesman Bryan Cox confirmed to Breitbart News",
        "attribution",
        reviewer,
        fields={
            "speaker": "Bryan Cox",
            "content_start": start,
            "content_end": start + len(content),
        },
    )

    assert added.fields["speaker"] == "Bryan Cox"
    assert added.fields["content"] == content


def test_facts_of_different_kinds_may_overlap(raids, reviewer):
    # A superlative over the figure "more than 85%".
    added = add(raids, "more than 85% of the black vote", "comparison", reviewer)

    figure = fact(raids, "more than 85%")
    assert added.start == figure.start and added.end > figure.end


def test_positions_follow_reading_order_after_an_add(raids, reviewer):
    add(raids, "Agents", "list", reviewer)

    texts = list(claim_of(raids, 1).facts.order_by("position").values_list("text", flat=True))
    assert texts == ["Agents", "680 workers", "30 managers", "seven plant owners"]


def test_a_selection_outside_its_claim_is_refused(raids, reviewer):
    claim = claim_of(raids, 1)

    with refused(FactError, "reaches outside the claim"):
        fact_services.fact_add(
            claim_id=claim.pk,
            start=claim.start - 5,
            end=claim.start + 6,
            kind="figure",
            by=reviewer,
        )


def test_a_selection_past_the_end_of_its_claim_is_refused(raids, reviewer):
    claim = claim_of(raids, 1)

    with refused(FactError, f"(characters {claim.start} to {claim.end})"):
        fact_services.fact_add(
            claim_id=claim.pk, start=claim.end - 3, end=claim.end + 4, kind="figure", by=reviewer
        )


def test_an_empty_selection_is_refused(raids, reviewer):
    start = at(raids, "Agents")

    with refused(FactError, "The selection is empty: select the words of the fact"):
        fact_services.fact_add(
            claim_id=claim_of(raids, 1).pk, start=start, end=start, kind="figure", by=reviewer
        )


def test_a_selection_backwards_is_refused_as_empty(raids, reviewer):
    start = at(raids, "Agents")

    with refused(FactError, "The selection is empty"):
        fact_services.fact_add(
            claim_id=claim_of(raids, 1).pk, start=start + 6, end=start, kind="list", by=reviewer
        )


def test_a_selection_of_only_spaces_is_refused(raids, reviewer):
    start = at(raids, "Agents", len("Agents"))  # the space after it

    with refused(FactError, "The selection holds only spaces"):
        fact_services.fact_add(
            claim_id=claim_of(raids, 1).pk, start=start, end=start + 1, kind="list", by=reviewer
        )


def test_a_selection_without_numbers_for_its_ends_is_refused(raids, reviewer):
    with refused(FactError, "A selection needs a start and an end character."):
        fact_services.fact_add(
            claim_id=claim_of(raids, 1).pk, start="here", end=None, kind="figure", by=reviewer
        )


def test_a_figure_overlapping_another_figure_is_refused(raids, reviewer):
    existing = fact(raids, "680 workers")

    with refused(FactError, f"This overlaps the figure “680 workers” (fact #{existing.pk})"):
        add(raids, "workers, 30", "figure", reviewer)


def test_the_same_figure_twice_is_refused(raids, reviewer):
    with refused(FactError, "two facts of the same kind cannot share words"):
        add(raids, "680 workers", "figure", reviewer)


def test_an_unknown_kind_is_refused(raids, reviewer):
    with refused(FactError, "“rumour” is not a kind of fact; choose one of: figure"):
        add(raids, "Agents", "rumour", reviewer)


def test_an_unknown_field_is_refused_with_the_kinds_fields(raids, reviewer):
    Fact.objects.filter(text="5 points").delete()

    with refused(FactError, "A figure has no field colour; its fields are: value, unit"):
        add(raids, "5 points", "figure", reviewer, fields={"colour": "red"})


def test_a_figure_value_that_is_no_number_is_refused(raids, reviewer):
    Fact.objects.filter(text="5 points").delete()

    with refused(FactError, "A figure's value must be a number, not “lots”."):
        add(raids, "5 points", "figure", reviewer, fields={"value": "lots"})


def test_a_figure_value_of_true_is_no_number(raids, reviewer):
    Fact.objects.filter(text="5 points").delete()

    with refused(FactError, "A figure's value must be a number, not “True”."):
        add(raids, "5 points", "figure", reviewer, fields={"value": True})


def test_a_date_that_is_no_date_is_refused(raids, reviewer):
    Fact.objects.filter(text="Wednesday").delete()

    with refused(FactError, "“2019-02-30” is not a date; write it as YYYY-MM-DD."):
        add(raids, "Wednesday", "date", reviewer, fields={"resolved": "2019-02-30"})


def test_fields_that_are_not_names_and_values_are_refused(raids, reviewer):
    Fact.objects.filter(text="5 points").delete()

    with refused(FactError, "The fact's fields must be given as names and values."):
        add(raids, "5 points", "figure", reviewer, fields=["value", 5])


def test_an_attributions_content_outside_its_claim_is_refused(raids, reviewer):
    Fact.objects.filter(kind="attribution").delete()
    outside = at(raids, "Agents arrested")

    with refused(FactError, "The content of an attribution must be inside its claim."):
        add(
            raids,
            "Bryan Cox confirmed",
            "attribution",
            reviewer,
            fields={"content_start": outside, "content_end": outside + 15},
        )


def test_an_attributions_content_with_only_one_end_is_refused(raids, reviewer):
    Fact.objects.filter(kind="attribution").delete()

    with refused(FactError, "The content of an attribution needs a start and an end."):
        add(
            raids,
            "Bryan Cox confirmed",
            "attribution",
            reviewer,
            # The sentence gives the content's end; the reviewer clears it.
            fields={"content_start": at(raids, "about 300"), "content_end": None},
        )


def test_someone_without_a_role_cannot_add_facts(raids, outsider):
    Fact.objects.filter(text="5 points").delete()

    with refused(ReviewNotAllowed, "You do not have the role to add facts."):
        add(raids, "5 points", "figure", outsider)


def test_an_anonymous_visitor_cannot_add_facts(raids):
    with refused(ReviewNotAllowed, "You do not have the role to add facts."):
        add(raids, "Agents", "list", AnonymousUser())


def test_facts_of_an_orphaned_claim_cannot_be_added(raids, reviewer):
    claim = claim_of(raids, 1)
    claim.orphaned = True
    claim.save(update_fields=["orphaned"])

    with refused(FactError, "This claim is not in the latest revision of its article"):
        add(raids, "Agents", "list", reviewer)


def test_a_fact_for_a_claim_that_does_not_exist_is_refused(raids, reviewer):
    with refused(Claim.DoesNotExist, "Claim 999999 does not exist."):
        fact_services.fact_add(claim_id=999999, start=0, end=3, kind="figure", by=reviewer)


# --- split ----------------------------------------------------------------------------


def test_a_split_keeps_the_record_for_the_first_part_and_makes_a_second(raids, reviewer):
    glued = fact(raids, "120 cars, 40 trucks")
    reviews.evidence_add(
        fact_id=glued.pk, by=reviewer, stance="supports", url="https://example.org/border"
    )
    glued = fact_verdict(glued, "True", reviewer)

    first, second = fact_services.fact_split(
        fact_id=glued.pk, at=at(raids, " 40 trucks"), by=reviewer, expected_version=glued.version
    )

    assert (first.pk, first.text, second.text) == (glued.pk, "120 cars", "40 trucks")
    assert (first.fields["value"], second.fields["value"]) == (120.0, 40.0)
    assert (first.verdict, first.stale_verdict) == (rating("True"), True)
    assert (second.verdict, second.origin, second.status) == (None, FactOrigin.REVIEWER, S.NEW)
    assert list(Evidence.objects.values_list("fact_id", flat=True)) == [first.pk]
    assert first.version == glued.version + 1
    assert (last_history(first).history_user, last_history(first).history_change_reason) == (
        reviewer,
        "split: “120 cars, 40 trucks”",
    )
    assert (last_history(second).history_user, last_history(second).history_change_reason) == (
        reviewer,
        f"split from fact #{glued.pk}",
    )
    assert raids.text[second.start : second.end] == second.text


def test_a_split_at_the_first_character_is_refused(raids, reviewer):
    glued = fact(raids, "120 cars, 40 trucks")

    with refused(FactError, "That split would leave an empty fact"):
        fact_services.fact_split(
            fact_id=glued.pk, at=glued.start, by=reviewer, expected_version=glued.version
        )


def test_a_split_at_the_last_character_is_refused(raids, reviewer):
    glued = fact(raids, "120 cars, 40 trucks")

    with refused(FactError, "That split would leave an empty fact"):
        fact_services.fact_split(
            fact_id=glued.pk, at=glued.end, by=reviewer, expected_version=glued.version
        )


def test_a_split_outside_the_fact_is_refused(raids, reviewer):
    glued = fact(raids, "120 cars, 40 trucks")

    with refused(FactError, "put the split point between two words inside the fact"):
        fact_services.fact_split(
            fact_id=glued.pk, at=glued.end + 4, by=reviewer, expected_version=glued.version
        )


def test_a_split_point_that_is_no_number_is_refused(raids, reviewer):
    glued = fact(raids, "120 cars, 40 trucks")

    with refused(FactError, "Say where to split: a character inside the fact."):
        fact_services.fact_split(
            fact_id=glued.pk, at="middle", by=reviewer, expected_version=glued.version
        )


def test_splitting_an_approved_fact_is_refused(raids, reviewer, second_reviewer, editor):
    glued = fact_put_in(
        fact(raids, "120 cars, 40 trucks"), S.APPROVED, proposer=second_reviewer, approver=editor
    )

    with refused(TransitionRefused, "A fact that is approved cannot be split"):
        fact_services.fact_split(
            fact_id=glued.pk,
            at=at(raids, " 40 trucks"),
            by=reviewer,
            expected_version=glued.version,
        )


def test_splitting_a_dismissed_fact_says_to_reopen_it(raids, reviewer):
    glued = fact_put_in(
        fact(raids, "120 cars, 40 trucks"), S.DISMISSED, proposer=reviewer, approver=None
    )

    with refused(TransitionRefused, "A fact that is dismissed cannot be split; reopen it first."):
        fact_services.fact_split(
            fact_id=glued.pk, at=at(raids, " 40"), by=reviewer, expected_version=glued.version
        )


# --- merge ----------------------------------------------------------------------------


def test_a_merge_makes_one_fact_over_both_and_moves_evidence_and_comments(
    raids, reviewer, second_reviewer
):
    workers, managers = fact(raids, "680 workers"), fact(raids, "30 managers")
    evidence = reviews.evidence_add(
        fact_id=managers.pk, by=reviewer, stance="refutes", url="https://example.org/managers"
    )
    comment = reviews.comment_add(fact_id=managers.pk, by=second_reviewer, text="Ask ICE.")
    managers = fact_verdict(managers, "False", second_reviewer, "Only 20 managers.")
    workers.refresh_from_db()

    merged = fact_services.fact_merge(
        fact_id=workers.pk,
        other_id=managers.pk,
        by=reviewer,
        expected_version=workers.version,
        other_expected_version=managers.version,
    )

    assert (merged.pk, merged.text) == (workers.pk, "680 workers, 30 managers")
    assert not Fact.objects.filter(pk=managers.pk).exists()
    evidence.refresh_from_db()
    comment.refresh_from_db()
    assert (evidence.fact_id, comment.fact_id) == (merged.pk, merged.pk)
    note = Comment.objects.get(fact=merged, text__startswith="[merge]")
    assert note.author == reviewer
    assert "it had the verdict False: Only 20 managers." in note.text
    # The merged fact had no verdict: nothing of it is stale.
    assert (merged.verdict, merged.stale_verdict) == (None, False)
    assert (last_history(merged).history_user, last_history(merged).history_change_reason) == (
        reviewer,
        f"merged with fact #{managers.pk}",
    )
    gone = last_history(managers)
    assert (gone.history_type, gone.history_user, gone.history_change_reason) == (
        "-",
        reviewer,
        f"merged into fact #{workers.pk}",
    )
    # The verdict merged away no longer counts for the claim.
    assert claim_of(raids, 1).derived_verdict is None


def test_a_merge_flags_the_surviving_verdict_stale(raids, reviewer):
    workers = fact_verdict(fact(raids, "680 workers"), "True", reviewer)
    managers = fact(raids, "30 managers")

    merged = fact_services.fact_merge(
        fact_id=workers.pk,
        other_id=managers.pk,
        by=reviewer,
        expected_version=workers.version,
        other_expected_version=managers.version,
    )

    assert (merged.verdict, merged.stale_verdict) == (rating("True"), True)


def test_merging_facts_of_different_kinds_is_refused(raids, reviewer):
    figure, date = fact(raids, "more than 85%"), fact(raids, "2004")

    with refused(FactError, "Only facts of the same kind merge: a figure and a date or event"):
        fact_services.fact_merge(
            fact_id=figure.pk,
            other_id=date.pk,
            by=reviewer,
            expected_version=figure.version,
            other_expected_version=date.version,
        )


def test_merging_facts_of_different_claims_is_refused(raids, reviewer):
    one, other = fact(raids, "680 workers"), fact(raids, "about 300 workers")

    with refused(FactError, "Only facts of the same claim can be merged."):
        fact_services.fact_merge(
            fact_id=one.pk,
            other_id=other.pk,
            by=reviewer,
            expected_version=one.version,
            other_expected_version=other.version,
        )


def test_merging_a_fact_with_itself_is_refused(raids, reviewer):
    one = fact(raids, "680 workers")

    with refused(FactError, "Choose two different facts to merge."):
        fact_services.fact_merge(
            fact_id=one.pk,
            other_id=one.pk,
            by=reviewer,
            expected_version=one.version,
            other_expected_version=one.version,
        )


def test_a_merge_over_a_third_fact_of_the_kind_is_refused(raids, reviewer):
    first, last = fact(raids, "680 workers"), fact(raids, "seven plant owners")

    with refused(FactError, "This overlaps the figure “30 managers”"):
        fact_services.fact_merge(
            fact_id=first.pk,
            other_id=last.pk,
            by=reviewer,
            expected_version=first.version,
            other_expected_version=last.version,
        )


def test_a_merge_based_on_an_old_version_of_the_other_fact_is_refused(
    raids, reviewer, second_reviewer
):
    workers, managers = fact(raids, "680 workers"), fact(raids, "30 managers")
    seen = managers.version
    fact_verdict(managers, "False", second_reviewer)

    with refused(StaleClaim, "Someone else changed this fact while you were editing it"):
        fact_services.fact_merge(
            fact_id=workers.pk,
            other_id=managers.pk,
            by=reviewer,
            expected_version=workers.version,
            other_expected_version=seen,
        )


def test_merging_into_a_fact_awaiting_approval_is_refused(raids, reviewer, second_reviewer):
    workers = fact_put_in(
        fact(raids, "680 workers"), S.AWAITING_APPROVAL, proposer=second_reviewer, approver=None
    )
    managers = fact(raids, "30 managers")

    with refused(TransitionRefused, "A fact that is awaiting approval cannot be merged"):
        fact_services.fact_merge(
            fact_id=workers.pk,
            other_id=managers.pk,
            by=reviewer,
            expected_version=workers.version,
            other_expected_version=managers.version,
        )


# --- correct --------------------------------------------------------------------------


def test_a_corrected_span_rereads_the_fields_and_flags_the_verdict_stale(raids, reviewer):
    points = fact_verdict(fact(raids, "5 points"), "Mostly true", reviewer)
    start = at(raids, "by 5 points")

    corrected = fact_services.fact_correct(
        fact_id=points.pk,
        by=reviewer,
        expected_version=points.version,
        start=start,
        end=start + len("by 5 points"),
    )

    assert corrected.text == "by 5 points"
    assert corrected.fields["value"] == 5.0
    assert corrected.stale_verdict is True
    assert corrected.version == points.version + 1
    entry = last_history(corrected)
    assert entry.history_user == reviewer
    # (and "statement", when extraction words the new span differently)
    assert entry.history_change_reason.startswith("corrected: span “by 5 points”, fields")


def test_a_corrected_value_keeps_the_verdict_current(raids, reviewer):
    workers = fact_verdict(fact(raids, "680 workers"), "True", reviewer)

    corrected = fact_services.fact_correct(
        fact_id=workers.pk,
        by=reviewer,
        expected_version=workers.version,
        fields={"qualifier": "at least"},
    )

    assert (corrected.fields["value"], corrected.fields["qualifier"]) == (680.0, "at least")
    assert corrected.fields["unit"] == "workers"
    assert corrected.stale_verdict is False
    assert last_history(corrected).history_change_reason == "corrected: fields"


def test_a_corrected_kind_rereads_the_fields_of_the_new_kind(raids, reviewer):
    more = fact(raids, "more than 85%")

    corrected = fact_services.fact_correct(
        fact_id=more.pk, by=reviewer, expected_version=more.version, kind="comparison"
    )

    assert corrected.kind == "comparison"
    assert set(corrected.fields) == {"comparison"}
    assert last_history(corrected).history_change_reason.startswith(
        "corrected: kind comparison, fields"
    )


def test_a_corrected_statement(raids, reviewer):
    workers = fact(raids, "680 workers")

    corrected = fact_services.fact_correct(
        fact_id=workers.pk,
        by=reviewer,
        expected_version=workers.version,
        statement="  680 workers were arrested in the raids ",
    )

    assert corrected.statement == "680 workers were arrested in the raids"
    assert last_history(corrected).history_change_reason == "corrected: statement"


def test_a_correction_that_changes_nothing_is_refused(raids, reviewer):
    workers = fact(raids, "680 workers")

    with refused(FactError, "Nothing to correct: the fact already reads so."):
        fact_services.fact_correct(
            fact_id=workers.pk,
            by=reviewer,
            expected_version=workers.version,
            fields={"value": 680.0},
        )


def test_a_correction_onto_another_figure_is_refused(raids, reviewer):
    workers = fact(raids, "680 workers")

    with refused(FactError, "This overlaps the figure “30 managers”"):
        fact_services.fact_correct(
            fact_id=workers.pk,
            by=reviewer,
            expected_version=workers.version,
            end=at(raids, "30 managers", 2),
        )


def test_a_corrected_span_outside_the_claim_is_refused(raids, reviewer):
    workers = fact(raids, "680 workers")

    with refused(FactError, "reaches outside the claim"):
        fact_services.fact_correct(
            fact_id=workers.pk, by=reviewer, expected_version=workers.version, start=0
        )


def test_a_corrected_field_that_is_unknown_is_refused(raids, reviewer):
    wednesday = fact(raids, "Wednesday")

    with refused(FactError, "A date or event has no field value; its fields are: resolved"):
        fact_services.fact_correct(
            fact_id=wednesday.pk,
            by=reviewer,
            expected_version=wednesday.version,
            fields={"value": 3},
        )


def test_a_corrected_date_that_is_no_date_is_refused(raids, reviewer):
    wednesday = fact(raids, "Wednesday")

    with refused(FactError, "“next week” is not a date; write it as YYYY-MM-DD."):
        fact_services.fact_correct(
            fact_id=wednesday.pk,
            by=reviewer,
            expected_version=wednesday.version,
            fields={"resolved": "next week"},
        )


def test_the_second_of_two_reviewers_editing_a_fact_is_told_what_changed(
    raids, reviewer, second_reviewer
):
    # Both open the fact at the same version; the second reviewer saves first.
    seen = fact(raids, "680 workers")
    fact_services.fact_correct(
        fact_id=seen.pk, by=second_reviewer, expected_version=seen.version, fields={"value": 700}
    )

    before = everything()

    with pytest.raises(StaleClaim) as stale:
        fact_services.fact_correct(
            fact_id=seen.pk, by=reviewer, expected_version=seen.version, kind="comparison"
        )

    assert str(stale.value) == (
        "Someone else changed this fact while you were editing it (you saw version 1, it is "
        "now version 2). Nothing was saved: review their changes and try again."
    )
    [change] = stale.value.changes
    assert (change.who, change.reason) == ("rob", "corrected: fields")
    assert change.fields == (reviews.FieldChange("value", "680.0", "700"),)
    assert isinstance(stale.value.record, Fact) and stale.value.record.version == 2
    assert everything() == before
    assert fact(raids, "680 workers").kind == "figure"


def test_a_stale_edit_lists_a_corrected_span_as_the_words_before_and_after(
    raids, reviewer, second_reviewer
):
    seen = fact(raids, "680 workers")
    start = at(raids, "arrested 680")
    fact_services.fact_correct(
        fact_id=seen.pk, by=second_reviewer, expected_version=seen.version, start=start
    )

    with pytest.raises(StaleClaim) as stale:
        fact_services.fact_delete(fact_id=seen.pk, by=reviewer, expected_version=seen.version)

    [change] = stale.value.changes
    assert reviews.FieldChange("text", "680 workers", "arrested 680 workers") in change.fields


def test_editing_a_fact_deleted_meanwhile_says_it_no_longer_exists(
    raids, reviewer, second_reviewer
):
    seen = fact(raids, "680 workers")
    fact_services.fact_delete(fact_id=seen.pk, by=second_reviewer, expected_version=seen.version)

    with refused(Fact.DoesNotExist, "does not exist"):
        fact_services.fact_correct(
            fact_id=seen.pk, by=reviewer, expected_version=seen.version, fields={"value": 1}
        )


def test_someone_without_a_role_cannot_correct_facts(raids, outsider):
    workers = fact(raids, "680 workers")

    with refused(ReviewNotAllowed, "You do not have the role to correct facts."):
        fact_services.fact_correct(
            fact_id=workers.pk, by=outsider, expected_version=workers.version, fields={"value": 1}
        )


@pytest.mark.parametrize("action", ["split", "merge", "delete", "verdict", "assign", "step"])
def test_someone_without_a_role_cannot_review_facts_at_all(raids, outsider, action):
    glued = fact(raids, "120 cars, 40 trucks")
    workers, managers = fact(raids, "680 workers"), fact(raids, "30 managers")
    calls = {
        "split": lambda: fact_services.fact_split(
            fact_id=glued.pk, at=at(raids, " 40"), by=outsider, expected_version=1
        ),
        "merge": lambda: fact_services.fact_merge(
            fact_id=workers.pk,
            other_id=managers.pk,
            by=outsider,
            expected_version=1,
            other_expected_version=1,
        ),
        "delete": lambda: fact_services.fact_delete(
            fact_id=workers.pk, by=outsider, expected_version=1
        ),
        "verdict": lambda: reviews.fact_verdict_record(
            fact_id=workers.pk, rating=rating(), rationale="x", by=outsider, expected_version=1
        ),
        "assign": lambda: reviews.fact_assign(fact_id=workers.pk, assignee=outsider, by=outsider),
        "step": lambda: reviews.fact_transition(
            fact_id=workers.pk, to_status=S.DISMISSED, by=outsider, expected_version=1
        ),
    }

    with refused(ReviewNotAllowed, "You do not have the role to"):
        calls[action]()


def test_correcting_an_approved_fact_is_refused(raids, reviewer, second_reviewer, editor):
    workers = fact_put_in(
        fact(raids, "680 workers"), S.APPROVED, proposer=second_reviewer, approver=editor
    )

    with refused(TransitionRefused, "A fact that is approved cannot be corrected"):
        fact_services.fact_correct(
            fact_id=workers.pk, by=reviewer, expected_version=workers.version, fields={"value": 1}
        )


def test_correcting_a_published_fact_is_refused(raids, reviewer, second_reviewer, editor):
    workers = fact_put_in(
        fact(raids, "680 workers"), S.PUBLISHED, proposer=second_reviewer, approver=editor
    )

    with refused(TransitionRefused, "an editor can send it back to review first"):
        fact_services.fact_correct(
            fact_id=workers.pk, by=editor, expected_version=workers.version, statement="Other."
        )


def test_facts_of_an_orphaned_claim_cannot_be_corrected(raids, reviewer):
    workers = fact(raids, "680 workers")
    Claim.objects.filter(pk=workers.claim_id).update(orphaned=True)

    with refused(FactError, "This claim is not in the latest revision of its article"):
        fact_services.fact_correct(
            fact_id=workers.pk, by=reviewer, expected_version=workers.version, fields={"value": 1}
        )


@pytest.mark.parametrize("action", ["split", "merge", "delete"])
def test_facts_of_an_orphaned_claim_cannot_be_split_merged_or_deleted(raids, reviewer, action):
    glued = fact(raids, "120 cars, 40 trucks")
    workers, managers = fact(raids, "680 workers"), fact(raids, "30 managers")
    Claim.objects.update(orphaned=True)
    calls = {
        "split": lambda: fact_services.fact_split(
            fact_id=glued.pk, at=at(raids, " 40"), by=reviewer, expected_version=1
        ),
        "merge": lambda: fact_services.fact_merge(
            fact_id=workers.pk,
            other_id=managers.pk,
            by=reviewer,
            expected_version=1,
            other_expected_version=1,
        ),
        "delete": lambda: fact_services.fact_delete(
            fact_id=workers.pk, by=reviewer, expected_version=1
        ),
    }

    with refused(FactError, "This claim is not in the latest revision of its article"):
        calls[action]()


def test_an_orphaned_fact_cannot_be_edited(raids, reviewer):
    # Left on an older revision of its article: its span is not in the claim's text now.
    workers = fact(raids, "680 workers")
    Fact.objects.filter(pk=workers.pk).update(orphaned=True)

    with refused(FactError, "This fact is not in the latest revision of its article"):
        fact_services.fact_correct(
            fact_id=workers.pk, by=reviewer, expected_version=workers.version, fields={"value": 1}
        )


# --- delete ---------------------------------------------------------------------------


def test_a_deleted_facts_evidence_and_comments_move_to_its_claim_with_a_comment(
    raids, reviewer, second_reviewer
):
    workers = fact(raids, "680 workers")
    evidence = reviews.evidence_add(
        fact_id=workers.pk, by=reviewer, stance="supports", url="https://example.org/ice"
    )
    comment = reviews.comment_add(fact_id=workers.pk, by=reviewer, text="ICE's release.")
    workers = fact_verdict(workers, "True", reviewer, "ICE's release says 680.")

    fact_services.fact_delete(
        fact_id=workers.pk, by=second_reviewer, expected_version=workers.version
    )

    assert not Fact.objects.filter(pk=workers.pk).exists()
    evidence.refresh_from_db()
    comment.refresh_from_db()
    assert (evidence.claim_id, evidence.fact_id) == (workers.claim_id, None)
    assert (comment.claim_id, comment.fact_id) == (workers.claim_id, None)
    note = Comment.objects.get(claim_id=workers.claim_id, text__startswith="[fact deleted]")
    assert note.author == second_reviewer
    assert note.text == (
        "[fact deleted] Figure “680 workers” deleted by rob; it had the verdict True: ICE's "
        "release says 680.; its 1 evidence item now stands on the claim."
    )
    entry = last_history(workers)
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "-",
        second_reviewer,
        "deleted",
    )
    assert claim_of(raids, 1).derived_verdict is None


def test_a_dismissed_fact_can_be_deleted(raids, reviewer):
    workers = fact_put_in(fact(raids, "680 workers"), S.DISMISSED, proposer=reviewer, approver=None)

    fact_services.fact_delete(fact_id=workers.pk, by=reviewer, expected_version=workers.version)

    assert not Fact.objects.filter(pk=workers.pk).exists()


def test_deleting_an_approved_fact_is_refused(raids, reviewer, second_reviewer, editor):
    workers = fact_put_in(
        fact(raids, "680 workers"), S.APPROVED, proposer=second_reviewer, approver=editor
    )

    with refused(TransitionRefused, "A fact that is approved cannot be deleted"):
        fact_services.fact_delete(fact_id=workers.pk, by=editor, expected_version=workers.version)


def test_deleting_a_fact_based_on_an_old_version_is_refused(raids, reviewer, second_reviewer):
    seen = fact(raids, "680 workers")
    fact_verdict(seen, "False", second_reviewer)

    with refused(StaleClaim, "you saw version 1, it is now version 2"):
        fact_services.fact_delete(fact_id=seen.pk, by=reviewer, expected_version=seen.version)


# --- the workflow shared with claims ---------------------------------------------------


def test_a_facts_verdict_starts_its_review_and_is_in_its_history(raids, reviewer):
    workers = fact(raids, "680 workers")

    workers = fact_verdict(workers, "Mostly true", reviewer)

    assert (workers.status, workers.assignee, workers.verdict_by) == (
        S.IN_REVIEW,
        reviewer,
        reviewer,
    )
    records = list(Fact.history.filter(id=workers.pk).order_by("history_date", "history_id"))
    # The fact as imported (no author: the import had no requester), then the verdict.
    assert [(r.history_user, r.history_change_reason) for r in records] == [
        (None, "imported"),
        (reviewer, "verdict proposed: Mostly true"),
    ]
    # Only this fact: the claim's own review is untouched.
    claim = claim_of(raids, 1)
    assert (claim.status, claim.verdict, claim.version) == (S.NEW, None, 1)


def test_a_reviewer_verdict_clears_a_stale_flag(raids, reviewer):
    workers = fact(raids, "680 workers")
    Fact.objects.filter(pk=workers.pk).update(stale_verdict=True)

    workers = fact_verdict(workers, "True", reviewer)

    assert workers.stale_verdict is False


def test_a_facts_verdict_needs_a_rationale(raids, reviewer):
    workers = fact(raids, "680 workers")

    with refused(ReviewError, "A verdict needs a rationale."):
        reviews.fact_verdict_record(
            fact_id=workers.pk, rating=rating(), rationale=" ", by=reviewer, expected_version=1
        )


def test_the_verdict_of_an_approved_fact_cannot_change(raids, reviewer, second_reviewer, editor):
    workers = fact_put_in(
        fact(raids, "680 workers"), S.APPROVED, proposer=second_reviewer, approver=editor
    )

    with refused(TransitionRefused, "The verdict of a fact that is approved cannot change"):
        fact_verdict(workers, "True", reviewer)


def test_every_workflow_step_of_a_fact_is_in_its_history_with_author_and_reason(
    raids, reviewer, editor, second_editor
):
    workers = fact(raids, "680 workers")
    workers = reviews.fact_assign(fact_id=workers.pk, assignee=reviewer, by=reviewer)
    workers = fact_verdict(workers, "False", reviewer)
    workers = fact_step(workers, S.AWAITING_APPROVAL, reviewer)
    workers = fact_step(workers, S.IN_REVIEW, editor, comment="Which raid?")
    workers = fact_step(workers, S.AWAITING_APPROVAL, reviewer)
    workers = fact_step(workers, S.APPROVED, editor)
    workers = fact_step(workers, S.PUBLISHED, second_editor)

    records = Fact.history.filter(id=workers.pk).order_by("history_date", "history_id")
    assert [(r.history_user, r.history_change_reason) for r in records][1:] == [
        (reviewer, "assigned to rita"),
        (reviewer, "verdict proposed: False"),
        (reviewer, "submit for approval"),
        (editor, "send back to review: Which raid?"),
        (reviewer, "submit for approval"),
        (editor, "approve"),
        (second_editor, "publish"),
    ]
    assert (workers.status, workers.approved_by, workers.version) == (S.PUBLISHED, editor, 8)
    sent_back = Comment.objects.get(text="[send back to review] Which raid?")
    assert (sent_back.fact_id, sent_back.claim_id, sent_back.author) == (
        workers.pk,
        workers.claim_id,
        editor,
    )


def test_nobody_approves_a_fact_verdict_they_proposed(raids, editor):
    workers = fact_put_in(
        fact(raids, "680 workers"), S.AWAITING_APPROVAL, proposer=editor, approver=None
    )

    with refused(ReviewNotAllowed, "You proposed this verdict; another editor must approve it."):
        fact_step(workers, S.APPROVED, editor)


def test_a_reviewer_cannot_approve_a_fact(raids, reviewer, second_reviewer):
    workers = fact_put_in(
        fact(raids, "680 workers"), S.AWAITING_APPROVAL, proposer=second_reviewer, approver=None
    )

    with refused(ReviewNotAllowed, "You do not have the role to approve."):
        fact_step(workers, S.APPROVED, reviewer)


def test_a_fact_is_submitted_only_with_a_verdict(raids, reviewer):
    workers = reviews.fact_assign(
        fact_id=fact(raids, "680 workers").pk, assignee=reviewer, by=reviewer
    )

    with refused(TransitionRefused, "Propose a verdict with a rationale before submitting."):
        fact_step(workers, S.AWAITING_APPROVAL, reviewer)


def test_sending_a_fact_back_needs_a_comment(raids, reviewer, editor):
    workers = fact_put_in(
        fact(raids, "680 workers"), S.AWAITING_APPROVAL, proposer=reviewer, approver=None
    )

    with refused(ReviewError, "Say why when you send back to review: a comment is required."):
        fact_step(workers, S.IN_REVIEW, editor)


def test_a_step_the_workflow_does_not_have_is_refused_for_a_fact(raids, editor):
    workers = fact(raids, "680 workers")

    with refused(TransitionRefused, "A fact that is new cannot become published."):
        fact_step(workers, S.PUBLISHED, editor)


def test_a_step_named_for_another_state_is_refused_for_a_fact(raids, editor):
    workers = fact(raids, "680 workers")

    with refused(TransitionRefused, "“Send back to review” does not apply to a fact that is new."):
        reviews.fact_transition(
            fact_id=workers.pk,
            to_status=S.IN_REVIEW,
            by=editor,
            expected_version=workers.version,
            comment="Why?",
            step_name="send back to review",
        )


def test_a_reviewer_cannot_take_a_fact_assigned_to_someone_else(raids, reviewer, second_reviewer):
    workers = reviews.fact_assign(
        fact_id=fact(raids, "680 workers").pk, assignee=second_reviewer, by=second_reviewer
    )

    with refused(ReviewNotAllowed, "This fact is assigned to someone else; ask an editor."):
        reviews.fact_assign(fact_id=workers.pk, assignee=reviewer, by=reviewer)


def test_a_stale_fact_verdict_lists_the_verdict_before_and_after(raids, reviewer, second_reviewer):
    seen = fact(raids, "680 workers")
    fact_verdict(seen, "False", second_reviewer)

    with pytest.raises(StaleClaim) as stale:
        reviews.fact_verdict_record(
            fact_id=seen.pk, rating=rating("True"), rationale="x", by=reviewer, expected_version=1
        )

    [change] = stale.value.changes
    assert change.who == "rob"
    assert reviews.FieldChange("verdict", "—", "False") in change.fields
    assert reviews.FieldChange("status", "New", "In review") in change.fields


# --- evidence and comments on a fact ---------------------------------------------------


def test_evidence_for_one_fact_stands_on_its_claim_too(raids, reviewer):
    workers = fact(raids, "680 workers")

    evidence = reviews.evidence_add(
        fact_id=workers.pk, by=reviewer, stance="supports", url="https://example.org/ice"
    )

    assert (evidence.claim_id, evidence.fact_id) == (workers.claim_id, workers.pk)
    assert evidence.history.get().history_user == reviewer
    workers.refresh_from_db()
    assert workers.version == 1  # append-only rows: no lost update to guard


def test_evidence_for_a_closed_fact_is_refused(raids, reviewer, second_reviewer, editor):
    workers = fact_put_in(
        fact(raids, "680 workers"), S.APPROVED, proposer=second_reviewer, approver=editor
    )

    with refused(
        TransitionRefused,
        "Evidence can be added while a fact is new or in review, not when it is approved.",
    ):
        reviews.evidence_add(
            fact_id=workers.pk, by=reviewer, stance="supports", url="https://example.org/ice"
        )


def test_evidence_for_an_open_fact_of_a_closed_claim_is_the_facts_business(
    raids, reviewer, second_reviewer, editor
):
    # The claim's workflow and the fact's are separate: the fact is still in review.
    claim = claim_of(raids, 1)
    claim.status = S.PUBLISHED
    claim.save(update_fields=["status"])
    workers = fact(raids, "680 workers")

    evidence = reviews.evidence_add(
        fact_id=workers.pk, by=reviewer, stance="supports", url="https://example.org/ice"
    )

    assert evidence.fact_id == workers.pk


def test_evidence_for_a_fact_of_another_claim_is_refused(raids, reviewer):
    workers = fact(raids, "680 workers")

    with refused(Fact.DoesNotExist, f"Fact {workers.pk} does not exist on this claim."):
        reviews.evidence_add(
            claim_id=claim_of(raids, 0).pk,
            fact_id=workers.pk,
            by=reviewer,
            stance="supports",
            url="https://example.org/ice",
        )


def test_evidence_of_a_closed_fact_cannot_be_removed(raids, reviewer, second_reviewer, editor):
    workers = fact(raids, "680 workers")
    evidence = reviews.evidence_add(
        fact_id=workers.pk, by=second_reviewer, stance="supports", url="https://example.org/ice"
    )
    fact_put_in(workers, S.APPROVED, proposer=second_reviewer, approver=editor)

    with refused(TransitionRefused, "Evidence can be removed while a fact is new or in review"):
        reviews.evidence_remove(evidence_id=evidence.pk, claim_id=workers.claim_id, by=reviewer)


def test_a_comment_on_a_fact(raids, reviewer):
    workers = fact(raids, "680 workers")

    comment = reviews.comment_add(fact_id=workers.pk, by=reviewer, text="  ICE's figure. ")

    assert (comment.claim_id, comment.fact_id, comment.text) == (
        workers.claim_id,
        workers.pk,
        "ICE's figure.",
    )


def test_an_empty_comment_on_a_fact_is_refused(raids, reviewer):
    with refused(ReviewError, "A comment cannot be empty."):
        reviews.comment_add(fact_id=fact(raids, "680 workers").pk, by=reviewer, text="  ")


def test_a_comment_for_no_claim_and_no_fact_is_refused(raids, reviewer):
    with refused(ReviewError, "Say which claim or fact this is for."):
        reviews.comment_add(by=reviewer, text="Where does this go?")
