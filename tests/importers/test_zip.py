from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest

from claims.importers import ArticleDraft, ImportRefused, ItemError, Limits, detect_format

from ._helpers import SMALL, assert_readable, drafts, errors, run

BODY = "The water board said 3,400 homes were without running water on Sunday after a main burst."
OTHER = "Volunteers handed out 12,000 bottles of water at the town hall, the mayor's office said."


def make_zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_of_mixed_formats_imports_every_article_with_entry_names() -> None:
    data = make_zip(
        {
            "a.txt": ("date 2021-06-01 " + BODY).encode(),
            "folder/": b"",
            "folder/b.jsonl": (
                json.dumps({"text": OTHER}) + "\n" + json.dumps({"text": BODY})
            ).encode(),
            "c.csv": f'title,text\nWater,"{OTHER}"\n'.encode(),
            "__MACOSX/._a.txt": b"\x00\x05\x16\x07junk",
        }
    )
    assert detect_format(data, "upload.zip") == "zip"
    items = run(data, "upload.zip")
    assert [item.item for item in items] == [
        "upload.zip/a.txt",
        "upload.zip/folder/b.jsonl:1",
        "upload.zip/folder/b.jsonl:2",
        "upload.zip/c.csv:2",
    ]
    assert all(isinstance(item, ArticleDraft) for item in items)
    assert items[0].text == BODY and items[0].format == "txt"


def test_valid_zip_entries_still_import_when_other_entries_fail() -> None:
    data = make_zip(
        {
            "good.txt": BODY.encode(),
            "junk.txt": bytes(range(256)) * 8,
            "empty.txt": b"",
            "good2.txt": OTHER.encode(),
        }
    )
    items = run(data, "upload.zip")
    assert [draft.text for draft in drafts(items)] == [BODY, OTHER]
    assert [error.item for error in errors(items)] == [
        "upload.zip/junk.txt",
        "upload.zip/empty.txt",
    ]
    for error in errors(items):
        assert_readable(error.message)


def test_it_refuses_a_zip_bomb_that_exceeds_the_uncompressed_cap() -> None:
    zeros = b"\x00" * (3 * 2**20)  # compresses to a few KB, over SMALL's 2 MB cap
    data = make_zip({"bomb.txt": zeros, "fine.txt": BODY.encode()})
    assert len(data) < 50_000
    items = run(data, "upload.zip", limits=SMALL)
    [error] = errors(items)
    assert error.item == "upload.zip/bomb.txt"
    assert "2 MB" in error.message
    assert_readable(error.message)
    assert [draft.text for draft in drafts(items)] == [BODY]


def _lie_about_size(data: bytes, declared: int) -> bytes:
    """Rewrite the uncompressed size in the local and central headers."""
    patched = bytearray(data)
    local = patched.find(b"PK\x03\x04")
    struct.pack_into("<I", patched, local + 22, declared)
    central = patched.find(b"PK\x01\x02")
    struct.pack_into("<I", patched, central + 24, declared)
    return bytes(patched)


def test_it_refuses_a_zip_bomb_whose_declared_size_lies() -> None:
    data = _lie_about_size(make_zip({"bomb.txt": b"A" * (3 * 2**20)}), declared=100)
    [error] = run(data, "upload.zip", limits=SMALL)
    assert isinstance(error, ItemError)
    assert error.item == "upload.zip/bomb.txt"
    assert_readable(error.message)


def test_real_bytes_are_counted_even_when_many_entries_each_stay_under_the_per_file_cap() -> None:
    limits = Limits(
        max_article_bytes=2**20, max_upload_bytes=2**20, max_zip_uncompressed_bytes=2 * 2**20
    )
    line = json.dumps({"text": BODY}).encode() + b"\n"
    chunk = line * (900_000 // len(line))
    data = make_zip({f"part{index}.jsonl": chunk for index in range(4)})
    items = run(data, "upload.zip", limits=limits)
    skipped = [error for error in errors(items) if "in total" in error.message]
    assert [error.item for error in skipped] == ["upload.zip/part2.jsonl", "upload.zip/part3.jsonl"]


def test_it_refuses_zip_entries_with_dotdot_in_their_path() -> None:
    data = make_zip(
        {
            "../../etc/evil.txt": BODY.encode(),
            "ok.txt": OTHER.encode(),
            "a/../../b.txt": BODY.encode(),
        }
    )
    items = run(data, "upload.zip")
    assert [draft.text for draft in drafts(items)] == [OTHER]
    assert len(errors(items)) == 2
    for error in errors(items):
        assert "outside the archive" in error.message


def test_it_refuses_zip_entries_with_absolute_paths() -> None:
    data = make_zip(
        {"/etc/evil.txt": BODY.encode(), "C:/evil.txt": BODY.encode(), "ok.txt": OTHER.encode()}
    )
    items = run(data, "upload.zip")
    assert len(drafts(items)) == 1
    assert all("outside the archive" in error.message for error in errors(items))
    assert len(errors(items)) == 2


def test_it_refuses_a_zip_nested_inside_a_zip() -> None:
    inner = make_zip({"inner.txt": BODY.encode()})
    data = make_zip({"inner.zip": inner, "disguised.txt": inner, "ok.txt": OTHER.encode()})
    items = run(data, "upload.zip")
    assert [draft.text for draft in drafts(items)] == [OTHER]
    nested = errors(items)
    assert [error.item for error in nested] == ["upload.zip/inner.zip", "upload.zip/disguised.txt"]
    assert all("inside archives" in error.message for error in nested)


def test_it_refuses_a_truncated_zip() -> None:
    data = make_zip({"a.txt": BODY.encode() * 50, "b.txt": OTHER.encode() * 50})
    with pytest.raises(ImportRefused, match="damaged") as caught:
        run(data[: len(data) // 2], "upload.zip")
    assert_readable(str(caught.value))


def test_it_refuses_a_zip_with_too_many_entries() -> None:
    data = make_zip({f"{index}.txt": BODY.encode() for index in range(SMALL.max_zip_entries + 1)})
    with pytest.raises(ImportRefused, match="entries") as caught:
        run(data, "upload.zip", limits=SMALL)
    assert_readable(str(caught.value))


def test_a_corrupted_entry_is_an_item_error_and_others_still_import() -> None:
    data = bytearray(make_zip({"a.txt": BODY.encode() * 20, "b.txt": OTHER.encode()}))
    start = data.find(b"a.txt") + len("a.txt")
    data[start + 5 : start + 25] = b"\xff" * 20  # damage a.txt's compressed bytes
    items = run(bytes(data), "upload.zip")
    assert [draft.text for draft in drafts(items)] == [OTHER]
    [error] = errors(items)
    assert error.item == "upload.zip/a.txt"
    assert_readable(error.message)


def test_an_empty_zip_is_a_readable_error() -> None:
    [error] = run(make_zip({}), "upload.zip")
    assert isinstance(error, ItemError)
    assert_readable(error.message)


def test_a_zip_never_touches_the_disk(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the importer tried to open a file")

    data = make_zip({"a.txt": BODY.encode()})
    monkeypatch.setattr("builtins.open", refuse)
    [draft] = run(data, "upload.zip")
    assert isinstance(draft, ArticleDraft)
