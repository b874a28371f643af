"""The HTML verdict report and its PDF."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf

from claims.exporters import pdf, report
from claims.exporters.types import EvidenceRow
from tests.exporters.factories import claim_row, context, second_row


def _html(rows, **changes) -> str:
    out = io.BytesIO()
    assert report.write(rows, out, context(**changes)) == len(rows)
    return out.getvalue().decode("utf-8")


def test_the_report_highlights_each_claim_in_the_article_text_with_its_verdict_badge():
    html = _html([claim_row(), second_row()])

    assert (
        '<mark id="claim-0">About 300 of the 680 workers were released, officials said.</mark>'
        in html
    )
    assert '<mark id="claim-1">The mayor said the bridge will cost $2 billion.</mark>' in html
    assert 'class="badge v-good">Mostly true</span>' in html
    assert 'class="badge v-worst">False</span>' in html
    assert "Nothing else happened." in html


def test_the_report_has_the_verdict_table_sources_scale_method_and_distribution_chart():
    html = _html([claim_row(), second_row()])

    assert '<tr id="verdict-0">' in html and '<tr id="verdict-1">' in html
    assert '<a href="https://ice.example.gov/release">ICE press release</a>' in html
    assert "Rating scale and method" in html and "Checked by two people." in html
    assert "Not accurate." in html  # the scale's description of False
    assert "Verdict distribution" in html and "(50 %)" in html


def test_each_article_gets_its_own_section():
    other = replace(second_row(), article_id=4, article_title="Second article")
    html = _html([claim_row(), other])
    assert html.count('<section class="article"') == 2
    assert "Second article" in html


def test_database_text_is_escaped_and_only_http_links_become_links():
    evil = EvidenceRow(
        "<script>alert(1)</script>", "javascript:alert(1)", "", None, "refutes", "", ""
    )
    html = _html([claim_row(evidence=(evil,), rationale="<b>bold</b>")])

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_the_pdf_has_pages_whose_text_contains_the_claims_and_verdicts():
    out = io.BytesIO()
    assert pdf.write([claim_row(), second_row()], out, context()) == 2

    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) >= 1
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "About 300 of the 680 workers were released" in text
    assert "The mayor said the bridge will cost $2 billion." in text
    assert "Mostly true" in text and "Verdict distribution" in text
