"""The fast request path: connexion's contract at a fraction of its cost per request.

`create_app(fast=True)` (the default) assembles connexion's AsyncApp from the pieces below;
`create_app(fast=False)` builds the plain connexion stack. Both answer every request alike:
same status, same content type, same body, down to the text of validation errors
(tests/server/test_fastpath_differential.py compares them request by request).

The rule every piece follows: the fast way may only *accept*. Whenever it is not sure, or a
request is bad, connexion's own code runs and decides, so errors keep connexion's messages.

Tier 1 uses connexion's documented extension points:
  * `validator_map`: body, form, parameter and response validators that ask a compiled
    jsonschema_rs validator first and fall back to connexion's validator (`SchemaCompiler`);
  * `security_map`: a bearer handler that inspects the token function's signature once;
  * `middlewares=`: no response-validation layer when responses are not validated, no lifespan
    layer, and connexion's Swagger UI middleware entered only by requests for the docs.

Tier 2 relies on connexion 3.3.0 internals (pinned `==3.3.0` in pyproject.toml); each piece
names what it relies on. A connexion upgrade must keep the differential test green:
  * request validation prepared once per operation instead of once per request, and the
    parameters it accepted remembered per (path, query) where nothing else decides them;
  * a bare request (no body) validated against the schema's default without a deep copy;
  * `OpenAPIOperation.body_definition` memoized per operation;
  * the handler's decorator chain replaced by an operation object built once, which reuses
    the JSON body the validator already parsed.

(The answers' JSON is written by mockserver/jsonwriter.py, in both stacks.)
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

import jsonschema_rs
from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp
from connexion.context import _context, _operation, _receive, _scope
from connexion.datastructures import MediaTypeDict
from connexion.decorators.parameter import (
    CONTEXT_NAME,
    get_arguments,
    pythonic,
    sanitized,
    unwrap_decorators,
)
from connexion.decorators.response import AsyncResponseDecorator
from connexion.exceptions import BadRequestProblem, OAuthResponseProblem
from connexion.frameworks.starlette import Starlette as StarletteFramework
from connexion.http_facts import FORM_CONTENT_TYPES
from connexion.jsonifier import Jsonifier
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware.exceptions import ExceptionMiddleware
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.middleware.response_validation import ResponseValidationMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.middleware.server_error import ServerErrorMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.operations import AbstractOperation, OpenAPIOperation
from connexion.security import NO_VALUE, BearerSecurityHandler
from connexion.utils import inspect_function_arguments, is_json_mimetype, is_nullable
from connexion.validators import (
    VALIDATOR_MAP,
    FormDataValidator,
    JSONRequestBodyValidator,
    JSONResponseBodyValidator,
    ParameterValidator,
)
from jsonschema import Draft4Validator
from python_multipart.multipart import parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.asgi import header

logger = logging.getLogger(__name__)

# Caches keyed by what a client sends (content types) stop growing here: a client cannot make
# the server keep an unbounded number of entries, and past the limit the slow way still works.
CLIENT_KEYED_CACHE_LIMIT = 32

# Accepted (query string, path parameters) pairs remembered per operation: the bound keeps a
# client that sends ever new query strings from growing the server; past it the least recently
# used is dropped. Longer query strings are never remembered.
ACCEPTED_URIS_PER_OPERATION = 1024
LONGEST_REMEMBERED_QUERY = 512
SCALAR_TYPES = frozenset({"string", "integer", "number", "boolean"})

# Where the validators leave what they parsed for the handler (tier 2): the JSON body, and the
# path and query parameters as connexion's URI parser resolved them.
PARSED_BODY = "mockserver.parsed_json_body"
RESOLVED_PARAMETERS = "mockserver.resolved_parameters"


# -- schemas compiled for jsonschema_rs (tier 1) -----------------------------------------------
class Unsupported(Exception):
    """A schema the fast validator might judge differently from connexion's: never fast."""


# What each connexion validator makes of a schema: the request body and form validators honour
# OpenAPI `nullable` (connexion's Draft4RequestValidator), the response validator also fails on
# `writeOnly` (Draft4ResponseValidator), parameters use plain Draft 4.
REQUEST, RESPONSE, PARAMETER = "request", "response", "parameter"

# Keywords holding one subschema, a list of them, or a mapping of names to them.
_ONE_SUBSCHEMA = frozenset({"not", "items", "additionalItems", "additionalProperties"})
_BOOLEAN_OR_SUBSCHEMA = frozenset({"additionalItems", "additionalProperties"})
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
_SUBSCHEMA_MAPS = frozenset({"properties", "patternProperties", "definitions"})
# Keywords Draft 4 validation ignores; left out so that documentation values (YAML dates in
# examples, say) never reach the compiler. `components` is what connexion injects into every
# body and response schema: the spec with its references resolved, cyclic.
_IGNORED = frozenset(
    {
        "description",
        "title",
        "example",
        "examples",
        "default",
        "externalDocs",
        "xml",
        "deprecated",
        "readOnly",
        "discriminator",
        "components",
        "$schema",
    }
)
# Formats that jsonschema's Draft 4 format checker checks. jsonschema_rs checks them its own
# way, so a schema using one of them is left to connexion; other formats are not checked.
_CHECKED_FORMATS = frozenset(Draft4Validator.FORMAT_CHECKER.checkers)


def plain_draft4(schema: Any, mode: str) -> Any:
    """`schema` rewritten so that plain Draft 4 accepts what connexion's validator for `mode`
    accepts (or less); raises Unsupported when that cannot be guaranteed."""
    return _rewrite(schema, mode, ())


def _rewrite(schema: Any, mode: str, seen: tuple[int, ...]) -> Any:
    if not isinstance(schema, Mapping):
        raise Unsupported(f"not a schema: {schema!r}")
    if id(schema) in seen:
        raise Unsupported("recursive schema")
    seen = (*seen, id(schema))
    if mode == RESPONSE and ("writeOnly" in schema or "x-writeOnly" in schema):
        return {"not": {}}  # connexion's response validator fails wherever these apply
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _IGNORED or key.startswith("x-") or key in ("nullable", "writeOnly"):
            continue
        if key in ("$ref", "id"):
            raise Unsupported(f"{key} left in the schema")
        if key == "format":
            if value in _CHECKED_FORMATS:
                raise Unsupported(f"format {value}")
            continue
        if key in ("pattern", "patternProperties") and "\\" in str(value):
            # Escapes such as \s, \w or \D mean different things in Python's `re` (which
            # connexion uses) and in ECMA regexes (jsonschema_rs).
            raise Unsupported(f"regex escapes in {key}")
        if key == "multipleOf" and not isinstance(value, int):
            raise Unsupported("fractional multipleOf")  # float remainders differ
        if key in _BOOLEAN_OR_SUBSCHEMA and isinstance(value, bool):
            out[key] = value
        elif key in _ONE_SUBSCHEMA and isinstance(value, Mapping):
            out[key] = _rewrite(value, mode, seen)
        elif key in _SUBSCHEMA_LISTS or (key == "items" and isinstance(value, list)):
            out[key] = [_rewrite(item, mode, seen) for item in value]
        elif key in _SUBSCHEMA_MAPS:
            out[key] = {name: _rewrite(sub, mode, seen) for name, sub in value.items()}
        elif key == "dependencies":
            out[key] = {
                name: sub if isinstance(sub, list) else _rewrite(sub, mode, seen)
                for name, sub in value.items()
            }
        elif key in _ONE_SUBSCHEMA:
            raise Unsupported(f"{key}: {value!r}")
        else:
            out[key] = value
    if mode != PARAMETER and (schema.get("nullable") or schema.get("x-nullable") is True):
        # connexion lets None through `type` and `enum` of a nullable schema.
        if "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = [*types, "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


class SchemaCompiler:
    """jsonschema_rs validators for one app's schemas, compiled on first use.

    Keyed by the identity of connexion's schema objects, which live as long as the app; the
    entry keeps the schema itself so that its id cannot be reused by another object.
    """

    def __init__(self) -> None:
        self._compiled: dict[tuple[int, str], tuple[Any, Any]] = {}

    def compiled(self, schema: Any, mode: str) -> Any:
        """The compiled validator of `schema`, or None when connexion must always decide."""
        key = (id(schema), mode)
        entry = self._compiled.get(key)
        if entry is None:
            entry = (schema, self._compile(schema, mode))
            self._compiled[key] = entry
        return entry[1]

    @staticmethod
    def _compile(schema: Any, mode: str) -> Any:
        try:
            return jsonschema_rs.Draft4Validator(plain_draft4(schema, mode), validate_formats=False)
        except Exception as exc:  # Unsupported, or anything jsonschema_rs cannot compile
            logger.debug("no fast validation for a schema: %s", exc)
            return None

    def accepts(self, schema: Any, mode: str, instance: Any) -> bool:
        """True only if `instance` is surely valid; False means "ask connexion"."""
        validator = self.compiled(schema, mode)
        if validator is None:
            return False
        try:
            return bool(validator.is_valid(instance))
        except Exception:  # values jsonschema_rs cannot take (lone surrogates, huge numbers)
            return False


def validator_map(compiler: SchemaCompiler) -> dict[str, Any]:
    """connexion's validator_map, each validator trying `compiler` before itself."""
    bound = {"compiler": compiler}
    return {
        "parameter": type("Parameters", (FastParameterValidator,), bound),
        "body": MediaTypeDict(
            {
                **VALIDATOR_MAP["body"],
                "*/*json": type("JSONBody", (FastJSONBodyValidator,), bound),
                "application/x-www-form-urlencoded": type("FormBody", (FastFormValidator,), bound),
            }
        ),
        "response": MediaTypeDict(
            {
                **VALIDATOR_MAP["response"],
                "*/*json": type("JSONResponse", (FastJSONResponseValidator,), bound),
            }
        ),
    }


class FastParameterValidator(ParameterValidator):
    """connexion's parameter validation, asking the compiled validator first; and, where the
    validator serves every request of an operation (tier 2), remembering what it accepted.

    An operation whose parameters are all in the path and the query, each of a scalar type,
    is judged on two things only: the route's path parameters and the raw query string. Its
    validation is then a pure function of them, and what it resolves is made of immutable
    values, so one accepted answer can serve every later request that sends the same two
    (`functools.lru_cache` keeps no exception: a refused request is judged afresh each time,
    with connexion's message).
    """

    compiler: SchemaCompiler

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._accepted = (
            functools.lru_cache(maxsize=ACCEPTED_URIS_PER_OPERATION)(self._validate_uri)
            if _judged_on_uri_alone(self.parameters)
            else None
        )

    def validate(self, scope: Scope) -> None:
        query_string = scope.get("query_string", b"")
        if self._accepted is not None and len(query_string) <= LONGEST_REMEMBERED_QUERY:
            path_params = tuple(scope.get("path_params", {}).items())
            parameters = self._accepted(query_string, path_params)
        else:
            parameters = self._resolved(scope)
        # The handler's request would resolve the same parameters with an identical URI parser
        # (tier 2, see FastOperation).
        scope.setdefault("extensions", {})[RESOLVED_PARAMETERS] = parameters

    def _resolved(self, scope: Scope) -> tuple[dict[str, Any], dict[str, Any]]:
        request = ConnexionRequest(scope, uri_parser=self.uri_parser)
        self.validate_request(request)
        return request.path_params, request.query_params

    def _validate_uri(
        self, query_string: bytes, path_params: tuple[tuple[str, Any], ...]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        # All that ConnexionRequest reads of a request without header or cookie parameters.
        uri_only = {
            "type": "http",
            "headers": [],
            "query_string": query_string,
            "path_params": dict(path_params),
        }
        return self._resolved(uri_only)

    def validate_parameter(  # type: ignore[override]
        self, parameter_type: str, value: Any, param: dict[str, Any], param_name: Any = None
    ) -> str | None:
        if value is not None and self.compiler.accepts(
            param.get("schema", param), PARAMETER, value
        ):
            return None
        return ParameterValidator.validate_parameter(parameter_type, value, param, param_name)


def _judged_on_uri_alone(parameters: Mapping[str, list[dict[str, Any]]]) -> bool:
    """True when parameters of these locations depend on the path and query alone and resolve
    to immutable values."""
    if set(parameters) - {"path", "query"}:
        return False
    return all(
        param.get("schema", param).get("type") in SCALAR_TYPES
        for located in parameters.values()
        for param in located
    )


class FastJSONBodyValidator(JSONRequestBodyValidator):
    compiler: SchemaCompiler

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        """connexion's `wrap_receive` for a request that announces a body (tier 2).

        Relies on: `AbstractRequestBodyValidator.wrap_receive` of connexion 3.3.0, which for a
        non-zero Content-Length (read as `int()` of the first such header) reads the messages
        up to the one without `more_body`, parses and validates the joined bytes, and replays
        the same messages; this does that without its per-request header object and async
        generator. A request without a body is `_with_default_body`'s.
        """
        length = header(scope, b"content-length")
        if length is None or not int(length.decode("latin-1")):
            substituted = self._with_default_body(receive, scope)
            if substituted is not None:
                return substituted
            return await super().wrap_receive(receive, scope=scope)
        messages = []
        while True:
            message = await receive()
            messages.append(message)
            if not message.get("more_body", False):
                break
        body = self._parsed(b"".join(message.get("body", b"") for message in messages), scope)
        if not (body is None and self._nullable):
            self._validate(body)
        return self._insert_messages(receive, messages=messages), scope

    def _with_default_body(self, receive: Receive, scope: Scope) -> tuple[Receive, Scope] | None:
        """connexion's `wrap_receive` for a request without a body whose schema has a default
        (a command sent bare, as real clients send them); None leaves the request to it.

        Relies on: `AbstractRequestBodyValidator.wrap_receive` and `_insert_body` of connexion
        3.3.0, which then encode `json.dumps(default)`, set Content-Length on a copy of the scope,
        parse and validate those bytes in place of the body, and replay them (one message, up to
        MAX_MESSAGE_LENGTH) ahead of the original `receive`. This does the same without a deep
        copy of the headers and the async generator.
        """
        default = self._schema.get("default")
        if default is None:
            return None
        raw = json.dumps(default).encode(self._encoding)
        if len(raw) > self.MAX_MESSAGE_LENGTH:
            return None
        scope = dict(scope)
        MutableHeaders(scope=scope)["content-length"] = str(len(raw))  # on a copy of the list
        body = self._parsed(raw, scope)
        if not (body is None and self._nullable):
            self._validate(body)
        message = {"type": "http.request", "body": raw, "more_body": False}
        return self._insert_messages(receive, messages=[message]), scope

    async def _parse(self, stream: Any, scope: Scope) -> Any:
        return self._parsed(b"".join([chunk async for chunk in stream]), scope)

    def _parsed(self, raw: bytes, scope: Scope) -> Any:
        """The body as connexion's `JSONRequestBodyValidator._parse` reads it (tier 2), also
        left in the scope for the handler when it is UTF-8 (see FastOperation)."""
        text = raw.decode(self._encoding)
        if not text:
            body = None
        else:
            try:
                body = json.loads(text)
            except json.JSONDecodeError as exc:
                raise BadRequestProblem(detail=str(exc)) from None
        if self._encoding.lower() in ("utf-8", "utf8"):
            # The handler would parse the same bytes with json.loads, which reads UTF-8 alike;
            # with another charset connexion's handler path reads them its own way.
            scope.setdefault("extensions", {})[PARSED_BODY] = body
        return body

    def _validate(self, body: Any) -> dict[str, Any] | None:
        if body is not None and self.compiler.accepts(self._schema, REQUEST, body):
            return None
        return super()._validate(body)


class FastFormValidator(FormDataValidator):
    compiler: SchemaCompiler

    def _validate(self, body: Any) -> dict[str, Any] | None:
        if (
            isinstance(body, dict)
            and (
                not self._strict_validation
                or body.keys() <= self._schema.get("properties", {}).keys()
            )
            and self.compiler.accepts(self._schema, REQUEST, body)
        ):
            return None
        return super()._validate(body)


class FastJSONResponseValidator(JSONResponseBodyValidator):
    compiler: SchemaCompiler

    def _validate(self, body: Any) -> None:
        if self.compiler.accepts(self._schema, RESPONSE, body):
            return
        super()._validate(body)


# -- security (tier 1: `security_map`, overriding one private method) -------------------------
def bearer_handler(check: Callable[[str], Any]) -> type[BearerSecurityHandler]:
    """A bearer handler bound to one token check, which looks at the check's signature once.

    connexion's `_generic_check` calls `inspect.signature` on the token function twice per
    request, to learn whether it takes `required_scopes` and `request`; the answer cannot
    change, so this one asks when the operation is set up.
    """

    class FastBearerHandler(BearerSecurityHandler):
        def _resolve_func(self, security_scheme: dict[str, Any]) -> Any:
            return check

        def _generic_check(self, func: Callable[..., Any], exception_msg: str) -> Any:
            wants_scopes = self._accepts_kwarg(func, self.required_scopes_kw)
            wants_request = self._accepts_kwarg(func, self.request_kw)
            scopes_kw, request_kw = self.required_scopes_kw, self.request_kw

            async def wrapper(request: Any, *args: Any, required_scopes: Any = None) -> Any:
                kwargs = {}
                if wants_scopes:
                    kwargs[scopes_kw] = required_scopes
                if wants_request:
                    kwargs[request_kw] = request
                token_info = func(*args, **kwargs)
                while asyncio.iscoroutine(token_info):
                    token_info = await token_info
                if token_info is NO_VALUE:
                    return NO_VALUE
                if token_info is None:
                    raise OAuthResponseProblem(detail=exception_msg)
                return token_info

            return wrapper

    return FastBearerHandler


# -- the middleware stack (tier 1: `middlewares=`) ---------------------------------------------
class DocsOnlySwaggerUIMiddleware(SwaggerUIMiddleware):
    """connexion's Swagger UI and spec routes, entered only by requests for them.

    connexion's middleware runs every request through a router of UI and spec routes before
    letting it fall through; here a request whose path cannot be one of those routes goes
    straight on. Paths that might be are handed to connexion's middleware unchanged.

    Relies on: `SwaggerUIMiddleware.add_api` mounting each API's routes on `self.router` (their
    paths are read from the mount) and handing requests it does not serve to `self.app`.
    """

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self._docs_prefixes: tuple[str, ...] = ()

    def add_api(self, specification: Any, base_path: str | None = None, **kwargs: Any) -> None:
        super().add_api(specification, base_path=base_path, **kwargs)
        mount = self.router.routes[-1]  # the mount of this API's UI and spec routes
        self._docs_prefixes += tuple(mount.path + route.path for route in mount.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and not scope.get("root_path")
            and not scope["path"].startswith(self._docs_prefixes)
        ):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def middlewares(*, validate_responses: bool) -> list[Any]:
    """connexion's default middleware list without the layers this app does not use.

    Dropped: LifespanMiddleware (no lifespan handler is registered), ResponseValidation when
    responses are not validated (it would only pass requests on), and ContextMiddleware, whose
    context variables FastOperation sets itself. Request validation is tier 2
    (FastRequestValidationMiddleware).
    """
    stack: list[Any] = [
        ServerErrorMiddleware,
        ExceptionMiddleware,
        DocsOnlySwaggerUIMiddleware,
        RoutingMiddleware,
        SecurityMiddleware,
        FastRequestValidationMiddleware,
    ]
    if validate_responses:
        stack.append(ResponseValidationMiddleware)
    return stack


# -- tier 2: connexion 3.3.0 internals ---------------------------------------------------------
def memoize_body_definition(operation: AbstractOperation) -> AbstractOperation:
    """Remember `operation.body_definition(content_type)` per content type.

    Relies on: `OpenAPIOperation.body_definition` being a pure function of the content type
    (it looks the type up in the operation's `requestBody.content` and returns that dict), and
    on `body_schema` and connexion's callers reaching it as `self.body_definition`. connexion
    calls it about seven times per request, each time building a MediaTypeDict and, for
    operations with two content types, logging a warning.
    """
    if not isinstance(operation, OpenAPIOperation):
        return operation
    compute = operation.body_definition
    known: dict[str | None, dict[str, Any]] = {}

    def body_definition(content_type: str | None = None) -> dict[str, Any]:
        definition = known.get(content_type)
        if definition is None:
            definition = compute(content_type)
            if len(known) < CLIENT_KEYED_CACHE_LIMIT:
                known[content_type] = definition
        return definition

    operation.body_definition = body_definition  # type: ignore[method-assign]
    return operation


class FastRequestValidationOperation(RequestValidationOperation):
    """connexion's request validation with its per-request set-up done once per operation.

    Relies on: `RequestValidationOperation.__call__` of connexion 3.3.0, whose steps this
    repeats in the same order with the same validators: parameters (a ParameterValidator over
    the operation's parameters and a URI parser), content type (`extract_content_type`,
    `validate_mime_type`), then the body validator for the mime type with its arguments. The
    URI parser and the parameter validator are stateless, so one instance serves every request;
    what the content type decides is remembered per `Content-Type` value, failures excepted.
    """

    def __init__(self, next_app: ASGIApp, *, operation: AbstractOperation, **kwargs: Any) -> None:
        super().__init__(next_app, operation=memoize_body_definition(operation), **kwargs)
        operation = self._operation
        self._uri_parser = operation.uri_parser_class(
            operation.parameters, operation.body_definition()
        )
        self._parameter_validator = self._validator_map["parameter"](
            operation.parameters,
            uri_parser=self._uri_parser,
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )
        self._body_plans: dict[str | None, tuple[Any, dict[str, Any]] | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._parameter_validator.validate(scope)
        content_type = _content_type(scope)
        try:
            plan = self._body_plans[content_type]
        except KeyError:
            plan = self._body_plan(content_type)  # raises for unsupported media types
            if len(self._body_plans) < CLIENT_KEYED_CACHE_LIMIT:
                self._body_plans[content_type] = plan
        if plan is not None:
            validator_class, arguments = plan
            receive, scope = await validator_class(**arguments).wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)

    def _body_plan(self, content_type: str | None) -> tuple[Any, dict[str, Any]] | None:
        """The body validator and its arguments for one Content-Type value (None: no body
        validation), decided as connexion decides it."""
        headers = (
            [] if content_type is None else [(b"content-type", content_type.encode("latin-1"))]
        )
        mime_type, encoding = self.extract_content_type(headers)
        self.validate_mime_type(mime_type)
        operation = self._operation
        schema = operation.body_schema(mime_type)
        if not schema:
            return None
        try:
            validator_class = self._validator_map["body"][mime_type]
        except KeyError:
            return None
        return validator_class, {
            "schema": schema,
            "required": operation.request_body.get("required", False),
            "nullable": is_nullable(operation.body_definition(mime_type)),
            "encoding": encoding,
            "strict_validation": self.strict_validation,
            "uri_parser": self._uri_parser,
        }


def _content_type(scope: Scope) -> str | None:
    value = header(scope, b"content-type")
    return None if value is None else value.decode("latin-1")


class FastRequestValidationAPI(RequestValidationAPI):
    def make_operation(self, operation: AbstractOperation) -> RequestValidationOperation:
        return FastRequestValidationOperation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class FastRequestValidationMiddleware(RequestValidationMiddleware):
    api_cls = FastRequestValidationAPI


# connexion's argument-name sanitizers (three regex substitutions per name), remembered.
_sanitized = functools.lru_cache(maxsize=256)(sanitized)
_pythonic = functools.lru_cache(maxsize=256)(pythonic)


class FastOperation:
    """Calls one handler as connexion's AsyncOperation does, with its set-up done once.

    Relies on connexion 3.3.0's handler path: `AsyncOperation.fn` builds a StarletteDecorator
    on every request, which wraps the handler in a parameter decorator and a response decorator
    and builds a URI parser, all through werkzeug proxies of context variables. This object
    does the same steps with the values fixed when the operation is set up:

      * the context variables of `connexion.context` are set as ContextMiddleware sets them;
      * path and query parameters are the ones the parameter validator resolved
        (`RESOLVED_PARAMETERS`), with a URI parser built from the same operation definition;
      * the content type and mime type are read from the headers as `ConnexionRequest` reads
        them, and a ConnexionRequest is only built when one of the steps below needs it;
      * the body is the one connexion's `ConnexionRequest.get_body` would return: the JSON the
        body validator parsed (`PARSED_BODY`, UTF-8 only), else `get_body` itself;
      * files come from `ConnexionRequest.files` for form content types, and are empty otherwise
        (Starlette's form parser returns no fields for other types);
      * arguments come from connexion's `get_arguments`, keys sanitized and the security context
        added as `prep_kwargs` does it;
      * the answer is built by connexion's AsyncResponseDecorator (OperationResponseDecorator).
    """

    def __init__(
        self, operation: AbstractOperation, *, jsonifier: Jsonifier, pythonic_params: bool
    ) -> None:
        self._operation = memoize_body_definition(operation)
        self._function = operation.function
        self._is_coroutine = asyncio.iscoroutinefunction(self._function)
        self._arguments, self._has_kwargs = inspect_function_arguments(
            unwrap_decorators(self._function)
        )
        self._sanitize = _pythonic if pythonic_params else _sanitized
        self._uri_parser = operation.uri_parser_class(
            operation.parameters, operation.body_definition()
        )
        body_name = self._sanitize(operation.body_name(None))
        self._wants_body = body_name in self._arguments or self._has_kwargs
        respond = OperationResponseDecorator(operation, jsonifier=jsonifier)
        self._build_response = respond.build_framework_response
        self._to_response = StarletteFramework.connexion_to_framework_response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        extensions = scope.get("extensions", {})
        context = extensions.get("connexion_context", {})
        _context.set(context)
        _operation.set(self._operation)
        _receive.set(receive)
        _scope.set(scope)
        content_type = _content_type(scope) or "application/octet-stream"
        request = None
        body = None
        if self._wants_body:
            if is_json_mimetype(content_type) and PARSED_BODY in extensions:
                body = extensions[PARSED_BODY]
            else:
                request = self._request(scope, receive)
                body = await request.get_body()
        mimetype = parse_options_header(content_type)[0].decode()  # as ConnexionRequest's
        files = {}
        if mimetype in FORM_CONTENT_TYPES:
            request = request or self._request(scope, receive)
            files = await request.files()
        resolved = extensions.get(RESOLVED_PARAMETERS)
        if resolved is None:
            request = request or self._request(scope, receive)
            resolved = (request.path_params, request.query_params)
        path_params, query_params = resolved
        arguments = self._arguments
        kwargs = {
            self._sanitize(name): value
            for name, value in get_arguments(
                self._operation,
                path_params=path_params,
                query_params=query_params,
                body=body,
                files=files,
                arguments=arguments,
                has_kwargs=self._has_kwargs,
                sanitize=self._sanitize,
                content_type=mimetype,
            ).items()
        }
        for key, value in context.items():
            if self._has_kwargs or key in arguments:
                kwargs[key] = value
        if CONTEXT_NAME in arguments:
            kwargs[CONTEXT_NAME] = context
        if self._is_coroutine:
            result = await self._function(**kwargs)
        else:
            result = await run_in_threadpool(self._function, **kwargs)
        response = self._respond(result)
        await response(scope, receive, send)

    def _request(self, scope: Scope, receive: Receive) -> ConnexionRequest:
        return ConnexionRequest(scope, receive, uri_parser=self._uri_parser)

    def _respond(self, result: Any) -> Any:
        if StarletteFramework.is_framework_response(result):
            return result
        if isinstance(result, ConnexionResponse):
            return self._to_response(result)
        return self._build_response(result)


class OperationResponseDecorator(AsyncResponseDecorator):
    """connexion's response decorator, knowing the content type of the usual answer.

    Relies on: `BaseResponseDecorator._infer_content_type` answering the single type of
    `set(operation.produces)` whenever the handler returned no headers; it reads the operation
    through a werkzeug proxy on every answer. Other answers still go to connexion's method.
    """

    def __init__(self, operation: AbstractOperation, *, jsonifier: Jsonifier) -> None:
        super().__init__(framework=StarletteFramework, jsonifier=jsonifier)
        produced = set(operation.produces)
        self._only_type = produced.pop() if len(produced) == 1 else None

    def _infer_content_type(self, data: Any, headers: dict[str, str]) -> str | None:
        if not headers and self._only_type is not None:
            return self._only_type
        return super()._infer_content_type(data, headers)


class FastAsyncApi(AsyncApi):
    def make_operation(self, operation: AbstractOperation) -> Any:
        return FastOperation(
            operation, jsonifier=self.jsonifier, pythonic_params=self.pythonic_params
        )


class FastASGIApp(AsyncASGIApp):
    api_cls = FastAsyncApi  # type: ignore[assignment]


def use_fast_operations(app: Any) -> None:
    """Make a fresh connexion AsyncApp call its handlers through FastOperation.

    Relies on: AsyncApp keeping the application it wraps as `_middleware_app` and handing it to
    its ConnexionMiddleware as `middleware.app`, which registers the APIs on it when the stack
    is built at the first request (so this must run before any request).
    """
    fast_app = FastASGIApp()
    app._middleware_app = fast_app
    app.middleware.app = fast_app
