from __future__ import annotations

import datetime
import json

import pytest

from claims.importers import ArticleDraft, ItemError, detect_format

from ._helpers import SMALL, assert_readable, drafts, errors, run

BODY_A = "The regional bus company added 40 buses to its fleet this spring, its director said."
BODY_B = "Rainfall in March was 30 percent below the ten-year average, the weather office reported."


def record(body: str, **extra: object) -> dict[str, object]:
    return {
        "title": "A title",
        "url": "https://example.org/x",
        "published": "2022-05-06",
        "text": body,
        **extra,
    }


# --- JSON Lines -------------------------------------------------------------


def test_json_lines_import_one_draft_per_line_with_line_numbers() -> None:
    data = (
        json.dumps(record(BODY_A, author="Kim Lee", outlet="Daily"))
        + "\n\n"
        + json.dumps(record(BODY_B))
        + "\n"
    ).encode()
    assert detect_format(data, "batch") == "jsonl"
    items = run(data, "batch.jsonl")
    assert [type(item) for item in items] == [ArticleDraft, ArticleDraft]
    first, second = items
    assert isinstance(first, ArticleDraft) and isinstance(second, ArticleDraft)
    assert (first.item, second.item) == ("batch.jsonl:1", "batch.jsonl:3")
    assert first.text == BODY_A
    assert first.author == "Kim Lee"
    assert first.outlet == "Daily"
    assert first.published == datetime.date(2022, 5, 6)
    assert first.format == "jsonl"


def test_json_lines_whose_last_line_is_cut_keep_earlier_lines_and_name_the_cut_line() -> None:
    full = json.dumps(record(BODY_B))
    data = (
        json.dumps(record(BODY_A))
        + "\n"
        + json.dumps(record(BODY_A))
        + "\n"
        + full[: len(full) // 2]
    ).encode()
    items = run(data, "batch.jsonl")
    assert len(drafts(items)) == 2
    [error] = errors(items)
    assert error.item == "batch.jsonl:3"
    assert "Line 3" in error.message
    assert_readable(error.message)


def test_json_lines_with_wrong_field_types_give_an_item_error_naming_the_field() -> None:
    data = (
        json.dumps(record(BODY_A))
        + "\n"
        + json.dumps(record(BODY_B, title=42))
        + "\n"
        + json.dumps({"text": ["a"]})
    ).encode()
    items = run(data, "batch.jsonl")
    assert isinstance(items[0], ArticleDraft)
    assert (
        isinstance(items[1], ItemError)
        and "'title'" in items[1].message
        and "number" in items[1].message
    )
    assert isinstance(items[2], ItemError) and "'text'" in items[2].message
    for error in errors(items):
        assert_readable(error.message)


def test_a_json_line_that_is_not_an_object_is_an_item_error() -> None:
    data = (json.dumps(record(BODY_A)) + "\n[1, 2]\n").encode()
    items = run(data, "batch.jsonl")
    assert isinstance(items[1], ItemError) and items[1].item == "batch.jsonl:2"


def test_a_json_line_without_text_is_an_item_error() -> None:
    data = (json.dumps({"title": "Only a title"}) + "\n" + json.dumps(record(BODY_A))).encode()
    items = run(data, "batch.jsonl")
    assert isinstance(items[0], ItemError) and "'text'" in items[0].message
    assert isinstance(items[1], ArticleDraft)


def test_json_lines_nested_100000_deep_give_a_readable_error() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    data = (json.dumps(record(BODY_A)) + "\n" + deep + "\n").encode()
    items = run(data, "batch.jsonl")
    assert isinstance(items[0], ArticleDraft)
    assert isinstance(items[1], ItemError) and "deep" in items[1].message


def test_null_fields_count_as_missing() -> None:
    data = json.dumps({"text": BODY_A, "title": None, "published": None}).encode()
    [draft] = run(data, "one.jsonl")
    assert isinstance(draft, ArticleDraft)
    assert draft.title == "" and draft.published is None


# --- JSON -------------------------------------------------------------------


def test_a_json_array_imports_every_object() -> None:
    data = json.dumps([record(BODY_A), record(BODY_B)], indent=2).encode()
    assert detect_format(data, "export.json") == "json"
    items = run(data, "export.json")
    assert [item.item for item in items] == ["export.json#1", "export.json#2"]
    assert all(isinstance(item, ArticleDraft) and item.format == "json" for item in items)


def test_a_pretty_printed_single_json_object_is_one_article() -> None:
    data = json.dumps(record(BODY_A), indent=2).encode()
    [draft] = run(data, "one.json")
    assert isinstance(draft, ArticleDraft) and draft.text == BODY_A


def test_json_with_an_html_field_gets_visible_text_only() -> None:
    html = (
        "<p>"
        + BODY_A
        + "</p><script>document.write('SCRIPT-TEXT')</script><img src=x onerror=\"alert('HANDLER')\">"
    )
    data = json.dumps([{"title": "T", "html": html}]).encode()
    [draft] = run(data, "export.json")
    assert isinstance(draft, ArticleDraft)
    assert BODY_A in draft.text
    assert "SCRIPT-TEXT" not in draft.text and "HANDLER" not in draft.text and "<" not in draft.text


def test_json_nested_100000_deep_gives_a_readable_error_not_a_recursion_error() -> None:
    data = ("[" * 100_000 + "]" * 100_000).encode()
    [error] = run(data, "deep.json")
    assert isinstance(error, ItemError)
    assert "nested too deeply" in error.message
    assert_readable(error.message)


def test_truncated_json_is_a_readable_error() -> None:
    data = json.dumps([record(BODY_A), record(BODY_B)]).encode()[:-30]
    [error] = run(data, "export.json")
    assert isinstance(error, ItemError) and "not valid JSON" in error.message
    assert_readable(error.message)


def test_a_json_array_with_a_bad_element_keeps_the_good_ones() -> None:
    data = json.dumps(
        [record(BODY_A), "just a string", record(BODY_B, published=20220506)]
    ).encode()
    items = run(data, "export.json")
    assert isinstance(items[0], ArticleDraft)
    assert isinstance(items[1], ItemError) and items[1].item == "export.json#2"
    assert isinstance(items[2], ItemError) and "'published'" in items[2].message


def test_an_impossible_date_in_a_record_keeps_the_article_with_a_warning() -> None:
    [draft] = run(json.dumps([record(BODY_A, published="2019-02-30")]).encode(), "export.json")
    assert isinstance(draft, ArticleDraft)
    assert draft.published is None and "2019-02-30" in draft.warnings[0]


# --- CSV --------------------------------------------------------------------


def test_a_comma_csv_imports_every_row() -> None:
    data = f'title,url,published,text\nBuses,https://example.org/b,2022-05-06,"{BODY_A}"\nRain,,,"{BODY_B}"\n'.encode()
    assert detect_format(data, "") == "csv"
    items = run(data, "batch.csv")
    assert [item.item for item in items] == ["batch.csv:2", "batch.csv:3"]
    first = items[0]
    assert isinstance(first, ArticleDraft)
    assert (first.title, first.url, first.published, first.text) == (
        "Buses",
        "https://example.org/b",
        datetime.date(2022, 5, 6),
        BODY_A,
    )


def test_a_semicolon_csv_with_a_bom_imports_fine() -> None:
    data = (
        "\ufefftitle;text;author\r\nBuses;" + BODY_A + ";Kim Lee\r\nRain;" + BODY_B + ";\r\n"
    ).encode()
    items = run(data, "batch.csv")
    assert len(drafts(items)) == 2, items
    assert drafts(items)[0].author == "Kim Lee"


def test_a_tab_separated_file_imports_fine() -> None:
    data = ("title\ttext\nBuses\t" + BODY_A + "\n").encode()
    [draft] = run(data, "batch.tsv")
    assert isinstance(draft, ArticleDraft) and draft.text == BODY_A


def test_a_csv_without_a_text_column_is_a_readable_error() -> None:
    data = b"title,url\nBuses,https://example.org/b\n"
    [error] = run(data, "batch.csv")
    assert isinstance(error, ItemError)
    assert "'text'" in error.message and "title, url" in error.message
    assert_readable(error.message)


def test_a_csv_row_with_fewer_cells_than_the_header_is_an_item_error_and_good_rows_still_import() -> (
    None
):
    data = f'title,text\nBuses,"{BODY_A}"\nShort\nRain,"{BODY_B}"\n'.encode()
    items = run(data, "batch.csv")
    assert len(drafts(items)) == 2
    [short] = errors(items)
    assert short.item == "batch.csv:3"
    assert "1 cells but the header has 2 columns" in short.message
    assert_readable(short.message)


def test_a_csv_row_with_more_cells_than_the_header_is_imported_with_a_warning() -> None:
    data = f'title,text\nBuses,"{BODY_A}"\nOops,"{BODY_B}",extra\nRain,"{BODY_B}"\n'.encode()
    items = run(data, "batch.csv")
    assert errors(items) == []
    first, extra, last = items
    assert isinstance(extra, ArticleDraft)
    assert (extra.item, extra.title, extra.text) == ("batch.csv:3", "Oops", BODY_B)
    [warning] = extra.warnings
    assert "line 3 has 3 cells but the header has 2 columns" in warning
    assert "ignored" in warning
    assert_readable(warning)
    assert first.warnings == () and last.warnings == ()  # type: ignore[union-attr]


def test_empty_extra_cells_from_trailing_delimiters_need_no_warning() -> None:
    data = f'title,text\nBuses,"{BODY_A}",,\n'.encode()
    [draft] = run(data, "batch.csv")
    assert isinstance(draft, ArticleDraft) and draft.warnings == ()


def test_a_csv_with_one_50_mb_cell_loses_only_that_row() -> None:
    # Default limits: 10 MB per article. The huge cell is on line 3, quoted over
    # several lines; the rows before and after it are valid.
    huge = "A very long paragraph. " * 2_300_000 + "\n\nMore."
    assert len(huge) > 50 * 10**6
    data = (
        f'title,text\nBuses,"{BODY_A}"\nHuge,"{huge}"\nRain,"{BODY_B}"\nWind,"{BODY_A} Wind."\n'
    ).encode()
    items = run(data, "batch.csv")
    assert [draft.title for draft in drafts(items)] == ["Buses", "Rain", "Wind"]
    [error] = errors(items)
    assert error.item == "batch.csv:3"
    assert "10 MB" in error.message and "column 'text'" in error.message
    assert_readable(error.message)


def test_an_oversized_metadata_cell_is_refused_with_its_row_only() -> None:
    limits = SMALL
    big_title = "T" * (limits.max_article_bytes + 1)
    data = f'title,text\n{big_title},"{BODY_A}"\nRain,"{BODY_B}"\n'.encode()
    items = run(data, "batch.csv", limits=limits)
    assert [draft.title for draft in drafts(items)] == ["Rain"]
    [error] = errors(items)
    assert error.item == "batch.csv:2" and "column 'title'" in error.message


def test_a_csv_cell_can_hold_a_multi_line_article_larger_than_the_csv_default_limit() -> None:
    body = ("A long paragraph about the harbour. " * 5000).strip()
    data = f'title,text\nHarbour,"{body}\n\nSecond paragraph."\n'.encode()
    [draft] = run(data, "batch.csv")
    assert isinstance(draft, ArticleDraft) and draft.text.endswith("Second paragraph.")


@pytest.mark.parametrize("name", ["batch.csv", "batch.jsonl", "export.json"])
def test_files_with_only_a_header_or_nothing_useful_are_readable_errors(name: str) -> None:
    data = {"batch.csv": b"title,text\n", "batch.jsonl": b"\n\n{}\n", "export.json": b"[]"}[name]
    items = run(data, name)
    assert items and all(isinstance(item, ItemError) for item in items)


def test_a_json_record_whose_html_holds_only_navigation_is_refused() -> None:
    page = '<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav></body></html>'
    data = json.dumps([record(BODY_A), {"title": "Menu", "html": page}]).encode()
    first, second = run(data, "export.json")
    assert isinstance(first, ArticleDraft)
    assert isinstance(second, ItemError) and second.item == "export.json#2"
    assert "No article text was found" in second.message
    assert_readable(second.message)
