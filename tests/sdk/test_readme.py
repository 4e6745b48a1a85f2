"""The SDK README's examples type-check and run (against canned answers from the spec)."""

import json

import httpx
import pytest
import tesla_charging_client

from tests.sdk.sdk import PACKAGE, Recorder, route
from tests.sdk.typecheck import README, SNIPPETS, strict_run

MOCK_URL = "http://127.0.0.1:4010"
MOCK_TOKEN = "demo-owner-token"


def test_readme_is_the_projects():
    text = README.read_text(encoding="utf-8")
    assert len(SNIPPETS) >= 2
    for needle in (
        "raise_on_unexpected_status=True",
        "UnexpectedStatus",
        "response.result is False",
        "refusal_reason",
        "additional_properties",
        "`Error`",
        "id_s",
        "VIN",
        MOCK_URL,
        "asyncio",
    ):
        assert needle in text, needle
    assert "MyDataModel" not in text, "the generator's generic README is back"


@pytest.mark.slow
def test_readme_examples_pass_mypy_strict(tmp_path_factory):
    """Each example passes `mypy --strict` (in one run with the package)."""
    run = strict_run(tmp_path_factory)
    assert run.checked_everything(), run.output
    assert run.problems_in(run.readme_examples) == [], run.output


def _answer_from_spec(request: httpx.Request) -> httpx.Response:
    """What a server that follows the spec could answer: the first 200 example."""
    assert str(request.url).startswith(MOCK_URL)
    assert request.headers["authorization"] == f"Bearer {MOCK_TOKEN}"
    return httpx.Response(200, json=route(request).response_examples(200)[0])


# The examples that talk to a server; the others show how to read a model.
CALLING = [number for number, snippet in enumerate(SNIPPETS) if "AuthenticatedClient(" in snippet]


def test_readme_missing_field_example_tells_absent_null_and_set_apart():
    (snippet,) = [s for s in SNIPPETS if "def door_is_open" in s]
    namespace: dict[str, object] = {"__name__": "readme"}
    exec(compile(snippet, "README missing-field example", "exec"), namespace)
    door_is_open = namespace["door_is_open"]
    charge_state = tesla_charging_client.models.ChargeState
    assert door_is_open(charge_state.from_dict({})) is None  # not sent
    assert door_is_open(charge_state.from_dict({"charge_port_door_open": None})) is None
    assert door_is_open(charge_state.from_dict({"charge_port_door_open": True})) is True


@pytest.mark.parametrize("number", CALLING)
def test_readme_example_runs(number, monkeypatch, capsys):
    recorder = Recorder(_answer_from_spec)
    original = tesla_charging_client.AuthenticatedClient

    def client_with_canned_answers(**kwargs):
        return original(**kwargs, httpx_args={"transport": recorder.transport})

    monkeypatch.setattr(tesla_charging_client, "AuthenticatedClient", client_with_canned_answers)
    exec(compile(SNIPPETS[number], f"README example {number}", "exec"), {"__name__": "readme"})

    calls = [route(request).operation_id for request in recorder.requests]
    assert calls, "the example made no request"
    printed = capsys.readouterr().out
    assert printed.strip(), "the example printed nothing"
    for complaint in ("error", "cannot", "no charge state", "refused"):
        assert complaint not in printed, printed
    if "set_charge_limit" in calls:
        request = recorder.requests[calls.index("set_charge_limit")]
        assert json.loads(request.content) == {"percent": 90}
    assert PACKAGE in SNIPPETS[number]
