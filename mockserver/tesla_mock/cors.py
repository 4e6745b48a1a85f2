"""CORS for the vehicle API, so that a web app under development can call the mock from a browser.

    CorsMiddleware(app)  # tesla_mock/app.py adds it outermost of its own layers

What it allows is read from the vehicle spec (`policy_from_spec`): the methods of its operations,
the request headers it documents (Authorization for its bearer scheme, Content-Type for its
request bodies, its header parameters), and it lets scripts read the response headers it
documents (Retry-After, RateLimit-*, Alt-Svc). Any origin: the API authenticates with a bearer
header, never with a cookie, so `Access-Control-Allow-Origin: *` is enough.

- A preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered 204 here, for
  any path of the vehicle API and whichever method it asks about: the request itself then gets
  the API's own answer (a 404 or 405 envelope the page can read) rather than an opaque CORS error.
  A header outside the spec's list is not allowed; the browser's console then names it.
- Every other request that carries an Origin gets Access-Control-Allow-Origin and
  Access-Control-Expose-Headers on its answer, error answers included. A request without Origin
  (every client but a browser) passes through untouched.
- The admin API (/__mock) gets none: it hands every account's tokens to whoever has the admin
  token, and the default token is public, so a page of another origin must not be able to drive
  it from a developer's browser. The dashboard is served from the same origin and needs none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tesla_mock.asgi import header
from tesla_mock.routes import HTTP_METHODS
from tesla_mock.specs import ADMIN_BASE_PATH, VEHICLE_SPEC, load_spec

# How long a browser may reuse a preflight's answer (Chrome caps it at 2 h, Firefox at 24 h).
PREFLIGHT_MAX_AGE_S = 600


@dataclass(frozen=True)
class CorsPolicy:
    methods: tuple[str, ...]
    request_headers: tuple[str, ...]
    exposed_headers: tuple[str, ...]


def policy_from_spec(spec: dict[str, Any]) -> CorsPolicy:
    """The methods and headers an OpenAPI document uses."""
    methods: set[str] = set()
    request_headers: set[str] = set()
    exposed: set[str] = set()
    for scheme in spec.get("components", {}).get("securitySchemes", {}).values():
        if scheme.get("type") == "apiKey":
            if scheme.get("in") == "header":
                request_headers.add(scheme["name"])
        else:  # http (bearer, basic), oauth2, openIdConnect
            request_headers.add("Authorization")
    for item in spec.get("paths", {}).values():
        parameters = list(item.get("parameters", []))
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            methods.add(method.upper())
            parameters += operation.get("parameters", [])
            if "requestBody" in operation:
                request_headers.add("Content-Type")
            for response in operation.get("responses", {}).values():
                exposed.update(_resolve(spec, response).get("headers", {}))
        for parameter in (_resolve(spec, p) for p in parameters):
            if parameter.get("in") == "header":
                request_headers.add(parameter["name"])
    return CorsPolicy(
        tuple(sorted(methods)), tuple(sorted(request_headers)), tuple(sorted(exposed))
    )


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node`, or what its local `$ref` (`#/components/...`) points at."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


@cache
def vehicle_policy() -> CorsPolicy:
    return policy_from_spec(load_spec(VEHICLE_SPEC))


def _joined(names: tuple[str, ...]) -> bytes:
    return ", ".join(names).encode("latin-1")


class CorsMiddleware:
    """CORS answers for requests outside the admin API (module docstring)."""

    def __init__(self, app: ASGIApp, policy: CorsPolicy | None = None) -> None:
        self.app = app
        policy = policy or vehicle_policy()
        allow_origin = (b"access-control-allow-origin", b"*")
        self._preflight_headers = [
            allow_origin,
            (b"access-control-allow-methods", _joined(policy.methods)),
            (b"access-control-allow-headers", _joined(policy.request_headers)),
            (b"access-control-max-age", str(PREFLIGHT_MAX_AGE_S).encode()),
        ]
        self._answer_headers = [allow_origin]
        if policy.exposed_headers:
            self._answer_headers.append(
                (b"access-control-expose-headers", _joined(policy.exposed_headers))
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or header(scope, b"origin") is None or _is_admin(scope["path"]):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and header(scope, b"access-control-request-method"):
            await send(
                {"type": "http.response.start", "status": 204, "headers": self._preflight_headers}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        added = self._answer_headers

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), *added]}
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _is_admin(path: str) -> bool:
    return path == ADMIN_BASE_PATH or path.startswith(ADMIN_BASE_PATH + "/")
