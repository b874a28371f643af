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
            rows = list(export_rows(ExportFilters()))
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
    """Data the one query must hand over exactly as the models hold it: no dates,
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


def _iso(value) -> str | None:
    """What the row contract carries for a date or a timestamp (UTC)."""
    import datetime as dt

    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value.isoformat()


def _as_decoded(value):
    """A JSON column as an export reads it: integers past 64 bits as floats (orjson; the
    same number: PostgreSQL's jsonb writes 1e300 as its 301 digits)."""
    return json.loads(json.dumps(value), parse_int=lambda s: int(s) if len(s) < 19 else float(s))


def _expected(claim: Claim) -> dict:
    """A claim's row, read from the models one by one (the slow way the export avoids)."""
    from claims.models import Comment, Evidence

    article, verdict = claim.article, claim.verdict or claim.derived_verdict

    def evidence(query):
        items = []
        for e in query.select_related("source").order_by("id"):
            archive = getattr(e.source, "archive", None)
            snapshot = archive.snapshot if archive is not None else None
            items.append(
                (
                    e.source.title,
                    e.source.url,
                    e.source.publisher,
                    _iso(e.source.published),
                    e.stance,
                    e.quote,
                    e.note,
                    _iso(snapshot.fetched_at) if snapshot else None,
                    snapshot.content_hash if snapshot else "",
                )
            )
        return items

    def comments(query):
        return [
            (c.author.username if c.author else "", c.text, _iso(c.created_at))
            for c in query.select_related("author").order_by("created_at", "id")
        ]

    history = claim.history.order_by("history_date", "history_id")
    return {
        "claim_id": claim.pk,
        "position": claim.position,
        "article_id": article.pk,
        "article_title": article.title,
        "article_url": article.url,
        "article_outlet": article.outlet,
        "article_author": article.author,
        "article_published": _iso(article.published),
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "kinds": claim.kinds,
        "score": claim.score,
        "quantities": _as_decoded(
            claim.quantities if isinstance(claim.quantities, list) else [claim.quantities]
        ),
        "attributions": claim.attributions,
        "dates": claim.dates,
        "status": claim.status,
        "verdict": verdict.name if verdict else "",
        "rating_value": verdict.value if verdict else None,
        "best_rating": verdict.scale.best_value if verdict else None,
        "worst_rating": verdict.scale.worst_value if verdict else None,
        "rationale": claim.rationale,
        "reviewer": claim.verdict_by.username if claim.verdict_by else "",
        "approver": claim.approved_by.username if claim.approved_by else "",
        "created_at": _iso(claim.created_at),
        "updated_at": _iso(claim.updated_at),
        "verdict_origin": claim.verdict_origin,
        "verdict_mixed": claim.derived_mixed,
        "evidence": evidence(Evidence.objects.filter(claim=claim, fact=None)),
        "comments": comments(Comment.objects.filter(claim=claim, fact=None)),
        "history": [
            (_iso(h.history_date), h.history_user.username if h.history_user else "", h.status)
            for h in history
        ],
        "facts": [
            (
                f.pk,
                f.kind,
                f.text,
                f.statement,
                f.fields,
                f.status,
                f.verdict.name if f.verdict else "",
                f.rationale,
                _iso(f.updated_at),
                evidence(f.evidence.all()),
                comments(f.comments.all()),
            )
            for f in claim.facts.order_by("position", "id")
        ],
    }


def _as_read(row) -> dict:
    from dataclasses import astuple, fields

    values = {f.name: getattr(row, f.name) for f in fields(row)}
    values.pop("article_text")
    values["evidence"] = [astuple(e) for e in row.evidence]
    values["comments"] = [astuple(c) for c in row.comments]
    values["history"] = [astuple(h) for h in row.history]
    values["facts"] = [
        (
            f.fact_id,
            f.kind,
            f.text,
            f.statement,
            f.fields,
            f.status,
            f.verdict,
            f.rationale,
            f.updated_at,
            [astuple(e) for e in f.evidence],
            [astuple(c) for c in f.comments],
        )
        for f in row.facts
    ]
    return values


@pytest.mark.parametrize("joined", [True, False], ids=["joined", "per-claim"])
def test_the_rows_carry_what_the_models_hold_whatever_the_text(desk, reviewer, editor, joined):
    """Dates with microseconds and without, hostile and unicode text, control characters,
    big and odd numbers, JSON that is not a list, sources without a title or a url,
    archived copies, authorless comments: the one query writes each as the models hold it
    (SQLite and PostgreSQL; on PostgreSQL items aggregated for all claims or per claim)."""
    from claims.selectors_export import JOIN_ROWS, export_claims

    _tricky_desk(reviewer, editor)
    for filters in (ExportFilters(), ExportFilters(statuses=("published", "new", "in_review"))):
        expected_rows = None if joined else JOIN_ROWS - 1
        rows = list(export_rows(filters, expected_rows=expected_rows))
        claims = export_claims(filters).select_related(
            "article", "verdict__scale", "derived_verdict__scale", "verdict_by", "approved_by"
        )
        expected = [_expected(c) for c in claims.order_by("pk")]
        assert [_as_read(r) for r in rows] == expected
        assert len(rows) > 3


def test_the_report_order_sends_the_article_text_once_per_article(desk, reviewer, editor):
    _tricky_desk(reviewer, editor)
    rows = list(export_rows(ExportFilters(), order="article"))
    assert [(r.article_id, r.position) for r in rows] == sorted(
        (r.article_id, r.position) for r in rows
    )
    texts = {}
    for row in rows:
        if row.article_text:
            assert row.article_id not in texts
            texts[row.article_id] = row.article_text
    assert (
        texts == {a.pk: a.text for a in Article.objects.filter(pk__in=texts) if a.text}
        and len(texts) >= 2
    )


def test_fields_a_format_does_not_read_are_not_fetched(desk):
    rows = list(export_rows(ExportFilters(), fields=frozenset({"claim_id", "evidence"})))
    assert len(rows) == 4
    assert all(r.text is None and r.comments == () and r.history == () for r in rows)
    assert any(r.evidence for r in rows)
    with pytest.raises(ValueError, match="Unknown claim fields: nonsense"):
        list(export_rows(ExportFilters(), fields=frozenset({"claim_id", "nonsense"})))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL streams the rows by COPY")
def test_an_export_job_restores_the_session_it_read_in(desk):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    job, data = run("jsonl")
    assert len(data.splitlines()) == 4 == job.done
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == jit
