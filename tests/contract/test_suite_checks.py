"""The contract suite's checks (tests/contract/suite.py) against a tiny server that breaks a
rule on purpose: `ignored_auth`, asked once per operation, still catches an operation that
ignores its credentials, stops probing an operation once it has seen it refuse them, and stays
off where the configuration switches it off."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import IgnoredAuth

from tests.contract import suite

GOOD_TOKEN = "the-right-token"
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "one guarded operation", "version": "1"},
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "security": [{"bearer": []}],
    "paths": {
        "/thing": {
            "get": {
                "responses": {
                    "200": {
                        "description": "the thing",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "401": {
                        "description": "no or wrong token",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                }
            }
        }
    },
}
Asgi = Callable[..., Any]


def server(checks_token: bool, seen: list[str | None]) -> Asgi:
    """Serves SPEC and GET /thing, which answers 200 to the right token, and to any when
    `checks_token` is false; records the Authorization header of each /thing request."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        token = dict(scope["headers"]).get(b"authorization", b"").decode() or None
        status, body = 200, {}
        if scope["path"] == "/openapi.json":
            body = SPEC
        else:
            seen.append(token)
            if checks_token and token != f"Bearer {GOOD_TOKEN}":
                status = 401
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": json.dumps(body).encode()})

    return app


def thing(app: Asgi, config: SchemathesisConfig | None = None) -> Any:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    return schema["/thing"]["GET"].Case(headers={"Authorization": f"Bearer {GOOD_TOKEN}"})


def test_an_operation_that_ignores_its_credentials_still_fails() -> None:
    case = thing(server(checks_token=False, seen=[]))
    with pytest.raises(FailureGroup) as failed:
        case.call_and_validate(**suite.checks_probing_auth_once())
    assert failed.group_contains(IgnoredAuth)


def test_an_operation_seen_refusing_wrong_credentials_is_not_probed_again() -> None:
    seen: list[str | None] = []
    case = thing(server(checks_token=True, seen=seen))
    checks = suite.checks_probing_auth_once()
    for _ in range(3):
        case.call_and_validate(**checks)
    good = f"Bearer {GOOD_TOKEN}"
    # The first answer is probed without a token and with a wrong one; later ones are not.
    assert seen[:3] == [good, None, seen[2]] and seen[2] not in (None, good)
    assert seen[3:] == [good, good]


def test_ignored_auth_switched_off_in_the_configuration_stays_off() -> None:
    switched_off = SchemathesisConfig.from_dict({"checks": {"ignored_auth": {"enabled": False}}})
    seen: list[str | None] = []
    case = thing(server(checks_token=False, seen=seen), switched_off)
    case.call_and_validate(**suite.checks_probing_auth_once())
    assert seen == [f"Bearer {GOOD_TOKEN}"]  # answered 200 to it, and was not probed
