"""Hostile uploads through a whole import job: each ends as a readable per-item error,
nothing is half-written, and the valid file of the same upload is still imported.
(Each case is also tested at the parser level in tests/importers/.)"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from claims.models import Article, Claim, ImportJob, JobStatus
from claims.services.imports import import_job_create, import_job_run
from tests.importers._helpers import assert_readable

pytestmark = pytest.mark.django_db

GOOD = (
    "good.txt",
    b"title: Bridge\n\nThe city spent $4 million on the bridge in 2023, the mayor said.",
)


def _zip(entries: dict[str, bytes], *, level: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=level) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Text that compresses poorly, so that cutting the archive in half cuts into the entry.
_VARIED = " ".join(f"word{(i * 7919) % 10007}" for i in range(3000)).encode()
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>x</title>
<description>&lol3;</description></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title>
<description>&xxe;</description></item></channel></rss>"""

HOSTILE = {
    "empty": ("empty.txt", b""),
    "whitespace only": ("blank.txt", b"  \n\t \n"),
    "undecodable bytes": ("bad.txt", bytes(range(128, 256)) * 40),
    "binary junk named html": ("page.html", bytes(range(256)) * 64),
    "zip bomb": ("bomb.zip", _zip({"big.txt": b"A" * (8 * 2**20)})),
    "path traversal in zip": ("evil.zip", _zip({"../../etc/evil.txt": b"Some words here."})),
    "nested zip": ("outer.zip", _zip({"inner.zip": _zip({"a.txt": b"Words."})})),
    "truncated zip": ("cut.zip", _zip({"a.txt": _VARIED})[: len(_zip({"a.txt": _VARIED})) // 2]),
    "billion laughs feed": ("feed.xml", BILLION_LAUGHS),
    "external entity feed": ("feed.rss", EXTERNAL_ENTITY),
    "csv without text column": ("rows.csv", b"title,url\nA,https://a.example\n"),
    "json nested 100000 deep": ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    "word document": (
        "report.docx",
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
    ),
    "html page holding only navigation": (
        "menu.html",
        b'<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        b"<footer>Copyright 2024</footer></body></html>",
    ),
    "text without words": ("dashes.txt", "---- !!! ???\n\n*** 12 *** \u2026".encode()),
    "text of byte order marks and symbols": (
        "marks.txt",
        "\ufeff\u2014\ufeff \u2605\ufeff".encode(),
    ),
}


@pytest.fixture(autouse=True)
def _small_limits(settings):
    # The same checks as the production defaults, at sizes a test can build quickly.
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 2**20
    settings.FACTCHECK_MAX_ZIP_BYTES = 4 * 2**20


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_file_fails_alone_with_a_readable_error(case: str):
    name, data = HOSTILE[case]
    job = import_job_create(files=[GOOD, (name, data)])

    job = import_job_run(job_id=job.pk)

    assert job.status == JobStatus.SUCCEEDED
    assert job.summary["imported"] == 1
    assert job.summary["failed"] >= 1
    assert all(error["item"].startswith(name.rsplit(".", 1)[0]) for error in job.errors)
    for error in job.errors:
        assert_readable(error["message"])
    article = Article.objects.get()
    assert "bridge" in article.text
    assert Claim.objects.exclude(article=article).count() == 0


def test_nul_bytes_are_removed_so_postgresql_accepts_the_text():
    job = import_job_create(files=[("nul.txt", b"Police arrested 12 people\x00 on Monday.")])

    job = import_job_run(job_id=job.pk)

    assert job.summary["imported"] == 1
    assert "\x00" not in Article.objects.get().text


def test_an_impossible_header_date_keeps_the_article_without_a_date():
    job = import_job_create(files=[("d.txt", b"date: 2019-02-30\n\nPolice arrested 12 people.")])

    job = import_job_run(job_id=job.pk)

    assert job.summary["imported"] == 1
    assert Article.objects.get().published is None
    [warning] = job.errors
    assert warning["level"] == "warning" and "2019-02-30" in warning["message"]
    assert job.summary["warnings"] == 1 and job.summary["failed"] == 0


def _only_error(job: ImportJob) -> dict[str, str]:
    [error] = job.errors
    assert_readable(error["message"])
    return error


def test_a_csv_with_one_huge_cell_loses_only_that_row():
    # The parser-level test uses a 50 MB cell at the default limits; here the article
    # limit is 1 MB (see _small_limits), so a 5 MB cell is as far over it.
    huge = "A very long paragraph about the harbour. " * 128_000
    rows = (
        "title,text\n"
        'Buses,"The regional bus company added 40 buses to its fleet this spring."\n'
        f'Huge,"{huge}\n\nThe end."\n'
        'Rain,"Rainfall in March was 30 percent below the ten-year average."\n'
    )
    job = import_job_create(files=[GOOD, ("batch.csv", rows.encode())])

    job = import_job_run(job_id=job.pk)

    assert job.status == JobStatus.SUCCEEDED
    assert (job.summary["imported"], job.summary["failed"]) == (3, 1)
    error = _only_error(job)
    assert error["item"] == "batch.csv:3" and "1 MB" in error["message"]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Bridge", "Buses", "Rain"]


def test_a_csv_row_with_more_cells_than_the_header_is_imported_with_a_warning():
    rows = (
        "title,text\n"
        'Buses,"The regional bus company added 40 buses to its fleet this spring.",oops\n'
        'Rain,"Rainfall in March was 30 percent below the ten-year average."\n'
    )
    job = import_job_create(files=[GOOD, ("batch.csv", rows.encode())])

    job = import_job_run(job_id=job.pk)

    assert (job.summary["imported"], job.summary["failed"], job.summary["warnings"]) == (3, 0, 1)
    warning = _only_error(job)
    assert warning["item"] == "batch.csv:2" and warning["level"] == "warning"
    assert "extra cell" in warning["message"]
    assert "1 warning" in job.message
    assert Article.objects.get(title="Buses").text.endswith("this spring.")


def test_an_article_url_that_is_not_http_is_left_out_with_a_warning():
    lines = [
        {"title": "Buses", "url": "javascript:alert(1)", "text": "The city added 40 buses."},
        {"title": "Rain", "url": "https://example.org/rain", "text": "March was 30 percent dry."},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    job = import_job_create(files=[GOOD, ("batch.jsonl", data)])

    job = import_job_run(job_id=job.pk)

    assert (job.summary["imported"], job.summary["failed"]) == (3, 0)
    warning = _only_error(job)
    assert warning["item"] == "batch.jsonl:1" and "javascript:alert(1)" in warning["message"]
    assert Article.objects.get(title="Buses").url == ""
    assert Article.objects.get(title="Rain").url == "https://example.org/rain"
    assert not Article.objects.filter(url__icontains="javascript").exists()


def test_stray_byte_order_marks_are_removed_and_claim_offsets_still_match():
    text = "\ufeffPolice \ufeffarrested 12 people\ufeff on Monday, the mayor said.\ufeff"
    job = import_job_create(files=[GOOD, ("marks.txt", text.encode())])

    job = import_job_run(job_id=job.pk)

    assert (job.summary["imported"], job.summary["failed"]) == (2, 0), job.errors
    article = Article.objects.get(text__startswith="Police")
    assert article.text == "Police arrested 12 people on Monday, the mayor said."
    assert article.claims.exists()
    for claim in article.claims.all():
        assert article.text[claim.start : claim.end] == claim.text
