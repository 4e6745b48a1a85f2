"""Smoke runs of `make bench` and `make profile` through their command lines.

Nothing here asserts a timing: each run is as short as the options allow, and what is checked is
that the servers start, the requests are answered 2xx, the tables come out and the figures reach
the JSON file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = [sys.executable, str(ROOT / "scripts" / "bench.py")]
PROFILE = [sys.executable, "-m", "bench.profile"]

pytestmark = pytest.mark.timeout(180)


def run(argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=170,
        check=False,
    )


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_rows(text: str, *headers: str) -> list[list[str]]:
    """The body rows of the first Markdown table whose headers begin with `headers`."""
    lines = text.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("|") and cells(line)[: len(headers)] == list(headers)
    )
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(cells(line))
    return rows


@pytest.mark.slow
def test_throughput_of_mock_ceiling_and_floor(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    argv = ["--quick", "--only", "throughput,mock,starlette,raw-asgi,set_charge_limit"]
    # No warm-up, here or below: a second of load per server, on both cores, that nothing
    # here reads; a warm-up is a measured run whose figures are dropped.
    done = run([*BENCH, *argv, "--concurrency", "2", "--warmup", "0", "--json", str(report)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "## Throughput" in done.stdout
    rows = table_rows(done.stdout, "workload")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("set_charge_limit", "2", "mock"),
        ("set_charge_limit", "2", "starlette"),
        ("set_charge_limit", "2", "raw-asgi"),
    ]
    answers = table_rows(done.stdout, "server", "request", "status")
    assert len(answers) == 6 and {row[2] for row in answers} == {"200"}
    results = json.loads(report.read_text())
    assert results["generator"] == "wrk" and results["options"]["warmup_s"] == 0
    cells = results["throughput"]["cells"]
    assert all(c["requests"] > 0 and c["non_2xx"] == c["socket_errors"] == 0 for c in cells)
    # Each server's CPU per request: a second of load is at least a few clock ticks of it.
    cpu = [c["server_cpu_us_per_request"] for c in cells]
    assert all(us is not None and 0 < us < 100_000 for us in cpu), cpu
    assert [row[-1] for row in rows] == [f"{us:.0f}" for us in cpu]
    [ratios] = results["throughput"]["ratios"]
    assert ratios["mock_over_starlette"] > 0 and ratios["mock_over_prism"] is None
    by_cpu = cpu[1] / cpu[0]  # Starlette's CPU per request over the mock's
    assert ratios["mock_over_starlette_by_cpu"] == pytest.approx(by_cpu)
    assert ratios["mock_over_prism_by_cpu"] is None


@pytest.mark.slow
def test_fleet_and_clock_with_a_small_fleet(tmp_path: Path) -> None:
    argv = ["--quick", "--only", "fleet,clock,vehicle_data", "--fleet-size", "20"]
    report = ["--warmup", "0", "--json", str(tmp_path / "b.json")]
    done = run([*BENCH, *argv, "--concurrency", "1", *report])
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((tmp_path / "b.json").read_text())
    assert [s["name"] for s in results["fleet"]["servers"]][1] == "mock-20v"
    assert results["clock"]["vehicles"] == 20
    [sync] = [r for r in table_rows(done.stdout, "one tick") if r[0].startswith("advance + sync")]
    assert sync[1] == "20"


def test_without_wrk_the_run_says_how_to_get_it() -> None:
    done = run(BENCH, PATH=str(Path(sys.executable).parent))
    assert done.returncode != 0
    assert "apt-get install wrk" in done.stderr


def test_bad_options_are_usage_errors() -> None:
    assert run([*BENCH, "--only", "mock,nonsense"]).returncode == 2
    assert run([*BENCH, "--concurrency", "1,x"]).returncode == 2
    assert run([*BENCH, "--warmup", "-1"]).returncode == 2


@pytest.mark.slow
def test_profile_prints_a_row_per_workload_all_answered_200() -> None:
    done = run([*PROFILE, "--requests", "30", "--rounds", "1"])
    assert done.returncode == 0, done.stdout + done.stderr  # exit 1 on any answer but 200
    names = [row[0] for row in table_rows(done.stdout, "workload")]
    assert names == ["set_charge_limit", "charge_start_stop", "vehicle_data"]


@pytest.mark.slow
def test_profile_prints_the_call_tree() -> None:
    done = run([*PROFILE, "vehicle_data", "--profile", "--requests", "30", "--rounds", "1"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "pyinstrument" in done.stdout.lower() or "Recorded:" in done.stdout


@pytest.mark.slow
def test_fixture_section_times_each_way_without_wrk(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    tools = tmp_path / "bin"  # git (the report names the revision), but no wrk
    tools.mkdir()
    (tools / "git").symlink_to(shutil.which("git") or "git")
    argv = ["--quick", "--only", "fixture", "--json", str(report)]
    done = run([*BENCH, *argv], PATH=f"{Path(sys.executable).parent}:{tools}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "## The pytest fixture: ms per one-call test (12 tests per way)" in done.stdout
    rows = table_rows(done.stdout, "way", "pytest")
    assert [(row[0], row[1]) for row in rows] == [
        ("in-process", "12 passed"),
        ("loopback", "12 passed"),
        ("shared", "12 passed"),
    ]
    [ways] = [json.loads(report.read_text())["fixture"]["ways"]]
    assert [way["way"] for way in ways] == ["in-process", "loopback", "shared"]
    for way in ways:
        [run_] = way["runs"]
        assert way["ok"] and way["tests"] == len(run_["ms_per_test"]) == 12
        assert all(ms > 0 for ms in run_["ms_per_test"])
        assert 0 < way["median_ms"] <= way["p90_ms"] and way["mean_ms"] > 0
        assert len(run_["cpu_ms_per_test"]) == 12 and way["cpu_ms"] > 0
        assert (run_["server_cpu_ms"] is not None) == (way["way"] == "shared")
        assert way["first_ms"] == run_["ms_per_test"][0] and run_["wall_s"] > 0
    assert ways[0]["times_in_process"] == 1.0
    assert all(way["times_in_process"] > 0 for way in ways)


def test_fixture_options_are_checked() -> None:
    # 3 tests: one counted, too few for a p90 (it raised StatisticsError when 3 were allowed)
    assert run([*BENCH, "--only", "fixture", "--fixture-tests", "3"]).returncode == 2


@pytest.mark.slow
def test_cpu_by_file_counts_each_files_own_and_child_processes_cpu(tmp_path: Path) -> None:
    tests = tmp_path / "test_spends.py"
    tests.write_text(
        "import subprocess, sys\n\n"
        "def test_in_a_child():\n"
        "    subprocess.run([sys.executable, '-c', 'sum(range(3 * 10**7))'], check=True)\n"
    )
    figures = tmp_path / "cpu"
    pytest_run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    done = run([*pytest_run, "-p", "bench.cpu_by_file", str(tests)], CPU_BY_FILE_DIR=str(figures))
    assert done.returncode == 0, done.stdout + done.stderr

    shown = run([sys.executable, "-m", "bench.cpu_by_file", str(figures)])
    assert shown.returncode == 0, shown.stderr
    rows = {row[0]: row[1:] for row in table_rows(shown.stdout, "file")}
    [spends] = [cpu for name, cpu in rows.items() if name.endswith("test_spends.py")]
    total, own, children = map(float, spends)
    assert children > 0 and total == pytest.approx(own + children, abs=0.11)
    assert set(rows) == {"start-up", "all", *(n for n in rows if n.endswith("test_spends.py"))}

    nothing = run([sys.executable, "-m", "bench.cpu_by_file", str(tmp_path / "none")])
    assert nothing.returncode == 2 and "run pytest with -p bench.cpu_by_file" in nothing.stderr
