"""The same fact across outlets, fact by fact: a figure or a speaker of one claim against
the facts of the claims it is linked to (claims.matching.facts, selectors_matching.
fact_matches), on the fact's review page and in the API, and an earlier verdict reused
for one fact."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from claims import selectors_matching
from claims.matching.facts import compare_facts
from claims.models import ClaimStatus, Fact, Rating
from claims.services import matching, reviews

from .test_matching_service import CLAIMREVIEW, RAID, UNRELATED, run_import

pytestmark = pytest.mark.django_db

HERALD = "magnolia-herald-raid.txt"  # about 30 + 270 released


def fig(value, event="release", unit=None, qualifier=None):
    return {"value": value, "event": event, "unit": unit, "qualifier": qualifier,
            "measure": "count"}  # fmt: skip


def fact(outlet: str, text: str) -> Fact:
    return Fact.objects.get(claim__article__outlet=outlet, text=text)


def page(client, f: Fact) -> str:
    html = client.get(reverse("claims:fact-review", args=[f.pk])).content.decode()
    return html[html.index('id="fact-also-reported"') : html.index('id="fact-edit"')]


def rows(section: str) -> dict[str, str]:
    """Outlet -> the row's text, from the fact page's "also reported" table."""
    out = {}
    for chunk in section.split('<tr class="fact-match ')[1:]:
        outlet = chunk.split('data-outlet="', 1)[1].split('"', 1)[0]
        out[outlet] = chunk.split("</tr>", 1)[0]
    return out


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


# --- the pure comparison ------------------------------------------------------------------


def test_each_part_of_a_sum_is_linked_to_the_whole_it_adds_up_to():
    mine = [("a", "figure", fig(30, qualifier="about")), ("b", "figure", fig(270))]
    theirs = [("x", "figure", fig(300, qualifier="about"))]
    links = compare_facts(mine, theirs)
    assert [(x.fact, x.others, x.agree, x.with_parts) for x in links] == [
        ("a", ("x",), True, ("a", "b")),
        ("b", ("x",), True, ("a", "b")),
    ]


def test_a_whole_is_linked_to_all_the_parts_of_the_other_claim():
    mine = [("x", "figure", fig(300, qualifier="about"))]
    theirs = [("a", "figure", fig(30, qualifier="about")), ("b", "figure", fig(270))]
    (link,) = compare_facts(mine, theirs)
    assert (link.fact, link.others, link.agree) == ("x", ("a", "b"), True)
    assert link.detail["match"]["parts"] == [30, 270]


def test_a_figure_of_another_measure_or_another_event_is_not_linked():
    mine = [("a", "figure", fig(680, "arrest", "workers"))]
    theirs = [("x", "figure", fig(680, "arrest", "fans")), ("y", "figure", fig(680, "raid"))]
    assert compare_facts(mine, theirs) == []


def test_speakers_are_compared_only_between_attribution_facts():
    mine = [("a", "attribution", {"speaker": "ICE spokesman Bryan Cox"}),
            ("b", "figure", fig(300))]  # fmt: skip
    theirs = [("x", "attribution", {"speaker": "Brian Cox"}),
              ("y", "attribution", {"speaker": "Paul Cox"}),
              ("z", "date", {"speaker": "Bryan Cox"})]  # fmt: skip
    found = {(x.fact, x.others[0]): x.agree for x in compare_facts(mine, theirs)}
    assert found == {("a", "x"): True, ("a", "y"): False}


# --- the fact's review page -----------------------------------------------------------------


def test_the_fact_page_shows_the_same_figure_in_other_outlets_agreeing_or_differing(
    as_reviewer,
):
    run_import(*RAID, *UNRELATED)
    found = rows(page(as_reviewer, fact("Gulf Courier", "680 workers")))
    assert set(found) == {"Delta Ledger", "Pine Belt Dispatch"}  # not the Madrid 680 fans
    assert "680 vs 700 arrest: <strong>agrees</strong>" in found["Delta Ledger"]
    assert "Nearly 700 workers" in found["Delta Ledger"]
    assert "680 vs 600 arrest: <strong>differs</strong>" in found["Pine Belt Dispatch"]
    link = reverse("claims:fact-review", args=[fact("Pine Belt Dispatch", "600 workers").pk])
    assert link in found["Pine Belt Dispatch"]


def test_a_whole_agrees_with_parts_that_add_up_and_a_part_is_shown_with_its_sum(as_reviewer):
    run_import(*RAID, HERALD)
    whole = rows(page(as_reviewer, fact("Gulf Courier", "about 300")))
    assert "300 vs 300 (30 + 270) release: <strong>agrees</strong>" in whole["Magnolia Herald"]
    assert "300 vs 270 release: <strong>differs</strong>" in whole["Delta Ledger"]
    part = rows(page(as_reviewer, fact("Magnolia Herald", "about 30")))
    assert "300 (about 30 + 270) vs 300 release: <strong>agrees</strong>" in part["Gulf Courier"]
    # Delta Ledger's 270 is the Herald's 270, not a figure the 30 differs from.
    assert "Delta Ledger" not in part
    other_part = rows(page(as_reviewer, fact("Magnolia Herald", "270")))
    assert "270 vs 270 release: <strong>agrees</strong>" in other_part["Delta Ledger"]


def test_the_speaker_of_an_attribution_fact_is_the_same_person_in_spite_of_the_spelling(
    as_reviewer,
):
    run_import(*RAID)
    found = rows(page(as_reviewer, fact("Gulf Courier", "ICE spokesman Bryan Cox said")))
    assert "Bryan Cox / Brian Cox: <strong>same person</strong>" in found["Delta Ledger"]


def test_a_fact_with_no_counterpart_says_where_the_claims_links_are(as_reviewer):
    run_import(*RAID)
    section = page(as_reviewer, fact("Gulf Courier", "seven Mississippi food processing plants"))
    assert "fact-match" not in section
    assert "linked to 2 other outlets" in section and "none with this figure" in section


def test_a_dismissed_fact_of_the_other_claim_is_not_compared(as_reviewer, reviewer):
    run_import(*RAID)
    other = fact("Pine Belt Dispatch", "600 workers")
    reviews.fact_transition(
        fact_id=other.pk, to_status=ClaimStatus.DISMISSED, by=reviewer,
        expected_version=other.version,
    )  # fmt: skip
    found = rows(page(as_reviewer, fact("Gulf Courier", "680 workers")))
    assert "Pine Belt Dispatch" not in found and "Delta Ledger" in found


def test_the_fact_page_reads_a_fixed_number_of_queries_for_its_links(
    as_reviewer, django_assert_max_num_queries
):
    run_import(*RAID, HERALD, *UNRELATED)
    target = fact("Gulf Courier", "about 300")
    with django_assert_max_num_queries(8):
        found = selectors_matching.fact_matches(fact=target)
    assert len(found.reported) == 2


# --- an earlier verdict for one fact ---------------------------------------------------------


def _approve(f: Fact, rating: Rating, reviewer, editor) -> Fact:
    f = reviews.fact_verdict_record(
        fact_id=f.pk, rating=rating, rationale="ICE's release says 680.", by=reviewer,
        expected_version=f.version,
    )  # fmt: skip
    f = reviews.fact_transition(
        fact_id=f.pk, to_status="awaiting_approval", by=reviewer, expected_version=f.version
    )
    return reviews.fact_transition(
        fact_id=f.pk, to_status="approved", by=editor, expected_version=f.version
    )


def test_an_approved_fact_of_another_outlet_is_copied_in_as_a_proposal(
    as_reviewer, reviewer, editor
):
    run_import(*RAID)
    rating = Rating.objects.get(scale__is_active=True, name="Mostly true")
    source = _approve(fact("Gulf Courier", "680 workers"), rating, reviewer, editor)
    target = fact("Delta Ledger", "Nearly 700 workers")
    section = page(as_reviewer, target)
    assert "Mostly true" in section and "Use this verdict as my proposal" in section
    match = target.claim.matches.get(other=source.claim)
    response = as_reviewer.post(
        reverse("claims:fact_reuse_verdict", args=[target.pk]),
        {"match": match.pk, "other_fact": source.pk, "version": target.version},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.verdict == rating and target.status == ClaimStatus.IN_REVIEW
    assert target.approved_by is None  # still needs approval
    assert "Reused from this desk's verdict on fact “680 workers”" in target.rationale


def test_a_fact_check_of_the_claim_is_copied_in_for_one_fact(as_reviewer):
    matching.factchecks_import(data=json.dumps(CLAIMREVIEW).encode(), name="cr.json")
    run_import("gulf-courier-raid.txt")
    target = fact("Gulf Courier", "680 workers")
    html = as_reviewer.get(reverse("claims:fact-review", args=[target.pk])).content.decode()
    assert "Example Checks" in html[html.index('id="fact-already-checked"') :]
    match = target.claim.matches.get(fact_check__isnull=False)
    response = as_reviewer.post(
        reverse("claims:fact_reuse_verdict", args=[target.pk]),
        {"match": match.pk, "version": target.version},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.verdict.name == "True" and "Reused from an earlier fact-check" in (
        target.rationale
    )


def test_a_fact_without_an_approved_verdict_cannot_be_reused(as_reviewer, reviewer):
    run_import(*RAID)
    source, target = fact("Gulf Courier", "680 workers"), fact("Delta Ledger", "Nearly 700 workers")
    match = target.claim.matches.get(other=source.claim)
    response = as_reviewer.post(
        reverse("claims:fact_reuse_verdict", args=[target.pk]),
        {"match": match.pk, "other_fact": source.pk, "version": target.version},
    )
    assert response.status_code == 400
    assert "That fact has no approved verdict to reuse." in response.content.decode()
    target.refresh_from_db()
    assert target.verdict is None


def test_a_fact_outside_the_linked_claim_cannot_be_reused(as_reviewer, reviewer):
    run_import(*RAID)
    target = fact("Delta Ledger", "Nearly 700 workers")
    match = target.claim.matches.get(other__article__outlet="Gulf Courier")
    stranger = fact("Pine Belt Dispatch", "600 workers")
    with pytest.raises(reviews.ReviewError, match="not in the linked claim"):
        reviews.fact_verdict_reuse(
            fact_id=target.pk, match_id=match.pk, other_fact_id=stranger.pk, by=reviewer,
            expected_version=target.version,
        )  # fmt: skip


def test_reusing_on_a_stale_page_is_refused_with_what_changed(as_reviewer, reviewer, editor):
    run_import(*RAID)
    rating = Rating.objects.get(scale__is_active=True, name="Mostly true")
    source = _approve(fact("Gulf Courier", "680 workers"), rating, reviewer, editor)
    target = fact("Delta Ledger", "Nearly 700 workers")
    seen = target.version
    reviews.fact_assign(fact_id=target.pk, assignee=editor, by=editor, expected_version=seen)
    match = target.claim.matches.get(other=source.claim)
    response = as_reviewer.post(
        reverse("claims:fact_reuse_verdict", args=[target.pk]),
        {"match": match.pk, "other_fact": source.pk, "version": seen},
    )
    assert response.status_code == 409
    target.refresh_from_db()
    assert target.verdict is None


def test_a_garbled_reuse_request_is_refused(as_reviewer):
    run_import(*RAID)
    target = fact("Delta Ledger", "Nearly 700 workers")
    response = as_reviewer.post(
        reverse("claims:fact_reuse_verdict", args=[target.pk]),
        {"match": "x", "version": target.version},
    )
    assert response.status_code == 400 and "Invalid request." in response.content.decode()


# --- the fact list's match filters (queue and API), on both databases ---------------------


def test_the_fact_list_filters_figures_another_outlet_gives_otherwise(as_reviewer):
    run_import(*RAID, HERALD, *UNRELATED)
    html = as_reviewer.get(reverse("claims:queue") + "?list=facts&flag=differ").content.decode()
    shown = {f.pk for f in Fact.objects.all() if f'data-fact-id="{f.pk}"' in html}
    differing = {
        fact("Gulf Courier", "680 workers").pk,  # vs 600
        fact("Gulf Courier", "about 300").pk,  # vs Delta's 270
        fact("Delta Ledger", "Nearly 700 workers").pk,  # vs 600
        fact("Delta Ledger", "270 workers").pk,  # vs about 300
        fact("Pine Belt Dispatch", "600 workers").pk,  # vs 680, nearly 700
    }
    assert shown == differing
    # Agreeing and unrelated figures stay out: the Herald's parts, Madrid's 680 fans.
    assert fact("Magnolia Herald", "about 30").pk not in shown


def test_the_api_lists_facts_that_differ_or_whose_claim_was_checked(as_reviewer):
    matching.factchecks_import(data=json.dumps(CLAIMREVIEW).encode(), name="cr.json")
    run_import(*RAID)
    body = as_reviewer.get("/api/facts/?matches=differ").json()
    texts = sorted(f["text"] for f in body["results"])
    assert texts == ["270 workers", "600 workers", "680 workers", "Nearly 700 workers", "about 300"]
    checked = as_reviewer.get("/api/facts/?matches=checked").json()["results"]
    # The earlier fact-check (680 arrested) covers the three outlets' arrest claims.
    arrests = {
        fact(outlet, text).claim_id
        for outlet, text in [
            ("Gulf Courier", "680 workers"),
            ("Delta Ledger", "Nearly 700 workers"),
            ("Pine Belt Dispatch", "600 workers"),
        ]
    }
    assert {f["claim"] for f in checked} == arrests
    bad = as_reviewer.get("/api/facts/?matches=sometimes")
    assert bad.status_code == 400


def test_the_reader_marks_the_figure_another_outlet_gives_otherwise(as_reviewer):
    run_import(*RAID, HERALD)

    def marks(outlet: str) -> dict[str, str]:
        """Each figure fact's opening <mark ...> tag in its article's reader."""
        article = Fact.objects.filter(claim__article__outlet=outlet)[0].claim.article
        html = as_reviewer.get(reverse("claims:article", args=[article.pk])).content.decode()
        found = {}
        for f in Fact.objects.filter(claim__article=article, kind="figure"):
            at = html.index(f'data-fact-id="{f.pk}" data-href')
            found[f.text] = html[html.rfind("<mark", 0, at) : at]
        return found

    gulf = marks("Gulf Courier")
    assert "f-differ" in gulf["680 workers"]  # 600 elsewhere
    assert "f-differ" in gulf["about 300"]  # 270 elsewhere
    assert "f-differ" not in gulf["seven Mississippi food processing plants"]
    herald = marks("Magnolia Herald")  # its parts add up to about 300; its 270 = 270
    assert not any("f-differ" in tag for tag in herald.values()), herald
