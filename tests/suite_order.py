"""The order `make test` runs its files in (tests/conftest.py sorts by it)."""

# The longest files of `make test` on 2 cores (wall seconds of each file's tests, about 20 to
# 110 s in a warm run), longest first. A file missing here only runs later.
LONGEST_FIRST = (
    "tests/sdk_properties/test_error_statuses.py",
    "tests/install/test_readme_install.py",
    "tests/release/test_previous_sdk.py",
    "tests/server/test_fastpath.py",
    "tests/bench/test_bench_smoke.py",
    "tests/sdk/test_package.py",
    "tests/dashboard/test_dashboard.py",
    "tests/hostile/test_connections.py",
    "tests/sdk_properties/test_valid_requests.py",
    "tests/plugin/test_downstream.py",
    "tests/traffic/test_record_replay.py",
    "tests/prism/test_prism_wrappers.py",
    "tests/server/test_fastpath_differential.py",
    "tests/hostile/test_fleet_and_scenarios.py",
    "tests/release/test_gate.py",
    "tests/server/test_fleet_api.py",
)
