"""TeslaJS 4.10.0 (npm `teslajs`), unmodified, runs a charging session on the mock vehicle.

`teslajs_session.js` beside this file is the session, written as a TeslaJS user writes one; the
test runs it with node, with the mock in TESLAJS_SERVER (TeslaJS's own setting), and asserts on
the JSON it prints, on the cars' state and on what they received. TeslaJS comes from the
project's package.json (`make setup` installs it into node_modules/).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tesla_mock import TeslaMock

from tests.clients.support import DONE, PLUGGED_IN_ASLEEP, UNPLUGGED, car_state, received

SESSION = Path(__file__).with_name("teslajs_session.js")
NODE_TIMEOUT_S = 30

pytestmark = pytest.mark.tesla_mock(transport="loopback", vehicles=[PLUGGED_IN_ASLEEP, UNPLUGGED])


def run_session(tesla_mock: TeslaMock) -> dict[str, Any]:
    """Run the TeslaJS session against the mock; each step's result by name."""
    node = shutil.which("node")
    assert node, "node is not on PATH"
    env = {**os.environ, "TESLAJS_SERVER": tesla_mock.base_url, "TESLA_TOKEN": tesla_mock.token}
    done = subprocess.run(
        [node, str(SESSION)], env=env, capture_output=True, text=True, timeout=NODE_TIMEOUT_S
    )
    assert done.stdout, f"the session printed nothing (exit {done.returncode}): {done.stderr}"
    steps: dict[str, Any] = json.loads(done.stdout)
    assert done.returncode == 0, f"step {steps.get('failed')} failed: {steps.get('error')}"
    return steps


def test_teslajs_charging_session(tesla_mock: TeslaMock) -> None:
    car_id, unplugged_id = tesla_mock.vehicles
    steps = run_session(tesla_mock)

    # It listed the cars (GET /api/1/vehicles) and chose the first, by its id_s.
    assert [car["id_s"] for car in steps["vehicles"]] == tesla_mock.vehicles
    assert steps["vehicle"]["id"] == car_id
    assert steps["vehicle"]["state"] == "asleep"

    # It woke the car and read it.
    assert steps["wakeUp"]["id_s"] == car_id
    assert steps["vehicleById"]["state"] == "online"
    assert steps["vehicleData"]["charge_state"]["charging_state"] == "Stopped"
    assert steps["vehicleData"]["charge_state"]["battery_level"] == 50

    # Every command was carried out; charging was on in between.
    for name in ("setChargeLimit", "setChargingAmps", "setChargingAmpsAgain", "startCharge"):
        assert steps[name] == DONE, name
    assert steps["vehicleDataCharging"]["charge_state"]["charging_state"] == "Charging"
    assert steps["stopCharge"] == DONE

    # The car without a cable refused, with its reason.
    assert steps["startChargeUnplugged"] == {"result": False, "reason": "disconnected"}

    # The cars' state: 90 %, 3 A (asked twice), stopped; the other one still disconnected.
    state = car_state(tesla_mock, car_id)
    assert (state["charge_limit_soc"], state["charge_current_request"]) == (90, 3)
    assert state["charging_state"] == "Stopped"
    assert car_state(tesla_mock, unplugged_id)["charging_state"] == "Disconnected"

    # What the cars received: id_s in paths, and JSON `null` for commands without parameters.
    json_utf8 = "application/json; charset=UTF-8"
    assert received(tesla_mock, car_id, commands_only=True) == [
        ("POST", f"{car_id}/command/set_charge_limit", "", json_utf8, '{"percent":90}', 200),
        ("POST", f"{car_id}/command/set_charging_amps", "", json_utf8, '{"charging_amps":3}', 200),
        ("POST", f"{car_id}/command/set_charging_amps", "", json_utf8, '{"charging_amps":3}', 200),
        ("POST", f"{car_id}/command/charge_start", "", json_utf8, "null", 200),
        ("POST", f"{car_id}/command/charge_stop", "", json_utf8, "null", 200),
    ]
    assert received(tesla_mock, unplugged_id, commands_only=True) == [
        ("POST", f"{unplugged_id}/command/charge_start", "", json_utf8, "null", 200),
    ]
    reads = received(tesla_mock, car_id, bodies=False)
    assert reads[0] == ("POST", f"{car_id}/wake_up", "", json_utf8, 200)
    # Its GETs announce a JSON body too: `{}`, TeslaJS's default body for every request.
    json_get = "application/json; charset=utf-8"
    assert ("GET", car_id, "", json_get, 200) in reads  # the wake-up's poll
    assert ("GET", f"{car_id}/vehicle_data", "", json_get, 200) in reads
