"""The fast request path, on connexion's public design.

`create_app(fast=True)` (the default) serves both specs the way connexion documents for any
ASGI app: its `ConnexionMiddleware` (routing, bearer security, request validation, the error
handlers, optional response validation) wrapped around `OperationDispatcher` below, which calls
the function of the operation connexion matched (`connexion.context.operation.function`).
`create_app(fast=False)` builds connexion's own AsyncApp. Both answer every request alike: same
status, same content type, same body, down to the text of validation errors
(tests/server/test_fastpath_differential.py compares them request by request).

Where the time connexion spends per request is saved, and where each piece lives:
  * validation asks compiled jsonschema_rs validators first (tesla_mock/compiled_validators.py,
    through connexion's `validator_map`); they may only accept, connexion decides the rest;
  * what connexion sets up on every request is set up once per operation, in the one module
    that relies on connexion's internals (tesla_mock/connexion_internals.py);
  * connexion's routers remember the route of each path (tesla_mock/remembered_routes.py);
  * the dispatcher works out once per operation how to call its function (connexion's
    `StarletteDecorator` builds its decorators and URI parser on every request) and passes
    the arguments connexion's own handler path passes. Operations or requests it has no plan
    for (form bodies, parameters that need more than a cast) go to that StarletteDecorator;
  * what the function returns becomes the response connexion's response decorator would
    build, with the operation's content types read once (`Answer`); shapes other than a JSON
    object go to that decorator.

(The answers' JSON is written by tesla_mock/jsonwriter.py, in both stacks.)
"""

from __future__ import annotations

import asyncio
import copy
import functools
import inspect
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from connexion.context import context as security_context
from connexion.context import operation as matched_operation
from connexion.context import scope as matched_scope
from connexion.decorators import StarletteDecorator
from connexion.http_facts import FORM_CONTENT_TYPES
from connexion.jsonifier import Jsonifier
from connexion.lifecycle import ConnexionRequest
from connexion.middleware.abstract import ROUTING_CONTEXT
from connexion.operations import AbstractOperation
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.routing import Router
from starlette.types import Receive, Scope, Send

from tesla_mock.asgi import JSONAnswer, header, read_at_most
from tesla_mock.compiled_validators import ACCEPTED_URIS_PER_OPERATION, LONGEST_REMEMBERED_QUERY
from tesla_mock.connexion_internals import CLIENT_KEYED_CACHE_LIMIT, connexion_answer

# An operation's function answers with what it returns, built into a Starlette response.
Call = Callable[[Scope, Receive], Awaitable[Any]]

# Names connexion passes unchanged (its `sanitized` only removes what is outside this form).
PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# How connexion casts a parameter value of each scalar type before passing it on.
CASTS: dict[str, Callable[[Any], Any]] = {"integer": int, "number": float, "string": str}
JSON = "application/json"
# The header of a JSON answer; one dict for all of them (a Starlette response only reads it).
JSON_HEADER = {"Content-Type": JSON}
# The argument connexion passes its whole context under, when a function asks for it.
CONTEXT_ARGUMENT = "context_"


class OperationDispatcher:
    """The ASGI app inside connexion's middleware: answers each request with the function of
    the operation connexion matched, called as connexion's handler path calls it."""

    def __init__(self, *, jsonifier: Jsonifier) -> None:
        self._jsonifier = jsonifier
        self._calls: dict[tuple[str, str], Call] = {}
        # Lifespan (nothing to start or stop) and websockets (none served), as connexion's own
        # app answers them.
        self._other_protocols = Router()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._other_protocols(scope, receive, send)
            return
        routing = scope["extensions"][ROUTING_CONTEXT]
        operation_id = routing.get("operation_id")
        if operation_id is None or not _in_operation_context(scope):
            # No operation of either spec (or, for a path such as one ending in a newline, a
            # route whose API connexion then does not find): Starlette's router raises this for
            # connexion's error handlers (tesla_mock/app.py turns an unknown command into
            # invalid_command), as in connexion's own app.
            raise HTTPException(status_code=404)
        key = (routing.get("api_base_path"), operation_id)
        call = self._calls.get(key)
        if call is None:
            call = self._calls[key] = self._call_for(matched_operation)
        response = await call(scope, receive)
        await response(scope, receive, send)

    def _call_for(self, operation: AbstractOperation) -> Call:
        documented = StarletteDecorator(jsonifier=self._jsonifier)(operation.function)

        async def through_connexion(scope: Scope, receive: Receive) -> Any:
            return await documented()

        direct = DirectCall.planned(operation, jsonifier=self._jsonifier)
        if direct is None:
            return through_connexion
        return direct.or_else(through_connexion)


class DirectCall:
    """One operation's function called with the arguments connexion's parameter decorator
    (`connexion.decorators.parameter`) would pass, worked out once:

      * every path parameter, cast to its type, and the query parameters the function takes,
        with the spec's defaults for those not sent, cast likewise;
      * the JSON body under the body's name (`x-body-name`, else `body`): None for a null body
        where the schema is nullable, else a deep copy of the schema's default (`{}` when there
        is none) when the request has no body;
      * the security context (`token_info`, `user`) for the names the function takes.

    `planned` answers None for an operation outside these cases; `or_else` hands requests with
    a body other than JSON to connexion's own way.
    """

    def __init__(self, operation: AbstractOperation, *, jsonifier: Jsonifier) -> None:
        function = operation.function
        parameters = inspect.signature(function).parameters.values()
        self._arguments = frozenset(
            p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        )
        self._has_kwargs = any(p.kind == p.VAR_KEYWORD for p in parameters)
        self._function = _as_coroutine(function)
        self._answer = Answer(operation, jsonifier=jsonifier)
        self._uri_parser = operation.uri_parser_class(
            operation.parameters, operation.body_definition()
        )
        self._path_casts = _casts(operation, "path")
        self._query_casts = {
            name: cast
            for name, cast in _casts(operation, "query").items()
            if self._has_kwargs or name in self._arguments
        }
        self._query_defaults = {
            name: default
            for name, default in _defaults(operation, "query").items()
            if name in self._query_casts
        }
        takes_body = bool(self._arguments) or self._has_kwargs
        self._body_name: str | None = None
        self._body_default: Any = None
        self._body_nullable = False
        if takes_body and operation.method.upper() != "TRACE" and operation.request_body:
            name = operation.body_name(JSON)
            if self._has_kwargs or name in self._arguments:
                self._body_name = name
                schema = operation.body_schema(JSON)
                self._body_default = schema.get("default", {})
                self._body_nullable = bool(schema.get("nullable") or schema.get("x-nullable"))

        # The query's arguments are a pure function of the query string, made of immutable
        # values: remembered like the parameter validator's verdicts (compiled_validators.py).
        self._remembered_query_arguments = functools.lru_cache(maxsize=ACCEPTED_URIS_PER_OPERATION)(
            self._query_arguments
        )

    def _query_arguments(self, query_string: bytes) -> tuple[tuple[str, Any], ...]:
        """The query parameters the function takes, as connexion's URI parser resolves them
        (with the spec's defaults for those not sent), cast as connexion casts them."""
        uri_only = {"type": "http", "headers": [], "query_string": query_string}
        sent = ConnexionRequest(uri_only, uri_parser=self._uri_parser).query_params
        arguments = []
        for name, cast in self._query_casts.items():
            if name in sent:
                arguments.append((name, cast(sent[name])))
            elif name in self._query_defaults:
                arguments.append((name, cast(self._query_defaults[name])))
        return tuple(arguments)

    @classmethod
    def planned(cls, operation: AbstractOperation, *, jsonifier: Jsonifier) -> DirectCall | None:
        if not _plain_operation(operation):
            return None
        direct = cls(operation, jsonifier=jsonifier)
        return None if CONTEXT_ARGUMENT in direct._arguments else direct

    def or_else(self, other: Call) -> Call:
        async def call(scope: Scope, receive: Receive) -> Any:
            mimetype = _mimetype(header(scope, b"content-type"))
            if mimetype in FORM_CONTENT_TYPES or (self._body_name is not None and mimetype != JSON):
                return await other(scope, receive)
            return await self._call(scope, receive)

        return call

    async def _call(self, scope: Scope, receive: Receive) -> Any:
        # The path parameters as the router matched them, cast as connexion's URI parser and
        # parameter decorator cast them (for the scalar types of a plain operation, one call).
        path_casts = self._path_casts
        kwargs = {
            name: value if name not in path_casts else path_casts[name](value)
            for name, value in scope.get("path_params", {}).items()
        }
        if self._query_casts:
            query_string = scope.get("query_string", b"")
            if len(query_string) <= LONGEST_REMEMBERED_QUERY:
                kwargs.update(self._remembered_query_arguments(query_string))
            else:
                kwargs.update(self._query_arguments(query_string))
        if self._body_name is not None:
            # No Content-Length, no body: EdgeMiddleware gives a chunked body its length, and
            # connexion reads an empty body as None.
            length = header(scope, b"content-length")
            if length in (None, b"0"):
                body = None
            else:
                body = await _json_body(receive)
            if self._body_nullable and _is_null(body):
                body = None  # connexion passes None, not the default, for a nullable body
            elif body is None:
                body = copy.deepcopy(self._body_default)
            kwargs[self._body_name] = body
        for key, value in security_context.items():
            if self._has_kwargs or key in self._arguments:
                kwargs[key] = value
        return await self._answer(await self._function(**kwargs))


class Answer:
    """What an operation's function returned, as the Starlette response connexion's response
    decorator (`connexion.decorators.response`) builds from it, with the operation's content
    types read once (connexion reads them, and the returned headers, on every request).

    For a JSON object returned alone, with a status, or with a status and the header
    `Content-Type: application/json` (what this app's handlers return), connexion serialises
    the object with the jsonifier and answers it with that status (200 when none is given),
    that content type and that one header; so does `__call__`, as a `JSONAnswer` (or, for the
    statuses that carry no Content-Length, a Starlette Response). It needs the operation to
    produce only JSON when the function names no content type, and JSON among others when it
    names JSON. Any other shape (a response object, a list, text, other headers) goes to
    connexion's decorator.
    """

    def __init__(self, operation: AbstractOperation, *, jsonifier: Jsonifier) -> None:
        produces = set(operation.produces)
        self._produces_json = JSON in produces
        self._produces_only_json = produces == {JSON}
        self._dumps = jsonifier.dumps
        self._connexion = connexion_answer(jsonifier=jsonifier)

    async def __call__(self, result: Any) -> Any:
        data, status, headers = result, 200, None
        if type(result) is tuple and len(result) == 3:
            data, status, headers = result
            fits = self._produces_json and headers == JSON_HEADER
        elif type(result) is tuple and len(result) == 2:
            data, status = result
            fits = self._produces_only_json
        else:
            fits = self._produces_only_json
        if fits and type(data) is dict and type(status) is int and status:
            body = self._dumps(data).encode()
            if status >= 200 and status not in BODYLESS_STATUSES:
                return JSONAnswer(body, status)
            return Response(body, status, headers=JSON_HEADER, media_type=JSON)
        return await self._connexion(result)


# Statuses Starlette sends without a Content-Length (no body may follow them).
BODYLESS_STATUSES = frozenset({204, 304})


async def _json_body(receive: Receive) -> Any:
    """A JSON request's body as connexion's `ConnexionRequest.get_body` reads it: Starlette's
    `Request.json()` (the messages up to the last, `json.loads` of their bytes; a client gone
    before the last is ClientDisconnect), None where that raises ValueError; without building
    the two request objects for every call. (The edge has already held the body to its limit.)"""
    body = await read_at_most(receive)
    if not isinstance(body, bytes):
        raise ClientDisconnect()
    try:
        return json.loads(body)
    except ValueError:
        return None


def _in_operation_context(scope: Scope) -> bool:
    """True when connexion's ContextMiddleware exposed an operation for this very request (it
    does not for a request whose API it cannot find, and the context may still hold an earlier
    request's when requests are served one after another in one task)."""
    try:
        return matched_scope._get_current_object() is scope  # werkzeug's documented accessor
    except RuntimeError:  # no request in this context yet
        return False


@functools.lru_cache(maxsize=CLIENT_KEYED_CACHE_LIMIT)
def _mimetype(content_type: bytes | None) -> str:
    """The mime type connexion's request reads from a Content-Type header value."""
    headers = [] if content_type is None else [(b"content-type", content_type)]
    return ConnexionRequest({"type": "http", "headers": headers}).mimetype  # type: ignore[no-any-return]


def _plain_operation(operation: AbstractOperation) -> bool:
    """True when DirectCall passes what connexion would: parameters in the path and query only,
    named as Python names, of scalar types connexion casts with one call, none nullable; a
    request body, if any, with a JSON schema."""
    for parameter in operation.parameters:
        schema = parameter.get("schema", parameter)
        if (
            parameter["in"] not in ("path", "query")
            or not PLAIN_NAME.fullmatch(parameter["name"])
            or schema.get("type") not in CASTS
            or schema.get("format") == "binary"
            or schema.get("nullable")
            or schema.get("x-nullable")
        ):
            return False
    return not operation.request_body or bool(operation.body_schema(JSON))


def _is_null(body: Any) -> bool:
    """What connexion takes for a null body (`connexion.utils.is_null`)."""
    return body is None or (isinstance(body, str) and body.strip() in ("null", "None"))


def _casts(operation: AbstractOperation, location: str) -> dict[str, Callable[[Any], Any]]:
    return {
        parameter["name"]: CASTS[parameter.get("schema", parameter)["type"]]
        for parameter in operation.parameters
        if parameter["in"] == location
    }


def _defaults(operation: AbstractOperation, location: str) -> dict[str, Any]:
    """The defaults connexion reads for parameters not sent: the parameter's, else its
    schema's."""
    defaults = {}
    for parameter in operation.parameters:
        if parameter["in"] != location:
            continue
        if "default" in parameter:
            defaults[parameter["name"]] = parameter["default"]
        elif "default" in parameter.get("schema", {}):
            defaults[parameter["name"]] = parameter["schema"]["default"]
    return defaults


def _as_coroutine(function: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    if asyncio.iscoroutinefunction(function):
        return function

    async def in_a_thread(**kwargs: Any) -> Any:
        return await run_in_threadpool(function, **kwargs)

    return in_a_thread
