"""The real API's error envelope, and the conversion of every framework error into it.

Every non-2xx answer of the server is `{"response": null, "error": ..., "error_description": ...}`
with `Content-Type: application/json`, whether it comes from the vehicle rules, connexion's
validation, security or routing, or an unexpected exception.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.exceptions import HTTPException

from tesla_mock.jsonwriter import JSON_WRITER
from tesla_mock.routes import served_methods

logger = logging.getLogger(__name__)

# The `error` string the real API uses for each status (see the facts file, sections 1.5
# and 3.8). A sleeping car's 408 reads differently on the Owner API and on the Fleet API.
VEHICLE_ASLEEP_OWNER = 'vehicle unavailable: {:error=>"vehicle unavailable:"}'
VEHICLE_ASLEEP_FLEET = "vehicle unavailable: vehicle is offline or asleep"
VEHICLE_ASLEEP = VEHICLE_ASLEEP_OWNER
ERROR_CODES: dict[int, str] = {
    400: "invalid_field",
    401: "invalid bearer token",
    402: "payment_required",
    403: "Unauthorized missing scopes",
    404: "not_found",
    405: "method_not_allowed",
    408: VEHICLE_ASLEEP,
    409: "conflict",
    412: (
        "Endpoint is only available on fleetapi. "
        "Visit https://developer.tesla.com/docs for more info"
    ),
    413: "payload_too_large",
    415: "not_a_JSON_request",
    422: "invalid_resource",
    429: "too_many_requests",
    451: "unavailable_for_legal_reasons",
    499: "client_closed_request",
    500: "upstream internal error",
    503: "service_unavailable",
    540: "device_unexpected_response",
}
# Statuses the real API answers without a body (423: the account is locked by Tesla).
BODILESS_STATUSES = frozenset({423})
MAX_BODY_BYTES = 64 * 1024
# The real API's answer to a command name it does not know (HTTP 400).
INVALID_COMMAND = "invalid_command"


class ApiError(Exception):
    """An error answer decided by the mock itself (not by the framework)."""

    def __init__(
        self,
        status: int,
        description: str = "",
        *,
        error: str | None = None,
        headers: dict[str, str] | None = None,
        text: str | None = None,
        response: dict[str, object] | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.error = error if error is not None else _default_error(status)
        self.description = description
        self.headers = headers or {}
        # Answered as this plain text instead of the envelope (the Fleet API's 429).
        self.text = text
        # The envelope's `response` (null unless Tesla's proxy puts a command result there).
        self.response = response


def _default_error(status: int) -> str:
    if status in ERROR_CODES:
        return ERROR_CODES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # 499 and 540 are Tesla's own
        return f"error {status}"


def envelope(
    error: str, description: str = "", response: dict[str, object] | None = None
) -> dict[str, object]:
    return {"response": response, "error": error, "error_description": description}


def envelope_json(
    error: str, description: str = "", response: dict[str, object] | None = None
) -> str:
    """The envelope as text, written as every other answer is (tesla_mock/jsonwriter.py)."""
    return JSON_WRITER.dumps(envelope(error, description, response))


def error_response(
    status: int, error: str, description: str = "", headers: dict[str, str] | None = None
) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=status,
        content_type="application/json",
        body=envelope_json(error, description),
        headers=headers or {},
    )


def _problem_description(exc: ProblemException) -> str:
    if exc.detail:
        return str(exc.detail)
    return str(exc.title or "")


# The handlers are async because connexion runs synchronous ones in a thread pool, which made an
# error answer markedly dearer (figures in docs/benchmarks.md, "Figures behind the code").
async def on_api_error(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, ApiError)
    if exc.status in BODILESS_STATUSES:
        return ConnexionResponse(status_code=exc.status, body=b"", headers=exc.headers)
    if exc.text is not None:
        return ConnexionResponse(
            status_code=exc.status,
            content_type="text/plain; charset=utf-8",
            body=exc.text,
            headers=exc.headers,
        )
    return ConnexionResponse(
        status_code=exc.status,
        content_type="application/json",
        body=envelope_json(exc.error, exc.description, exc.response),
        headers=exc.headers,
    )


async def on_problem(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, ProblemException)
    status = exc.status or 500
    description = _problem_description(exc)
    if status == 401:
        # connexion says "No authorization token provided" / "Provided token is not valid";
        # the real API says one thing for both.
        description = ""
    error = ERROR_CODES.get(status) or HTTPStatus(status).phrase
    return error_response(status, error, description, dict(exc.headers or {}))


async def on_http_exception(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    error = ERROR_CODES.get(status) or HTTPStatus(status).phrase
    description = "" if exc.detail == HTTPStatus(status).phrase else str(exc.detail)
    headers = dict(exc.headers or {})
    if status == 405:
        allowed = served_methods().allowed(request.url.path)
        if allowed:
            headers["Allow"] = ", ".join(allowed)
    return error_response(status, error, description, headers)


async def on_bad_encoding(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    # connexion decodes JSON bodies as UTF-8 without catching the error (its issue #1860).
    return error_response(400, ERROR_CODES[400], f"the body is not valid UTF-8: {exc}")


# Client input that Python's own parsers give up on: JSON nested deeper than the interpreter's
# recursion limit (json.loads and the validators recurse), and integers longer than
# sys.get_int_max_str_digits(). Both are the request's fault, so 400, not 500.
TOO_DEEP = "the JSON body nests too deeply"
TOO_MANY_DIGITS = "integer string conversion"


async def on_recursion_error(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    return error_response(400, ERROR_CODES[400], TOO_DEEP)


async def on_value_error(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    if TOO_MANY_DIGITS in str(exc):
        return error_response(400, ERROR_CODES[400], "a number in the body has too many digits")
    return await on_unexpected(request, exc)


async def on_unexpected(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    logger.exception("unexpected error", exc_info=exc)
    return error_response(500, "internal_error", f"{type(exc).__name__}: the mock failed")
