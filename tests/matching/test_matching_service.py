"""The import job's match step and the verdict library (services.matching)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.models import Claim, ClaimMatch, FactCheck
from claims.services import matching
from claims.services.imports import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matching"
RAID = ["gulf-courier-raid.txt", "delta-ledger-raid.txt", "pine-belt-raid.txt"]
UNRELATED = ["madrid-final.txt", "ohio-layoffs.txt"]


def run_import(*names: str, extra: list[tuple[str, bytes]] = ()):
    files = [(n, (FIXTURES / n).read_bytes()) for n in names] + list(extra)
    job = import_job_create(files=files)
    return import_job_run(job_id=job.pk)


def claim(fragment: str) -> Claim:
    return Claim.objects.get(text__contains=fragment)


def linked(fragment: str) -> dict[str, ClaimMatch]:
    return {
        m.other.article.outlet: m
        for m in ClaimMatch.objects.filter(
            claim=claim(fragment), other__isnull=False
        ).select_related("other__article")
    }


def test_the_job_summary_has_the_match_step_in_cpu_seconds():
    job = run_import(*RAID)
    assert "match" in job.summary["cpu_seconds"]
    assert job.summary["cpu_seconds"]["match"] >= 0


def test_the_same_figure_in_another_outlet_is_linked_and_agrees():
    run_import(*RAID)
    links = linked("Federal immigration agents arrested 680")
    nearly = links["Delta Ledger"]
    assert [f["agree"] for f in nearly.figures] == [True]
    assert nearly.figures[0]["match"]["value"] == 700
    assert not nearly.figures_differ


def test_600_against_680_is_flagged_as_differing_on_both_sides():
    run_import(*RAID)
    assert linked("Federal immigration agents arrested 680")["Pine Belt Dispatch"].figures_differ
    assert linked("Immigration agents arrested 600")["Gulf Courier"].figures_differ


def test_brian_and_bryan_cox_are_the_same_speaker_and_270_differs_from_about_300():
    run_import(*RAID)
    link = linked("Brian Cox")["Gulf Courier"]
    assert link.speakers == [{"query": "Brian Cox", "match": "Bryan Cox", "same": True}]
    assert [(f["query"]["value"], f["match"]["value"], f["agree"]) for f in link.figures] == [
        (270, 300, False)
    ]


def test_unrelated_stories_with_the_same_numbers_stay_out():
    run_import(*RAID, *UNRELATED)
    outlets = {"Iberia Sports Wire", "Lakeshore Business Journal"}
    crossing = ClaimMatch.objects.filter(other__isnull=False).filter(
        claim__article__outlet__in=outlets
    )
    assert not crossing.exists()
    assert not ClaimMatch.objects.filter(other__article__outlet__in=outlets).exists()


def test_claims_of_the_same_article_are_never_linked():
    run_import(*RAID)
    assert not any(
        m.claim.article_id == m.other.article_id
        for m in ClaimMatch.objects.filter(other__isnull=False).select_related("claim", "other")
    )


def test_a_second_import_grows_the_index_and_links_back():
    run_import("gulf-courier-raid.txt")
    assert not ClaimMatch.objects.exists()
    run_import("delta-ledger-raid.txt")
    assert "Delta Ledger" in linked("Federal immigration agents arrested 680")


def test_running_the_match_step_twice_stores_nothing_twice():
    run_import(*RAID)
    count = ClaimMatch.objects.count()
    matching.claims_match(claim_ids=list(Claim.objects.values_list("pk", flat=True)))
    assert ClaimMatch.objects.count() == count


CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "ClaimReview",
            "url": "https://checks.example/raid-arrests",
            "claimReviewed": "Federal immigration agents arrested 680 workers at seven Mississippi food "
            "processing plants.",
            "reviewRating": {"@type": "Rating", "alternateName": "True", "ratingValue": 5},
            "author": {"@type": "Organization", "name": "Example Checks"},
            "datePublished": "2019-08-12",
            "reviewBody": "ICE's own release gives 680.",
        },
        {"@type": "ClaimReview", "reviewRating": {"alternateName": "False"}},
        {
            "@type": "ClaimReview",
            "claimReviewed": "Something else entirely.",
            "reviewRating": {"alternateName": "Four wibbles"},
        },
    ],
}


def test_a_claimreview_file_imports_its_valid_items_and_names_each_bad_one():
    outcome = matching.factchecks_import(data=json.dumps(CLAIMREVIEW).encode(), name="cr.json")
    assert outcome.imported == 1
    messages = [e["message"] for e in outcome.errors]
    assert len(messages) == 2
    assert "no claimReviewed" in messages[0]
    assert "'Four wibbles' is not one we know" in messages[1]


def test_a_malformed_claimreview_file_is_one_readable_error():
    outcome = matching.factchecks_import(data=b'{"@type": "ClaimReview", ', name="bad.json")
    assert outcome.imported == 0
    assert [e["message"][:20] for e in outcome.errors] == ["malformed JSON-LD (E"]


def test_a_page_that_embeds_claimreview_is_read():
    page = (
        "<html><head><script type='application/ld+json'>"
        + json.dumps(CLAIMREVIEW["@graph"][0])
        + "</script></head><body>x</body></html>"
    )
    outcome = matching.factchecks_import(data=page.encode(), name="https://checks.example/p")
    assert outcome.imported == 1


def test_importing_a_fact_check_again_creates_nothing():
    data = json.dumps(CLAIMREVIEW).encode()
    matching.factchecks_import(data=data, name="cr.json")
    again = matching.factchecks_import(data=data, name="cr.json")
    assert (again.imported, again.duplicates) == (0, 1)
    assert FactCheck.objects.count() == 1


def test_a_claim_covered_by_an_imported_fact_check_is_already_checked_both_ways():
    matching.factchecks_import(data=json.dumps(CLAIMREVIEW).encode(), name="cr.json")
    run_import("gulf-courier-raid.txt")
    found = ClaimMatch.objects.filter(
        claim=claim("Federal immigration agents arrested 680"), fact_check__isnull=False
    )
    assert [m.fact_check.rating for m in found] == ["True"]
    matching.library_reset()
    ClaimMatch.objects.all().delete()
    FactCheck.objects.all().delete()
    outcome = matching.factchecks_import(data=json.dumps(CLAIMREVIEW).encode(), name="cr.json")
    assert outcome.matched_claims >= 1


def test_clef_and_liar_layouts_import_with_per_line_errors():
    clef = b"\tvclaim\ttitle\n0\tA claim that was checked.\tA title\n1\t\t\n"
    outcome = matching.factchecks_import(data=clef, name="verified_claims.docs.tsv")
    assert (outcome.imported, len(outcome.errors)) == (1, 1)
    liar = (
        b"1.json\tfalse\tSays 680 workers were arrested.\timmigration\tjohn-doe\tSenator\tMS"
        b"\tnone\t0\t0\t0\t0\t0\ta speech\n"
        b"2.json\twibble\tAnother statement.\tx\ty\tz\tMS\tnone\t0\t0\t0\t0\t0\tx\n"
    )
    outcome = matching.factchecks_import(data=liar, name="liar.tsv", format="liar")
    assert outcome.imported == 1
    assert "'wibble' is not a LIAR verdict" in outcome.errors[0]["message"]


def test_an_import_with_the_match_step_switched_off_stores_claims_and_no_links(settings):
    # FACTCHECK_MATCH_ON_IMPORT=0: for bulk loads (bench/bench_scale.py).
    settings.FACTCHECK_MATCH_ON_IMPORT = False
    # Two outlets telling the same raid, which one job links when the step is on.
    job = run_import(*RAID[:2])
    assert job.summary["imported"] == 2
    assert claim("Federal immigration agents arrested 680")
    assert not ClaimMatch.objects.exists()
    # Switched on again, the next import links its claims to those stored meanwhile.
    settings.FACTCHECK_MATCH_ON_IMPORT = True
    run_import(RAID[2])
    assert "Gulf Courier" in linked("Immigration agents arrested 600")
