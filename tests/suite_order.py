"""The order `make test` runs its files in (tests/conftest.py sorts by it)."""

# The longest files of `make test` on 2 cores (wall seconds of each file's tests on its xdist
# worker, about 10 to 90 s in a warm run), longest first. A file missing here only runs later.
# xdist would order files by their number of tests instead (its default, loadscope reorder),
# which left the previous release's SDK run (one test, a minute) to start four minutes in:
# the Makefile passes --no-loadscope-reorder.
LONGEST_FIRST = (
    "tests/sdk_properties/test_error_statuses.py",
    "tests/install/test_readme_install.py",
    "tests/release/test_previous_sdk.py",
    "tests/sdk/test_package.py",
    "tests/server/test_fastpath.py",
    "tests/bench/test_bench_smoke.py",
    "tests/dashboard/test_dashboard.py",
    "tests/sdk_properties/test_valid_requests.py",
    "tests/hostile/test_connections.py",
    "tests/server/test_fastpath_differential.py",
    "tests/plugin/test_downstream.py",
    "tests/release/test_release.py",
    "tests/hostile/test_fleet_and_scenarios.py",
    "tests/server/test_fleet_api.py",
    "tests/hostile/test_requests.py",
    "tests/prism/test_prism_wrappers.py",
    "tests/release/test_gate.py",
    "tests/server/test_cli.py",
    "tests/server/test_error_texts.py",
    "tests/traffic/test_record_replay.py",
    "tests/sdk/test_responses.py",
    "tests/install/test_readme_sdk_example.py",
    "tests/install/test_make_targets.py",
)
