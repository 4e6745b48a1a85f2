"""The SDK against canned answers (httpx.MockTransport, no server): what it sends and how it
parses every documented answer of the spec."""

import asyncio
import json
from urllib.parse import parse_qs

import httpx
import pytest
from tesla_charging_client import errors
from tesla_charging_client.models import (
    ChargeState,
    Error,
    KnownChargingState,
    KnownVehicleState,
    VehicleDataResponse,
)
from tesla_charging_client.types import UNSET

from tests.sdk.sdk import FORM, JSON, OPERATIONS, RESOLVED, Recorder, authenticated_client

ERROR_CASES = [(op, status) for op in OPERATIONS for status in op.statuses() if status >= 400]
SUCCESS_CASES = [(op, status) for op in OPERATIONS for status in op.statuses() if status < 300]
# The Fleet API's errors without the envelope: 423 has no body at all, and 429's Fleet answer
# is the text `Retry in N seconds` (its JSON envelope is documented beside it).
BODILESS_ERRORS = {423}
TEXT_ERRORS = {429}
PDF = "application/pdf"
DATA = next(op for op in OPERATIONS if op.operation_id == "get_vehicle_data")


def _assert_request(operation, request):
    assert request.method == operation.method.upper()
    assert request.url.path == operation.url_path
    assert request.headers["authorization"] == "Bearer t"


def test_every_operation_documents_errors():
    assert len(ERROR_CASES) >= 2 * len(OPERATIONS) > 0
    assert len(SUCCESS_CASES) == len(OPERATIONS)


@pytest.mark.parametrize(
    ("operation", "status"), ERROR_CASES, ids=[f"{o.operation_id}-{s}" for o, s in ERROR_CASES]
)
def test_documented_error_parses_into_error_model(operation, status):
    if status in BODILESS_ERRORS:
        assert operation.response_media_types(status) == []
        recorder = Recorder.answering_bytes(status, b"")
        with authenticated_client(recorder, raise_on_unexpected_status=True) as client:
            response = operation.module().sync_detailed(**operation.call_kwargs(client))
        assert (response.status_code, response.parsed, response.content) == (status, None, b"")
        return
    if status in TEXT_ERRORS:
        headers = operation.response_headers(status)
        for text in operation.response_examples(status, "text/plain"):
            recorder = Recorder.answering_bytes(
                status, text.encode(), {**headers, "Content-Type": "text/plain"}
            )
            with authenticated_client(recorder, raise_on_unexpected_status=True) as client:
                response = operation.module().sync_detailed(**operation.call_kwargs(client))
            assert response.parsed == text  # the SDK gives the text itself
            assert response.headers["Retry-After"] == headers["Retry-After"]
            assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(headers)
    examples = operation.response_examples(status)
    assert examples, f"{operation.operation_id} {status}: no example"
    headers = operation.response_headers(status)
    for example in examples:
        recorder = Recorder.answering(status, example, headers)
        with authenticated_client(recorder, raise_on_unexpected_status=True) as client:
            response = operation.module().sync_detailed(**operation.call_kwargs(client))
        _assert_request(operation, recorder.requests[0])
        assert response.status_code == status
        error = response.parsed
        if status in TEXT_ERRORS:
            # The SDK reads every 429 as text: a JSON envelope arrives as its own text.
            assert json.loads(error) == example
            continue
        assert isinstance(error, Error), f"{status} parsed as {type(error).__name__}"
        assert error.error == example["error"]
        assert error.error_description == example.get("error_description", UNSET)
        assert error.response is None
        assert error.to_dict() == example
        for name, value in headers.items():
            assert response.headers[name] == value


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.operation_id)
def test_undocumented_status_raises(operation):
    assert 418 not in operation.statuses()
    body = {"response": None, "error": "teapot", "error_description": ""}
    recorder = Recorder.answering(418, body)
    with (
        authenticated_client(recorder, raise_on_unexpected_status=True) as client,
        pytest.raises(errors.UnexpectedStatus) as raised,
    ):
        operation.module().sync_detailed(**operation.call_kwargs(client))
    assert raised.value.status_code == 418
    assert json.loads(raised.value.content) == body
    # Without raise_on_unexpected_status the answer is not parsed at all.
    with authenticated_client(recorder) as client:
        assert operation.module().sync(**operation.call_kwargs(client)) is None


@pytest.mark.parametrize(
    ("operation", "status"), SUCCESS_CASES, ids=[f"{o.operation_id}-{s}" for o, s in SUCCESS_CASES]
)
def test_success_examples_parse_and_round_trip(operation, status):
    if operation.response_media_types(status) == [PDF]:
        pdf = b"%PDF-1.4 a charging invoice"
        recorder = Recorder.answering_bytes(status, pdf, {"Content-Type": PDF})
        with authenticated_client(recorder, raise_on_unexpected_status=True) as client:
            response = operation.module().sync_detailed(**operation.call_kwargs(client))
        assert response.parsed.payload.read() == pdf
        return
    model = operation.response_model_name(status)
    examples = operation.response_examples(status)
    assert examples
    for example in examples:
        recorder = Recorder.answering(status, example)
        with authenticated_client(recorder, raise_on_unexpected_status=True) as client:
            response = operation.module().sync_detailed(**operation.call_kwargs(client))
        _assert_request(operation, recorder.requests[0])
        assert type(response.parsed).__name__ == model
        assert response.parsed.to_dict() == example


def test_async_variant_parses_the_same():
    example = DATA.response_examples(200)[0]
    recorder = Recorder.answering(200, example)

    async def call():
        async with authenticated_client(recorder, raise_on_unexpected_status=True) as client:
            return await DATA.module().asyncio_detailed(**DATA.call_kwargs(client))

    response = asyncio.run(call())
    assert isinstance(response.parsed, VehicleDataResponse)
    assert response.parsed.to_dict() == example


def _vehicle_data_with(**charge_state):
    example = json.loads(json.dumps(DATA.response_examples(200)[0]))
    example["response"]["charge_state"].update(charge_state)
    return example


def test_unknown_enum_values_parse_as_plain_strings():
    """Open enums: a value new to the spec does not break parsing."""
    example = _vehicle_data_with(charging_state="Calibrating", conn_charge_cable="NACS")
    example["response"]["state"] = "in_transit"
    recorder = Recorder.answering(200, example)
    with authenticated_client(recorder, raise_on_unexpected_status=True) as client:
        parsed = DATA.module().sync(**DATA.call_kwargs(client))
    assert isinstance(parsed, VehicleDataResponse)
    charge = parsed.response.charge_state
    assert isinstance(charge, ChargeState)
    assert type(charge.charging_state) is str and charge.charging_state == "Calibrating"
    assert type(charge.conn_charge_cable) is str and charge.conn_charge_cable == "NACS"
    assert type(parsed.response.state) is str and parsed.response.state == "in_transit"
    assert parsed.to_dict() == example


def test_known_enum_values_parse_into_the_enum():
    recorder = Recorder.answering(200, _vehicle_data_with(charging_state="Charging"))
    with authenticated_client(recorder) as client:
        parsed = DATA.module().sync(**DATA.call_kwargs(client))
    assert isinstance(parsed, VehicleDataResponse)
    assert parsed.response.charge_state.charging_state is KnownChargingState.CHARGING
    assert parsed.response.state is KnownVehicleState.ONLINE


def _form_value(value):
    return "true" if value is True else "false" if value is False else str(value)


BODY_OPERATIONS = [op for op in OPERATIONS if op.body_model(JSON) and op.body_model(FORM)]


def test_the_seeds_commands_take_both_encodings_and_the_fleet_schedules_json():
    """The form encoding is the Owner API's legacy; the 2024.26+ schedule commands exist only
    on the Fleet API, which takes JSON."""
    commands = {op.operation_id for op in OPERATIONS if "/command/" in op.path}
    schedules = {op.operation_id for op in OPERATIONS if op.raw.get("tags") == ["schedules"]}
    assert commands and schedules
    assert commands - schedules == {op.operation_id for op in BODY_OPERATIONS}
    for op in OPERATIONS:
        if op.operation_id in schedules:
            assert op.body_model(JSON) is not None and op.body_model(FORM) is None


@pytest.mark.parametrize("operation", BODY_OPERATIONS, ids=lambda o: o.operation_id)
def test_request_model_is_sent_as_json_and_form_model_as_form(operation):
    """The SDK picks the encoding from the model's class (upstream issue #1276 sent every body
    form-encoded when both content types shared a schema)."""
    answer = RESOLVED["paths"][operation.path][operation.method]["responses"]["200"]
    reply = operation.response_examples(200)[0] if answer.get("content") else None
    for media_type in (JSON, FORM):
        model = operation.body_model(media_type)
        examples = operation.body_examples(media_type)
        assert examples, f"{operation.operation_id}: no {media_type} example"
        recorder = Recorder.answering(200, reply)
        with authenticated_client(recorder) as client:
            body = model.from_dict(examples[0])
            operation.module().sync_detailed(**operation.call_kwargs(client, body=body))
        request = recorder.requests[0]
        _assert_request(operation, request)
        assert request.headers["content-type"] == media_type
        if media_type == JSON:
            assert json.loads(request.content) == examples[0]
        else:
            sent = parse_qs(request.content.decode(), keep_blank_values=True, strict_parsing=False)
            assert sent == {key: [_form_value(v)] for key, v in examples[0].items()}


@pytest.mark.parametrize(
    "operation",
    [op for op in BODY_OPERATIONS if not op.body_required()],
    ids=lambda o: o.operation_id,
)
def test_optional_body_can_be_left_out(operation):
    recorder = Recorder.answering(200, operation.response_examples(200)[0])
    with authenticated_client(recorder) as client:
        operation.module().sync_detailed(**operation.call_kwargs(client))
    request = recorder.requests[0]
    assert request.content == b""
    assert "content-type" not in request.headers


def test_transport_is_really_used():
    """The canned answers come from the transport: a transport error reaches the caller."""

    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    recorder = Recorder(refuse)
    with authenticated_client(recorder) as client, pytest.raises(httpx.ConnectError):
        DATA.module().sync(**DATA.call_kwargs(client))
