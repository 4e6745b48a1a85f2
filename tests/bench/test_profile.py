"""bench/profile.py: the in-process loop sends the workloads' own requests and reads the answers.

No timing is asserted: the figures only have to exist; the answers have to be the right ones.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from bench import profile
from bench.workloads import DEFAULT_WORKLOADS, WORKLOAD_NAMES, workload
from mockserver.app import create_app


@pytest.mark.parametrize("name", WORKLOAD_NAMES)
def test_the_scope_is_the_request_the_load_generators_send(name: str) -> None:
    """What the in-process loop hands the app is answered as the same request over HTTP is."""
    app = create_app()
    with TestClient(app) as client:
        for request in workload(name).requests:
            scope = profile.asgi_scope(request)
            assert scope["method"] == request.method
            assert (
                scope["path"] + ("?" + scope["query_string"].decode()) * bool(scope["query_string"])
                == request.path
            )
            headers = dict(scope["headers"])
            assert headers[b"authorization"] == request.headers()["Authorization"].encode()
            over_http = client.request(
                request.method, request.path, content=request.body, headers=request.headers()
            )
            assert over_http.status_code == 200


def test_every_request_of_a_workload_is_answered_200() -> None:
    cost = profile.measure("charge_start_stop", requests=40, rounds=2)
    assert cost.requests == 80
    assert len(cost.us_per_request) == 2 and cost.median_us > 0
    assert sum(cost.statuses.values()) == 80 and set(cost.statuses) == {200}


def test_the_profiler_runs_one_extra_untimed_round() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def start(self) -> None:
            self.calls.append("start")

        def stop(self) -> None:
            self.calls.append("stop")

    recorder = Recorder()
    cost = profile.measure("vehicle_data", requests=20, rounds=1, profiler=recorder)
    assert recorder.calls == ["start", "stop"]
    assert cost.requests == 20 and sum(cost.statuses.values()) == 40


def test_the_command_line_prints_a_row_per_workload(capsys) -> None:
    assert profile.main(["--requests", "30", "--rounds", "1"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert [row.split("|")[1].strip() for row in rows[2:]] == list(DEFAULT_WORKLOADS)


def test_an_unknown_workload_is_refused(capsys) -> None:
    with pytest.raises(SystemExit):
        profile.main(["nope"])
    assert "unknown workload(s) nope" in capsys.readouterr().err
