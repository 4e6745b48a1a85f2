"""The order `make test` runs its files in (tests/conftest.py sorts by it)."""

# The longest files of `make test` on 2 cores (wall seconds of each file's tests, about 30 to
# 190 s in a clean-clone run), longest first. A file missing here only runs later.
LONGEST_FIRST = (
    "tests/install/test_readme_install.py",
    "tests/bench/test_bench_smoke.py",
    "tests/plugin/test_downstream.py",
    "tests/server/test_cli.py",
    "tests/sdk_properties/test_error_statuses.py",
    "tests/dashboard/test_dashboard.py",
    "tests/server/test_fastpath.py",
    "tests/install/test_readme_sdk_example.py",
    "tests/sdk/test_package.py",
    "tests/release/test_previous_sdk.py",
    "tests/sdk_properties/test_valid_requests.py",
    "tests/hostile/test_connections.py",
    "tests/server/test_serving.py",
    "tests/spec/test_spectral.py",
)
