"""The garbage collector's settings of this suite's pytest processes (tests/conftest.py), and of
the pytest processes it starts to run tests of another tree (the last release's SDK tests,
tests/release/test_previous_sdk.py).

A test process holds a large heap of long-lived objects (parsed specs, apps, hypothesis' and
schemathesis' strategies), and Python's default thresholds had the collector traverse all of it
again and again (docs/benchmarks.md, "Figures behind the code"). So once the tests are
collected, what exists is frozen out of the collector's sight, and full collections are made
rarer. The price is memory: cyclic garbage lives longer.
"""

from __future__ import annotations

import gc

# Python's default is (700, 10, 10): a full collection after every tenth collection of the
# middle generation (and only once the heap has grown by a quarter); here every thousandth.
THRESHOLDS = (700, 10, 1000)

# `python -c PYTEST_WITH_THESE_THRESHOLDS ARG...`: pytest with ARGs, under THRESHOLDS.
PYTEST_WITH_THESE_THRESHOLDS = (
    f"import gc, sys, pytest; gc.set_threshold{THRESHOLDS}; sys.exit(pytest.main(sys.argv[1:]))"
)


def tune_after_collection() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
