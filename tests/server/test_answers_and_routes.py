"""Two pieces of the fast path that do once what connexion and Starlette do per request:

* `fastpath.Answer` builds the response connexion's response decorator builds from what an
  operation's function returns, for the shapes this app's handlers return;
* `remembered_routes` has a Starlette router remember which route each path takes.

Each is compared with what it stands in for, on shapes and routes beyond the app's own.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import connexion
import pytest
from connexion.lifecycle import ConnexionResponse
from connexion.middleware import ConnexionMiddleware
from connexion.resolver import Resolver
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Host, Mount, Route, Router
from starlette.testclient import TestClient
from tesla_mock import connexion_internals, fastpath, remembered_routes
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.jsonwriter import JSON_WRITER

from tests.server.support import OWNER_TOKEN, PLUGGED, SCENARIO, START

JSON = {"Content-Type": "application/json"}
# What a function may return, by name: the shapes Answer builds itself and some it leaves to
# connexion's decorator.
SHAPES: dict[str, Any] = {
    "object": {"response": {"result": True, "reason": ""}},
    "object-201": ({"id": 7}, 201),
    "object-200-json": ({"response": [1, 2.5, None, "é"]}, 200, JSON),
    "object-400-json": ({"error": "bad", "error_description": ""}, 400, JSON),
    "object-204": ({"a": 1}, 204),  # Starlette sends no Content-Length with these two
    "object-304-json": ({"a": 1}, 304, JSON),
    "object-0": ({"a": 1}, 0),
    "object-true": ({"a": 1}, True),
    "object-other-header": ({"a": 1}, 200, {"X-Other": "1"}),
    "object-json-and-other": ({"a": 1}, 200, {**JSON, "X-Other": "1"}),
    "object-charset": ({"a": 1}, 200, {"Content-Type": "application/json; charset=utf-8"}),
    "list": [1, 2, 3],
    "text": ("Retry in 5 seconds", 429, {"Content-Type": "text/plain"}),
    "none": (None, 204),
    "one-tuple": ({"a": 1},),
    "starlette": PlainTextResponse("as is", status_code=202),
    "connexion": ConnexionResponse(
        status_code=203, body=b'{"b": 2}', content_type="application/json"
    ),
}
BUILT_BY_ANSWER = {
    "object",
    "object-201",
    "object-200-json",
    "object-400-json",
    "object-204",
    "object-304-json",
}


def _operation(operation_id: str, produces: list[str]) -> dict[str, Any]:
    content = {media: {"schema": {}} for media in produces}
    return {
        "get": {
            "operationId": operation_id,
            "parameters": [
                {"name": "shape", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {"default": {"description": "any", "content": content}},
        }
    }


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "shapes", "version": "1"},
    "paths": {
        "/json/{shape}": _operation("json_only", ["application/json"]),
        "/json-or-text/{shape}": _operation("json_or_text", ["application/json", "text/plain"]),
    },
}


async def _returns(shape: str) -> Any:
    return SHAPES[shape]


def _shapes_app(fast: bool) -> Any:
    options: dict[str, Any] = {"jsonifier": JSON_WRITER}
    app: Any
    if fast:
        app = ConnexionMiddleware(
            fastpath.OperationDispatcher(jsonifier=JSON_WRITER),
            import_name=__name__,
            middlewares=connexion_internals.middlewares(validate_responses=False),
            **options,
        )
    else:
        app = connexion.AsyncApp(__name__, **options)
    app.add_api(SPEC, resolver=Resolver(lambda operation_id: _returns))
    return app


def _answer(client: TestClient, path: str) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    response = client.get(path)
    return response.status_code, response.headers.raw, response.content


@pytest.fixture(scope="module")
def shape_clients() -> tuple[TestClient, TestClient]:
    return TestClient(_shapes_app(True)), TestClient(_shapes_app(False))


@pytest.mark.parametrize("prefix", ["/json", "/json-or-text"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_is_answered_as_connexions_decorator_answers_it(
    shape_clients, prefix: str, shape: str
) -> None:
    fast, plain = shape_clients
    assert _answer(fast, f"{prefix}/{shape}") == _answer(plain, f"{prefix}/{shape}")


def _counting_connexions_answers(monkeypatch) -> list[Any]:
    """Every result handed to connexion's decorator by apps built from now on."""
    left_to_connexion: list[Any] = []
    build = connexion_internals.connexion_answer

    def counting(**kwargs: Any) -> Any:
        answer = build(**kwargs)

        async def counted(result: Any) -> Any:
            left_to_connexion.append(result)
            return await answer(result)

        return counted

    monkeypatch.setattr(fastpath, "connexion_answer", counting)
    return left_to_connexion


def test_only_json_objects_are_built_without_connexions_decorator(monkeypatch) -> None:
    left_to_connexion = _counting_connexions_answers(monkeypatch)
    client = TestClient(_shapes_app(True))
    for shape in SHAPES:
        client.get(f"/json/{shape}")
    assert [result for result in left_to_connexion] == [
        SHAPES[shape] for shape in SHAPES if shape not in BUILT_BY_ANSWER
    ]


def test_the_apps_own_answers_are_built_without_connexions_decorator(api, monkeypatch) -> None:
    """Commands, vehicle data, refusals and the admin API's answers: all of them JSON objects.
    (The dispatcher plans an operation, its Answer included, at its first request.)"""
    left_to_connexion = _counting_connexions_answers(monkeypatch)
    answers = [
        api.command(PLUGGED, "charge_start"),
        api.command(PLUGGED, "set_charge_limit", {"percent": 70}),
        api.command(PLUGGED, "set_charge_limit", {"percent": "x"}),  # refused by the spec
        api.command("1", "charge_start"),  # no such car: 404
        api.command(PLUGGED, "charge_max_range"),
        api.http.get(
            f"/api/1/vehicles/{PLUGGED}/vehicle_data",
            params={"endpoints": "charge_state"},
            headers=api.owner,
        ),
        api.admin("GET", "/fleet"),
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 400, 404, 200, 200, 200]
    assert left_to_connexion == []


# -- the Authorization header, read from the scope -------------------------------------------------
AUTHORIZATIONS = [
    f"Bearer {OWNER_TOKEN}",
    f"bearer {OWNER_TOKEN}",
    f"  BEARER \t {OWNER_TOKEN}",
    f"Bearer {OWNER_TOKEN} extra",
    "Bearer",
    "Bearer nope",
    "",
    "Basic dTpw",
    "\xe9t\xe9 x",
]


@pytest.mark.parametrize("authorization", AUTHORIZATIONS)
def test_the_authorization_header_is_read_as_connexion_reads_it(authorization: str) -> None:
    answers = []
    for fast in (True, False):
        app = create_app(scenario=SCENARIO, clock=SimClock(start=START), fast=fast)
        with TestClient(app) as client:
            headers = [(b"authorization", authorization.encode("latin-1"))]
            response = client.get("/api/1/vehicles", headers=headers)
            body = response.json()
            if response.status_code == 200:  # (each fleet draws its cars' vehicle_id)
                body = [car["id"] for car in body["response"]]
            answers.append((response.status_code, body))
    assert answers[0] == answers[1]


# -- remembered routes -----------------------------------------------------------------------------
async def _where(request: Request) -> Response:
    """What routing told the endpoint: the route, its parameters and the root path."""
    scope = request.scope
    return JSONResponse(
        {
            "route": getattr(scope.get("route"), "path", None),
            "router": id(scope["router"]),
            "params": {key: repr(value) for key, value in scope["path_params"].items()},
            "root_path": scope.get("root_path", ""),
            "endpoint": getattr(scope.get("endpoint"), "__name__", None),
        }
    )


def _router() -> Router:
    """Overlapping routes, methods, converters, nested mounts, a default and a Host route."""
    inner = Router(
        routes=[
            Route("/{id:int}", _where, methods=["GET"]),
            Route("/{id}/command/wake_up", _where, methods=["POST"]),
            Route("/{id}/command/{name}", _where, methods=["POST"]),
            Route("/{id}/data", _where, methods=["GET", "PUT"]),
        ]
    )
    return Router(
        routes=[
            Route("/", _where),
            Route("/fixed", _where, methods=["POST"]),
            Route("/items/{n:float}", _where),
            Mount("/vehicles", app=inner),
            Route("/late/{rest:path}", _where),
            Host("{sub}.example.com", app=Router(routes=[Route("/hosted", _where)])),
            Route("/hosted", _where, methods=["DELETE"]),
        ],
        default=PlainTextResponse("default", status_code=418),
    )


def _remembering_router() -> Router:
    router = _router()
    remembered_routes.remember_routes(router)
    for route in router.routes:
        if isinstance(route, Mount):
            remembered_routes.remember_routes(route.app)  # type: ignore[arg-type]
    return router


METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD"]
PATHS = [
    "/",
    "/fixed",
    "/fixed/",
    "/items/2.5",
    "/items/x",
    "/vehicles",
    "/vehicles/",
    "/vehicles/12",
    "/vehicles/12/",
    "/vehicles/abc",
    "/vehicles/12/command/wake_up",
    "/vehicles/12/command/charge_start",
    "/vehicles/12/data",
    "/late/a/b/c",
    "/hosted",
    "/nowhere",
]


async def _call(app: Any, method: str, path: str, host: str) -> tuple[int, list[Any], bytes]:
    """One request straight to the ASGI app: its status, headers and body."""
    scope = {
        "type": "http",
        "method": method,
        "scheme": "http",
        "server": ("testserver", 80),
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", host.encode())],
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return sent[0]["status"], sent[0]["headers"], body


def _answers(router: Router, requests: list[tuple[str, str, str]]) -> list[Any]:
    async def all_of_them() -> list[Any]:
        return [await _call(router, *request) for request in requests]

    answers = []
    for status, headers, body in asyncio.run(all_of_them()):
        told = json.loads(body) if body.startswith(b"{") else body
        if isinstance(told, dict):
            told["router"] = "outer" if told["router"] == id(router) else "inner"
        answers.append((status, headers, told))
    return answers


def test_a_remembering_router_routes_every_request_as_starlette_does() -> None:
    """Every method, path and host, twice (the second time remembered), to both: what the
    endpoint is told, and every other answer (405, redirects, the default, Host routes) alike."""
    requests = list(itertools.product(METHODS, PATHS, ["testserver", "a.example.com"])) * 2
    assert _answers(_remembering_router(), requests) == _answers(_router(), requests)


def test_each_path_is_looked_up_once(monkeypatch) -> None:
    router = _remembering_router()
    looked_at: list[str] = []
    matches = Route.matches

    def spy(self: Route, scope: Any) -> Any:
        looked_at.append(self.path)
        return matches(self, scope)

    monkeypatch.setattr(Route, "matches", spy)
    client = TestClient(router)
    assert client.post("/vehicles/12/command/charge_start").status_code == 200
    first = len(looked_at)
    looked_at.clear()
    for _ in range(3):
        assert client.post("/vehicles/12/command/charge_start").status_code == 200
    # Once: the route's own match, for its parameters; not the three routes before it.
    assert looked_at == ["/{id}/command/{name}"] * 3
    assert first > 3


def test_paths_are_remembered_within_bounds(monkeypatch) -> None:
    monkeypatch.setattr(remembered_routes, "PATHS_REMEMBERED", 3)
    router = Router(routes=[Route("/{anything:path}", _where)])
    remembered_routes.remember_routes(router)
    client = TestClient(router)
    remembered = router.middleware_stack._first_full_match  # type: ignore[attr-defined]
    for n in range(5):
        assert client.get(f"/p{n}").status_code == 200
    assert remembered.cache_info().currsize == 3
    assert remembered.cache_info().maxsize == 3
    longest = remembered_routes.LONGEST_REMEMBERED_PATH
    before = remembered.cache_info()
    for path in ("/" + "a" * (longest - 1), "/" + "b" * longest):
        assert client.get(path).json()["route"] == "/{anything:path}"
    after = remembered.cache_info()
    assert (after.hits + after.misses) - (before.hits + before.misses) == 1  # the longer one not


def test_a_router_with_middleware_of_its_own_is_left_as_it_is() -> None:
    class Nothing:
        def __init__(self, app: Any) -> None:
            self.app = app

    router = Router(routes=[Route("/", _where)], middleware=[Middleware(Nothing)])
    with pytest.raises(ValueError, match="middleware of its own"):
        remembered_routes.remember_routes(router)


def test_the_apps_routers_remember_their_routes(app, api) -> None:
    """Both levels of connexion's routing in the app: the router of the APIs' mounts and each
    API's own."""
    for _ in range(3):
        assert api.command(PLUGGED, "charge_start").status_code == 200
    (routing,) = [
        layer
        for layer in app.middleware_stack
        if isinstance(layer, connexion_internals.RememberingRoutingMiddleware)
    ]
    routers = [routing.router] + [mount.app for mount in routing.router.routes]
    remembered = [router.middleware_stack for router in routers]
    assert all(isinstance(memo, remembered_routes.RememberedRoutes) for memo in remembered)
    # The mounts' router and the vehicle API's saw the command, and looked it up once.
    counts = [memo._first_full_match.cache_info() for memo in remembered]
    assert [(info.misses, info.hits) for info in counts if info.misses] == [(1, 2), (1, 2)]
