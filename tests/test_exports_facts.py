"""Facts in the exports, end to end: facts reviewed through the services, exported by the
export jobs (the one query, on SQLite and PostgreSQL) in every format."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from django.db import connection, models
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext

from claims.models import Article, ClaimStatus, Fact
from claims.selectors_export import ExportFilters, export_rows
from claims.services import reviews
from claims.services.exports import download_name
from tests.fact_support import (  # noqa: F401
    claim_of,
    fact,
    fact_article,
    fact_put_in,
    fact_step,
    raids,
)
from tests.test_exports import run

pytestmark = pytest.mark.django_db
S = ClaimStatus
ALL = tuple(S.values)
ATTRIBUTION = "ICE spokesman Bryan Cox confirmed to Breitbart News"


@pytest.fixture
def checked(raids, reviewer, editor):  # noqa: F811
    """The raids article with facts reviewed: "680 workers" approved True (with evidence
    and a comment), the attribution published Mostly true, "30 managers" in review False.
    Claim 1 gets its verdict from its facts; claim 0 has an editor's."""
    figure = fact_put_in(
        fact(raids, "680 workers"), S.IN_REVIEW, proposer=reviewer, approver=editor, verdict="True"
    )
    reviews.evidence_add(
        fact_id=figure.pk,
        by=reviewer,
        stance="supports",
        url="https://ice.example.gov/680",
        title="ICE release",
    )
    reviews.comment_add(fact_id=figure.pk, by=reviewer, text="Matches the release.")
    fact_step(fact_step(figure, S.AWAITING_APPROVAL, reviewer), S.APPROVED, editor)
    fact_put_in(fact(raids, "30 managers"), S.IN_REVIEW, proposer=reviewer, approver=editor)
    fact_put_in(
        fact(raids, ATTRIBUTION),
        S.PUBLISHED,
        proposer=reviewer,
        approver=editor,
        verdict="Mostly true",
    )
    first = claim_of(raids, 0)
    reviews.verdict_record(
        claim_id=first.pk,
        rating=reviews.Rating.objects.get(scale__is_active=True, name="Half true"),
        rationale="Partly.",
        by=reviewer,
        expected_version=first.version,
    )
    reviews.evidence_add(
        claim_id=first.pk, by=reviewer, stance="context", url="https://x.example/c", title="Claim"
    )
    return raids


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_facts_csv_has_one_row_per_fact_of_the_chosen_claims(checked):
    job, data = run("facts_csv", statuses=ALL)
    rows = _csv(data)
    assert len(rows) == Fact.objects.count() == 10
    assert job.done == 4 and download_name(job).startswith("facts-")
    figure = next(r for r in rows if r["fact_text"] == "680 workers")
    assert figure["fact_kind"] == "figure"
    assert (figure["fact_status"], figure["fact_verdict"]) == ("approved", "True")
    assert figure["fact_sources"] == "ICE release <https://ice.example.gov/680> [supports]"
    assert figure["fact_comments"] == "rita: Matches the release."
    assert figure["claim"] == "Agents arrested 680 workers, 30 managers and seven plant owners."
    # The worst verdict of its facts: False (30 managers) beats True.
    assert (figure["claim_verdict"], figure["claim_verdict_origin"]) == (
        "False",
        "derived from facts",
    )
    # Facts of the filtered claims only.
    _, data = run("facts_csv", article_ids=(checked.pk,), statuses=(S.IN_REVIEW,))
    assert {r["claim_status"] for r in _csv(data)} == {"in_review"}


def test_the_claims_csv_shows_the_effective_verdict_its_origin_and_only_claim_evidence(checked):
    _, data = run("csv", statuses=ALL)
    rows = {r["position"]: r for r in _csv(data)}
    assert (rows["0"]["verdict"], rows["0"]["verdict_origin"]) == ("Half true", "editor")
    assert (rows["1"]["verdict"], rows["1"]["verdict_origin"]) == ("False", "derived from facts")
    assert (rows["2"]["verdict"], rows["2"]["verdict_origin"]) == ("", "")
    assert rows["0"]["sources"] == "Claim <https://x.example/c> [context]"
    assert rows["1"]["sources"] == ""  # the figure's evidence is the fact's


def test_the_verdict_filter_and_the_report_distribution_use_the_effective_verdict(checked):
    _, data = run("csv", verdicts=("False",), statuses=ALL)
    assert [r["position"] for r in _csv(data)] == ["1"]
    _, data = run("csv", verdicts=("none",), statuses=ALL)
    assert sorted(r["position"] for r in _csv(data)) == ["2", "3"]


def test_the_workbook_has_the_facts_sheet_of_the_facts_csv(checked):
    _, xlsx_data = run("xlsx", statuses=ALL)
    _, csv_data = run("facts_csv", statuses=ALL)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_data), read_only=True)
    assert book.sheetnames == ["Verdicts", "Facts"]
    values = list(book["Facts"].iter_rows(values_only=True))
    as_text = [
        {k: "" if v is None else str(v) for k, v in zip(values[0], row, strict=True)}
        for row in values[1:]
    ]
    assert as_text == _csv(csv_data)


def test_json_and_json_lines_nest_the_facts_with_their_evidence_and_history(checked):
    _, document_data = run("json", statuses=ALL)
    _, lines_data = run("jsonl", statuses=ALL)
    claims = json.loads(document_data)["claims"]
    assert claims == [json.loads(line) for line in lines_data.splitlines()]
    second = next(c for c in claims if c["position"] == 1)
    assert second["verdict"] == {"name": "False", "value": 1, "origin": "facts", "mixed": True}
    assert [f["text"] for f in second["facts"]] == [
        "680 workers",
        "30 managers",
        "seven plant owners",
    ]
    figure = second["facts"][0]
    assert figure["fields"]["value"] == 680 and figure["status"] == "approved"
    assert figure["verdict"] == {"name": "True", "value": 5}
    assert (figure["reviewer"], figure["approver"]) == ("rita", "edna")
    assert figure["evidence"][0]["source"]["title"] == "ICE release"
    assert [c["text"] for c in figure["comments"]] == ["Matches the release."]
    assert second["evidence"] == [] and second["comments"] == []


def test_claimreview_has_one_review_per_approved_or_published_fact(checked):
    _, data = run("claimreview", statuses=ALL)
    graph = json.loads(data)["@graph"]
    figure, attribution = fact(checked, "680 workers"), fact(checked, ATTRIBUTION)
    by_url = {r["url"]: r for r in graph}
    fact_urls = sorted(u for u in by_url if "#fact-" in u)
    assert fact_urls == sorted(
        [
            f"http://127.0.0.1:8000/factchecks/{figure.claim_id}/#fact-{figure.pk}",
            f"http://127.0.0.1:8000/factchecks/{attribution.claim_id}/#fact-{attribution.pk}",
        ]
    )  # not "30 managers" (in review), nor the facts without a verdict
    assert len(graph) == 4 + 2
    said = by_url[fact_urls[0] if str(attribution.pk) in fact_urls[0] else fact_urls[1]]
    assert said["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Bryan Cox",
        "jobTitle": "ICE spokesman",
        "affiliation": {"@type": "Organization", "name": "ICE"},
    }
    assert said["claimReviewed"] == ATTRIBUTION  # its statement
    assert said["reviewRating"]["alternateName"] == "Mostly true"
    counted = by_url[f"http://127.0.0.1:8000/factchecks/{figure.claim_id}/#fact-{figure.pk}"]
    assert counted["claimReviewed"] == "680 workers"
    assert counted["reviewRating"]["ratingValue"] == 5


def test_claimreview_by_default_has_only_published_claims_and_their_reviewed_facts(checked):
    _, data = run("claimreview")
    assert json.loads(data)["@graph"] == []


def test_the_report_lists_the_facts_under_their_claim(checked):
    _, html = run("html", article_ids=(checked.pk,))
    page = html.decode()
    figure = fact(checked, "680 workers")
    at = page.index(f'<tr class="fact" id="fact-{figure.pk}">')
    assert page.index('<tr id="verdict-1">') < at < page.index('<tr id="verdict-2">')
    row = page[at : page.index("</tr>", at)]
    assert '<span class="kind">Figure</span> 680 workers' in row
    assert ">True</span>" in row and "<td>Approved</td>" in row
    assert '<a href="https://ice.example.gov/680">ICE release</a>' in row
    assert "from its facts, facts disagree" in page


def test_facts_stream_with_a_fixed_number_of_queries_whatever_their_number(reviewer, editor):
    def queries_for(articles: int) -> int:
        Article.objects.all().delete()
        for n in range(articles):
            # The same text each time: give the previous copies hashes of their own.
            Article.objects.update(content_hash=Cast("pk", models.CharField()))
            fact_article(title=f"Raids {n}")
        for stored in Fact.objects.filter(kind="figure")[:3]:
            fact_put_in(stored, S.APPROVED, proposer=reviewer, approver=editor)
        with CaptureQueriesContext(connection) as captured:
            rows = list(export_rows(ExportFilters()))
        assert sum(len(r.facts) for r in rows) == 10 * articles
        return len(captured.captured_queries)

    assert queries_for(1) == queries_for(12)
