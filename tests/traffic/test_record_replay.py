"""`tesla-mock record` end to end on loopback: an SDK client talks to the mock through the
recording proxy; the cassette is redacted, passes `traffic check`, and replays on the mock.
`test_record_check_and_replay_from_the_shell_with_two_cars` runs each command as a process, as
a user does; the other tests run `traffic` by its `main()` in this process (`traffic_main`)."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import yaml
from tesla_charging_client import AuthenticatedClient
from tesla_charging_client.api.charging import charge_start, set_charge_limit
from tesla_charging_client.api.vehicles import get_vehicle_data, list_vehicles
from tesla_charging_client.models import SetChargeLimitRequest
from tesla_mock import LoopbackServer, start_server
from tesla_mock.specs import VEHICLE_SPEC, load_spec
from tesla_mock.traffic.record import RecordingProxy
from tesla_mock.traffic.recordings import Exchange, cassette, read_recording
from tesla_mock.traffic.replay import replay, vehicle_of

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "owner-secret-token-0042"
CAR = {"id": 4455667788990011, "vehicle_id": 778899, "vin": "5YJ3E1EA7KF317000",
       "plugged_in": True, "battery_level": 40, "charge_limit_soc": 80,
       "sleep_after_idle_s": None}  # fmt: skip


ENV = {**os.environ, "PYTHONPATH": str(ROOT / "mockserver")}


def traffic(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tesla_mock.traffic", "traffic", *args], capture_output=True,
        text=True, cwd=ROOT, env=ENV, check=False,
    )  # fmt: skip


def test_record_redacts_validates_and_replays(tmp_path: Path, traffic_main) -> None:
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

    checked = traffic_main("check", str(cassette))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1] == (
        "5 exchanges: 5 checked against the spec, 0 of operations it does not describe, "
        "0 disagreements"
    )
    replayed = traffic_main("replay", str(cassette))
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    # Every exchange is a step: the account's list_vehicles too (its status is compared).
    assert replayed.stdout.splitlines() == [
        f"{cassette}: 5 of 5 steps answered as recorded (100 %)"
    ]


def test_replay_reports_where_the_mock_differs(tmp_path: Path) -> None:
    name = f"{ROOT}/tests/traffic/fixtures/owner-api.yml"
    report = replay(read_recording(Path(name))[1], name)  # in-process: the CLI is tested above
    assert report.lines() == [
        f"{ROOT}/tests/traffic/fixtures/owner-api.yml: 2 of 4 steps answered as recorded (50 %); "
        "1 of operations the spec does not describe not replayed",
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
        f"{path}: 1 of 1 step answered as recorded (100 %); the first command set the "
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


# Two cars of one account: the first plugged in, the second not (its charge_start is refused).
PLUGGED = {"id": 4455667788990011, "vehicle_id": 778899, "vin": "5YJ3E1EA7KF317000",
           "plugged_in": True, "battery_level": 40, "charge_limit_soc": 80,
           "sleep_after_idle_s": None}  # fmt: skip
UNPLUGGED = {"id": 4455667788990022, "vehicle_id": 778800, "vin": "7SAYGDEE5PF612345",
             "plugged_in": False, "battery_level": 70, "charge_limit_soc": 90,
             "sleep_after_idle_s": None}  # fmt: skip


def record(*args: str) -> subprocess.Popen[str]:
    """`tesla-mock record ARGS` as a user starts it, on a free port."""
    return subprocess.Popen(
        [sys.executable, "-m", "tesla_mock.traffic", "record", "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=ENV,
    )  # fmt: skip


def test_record_check_and_replay_from_the_shell_with_two_cars(tmp_path: Path) -> None:
    cassette = tmp_path / "two-cars.yaml"
    scenario = {
        "accounts": [{"name": "owner", "tokens": [TOKEN], "vehicles": [PLUGGED, UNPLUGGED]}]
    }
    with start_server("loopback", scenario=scenario, frozen=True) as upstream:
        recorder = record("--upstream", upstream.base_url, "-o", str(cassette))
        try:
            banner = recorder.stdout.readline() if recorder.stdout else ""
            assert banner.startswith("Recording http://127.0.0.1:"), banner + recorder.stderr.read()
            address = banner.split()[1]
            with httpx.Client(
                base_url=address, headers={"Authorization": f"Bearer {TOKEN}"}
            ) as http:
                assert http.get("/api/1/vehicles").status_code == 200
                for car in (PLUGGED, UNPLUGGED):
                    path = f"/api/1/vehicles/{car['id']}"
                    http.get(f"{path}/vehicle_data", params={"endpoints": "charge_state"})
                    http.post(f"{path}/command/set_charge_limit", json={"percent": 85})
                    http.post(f"{path}/command/charge_start")
                    http.get(f"{path}/vehicle_data", params={"endpoints": "charge_state"})
                refused = http.post(f"/api/1/vehicles/{UNPLUGGED['vin']}/command/charge_start")
                assert refused.json()["response"] == {"result": False, "reason": "disconnected"}
        finally:
            recorder.send_signal(signal.SIGINT)
            out, err = recorder.communicate(timeout=30)
    assert recorder.returncode == 0, out + err
    assert err == ""  # nothing disagreed with the spec on the way
    assert out.splitlines() == [
        f"10 exchanges recorded in {cassette}, 0 disagreements with the spec"
    ]
    text = cassette.read_text(encoding="utf-8")
    for car in (PLUGGED, UNPLUGGED):
        assert car["vin"] not in text and str(car["id"]) not in text

    checked = traffic("check", str(cassette))
    assert (checked.returncode, checked.stdout.splitlines()[-1]) == (0, (
        "10 exchanges: 10 checked against the spec, 0 of operations it does not describe, "
        "0 disagreements"
    ))  # fmt: skip

    replayed = traffic("replay", str(cassette))
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    head, first, second = replayed.stdout.splitlines()
    assert head == f"{cassette}: 10 of 10 steps answered as recorded (100 %)"
    # The cars by their stand-ins, in the order the recording names them; the second's VIN
    # (the last charge_start) is the same car as its id.
    assert first.startswith("  car ") and first.endswith(": 4 of 4 steps answered as recorded")
    assert second.startswith("  car ") and second.endswith(": 5 of 5 steps answered as recorded")
    second_car = second.split()[1].rstrip(":")

    # A recording the mock disagrees with: the second car's refused charge_start, edited to
    # have been carried out. The difference names the step and the car.
    document = yaml.safe_load(text)
    last = document["http_interactions"][-1]
    last["response"]["body"]["string"] = json.dumps({"response": {"result": True, "reason": ""}})
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(document), encoding="utf-8")
    differs = traffic("replay", str(edited))
    assert differs.returncode == 1
    assert differs.stdout.splitlines()[0] == f"{edited}: 9 of 10 steps answered as recorded (90 %)"
    assert differs.stdout.splitlines()[-1] == (
        f"  #9 POST /command/charge_start (car {second_car}): result True recorded, False from "
        "the mock"
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_record_refuses_an_upstream_it_cannot_reach_in_one_line(tmp_path: Path) -> None:
    port = closed_port()
    recorder = record("--upstream", f"http://127.0.0.1:{port}", "-o", str(tmp_path / "x.yaml"))
    out, err = recorder.communicate(timeout=30)
    assert (recorder.returncode, out) == (2, "")
    assert err == (
        f"tesla-mock: error: --upstream http://127.0.0.1:{port}: cannot connect "
        "(Connection refused)\n"
    )


def test_an_upstream_lost_while_recording_answers_502_in_the_error_envelope(
    tmp_path: Path,
) -> None:
    log = io.StringIO()
    upstream = f"http://127.0.0.1:{closed_port()}"
    proxy = RecordingProxy(upstream, tmp_path / "x.yaml", load_spec(VEHICLE_SPEC), log=log)
    with LoopbackServer(proxy, admin_token="-") as recorder, httpx.Client() as http:
        answer = http.get(f"{recorder.base_url}/api/1/vehicles")
    assert answer.status_code == 502
    assert answer.json() == {
        "response": None, "error": "bad_gateway",
        "error_description": f"{upstream} unreachable: All connection attempts failed",
    }  # fmt: skip
    assert log.getvalue() == (
        f"record: GET /api/1/vehicles: {upstream} unreachable: All connection attempts failed\n"
    )
    assert not (tmp_path / "x.yaml").exists()  # nothing was exchanged: nothing recorded


def test_the_cars_an_account_lists_are_in_the_scenario_and_the_list_is_a_step(
    tmp_path: Path,
) -> None:
    listed = {"response": [
        {"id": 1000000000000001, "vehicle_id": 1, "vin": "5YJ3E1EA0TF000001", "state": "asleep"},
        {"id": 1000000000000004, "vehicle_id": 4, "vin": "5YJ3E1EA0TF000002", "state": "online"},
    ], "count": 2}  # fmt: skip
    path = tmp_path / "list.yaml"
    path.write_text(cassette([exchange("/api/1/vehicles", listed, 1_700_000_000)], "https://x"))
    report = replay(read_recording(path)[1], str(path))
    assert report.lines() == [f"{path}: 1 of 1 step answered as recorded (100 %)"]
    cars = report.scenario["accounts"][0]["vehicles"]
    assert [(car["id"], car["vin"], car["state"]) for car in cars] == [
        (1000000000000001, "5YJ3E1EA0TF000001", "asleep"),
        (1000000000000004, "5YJ3E1EA0TF000002", "online"),
    ]


def test_a_path_names_a_car_by_id_or_vin_and_fleet_status_is_the_accounts() -> None:
    def vehicle(path: str) -> str | None:
        return vehicle_of(Exchange(method="GET", path=path))

    assert vehicle("/api/1/vehicles/1000000000000001") == "1000000000000001"  # get_vehicle
    assert vehicle("/api/1/vehicles/5YJ3E1EA0TF000001/vehicle_data") == "5YJ3E1EA0TF000001"
    assert vehicle("/api/1/vehicles/fleet_status") is None
    assert vehicle("/api/1/vehicles") is None


def test_a_recording_without_a_car_is_noted_not_a_difference(tmp_path: Path, traffic_main) -> None:
    login = Exchange(method="POST", path="/oauth/token", status=200, recorded_at=1_700_000_000,
                     response_body=b'{"access_token": "x"}')  # fmt: skip
    path = tmp_path / "login.yaml"
    path.write_text(cassette([login], "https://auth.tesla.com"))
    done = traffic_main("replay", str(path))
    assert (done.returncode, done.stdout.splitlines()) == (0, [
        f"{path}: 0 of 0 steps answered as recorded (-)",
        "  no exchange names or lists a vehicle: nothing to replay",
    ])  # fmt: skip
