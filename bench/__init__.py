"""The benchmark harness behind `make bench` (entry point: scripts/bench.py).

Modules, in the order a run uses them: `workloads` (the requests), `servers` (start, poll,
stop), `apps` (the Starlette ceiling and raw ASGI floor), `loadgen` (wrk), `simulation`
(in-process clock cost), `devloop` (make generate / make test timings), `report` (tables),
`runner` and `cli`. `profile` is `make profile`. Large fleet files come from
`tesla_mock/testing/fleets.py`, which the scale tests share.
"""
