"""A stateful mock Tesla vehicle for the charging API, served by connexion from the OpenAPI spec.

The public API for testing against it is listed in `__all__` (servers, the admin client, the
per-test handle; `tesla_mock.testing` holds them). The names are imported when first used, so
that running the server (`python -m tesla_mock`) does not load the test helpers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tesla_mock.testing.accounts import DEFAULT_VEHICLES, TeslaMock, open_account
    from tesla_mock.testing.admin import MockAdmin, MockAdminError, ScopedAdmin, SharedServerError
    from tesla_mock.testing.servers import (
        IN_PROCESS_BASE_URL,
        TRANSPORTS,
        ExternalServer,
        InProcessServer,
        LoopbackServer,
        MockVehicleServer,
        ServerPool,
        Transport,
        start_server,
    )

__all__ = [
    "DEFAULT_VEHICLES",
    "IN_PROCESS_BASE_URL",
    "TRANSPORTS",
    "ExternalServer",
    "InProcessServer",
    "LoopbackServer",
    "MockAdmin",
    "MockAdminError",
    "MockVehicleServer",
    "ScopedAdmin",
    "ServerPool",
    "SharedServerError",
    "TeslaMock",
    "Transport",
    "open_account",
    "start_server",
]

# Where each public name lives (tests/plugin/test_public_api.py checks it against __all__).
_MODULES = {
    "tesla_mock.testing.accounts": ("DEFAULT_VEHICLES", "TeslaMock", "open_account"),
    "tesla_mock.testing.admin": ("MockAdmin", "MockAdminError", "ScopedAdmin", "SharedServerError"),
    "tesla_mock.testing.servers": (
        "IN_PROCESS_BASE_URL",
        "TRANSPORTS",
        "ExternalServer",
        "InProcessServer",
        "LoopbackServer",
        "MockVehicleServer",
        "ServerPool",
        "Transport",
        "start_server",
    ),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'tesla_mock' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value  # found once; later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
