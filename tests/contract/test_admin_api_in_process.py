"""The admin API served by `create_app()` honours spec/mock-admin.yaml (in-process, ASGI).

The same phases, data and checks as the vehicle API suite, on an app of its own: fuzzing the
admin API replaces fleets, deletes accounts and injects faults, which must not reach the other
suite's server.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from tesla_mock.app import ADMIN_BASE_PATH, create_app
from tesla_mock.clock import SimClock

from tests.contract import suite

SUITE = "admin API"
ADMIN_TOKEN = "contract-admin-token"

app = create_app(validate_responses=True, admin_token=ADMIN_TOKEN, clock=SimClock(frozen=True))
schema = schemathesis.openapi.from_asgi(
    f"{ADMIN_BASE_PATH}/openapi.json", app, config=suite.load_config()
)
suite.use_bearer_token(schema, ADMIN_TOKEN)
suite.count_requests(schema, SUITE)
CHECKS = suite.checks_probing_auth_once()
SESSION = suite.in_process_session(app)
fleet = app.mock.fleet
suite.prefer_known_values(
    schema,
    {
        "vehicle_id": suite.vehicle_keys(fleet.accounts.values()),
        "account": list(fleet.accounts),
        "token": [token for account in fleet.accounts.values() for token in account.tokens],
    },
)


reset = suite.in_process_reset(app)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_admin_operation_honours_the_spec(case: Any) -> None:
    reset()  # each case meets the start-up fleet, not what the last one deleted or replaced
    case.call_and_validate(session=SESSION, **CHECKS)


TestStatefulAdminApi = suite.admin_machine(schema, reset, CHECKS, session=SESSION).TestCase
TestStatefulAdminApi.settings = suite.stateful_settings(max_examples=60)


def test_every_admin_operation_succeeded_at_least_once() -> None:
    suite.assert_every_operation_succeeded(schema, SUITE)  # runs after the tests above
