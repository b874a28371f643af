from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.importers import FORMATS, ArticleDraft, ImportRefused, ItemError, detect_format, parse

from ._helpers import SMALL, assert_readable


def office_zip(names: list[str], mimetype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype)
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def test_the_registry_lists_every_format() -> None:
    assert set(FORMATS) == {"txt", "html", "jsonl", "json", "csv", "zip", "feed"}


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (office_zip(["[Content_Types].xml", "word/document.xml"]), "Word document (.docx)"),
        (office_zip(["[Content_Types].xml", "xl/workbook.xml"]), "Excel spreadsheet (.xlsx)"),
        (
            office_zip(["content.xml"], "application/vnd.oasis.opendocument.text"),
            "OpenDocument text",
        ),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Microsoft Office document"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG image"),
    ],
    ids=["docx", "xlsx", "odt", "pdf", "doc", "png"],
)
def test_it_refuses_unsupported_formats_naming_them(data: bytes, named: str) -> None:
    # The extension is deliberately misleading: content decides.
    with pytest.raises(ImportRefused) as caught:
        detect_format(data, "article.txt")
    assert named in str(caught.value)
    assert_readable(str(caught.value))
    with pytest.raises(ImportRefused):
        list(parse(data, name="article.txt"))


def test_an_office_file_inside_a_zip_is_an_item_error_naming_it() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.docx", office_zip(["[Content_Types].xml", "word/document.xml"]))
        archive.writestr("scan.pdf", b"%PDF-1.4 ...")
        archive.writestr("note.txt", "The bridge reopens on Friday, the council said.")
    items = list(parse(buffer.getvalue(), name="upload.zip"))
    assert isinstance(items[-1], ArticleDraft)
    assert isinstance(items[1], ItemError) and "PDF" in items[1].message
    assert isinstance(items[0], ItemError)


def test_content_wins_over_a_misleading_extension() -> None:
    assert detect_format(b'[{"text": "The bridge reopens."}]', "notes.txt") == "json"
    assert detect_format(b"<rss version='2.0'><channel></channel></rss>", "page.html") == "feed"
    assert detect_format(b"[Editor's note] The bridge reopens on Friday.", "") == "txt"
    # A batch whose fields hold whole pages is still a batch, not a page.
    assert detect_format(b'[{"html": "<!DOCTYPE html><html><body>x</body></html>"}]', "") == "json"
    assert detect_format(b'title,html\nA,"<html><body>x</body></html>"\n', "") == "csv"


def test_the_extension_decides_only_when_content_is_ambiguous() -> None:
    plain = b"Mayor, council and staff met on Friday."
    assert detect_format(plain, "") == "txt"
    assert detect_format(plain, "list.csv") == "csv"


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(ImportRefused, match="docx"):
        parse(b"hello", name="a", format="docx")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=2048),
    st.sampled_from(["", "a.txt", "a.html", "a.csv", "a.json", "a.jsonl", "a.zip", "a.xml"]),
)
def test_parse_on_arbitrary_bytes_never_raises_anything_but_import_refused(
    data: bytes, name: str
) -> None:
    try:
        items = list(parse(data, name=name, limits=SMALL))
    except ImportRefused as exc:
        assert_readable(str(exc))
        return
    for item in items:
        assert isinstance(item, (ArticleDraft, ItemError))
        if isinstance(item, ItemError):
            assert_readable(item.message)
            # The safety net in parse() must not be what kept us alive.
            assert "unexpected problem" not in item.message
        else:
            assert item.text and "\x00" not in item.text


structured = st.one_of(
    st.just(b"<rss><channel><item><description>"),
    st.just(b'{"text": '),
    st.just(b"title,text\n"),
    st.just(b"PK\x03\x04"),
    st.just(b"<html><body><p>"),
    st.just(b"date 2019-02-30 "),
)


@settings(max_examples=200, deadline=None)
@given(structured, st.binary(max_size=512), st.sampled_from(FORMATS))
def test_parse_with_any_forced_format_never_raises_anything_but_import_refused(
    prefix: bytes, tail: bytes, format: str
) -> None:
    try:
        items = list(parse(prefix + tail, name="x", format=format, limits=SMALL))
    except ImportRefused:
        return
    assert all(isinstance(item, (ArticleDraft, ItemError)) for item in items)
    assert not any(
        isinstance(item, ItemError) and "unexpected problem" in item.message for item in items
    )
