"""The API keeps to its OpenAPI schema both ways, checked by schemathesis against the
real app (runserver, PostgreSQL, the sample article imported), as a reviewer and as an
editor.

Every phase runs: the schema's examples, coverage (boundaries and each way of breaking
each constraint), fuzzing, and stateful scenarios that follow the schema's links (a list
to its items, a claim to its writes with its ETag as If-Match). Every check runs, among
them positive_data_acceptance (a request the schema allows is not refused with 400) and
negative_data_rejection (a request it forbids is refused). tests/api/schemathesis.toml
holds the settings and says why each of its few tunings is there. The run is, with the
live server's URL and a token:

    st --config-file tests/api/schemathesis.toml run URL/api/schema/ \\
        -H "Authorization: Token KEY" --checks all \\
        --phases examples,coverage,fuzzing,stateful --max-response-time 30 \\
        --workers 2 --seed 20260504 --generation-database none

About two and a half minutes per role on two cores.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.api.live import LiveApi, live_api
from tests.integration.services import redis_postgres_stack

pytestmark = pytest.mark.integration

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = "20260504"


@dataclass
class Run:
    returncode: int
    output: str
    generated: int
    failures: Counter[str]  # failed checks by name, over every case
    server_errors: list[str]  # "METHOD path -> status" of every 5xx answer
    links_covered: int
    stateful_scenarios: int

    def report(self) -> str:
        return self.output[self.output.find("FAILURES") :][-20_000:]


def schemathesis(api: LiveApi, role: str, workdir: Path) -> Run:
    events = workdir / f"{role}.ndjson"
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "st"),
            "--config-file",
            str(CONFIG),
            "run",
            api.url("/api/schema/"),
            "--header",
            f"Authorization: Token {api.tokens[role]}",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            # A conformance run, not a benchmark: other tests share these two cores.
            "--max-response-time",
            "30",
            "--workers",
            "2",
            "--seed",
            SEED,
            "--request-timeout",
            "30",
            "--generation-database",
            "none",
            "--no-color",
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(events),
        ],
        cwd=workdir,  # schemathesis keeps a cache folder in its working directory
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    failures: Counter[str] = Counter()
    server_errors = []
    for line in events.read_text().splitlines():
        event = json.loads(line)
        if "ScenarioFinished" not in event:
            continue
        recorder = event["ScenarioFinished"]["recorder"]
        for checks in recorder.get("checks", {}).values():
            failures.update(c["name"] for c in checks if c["status"] == "failure")
        for case_id, interaction in recorder.get("interactions", {}).items():
            response = interaction.get("response")
            if response and response["status_code"] >= 500:
                case = recorder["cases"][case_id]["value"]
                server_errors.append(
                    f"{case['method']} {case['path']} -> {response['status_code']}"
                )
    summary = result.stdout[result.stdout.rfind("SUMMARY") :]
    generated = re.search(r"(\d+) generated", summary)
    links = re.search(r"API Links:\s+(\d+) covered", result.stdout)
    scenarios = re.search(r"Scenarios:\s+(\d+)", result.stdout)
    return Run(
        returncode=result.returncode,
        output=result.stdout + result.stderr,
        generated=int(generated.group(1)) if generated else 0,
        failures=failures,
        server_errors=server_errors,
        links_covered=int(links.group(1)) if links else 0,
        stateful_scenarios=int(scenarios.group(1)) if scenarios else 0,
    )


@pytest.fixture
def sample_api(tmp_path: Path, sample_path: Path):
    with redis_postgres_stack(tmp_path) as stack, live_api(stack) as api:
        imported = stack.manage("import_articles", "--sync", str(sample_path))
        assert imported.returncode == 0, imported.stderr
        yield api


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_the_api_answers_every_request_as_its_schema_says(
    sample_api: LiveApi, role: str, tmp_path: Path
):
    run = schemathesis(sample_api, role, tmp_path)
    print(run.output[run.output.rfind("SUMMARY") :])

    assert run.server_errors == [], run.report() + sample_api.stack.worker_log()[-5000:]
    assert run.failures == Counter(), run.report()
    assert run.returncode == 0, run.report()
    # The run really ran: thousands of cases, and stateful scenarios that followed links.
    assert run.generated >= 2000, run.output[-3000:]
    assert run.stateful_scenarios >= 50 and run.links_covered >= 5, run.output[-3000:]
