"""The gate on real edits of the spec, in scratch repositories; versions; which base it takes;
openapi-diff's part."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tesla_mock.release import openapidiff
from tesla_mock.release.changes import Bump, Impact, bump_between, bumped, lower_parts_reset
from tesla_mock.release.gate import GateError, check, compare, last_release

from tests.release.repos import (
    SPEC,
    committed_spec,
    edit_spec,
    git,
    scratch_repo,
    spec_check,
)
from tests.release.specpairs import base, car, limit_body

BATTERY_LEVEL = """        battery_level:
          description: State of charge, percent.
          type: integer
          minimum: 0
          maximum: 100
"""
PERCENT_RANGE = "      minimum: -2147483648\n      maximum: 2147483647\n      example: 75\n"


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The real spec committed and tagged as its own version, in a scratch repository."""
    text = committed_spec()
    version = text.split("\n  version: ", 1)[1].split("\n", 1)[0]
    return scratch_repo(tmp_path_factory.mktemp("released"), text, f"v{version}"), version


@pytest.fixture
def repo(released: tuple[Path, str], tmp_path: Path) -> Path:
    """A clone of the released scratch repository, its spec ready to edit."""
    source, _ = released
    git(tmp_path, "clone", "-q", str(source), "clone")
    return tmp_path / "clone"


def set_version(repo: Path, version: str) -> None:
    text = (repo / SPEC).read_text(encoding="utf-8")
    old = "\n  version: " + text.split("\n  version: ", 1)[1].split("\n", 1)[0] + "\n"
    edit_spec(repo, old, f"\n  version: {version}\n")


def without_operation(repo: Path, path: str) -> None:
    text = (repo / SPEC).read_text(encoding="utf-8")
    start = text.index(f"\n  {path}:\n")
    end = text.index("\n  /", start + 1)
    (repo / SPEC).write_text(text[:start] + text[end:], encoding="utf-8")


def major(released: tuple[Path, str]) -> str:
    return bumped(released[1], Bump.MAJOR)


def test_a_removed_response_field_needs_a_major_bump(repo: Path, released: Any) -> None:
    edit_spec(repo, BATTERY_LEVEL, "")
    refused = spec_check(repo, "--no-openapi-diff")
    assert refused.returncode == 1, refused.stderr
    assert "breaking for clients" in refused.stdout
    assert "200 response body: `response.charge_state.battery_level`: removed" in refused.stdout
    assert "get_vehicle_data" in refused.stdout
    assert refused.stdout.rstrip().endswith("is not bumped")
    set_version(repo, bumped(released[1], Bump.MINOR))
    assert spec_check(repo, "--no-openapi-diff").returncode == 1
    set_version(repo, bumped(released[1], Bump.MINOR))  # still minor: refused above
    set_version(repo, major(released))
    accepted = spec_check(repo, "--no-openapi-diff")
    assert accepted.returncode == 0, accepted.stdout
    assert accepted.stdout.rstrip().endswith("is a major bump: OK")


def test_a_narrowed_request_range_needs_a_major_bump(repo: Path, released: Any) -> None:
    edit_spec(
        repo, PERCENT_RANGE, "      minimum: 50\n      maximum: 2147483647\n      example: 75\n"
    )
    report = check(repo, openapi_diff=False)
    breaking = [c.line() for c in report.changes if c.impact is Impact.BREAKING_CLIENTS]
    assert breaking, report.text()
    assert all("`percent`: `minimum` -2147483648 -> 50" in line for line in breaking), breaking
    assert {c.operation for c in report.changes if c.impact is Impact.BREAKING_CLIENTS} == {
        "set_charge_limit"
    }
    assert not report.ok
    set_version(repo, major(released))
    assert check(repo, openapi_diff=False).ok


def test_a_removed_operation_needs_a_major_bump(repo: Path, released: Any) -> None:
    without_operation(repo, "/api/1/vehicles/{id}/command/charge_max_range")
    report = check(repo, openapi_diff=False)
    assert "charge_max_range: removed (POST /api/1/vehicles/{id}/command/charge_max_range)" in [
        change.line() for change in report.changes
    ]
    assert report.needed is Bump.MAJOR and not report.ok


def test_an_additive_change_takes_a_minor_bump(repo: Path, released: Any) -> None:
    edit_spec(repo, BATTERY_LEVEL, BATTERY_LEVEL + "        battery_health:\n"
              "          description: Percent of the new pack's capacity.\n"
              "          type: integer\n")  # fmt: skip
    report = check(repo, openapi_diff=False)
    assert [c.line() for c in report.changes if c.impact is not Impact.DOCS] == [
        "get_vehicle_data 200 response body: `response.charge_state.battery_health`: added "
        "(optional) (schema `ChargeState`)"
    ]
    assert report.needed is Bump.MINOR and not report.ok
    set_version(repo, bumped(released[1], Bump.MINOR))
    assert check(repo, openapi_diff=False).ok
    set_version(repo, major(released))  # more than needed is allowed
    assert check(repo, openapi_diff=False).ok
    set_version(repo, major(released).replace(".0.0", ".0.1"))  # a major bump resets the rest
    done = spec_check(repo, "--no-openapi-diff")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == (
        f"FAIL: info.version {major(released).replace('.0.0', '.0.1')} is a major bump that does "
        f"not reset the lower parts to 0 (semantic versioning): {major(released)}"
    )


def test_a_documentation_change_takes_a_patch_bump(repo: Path, released: Any) -> None:
    edit_spec(repo, "State of charge, percent.", "State of charge, in percent.")
    report = check(repo, openapi_diff=False)
    assert {c.impact for c in report.changes} == {Impact.DOCS}
    assert report.needed is Bump.PATCH and not report.ok
    set_version(repo, bumped(released[1], Bump.PATCH))
    assert check(repo, openapi_diff=False).ok


def test_an_unchanged_spec_passes_and_a_lower_version_fails(repo: Path, released: Any) -> None:
    passed = spec_check(repo)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert f"base: the newest release tag, v{released[1]}" in passed.stdout
    set_version(repo, "0.0.1")
    failed = spec_check(repo, "--json")
    assert failed.returncode == 1
    assert json.loads(failed.stdout)["verdict"].endswith(f"lower than the base's {released[1]}")


def test_versions() -> None:
    assert bump_between("2.0.0", "2.1.0") is Bump.MINOR
    assert bump_between("2.0.0", "3.0.0") is Bump.MAJOR
    assert bump_between("2.0.0", "2.0.1") is Bump.PATCH
    assert bump_between("2.0.0", "2.0.0") is Bump.NONE
    assert bump_between("2.1.0", "2.0.9") is None
    assert lower_parts_reset("3.0.0", Bump.MAJOR) and lower_parts_reset("2.1.0", Bump.MINOR)
    assert not lower_parts_reset("3.0.1", Bump.MAJOR) and not lower_parts_reset("2.1.3", Bump.MINOR)
    assert lower_parts_reset("2.0.7", Bump.PATCH)
    assert bumped("2.3.4", Bump.MINOR) == "2.4.0"


def test_without_tags_the_base_is_the_commit_that_added_the_release_to_the_changelog(
    tmp_path: Path, released: Any
) -> None:
    repo = scratch_repo(tmp_path / "untagged", committed_spec())
    edit_spec(repo, "State of charge, percent.", "State of charge, in percent.")
    (repo / "CHANGELOG.md").write_text(f"# Changelog\n\n## [Unreleased]\n\n## [{released[1]}]\n")
    git(repo, "add", "CHANGELOG.md")
    git(repo, "commit", "-q", "-am", "release: the changelog entry and its spec")
    release = git(repo, "rev-parse", "HEAD")
    assert last_release(repo) == (
        release, f"no tag v{released[1]} here: the commit that added it to CHANGELOG.md "
        f"({release[:7]})",
    )  # fmt: skip


def test_without_tags_a_changelog_commit_of_another_spec_version_is_passed_over(
    tmp_path: Path, released: Any
) -> None:
    repo = scratch_repo(tmp_path / "untagged", committed_spec())
    first = git(repo, "rev-parse", "HEAD")
    set_version(repo, "99.0.0")
    (repo / "CHANGELOG.md").write_text(f"# Changelog\n\n## [{released[1]}]\n")
    git(repo, "add", "CHANGELOG.md")
    git(repo, "commit", "-q", "-am", "the changelog, with a spec of another version")
    assert last_release(repo) == (
        first,
        f"no tag v{released[1]} here: the first commit whose spec says it ({first[:7]})",
    )


def test_a_shallow_clone_fetches_history_and_tags_first(tmp_path: Path, released: Any) -> None:
    source, version = released
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-tags", f"file://{source}", "shallow")
    repo = tmp_path / "shallow"
    assert git(repo, "rev-parse", "--is-shallow-repository") == "true"
    assert last_release(repo) == (
        f"v{version}",
        f"the newest release tag, v{version} (history fetched: the clone was shallow)",
    )
    assert git(repo, "rev-parse", "--is-shallow-repository") == "false"


def test_without_tag_or_changelog_the_gate_says_what_is_missing(tmp_path: Path) -> None:
    repo = scratch_repo(tmp_path / "bare", committed_spec())
    with pytest.raises(GateError, match=r"no release tag .*, no release in CHANGELOG\.md and "
                       r"no origin/main"):  # fmt: skip
        last_release(repo)
    done = spec_check(repo)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "name one with BASE=REF" in done.stderr
    done = spec_check(repo, "--base", "v9.9.9")
    assert (done.returncode, done.stderr) == (
        2, "tesla-mock: error: no such commit, tag or branch: v9.9.9\n"
    )  # fmt: skip


def test_without_any_release_the_base_is_origin_mains_merge_base(tmp_path: Path) -> None:
    upstream = scratch_repo(tmp_path / "upstream", committed_spec())
    fork = git(upstream, "rev-parse", "HEAD")
    git(tmp_path, "clone", "-q", str(upstream), "clone")
    repo = tmp_path / "clone"
    git(repo, "checkout", "-q", "-b", "change")
    edit_spec(repo, BATTERY_LEVEL, "")
    git(repo, "commit", "-q", "-am", "remove a response field")
    edit_spec(upstream, "State of charge, percent.", "State of charge, in percent.")
    git(upstream, "commit", "-q", "-am", "main moves on")
    git(repo, "fetch", "-q")
    assert last_release(repo) == (fork, f"no release yet: origin/main's merge base ({fork[:7]})")
    done = spec_check(repo, "--no-openapi-diff")
    assert done.returncode == 1
    assert "`response.charge_state.battery_level`: removed" in done.stdout


def test_outside_a_checkout_the_gate_says_so_in_one_line(tmp_path: Path) -> None:
    done = spec_check(tmp_path)  # the working directory is no git checkout
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"tesla-mock: error: {tmp_path} is not in a git checkout of the project: run it there, "
        "or name one with --repo PATH\n"
    ))  # fmt: skip


def test_openapi_diff_agrees_on_small_bodies() -> None:
    old, new = base(), base()
    for spec in (old, new):  # openapi-diff refuses recursive schemas (the next test)
        del car(spec)["properties"]["parts"]
    del car(new)["properties"]["name"]
    limit_body(new)["properties"]["percent"]["minimum"] = 60
    report = compare(old, new, "base", openapi_diff=True, openapi_diff_timeout=60)
    assert report.notes == []  # it ran on both bodies and found nothing the rules missed
    assert [c.source for c in report.changes] == ["rules"] * len(report.changes)
    assert not report.ok


def test_what_openapi_diff_cannot_judge_is_noted_and_left_to_the_rules() -> None:
    old, new = base(), base()
    del car(new)["properties"]["name"]
    report = compare(old, new, "base", openapi_diff=True, openapi_diff_timeout=60)
    (note,) = report.notes
    assert note.startswith("openapi-diff on the 200 response body: failed: ReferenceError: "
                           "Circular $ref pointer")  # fmt: skip
    assert note.endswith(": get_car")
    assert report.needed is Bump.MAJOR


def test_openapi_diff_adds_what_the_rules_missed(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = base(), base()
    car(new)["properties"]["odometer"] = {"type": "number"}  # the rules: additive only

    def outcome(pairs: list[dict[str, Any]], timeout: float) -> tuple[dict[str, Any], bool]:
        difference = {"code": "response.body.scope.add", "type": "breaking"}
        results = {p["id"]: {"outcome": {"breakingDifferences": [difference]}} for p in pairs}
        return results, True

    monkeypatch.setattr(openapidiff, "run_pairs", outcome)
    report = compare(old, new, "base")
    assert "get_car 200 response body: may hold more than before (response.body.scope.add) " \
        "(openapi-diff)" in [c.line() for c in report.changes]  # fmt: skip
    assert report.needed is Bump.MAJOR
