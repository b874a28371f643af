"""The `match` command-line contract (README: Command line)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REPO = Path(__file__).resolve().parents[2]

LIBRARY = [
    {"id": "upi", "text": "ICE arrested 680 workers at seven Mississippi food plants, "
     "ICE spokesman Bryan Cox said.", "published": "2019-08-08"},
    {"id": "released", "text": "Roughly 30 of the workers arrested in the Mississippi raids "
     "were released on humanitarian grounds while an additional 270 workers were released."},
    {"id": "budget", "text": "The council approved a budget of $4 million for the harbor bridge."},
    {"id": "madrid", "text": "Police arrested 600 fans in Madrid after the football final."},
]  # fmt: skip


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
        encoding="utf-8",
    )
    return path


def run_match(tmp_path: Path, queries: list, library: list = LIBRARY, *extra: str) -> list[dict]:
    lib = write_jsonl(tmp_path / "lib.jsonl", library)
    q = write_jsonl(tmp_path / "q.jsonl", queries)
    call_command("match", "--library", str(lib), "--queries", str(q), *extra)
    return []


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_it_prints_one_json_line_per_query_in_the_contract_shape(tmp_path, capsys):
    run_match(
        tmp_path,
        [
            {"id": "q1", "text": "ICE spokesman Brian Cox said nearly 700 workers were "
             "arrested at Mississippi food plants."},
            {"id": "q2", "text": "About 300 of the workers arrested in the Mississippi raids "
             "were released."},
        ],
    )  # fmt: skip
    out = lines(capsys.readouterr().out)
    assert [o["id"] for o in out] == ["q1", "q2"]
    first = out[0]["matches"][0]
    assert set(first) == {"id", "score", "figures", "speakers"}
    assert first["id"] == "upi"
    assert first["figures"] == [
        {
            "query": {"value": 700, "unit": "workers", "event": "arrest"},
            "match": {"value": 680, "unit": "workers", "event": "arrest"},
            "agree": True,
        }
    ]
    assert first["speakers"] == [{"query": "Brian Cox", "match": "Bryan Cox", "same": True}]
    released = out[1]["matches"][0]
    assert released["id"] == "released"
    assert [f["agree"] for f in released["figures"]] == [True]
    assert released["figures"][0]["match"]["value"] == 300


def test_matches_come_in_descending_score_and_at_most_k(tmp_path, capsys):
    run_match(
        tmp_path, [{"id": "q", "text": "Workers arrested in Mississippi raids released"}],
        LIBRARY, "-k", "2",
    )  # fmt: skip
    matches = lines(capsys.readouterr().out)[0]["matches"]
    assert len(matches) == 2
    assert matches[0]["score"] >= matches[1]["score"]


def test_it_flags_a_figure_that_differs(tmp_path, capsys):
    run_match(tmp_path, [{"id": "q", "text": "ICE arrested 600 workers at Mississippi plants."}])
    upi = next(m for m in lines(capsys.readouterr().out)[0]["matches"] if m["id"] == "upi")
    assert [f["agree"] for f in upi["figures"]] == [False]


def test_a_query_without_matching_words_gets_an_empty_list(tmp_path, capsys):
    run_match(tmp_path, [{"id": "q", "text": "Quantum chromodynamics on the lattice."}])
    assert lines(capsys.readouterr().out) == [{"id": "q", "matches": []}]


def test_it_reports_a_non_json_library_line_with_its_number_and_goes_on(tmp_path, capsys):
    run_match(tmp_path, [{"id": "q", "text": "ICE arrested 680 workers"}], [LIBRARY[0], "{oops"])
    captured = capsys.readouterr()
    assert "lib.jsonl: line 2: not valid JSON" in captured.err
    assert lines(captured.out)[0]["matches"][0]["id"] == "upi"


def test_it_reports_a_library_line_without_text_and_goes_on(tmp_path, capsys):
    run_match(
        tmp_path, [{"id": "q", "text": "ICE arrested 680 workers"}], [{"id": "x"}, LIBRARY[0]]
    )
    captured = capsys.readouterr()
    assert 'lib.jsonl: line 1: no "text"' in captured.err
    assert lines(captured.out)[0]["matches"][0]["id"] == "upi"


def test_it_reports_bad_query_lines_and_answers_the_good_ones(tmp_path, capsys):
    run_match(
        tmp_path,
        ["not json", {"id": "empty", "text": "  "}, [1, 2], {"id": "ok", "text": "680 workers"}],
    )
    captured = capsys.readouterr()
    assert "q.jsonl: line 1: not valid JSON" in captured.err
    assert 'q.jsonl: line 2: no "text"' in captured.err
    assert "q.jsonl: line 3: each line needs a JSON object" in captured.err
    assert [o["id"] for o in lines(captured.out)] == ["ok"]


def test_it_reports_an_impossible_published_date(tmp_path, capsys):
    run_match(tmp_path, [{"id": "q", "text": "680 workers", "published": "2019-02-30"}])
    captured = capsys.readouterr()
    assert "q.jsonl: line 1: published '2019-02-30' is not a YYYY-MM-DD date." in captured.err
    assert lines(captured.out) == []


def test_the_title_counts_towards_the_match(tmp_path, capsys):
    library = [
        {"id": "t", "text": "It did not happen.", "title": "Did ICE arrest 680 in Mississippi?"},
        {"id": "u", "text": "It did happen."},
    ]
    run_match(tmp_path, [{"id": "q", "text": "ICE arrest Mississippi"}], library)
    assert [m["id"] for m in lines(capsys.readouterr().out)[0]["matches"]] == ["t"]


def test_a_query_never_matches_the_library_line_with_its_own_id(tmp_path, capsys):
    run_match(tmp_path, [{"id": "upi", "text": LIBRARY[0]["text"]}])
    assert "upi" not in [m["id"] for m in lines(capsys.readouterr().out)[0]["matches"]]


def test_it_refuses_an_unreadable_library_file(tmp_path):
    q = write_jsonl(tmp_path / "q.jsonl", [{"id": "q", "text": "x y z"}])
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("match", "--library", str(tmp_path / "missing.jsonl"), "--queries", str(q))


def test_the_command_runs_as_a_process_and_writes_errors_to_stderr(tmp_path):
    lib = write_jsonl(tmp_path / "lib.jsonl", [LIBRARY[0], "nope"])
    q = write_jsonl(tmp_path / "q.jsonl", [{"id": 7, "text": "ICE arrested 680 workers"}])
    done = subprocess.run(
        [sys.executable, "manage.py", "match", "--library", str(lib), "--queries", str(q), "-k", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "line 2: not valid JSON" in done.stderr
    out = lines(done.stdout)
    assert out[0]["id"] == 7 and [m["id"] for m in out[0]["matches"]] == ["upi"]
