"""Everything in this app that relies on connexion's internals, each piece with its reason.

The rest of the app uses connexion's public design only: `ConnexionMiddleware` around the
dispatcher of tesla_mock/fastpath.py, `validator_map` (tesla_mock/compiled_validators.py),
`security_map`, `middlewares=` and `connexion.context`. What is here makes requests cheaper by
doing once what connexion does on every request; each piece says what it relies on in connexion
3.3.0 (pinned `==3.3.0` in pyproject.toml for these pieces alone) and, under "Upstream", the
change to connexion that would make it unnecessary. Before a connexion upgrade, read each
"Relies on" against the new release and keep tests/server/test_fastpath_differential.py green;
a piece that no longer holds can be dropped on its own (the app answers alike without it, only
slower).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import threading
from collections.abc import Callable
from typing import Any

import yaml
from connexion.decorators.response import AsyncResponseDecorator
from connexion.exceptions import BadRequestProblem, OAuthProblem, OAuthResponseProblem
from connexion.frameworks.starlette import Starlette as StarletteFramework
from connexion.json_schema import resolve_refs
from connexion.jsonifier import Jsonifier
from connexion.middleware import ConnexionMiddleware
from connexion.middleware.context import ContextMiddleware
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
from connexion.middleware.swagger_ui import SwaggerUIAPI, SwaggerUIMiddleware
from connexion.operations import AbstractOperation, OpenAPIOperation
from connexion.security import NO_VALUE, BearerSecurityHandler
from connexion.spec import OpenAPISpecification
from connexion.utils import is_nullable
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response as StarletteResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from tesla_mock.asgi import header
from tesla_mock.compiled_validators import FastJSONBodyValidator
from tesla_mock.remembered_routes import remember_routes

# Caches keyed by what a client sends (content types) stop growing here: a client cannot make
# the server keep an unbounded number of entries, and past the limit the slow way still works.
CLIENT_KEYED_CACHE_LIMIT = 32


# -- each spec document built once per process ------------------------------------------------
# Documents built so far, oldest first: (digest, base URI) -> the top levels of the raw and the
# resolved document. A process serves two documents; tests build a few variants more.
_BUILT_SPECS: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}
BUILT_SPECS_LIMIT = 16


def build_each_spec_once() -> None:
    """Let connexion build each spec document once per process, not once per app.

    Building a `Specification` copies the document twice, resolves its references and checks
    it against the OpenAPI schema: most of `create_app`'s time (docs/benchmarks.md, "Figures
    behind the code"), the same work for every app of a process that builds many (the tests
    build one per test).
    A document whose exact content (its canonical JSON's digest) was built before gets that
    build's documents; any other is built (and checked) as before, and an invalid one still
    raises. Each app gets its own top-level dicts, so connexion's `base_path` setter (which
    replaces `servers` there) stays per app; what connexion changes below the top level while
    serving (`schema` and `components` added to parameter definitions) is the same for every
    app, as is everything it reads.

    Relies on: `Specification.__init__(raw_spec, *, base_uri)` setting `_raw_spec` (a copy of
    the raw document), `_spec` (the resolved one) and `_base_uri`, and nothing else, in
    connexion 3.3.0. Upstream: a way to hand connexion a Specification it already built.
    """
    if getattr(OpenAPISpecification.__init__, "builds_once", False):
        return
    build = OpenAPISpecification.__init__

    def build_once(
        self: OpenAPISpecification, raw_spec: dict[str, Any], *, base_uri: str = ""
    ) -> None:
        canonical = json.dumps(raw_spec, sort_keys=True, default=str).encode()
        key = (hashlib.sha256(canonical).hexdigest(), base_uri)
        built = _BUILT_SPECS.get(key)
        self.content_digest = key[0]  # type: ignore[attr-defined]  # names the served forms
        if built is None:
            build(self, raw_spec, base_uri=base_uri)
            if len(_BUILT_SPECS) >= BUILT_SPECS_LIMIT:
                del _BUILT_SPECS[next(iter(_BUILT_SPECS))]
            _BUILT_SPECS[key] = (dict(self._raw_spec), dict(self._spec))
        else:
            self._raw_spec, self._spec = dict(built[0]), dict(built[1])
            self._base_uri = base_uri

    build_once.builds_once = True  # type: ignore[attr-defined]
    OpenAPISpecification.__init__ = build_once  # type: ignore[method-assign]


# -- the middleware stack (`middlewares=`) ---------------------------------------------------
def middlewares(*, validate_responses: bool) -> list[Any]:
    """connexion's default middleware list (`ConnexionMiddleware.default_middlewares`) without
    the layers this app does not use, and with two of its own.

    Dropped: LifespanMiddleware (no lifespan handler is registered; the dispatcher answers the
    lifespan protocol), ResponseValidation when responses are not validated (it would only pass
    requests on). Replaced: SwaggerUIMiddleware by DocsOnlySwaggerUIMiddleware, request
    validation by PreparedRequestValidationMiddleware, routing by RememberingRoutingMiddleware.

    Relies on: the names of connexion's middleware classes, which `connexion.middleware` does
    not export. Upstream: an option to leave a default layer out (or those names exported).
    """
    stack: list[Any] = [
        ServerErrorMiddleware,
        ExceptionMiddleware,
        DocsOnlySwaggerUIMiddleware,
        RememberingRoutingMiddleware,
        SecurityMiddleware,
        PreparedRequestValidationMiddleware,
    ]
    if validate_responses:
        stack.append(ResponseValidationMiddleware)
    stack.append(ContextMiddleware)  # last: it exposes the operation to the dispatcher
    return stack


class RememberingRoutingMiddleware(RoutingMiddleware):
    """connexion's routing, with its router and each API's remembering the route of each
    path (tesla_mock/remembered_routes.py).

    Relies on: `RoutingMiddleware` routing with the Starlette `Router` in `self.router`, and
    `add_api` mounting the API's own Router as the last route of it, neither with middleware.
    Upstream: connexion's routers (or Starlette's) finding a request's route without trying
    each route in turn.
    """

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        remember_routes(self.router)

    def add_api(self, specification: Any, base_path: str | None = None, **kwargs: Any) -> None:
        super().add_api(specification, base_path=base_path, **kwargs)
        remember_routes(self.router.routes[-1].app)  # type: ignore[attr-defined]


# -- the served spec's `servers` ---------------------------------------------------------------
# What a Host header may hold to be named in a served spec: a name or address and a port.
_HOST = re.compile(r"[A-Za-z0-9.:_\[\]-]{1,255}")


# Stands for the requesting origin in a rendered document; replaced per request.
_ORIGIN = "http://origin.tesla-mock.invalid"
# Served documents written so far, oldest first: (spec digest, form, base path) -> bytes. Per
# process, not per app: every app of a process serves the same document alike (tests build one
# app per test, and writing the vehicle spec's YAML takes seconds).
_WRITTEN: dict[tuple[str, str, str], bytes] = {}
_WRITING = threading.Lock()


class _NoAliasDumper(yaml.CSafeDumper):
    """libyaml's emitter (connexion's pure-Python dumper takes seconds for the vehicle spec),
    written as connexion writes it: no anchors, text with line breaks as blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_NoAliasDumper.add_representer(str, _represent_text)


class OwnOriginSwaggerUIAPI(SwaggerUIAPI):
    """Serves the spec with `servers` naming the origin it was fetched from, written once.

    connexion replaces a served spec's `servers` by `[{"url": <base path>}]`; for the vehicle
    API that is `""`, and the Swagger UI's Servers list shows one empty entry. Here the entry is
    the request's scheme and Host before the base path, so "Try it out" calls the server that
    served the page. The spec files keep their own `servers` (the mock's default address and
    Tesla's hosts, for the SDK and other readers).

    connexion also writes the document anew for every request, on the event loop, where the
    YAML of the vehicle spec takes seconds (docs/benchmarks.md, "Figures behind the code")
    during which the server answers nobody. Here each form is written once per base path, in
    a worker thread, with a placeholder origin that each request's own replaces, and kept for
    every app of the process that serves the same document.

    Relies on: `SwaggerUIAPI` routing the spec paths to `self._get_openapi_json` and
    `self._get_openapi_yaml` (bound when it is built) and its `_base_path_for_prefix(request)`;
    the served document being `with_base_path(path).spec`: the raw document resolved by
    `resolve_refs`, with connexion's `servers`. Upstream: an option to serve `servers` as
    absolute URLs of the request's origin, and a served document written once.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A document built without build_each_spec_once has no digest: written per app.
        digest = getattr(self.specification, "content_digest", None)
        self._key = digest if digest is not None else f"app {id(self)}"

    def _write(self, form: str, base_path: str) -> bytes:
        key = (self._key, form, base_path)
        with _WRITING:  # the first requests of a burst wait for one writer
            if key not in _WRITTEN:
                # What `with_base_path(base_path).spec` serves, without building a whole
                # Specification: the raw document, resolved afresh (a shared built one has
                # connexion's per-operation additions in it, build_each_spec_once).
                spec = resolve_refs(self.specification.raw)
                spec["servers"] = [{"url": _ORIGIN + base_path, "description": "this mock"}]
                if form == "json":
                    text = Jsonifier().dumps(spec)
                else:
                    text = yaml.dump(spec, Dumper=_NoAliasDumper, allow_unicode=True)
                if len(_WRITTEN) >= 4 * BUILT_SPECS_LIMIT:
                    del _WRITTEN[next(iter(_WRITTEN))]
                _WRITTEN[key] = text.encode()
            return _WRITTEN[key]

    async def _document(self, request: Request, form: str, media_type: str) -> StarletteResponse:
        base_path = self._base_path_for_prefix(request)
        document = _WRITTEN.get((self._key, form, base_path))
        if document is None:
            document = await asyncio.to_thread(self._write, form, base_path)
        host = request.headers.get("host", "")
        # A Host header that is no host and port is not copied into the document.
        origin = f"{request.url.scheme}://{host}" if _HOST.fullmatch(host) else ""
        return StarletteResponse(
            document.replace(_ORIGIN.encode(), origin.encode()), media_type=media_type
        )

    async def _get_openapi_json(self, request: Request) -> StarletteResponse:
        return await self._document(request, "json", "application/json")

    async def _get_openapi_yaml(self, request: Request) -> StarletteResponse:
        return await self._document(request, "yaml", "text/yaml")


class OwnOriginSwaggerUIMiddleware(SwaggerUIMiddleware):
    """connexion's Swagger UI middleware with `OwnOriginSwaggerUIAPI` for each API.

    Relies on: `SwaggerUIMiddleware.add_api` building a `SwaggerUIAPI(specification,
    base_path=, arguments=, default=self.default_fn, **kwargs)` and mounting its router at its
    base path (repeated here with the subclass). Upstream: as OwnOriginSwaggerUIAPI.
    """

    def add_api(
        self,
        specification: Any,
        base_path: str | None = None,
        arguments: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        api = OwnOriginSwaggerUIAPI(
            specification,
            base_path=base_path,
            arguments=arguments,
            default=self.default_fn,
            **kwargs,
        )
        self.router.mount(api.base_path, app=api.router)


def plain_middlewares() -> list[Any]:
    """connexion's default middleware list (for `connexion.AsyncApp`, the plain app the fast
    path is compared with), serving the spec as the fast path does."""
    return [
        OwnOriginSwaggerUIMiddleware if layer is SwaggerUIMiddleware else layer
        for layer in ConnexionMiddleware.default_middlewares
    ]


class DocsOnlySwaggerUIMiddleware(OwnOriginSwaggerUIMiddleware):
    """connexion's Swagger UI and spec routes, entered only by requests for them.

    connexion's middleware runs every request through a router of UI and spec routes before
    letting it fall through; here a request whose path cannot be one of those routes goes
    straight on. Paths that might be are handed to connexion's middleware unchanged.

    Relies on: `SwaggerUIMiddleware.add_api` mounting each API's routes on `self.router` (their
    paths are read from the mount) and handing requests it does not serve to `self.app`.
    Upstream: SwaggerUIMiddleware checking a path prefix before entering its router.
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


# -- security (`security_map`, overriding one private method) -------------------------------
def bearer_handler(check: Callable[[str], Any]) -> type[BearerSecurityHandler]:
    """A bearer handler bound to one token check (a plain function of the token: the account's
    token info, or None), called straight from the per-request verification.

    connexion wraps the token function in a generic async check that calls `inspect.signature`
    on it twice per request (does it take `required_scopes`? `request`?), and reads the header
    through the Starlette Headers it builds for the request (what that costs a request:
    docs/benchmarks.md, "Figures behind the code").
    The check here is known to take the token alone, so the verification is one synchronous
    function, and the header is read from the scope (the first value, as Headers.get reads it).

    Relies on: `BearerSecurityHandler._get_verify_func(token_info_func)` returning the function
    connexion's verification calls with its request, which answers NO_VALUE when the request
    has no bearer token, else the token info, and raises OAuthResponseProblem("Provided token
    is not valid") for a token the function refuses; the static
    `get_auth_header_value(request)` answering (type lowercased, credentials) or (None, None)
    for no header, and raising OAuthProblem for a value without a space (connexion 3.3.0).
    Upstream: the security handler inspecting the token function once, when it is resolved,
    and reading the header without building the request's Headers.
    """

    class FastBearerHandler(BearerSecurityHandler):
        def _resolve_func(self, security_scheme: dict[str, Any]) -> Any:
            return check

        @staticmethod
        def get_auth_header_value(request: Any) -> tuple[str | None, str | None]:
            authorization = header(request.scope, b"authorization")
            if not authorization:
                return None, None
            try:
                auth_type, value = authorization.decode("latin-1").split(maxsplit=1)
            except ValueError:
                raise OAuthProblem(detail="Invalid authorization header") from None
            return auth_type.lower(), value

        def _get_verify_func(self, token_info_func: Callable[[str], Any]) -> Any:
            get_auth_header_value = self.get_auth_header_value

            def verify(request: Any) -> Any:
                auth_type, token = get_auth_header_value(request)
                if auth_type != "bearer":
                    return NO_VALUE
                token_info = token_info_func(token)  # type: ignore[arg-type]
                if token_info is None:
                    raise OAuthResponseProblem(detail=REFUSED_TOKEN)
                return token_info

            return verify

    return FastBearerHandler


# What connexion's bearer handler answers for a token its function refuses.
REFUSED_TOKEN = "Provided token is not valid"


# -- request validation set up once per operation --------------------------------------------
def memoize_body_definition(operation: AbstractOperation) -> AbstractOperation:
    """Remember `operation.body_definition(content_type)` per content type.

    Relies on: `OpenAPIOperation.body_definition` being a pure function of the content type
    (it looks the type up in the operation's `requestBody.content` and returns that dict), and
    on `body_schema` and connexion's callers reaching it as `self.body_definition`. connexion
    calls it about seven times per request, each time building a MediaTypeDict and, for
    operations with two content types, logging a warning.
    Upstream: OpenAPIOperation memoizing `body_definition` per content type.
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


class PreparedRequestValidationOperation(RequestValidationOperation):
    """connexion's request validation with its per-request set-up done once per operation.

    Relies on: `RequestValidationOperation.__call__` of connexion 3.3.0, whose steps this
    repeats in the same order with the same validators: parameters (a ParameterValidator over
    the operation's parameters and a URI parser), content type (`extract_content_type`,
    `validate_mime_type`), then the body validator for the mime type with its arguments. The
    URI parser, the parameter validator and the body validators keep nothing of a request, so
    one instance serves every request: the body validator is built once per `Content-Type`
    value (what the content type decides is remembered, failures excepted).
    Upstream: RequestValidationOperation building its URI parser and parameter validator in
    `__init__`, and its body validator once per content type.
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
        self._body_validators: dict[str | None, Any] = {}  # None: no body validation

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._parameter_validator.validate(scope)
        content_type = _content_type(scope)
        try:
            validator = self._body_validators[content_type]
        except KeyError:
            validator = self._body_validator(content_type)  # raises for unsupported media types
            if len(self._body_validators) < CLIENT_KEYED_CACHE_LIMIT:
                self._body_validators[content_type] = validator
        if validator is not None:
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)

    def _body_validator(self, content_type: str | None) -> Any:
        """The body validator for one Content-Type value (None: no body validation), built
        with the arguments connexion builds it with."""
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
        return validator_class(
            schema=schema,
            required=operation.request_body.get("required", False),
            nullable=is_nullable(operation.body_definition(mime_type)),
            encoding=encoding,
            strict_validation=self.strict_validation,
            uri_parser=self._uri_parser,
        )


def _content_type(scope: Scope) -> str | None:
    value = header(scope, b"content-type")
    return None if value is None else value.decode("latin-1")


class PreparedRequestValidationAPI(RequestValidationAPI):
    def make_operation(self, operation: AbstractOperation) -> RequestValidationOperation:
        return PreparedRequestValidationOperation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class PreparedRequestValidationMiddleware(RequestValidationMiddleware):
    api_cls = PreparedRequestValidationAPI


class DirectJSONBodyValidator(FastJSONBodyValidator):
    """The compiled JSON body validator, reading the body without connexion's per-request
    header object and async generator (a `validator_map` entry: `json_body=` of
    compiled_validators.validator_map)."""

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        """connexion's `wrap_receive` for a request that announces a body.

        Relies on: `AbstractRequestBodyValidator.wrap_receive` of connexion 3.3.0, which for a
        non-zero Content-Length (read as `int()` of the first such header) reads the messages
        up to the one without `more_body`, parses and validates the joined bytes, and replays
        the same messages; this does that without its per-request header object and async
        generator. A request without a body is `_with_default_body`'s.
        Upstream: `wrap_receive` reading the messages without an async generator.
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
        body = self._parsed(b"".join(message.get("body", b"") for message in messages))
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
        Upstream: `wrap_receive` inserting the default body without copying the headers deeply.
        """
        default = self._schema.get("default")
        if default is None:
            return None
        raw = json.dumps(default).encode(self._encoding)
        if len(raw) > self.MAX_MESSAGE_LENGTH:
            return None
        scope = dict(scope)
        MutableHeaders(scope=scope)["content-length"] = str(len(raw))  # on a copy of the list
        body = self._parsed(raw)
        if not (body is None and self._nullable):
            self._validate(body)
        message = {"type": "http.request", "body": raw, "more_body": False}
        return self._insert_messages(receive, messages=[message]), scope

    def _parsed(self, raw: bytes) -> Any:
        """The body as connexion's `JSONRequestBodyValidator._parse` reads it."""
        text = raw.decode(self._encoding)
        if not text:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadRequestProblem(detail=str(exc)) from None


# -- the answer ------------------------------------------------------------------------------
def connexion_answer(*, jsonifier: Jsonifier) -> Callable[[Any], Any]:
    """A coroutine function turning what an operation's function returned into the Starlette
    response connexion builds from it (status, headers, content type from the operation's
    `produces`, the body serialised by `jsonifier`), for the shapes tesla_mock/fastpath.py's
    `Answer` does not build itself.

    Relies on: `connexion.decorators.response.AsyncResponseDecorator`, the response half of the
    documented `connexion.decorators.StarletteDecorator`, applied once to a function that
    returns its argument (the StarletteDecorator builds it anew on every request). It reads the
    operation from `connexion.context`. Upstream: `connexion.decorators` exporting its response
    decorator, or StarletteDecorator building its decorators once per function.
    """

    async def returned(result: Any) -> Any:
        return result

    decorator = AsyncResponseDecorator(framework=StarletteFramework, jsonifier=jsonifier)
    return decorator(returned)  # type: ignore[no-any-return]
