"""The real API's error envelope, and the conversion of every framework error into it.

Every non-2xx answer of the server is `{"response": null, "error": ..., "error_description": ...}`
with `Content-Type: application/json`, whether it comes from the vehicle rules, connexion's
validation, security or routing, or an unexpected exception. `error` is the real API's code;
`error_description` is one line that says what was wrong and what to do (the texts:
tesla_mock/error_texts.py), worked out here only once a request has failed.
"""

from __future__ import annotations

import ast
import logging
from http import HTTPStatus

from connexion.exceptions import ExtraParameterProblem, ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.uri_parsing import OpenAPIURIParser
from connexion.validators import ParameterValidator
from starlette.exceptions import HTTPException

from tesla_mock import error_texts
from tesla_mock.jsonwriter import JSON_WRITER
from tesla_mock.routes import served_methods
from tesla_mock.schedules import UnrecognizedDayName, days_bitmask

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


async def on_problem(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, ProblemException)
    status = exc.status or 500
    description = _problem_description(exc)
    if status == 401:
        # connexion says "No authorization token provided" / "Provided token is not valid";
        # the real API says one thing for both. The admin API says which token it takes.
        admin = error_texts.is_admin_path(request.scope["path"])
        description = error_texts.ADMIN_TOKEN_WANTED if admin else ""
    elif status in (400, 415):
        unknown_day = _unrecognized_day_name(description) if status == 400 else None
        if unknown_day is not None:
            return error_response(400, unknown_day, error_texts.day_names_wanted())
        description = _explained(request, exc, description)
    error = ERROR_CODES.get(status) or HTTPStatus(status).phrase
    return error_response(status, error, description, dict(exc.headers or {}))


# How connexion words the spec's refusal of a `days_of_week` string (its `anyOf` of the day-name
# pattern and the bitmask): "<the value's repr> is not valid under any of the given schemas -
# 'days_of_week'".
DAYS_REFUSED = " is not valid under any of the given schemas - 'days_of_week'"


def _unrecognized_day_name(detail: str) -> str | None:
    """Tesla's proxy's text (`unrecognized day name: Tue`) for a `days_of_week` string the spec
    refused because a name in it is not a day; None for any other refusal. The real REST
    answer is not recorded, so the REST flavors answer as the proxy does."""
    if not detail.endswith(DAYS_REFUSED):
        return None
    try:
        value = ast.literal_eval(detail[: -len(DAYS_REFUSED)])
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(value, str):
        return None
    try:
        days_bitmask(value)
    except UnrecognizedDayName as exc:
        return str(exc)
    return None  # every name is a day: the string was refused for its length


# connexion's texts this module explains further.
EXTRA_FORM_FIELDS = "Extra formData parameter(s) "
EXTRA_QUERY_PARAMETERS = "Extra query parameter(s) "
NOT_IN_SPEC = " not in spec"
# jsonschema's words for an empty body where the schema asks for a field (`minProperties: 1`),
# in its newer and older releases.
EMPTY_BODY = frozenset({"{} should be non-empty", "{} does not have enough properties"})
FORM_TYPE = "application/x-www-form-urlencoded"
CHECKED_KEYS = ("name", "in", "required", "schema", "nullable", "x-nullable")


def _explained(request: ConnexionRequest, exc: ProblemException, detail: str) -> str:
    """A 400 or 415 of connexion's, on one line that says what to do where it can."""
    try:
        explained = _explanation(request, exc, detail)
    except Exception:  # a text that fails must not turn a 400 into a 500
        logger.exception("could not explain %r", detail)
        explained = None
    return explained or detail.split("\n", 1)[0]


def _explanation(request: ConnexionRequest, exc: ProblemException, detail: str) -> str | None:
    if exc.status == 415:
        return f"{detail}; {error_texts.JSON_WANTED}" if request.mimetype == FORM_TYPE else None
    method = "GET" if request.method == "HEAD" else request.method
    found = error_texts.operation_for(method, request.scope["path"])
    if isinstance(exc, ExtraParameterProblem) and detail.endswith(NOT_IN_SPEC):
        if detail.startswith(EXTRA_FORM_FIELDS):
            names = detail[len(EXTRA_FORM_FIELDS) : -len(NOT_IN_SPEC)]
            return error_texts.FORM_ENCODED_JSON if error_texts.looks_like_json(names) else None
        if detail.startswith(EXTRA_QUERY_PARAMETERS) and found is not None:
            return error_texts.extra_query_refusal(detail, found[0])
    if found is None:
        return None
    operation, path_values = found
    if "\n" in detail:  # jsonschema's whole report: a parameter's (bodies get one line)
        return _refused_parameter(request, operation, path_values, detail)
    if detail in EMPTY_BODY and operation.body_fields:
        return f"{detail}: give at least one of {', '.join(operation.body_fields)}"
    return None


def _refused_parameter(
    request: ConnexionRequest,
    operation: error_texts.Operation,
    path_values: dict[str, str],
    detail: str,
) -> str | None:
    """Which parameter connexion refused with `detail`: the one its own check refuses with the
    same text, tried in connexion's order (query, then path) on values read as it reads them."""
    parameters = list(operation.parameters)
    uri_only = {
        "type": "http",
        "headers": [],
        "query_string": request.scope.get("query_string", b""),
        "path_params": path_values,
    }
    sent = ConnexionRequest(uri_only, uri_parser=OpenAPIURIParser(parameters, {}))
    for location, values in (("query", sent.query_params), ("path", sent.path_params)):
        for parameter in parameters:
            if parameter["in"] != location:
                continue
            value = values.get(parameter["name"])
            # What connexion's check reads of a parameter (it deep-copies what it is given).
            checked = {key: parameter[key] for key in CHECKED_KEYS if key in parameter}
            if ParameterValidator.validate_parameter(location, value, checked) == detail:
                why = detail.split("\n", 1)[0]
                return error_texts.parameter_refusal(location, parameter, value, why)
    return None


async def on_http_exception(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    error = ERROR_CODES.get(status) or HTTPStatus(status).phrase
    description = "" if exc.detail == HTTPStatus(status).phrase else str(exc.detail)
    headers = dict(exc.headers or {})
    path = request.scope["path"]
    if status == 405:
        allowed = served_methods().allowed(path)
        if allowed:
            headers["Allow"] = ", ".join(allowed)
            description = description or error_texts.wrong_method(request.method, allowed)
    elif status == 404 and not description:
        shaped = bool(served_methods().allowed(path))
        description = error_texts.unknown_path(
            request.method, path, shaped_like_a_served_path=shaped
        )
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
