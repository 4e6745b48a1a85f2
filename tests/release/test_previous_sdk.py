"""The SDK of the last release, taken from git, against today's mock.

That release's own SDK property tests (`tests/sdk_properties/` and the helpers they import, as
they were at the release, reading the release's spec) run in a pytest process of this project's
Python with the release's SDK package first on PYTHONPATH, imported from the release's
`generated/tesla-charging-client` as committed: it is pure Python, and its wheel holds that
package directory as it is (the build backend copies it; checked for 3.0.0), so the code that
runs is the code a team installed, without building and installing it on every run. Everything
else comes from the project's environment. The mock is this checkout's (`mockserver/` next on
PYTHONPATH).

They run in every case, whatever the versions say:

* within a major version, every test must pass: a client of the previous release keeps working;
* across a major version, tests may fail, but only where the spec gate announced a break: each
  failing test must be accounted for by a change the gate reports as breaking for clients, in
  the operation the test calls and (for a test of one status) in that status's response or in
  the operation's request (`explaining_changes`); the gate must also find that the changes need
  a major and that the spec's version makes one. A failure the gate did not announce (the mock
  breaking an old client where the spec did not change) fails this test, as within a major.
  Why not more: the gate cannot say how a change breaks a given call, so "the failing call is
  one the gate flagged, at the status it flagged" is the finest link that can be checked.

Which release: the newest `vX.Y.Z` tag, or in a clone without tags the commit that added the
CHANGELOG's newest release (`tesla_mock.release.gate.last_release`, the gate's own base).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from tesla_mock.release.changes import Bump, Change, Impact, parse_version
from tesla_mock.release.gate import SPEC, check, last_release, load_yaml, spec_at

from tests.gc_tuning import PYTEST_WITH_THESE_THRESHOLDS
from tests.release.previous import (
    Outcome,
    alias_renamed_mock_package,
    explaining_changes,
    outcomes,
)
from tests.release.repos import ROOT

SDK = "generated/tesla-charging-client"
# What the release's tests need from its tree; `mockserver/` is not taken: the mock is today's.
RELEASE_PATHS = ("tests", "spec", SDK, "pyproject.toml")
# All of the release's property tests, sync and async (their cost: docs/benchmarks.md, "make
# test on 2 cores"). PREVIOUS_SDK_TESTS=sync runs the sync half
# only: sync and async calls share the SDK's request builders and answer parsers, which are what
# changes between releases.
FLAVORS = "not async" if os.environ.get("PREVIOUS_SDK_TESTS") == "sync" else ""


@pytest.mark.slow
def test_the_previous_release_sdk_passes_its_property_tests_against_todays_mock(
    tmp_path: Path,
) -> None:
    base, how = last_release(ROOT)
    released_spec = spec_at(ROOT, base, SPEC)
    released = str(released_spec["info"]["version"])
    current = str(load_yaml((ROOT / SPEC).read_text(encoding="utf-8"), SPEC)["info"]["version"])
    tree = tmp_path / "release"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", base, *RELEASE_PATHS],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    alias_renamed_mock_package(tree)

    # The release's SDK first, then this checkout's mock; the old tree's tests come before
    # both (they are the cwd).
    sdk = tree / SDK
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(sdk), str(ROOT / "mockserver")])}
    sdk_version = tomllib.loads((sdk / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    imported = subprocess.run(
        [sys.executable, "-c", "import tesla_charging_client as c; print(c.__file__)"],
        capture_output=True, text=True, check=True, cwd=tree, env=env,
    ).stdout.strip()  # fmt: skip
    # The old SDK is the one used, and it is the release's.
    assert Path(imported).is_relative_to(sdk / "tesla_charging_client"), imported
    assert sdk_version["version"] == released, sdk_version

    junit = tmp_path / "previous-sdk.xml"
    run = subprocess.run(
        [sys.executable, "-c", PYTEST_WITH_THESE_THRESHOLDS, "tests/sdk_properties", "-q",
         "-p", "no:cacheprovider", "-k", FLAVORS, "--timeout", "600", f"--junitxml={junit}"],
        capture_output=True, text=True, cwd=tree, env=env, check=False,
    )  # fmt: skip
    what = f"SDK {released} ({how}) against today's mock (spec {current})"
    tail = "\n".join(run.stdout.splitlines()[-30:])
    assert run.returncode in (0, 1) and junit.is_file(), f"{what} did not run:\n{tail}"
    ran = outcomes(junit)
    assert [o for o in ran if o.result == "passed"], f"{what}: no test passed\n{tail}"
    erred = [f"{o.test_id}: {o.message}" for o in ran if o.result == "error"]
    assert not erred, f"{what}: tests could not start:\n" + "\n".join(erred)
    failed = [o for o in ran if o.result == "failed"]

    if parse_version(current)[0] == parse_version(released)[0]:
        assert run.returncode == 0 and not failed, f"{what}:\n{tail}"
        return
    report = check(ROOT, base, openapi_diff=False)
    assert report.needed is Bump.MAJOR and report.ok, report.verdict()
    operation_ids = {
        operation["operationId"]
        for path in released_spec["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    unannounced = [
        f"{o.test_id}: {o.message}"
        for o in failed
        if not explaining_changes(o.test_id, operation_ids, report.changes)
    ]
    assert not unannounced, (
        f"{what}: {len(unannounced)} of {len(failed)} failing tests are about no change the "
        "gate reports as breaking for clients:\n" + "\n".join(unannounced)
    )


OPERATION_IDS = {"charge_start", "set_charge_limit", "list_vehicles"}
TEST = "tests.sdk_properties.test_error_statuses::test_an_injected_fault_answers_its_documented"


def breaking(operation: str, where: str) -> Change:
    return Change(Impact.BREAKING_CLIENTS, operation, where, "", "changed")


def test_a_failure_is_accounted_for_only_by_a_break_in_its_operation_and_status() -> None:
    media_429 = breaking("charge_start", "429 response body text/plain")
    changes = [media_429, Change(Impact.ADDITIVE, "set_charge_limit", "429 response", "", "x")]

    assert explaining_changes(f"{TEST}[charge_start-429-sync]", OPERATION_IDS, changes) == [
        media_429
    ]
    # Another status of the same operation, the same status of another operation, an
    # additive change, and a test whose id names no operation: nothing accounts for them.
    assert not explaining_changes(f"{TEST}[charge_start-408-sync]", OPERATION_IDS, changes)
    assert not explaining_changes(f"{TEST}[set_charge_limit-429-sync]", OPERATION_IDS, changes)
    assert not explaining_changes(f"{TEST}[sync]", OPERATION_IDS, changes)
    assert not explaining_changes("tests.x::test_y", OPERATION_IDS, changes)


def test_a_break_of_the_whole_operation_or_its_request_accounts_for_any_of_its_tests() -> None:
    removed = breaking("set_charge_limit", "")
    narrowed = breaking("charge_start", "request body")
    scheme = breaking("", "security scheme bearer")

    for test_id in (f"{TEST}[set_charge_limit-408-sync]", "t::test_valid[set_charge_limit-sync]"):
        assert explaining_changes(test_id, OPERATION_IDS, [removed]) == [removed]
    assert explaining_changes(f"{TEST}[charge_start-401-sync]", OPERATION_IDS, [narrowed]) == [
        narrowed
    ]
    # A test that names no status may read any response of its operation.
    any_status = breaking("list_vehicles", "200 response body")
    assert explaining_changes("t::test_valid[list_vehicles-sync]", OPERATION_IDS, [any_status])
    # A change to the whole document (no operation) accounts for every failure.
    assert explaining_changes("t::test_valid[list_vehicles-sync]", OPERATION_IDS, [scheme])


def test_the_junit_report_tells_passed_failed_erred_and_skipped_apart(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="t" name="test_a[charge_start-sync]"/>'
        '<testcase classname="t" name="test_b[charge_start-429-sync]">'
        '<failure message="JSONDecodeError: Expecting value">...</failure></testcase>'
        '<testcase classname="t" name="test_c"><error message="fixture failed">...</error>'
        '</testcase><testcase classname="t" name="test_d"><skipped message="no"/></testcase>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    assert outcomes(report) == [
        Outcome("t::test_a[charge_start-sync]", "passed"),
        Outcome("t::test_b[charge_start-429-sync]", "failed", "JSONDecodeError: Expecting value"),
        Outcome("t::test_c", "error", "fixture failed"),
        Outcome("t::test_d", "skipped", "no"),
    ]
