"""Hostile uploads through a whole import job: each ends as a readable per-item error,
nothing is half-written, and the valid file of the same upload is still imported.
(Each case is also tested at the parser level in tests/importers/.)"""

from __future__ import annotations

import io
import zipfile

import pytest

from claims.models import Article, Claim, JobStatus
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
