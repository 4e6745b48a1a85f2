"""Where the OpenAPI documents the server serves live.

A wheel carries copies in the package's `spec/` (see pyproject.toml); a source checkout reads
the repository's `spec/` directory, the single source of truth.
"""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

VEHICLE_SPEC = "tesla-charging.yaml"
ADMIN_SPEC = "mock-admin.yaml"


def spec_dir() -> Path:
    packaged = Path(__file__).parent / "spec"
    if (packaged / VEHICLE_SPEC).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "spec"


# Where each API is mounted: the vehicle spec's paths are absolute, the admin API lives below
# its own prefix so that it can never collide with a vehicle path.
VEHICLE_BASE_PATH = ""
ADMIN_BASE_PATH = "/__mock"
MOUNTS = ((VEHICLE_SPEC, VEHICLE_BASE_PATH), (ADMIN_SPEC, ADMIN_BASE_PATH))


@cache
def load_spec(spec_file: str) -> dict[str, Any]:
    """One of the served specs, parsed once per process (treat it as read-only: every app is
    given this one; connexion copies what it keeps, tests/server/test_fastpath.py checks)."""
    # libyaml's parser where PyYAML has it: the vehicle spec takes seconds in pure Python.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((spec_dir() / spec_file).read_text(), Loader=loader)  # type: ignore[no-any-return]


class SchemaViolation(ValueError):
    """A document that does not match its schema in the spec; the message says where."""


def check_against_spec(spec_file: str, schema_name: str, document: Any) -> None:
    """Validate a document that did not come through HTTP (a YAML scenario, a fleet file)
    against a component schema, the way request bodies are validated."""
    error = next(iter(_component_validator(spec_file, schema_name).iter_errors(document)), None)
    if error is not None:
        where = "/".join(map(str, error.absolute_path))
        raise SchemaViolation(f"{error.message} - '{where}'" if where else error.message)


@cache
def _component_validator(spec_file: str, schema_name: str) -> Any:
    # connexion's request validator understands OpenAPI 3.0's `nullable`, as for request bodies.
    from connexion.json_schema import Draft4RequestValidator
    from jsonschema import Draft4Validator

    spec = load_spec(spec_file)
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    return Draft4RequestValidator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
