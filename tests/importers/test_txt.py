from __future__ import annotations

import codecs
import datetime
import time
from pathlib import Path

import pytest

from claims.importers import ArticleDraft, ImportRefused, ItemError, Limits, detect_format, parse

from ._helpers import assert_readable, run

SAMPLE = Path("/work/shared/samples/ice-raids-mississippi-2019-08-08.txt")

ARTICLE = (
    "The town council voted 7 to 2 on Tuesday to close the old library.\n\n"
    "Council member Ana Ruiz said the building needed repairs costing 1.2 million euros."
)


def only_draft(data: bytes, name: str = "article.txt", **kwargs: object) -> ArticleDraft:
    items = run(data, name, **kwargs)
    assert len(items) == 1
    assert isinstance(items[0], ArticleDraft), items[0]
    return items[0]


def only_error(data: bytes, name: str = "article.txt", **kwargs: object) -> ItemError:
    items = run(data, name, **kwargs)
    assert len(items) == 1
    assert isinstance(items[0], ItemError), items[0]
    assert_readable(items[0].message)
    return items[0]


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_the_shared_sample_gets_its_inline_date_header_removed() -> None:
    draft = only_draft(SAMPLE.read_bytes(), SAMPLE.name)
    assert draft.published == datetime.date(2019, 8, 8)
    assert draft.text.startswith("About 300 of the 680")
    assert "2019-08-08" not in draft.text.splitlines()[0]
    assert draft.format == "txt"
    assert draft.item == SAMPLE.name
    assert draft.warnings == ()


def test_a_plain_article_without_header_is_kept_whole() -> None:
    draft = only_draft(ARTICLE.encode())
    assert draft.text == ARTICLE
    assert draft.published is None
    assert draft.title == ""


def test_a_colon_header_fills_the_metadata_and_is_removed() -> None:
    data = (
        "Title: Library to close\n"
        "Author: Jo Marsh\n"
        "Outlet: The Valley Post\n"
        "URL: https://example.org/news/library\n"
        "Published: 2021-03-04\n"
        "\n" + ARTICLE
    ).encode()
    draft = only_draft(data)
    assert draft.title == "Library to close"
    assert draft.author == "Jo Marsh"
    assert draft.outlet == "The Valley Post"
    assert draft.url == "https://example.org/news/library"
    assert draft.published == datetime.date(2021, 3, 4)
    assert draft.text == ARTICLE


def test_header_keys_are_case_insensitive_and_may_omit_the_colon() -> None:
    data = ("DATE 2020-01-31\ntitle Budget passes\n\n" + ARTICLE).encode()
    draft = only_draft(data)
    assert draft.published == datetime.date(2020, 1, 31)
    assert draft.title == "Budget passes"
    assert draft.text == ARTICLE


def test_an_inline_url_header_is_followed_by_the_body() -> None:
    draft = only_draft(("url https://example.org/a " + ARTICLE).encode())
    assert draft.url == "https://example.org/a"
    assert draft.text == ARTICLE


def test_a_month_name_date_is_understood() -> None:
    draft = only_draft(("Date: August 8, 2019\n\n" + ARTICLE).encode())
    assert draft.published == datetime.date(2019, 8, 8)


def test_a_first_sentence_that_starts_like_a_header_word_is_not_taken_as_header() -> None:
    # Not a "title" header line ("insurance costs ..." is no title); since headlines
    # became titles, this line (short, no period, then a blank line) is the headline,
    # whole, and no longer the body's first line.
    text = "Title insurance costs rose sharply in 2020\n\n" + ARTICLE
    draft = only_draft(text.encode())
    assert draft.title == "Title insurance costs rose sharply in 2020"
    assert draft.text == ARTICLE
    run_on = "Title insurance costs rose sharply in 2020\n" + ARTICLE
    draft = only_draft(run_on.encode())
    assert draft.title == ""
    assert draft.text == run_on
    prose = "Date night is back, the mayor said on Friday.\n" + ARTICLE
    assert only_draft(prose.encode()).text == prose


def test_an_impossible_header_date_keeps_the_article_with_no_date_and_a_warning() -> None:
    # Choice: an article is worth more than its date, so a bad date is
    # dropped with a warning naming it instead of losing the article.
    draft = only_draft(("date 2019-02-30\n" + ARTICLE).encode())
    assert draft.published is None
    assert draft.text == ARTICLE
    assert len(draft.warnings) == 1
    assert "2019-02-30" in draft.warnings[0]
    assert_readable(draft.warnings[0])


def test_it_tolerates_a_utf8_bom_and_crlf_line_endings() -> None:
    data = (
        codecs.BOM_UTF8
        + ("Title: Caf\u00e9 opens\r\n\r\n" + ARTICLE).replace("\n", "\r\n").encode()
    )
    draft = only_draft(data)
    assert draft.title == "Caf\u00e9 opens"
    assert draft.text == ARTICLE


def test_it_reads_utf16_with_a_bom() -> None:
    draft = only_draft(("Title: Zürich\n\n" + ARTICLE).encode("utf-16"))
    assert draft.title == "Zürich"
    assert draft.text == ARTICLE


def test_it_detects_a_legacy_encoding_with_charset_normalizer() -> None:
    text = (
        "Le conseil municipal a voté mardi la fermeture de la bibliothèque. "
        "Selon la maire, les réparations coûteraient trop cher à la ville, "
        "et les élèves déménageront à l'école voisine dès la rentrée prochaine."
    )
    draft = only_draft(text.encode("cp1252"))
    assert draft.text == text


def test_nul_bytes_in_text_are_removed() -> None:
    draft = only_draft(b"The vote\x00 was 7 to 2.\x00")
    assert draft.text == "The vote was 7 to 2."


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(ImportRefused, match="empty"):
        run(b"", "empty.txt")


def test_it_refuses_a_whitespace_only_file() -> None:
    with pytest.raises(ImportRefused, match="blank") as caught:
        run(b"  \r\n\t\n   \n", "blank.txt")
    assert_readable(str(caught.value))


def test_a_whitespace_only_file_forced_to_txt_is_an_item_error() -> None:
    error = only_error(b" \n\n\t ", format="txt")
    assert "no article text" in error.message


def test_it_reports_undecodable_bytes_as_an_item_error() -> None:
    # A UTF-8 byte order mark followed by bytes that are not UTF-8.
    error = only_error(codecs.BOM_UTF8 + b"Vote \xff\xfe\xc3(\xa0 result")
    assert error.item == "article.txt"


def test_it_refuses_binary_junk_named_txt() -> None:
    junk = bytes(range(256)) * 64
    with pytest.raises(ImportRefused, match="binary") as caught:
        run(junk, "notes.txt")
    assert_readable(str(caught.value))


def test_binary_junk_forced_to_txt_is_an_item_error() -> None:
    only_error(bytes(range(256)) * 64, format="txt")


def test_it_refuses_a_50_mb_single_line_file_quickly() -> None:
    data = b"x" * (50 * 2**20)
    started = time.monotonic()
    error = only_error(data, "huge.txt")
    assert time.monotonic() - started < 2
    assert "10 MB" in error.message


def test_it_refuses_a_file_over_the_upload_limit() -> None:
    limits = Limits(max_upload_bytes=1000)
    with pytest.raises(ImportRefused, match="limit") as caught:
        parse(b"a" * 1001, name="big.txt", limits=limits)
    assert_readable(str(caught.value))


def test_detect_format_calls_plain_text_txt() -> None:
    assert detect_format(ARTICLE.encode(), "") == "txt"
    assert detect_format(ARTICLE.encode(), "a.md") == "txt"


# --- Byte order marks and text without words ----------------------------------------


def test_stray_byte_order_marks_inside_the_text_are_removed() -> None:
    data = (
        "\ufeffThe vote\ufeff was 7\ufeff to 2.\n\n\ufeffCouncil member Ana Ruiz said so."
    ).encode()
    draft = only_draft(data)
    assert draft.text == "The vote was 7 to 2.\n\nCouncil member Ana Ruiz said so."


def test_a_byte_order_mark_inside_a_header_does_not_hide_the_header() -> None:
    data = ("title: Library\n\ufeffurl: https://example.org/library\n\n" + ARTICLE).encode()
    draft = only_draft(data)
    assert draft.url == "https://example.org/library"
    assert "\ufeff" not in draft.text + draft.title + draft.url


@pytest.mark.parametrize(
    "text",
    [
        "!!! --- ??? *** ...",
        "12 34 56 78 90",
        "\u2014\u2014 \u2026 \U0001f600 \u2605",
        "\ufeff\u00a0\u2002 ... \ufeff ---",
    ],
)
def test_it_refuses_text_without_words(text: str) -> None:
    error = only_error(text.encode(), format="txt")
    assert "No words were found" in error.message


def test_text_in_any_script_has_words() -> None:
    draft = only_draft("市议会周二投票决定关闭旧图书馆。".encode())
    assert draft.text.startswith("市议会")


def test_a_javascript_url_header_is_left_out_with_a_warning() -> None:
    draft = only_draft(("url: javascript:alert(1)\n\n" + ARTICLE).encode())
    assert draft.url == ""
    assert draft.text == ARTICLE
    [warning] = draft.warnings
    assert "javascript:alert(1)" in warning and "left out" in warning
    assert_readable(warning)


HEADLINE = "Council closes the old library after 7 to 2 vote"


def test_a_headline_line_becomes_the_title_and_leaves_the_body() -> None:
    draft = only_draft((HEADLINE + "\n\n" + ARTICLE).encode())
    assert draft.title == HEADLINE
    assert draft.text == ARTICLE


def test_the_headline_is_not_extracted_as_the_first_claim() -> None:
    from claims.extraction import extract

    draft = only_draft((HEADLINE + "\n\n" + ARTICLE).encode())
    claims = extract(draft.text).claims
    assert claims, "the body still has its claims"
    assert claims[0].text.startswith("The town council voted 7 to 2")
    assert all(HEADLINE not in claim.text for claim in claims)


def test_a_headline_after_a_header_without_title_becomes_the_title() -> None:
    data = ("Outlet: The Valley Post\nDate: 2021-03-04\n\n" + HEADLINE + "\n\n" + ARTICLE).encode()
    draft = only_draft(data)
    assert draft.outlet == "The Valley Post"
    assert draft.title == HEADLINE
    assert draft.text == ARTICLE


def test_a_title_header_wins_over_a_headline_line() -> None:
    data = ("Title: Library to close\n\n" + HEADLINE + "\n\n" + ARTICLE).encode()
    draft = only_draft(data)
    assert draft.title == "Library to close"
    assert draft.text.startswith(HEADLINE + "\n\n")


def test_a_markdown_heading_is_a_headline_without_its_marks() -> None:
    draft = only_draft(("# " + HEADLINE + "\n\n" + ARTICLE).encode(), "article.md")
    assert draft.title == HEADLINE
    assert draft.text == ARTICLE


@pytest.mark.parametrize(
    "first_line",
    [
        # An opening sentence: it ends with a period.
        "The town council voted on Tuesday to close the old library.",
        "Officials said the count was “final.”",
        # A lead-in to what follows, and a byline.
        "The council published these figures:",
        "By Jo Marsh",
        # Too long for a headline.
        " ".join(["word"] * 21),
        # No letters at all.
        "2021-03-04",
    ],
)
def test_a_first_line_that_is_no_headline_stays_in_the_body(first_line: str) -> None:
    text = first_line + "\n\n" + ARTICLE
    draft = only_draft(text.encode())
    assert draft.title == ""
    assert draft.text == text


def test_a_lone_line_or_a_line_without_a_blank_after_it_is_no_headline() -> None:
    assert only_draft(HEADLINE.encode()).title == ""
    assert only_draft((HEADLINE + "\n\n").encode()).title == ""
    assert only_draft((HEADLINE + "\n" + ARTICLE).encode()).title == ""
