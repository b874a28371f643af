"""Revisions move facts with their claims, and only when they are the same facts.

The articles here are written for these tests (nothing from ../shared).
"""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from claims.extraction.anchoring import (
    DiffOp,
    closest_text,
    facts_follow,
    same_speaker,
    word_diff,
)
from claims.extraction.types import Fact as Found
from claims.importers.types import ArticleDraft
from claims.models import Article, Claim, Comment, Evidence, Fact, Rating
from claims.selectors_revisions import next_revision_claims, orphan_diff
from claims.services import facts as fact_services
from claims.services import reviews
from claims.services.articles import articles_import

pytestmark = pytest.mark.django_db

URL = "https://news.example/ashby-crime"
PUBLISHED = datetime.date(2025, 2, 3)

OPENING = "Ashby opened a new public library on Monday morning. "
CLOSING = " The town council will meet again in March to set the budget."
VIOLENT = "Violent crime in Ashby fell by twelve percent last year, the police chief said."
PROPERTY = "Property crime in Ashby fell by two percent last year, the mayor said."


def _import(text: str, *, url: str = URL) -> Article:
    outcome = articles_import(
        drafts=[
            ArticleDraft(
                text=text,
                title="Crime in Ashby",
                url=url,
                outlet="Ashby Courier",
                published=PUBLISHED,
                item="ashby.txt",
            )
        ]
    )
    assert outcome.imported + outcome.revisions == 1, outcome
    return Article.objects.get(url=url, superseded=False)


def _claim(article: Article, words: str) -> Claim:
    return next(c for c in article.claims.all() if words in c.text)


def _rating(name: str) -> Rating:
    return Rating.objects.get(scale__is_active=True, name=name)


def _verdict(claim: Claim, name: str, by) -> Claim:
    return reviews.verdict_record(
        claim_id=claim.pk,
        rating=_rating(name),
        rationale="Checked against the police annual report.",
        by=by,
        expected_version=claim.version,
    )


def _fact_verdict(fact: Fact, name: str, by) -> Fact:
    return reviews.fact_verdict_record(
        fact_id=fact.pk,
        rating=_rating(name),
        rationale="Checked against the police annual report.",
        by=by,
        expected_version=fact.version,
    )


def _fact(claim: Claim, kind: str) -> Fact:
    return claim.facts.get(kind=kind)


def _spans_hold(claim: Claim) -> None:
    """The span invariants of a claim and of each of its facts."""
    text = claim.article.text
    assert text[claim.start : claim.end] == claim.text
    for fact in claim.facts.all():
        assert text[fact.start : fact.end] == fact.text, fact
        assert claim.start <= fact.start < fact.end <= claim.end, fact
        if fact.kind == "attribution" and fact.fields.get("content_start") is not None:
            start, end = fact.fields["content_start"], fact.fields["content_end"]
            assert claim.start <= start < end <= claim.end
            assert text[start:end] == fact.fields["content"]


# --- the Ashby case of issue 12 ----------------------------------------------------------


def test_ashby_a_replaced_sentence_does_not_take_the_old_verdict(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _verdict(_claim(first, "Violent crime"), "True", reviewer)
    figure = _fact_verdict(_fact(violent, "figure"), "True", reviewer)
    old_facts = {f.pk: (f.kind, f.start, f.end, f.text) for f in violent.facts.all()}
    assert {kind for kind, *_ in old_facts.values()} >= {"figure", "attribution"}

    second = _import(OPENING + PROPERTY + CLOSING)

    violent.refresh_from_db()
    assert violent.article_id == first.pk
    assert (violent.orphaned, violent.stale_verdict) == (True, False)
    assert violent.verdict.name == "True"
    assert violent.text == VIOLENT
    # Its facts stay with it, on the old revision, orphaned, verdicts untouched.
    kept = {f.pk: (f.kind, f.start, f.end, f.text) for f in violent.facts.all()}
    assert kept == old_facts
    assert all(f.orphaned and not f.stale_verdict for f in violent.facts.all())
    figure.refresh_from_db()
    assert (figure.verdict.name, figure.claim_id) == ("True", violent.pk)
    _spans_hold(violent)

    # The new sentence is a fresh claim with fresh facts and no verdict.
    fresh = _claim(second, "Property crime")
    assert fresh.pk != violent.pk and fresh.anchor == ""
    assert fresh.verdict is None and fresh.derived_verdict is None
    assert not fresh.stale_verdict and not fresh.orphaned
    facts = list(fresh.facts.all())
    assert {f.kind for f in facts} >= {"figure", "attribution"}
    assert all(f.verdict_id is None and not f.stale_verdict for f in facts)
    assert not set(f.pk for f in facts) & set(old_facts)
    _spans_hold(fresh)


# --- claims that move, with their facts ---------------------------------------------------

TOP = "A new paragraph about the spring weather was added at the top. "


def test_an_exact_move_shifts_every_fact_by_the_claims_offset(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _claim(first, "Violent crime")
    figure = _fact_verdict(_fact(violent, "figure"), "True", reviewer)
    before = {f.pk: (f.start, f.end, f.text, dict(f.fields)) for f in violent.facts.all()}

    second = _import(TOP + OPENING + VIOLENT + CLOSING)

    violent.refresh_from_db()
    assert (violent.article_id, violent.anchor, violent.orphaned) == (second.pk, "exact", False)
    delta = len(TOP)
    for fact in violent.facts.all():
        start, end, text, fields = before[fact.pk]
        assert (fact.start, fact.end, fact.text) == (start + delta, end + delta, text)
        assert (fact.anchor, fact.orphaned, fact.stale_verdict) == ("exact", False, False)
        if fact.kind == "attribution":
            assert fact.fields["content_start"] == fields["content_start"] + delta
            assert fact.fields["content_end"] == fields["content_end"] + delta
            assert fact.fields["content"] == fields["content"]
    figure.refresh_from_db()
    assert figure.verdict.name == "True"
    violent.refresh_from_db()
    assert violent.derived_verdict.name == "True"
    _spans_hold(violent)
    # No second claim was made of the same sentence.
    assert second.claims.filter(text=VIOLENT).count() == 1


# Around the claim the words changed too, so only the fuzzy match finds it.
FUZZY_OPENING = "Ashby opened its new public library on a sunny Monday. "
FUZZY_CLOSING = " Next March, the town council will meet again to set the budget."
ABOUT = VIOLENT.replace("by twelve percent", "by about twelve percent")


@pytest.mark.parametrize(
    ("opening", "closing", "method"),
    [(OPENING, CLOSING, "context"), (FUZZY_OPENING, FUZZY_CLOSING, "fuzzy")],
)
def test_a_reworded_claim_with_the_same_figure_moves_and_flags_what_changed(
    reviewer, opening, closing, method
):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _verdict(_claim(first, "Violent crime"), "True", reviewer)
    figure = _fact_verdict(_fact(violent, "figure"), "True", reviewer)
    date = _fact_verdict(_fact(violent, "date"), "True", reviewer)

    second = _import(opening + ABOUT + closing)

    violent.refresh_from_db()
    assert (violent.article_id, violent.anchor, violent.text) == (second.pk, method, ABOUT)
    assert violent.verdict.name == "True" and violent.stale_verdict is True
    figure.refresh_from_db()
    # The qualifier changed: the same figure, its verdict kept but to be looked at again.
    assert (figure.claim_id, figure.text, figure.fields["qualifier"]) == (
        violent.pk,
        "about twelve percent",
        "about",
    )
    assert (figure.verdict.name, figure.stale_verdict, figure.anchor) == ("True", True, "fuzzy")
    assert figure.fields["value"] == 12
    date.refresh_from_db()
    assert (date.text, date.stale_verdict, date.anchor) == ("last year", False, "exact")
    said = _fact(violent, "attribution")
    assert (said.text, said.anchor, said.stale_verdict) == ("the police chief said", "exact", False)
    assert said.fields["content"] == ABOUT[: ABOUT.index(", the police")]
    assert violent.derived_verdict.name == "True"
    assert not violent.facts.filter(orphaned=True).exists()
    _spans_hold(violent)
    # Its sentence was not made a second claim.
    assert second.claims.filter(text=ABOUT).count() == 1


def test_an_attribution_whose_content_changed_keeps_its_verdict_flagged_stale(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    said = _fact_verdict(_fact(_claim(first, "Violent crime"), "attribution"), "True", reviewer)

    second = _import(OPENING + ABOUT + CLOSING)

    said.refresh_from_db()
    assert said.claim.article_id == second.pk
    assert (said.text, said.verdict.name, said.stale_verdict) == (
        "the police chief said",
        "True",
        True,
    )
    start, end = said.fields["content_start"], said.fields["content_end"]
    assert second.text[start:end] == said.fields["content"] == ABOUT[: ABOUT.index(", the")]


def test_a_changed_figure_is_another_fact_the_claim_stays_as_an_orphan(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _verdict(_claim(first, "Violent crime"), "False", reviewer)
    figure = _fact_verdict(_fact(violent, "figure"), "False", reviewer)
    changed = VIOLENT.replace("twelve percent", "fifteen percent")

    second = _import(OPENING + changed + CLOSING)

    violent.refresh_from_db()
    figure.refresh_from_db()
    assert (violent.article_id, violent.orphaned, violent.text) == (first.pk, True, VIOLENT)
    assert (violent.verdict.name, violent.stale_verdict) == ("False", False)
    assert (figure.orphaned, figure.verdict.name, figure.text) == (True, "False", "twelve percent")
    fresh = _claim(second, "fifteen percent")
    assert fresh.verdict is None and fresh.anchor == ""
    assert _fact(fresh, "figure").verdict is None
    _spans_hold(violent)
    _spans_hold(fresh)


def test_a_changed_speaker_is_another_fact_the_claim_stays_as_an_orphan(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _verdict(_claim(first, "Violent crime"), "True", reviewer)
    said = _fact_verdict(_fact(violent, "attribution"), "True", reviewer)
    changed = VIOLENT.replace("the police chief said", "the mayor said")

    second = _import(OPENING + changed + CLOSING)

    violent.refresh_from_db()
    said.refresh_from_db()
    assert (violent.article_id, violent.orphaned, violent.verdict.name) == (first.pk, True, "True")
    assert (said.orphaned, said.verdict.name, said.fields["speaker"]) == (
        True,
        "True",
        "the police chief",
    )
    fresh = _claim(second, "the mayor said")
    assert _fact(fresh, "attribution").fields["speaker"] == "the mayor"
    assert fresh.verdict is None


NAMED = VIOLENT.replace("the police chief said", "police chief Bryan Cox said")


def test_a_speakers_name_spelt_another_way_is_the_same_speaker(reviewer):
    first = _import(OPENING + NAMED + CLOSING)
    violent = _claim(first, "Violent crime")
    said = _fact_verdict(_fact(violent, "attribution"), "True", reviewer)

    second = _import(OPENING + NAMED.replace("Bryan", "Brian") + CLOSING)

    said.refresh_from_db()
    violent.refresh_from_db()
    assert (violent.article_id, violent.orphaned) == (second.pk, False)
    assert said.claim_id == violent.pk and said.text == "police chief Brian Cox said"
    # The words changed: the verdict stays, flagged; the speaker is the one reviewed.
    assert (said.verdict.name, said.stale_verdict, said.fields["speaker"]) == (
        "True",
        True,
        "Bryan Cox",
    )
    _spans_hold(violent)


def test_a_date_in_other_words_for_the_same_period_moves(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _claim(first, "Violent crime")
    date = _fact_verdict(_fact(violent, "date"), "True", reviewer)

    second = _import(OPENING + VIOLENT.replace("last year", "in 2024") + CLOSING)

    date.refresh_from_db()
    assert date.claim.article_id == second.pk
    assert (date.text, date.fields["resolved"], date.stale_verdict) == ("2024", "2024-01-01", True)
    _spans_hold(date.claim)


def test_a_fact_new_in_the_reworded_sentence_is_added_without_a_verdict(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _claim(first, "Violent crime")
    kept = set(violent.facts.values_list("pk", flat=True))

    second = _import(OPENING + VIOLENT.replace("said.", "said on Tuesday.") + CLOSING)

    violent.refresh_from_db()
    assert violent.article_id == second.pk
    facts = list(violent.facts.all())
    added = [f for f in facts if f.pk not in kept]
    assert [(f.kind, f.text, f.verdict_id, f.origin) for f in added] == [
        ("date", "Tuesday", None, "extracted")
    ]
    assert kept <= {f.pk for f in facts}
    assert [f.position for f in facts] == list(range(len(facts)))
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    _spans_hold(violent)


def test_a_fact_a_reviewer_deleted_does_not_come_back_with_a_revision(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _claim(first, "Violent crime")
    date = _fact(violent, "date")
    fact_services.fact_delete(fact_id=date.pk, by=reviewer, expected_version=date.version)

    second = _import(OPENING + ABOUT + CLOSING)

    violent.refresh_from_db()
    assert violent.article_id == second.pk
    assert not violent.facts.filter(kind="date").exists()


def test_a_fact_a_reviewer_added_moves_with_its_claim(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _claim(first, "Violent crime")
    words = "fell by twelve percent"
    start = first.text.index(words)
    added = fact_services.fact_add(
        claim_id=violent.pk, start=start, end=start + len(words), kind="comparison", by=reviewer
    )
    added = _fact_verdict(added, "Mostly true", reviewer)

    second = _import(FUZZY_OPENING + VIOLENT.replace("Violent", "Violent street") + FUZZY_CLOSING)

    added.refresh_from_db()
    claim = added.claim
    assert claim.pk == violent.pk and claim.article_id == second.pk
    assert (added.origin, added.text, added.verdict.name) == ("reviewer", words, "Mostly true")
    assert (added.stale_verdict, added.anchor, added.orphaned) == (False, "exact", False)
    assert second.text[added.start : added.end] == words
    _spans_hold(claim)


def test_a_reviewer_added_fact_whose_words_are_gone_keeps_its_claim_as_an_orphan(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _claim(first, "Violent crime")
    words = "fell by twelve percent"
    start = first.text.index(words)
    fact_services.fact_add(
        claim_id=violent.pk, start=start, end=start + len(words), kind="comparison", by=reviewer
    )

    # "dropped" for "fell": the figure and the speaker are the same, the comparison is not.
    _import(OPENING + VIOLENT.replace("fell", "dropped") + CLOSING)

    violent.refresh_from_db()
    assert violent.orphaned and violent.article_id == first.pk
    assert all(f.orphaned for f in violent.facts.all())


def test_history_records_each_moved_and_each_orphaned_fact():
    first = _import(OPENING + VIOLENT + CLOSING + " " + PROPERTY)
    violent, other = _claim(first, "Violent crime"), _claim(first, "Property crime")
    figure, other_figure = _fact(violent, "figure"), _fact(other, "figure")

    second = _import(TOP + OPENING + VIOLENT + CLOSING + " " + PROPERTY.replace("two", "nine"))

    rows = list(Fact.history.filter(id=figure.pk).order_by("history_date", "history_id"))
    assert [r.history_change_reason for r in rows] == [
        "imported",
        "moved to revision 2 with its claim (exact)",
    ]
    assert (rows[0].start, rows[1].start) == (figure.start, figure.start + len(TOP))
    assert rows[1].claim_id == violent.pk
    orphan_rows = list(Fact.history.filter(id=other_figure.pk).order_by("history_id"))
    assert orphan_rows[0].history_change_reason == "imported"
    assert orphan_rows[-1].history_change_reason.startswith("orphaned by revision 2: its figure")
    assert orphan_rows[-1].orphaned is True
    claim_rows = list(Claim.history.filter(id=violent.pk).order_by("history_id"))
    assert [r.history_change_reason for r in claim_rows] == [
        "imported",
        "moved to revision 2 (exact)",
    ]
    assert (claim_rows[0].article_id, claim_rows[1].article_id) == (first.pk, second.pk)


def test_a_revision_deletes_nothing(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING + " " + NAMED)
    violent = _verdict(_claim(first, "the police chief said"), "True", reviewer)
    named = _claim(first, "Bryan Cox")
    figure = _fact(violent, "figure")
    reviews.evidence_add(
        fact_id=figure.pk, by=reviewer, stance="supports", title="Ashby police annual report"
    )
    reviews.comment_add(fact_id=figure.pk, by=reviewer, text="Report page 4.")
    reviews.comment_add(claim_id=named.pk, by=reviewer, text="Ask the chief's office.")
    claims_before = set(Claim.objects.values_list("pk", flat=True))
    facts_before = set(Fact.objects.values_list("pk", flat=True))
    evidence_before = list(Evidence.objects.values_list("pk", "claim_id", "fact_id"))
    comments_before = list(Comment.objects.values_list("pk", "claim_id", "fact_id"))

    # One claim replaced (orphaned), one moved exactly, new sentences added.
    _import(TOP + OPENING + PROPERTY + CLOSING + " " + NAMED)

    assert claims_before <= set(Claim.objects.values_list("pk", flat=True))
    assert facts_before <= set(Fact.objects.values_list("pk", flat=True))
    assert list(Evidence.objects.values_list("pk", "claim_id", "fact_id")) == evidence_before
    assert list(Comment.objects.values_list("pk", "claim_id", "fact_id")) == comments_before
    assert not Fact.history.filter(history_type="-").exists()
    assert not Claim.history.filter(history_type="-").exists()
    assert Article.objects.count() == 2


def test_two_old_claims_never_share_one_new_sentence():
    twice = OPENING + VIOLENT + CLOSING + " " + VIOLENT.replace(".", " again.")
    first = _import(twice)
    olds = sorted(first.claims.filter(text__startswith="Violent"), key=lambda c: c.start)
    assert len(olds) == 2

    second = _import(OPENING + VIOLENT + CLOSING)

    moved = [c for c in Claim.objects.filter(pk__in=[c.pk for c in olds]) if not c.orphaned]
    assert [c.pk for c in moved] == [olds[0].pk]
    assert second.claims.filter(start=moved[0].start).count() == 1
    _spans_hold(moved[0])


@pytest.mark.parametrize(
    ("reworded", "moves"),
    [
        (VIOLENT.replace("Violent", "Violent street"), True),
        (VIOLENT.replace("twelve percent", "fifteen percent"), False),
    ],
)
def test_a_figure_without_a_value_is_found_by_its_words_only(reviewer, reworded, moves):
    first = _import(OPENING + VIOLENT + CLOSING)
    figure = _fact(_claim(first, "Violent crime"), "figure")
    # A reviewer cleared the value: only the words identify the figure now.
    fact_services.fact_correct(
        fact_id=figure.pk, by=reviewer, expected_version=figure.version, fields={"value": None}
    )

    second = _import(OPENING + reworded + CLOSING)

    figure.refresh_from_db()
    assert figure.fields["value"] is None
    assert figure.orphaned is not moves
    assert figure.claim.article_id == (second.pk if moves else first.pk)
    assert figure.text == "twelve percent"
    _spans_hold(figure.claim)


def test_a_review_form_opened_before_the_move_is_refused_with_the_move_listed(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    figure = _fact(_claim(first, "Violent crime"), "figure")
    seen = figure.version

    _import(OPENING + ABOUT + CLOSING)

    with pytest.raises(reviews.StaleClaim) as refused:
        reviews.fact_verdict_record(
            fact_id=figure.pk,
            rating=_rating("True"),
            rationale="Read on the old text.",
            by=reviewer,
            expected_version=seen,
        )
    assert [c.reason for c in refused.value.changes] == [
        "moved to revision 2 with its claim (fuzzy)"
    ]
    figure.refresh_from_db()
    assert figure.verdict is None


# --- the rule, on its own (pure) -----------------------------------------------------------


def _found(text: str, words: str, kind: str, **fields) -> Found:
    start = text.index(words)
    return Found(kind, start, start + len(words), words, words, fields)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Bryan Cox", "Brian Cox", True),
        ("ICE spokesman Bryan Cox", "Cox", True),
        ("Bryan Cox", "Bryan Fox", False),
        ("the police chief", "The police chief", True),
        ("the police chief", "the mayor", False),
        ("the police chief", "police chief Dana Ruiz", False),
        (None, "the mayor", False),
    ],
)
def test_same_speaker(a, b, same):
    assert same_speaker(a, b) is same


def test_facts_follow_takes_the_figure_of_the_same_value_unit_and_event_at_its_place():
    old_text = "Police arrested 40 people and 40 people were released."
    new_text = "Police arrested 40 people and about 40 people were later released."
    old = [
        _found(old_text, "40 people", "figure", value=40, unit="people", event="arrest"),
        Found(
            "figure",
            old_text.index("40 people were"),
            old_text.index("40 people were") + 9,
            "40 people",
            "",
            {"value": 40, "unit": "people", "event": "release", "qualifier": None},
        ),
    ]
    second = new_text.index("about 40")
    found = [
        _found(new_text, "40 people", "figure", value=40, unit="people", event="arrest"),
        Found(
            "figure",
            second,
            second + len("about 40 people"),
            "about 40 people",
            "about 40 people released",
            {"value": 40, "unit": "people", "event": "release", "qualifier": "about"},
        ),
    ]

    follow = facts_follow(
        new_text,
        old_claim=(0, len(old_text)),
        new_span=(0, len(new_text)),
        old_facts=old,
        found=found,
    )

    assert follow.placements is not None
    first, released = follow.placements
    assert (first.text, first.changed) == ("40 people", False)
    assert (released.text, released.changed, released.fields["qualifier"]) == (
        "about 40 people",
        True,
        "about",
    )
    assert released.statement == "about 40 people released"


def test_facts_follow_refuses_when_extraction_reads_another_figure_in_the_same_words():
    old_text = "Police arrested 40 people on Monday."
    new_text = "Police released 40 people on Monday."
    old = [_found(old_text, "40 people", "figure", value=40, unit="people", event="arrest")]
    found = [_found(new_text, "40 people", "figure", value=40, unit="people", event="release")]

    follow = facts_follow(
        new_text,
        old_claim=(0, len(old_text)),
        new_span=(0, len(new_text)),
        old_facts=old,
        found=found,
    )

    assert follow.placements is None and follow.missing is old[0]


def test_facts_follow_finds_a_list_by_its_items_and_lists_fresh_facts():
    old_text = "Burglaries, assaults and thefts fell."
    new_text = "Burglaries, assaults and thefts all fell on Tuesday."
    items = ["Burglaries", "assaults", "thefts"]
    old = [_found(old_text, "Burglaries, assaults and thefts", "list", items=items)]
    found = [
        _found(new_text, "Burglaries, assaults and thefts", "list", items=items),
        _found(new_text, "Tuesday", "date", resolved="2025-01-28"),
    ]

    follow = facts_follow(
        new_text,
        old_claim=(0, len(old_text)),
        new_span=(0, len(new_text)),
        old_facts=old,
        found=found,
    )

    assert follow.placements is not None and follow.placements[0].changed is False
    assert follow.fresh == (1,)


def test_facts_follow_ignores_facts_found_outside_the_new_span():
    new_text = "Crime fell 12 percent. Crime fell 15 percent."
    old_text = "Crime fell 12 percent."
    old = [_found(old_text, "12 percent", "figure", value=12, unit="%", event=None)]
    found = [_found(new_text, "15 percent", "figure", value=12, unit="%", event=None)]

    follow = facts_follow(
        new_text, old_claim=(0, len(old_text)), new_span=(0, 22), old_facts=old, found=found
    )

    # Only the words "12 percent" inside the span are left, and nothing contradicts them.
    assert follow.placements is not None and follow.placements[0].start == 11
    assert follow.fresh == ()


def test_word_diff_spells_both_sentences_and_marks_the_changed_words():
    old, new = VIOLENT, PROPERTY

    ops = word_diff(old, new)

    assert "".join(o.text for o in ops if o.op != "insert") == old
    assert "".join(o.text for o in ops if o.op != "delete") == new
    assert [o.text.strip() for o in ops if o.op == "delete"] == [
        "Violent",
        "twelve",
        "police chief",
    ]
    assert [o.text.strip() for o in ops if o.op == "insert"] == ["Property", "two", "mayor"]
    assert word_diff("Same words.", "Same words.") == [DiffOp("equal", "Same words.")]


def test_closest_text_compares_only_the_nearest_candidates():
    candidates = [(0, "Nothing alike here at all."), (500, VIOLENT)]

    assert closest_text(VIOLENT, candidates, near=0) == (1, 1.0)
    # With room for one comparison, only the candidate nearest the old place is read.
    index, ratio = closest_text(VIOLENT, candidates, near=0, limit=1)
    assert index == 0 and ratio < 0.5
    assert closest_text(VIOLENT, []) is None


# --- showing an orphan ---------------------------------------------------------------------


@pytest.fixture
def ashby(reviewer):
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _verdict(_claim(first, "Violent crime"), "True", reviewer)
    second = _import(OPENING + PROPERTY + CLOSING)
    violent.refresh_from_db()
    return violent, second


def test_the_orphans_diff_is_against_the_closest_sentence_of_the_next_revision(ashby):
    violent, second = ashby

    diff = orphan_diff(claim=violent)

    fresh = _claim(second, "Property crime")
    assert (diff.article_id, diff.revision, diff.closest_id) == (second.pk, 2, fresh.pk)
    assert diff.closest_text == PROPERTY and 0.5 < diff.similarity < 1
    assert [o.text.strip() for o in diff.ops if o.op == "delete"] == [
        "Violent",
        "twelve",
        "police chief",
    ]
    assert [o.text.strip() for o in diff.ops if o.op == "insert"] == ["Property", "two", "mayor"]


def test_an_orphaned_fact_is_shown_against_the_fact_of_its_kind_there(ashby):
    violent, _ = ashby
    figure = _fact(violent, "figure")

    diff = orphan_diff(claim=violent, fact=figure)

    assert (diff.fact_text, diff.fact_closest_text) == ("twelve percent", "two percent")
    assert [(o.op, o.text) for o in diff.fact_ops] == [
        ("delete", "twelve "),
        ("insert", "two "),
        ("equal", "percent"),
    ]


def test_a_claim_that_moved_has_no_orphan_diff():
    first = _import(OPENING + VIOLENT + CLOSING)
    violent = _claim(first, "Violent crime")
    _import(TOP + OPENING + VIOLENT + CLOSING)
    violent.refresh_from_db()

    assert orphan_diff(claim=violent) is None


def test_an_orphan_whose_next_revision_has_no_claims_says_so():
    old = Article.objects.create(text=VIOLENT, content_hash="a" * 64, url=URL, superseded=True)
    claim = Claim.objects.create(
        article=old, position=0, start=0, end=len(VIOLENT), text=VIOLENT, orphaned=True
    )
    Article.objects.create(text="—", content_hash="b" * 64, url=URL, revision_of=old, revision=2)

    diff = orphan_diff(claim=claim)

    assert diff.closest_id is None and diff.revision == 2
    html = render_to_string("claims/_orphan_diff.html", {"claim": claim})
    assert "has no claims to compare it with" in html
    assert next_revision_claims(article_id=claim.article_id).claims == ()


def test_the_include_strikes_removed_words_and_marks_added_ones(ashby, django_assert_num_queries):
    violent, second = ashby
    fresh = _claim(second, "Property crime")

    with django_assert_num_queries(1):
        html = render_to_string("claims/_orphan_diff.html", {"claim": violent})

    assert f'id="orphan-diff-{violent.pk}"' in html
    assert '<del><span class="visually-hidden">[removed: </span>Violent </del>' in html.replace(
        '<span class="visually-hidden">]</span>', ""
    )
    assert '<ins><span class="visually-hidden">[added: </span>mayor </ins>' in html.replace(
        '<span class="visually-hidden">]</span>', ""
    )
    assert f'href="{reverse("claims:claim", args=[fresh.pk])}"' in html
    assert "revision 2" in html
    # Nothing for a claim that is not an orphan.
    assert render_to_string("claims/_orphan_diff.html", {"claim": fresh}).strip() == ""


def test_the_reader_and_review_page_show_the_orphans_diff(ashby, client, reviewer):
    violent, _ = ashby
    client.force_login(reviewer)

    reader = client.get(reverse("claims:article", args=[violent.article_id]))
    review = client.get(reverse("claims:claim", args=[violent.pk]))

    for page in (reader, review):
        assert page.status_code == 200
        body = page.content.decode()
        assert f'id="orphan-diff-{violent.pk}"' in body
        assert "[removed: </span>twelve" in body and "[added: </span>two" in body


def test_the_include_shows_an_orphaned_fact_against_the_fact_of_its_kind(ashby):
    violent, _ = ashby
    figure = _fact(violent, "figure")

    html = render_to_string("claims/_orphan_diff.html", {"claim": violent, "fact": figure})

    assert f'id="orphan-diff-fact-{figure.pk}"' in html
    assert "This figure is not in" in html
    fact_part = html[html.index('class="diff fact-diff"') :]
    assert "[removed: </span>twelve " in fact_part and "[added: </span>two " in fact_part
