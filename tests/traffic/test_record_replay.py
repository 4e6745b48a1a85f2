"""`tesla-mock record` end to end on loopback: an SDK client talks to the mock through the
recording proxy; the cassette is redacted, passes `traffic check`, and replays on the mock."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from tesla_charging_client import AuthenticatedClient
from tesla_charging_client.api.charging import charge_start, set_charge_limit
from tesla_charging_client.api.vehicles import get_vehicle_data, list_vehicles
from tesla_charging_client.models import SetChargeLimitRequest
from tesla_mock import LoopbackServer, start_server
from tesla_mock.specs import VEHICLE_SPEC, load_spec
from tesla_mock.traffic.record import RecordingProxy
from tesla_mock.traffic.recordings import Exchange, cassette, read_recording
from tesla_mock.traffic.replay import replay

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "owner-secret-token-0042"
CAR = {"id": 4455667788990011, "vehicle_id": 778899, "vin": "5YJ3E1EA7KF317000",
       "plugged_in": True, "battery_level": 40, "charge_limit_soc": 80,
       "sleep_after_idle_s": None}  # fmt: skip


def traffic(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tesla_mock.traffic", "traffic", *args], capture_output=True,
        text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
    )  # fmt: skip


def test_record_redacts_validates_and_replays(tmp_path: Path) -> None:
    cassette = tmp_path / "session.yaml"
    log = io.StringIO()
    scenario = {"accounts": [{"name": "owner", "tokens": [TOKEN], "vehicles": [CAR]}]}
    with start_server("loopback", scenario=scenario, frozen=True) as upstream:
        proxy = RecordingProxy(upstream.base_url, cassette, load_spec(VEHICLE_SPEC), log=log)
        with (
            LoopbackServer(proxy, admin_token="-") as recorder,
            AuthenticatedClient(base_url=recorder.base_url, token=TOKEN) as client,
        ):
            car = str(CAR["id"])
            assert list_vehicles.sync(client=client).response[0].vin == CAR["vin"]
            get_vehicle_data.sync(car, client=client, endpoints="charge_state;location_data")
            body = SetChargeLimitRequest(percent=90)
            assert set_charge_limit.sync(car, client=client, body=body).response.result
            assert charge_start.sync(CAR["vin"], client=client).response.result
            data = get_vehicle_data.sync(car, client=client, endpoints="charge_state")
            assert data.response.charge_state.charging_state == "Charging"
    assert log.getvalue() == ""  # nothing disagreed with the spec on the way

    text = cassette.read_text(encoding="utf-8")
    for secret in (TOKEN, CAR["vin"], str(CAR["id"]), str(CAR["vehicle_id"]), "37.4925"):
        assert secret not in text, f"{secret} was recorded"
    interactions = yaml.safe_load(text)["http_interactions"]
    assert len(interactions) == 5
    assert interactions[0]["request"]["headers"]["authorization"] == ["Bearer REDACTED"]
    # The same car has the same stand-in in a path and in a body, by id and by VIN.
    listed = yaml.safe_load(interactions[0]["response"]["body"]["string"])["response"][0]
    assert f"/api/1/vehicles/{listed['id']}/vehicle_data" in interactions[1]["request"]["uri"]
    assert interactions[3]["request"]["uri"].endswith(f"/{listed['vin']}/command/charge_start")
    location = yaml.safe_load(interactions[1]["response"]["body"]["string"])["response"]
    assert location["drive_state"]["latitude"] == 0.0

    checked = traffic("check", str(cassette))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1] == (
        "5 exchanges: 5 checked against the spec, 0 of operations it does not describe, "
        "0 disagreements"
    )
    replayed = traffic("replay", str(cassette))
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert replayed.stdout.splitlines()[0] == (
        f"{cassette}: 4 of 4 steps answered as recorded (100 %); 1 exchanges of no recorded "
        "car not replayed"
    )


def test_replay_reports_where_the_mock_differs(tmp_path: Path) -> None:
    name = f"{ROOT}/tests/traffic/fixtures/owner-api.yml"
    report = replay(read_recording(Path(name))[1], name)  # in-process: the CLI is tested above
    assert report.lines() == [
        f"{ROOT}/tests/traffic/fixtures/owner-api.yml: 1 of 3 steps answered as recorded (33 %); "
        "1 exchanges of no recorded car not replayed; 1 of operations the spec does not "
        "describe not replayed",
        "  #2 GET /vehicle_data: charge_state.battery_level 'high' recorded, 60 from the mock",
        "  #4 GET /api/1/vehicles/12345678901234567: status 418 recorded, 200 from the mock",
    ]


def exchange(path: str, answer: dict[str, Any], at: float, method: str = "GET") -> Exchange:
    return Exchange(method=method, path=path, status=200, recorded_at=at,
                    response_headers={"Content-Type": "application/json"},
                    response_body=json.dumps(answer).encode())  # fmt: skip


def test_a_first_command_sets_the_starting_state_and_is_not_counted(tmp_path: Path) -> None:
    car = "/api/1/vehicles/1000000000000001"
    stopped = {"response": {"id": 1000000000000001, "vehicle_id": 1, "vin": "5YJ3E1EA0TF000001",
                            "charge_state": {"charging_state": "Stopped"}}}  # fmt: skip
    recorded = [
        exchange(
            f"{car}/command/charge_stop",
            {"response": {"result": True, "reason": ""}},
            1_700_000_000,
            "POST",
        ),
        exchange(f"{car}/vehicle_data", stopped, 1_700_000_060),
    ]
    path = tmp_path / "stop.yaml"
    path.write_text(cassette(recorded, "https://owner-api.teslamotors.com"))
    report = replay(read_recording(path)[1], str(path))
    assert report.lines() == [
        f"{path}: 1 of 1 steps answered as recorded (100 %); the first command set the "
        "starting state (not counted)"
    ]
    assert report.plan_lines() == [
        "  scenario:",
        "    accounts:",
        "    - name: replay",
        "      tokens:",
        "      - replay-token-0001",
        "      vehicles:",
        "      - sleep_after_idle_s: null",
        "        id: 1000000000000001",
        "        vehicle_id: 1",
        "        vin: 5YJ3E1EA0TF000001",
        "        plugged_in: true",
        "        charging_state: Charging",
        "  steps:",
        f"    #0 POST {car}/command/charge_stop: recorded 200, result true",
        f"    #1 GET {car}/vehicle_data: recorded 200",
    ]


def test_a_written_cassette_reads_back_as_recorded(tmp_path: Path) -> None:
    binary = Exchange(method="POST", path="/x", query="a=1", request_body=b"\xff\x00",
                      request_headers={"Content-Type": "application/octet-stream"}, status=201,
                      response_body="é".encode(), recorded_at=1_700_000_000.0)  # fmt: skip
    path = tmp_path / "binary.yaml"
    path.write_text(cassette([binary], "http://127.0.0.1:1"))
    kind, (back,) = read_recording(path)
    assert kind == "cassette"
    assert (back.method, back.path, back.query, back.status) == ("POST", "/x", "a=1", 201)
    assert (back.request_body, back.response_body) == (b"\xff\x00", "é".encode())
    assert back.recorded_at == 1_700_000_000.0
