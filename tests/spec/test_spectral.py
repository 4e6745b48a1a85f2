"""The specs pass the repository's Spectral ruleset, and the ruleset rejects what it must.

One Spectral run lints both specs and the broken copies: starting Node and loading the ruleset
cost about as much as linting a spec, so each file linted apart would cost a run of its own.
"""

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.spec import oas

SPECTRAL = oas.REPO / "node_modules" / ".bin" / "spectral"
RULESET = oas.SPEC_DIR / ".spectral.yaml"


def spectral(*args: str) -> subprocess.CompletedProcess[str]:
    assert SPECTRAL.exists(), f"{SPECTRAL} is missing: run `make setup`"
    return subprocess.run(
        [str(SPECTRAL), "lint", "--ruleset", str(RULESET), "--fail-severity", "warn", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=oas.REPO,
    )


# Each entry: a mutation of one operation of the vehicle spec, and the rule that must catch it.
OPERATIONS = {
    "list": ("/api/1/vehicles", "get"),
    "get": ("/api/1/vehicles/{id}", "get"),
    "wake": ("/api/1/vehicles/{id}/wake_up", "post"),
    "data": ("/api/1/vehicles/{id}/vehicle_data", "get"),
    "limit": ("/api/1/vehicles/{id}/command/set_charge_limit", "post"),
    "amps": ("/api/1/vehicles/{id}/command/set_charging_amps", "post"),
    "sched": ("/api/1/vehicles/{id}/command/set_scheduled_charging", "post"),
    "start": ("/api/1/vehicles/{id}/command/charge_start", "post"),
}


def _op(doc, key):
    path, method = OPERATIONS[key]
    return doc["paths"][path][method]


def _break_vehicle_spec(doc):
    """Breaks one rule per operation; returns {(rule, json path)} that must be reported."""
    expected = set()

    def at(key, *rest):
        path, method = OPERATIONS[key]
        return ".".join(("paths", path, method, *rest))

    del _op(doc, "list")["operationId"]
    expected.add(("operation-operationId", at("list")))

    _op(doc, "get")["operationId"] = "getVehicle"
    expected.add(("operation-id-snake-case", at("get", "operationId")))

    del _op(doc, "wake")["description"]
    expected.add(("operation-description", at("wake")))

    _op(doc, "data")["tags"] = []
    expected.add(("operation-tags", at("data", "tags")))

    del _op(doc, "limit")["requestBody"]["content"]["application/json"]["examples"]
    expected.add(
        ("request-media-example", at("limit", "requestBody", "content", "application/json"))
    )
    # An operation that turns the global security off.
    _op(doc, "limit")["security"] = []
    expected.add(("security-requirement-not-empty", at("limit", "security")))

    amps = _op(doc, "amps")["responses"]
    amps["200"] = {
        "description": "A response without an example.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    expected.add(
        ("response-media-example", at("amps", "responses", "200", "content", "application/json"))
    )
    del _op(doc, "sched")["responses"]["401"]
    expected.add(("operation-4xx-responses", at("sched", "responses")))
    # Optional authentication: an empty requirement next to the real one.
    _op(doc, "start")["security"] = [{}, {"bearerAuth": []}]
    expected.add(("security-requirement-not-empty", at("start", "security", "0")))
    return expected


def _drop_global_security(doc):
    """No global security; one operation keeps its own, the others have none."""
    del doc["security"]
    _op(doc, "list")["security"] = [{"bearerAuth": []}]
    return {
        ("operation-security-required", ".".join(("paths", path, method)))
        for path, method, _ in oas.operations(doc)
        if (path, method) != OPERATIONS["list"]
    }


# Spectral's severities: 0 error, 1 warning, 2 information, 3 hint; `make lint` fails on a
# warning or worse (`--fail-severity warn`).
FAILING_SEVERITY = 1


@pytest.fixture(scope="module")
def linted(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, set[tuple[str, str]]], dict[str, list[dict[str, Any]]]]:
    """Spectral's problems by file name, for both specs and the broken copies of the vehicle
    spec, with the problems each copy must have."""
    original = oas.load(oas.VEHICLE_SPEC)
    folder = tmp_path_factory.mktemp("spectral")
    expected = {}
    for name, breaks in (
        ("broken.yaml", _break_vehicle_spec),
        ("no-global-security.yaml", _drop_global_security),
    ):
        doc = copy.deepcopy(original)
        expected[name] = breaks(doc)
        (folder / name).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    files = [*oas.ALL_SPECS, *(folder / name for name in expected)]

    result = spectral("--format", "json", "--quiet", *map(str, files))

    problems: dict[str, list[dict[str, Any]]] = {path.name: [] for path in files}
    for problem in json.loads(result.stdout):
        problems[Path(problem["source"]).name].append(problem)
    return expected, problems


@pytest.mark.parametrize("path", oas.ALL_SPECS, ids=lambda p: p.name)
def test_spec_passes_spectral(path, linted):
    failing = [
        f"{p['code']} at {'.'.join(map(str, p['path']))}: {p['message']}"
        for p in linted[1][path.name]
        if p["severity"] <= FAILING_SEVERITY
    ]
    assert not failing, "spectral found problems:\n" + "\n".join(failing)


def test_ruleset_rejects_broken_specs(linted):
    expected, problems = linted
    found: dict[str, set[tuple[str, str]]] = {name: set() for name in expected}
    for name in expected:
        for problem in problems[name]:
            assert problem["severity"] == 0, f"not an error: {problem}"
            found[name].add((problem["code"], ".".join(map(str, problem["path"]))))
    for name, wanted in expected.items():
        missing = wanted - found[name]
        assert not missing, f"{name}: rules that did not fire: {sorted(missing)}"
    # Nothing else is reported for the broken spec (no rule fires on what was left intact).
    assert found["broken.yaml"] == expected["broken.yaml"]
    # Without a global requirement the only other report is the summary at the document root.
    assert found["no-global-security.yaml"] - expected["no-global-security.yaml"] == {
        ("operation-security-required", "")
    }
