"""The benchmark harness behind `make bench` (entry point: scripts/bench.py; docs/benchmarks.md).

Modules, in the order a run uses them: `workloads` (the requests), `servers` (start, poll,
stop), `apps` (the Starlette ceiling and raw ASGI floor), `loadgen` (wrk), `stats` (repeated
runs summarised), `simulation` (in-process clock and memory costs), `report` (tables), `runner`
(the sections), `fixture` (the pytest fixture's cost per test) and `cli`. `profile` is `make
profile`. Large fleet files come from `tesla_mock/testing/fleets.py`, which the scale tests share.
"""
