"""Facts in every format, from hand-built rows: the facts sheet (CSV and the XLSX's second
sheet), facts nested in JSON and JSON Lines, one ClaimReview per reviewed fact, and the
report listing facts under their claim."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest

from claims.exporters import claimreview, csv_, json_, report, xlsx
from claims.exporters.claimreview import SUMMARY_LIMIT, fact_sentence
from claims.exporters.tabular import FACTS, HEADERS
from claims.exporters.types import CommentRow, EvidenceRow
from tests.exporters.factories import attribution_fact, claim_row, context, fact_row, second_row

HOSTILE = '=HYPERLINK("http://x","y")'


def _rows():
    in_review = fact_row(
        fact_id=72,
        position=2,
        kind="date",
        text="Aug. 8",
        statement="",
        fields={"resolved": "2019-08-08", "granularity": "day"},
        status="in_review",
        verdict="False",
        rating_value=1,
        approver="",
    )
    return [
        claim_row(
            verdict="Mostly true",
            verdict_origin="facts",
            verdict_mixed=True,
            facts=(fact_row(), attribution_fact(), in_review),
        ),
        second_row(),  # no facts
    ]


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_facts_csv_has_one_row_per_fact_with_its_claim():
    out = io.BytesIO()
    assert csv_.write_facts(_rows(), out, context()) == 2  # claims read
    rows = _csv(out.getvalue())

    assert [r["fact_id"] for r in rows] == ["70", "71", "72"]
    figure = rows[0]
    assert figure["claim_id"] == "7"
    assert figure["claim"].startswith("About 300 of the 680 workers")
    assert figure["claim_verdict"] == "Mostly true"
    assert figure["claim_verdict_origin"] == "derived from facts"
    assert figure["fact_kind"] == "figure"
    assert figure["fact_text"] == "680 workers"
    assert figure["fact_statement"] == "680 illegal workers were arrested in the Mississippi raids"
    assert figure["fact_fields"] == "value: 680; unit: workers; event: arrested"
    assert figure["fact_status"] == "approved"
    assert figure["fact_verdict"] == "True"
    assert figure["fact_rating_value"] == "5"
    assert figure["fact_rationale"] == "ICE's release counts 680 arrests."
    assert figure["fact_sources"] == "ICE release <https://ice.example.gov/680> [supports]"
    assert figure["fact_comments"] == "editor: Matches the release."
    assert (figure["fact_reviewer"], figure["fact_approver"]) == ("reviewer", "editor")
    assert rows[1]["fact_fields"].startswith("speaker: Matthew Albence; role: acting ICE director")


def test_the_claims_csv_shows_the_effective_verdict_and_its_origin():
    out = io.BytesIO()
    csv_.write(
        [*_rows(), claim_row(verdict="", rating_value=None, verdict_origin="")], out, context()
    )
    rows = _csv(out.getvalue())
    assert [(r["verdict"], r["verdict_origin"]) for r in rows] == [
        ("Mostly true", "derived from facts"),
        ("False", "editor"),
        ("", ""),
    ]
    assert tuple(rows[0]) == HEADERS


def test_a_formula_in_a_fact_is_neutralised_in_the_facts_sheet():
    fact = fact_row(
        text=HOSTILE,
        statement="+" + HOSTILE,
        rationale="-1",
        evidence=(EvidenceRow(HOSTILE, "", "", None, "refutes", "", ""),),
        comments=(CommentRow("", "@" + HOSTILE, None),),
    )
    out = io.BytesIO()
    csv_.write_facts([claim_row(facts=(fact,))], out, context())
    (row,) = _csv(out.getvalue())
    for cell in row.values():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert row["fact_text"] == "'" + HOSTILE


def test_the_workbook_has_a_facts_sheet_reading_like_the_facts_csv():
    out, facts_csv = io.BytesIO(), io.BytesIO()
    assert xlsx.write(_rows(), out, context()) == 2
    csv_.write_facts(_rows(), facts_csv, context())
    out.seek(0)
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Verdicts", "Facts"]
    values = list(book["Facts"].iter_rows(values_only=True))
    assert values[0] == FACTS.headers
    as_text = [
        {k: "" if v is None else str(v) for k, v in zip(values[0], row, strict=True)}
        for row in values[1:]
    ]
    assert as_text == _csv(facts_csv.getvalue())
    assert len(list(book["Verdicts"].iter_rows(values_only=True))) == 3  # header + 2 claims


def test_a_workbook_without_facts_still_has_the_facts_sheet_header():
    out = io.BytesIO()
    xlsx.write([second_row()], out, context())
    out.seek(0)
    sheet = openpyxl.load_workbook(out, read_only=True)["Facts"]
    assert list(sheet.iter_rows(values_only=True)) == [FACTS.headers]


def test_json_and_json_lines_nest_facts_under_their_claim():
    document, lines = io.BytesIO(), io.BytesIO()
    json_.write(_rows(), document, context())
    json_.write_lines(_rows(), lines, context())
    claims = json.loads(document.getvalue())["claims"]
    assert claims == [json.loads(line) for line in lines.getvalue().splitlines()]

    first = claims[0]
    assert first["verdict"] == {"name": "Mostly true", "value": 4, "origin": "facts", "mixed": True}
    figure, attribution, date = first["facts"]
    assert figure["kind"] == "figure" and figure["text"] == "680 workers"
    assert figure["fields"]["value"] == 680  # whole, not 680.0
    assert figure["verdict"] == {"name": "True", "value": 5}
    assert figure["evidence"][0]["source"]["url"] == "https://ice.example.gov/680"
    assert figure["comments"][0]["text"] == "Matches the release."
    assert attribution["fields"]["speaker"] == "Matthew Albence"
    assert date["status"] == "in_review"
    assert claims[1]["facts"] == []
    assert b'"value":680,' in document.getvalue()


def _graph(rows) -> list[dict]:
    out = io.BytesIO()
    assert claimreview.write(rows, out, context()) == len(rows)
    return json.loads(out.getvalue())["@graph"]


def test_claimreview_has_one_review_per_approved_or_published_fact():
    graph = _graph(_rows())
    urls = [r["url"] for r in graph]
    # The claim, its two reviewed facts (the one in review has none), the second claim.
    assert urls == [
        "https://desk.example.org/factchecks/7/",
        "https://desk.example.org/factchecks/7/#fact-70",
        "https://desk.example.org/factchecks/7/#fact-71",
        "https://desk.example.org/factchecks/8/",
    ]
    figure = graph[1]
    assert figure["claimReviewed"] == "680 illegal workers were arrested in the Mississippi raids"
    assert figure["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "ratingExplanation": "ICE's release counts 680 arrests.",
    }
    assert figure["datePublished"] == "2026-03-04"
    # A figure is the claim's: its speaker is the claim's.
    assert figure["itemReviewed"]["author"]["name"] == "officials"
    assert figure["itemReviewed"]["appearance"]["url"] == "https://news.example.com/raids"


def test_an_attributions_review_names_the_speaker_as_the_author_with_the_role():
    attribution = _graph(_rows())[2]
    assert attribution["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Matthew Albence",
        "jobTitle": "acting ICE director",
    }
    # No statement: a sentence from its fields, under the limit, without the verdict.
    assert attribution["claimReviewed"].startswith("acting ICE director Matthew Albence: About 300")
    assert len(attribution["claimReviewed"]) < SUMMARY_LIMIT
    assert attribution["reviewRating"]["alternateName"] == "Mostly true"
    assert "firstAppearance" not in attribution["itemReviewed"]


def test_an_organisation_speaker_is_an_organization_and_a_speakerless_one_is_the_claims():
    ministry = attribution_fact(fields={"speaker": "the Ministry of Labour", "cue": "say"})
    nobody = attribution_fact(fact_id=73, fields={"speaker": None})
    graph = _graph([claim_row(facts=(ministry, nobody))])
    assert graph[1]["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "the Ministry of Labour",
    }
    assert graph[2]["itemReviewed"]["author"]["name"] == "officials"


@pytest.mark.parametrize(
    ("kind", "fields", "text", "sentence"),
    [
        (
            "figure",
            {"value": 680.0, "unit": "workers", "event": "arrested"},
            "680",
            "680 workers arrested",
        ),
        (
            "figure",
            {"value": 300, "unit": "workers", "approximate": True},
            "300",
            "about 300 workers",
        ),
        ("attribution", {"speaker": "Ann", "cue": "said"}, "Ann said", "Ann said"),
        ("date", {"resolved": "2019-08-07"}, "Wednesday", "Wednesday (2019-08-07)"),
        ("comparison", {"comparison": "superlative"}, "the most ever", "the most ever"),
        ("figure", "not a dict", "680", "680"),
    ],
)
def test_a_fact_without_a_statement_is_stated_from_its_fields(kind, fields, text, sentence):
    assert fact_sentence(fact_row(kind=kind, fields=fields, text=text, statement=" ")) == sentence


def test_claim_reviewed_of_a_fact_never_contains_its_verdict():
    fact = fact_row(
        statement="It is false that " + "680 workers were arrested " * 4, verdict="False"
    )
    (_, review) = _graph([claim_row(facts=(fact,))])[:2]
    assert len(review["claimReviewed"]) < SUMMARY_LIMIT
    assert "false" not in review["claimReviewed"].lower()


def _html(rows) -> str:
    out = io.BytesIO()
    report.write(rows, out, context())
    return out.getvalue().decode()


def test_the_report_lists_each_fact_under_its_claim():
    html = _html(_rows())
    claim = html.index('<tr id="verdict-0">')
    facts = [html.index(f'<tr class="fact" id="fact-{n}">') for n in (70, 71, 72)]
    assert claim < facts[0] < facts[1] < facts[2] < html.index('<tr id="verdict-1">')
    row = html[facts[0] : facts[1]]
    assert "<td>1.1</td>" in row and '<span class="kind">Figure</span> 680 workers' in row
    assert 'class="badge v-best">True</span>' in row
    assert "<td>Approved</td>" in row and "ICE&#x27;s release counts 680 arrests." in row
    assert '<a href="https://ice.example.gov/680">ICE release</a>' in row
    assert "<td>In review, not approved</td>" in html[facts[2] :]
    # The claim's verdict says it is derived from its facts, which disagree.
    assert re.search(
        r"Mostly true</span><span class=\"origin\">from its facts, facts disagree", html
    )


def test_fact_text_in_the_report_is_escaped():
    fact = fact_row(text="<script>alert(1)</script>", rationale="<b>x</b>")
    html = _html([claim_row(facts=(fact,))])
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_the_pdf_lists_the_facts():
    import pypdf

    from claims.exporters import pdf

    out = io.BytesIO()
    assert pdf.write(_rows(), out, context()) == 2
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "680 workers" in text and "ICE's release counts 680 arrests." in text
