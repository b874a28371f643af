"""Labelled-data loaders: each format read from a tiny file written by the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.extraction.datasets import (
    clef2019_transcripts,
    detect_format,
    load_claimbuster,
    load_clef2019,
    load_clef2020,
    load_jsonl,
    load_labelled,
)


def _claimbuster(tmp_path: Path) -> Path:
    path = tmp_path / "claimbuster.json"
    items = [
        {"sentence_id": "1", "label": "1", "text": "Taxes rose 4 percent."},
        {"sentence_id": "2", "label": "0", "text": "I was in Ohio."},
        {"sentence_id": "3", "label": "-1", "text": "I think so."},
    ]
    path.write_text(json.dumps(items, indent=4), encoding="utf-8")
    return path


def _clef2019(tmp_path: Path) -> Path:
    folder = tmp_path / "clef2019"
    folder.mkdir()
    (folder / "b_debate.tsv").write_text(
        "1\tHOLT\tGood evening.\t0\n2\tTRUMP\tWe lost 70,000 factories.\t1\n", encoding="utf-8"
    )
    (folder / "a_speech.tsv").write_text("1\tOBAMA\tJobs grew for 75 months.\t1\n", "utf-8")
    return folder


def _clef2020(tmp_path: Path) -> Path:
    path = tmp_path / "tweets.tsv"
    header = "topic_id\ttweet_id\ttweet_url\ttweet_text\tclaim\tcheck_worthiness\n"
    rows = [
        'covid-19\t1\thttp://x/1\t"Cases doubled" in 3 days, says WHO\t1\t1\n',
        "covid-19\t2\thttp://x/2\tStay safe everyone!\t0\t0\n",
    ]
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "desk.jsonl"
    lines = [{"text": "The mayor cut 300 jobs.", "label": 1}, {"text": "Hello.", "label": 0}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    return path


def test_claimbuster_keeps_only_check_worthy_factual_sentences_as_positive(
    tmp_path: Path,
) -> None:
    assert list(load_claimbuster(_claimbuster(tmp_path))) == [
        ("Taxes rose 4 percent.", 1),
        ("I was in Ohio.", 0),
        ("I think so.", 0),
    ]


def test_clef2019_reads_a_directory_of_transcripts_in_name_order(tmp_path: Path) -> None:
    assert list(load_clef2019(_clef2019(tmp_path))) == [
        ("Jobs grew for 75 months.", 1),
        ("Good evening.", 0),
        ("We lost 70,000 factories.", 1),
    ]


def test_clef2019_keeps_the_grouping_by_transcript(tmp_path: Path) -> None:
    transcripts = clef2019_transcripts(_clef2019(tmp_path))
    assert list(transcripts) == ["a_speech", "b_debate"]
    assert transcripts["b_debate"] == [("Good evening.", 0), ("We lost 70,000 factories.", 1)]


def test_clef2019_reads_a_single_transcript_file(tmp_path: Path) -> None:
    path = _clef2019(tmp_path) / "a_speech.tsv"
    assert load_labelled(path) == [("Jobs grew for 75 months.", 1)]


def test_clef2020_reads_tweets_with_literal_quotes(tmp_path: Path) -> None:
    assert list(load_clef2020(_clef2020(tmp_path))) == [
        ('"Cases doubled" in 3 days, says WHO', 1),
        ("Stay safe everyone!", 0),
    ]


def test_jsonl_reads_text_and_label_and_skips_blank_lines(tmp_path: Path) -> None:
    assert list(load_jsonl(_jsonl(tmp_path))) == [("The mayor cut 300 jobs.", 1), ("Hello.", 0)]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_claimbuster, "claimbuster"),
        (_clef2019, "clef2019"),
        (_clef2020, "clef2020"),
        (_jsonl, "jsonl"),
    ],
)
def test_the_format_is_detected_from_the_content(tmp_path: Path, make, expected: str) -> None:
    path = make(tmp_path)
    assert detect_format(path) == expected
    pairs = load_labelled(path)
    assert pairs
    assert all(isinstance(text, str) and label in (0, 1) for text, label in pairs)


def test_an_unknown_format_is_refused_with_a_readable_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some prose, no labels at all\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown labelled-data format"):
        load_labelled(path)


def test_a_missing_path_is_refused_with_a_readable_message(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file"):
        load_labelled(tmp_path / "absent.json")


def test_a_label_that_is_not_a_number_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x", "label": "maybe"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1"):
        load_labelled(path)


def test_a_file_with_no_sentences_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(ValueError, match="no labelled sentences"):
        load_labelled(path)
