"""Where the OpenAPI documents the server serves live.

A wheel carries copies in `mockserver/spec/` (see pyproject.toml); a source checkout reads the
repository's `spec/` directory, the single source of truth.
"""

from pathlib import Path

VEHICLE_SPEC = "tesla-charging.yaml"
ADMIN_SPEC = "mock-admin.yaml"


def spec_dir() -> Path:
    packaged = Path(__file__).parent / "spec"
    if (packaged / VEHICLE_SPEC).is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "spec"
