"""The `extract` and `train_worthiness` command-line contracts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article, Claim, ClaimStatus
from claims.services.extraction import configured_scorer

WORTHY = [
    "Unemployment fell to {n} percent last year, the lowest rate in a decade.",
    "The city spent ${n} million on road repairs in 2023.",
    "Police arrested {n} people during the protest on Saturday, officials said.",
    "The company laid off {n} workers at its Ohio plant, according to a filing.",
]
UNWORTHY = [
    "Thank you all for coming tonight, number {n}.",
    "I think we will do great things together, friend {n}.",
    "What a wonderful evening this is, guest {n}!",
    "Let me tell you a story about my family, part {n}.",
]


def _labelled_jsonl(path: Path) -> Path:
    lines = []
    for n in range(1, 16):
        lines += [json.dumps({"text": t.format(n=n), "label": 1}) for t in WORTHY]
        lines += [json.dumps({"text": t.format(n=n), "label": 0}) for t in UNWORTHY]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_prints_one_json_line_per_file_with_offsets_into_its_text(
    sample_path: Path, capsys
):
    call_command("extract", str(sample_path))

    [doc] = _json_lines(capsys.readouterr().out)
    assert doc["id"] == str(sample_path)
    assert doc["metadata"]["published"] == "2019-08-08"
    assert doc["metadata"]["author"] == "John Binder"
    assert doc["metadata"]["outlet"] == "Breitbart News"
    assert doc["claims"], "the sample has claims"
    for claim in doc["claims"]:
        assert doc["text"][claim["start"] : claim["end"]] == claim["text"]
        assert set(claim) >= {"start", "end", "text", "kinds", "score", "quantities"}
    assert {check["check"] for check in doc["checks"]} >= {"parts_sum_to_total"}


def test_extract_jsonl_offsets_index_the_given_text_exactly(tmp_path: Path, capsys):
    text = (
        "  Police said 40 people were arrested on Monday.\r\nIt was the largest protest in years."
    )
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a1", "text": text, "published": "2024-03-06"}) + "\n")

    call_command("extract", "--jsonl", str(source))

    [doc] = _json_lines(capsys.readouterr().out)
    assert doc["id"] == "a1"
    assert doc["claims"]
    for claim in doc["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]
    dates = [d for claim in doc["claims"] for d in claim["dates"]]
    assert {"text": "Monday", "resolved": "2024-03-04"}.items() <= dates[0].items()


def test_extract_names_the_line_of_a_broken_jsonl_file(tmp_path: Path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "Fine."}\n{"id": 2, "text": \n')

    with pytest.raises(CommandError, match=r"in.jsonl:2: not valid JSON"):
        call_command("extract", "--jsonl", str(source))


def test_extract_needs_files_or_jsonl():
    with pytest.raises(CommandError, match="either"):
        call_command("extract")


@pytest.mark.django_db
def test_train_worthiness_writes_a_model_that_the_extractor_then_uses(
    tmp_path: Path, settings, capsys
):
    model = tmp_path / "model.joblib"

    call_command("train_worthiness", str(_labelled_jsonl(tmp_path / "l.jsonl")), "-o", str(model))

    assert model.exists()
    settings.FACTCHECK_WORTHINESS_MODEL = str(model)
    worthy, unworthy = configured_scorer().score(
        ["Prices rose by 7 percent in 2022, the statistics office said.", "Thank you, friends!"]
    )
    assert worthy > unworthy


@pytest.mark.django_db
def test_train_worthiness_adds_the_desks_kept_and_dismissed_claims(tmp_path: Path, capsys):
    article = Article.objects.create(text="x" * 100, content_hash="c" * 64)
    Claim.objects.create(
        article=article, position=0, start=0, end=10, text="kept one", status=ClaimStatus.APPROVED
    )
    Claim.objects.create(
        article=article,
        position=1,
        start=10,
        end=20,
        text="dismissed one",
        status=ClaimStatus.DISMISSED,
    )
    Claim.objects.create(
        article=article, position=2, start=20, end=30, text="untouched", status=ClaimStatus.NEW
    )

    call_command(
        "train_worthiness",
        str(_labelled_jsonl(tmp_path / "l.jsonl")),
        "--desk-decisions",
        "-o",
        str(tmp_path / "m.joblib"),
    )

    assert "Desk decisions: 2 claims, 1 kept." in capsys.readouterr().out


def test_train_worthiness_refuses_an_unreadable_data_file(tmp_path: Path):
    bad = tmp_path / "data.bin"
    bad.write_bytes(b"\x00\x01garbage")

    with pytest.raises(CommandError):
        call_command("train_worthiness", str(bad), "-o", str(tmp_path / "m.joblib"))
