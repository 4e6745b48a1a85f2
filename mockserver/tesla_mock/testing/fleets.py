"""Large fleet files, in the mock's `--fleet` format: for the scale benchmarks (bench/) and the
scale tests (tests/hostile).

The generated fleet starts from the default fleet (so the benchmark's token and car are there,
unchanged) and fills accounts of `per_account` vehicles up to the requested total: the `demo`
account first, then `bench-001`, `bench-002`, ... with tokens `bench-token-001`, ... Every added
car is plugged in and charging, at a battery level spread over 20-80 % below an 80 % limit, so
simulated time has real work to do (and some cars reach their limit while it runs).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tesla_mock.fleet import DEFAULT_FLEET_FILE, load_scenario_file

FIRST_ID = 30_000_000_000_000_000  # above the default fleet's ids
VIN_PREFIX = "5YJBENCH"  # 8 characters + a 9-digit serial = 17, all legal in a VIN
CHARGE_LIMIT = 80


def bench_vehicle(serial: int) -> dict[str, Any]:
    """A plugged-in car that is charging, its battery level spread by `serial`."""
    return {
        "id": FIRST_ID + serial,
        "vin": f"{VIN_PREFIX}{serial:09d}",
        "plugged_in": True,
        "charging_state": "Charging",
        "battery_level": 20 + (serial * 37 % 600) / 10,  # 20.0 .. 79.9
        "charge_limit_soc": CHARGE_LIMIT,
    }


def default_fleet_size() -> int:
    """Vehicles in the default fleet (what `make mock` serves)."""
    scenario = load_scenario_file(DEFAULT_FLEET_FILE)
    return sum(len(account.get("vehicles", [])) for account in scenario["accounts"])


def generate_fleet(total_vehicles: int, per_account: int = 100) -> dict[str, Any]:
    """The default fleet grown to `total_vehicles` vehicles (a scenario mapping)."""
    scenario = copy.deepcopy(load_scenario_file(DEFAULT_FLEET_FILE))
    accounts: list[dict[str, Any]] = scenario["accounts"]
    count = sum(len(account.get("vehicles", [])) for account in accounts)
    if total_vehicles < count:
        raise ValueError(f"the default fleet alone has {count} vehicles")
    serial = 0
    account = accounts[0]
    while count < total_vehicles:
        if len(account.setdefault("vehicles", [])) >= per_account:
            number = len(accounts)
            account = {"name": f"bench-{number:03d}", "tokens": [f"bench-token-{number:03d}"]}
            accounts.append(account)
            continue
        account["vehicles"].append(bench_vehicle(serial))
        serial += 1
        count += 1
    return scenario


def write_fleet_file(path: Path, total_vehicles: int) -> Path:
    """JSON is YAML too, and much quicker to write and read at this size."""
    path.write_text(json.dumps(generate_fleet(total_vehicles)))
    return path
