"""The request log (tesla_mock/requestlog.py): one line per request, and connexion's bare
"Validation error" records folded into it. The log of a real `python -m tesla_mock` is in
tests/server/test_cli.py."""

from __future__ import annotations

import asyncio
import io
import logging
import re
from typing import Any

import pytest
from tesla_mock import requestlog
from tesla_mock.app import create_app
from tesla_mock.requestlog import NO_ANSWER_STATUS, RequestLog, ValidationRecords

from tests.server.support import OWNER_TOKEN, PLUGGED, SCENARIO

LINE = re.compile(
    r"(?P<method>\S+) (?P<path>\S+) (?P<status>\d{3}) (?P<ms>\d+\.\d) ms( (?P<error>.+))?"
)


def scope(method: str = "GET", path: str = "/api/1/vehicles", **extra: Any) -> dict[str, Any]:
    headers = extra.pop("headers", [])
    return {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": headers,
        **extra,
    }


async def call(app: Any, request: dict[str, Any], body: bytes = b"") -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:
            await asyncio.sleep(3600)
        received = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(request, receive, send)
    return sent


def answering(status: int, body: bytes = b"", content_type: bytes = b"application/json") -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        headers = [(b"content-type", content_type)]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def logged(app: Any, *requests: dict[str, Any]) -> list[re.Match[str]]:
    out = io.StringIO()
    log = RequestLog(app, out)
    for request in requests:
        asyncio.run(call(log, request))
    assert out.getvalue() == ""  # written by flush (on the server's tick), not per request
    log.flush()
    lines = out.getvalue().splitlines()
    matches = [LINE.fullmatch(line) for line in lines]
    assert all(matches), lines
    return matches  # type: ignore[return-value]


def test_a_line_per_request_with_method_path_status_and_milliseconds() -> None:
    (ok,) = logged(answering(200, b'{"response": []}'), scope())
    assert (ok["method"], ok["path"], ok["status"], ok["error"]) == (
        "GET",
        "/api/1/vehicles",
        "200",
        None,
    )
    assert float(ok["ms"]) >= 0


def test_an_error_answer_names_its_envelopes_error() -> None:
    envelope = b'{"response": null, "error": "invalid_field", "error_description": "x"}'
    (line,) = logged(answering(400, envelope), scope("POST", "/api/1/x"))
    assert (line["status"], line["error"]) == ("400", "invalid_field")
    (text,) = logged(answering(429, b"Retry in 5 seconds", b"text/plain"), scope())
    assert (text["status"], text["error"]) == ("429", None)


def test_a_request_without_an_answer_is_499_and_a_failing_one_500() -> None:
    async def silent(scope: Any, receive: Any, send: Any) -> None:
        return None

    async def failing(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("a bug")

    (line,) = logged(silent, scope())
    assert line["status"] == str(NO_ANSWER_STATUS)
    out = io.StringIO()
    log = RequestLog(failing, out)
    with pytest.raises(RuntimeError):
        asyncio.run(call(log, scope()))
    log.flush()
    assert LINE.fullmatch(out.getvalue().strip())["status"] == "500"  # type: ignore[index]


def test_a_path_cannot_write_control_characters_into_the_log() -> None:
    out = io.StringIO()
    log = RequestLog(answering(404), out)
    asyncio.run(call(log, scope(path="/api/1/\x1b[31mred\nGET /forged 200")))
    log.flush()
    (line,) = out.getvalue().splitlines()  # one line, the escapes visible
    assert line.startswith("GET /api/1/\\x1b[31mred\\nGET /forged 200 404 ")
    assert requestlog.loggable("/api/1/véhicule") == "/api/1/véhicule"


def test_non_http_scopes_pass_unlogged_and_quiet_logs_nothing() -> None:
    out = io.StringIO()
    seen = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    asyncio.run(RequestLog(app, out)({"type": "lifespan"}, None, None))  # type: ignore[arg-type]
    quiet = RequestLog(answering(200), None)
    sent = asyncio.run(call(quiet, scope()))
    quiet.flush()
    assert seen == ["lifespan"] and out.getvalue() == "" and sent[0]["status"] == 200


def test_a_closed_output_stops_the_log_not_the_server() -> None:
    out = io.StringIO()
    log = RequestLog(answering(200), out)
    asyncio.run(call(log, scope()))
    out.close()
    log.flush()  # ValueError from the closed stream, swallowed
    asyncio.run(call(log, scope()))
    log.flush()
    assert log.out is None


def test_lines_beyond_the_pending_bound_are_written_at_once(monkeypatch) -> None:
    monkeypatch.setattr(requestlog, "MAX_PENDING_LINES", 3)
    out = io.StringIO()
    log = RequestLog(answering(200), out)
    for _ in range(3):
        asyncio.run(call(log, scope()))
    assert out.getvalue().count("\n") == 3


def test_an_error_body_is_kept_up_to_its_bound(monkeypatch) -> None:
    monkeypatch.setattr(requestlog, "MAX_ERROR_BODY_BYTES", 64)
    envelope = b'{"response": null, "error": "not_found", "error_description": ""}'
    assert len(envelope) > 64

    def chunked(*chunks: bytes) -> Any:
        async def app(scope: Any, receive: Any, send: Any) -> None:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            for n, chunk in enumerate(chunks, start=1):
                await send(
                    {"type": "http.response.body", "body": chunk, "more_body": n < len(chunks)}
                )

        return app

    # Read while fewer than 64 bytes are kept: the chunk that crosses the bound is kept whole.
    (whole,) = logged(chunked(envelope[:40], envelope[40:]), scope())
    assert whole["error"] == "not_found"
    (cut,) = logged(chunked(envelope[:64], envelope[64:]), scope())
    assert (cut["status"], cut["error"]) == ("404", None)


# -- connexion's "Validation error" records ------------------------------------------------------
def validation_record(level: int) -> logging.LogRecord:
    return logging.LogRecord(
        "connexion.validators.json", level, __file__, 1, "Validation error: %s", ("bad",), None
    )


def test_validation_records_of_a_request_are_dropped_and_of_a_response_name_it() -> None:
    records = ValidationRecords()
    assert records.filter(validation_record(logging.ERROR))  # outside a request: unchanged
    token = requestlog._current_scope.set(scope("POST", "/api/1/vehicles/1/command/x"))
    try:
        assert not records.filter(validation_record(logging.ERROR))  # a form body's
        assert not records.filter(validation_record(logging.INFO))  # a JSON body's
        response = validation_record(logging.WARNING)  # a response's (--validate-responses)
        assert records.filter(response)
        assert response.getMessage() == "POST /api/1/vehicles/1/command/x: Validation error: bad"
        other = logging.LogRecord("x", logging.ERROR, __file__, 1, "something else", None, None)
        assert records.filter(other) and other.getMessage() == "something else"
    finally:
        requestlog._current_scope.reset(token)


def test_a_refused_form_body_is_one_request_line_not_a_bare_validation_error(caplog) -> None:
    out = io.StringIO()
    log = RequestLog(create_app(scenario=SCENARIO), out)
    body = b"percent=9999999999"  # beyond the spec's int32 maximum
    headers = [
        (b"authorization", f"Bearer {OWNER_TOKEN}".encode()),
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"content-length", str(len(body)).encode()),
        (b"host", b"testserver"),
    ]
    path = f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit"
    request = scope("POST", path, headers=headers, scheme="http", server=("testserver", 80))
    with caplog.at_level(logging.INFO):
        sent = asyncio.run(call(log, request, body))
    assert sent[0]["status"] == 400
    assert not [r for r in caplog.records if r.getMessage().startswith("Validation error")]
    log.flush()
    line = LINE.fullmatch(out.getvalue().strip())
    assert line and (line["method"], line["path"], line["status"], line["error"]) == (
        "POST",
        path,
        "400",
        "invalid_field",
    )
