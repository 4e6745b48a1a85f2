"""The vehicle API served by `create_app()` honours spec/tesla-charging.yaml (in-process, ASGI).

Every phase of schemathesis runs here with valid and invalid data and every default check:
the spec's examples, the coverage phase (boundaries, missing and wrong parts, unsupported
methods, missing auth), fuzzing, and the stateful phase, which follows the spec's links from
`list_vehicles` to a vehicle, its commands and its `vehicle_data`, checking the car's rules.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock

from tests.contract import suite

SUITE = "vehicle API"
OWNER_TOKEN = "demo-owner-token"  # the default fleet's account

# A frozen clock: no charge progresses and no schedule fires while the suite runs, so every
# failure reproduces from its seed.
app = create_app(validate_responses=True, clock=SimClock(frozen=True))
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=suite.load_config())
suite.use_bearer_token(schema, OWNER_TOKEN)
suite.count_requests(schema, SUITE)
CHECKS = suite.checks_probing_auth_once()
SESSION = suite.in_process_session(app)


def _one_charged_session() -> list[str]:
    """Charge the first demo car for a moment and unplug it: its charging history then has an
    invoice for `get_charging_invoice` to fetch. The invoice ids it made."""
    car = next(iter(app.mock.fleet.accounts["demo"].vehicles.values()))
    now = app.mock.fleet.clock.now()
    car.patch(now, {"plugged_in": True, "state": "online", "battery_level": 40})
    assert car.charge_start(now).result
    car.patch(now, {"plugged_in": False})
    return [session.invoice_content_id for session in car.charging_sessions]


suite.prefer_known_values(
    schema,
    {
        "id": suite.vehicle_keys([app.mock.fleet.accounts["demo"]]),
        "content_id": _one_charged_session(),
    },
)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_honours_the_spec(case: Any) -> None:
    case.call_and_validate(session=SESSION, **CHECKS)


CARS = [
    {"id_s": str(v.id), "vin": v.vin} for v in app.mock.fleet.accounts["demo"].vehicles.values()
]
VehicleRules = suite.vehicle_rules_machine(
    schema, CARS, CHECKS, suite.in_process_reset(app), session=SESSION
)
TestStatefulVehicleRules = VehicleRules.TestCase
TestStatefulVehicleRules.settings = suite.stateful_settings(max_examples=150)


def test_every_operation_succeeded_at_least_once() -> None:
    suite.assert_every_operation_succeeded(schema, SUITE)  # runs after the tests above
