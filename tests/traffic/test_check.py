"""`tesla-mock traffic check`: the project's corpus, a VCR cassette, a HAR file and the mock's
own journal export against the spec. The command's `main()` runs in this process
(`traffic_main`, tests/traffic/conftest.py); a bad input is also given to the command as a
process, whose whole stderr must be one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tesla_charging_client.api.charging import set_charge_limit
from tesla_charging_client.models import SetChargeLimitRequest
from tesla_mock import TeslaMock

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CORPUS = ROOT / "tests" / "corpus" / "recorded" / "manifest.json"
KNOWN = HERE / "known-disagreements.yaml"


def traffic(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tesla_mock.traffic", "traffic", *args], capture_output=True,
        text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "mockserver")},
        check=False,
    )  # fmt: skip


def test_the_corpus_agrees_with_the_spec_but_for_its_known_disagreements(traffic_main) -> None:
    done = traffic_main("check", str(CORPUS), "--known", str(KNOWN))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    summary = done.stdout.splitlines()[-1]
    assert summary.startswith("155 exchanges: ") and summary.endswith(", 0 disagreements")
    assert done.stdout.count("\nknown: ") + done.stdout.startswith("known: ") == 12


def test_without_the_known_list_the_corpus_disagreements_are_named(traffic_main) -> None:
    done = traffic_main("check", str(CORPUS))
    assert done.returncode == 1
    assert (
        "timdorr-tesla-api/vehicle-set_charge_limit-50@05a7dd3__2.json: set_charge_limit "
        "query parameter percent: not in the spec"
    ) in done.stdout.splitlines()


def test_a_cassette_and_a_har_file_disagreements_name_recording_operation_and_field(
    traffic_main,
) -> None:
    done = traffic_main("check", str(HERE / "fixtures" / "owner-api.yml"),
                        str(HERE / "fixtures" / "browser.har"))  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "owner-api.yml#2: get_vehicle_data 200 answer `response.charge_state.battery_level`: "
        "'high' is not of type 'integer'",
        "owner-api.yml#4: get_vehicle 418 answer: status 418 is not documented",
        f"{HERE}/fixtures/owner-api.yml (cassette): 5 exchanges, 2 disagreements",
        "browser.har#0: set_charge_limit request body `percent`: 'eighty' is not of type 'integer'",
        f"{HERE}/fixtures/browser.har (har): 2 exchanges, 1 disagreement",
        "7 exchanges: 6 checked against the spec, 1 of operations it does not describe, "
        "3 disagreements",
    ]


def test_the_mocks_journal_export(tesla_mock: TeslaMock, tmp_path: Path, traffic_main) -> None:
    car = tesla_mock.vehicles[0]
    set_charge_limit.sync(car, client=tesla_mock.client, body=SetChargeLimitRequest(percent=90))
    http = tesla_mock.server.http_client(tesla_mock.token)
    http.post(f"/api/1/vehicles/{car}/command/set_charge_limit", json={"percent": "ninety"})
    exported = tesla_mock.server.http_client(tesla_mock.server.admin_token).get(
        f"/__mock/vehicles/{car}/journal"
    )
    journal = tmp_path / "journal.json"
    journal.write_text(json.dumps(exported.json()))
    done = traffic_main("check", str(journal))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "journal.json#1: set_charge_limit request body `percent`: 'ninety' is not of type 'integer'"
    )
    assert done.stdout.splitlines()[-1] == (
        "2 exchanges: 2 checked against the spec, 0 of operations it does not describe, "
        "1 disagreement"
    )


def test_bad_input_is_one_line(traffic_main) -> None:
    done = traffic("check", str(KNOWN))  # YAML, but no recording; the command as a process
    assert done.returncode == 2
    assert done.stderr.endswith("not a VCR cassette, a HAR file, a journal export or a corpus "
                                "manifest\n") and done.stderr.count("\n") == 1  # fmt: skip
    prose = traffic_main("check", str(HERE / "fixtures" / "not-a-recording.txt"))
    assert (prose.returncode, prose.stderr) == (
        2, f"tesla-mock: error: {HERE}/fixtures/not-a-recording.txt: neither JSON nor YAML "
        "(mapping values are not allowed here)\n"
    )  # fmt: skip
    missing = traffic_main("check", "no-such-file.yml")
    assert missing.returncode == 2 and "cannot read it" in missing.stderr


MALFORMED = {
    "request.yaml": ("http_interactions:\n  - request: 5\n    response: {status: 200}\n",
                     "interaction #0: its request is not a mapping"),
    "status.yaml": ("http_interactions:\n  - request: {uri: 'http://x/api/1/vehicles'}\n"
                    "    response: {status: {code: OK}}\n",
                    "interaction #0: the status 'OK' is not a number"),
    "nourl.har": ('{"log": {"entries": [{"request": {"method": "GET"}, "response": {}}]}}',
                  "entry #0: its request has no `url`"),
    "journal.json": ('{"entries": [{"method": "GET", "status": 200}]}',
                     "entry #0 has no `path`"),
}  # fmt: skip


def test_a_malformed_recording_is_one_line_naming_the_exchange(
    tmp_path: Path, traffic_main
) -> None:
    for name, (text, why) in MALFORMED.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        done = traffic_main("check", str(path))
        assert (done.returncode, done.stdout, done.stderr) == (
            2, "", f"tesla-mock: error: {path}: {why}\n"
        ), name  # fmt: skip
