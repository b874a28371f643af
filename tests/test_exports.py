# ruff: noqa: F811
"""Export jobs through the services and the command (in-process; the worker path is in
tests/integration/test_worker_export.py)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import exporters
from claims.models import Article, Claim, ClaimStatus, ExportJob, JobStatus
from claims.selectors_export import ExportFilters, export_rows
from claims.services import exports
from claims.services.exports import (
    ExportRequestError,
    export_file,
    export_job_create,
    export_job_run,
)

# The cast are fixtures imported from tests/test_exports_support.py; tests name them as arguments.
from tests.test_exports_support import HOSTILE, article, desk, review  # noqa: F401

pytestmark = pytest.mark.django_db


def run(format: str, **filters) -> tuple[ExportJob, bytes]:
    job = export_job_create(format=format, filters=ExportFilters(**filters))
    finished = export_job_run(job_id=job.pk)
    assert finished is not None
    assert finished.status == JobStatus.SUCCEEDED, finished.message
    return finished, export_file(finished).read_bytes()


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_a_csv_export_has_one_row_per_claim_with_its_verdict_sources_and_people(desk):
    job, data = run("csv")

    rows = {row["claim"]: row for row in csv_rows(data)}
    assert len(rows) == 4 == job.total == job.done
    published = rows["The mayor said the bridge will cost 2 billion dollars."]
    assert published["article_title"] == "Harbor bridge budget"
    assert published["outlet"] == "Daily Planet"
    assert published["article_date"] == "2026-01-15"
    assert published["status"] == "published"
    assert published["verdict"] == "False"
    assert published["rating_value"] == "1"
    assert published["sources"] == "City budget 2026 <https://city.example.gov/budget> [refutes]"
    assert published["reviewer"] == "rita"
    assert published["approver"] == "edna"
    assert published["comments"] == "rita: Checked twice."
    assert rows["Traffic doubled in 2025."]["verdict"] == ""
    assert job.message == "4 claims exported as CSV (spreadsheet)."
    assert job.expires_at is not None


def test_an_xlsx_export_reads_back_like_the_csv(desk):
    _, csv_data = run("csv")
    _, xlsx_data = run("xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_data), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    header, body = values[0], values[1:]
    from_xlsx = [
        {k: "" if v is None else str(v) for k, v in zip(header, row, strict=True)} for row in body
    ]
    assert from_xlsx == csv_rows(csv_data)


def test_hostile_text_in_claims_source_titles_and_comments_is_neutralised(reviewer, editor):
    stored = article([HOSTILE + " cost 2 billion dollars."])
    review(
        stored.claims.get(),
        reviewer=reviewer,
        editor=editor,
        source_title=HOSTILE,
        comment=HOSTILE,
    )
    _, data = run("csv")
    row = csv_rows(data)[0]
    assert row["claim"] == "'" + HOSTILE + " cost 2 billion dollars."
    assert row["sources"].startswith("'" + HOSTILE)
    assert row["comments"] == "'rita: " + HOSTILE or row["comments"].startswith("rita: ")

    _, xlsx_data = run("xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_data)).active
    for cell in sheet[2]:
        assert cell.data_type != "f"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_json_and_json_lines_carry_evidence_comments_and_a_history_summary(desk):
    _, document_data = run("json")
    _, lines_data = run("jsonl")

    document = json.loads(document_data)
    lines = [json.loads(line) for line in lines_data.decode().splitlines()]
    assert document["claims"] == lines
    published = next(c for c in lines if c["status"] == "published")
    assert published["evidence"][0]["source"]["title"] == "City budget 2026"
    assert published["comments"][0]["text"] == "Checked twice."
    history = published["history"]
    assert history["changes"] >= 4
    assert history["statuses"][-1] == "published"
    assert "awaiting_approval" in history["statuses"]
    assert published["url"].endswith(
        f"/exports/articles/{published['article']['id']}/report/#claim-0"
    )


def test_claimreview_exports_only_published_claims_by_default(desk):
    job, data = run("claimreview")

    graph = json.loads(data)["@graph"]
    # Approved but not yet published ("Mostly true") is not public: its page would be 404.
    assert job.filters == {"statuses": ["published"]}
    assert sorted(r["reviewRating"]["alternateName"] for r in graph) == ["False"]
    for review_node in graph:
        assert len(review_node["claimReviewed"]) < 75
        # The public fact-check page, at FACTCHECK_SITE_URL (tests/settings.py).
        assert review_node["url"].startswith("http://127.0.0.1:8000/factchecks/")
        assert review_node["author"]["name"] == "Fact-check desk"


def test_claimreview_with_explicit_statuses_exports_those(desk):
    _, data = run("claimreview", statuses=("in_review",))
    assert [r["reviewRating"]["alternateName"] for r in json.loads(data)["@graph"]] == ["True"]


def test_the_html_report_and_pdf_contain_the_claims_of_the_filtered_articles(desk):
    bridge = desk["bridge"]
    _, html = run("html", article_ids=(bridge.pk,))
    page = html.decode()
    assert (
        '<mark id="claim-0">The mayor said the bridge will cost 2 billion dollars.</mark>' in page
    )
    assert "School meals" not in page
    assert "Verdict distribution" in page

    _, pdf_data = run("pdf", article_ids=(bridge.pk,))
    reader = pypdf.PdfReader(io.BytesIO(pdf_data))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "The mayor said the bridge will cost 2 billion dollars." in text
    assert "The city spent 40 million dollars on repairs." in text


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"statuses": ("published",)}, {"The mayor said the bridge will cost 2 billion dollars."}),
        ({"verdicts": ("Mostly true",)}, {"The city spent 40 million dollars on repairs."}),
        ({"verdicts": ("none",)}, {"Traffic doubled in 2025."}),
        ({"outlet": "morning star"}, {"The school meals pilot reached 12,000 pupils."}),
        ({"reviewer": "nobody"}, set()),
    ],
)
def test_filters_choose_the_claims(desk, filters, expected):
    _, data = run("csv", **filters)
    assert {row["claim"] for row in csv_rows(data)} == expected


def test_date_article_and_reviewer_filters_choose_the_claims(desk):
    import datetime as dt

    _, data = run("csv", date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28))
    assert [r["article_title"] for r in csv_rows(data)] == ["School meals"]
    _, data = run("csv", article_ids=(desk["bridge"].pk,), reviewer="rita")
    assert len(csv_rows(data)) == 2


def test_a_crash_mid_export_leaves_no_partial_file_and_a_rerun_replaces_the_file(desk, monkeypatch):
    job, first = run("csv")
    final = export_file(job)
    assert final.read_bytes() == first

    Claim.objects.filter(pk=desk["untouched"].pk).update(rationale="changed since")

    def crash_after_some_bytes(rows, out, context):
        out.write(b"half a file")
        raise RuntimeError("worker lost its disk")

    monkeypatch.setitem(
        exporters.FORMATS, "csv", replace(exporters.FORMATS["csv"], write=crash_after_some_bytes)
    )
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.PENDING)
    with pytest.raises(RuntimeError):
        export_job_run(job_id=job.pk)
    # The earlier complete file is untouched, and no temporary part is left behind.
    assert final.read_bytes() == first
    assert [p.name for p in final.parent.iterdir() if p.name.endswith(".part")] == []

    monkeypatch.undo()
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.PENDING)
    rerun = export_job_run(job_id=job.pk)
    assert rerun is not None and rerun.status == JobStatus.SUCCEEDED
    assert export_file(rerun) == final
    assert b"changed since" in final.read_bytes()


def test_a_killed_run_leaves_only_a_temporary_part_that_the_next_run_removes(desk, settings):
    job = export_job_create(format="csv")
    final = Path(settings.FACTCHECK_EXPORT_DIR) / f"verdicts-{job.pk}.csv"
    final.parent.mkdir(parents=True, exist_ok=True)
    stale = final.with_name(f".{final.name}.deadbeef.part")
    stale.write_bytes(b"half")  # what SIGKILL mid-write leaves

    export_job_run(job_id=job.pk)

    assert not stale.exists()
    assert final.exists() and final.read_bytes().startswith(b"\xef\xbb\xbfclaim_id")


def test_a_pdf_of_too_many_claims_is_refused_with_a_clear_message(desk, monkeypatch):
    pdf = exporters.FORMATS["pdf"]
    monkeypatch.setitem(exporters.FORMATS, "pdf", replace(pdf, max_rows=2))
    job = export_job_create(format="pdf")
    finished = export_job_run(job_id=job.pk)
    assert finished.status == JobStatus.FAILED
    assert "4 claims match" in finished.message and "HTML report" in finished.message


def test_an_unknown_format_or_reversed_dates_are_refused():
    import datetime as dt

    with pytest.raises(ExportRequestError, match="Unknown export format"):
        export_job_create(format="docx")
    with pytest.raises(ExportRequestError, match="start date is after"):
        export_job_create(
            format="csv",
            filters=ExportFilters(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 1, 1)),
        )


def test_a_finished_job_delivered_again_does_nothing(desk):
    job, _ = run("csv")
    assert export_job_run(job_id=job.pk) is None


def test_rows_stream_with_a_fixed_number_of_queries_whatever_the_number_of_claims(reviewer, editor):
    def queries_for(count: int) -> int:
        Claim.objects.all().delete()
        stored = article(
            [f"Claim number {n} cost {n} dollars." for n in range(count)],
            url=f"https://x.example/{count}",
        )
        for claim in stored.claims.all()[:3]:
            review(
                claim, reviewer=reviewer, editor=editor, source_url=f"https://s.example/{claim.pk}"
            )
        with CaptureQueriesContext(connection) as captured:
            rows = list(export_rows(ExportFilters(), with_history=True))
        assert len(rows) == count
        return len(captured.captured_queries)

    assert queries_for(3) == queries_for(40)


def test_expired_files_are_deleted_by_the_next_export(desk):
    import datetime as dt

    from django.utils import timezone

    job, _ = run("csv")
    path = export_file(job)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))

    assert exports.exports_purge_expired() == 1
    assert not path.exists()


def test_export_verdicts_sync_writes_the_file(desk, tmp_path):
    target = tmp_path / "out" / "verdicts.csv"
    target.parent.mkdir()
    out = io.StringIO()

    call_command(
        "export_verdicts",
        "--format",
        "csv",
        "--status",
        "published",
        "-o",
        str(target),
        "--sync",
        stdout=out,
    )

    assert "1 claim exported as" in out.getvalue()
    assert [row["status"] for row in csv_rows(target.read_bytes())] == ["published"]
    assert [p.name for p in target.parent.iterdir()] == ["verdicts.csv"]


def test_export_verdicts_refuses_a_bad_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("export_verdicts", "--format", "csv", "--from", "yesterday", "--sync")


def test_the_status_choice_covers_every_claim_status():
    assert set(ClaimStatus.values) >= {"approved", "published"}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tabular fast path is PostgreSQL's (COPY)"
)
def test_the_tabular_fast_path_writes_the_same_bytes_as_the_row_path(desk, reviewer, editor):
    import datetime as dt

    from claims.exporters import csv_, xlsx
    from claims.exporters.types import TabularRows
    from claims.models import Comment, Evidence, Source
    from claims.selectors_export import export_tabular_rows
    from claims.services.exports import export_context

    # What the SQL must format like Python: no date, microseconds and none, a source
    # without a url or a title, an authorless comment, several items in order, odd JSON.
    odd = article(
        [HOSTILE + " rose 5 %.", "-3 degrees, said nobody."],
        title='@Odd, "quoted" title\nwith a newline',
        published=None,
        url="",
    )
    first, second = odd.claims.order_by("position")
    review(first, reviewer=reviewer, editor=editor, source_url="", source_title="Untitled memo")
    archived = Source.objects.create(url="https://no-title.example")
    Evidence.objects.create(claim=first, source=archived, stance="context")
    _archive(archived, dt.datetime(2026, 1, 3, 4, 5, 6, 789, tzinfo=dt.UTC))
    Comment.objects.create(claim=first, author=None, text="=anonymous note")
    Comment.objects.create(claim=first, author=editor, text="Second, later.")
    Claim.objects.filter(pk=first.pk).update(
        created_at=dt.datetime(2026, 1, 2, 3, 4, 5, 120, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        dates=[{"text": "last year", "resolved": "2025"}, {"text": "in May"}],
        quantities=[{"value": 2.5, "unit": "%", "approximate": True, "qualifier": "about"}],
        attributions=[{"speaker": "Ann", "role": "mayor", "cue": "said"}, {"speaker": "Bo"}],
    )
    Claim.objects.filter(pk=second.pk).update(kinds=[], quantities=[], attributions=[])

    for name, writer in (("csv", csv_.write), ("xlsx", xlsx.write)):
        for filters in (ExportFilters(), ExportFilters(statuses=("published", "new"))):
            context = export_context(filters=filters, exporter=exporters.get(name))
            slow, fast = io.BytesIO(), io.BytesIO()
            assert writer(export_rows(filters), slow, context) == writer(
                TabularRows(export_tabular_rows(filters)), fast, context
            )
            if name == "csv":
                assert fast.getvalue() == slow.getvalue()
            else:
                read = [
                    list(openpyxl.load_workbook(data, read_only=True).active.values)
                    for data in (slow, fast)
                ]
                assert read[0] == read[1]


def _archive(source, fetched_at) -> None:
    """An archived copy of `source` fetched at `fetched_at` (services.snapshots stores them)."""
    from claims.importers.page_text import text_hash
    from claims.models import Snapshot, SourceArchive

    text = f"The archived text of {source.url}."
    snapshot = Snapshot.objects.create(
        url=source.url,
        content_hash=text_hash(text),
        text=text,
        http_status=200,
        fetched_at=fetched_at,
    )
    SourceArchive.objects.update_or_create(
        source=source,
        defaults={"state": "archived", "snapshot": snapshot, "requested_at": fetched_at},
    )


def _tricky_desk(reviewer, editor) -> None:
    """Data the document fast path must serialise exactly like the row path: no dates,
    microseconds and none, missing and partial sources, hostile and unicode text, control
    characters, big and odd numbers, empty and non-list JSON, nested claim spans."""
    import datetime as dt

    from claims.models import Comment, Evidence, Source

    hostile = '<script>alert("x")</script> & \'quoted\' "double"\nnew line\ttab'
    odd = article(
        [
            HOSTILE + " rose 5 %.",
            "-3 degrees, said nobody; it is FALSE that 😀 café naïve ‮rtl‬ rose.",
            hostile + " \x01\x1f end.",
        ],
        title='@Odd, "quoted" <b>title</b>\nwith a newline & more',
        published=None,
        url="javascript:alert(1)",
    )
    odd.author = ""
    odd.save(update_fields=["author"])
    first, second, third = odd.claims.order_by("position")
    review(first, reviewer=reviewer, editor=editor, source_url="", source_title="Untitled memo")
    review(second, reviewer=reviewer, editor=editor, verdict="True", to=ClaimStatus.IN_REVIEW)
    Evidence.objects.create(
        claim=first,
        source=Source.objects.create(url="https://no-title.example/?a=1&b=<2>"),
        stance="context",
        quote=hostile,
        note='=HYPERLINK("http://x","y")',
    )
    # Archived copies: fetched at a time with microseconds and one without.
    _archive(
        Source.objects.get(url="https://no-title.example/?a=1&b=<2>"),
        dt.datetime(2026, 1, 4, 5, 6, 7, 89, tzinfo=dt.UTC),
    )
    _archive(
        Source.objects.get(url="https://city.example.gov/budget"),
        dt.datetime(2026, 1, 5, 6, 7, 8, tzinfo=dt.UTC),
    )
    Evidence.objects.create(
        claim=first,
        source=Source.objects.create(
            url="", title="", publisher="Pub & <Co>", published=dt.date(2020, 2, 29)
        ),
        stance="supports",
    )
    Comment.objects.create(claim=first, author=None, text="=anonymous <note>")
    Comment.objects.create(claim=first, author=editor, text="Second, later.\n😀")
    Claim.objects.filter(pk=first.pk).update(
        created_at=dt.datetime(2026, 1, 2, 3, 4, 5, 120, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        score=1.0,
        kinds=["quantity", "attribution", "é"],
        dates=[{"text": "last year", "resolved": "2025"}, {"text": "in May"}],
        quantities=[
            {"value": 2**70, "unit": "%", "approximate": True, "qualifier": "about"},
            {"value": 1e300, "unit": None},
            {"value": 2.5, "nested": {"b": [1, {"a": "\u2028"}], "a": True}},
            {"value": 1.0},
        ],
        attributions=[
            {"speaker": "Ann Lee", "role": "mayor", "organisation": "City", "cue": "said"},
            {"speaker": "Ministry of Truth"},
        ],
    )
    Claim.objects.filter(pk=second.pk).update(
        kinds=[], quantities=[], attributions=[], score=0.1 + 0.2
    )
    Claim.objects.filter(pk=third.pk).update(
        score=1e-05,
        attributions=[{"speaker": "  Police   department "}],
        quantities={"not": "a list"},
        rationale=hostile,
    )
    # A claim nested in another one's span: listed in the report's table, not highlighted.
    Claim.objects.create(
        article=odd, position=3, start=first.start + 1, end=first.end - 1, text=first.text[1:-1]
    )
    # An article of its own with no claim highlighted (its text is empty).
    article(["Lonely claim."], title="", outlet="", url="https://x.example/a?b=1&c=2")
    Claim.objects.filter(article__title="").update(status=ClaimStatus.APPROVED)


DOCUMENT_FORMATS = ("json", "jsonl", "claimreview", "html")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the document fast path is PostgreSQL's (COPY of json_build_array); "
    "SQLite exports through the row path only",
)
@pytest.mark.parametrize("name", DOCUMENT_FORMATS)
@pytest.mark.parametrize("joined", [True, False], ids=["joined", "per-claim"])
def test_the_document_fast_path_writes_the_same_bytes_as_the_row_path(
    desk, reviewer, editor, name, joined
):
    from claims.exporters.types import DocumentRows
    from claims.selectors_export import DOCUMENT_JOIN_ROWS, export_document_rows
    from claims.services.exports import export_context

    _tricky_desk(reviewer, editor)
    exporter = exporters.get(name)
    odd = Claim.objects.get(position=0, article__title__startswith="@Odd").article_id
    for filters in (
        ExportFilters(),
        ExportFilters(statuses=("published", "new", "in_review")),
        ExportFilters(article_ids=(odd,)),
        ExportFilters(verdicts=("none", "True")),
    ):
        context = export_context(filters=filters, exporter=exporter)
        for site_url in ("https://desk.example", ""):
            context = replace(context, site_url=site_url)
            slow, fast = io.BytesIO(), io.BytesIO()
            rows = export_rows(
                filters,
                order=exporter.order,
                with_article_text=exporter.needs_article_text,
                with_history=exporter.needs_history,
            )
            documents = export_document_rows(
                filters,
                order=exporter.order,
                with_evidence=exporter.needs_evidence,
                with_comments=exporter.needs_comments,
                with_history=exporter.needs_history,
                with_article_text=exporter.needs_article_text,
                expected_rows=None if joined else DOCUMENT_JOIN_ROWS - 1,
            )
            count = exporter.write(rows, slow, context)
            assert exporter.write(DocumentRows(documents), fast, context) == count > 0
            assert fast.getvalue().decode() == slow.getvalue().decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the document fast path is PostgreSQL's (COPY)"
)
def test_a_document_export_job_takes_the_fast_path_and_restores_the_session(desk, monkeypatch):
    from claims.selectors_export import export_document_rows

    calls = []

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return export_document_rows(*args, **kwargs)

    monkeypatch.setattr(exports, "export_document_rows", spy)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    job, data = run("jsonl")
    assert len(data.splitlines()) == 4 == job.done
    assert calls and calls[0]["expected_rows"] == 4 and calls[0]["with_history"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == jit


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the CSV fast path is PostgreSQL's (COPY); SQLite exports through the row path only",
)
def test_the_csv_fast_path_writes_the_same_bytes_as_the_row_path(desk, reviewer, editor):
    from claims.exporters import csv_
    from claims.exporters.types import CsvRows, TabularRows
    from claims.selectors_export import export_csv_rows, export_tabular_rows
    from claims.services.exports import export_context

    _tricky_desk(reviewer, editor)
    # Cells the writer formats from JSON that need quoting, or start like a formula.
    Claim.objects.filter(text__startswith="<script>").update(
        quantities=[{"value": -3, "unit": 'a,"b"\r\nc', "event": "=x"}, {"value": True}],
        attributions=[{"speaker": '-Ann, "the" mayor', "cue": "said\n"}],
        dates=[{"text": '+1 day, "later"'}, {"resolved": 2025}],
        kinds=["a,b", '"q"'],
        status="new",
        rationale="-" + HOSTILE + ",\r\n",
    )
    # Cells with only a CR, only an LF, or a tab first.
    Article.objects.filter(title__startswith="@Odd").update(outlet="\tTab\rOnly")
    Claim.objects.filter(status=ClaimStatus.APPROVED).update(rationale="lf\nonly")
    for filters in (ExportFilters(), ExportFilters(statuses=("published", "new"))):
        context = export_context(filters=filters, exporter=exporters.get("csv"))
        slow, tabular = io.BytesIO(), io.BytesIO()
        count = csv_.write(export_rows(filters), slow, context)
        assert csv_.write(TabularRows(export_tabular_rows(filters)), tabular, context) == count
        assert tabular.getvalue() == slow.getvalue()
        for expected_rows in (None, 1):  # items joined for all claims, or per claim
            fast = io.BytesIO()
            rows = CsvRows(export_csv_rows(filters, expected_rows=expected_rows))
            assert csv_.write(rows, fast, context) == count > 0
            assert fast.getvalue().decode() == slow.getvalue().decode()


def test_the_csv_quote_matches_the_csv_module():
    from claims.exporters.csv_ import quote

    for value in ("", "plain", "a,b", 'say "x"', "line\nbreak", "cr\r", "'=1", "tab\t", "é😀"):
        buffer = io.StringIO()
        csv.writer(buffer).writerow([value, "next"])
        assert buffer.getvalue() == quote(value) + ",next\r\n"
