"""Facts on the workbench through Django's test client: the claim's review page shows its
facts and where its verdict comes from; each fact's page reviews it (assign, verdict,
workflow, evidence, comments, history); facts are added, split, merged, corrected and
deleted through the pages' forms. Every refusal is a readable message with nothing
saved; a save based on an old version lists what changed; readers and outsiders write
nothing; the review page's queries do not grow with its facts."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article, Claim, ClaimStatus, Comment, Evidence, Fact
from claims.services import facts as fact_services
from claims.services import reviews
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import person, rating

pytestmark = pytest.mark.django_db

SENTENCE = (
    "Mayor Ana Ruiz told the Daily Planet that the city spent 4 million dollars on 12 bridges."
)
XSS = "<script>window.pwned=1</script>"


def stored_claim(
    sentence: str = SENTENCE, *, before: str = "Intro here. ", after: str = " The end."
) -> Claim:
    """An article holding `sentence` as its one claim, stored as an import stores it."""
    text = before + sentence + after
    article = Article.objects.create(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title="Bridges",
        outlet="Daily Planet",
    )
    start = len(before)
    return Claim.objects.create(
        article=article, position=0, start=start, end=start + len(sentence), text=sentence
    )


def span(claim: Claim, words: str) -> tuple[int, int]:
    start = claim.article.text.index(words, claim.start)
    return start, start + len(words)


def add(claim: Claim, words: str, kind: str, by) -> Fact:
    start, end = span(claim, words)
    return fact_services.fact_add(claim_id=claim.pk, start=start, end=end, kind=kind, by=by)


@pytest.fixture
def two_facts(reviewer):
    claim = stored_claim()
    cox = add(claim, "Mayor Ana Ruiz told the Daily Planet", "attribution", reviewer)
    money = add(claim, "4 million dollars", "figure", reviewer)
    return claim, cox, money


@pytest.fixture
def as_reviewer(client: Client, reviewer) -> Client:
    client.force_login(reviewer)
    return client


@pytest.fixture
def reader(db):
    """Someone who may read the workbench and nothing else."""
    user = person("rea")
    user.user_permissions.add(Permission.objects.get(codename="view_claim"))
    return user


def page_of(client: Client, claim: Claim) -> str:
    response = client.get(reverse("claims:claim", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


def fact_page(client: Client, fact: Fact) -> str:
    response = client.get(reverse("claims:fact-review", args=[fact.pk]))
    assert response.status_code == 200
    return response.content.decode()


def claim_text_div(page: str) -> str:
    start = page.index('<div id="claim-text"')
    return page[start : page.index("</div>", start) + len("</div>")]


def verdict_for(fact: Fact, name: str, by) -> Fact:
    fact.refresh_from_db()
    return reviews.fact_verdict_record(
        fact_id=fact.pk,
        rating=rating(name),
        rationale=f"Checked: {name}.",
        by=by,
        expected_version=fact.version,
    )


# --- The claim's page shows its facts ---------------------------------------------------


def test_the_claim_page_marks_each_fact_in_the_claim_text_and_lists_it(as_reviewer, two_facts):
    claim, cox, money = two_facts

    page = page_of(as_reviewer, claim)

    text = claim_text_div(page)
    assert f'data-start="{claim.start}" data-end="{claim.end}"' in text
    assert f'<mark class="fact fk-attribution fs-new" data-fact-id="{cox.pk}"' in text
    assert f'data-fact-id="{money.pk}" title="Figure · New">4 million dollars</mark>' in text
    # Nothing but the claim's words is text in it: the script counts characters there.
    assert re.sub(r"<[^>]+>", "", text) == claim.text
    row = page[page.index(f'id="fact-{money.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Figure" in row and "“4 million dollars”" in row and "characters" in row
    assert money.statement in row and "New" in row
    assert f'href="/workbench/facts/{money.pk}/"' in row
    assert "No verdict yet: none set by a reviewer, and none of its facts has one." in page


def test_the_claim_verdict_derived_from_two_disagreeing_facts_says_so(
    as_reviewer, two_facts, reviewer
):
    claim, cox, money = two_facts
    verdict_for(money, "True", reviewer)
    verdict_for(cox, "False", reviewer)

    page = page_of(as_reviewer, claim)

    assert (
        '<strong class="verdict-name">Mixed: worst False</strong> — <span class="verdict-origin '
        'origin-facts">derived from its facts (worst of 2; mixed when they disagree)</span>'
    ) in page
    assert "No verdict set on the claim itself: it stands with the one its facts give." in page
    row = page[page.index(f'id="fact-{money.pk}"') :]
    assert "<strong>True</strong>" in row[: row.index("</tr>")]


def test_an_editors_verdict_on_the_claim_is_shown_as_set_by_a_reviewer(
    as_reviewer, two_facts, reviewer
):
    claim, _, money = two_facts
    verdict_for(money, "True", reviewer)
    reviews.claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)
    reviews.verdict_record(
        claim_id=claim.pk,
        rating=rating("Mostly false"),
        rationale="r",
        by=reviewer,
        expected_version=2,
    )

    page = page_of(as_reviewer, claim)

    assert '<strong class="verdict-name">Mostly false</strong>' in page
    assert "set by a reviewer (its facts alone would give True)" in page


def test_stale_and_orphaned_facts_are_flagged_in_the_list(as_reviewer, two_facts):
    claim, cox, money = two_facts
    Fact.objects.filter(pk=money.pk).update(stale_verdict=True)
    Fact.objects.filter(pk=cox.pk).update(orphaned=True)

    page = page_of(as_reviewer, claim)

    money_row = page[page.index(f'id="fact-{money.pk}"') :]
    cox_row = page[page.index(f'id="fact-{cox.pk}"') :]
    assert "stale verdict</span>" in money_row[: money_row.index("</tr>")]
    assert "orphan</span>" in cox_row[: cox_row.index("</tr>")]
    # An orphan's words are an older revision's: no edits offered for it.
    assert f'action="/workbench/facts/{cox.pk}/split/"' not in page
    assert f'action="/workbench/facts/{money.pk}/split/"' in page


def test_fact_evidence_and_comments_stay_off_the_claims_own_lists(as_reviewer, two_facts, reviewer):
    claim, _, money = two_facts
    reviews.evidence_add(fact_id=money.pk, by=reviewer, stance="supports", title="Budget book")
    reviews.comment_add(fact_id=money.pk, by=reviewer, text="About the money")

    page = page_of(as_reviewer, claim)

    assert "<h2>Evidence (0)</h2>" in page and "<h2>Comments (0)</h2>" in page
    row = page[page.index(f'id="fact-{money.pk}"') :]
    assert '<td class="num">1<div class="meta">1 comment</div></td>' in row[: row.index("</tr>")]
    assert "Budget book" in fact_page(as_reviewer, money)


def test_imported_words_are_escaped_in_the_marks_and_the_page_data(as_reviewer, reviewer):
    claim = stored_claim(f"The mayor said {XSS} that 45 people were hired.")
    add(claim, "45 people", "figure", reviewer)
    add(claim, XSS, "list", reviewer)

    for page in (page_of(as_reviewer, claim), fact_page(as_reviewer, claim.facts.last())):
        assert "<script>window.pwned" not in page
        assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page


# --- A fact's own review -----------------------------------------------------------------


def test_a_reviewer_assigns_a_fact_proposes_a_verdict_and_submits_it(
    as_reviewer, two_facts, reviewer
):
    claim, _, money = two_facts

    response = as_reviewer.post(reverse("claims:fact_assign", args=[money.pk]), {"version": 1})
    assert response.status_code == 302
    response = as_reviewer.post(
        reverse("claims:fact_verdict", args=[money.pk]),
        {"rating": rating("Mostly true").pk, "rationale": "The budget says 4.1.", "version": 2},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:fact-review", args=[money.pk])
    response = as_reviewer.post(
        reverse("claims:fact_transition", args=[money.pk]),
        {"to_status": "awaiting_approval", "version": 3, "comment": ""},
    )

    assert response.status_code == 302
    money.refresh_from_db()
    claim.refresh_from_db()
    assert money.assignee == reviewer and money.status == ClaimStatus.AWAITING_APPROVAL
    assert money.verdict.name == "Mostly true" and money.rationale == "The budget says 4.1."
    assert claim.derived_verdict.name == "Mostly true" and claim.verdict is None
    assert claim.status == ClaimStatus.NEW  # the claim's own workflow is its own
    page = fact_page(as_reviewer, money)
    assert '<span class="status-pill st-awaiting_approval" id="fact-workflow-status">' in page
    assert "verdict proposed: Mostly true" in page and "assigned to rita" in page
    assert "<strong>verdict</strong>: — → Mostly true" in page


def test_the_fact_page_offers_the_workflow_steps_the_role_allows(
    client, two_facts, reviewer, editor
):
    _, _, money = two_facts
    verdict_for(money, "True", reviewer)
    money.refresh_from_db()
    reviews.fact_transition(
        fact_id=money.pk, to_status="awaiting_approval", by=reviewer, expected_version=money.version
    )

    client.force_login(reviewer)
    as_reviewer_page = fact_page(client, money)
    client.force_login(editor)
    as_editor_page = fact_page(client, money)

    assert 'data-to="approved"' not in as_reviewer_page
    assert 'data-to="approved"' in as_editor_page and 'data-to="in_review"' in as_editor_page


def test_an_editor_approves_a_fact_and_nobody_approves_their_own(
    client, two_facts, editor, second_editor
):
    _, _, money = two_facts
    verdict_for(money, "True", editor)
    money.refresh_from_db()
    money = reviews.fact_transition(
        fact_id=money.pk, to_status="awaiting_approval", by=editor, expected_version=money.version
    )
    client.force_login(editor)

    refused = client.post(
        reverse("claims:fact_transition", args=[money.pk]),
        {"to_status": "approved", "version": money.version, "comment": ""},
    )
    client.force_login(second_editor)
    approved = client.post(
        reverse("claims:fact_transition", args=[money.pk]),
        {"to_status": "approved", "version": money.version, "comment": ""},
    )

    assert refused.status_code == 400
    assert "You proposed this verdict; another editor must approve it." in refused.content.decode()
    assert approved.status_code == 302
    money.refresh_from_db()
    assert money.status == ClaimStatus.APPROVED and money.approved_by == second_editor


def test_sending_a_fact_back_needs_a_reason(client, two_facts, reviewer, editor):
    _, _, money = two_facts
    verdict_for(money, "True", reviewer)
    money.refresh_from_db()
    money = reviews.fact_transition(
        fact_id=money.pk, to_status="awaiting_approval", by=reviewer, expected_version=money.version
    )
    client.force_login(editor)

    response = client.post(
        reverse("claims:fact_transition", args=[money.pk]),
        {"to_status": "in_review", "version": money.version, "comment": "  "},
    )

    assert response.status_code == 400
    assert (
        "Say why when you send back to review: a comment is required." in response.content.decode()
    )
    money.refresh_from_db()
    assert money.status == ClaimStatus.AWAITING_APPROVAL


def test_a_stale_fact_verdict_is_refused_with_what_changed_and_the_typing_kept(
    as_reviewer, two_facts, editor, second_reviewer
):
    claim, _, money = two_facts
    reviews.fact_assign(fact_id=money.pk, assignee=second_reviewer, by=editor, expected_version=1)

    response = as_reviewer.post(
        reverse("claims:fact_verdict", args=[money.pk]),
        {"rating": rating().pk, "rationale": "typed with care", "version": 1},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this fact while you were editing it" in page
    assert "edna" in page and "assigned to rob" in page
    assert "typed with care" in page
    assert '<input type="hidden" name="version" value="2"' in page
    money.refresh_from_db()
    claim.refresh_from_db()
    assert money.verdict is None and claim.derived_verdict is None


def test_a_stale_assign_is_refused_with_what_changed(
    as_reviewer, two_facts, editor, second_reviewer
):
    _, _, money = two_facts
    reviews.fact_assign(fact_id=money.pk, assignee=second_reviewer, by=editor, expected_version=1)

    response = as_reviewer.post(reverse("claims:fact_assign", args=[money.pk]), {"version": 1})

    assert response.status_code == 409
    assert "assigned to rob" in response.content.decode()
    money.refresh_from_db()
    assert money.assignee == second_reviewer


def test_a_verdict_without_a_rationale_is_refused_readably(as_reviewer, two_facts):
    _, _, money = two_facts

    response = as_reviewer.post(
        reverse("claims:fact_verdict", args=[money.pk]),
        {"rating": rating().pk, "rationale": "   ", "version": 1},
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    money.refresh_from_db()
    assert money.verdict is None


def test_evidence_for_a_fact_is_added_and_removed_on_its_page(as_reviewer, two_facts, reviewer):
    claim, cox, money = two_facts
    other = reviews.evidence_add(fact_id=cox.pk, by=reviewer, stance="context", title="Tape")

    added = as_reviewer.post(
        reverse("claims:fact_evidence", args=[money.pk]),
        {"url": "https://city.example/budget", "title": "City budget", "stance": "supports"},
    )
    evidence = Evidence.objects.get(source__title="City budget")
    wrong = as_reviewer.post(reverse("claims:fact_evidence_remove", args=[money.pk, other.pk]))
    removed = as_reviewer.post(reverse("claims:fact_evidence_remove", args=[money.pk, evidence.pk]))

    assert added.status_code == 302 and evidence.fact_id == money.pk
    assert evidence.claim_id == claim.pk
    assert wrong.status_code == 400
    assert "That evidence is not on this fact" in wrong.content.decode()
    assert Evidence.objects.filter(pk=other.pk).exists()
    assert removed.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    history = fact_page(as_reviewer, money)
    assert "evidence added: Supports — City budget" in history
    assert "evidence removed: Supports — City budget" in history


def test_evidence_with_a_bad_address_is_refused_on_the_fact_page(as_reviewer, two_facts):
    _, _, money = two_facts

    response = as_reviewer.post(
        reverse("claims:fact_evidence", args=[money.pk]),
        {"url": "ftp://city.example/budget", "stance": "supports"},
    )

    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()
    assert not Evidence.objects.exists()


def test_comments_on_a_fact_and_an_empty_one_refused(as_reviewer, two_facts):
    _, _, money = two_facts

    posted = as_reviewer.post(
        reverse("claims:fact_comment", args=[money.pk]), {"text": "Ask the city"}
    )
    empty = as_reviewer.post(reverse("claims:fact_comment", args=[money.pk]), {"text": ""})

    assert posted.status_code == 302
    assert Comment.objects.get().fact_id == money.pk
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()
    assert Comment.objects.count() == 1
    assert "Ask the city" in fact_page(as_reviewer, money)


def test_a_missing_fact_is_404(as_reviewer):
    assert as_reviewer.get(reverse("claims:fact-review", args=[999])).status_code == 404
    response = as_reviewer.post(
        reverse("claims:fact_verdict", args=[999]),
        {"rating": rating().pk, "rationale": "x", "version": 1},
    )
    assert response.status_code == 404


# --- Roles -------------------------------------------------------------------------------


def _writes(claim: Claim, fact: Fact) -> list[tuple[str, dict]]:
    start, end = span(claim, "12 bridges")
    return [
        (
            reverse("claims:fact_add", args=[claim.pk]),
            {"start": start, "end": end, "kind": "figure"},
        ),
        (reverse("claims:fact_split", args=[fact.pk]), {"version": 1, "at": fact.start + 2}),
        (reverse("claims:fact_correct", args=[fact.pk]), {"version": 1, "statement": "x"}),
        (reverse("claims:fact_delete", args=[fact.pk]), {"version": 1}),
        (reverse("claims:fact_assign", args=[fact.pk]), {"version": 1}),
        (
            reverse("claims:fact_verdict", args=[fact.pk]),
            {"rating": rating().pk, "rationale": "x", "version": 1},
        ),
        (
            reverse("claims:fact_transition", args=[fact.pk]),
            {"to_status": "dismissed", "version": 1},
        ),
        (reverse("claims:fact_evidence", args=[fact.pk]), {"title": "t", "stance": "supports"}),
        (reverse("claims:fact_comment", args=[fact.pk]), {"text": "hello"}),
    ]


@pytest.mark.parametrize("who", ["reader", "outsider"])
def test_readers_and_outsiders_write_nothing(client, two_facts, who, request):
    claim, _, money = two_facts
    client.force_login(request.getfixturevalue(who))
    before = list(Fact.objects.order_by("pk").values())

    for url, data in _writes(claim, money):
        response = client.post(url, data)
        assert response.status_code == 403, url

    assert list(Fact.objects.order_by("pk").values()) == before
    assert not Evidence.objects.exists() and not Comment.objects.exists()


def test_a_reader_sees_the_facts_without_any_form(client, two_facts, reader):
    claim, _, money = two_facts
    client.force_login(reader)

    claim_page = page_of(client, claim)
    page = fact_page(client, money)

    assert "4 million dollars</mark>" in claim_page and 'id="fact-list"' in claim_page
    for form in ('id="fact-add-form"', 'class="fact-split-form"', 'id="fact-tools"'):
        assert form not in claim_page
    for form in ('id="verdict-form"', 'id="assign-me-form"', 'class="fact-correct-form"'):
        assert form not in page
    assert "No workflow step open to you now." in page


def test_an_outsider_cannot_open_a_fact(client, two_facts, outsider):
    _, _, money = two_facts
    client.force_login(outsider)

    assert client.get(reverse("claims:fact-review", args=[money.pk])).status_code == 403


# --- Adding a fact -----------------------------------------------------------------------


def test_a_fact_is_added_from_the_selected_characters(as_reviewer, two_facts):
    claim, _, _ = two_facts
    start, end = span(claim, "12 bridges")

    response = as_reviewer.post(
        reverse("claims:fact_add", args=[claim.pk]),
        {"start": start, "end": end, "kind": "figure", "back": "claim"},
    )

    fact = Fact.objects.get(claim=claim, start=start)
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:claim", args=[claim.pk]) + f"#fact-{fact.pk}"
    assert fact.text == "12 bridges" and fact.kind == "figure" and fact.origin == "reviewer"
    assert fact.fields["value"] == 12
    page = page_of(as_reviewer, claim)
    assert "Fact added: figure “12 bridges”." in page


def test_a_statement_typed_with_the_fact_is_kept(as_reviewer, two_facts):
    claim, _, _ = two_facts
    start, end = span(claim, "12 bridges")

    as_reviewer.post(
        reverse("claims:fact_add", args=[claim.pk]),
        {"start": start, "end": end, "kind": "figure", "statement": "The city has 12 bridges."},
    )

    assert Fact.objects.get(start=start).statement == "The city has 12 bridges."


def _refused_add(client: Client, claim: Claim, data: dict) -> str:
    before = list(Fact.objects.order_by("pk").values())
    response = client.post(reverse("claims:fact_add", args=[claim.pk]), {**data, "back": "claim"})
    assert response.status_code == 400
    assert list(Fact.objects.order_by("pk").values()) == before
    page = response.content.decode()
    error = page[page.index('id="fact-error"') :]
    return error[: error.index("</p>")]


def test_adding_a_selection_outside_the_claim_is_refused(as_reviewer, two_facts):
    claim, _, _ = two_facts

    error = _refused_add(
        as_reviewer, claim, {"start": claim.start - 6, "end": claim.start + 5, "kind": "figure"}
    )

    assert (
        f"The selection (characters {claim.start - 6} to {claim.start + 5}) reaches outside the "
        f"claim (characters {claim.start} to {claim.end}): select text inside the claim"
    ) in error


def test_adding_an_empty_selection_is_refused(as_reviewer, two_facts):
    claim, _, _ = two_facts

    error = _refused_add(
        as_reviewer, claim, {"start": claim.start + 4, "end": claim.start + 4, "kind": "figure"}
    )

    assert "The selection is empty: select the words of the fact in the claim." in error


def test_adding_without_character_numbers_is_refused(as_reviewer, two_facts):
    claim, _, _ = two_facts

    error = _refused_add(as_reviewer, claim, {"start": "", "end": "", "kind": "figure"})

    assert "A selection needs a start and an end character." in error


def test_adding_with_words_for_numbers_is_refused(as_reviewer, two_facts):
    claim, _, _ = two_facts

    error = _refused_add(as_reviewer, claim, {"start": "ten", "end": "20", "kind": "figure"})

    assert "Start: Give a character number (a whole number)." in error


def test_adding_only_spaces_is_refused(as_reviewer, two_facts):
    claim, _, _ = two_facts
    space = claim.article.text.index(" ", claim.start)

    error = _refused_add(as_reviewer, claim, {"start": space, "end": space + 1, "kind": "date"})

    assert "The selection holds only spaces: select the words of the fact." in error


def test_adding_a_fact_overlapping_one_of_its_kind_is_refused(as_reviewer, two_facts):
    claim, _, money = two_facts
    start, end = span(claim, "dollars on 12")

    error = _refused_add(as_reviewer, claim, {"start": start, "end": end, "kind": "figure"})

    assert (
        f"This overlaps the figure “4 million dollars” (fact #{money.pk}): two facts of the "
        "same kind cannot share words."
    ) in error


def test_adding_an_unknown_kind_is_refused(as_reviewer, two_facts):
    claim, _, _ = two_facts
    start, end = span(claim, "12 bridges")

    error = _refused_add(as_reviewer, claim, {"start": start, "end": end, "kind": "rumour"})

    assert "“rumour” is not a kind of fact; choose one of: figure, attribution" in error


def test_a_refused_add_keeps_what_was_typed(as_reviewer, two_facts):
    claim, _, _ = two_facts

    response = as_reviewer.post(
        reverse("claims:fact_add", args=[claim.pk]),
        {"start": 1, "end": 2, "kind": "figure", "statement": "my careful words"},
    )

    page = response.content.decode()
    assert "my careful words</textarea>" in page
    assert '<details id="fact-add" open>' in page


# --- Split, merge, correct, delete -------------------------------------------------------


def test_a_fact_is_split_at_a_character(as_reviewer, reviewer):
    claim = stored_claim("The city spent 4 million dollars on 12 bridges and 30 tunnels.")
    both = add(claim, "12 bridges and 30 tunnels", "figure", reviewer)
    at = claim.article.text.index(" and", claim.start)

    response = as_reviewer.post(
        reverse("claims:fact_split", args=[both.pk]), {"version": 1, "at": at, "back": "claim"}
    )

    assert response.status_code == 302
    texts = sorted(Fact.objects.filter(claim=claim).values_list("text", flat=True))
    assert texts == ["12 bridges", "and 30 tunnels"]
    assert "Fact split in two: “12 bridges” and “and 30 tunnels”." in page_of(as_reviewer, claim)


def test_a_split_that_would_leave_an_empty_fact_is_refused(as_reviewer, two_facts):
    claim, _, money = two_facts

    for at in (money.start, money.end, money.end + 3, ""):
        response = as_reviewer.post(
            reverse("claims:fact_split", args=[money.pk]), {"version": 1, "at": at}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert (
            "That split would leave an empty fact: put the split point between two words "
            "inside the fact."
            in page
            or "Say where to split: a character inside the fact." in page
        )
        assert f'<details class="fact-edit" id="fact-edit-{money.pk}" open>' in page
    money.refresh_from_db()
    assert money.text == "4 million dollars" and money.version == 1
    assert Fact.objects.filter(claim=claim).count() == 2


def test_a_split_based_on_an_old_version_is_refused_with_what_changed(
    as_reviewer, two_facts, second_reviewer
):
    claim, _, money = two_facts
    reviews.fact_assign(fact_id=money.pk, assignee=second_reviewer, by=second_reviewer)

    response = as_reviewer.post(
        reverse("claims:fact_split", args=[money.pk]), {"version": 1, "at": money.start + 1}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this fact while you were editing it (you saw version 1" in page
    assert "assigned to rob" in page
    assert Fact.objects.filter(claim=claim).count() == 2


def test_a_fact_merges_with_the_next_of_its_kind(as_reviewer, reviewer):
    claim = stored_claim("The city spent 4 million dollars on 12 bridges and 30 tunnels.")
    bridges = add(claim, "12 bridges", "figure", reviewer)
    tunnels = add(claim, "30 tunnels", "figure", reviewer)
    page = page_of(as_reviewer, claim)
    assert f'name="other" value="{tunnels.pk}"' in page  # the merge form names the next one

    response = as_reviewer.post(
        reverse("claims:fact_merge", args=[bridges.pk]),
        {"version": 1, "other": tunnels.pk, "other_version": 1},
    )

    assert response.status_code == 302
    merged = Fact.objects.get(claim=claim)
    assert merged.pk == bridges.pk and merged.text == "12 bridges and 30 tunnels"
    assert "Facts merged: figure “12 bridges and 30 tunnels”." in page_of(as_reviewer, claim)


def test_facts_of_two_kinds_do_not_merge(as_reviewer, two_facts):
    _, cox, money = two_facts

    response = as_reviewer.post(
        reverse("claims:fact_merge", args=[cox.pk]),
        {"version": 1, "other": money.pk, "other_version": 1},
    )

    assert response.status_code == 400
    assert (
        "Only facts of the same kind merge: a attribution and a figure stay two facts."
        in response.content.decode()
    )
    assert Fact.objects.count() == 2


def test_a_merge_with_a_fact_changed_meanwhile_is_refused(as_reviewer, reviewer, second_reviewer):
    claim = stored_claim("The city spent 4 million dollars on 12 bridges and 30 tunnels.")
    bridges = add(claim, "12 bridges", "figure", reviewer)
    tunnels = add(claim, "30 tunnels", "figure", reviewer)
    verdict_for(tunnels, "False", second_reviewer)

    response = as_reviewer.post(
        reverse("claims:fact_merge", args=[bridges.pk]),
        {"version": 1, "other": tunnels.pk, "other_version": 1},
    )

    assert response.status_code == 409
    assert "verdict proposed: False" in response.content.decode()
    assert Fact.objects.filter(claim=claim).count() == 2


def test_merging_a_fact_that_is_gone_says_so(as_reviewer, reviewer):
    claim = stored_claim("The city spent 4 million dollars on 12 bridges and 30 tunnels.")
    bridges = add(claim, "12 bridges", "figure", reviewer)
    tunnels = add(claim, "30 tunnels", "figure", reviewer)
    fact_services.fact_delete(fact_id=tunnels.pk, by=reviewer, expected_version=1)

    response = as_reviewer.post(
        reverse("claims:fact_merge", args=[bridges.pk]),
        {"version": 1, "other": tunnels.pk, "other_version": 1, "claim": claim.pk},
    )

    assert response.status_code == 400
    assert "That fact no longer exists" in response.content.decode()
    bridges.refresh_from_db()
    assert bridges.text == "12 bridges"


def test_a_fact_is_corrected_to_new_characters_kind_and_statement(as_reviewer, two_facts):
    claim, _, money = two_facts
    start, end = span(claim, "12 bridges")

    response = as_reviewer.post(
        reverse("claims:fact_correct", args=[money.pk]),
        {"version": 1, "start": start, "end": end, "kind": "figure", "statement": money.statement},
    )

    assert response.status_code == 302
    money.refresh_from_db()
    assert money.text == "12 bridges" and money.fields["value"] == 12
    assert money.statement != "4 million dollars"  # written again from the new words
    response = as_reviewer.post(
        reverse("claims:fact_correct", args=[money.pk]),
        {
            "version": money.version,
            "start": start,
            "end": end,
            "kind": "comparison",
            "statement": "More bridges than any town.",
        },
    )
    money.refresh_from_db()
    assert money.kind == "comparison" and money.statement == "More bridges than any town."


def test_a_fields_correction_on_the_fact_page_changes_only_what_was_changed(as_reviewer, two_facts):
    _, _, money = two_facts
    page = fact_page(as_reviewer, money)
    assert 'name="field_value" id="fact-field-value" value="4000000"' in page

    response = as_reviewer.post(
        reverse("claims:fact_correct", args=[money.pk]),
        {
            "version": 1,
            "back": "fact",
            "start": money.start,
            "end": money.end,
            "kind": "figure",
            "statement": money.statement,
            "field_value": "4100000",
            "field_unit": money.fields.get("unit") or "",
            "field_event": "spend",
            "field_qualifier": "",
            "field_approximate": "no",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("claims:fact-review", args=[money.pk])
    money.refresh_from_db()
    assert money.fields["value"] == 4100000 and money.fields["event"] == "spend"
    page = fact_page(as_reviewer, money)
    assert "corrected: fields" in page
    assert "<strong>value</strong>: 4000000" in page and "4100000" in page


def _refused_correct(client: Client, fact: Fact, data: dict, *, status: int = 400) -> str:
    before = list(Fact.objects.order_by("pk").values())
    response = client.post(reverse("claims:fact_correct", args=[fact.pk]), {"version": 1, **data})
    assert response.status_code == status
    assert list(Fact.objects.order_by("pk").values()) == before
    return response.content.decode()


def test_correcting_onto_another_fact_of_the_kind_is_refused(as_reviewer, two_facts, reviewer):
    claim, _, money = two_facts
    bridges = add(claim, "12 bridges", "figure", reviewer)
    start, end = span(claim, "dollars on 12 bridges")

    page = _refused_correct(as_reviewer, money, {"start": start, "end": end})

    assert f"This overlaps the figure “12 bridges” (fact #{bridges.pk})" in page


def test_correcting_outside_the_claim_is_refused(as_reviewer, two_facts):
    claim, _, money = two_facts

    page = _refused_correct(as_reviewer, money, {"start": money.start, "end": claim.end + 4})

    assert "reaches outside the claim" in page


def test_a_correction_that_changes_nothing_says_so(as_reviewer, two_facts):
    _, _, money = two_facts

    page = _refused_correct(
        as_reviewer,
        money,
        {"start": money.start, "end": money.end, "kind": "figure", "statement": money.statement},
    )

    assert "Nothing to correct: the fact already reads so." in page


def test_a_figure_value_that_is_no_number_is_refused_and_the_typing_kept(as_reviewer, two_facts):
    _, _, money = two_facts

    page = _refused_correct(
        as_reviewer, money, {"back": "fact", "field_value": "four million", "field_event": "x"}
    )

    assert "A figure&#x27;s value must be a number, not “four million”." in page
    assert 'value="four million"' in page and 'id="fact-field-event" value="x"' in page


def test_a_correction_based_on_an_old_version_is_refused(as_reviewer, two_facts, second_reviewer):
    _, _, money = two_facts
    reviews.fact_assign(fact_id=money.pk, assignee=second_reviewer, by=second_reviewer)

    page = _refused_correct(as_reviewer, money, {"back": "fact", "statement": "Mine."}, status=409)

    assert "Someone else changed this fact" in page and "assigned to rob" in page
    assert "Mine.</textarea>" in page


def test_a_fact_is_deleted_and_its_evidence_goes_to_the_claim(as_reviewer, two_facts, reviewer):
    claim, _, money = two_facts
    evidence = reviews.evidence_add(fact_id=money.pk, by=reviewer, stance="supports", title="Book")

    response = as_reviewer.post(
        reverse("claims:fact_delete", args=[money.pk]), {"version": 1, "back": "fact"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("claims:claim", args=[claim.pk]) + "#facts"
    assert not Fact.objects.filter(pk=money.pk).exists()
    evidence.refresh_from_db()
    assert evidence.fact_id is None and evidence.claim_id == claim.pk
    page = page_of(as_reviewer, claim)
    assert "Fact deleted: figure “4 million dollars”." in page
    assert "<h2>Evidence (1)</h2>" in page


def test_a_delete_based_on_an_old_version_is_refused(as_reviewer, two_facts, second_reviewer):
    _, _, money = two_facts
    reviews.fact_assign(fact_id=money.pk, assignee=second_reviewer, by=second_reviewer)

    response = as_reviewer.post(reverse("claims:fact_delete", args=[money.pk]), {"version": 1})

    assert response.status_code == 409
    assert Fact.objects.filter(pk=money.pk).exists()


def test_a_fact_awaiting_approval_is_not_edited(as_reviewer, two_facts, reviewer):
    claim, _, money = two_facts
    verdict_for(money, "True", reviewer)
    money.refresh_from_db()
    money = reviews.fact_transition(
        fact_id=money.pk, to_status="awaiting_approval", by=reviewer, expected_version=money.version
    )
    start, end = span(claim, "12 bridges")

    response = as_reviewer.post(
        reverse("claims:fact_correct", args=[money.pk]),
        {"version": money.version, "start": start, "end": end},
    )

    assert response.status_code == 400
    assert (
        "A fact that is awaiting approval cannot be corrected; an editor can send it back to "
        "review first." in response.content.decode()
    )
    assert f'action="/workbench/facts/{money.pk}/correct/"' not in page_of(as_reviewer, claim)


def test_the_facts_of_an_orphaned_claim_are_not_edited(as_reviewer, two_facts):
    claim, _, _ = two_facts
    Claim.objects.filter(pk=claim.pk).update(orphaned=True)
    start, end = span(claim, "12 bridges")

    page = page_of(as_reviewer, claim)
    response = as_reviewer.post(
        reverse("claims:fact_add", args=[claim.pk]), {"start": start, "end": end, "kind": "figure"}
    )

    assert 'id="fact-add-form"' not in page
    assert "its facts are kept as they were" in page
    assert response.status_code == 400
    assert "is not in the latest revision of its article" in response.content.decode()
    assert Fact.objects.filter(claim=claim).count() == 2


# --- Speed -------------------------------------------------------------------------------


def _claim_with_facts(n: int, reviewer) -> Claim:
    sentence = "Counts: " + ", ".join(f"{i} cats" for i in range(1, n + 1)) + "."
    claim = stored_claim(sentence)
    cursor = claim.start
    for i in range(1, n + 1):
        start = claim.article.text.index(f"{i} cats", cursor)
        cursor = start + len(f"{i} cats")
        fact = fact_services.fact_add(
            claim_id=claim.pk, start=start, end=cursor, kind="figure", by=reviewer
        )
        verdict_for(fact, "True" if i % 2 else "False", reviewer)
        reviews.evidence_add(fact_id=fact.pk, by=reviewer, stance="supports", title=f"Source {i}")
        reviews.comment_add(fact_id=fact.pk, by=reviewer, text=f"Note {i}")
    return claim


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_review_pages_run_as_many_queries_for_30_facts_as_for_2(as_reviewer, reviewer):
    small = _claim_with_facts(2, reviewer)
    big = _claim_with_facts(30, reviewer)
    assert big.facts.count() == 30
    as_reviewer.get(reverse("claims:claim", args=[small.pk]))  # the session, warmed

    claim_small = _queries(as_reviewer, reverse("claims:claim", args=[small.pk]))
    claim_big = _queries(as_reviewer, reverse("claims:claim", args=[big.pk]))
    fact_small = _queries(as_reviewer, reverse("claims:fact-review", args=[small.facts.first().pk]))
    fact_big = _queries(as_reviewer, reverse("claims:fact-review", args=[big.facts.first().pk]))

    assert claim_big == claim_small, (claim_small, claim_big)
    assert fact_big == fact_small, (fact_small, fact_big)
    assert claim_big <= 25 and fact_big <= 20, (claim_big, fact_big)
    page = page_of(as_reviewer, big)
    assert page.count('class="fact-row') == 30
    assert "derived from its facts (worst of 30; mixed when they disagree)" in page
