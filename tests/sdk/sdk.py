"""What the SDK tests share: the generated package, the spec's operations, a fake transport."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx

from tests.spec import oas

SDK_DIR = oas.REPO / "generated" / "tesla-charging-client"
PACKAGE = "tesla_charging_client"
SPEC = oas.load(oas.VEHICLE_SPEC)
RESOLVED = oas.resolve_all(SPEC)
VEHICLE_ID = "13691870400958016"
JSON, FORM = "application/json", "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    raw: dict[str, Any]  # as written (references kept: they name the models)
    resolved: dict[str, Any]

    @property
    def operation_id(self) -> str:
        return self.raw["operationId"]

    @property
    def module_name(self) -> str:
        return f"{PACKAGE}.api.{self.raw['tags'][0]}.{self.operation_id}"

    def module(self) -> ModuleType:
        return importlib.import_module(self.module_name)

    @property
    def path_examples(self) -> dict[str, str]:
        """Each path parameter with its value in these tests: the vehicle's id, else the
        parameter's spec example (the invoice's `content_id`)."""
        parameters = RESOLVED["paths"][self.path].get("parameters", [])
        return {
            p["name"]: VEHICLE_ID if p["name"] == "id" else p["example"]
            for p in [*parameters, *self.resolved.get("parameters", [])]
            if p["in"] == "path"
        }

    @property
    def url_path(self) -> str:
        path = self.path
        for name, value in self.path_examples.items():
            path = path.replace("{" + name + "}", value)
        return path

    def statuses(self) -> list[int]:
        return [int(status) for status in self.resolved["responses"]]

    def response_examples(self, status: int, media_type: str = JSON) -> list[Any]:
        media = self.resolved["responses"][str(status)]["content"][media_type]
        return oas.media_example_values(SPEC, media)

    def response_media_types(self, status: int) -> list[str]:
        return list(self.resolved["responses"][str(status)].get("content", {}))

    def response_headers(self, status: int) -> dict[str, str]:
        headers = self.resolved["responses"][str(status)].get("headers", {})
        return {name: str(header["example"]) for name, header in headers.items()}

    def model_name(self, where: dict[str, Any]) -> str:
        """The generated class of a schema written as a `$ref` to a component, or as an
        `anyOf` of one and `Null` (a body that may also be JSON `null`)."""
        schema = where["schema"]
        if "$ref" not in schema:
            (schema,) = [s for s in schema["anyOf"] if s["$ref"] != "#/components/schemas/Null"]
        return schema["$ref"].rsplit("/", 1)[-1]

    def response_model_name(self, status: int) -> str:
        response = oas.deref(SPEC, self.raw["responses"][str(status)])
        return self.model_name(response["content"][JSON])

    def body_model(self, media_type: str) -> type | None:
        """The model the SDK takes for this body media type (None without a body)."""
        body = oas.deref(SPEC, self.raw.get("requestBody", {}))
        if media_type not in body.get("content", {}):
            return None
        models = importlib.import_module(f"{PACKAGE}.models")
        return getattr(models, self.model_name(body["content"][media_type]))

    def body_examples(self, media_type: str) -> list[Any]:
        content = self.resolved.get("requestBody", {}).get("content", {})
        return oas.media_example_values(SPEC, content[media_type]) if media_type in content else []

    def body_required(self) -> bool:
        return bool(self.resolved.get("requestBody", {}).get("required"))

    def call_kwargs(self, client: Any, body: Any = None) -> dict[str, Any]:
        """Arguments for the operation's functions: the vehicle, and a JSON body built from the
        spec's first example when the body is required (or `body` when given)."""
        kwargs: dict[str, Any] = {"client": client, **self.path_examples}
        if body is not None:
            kwargs["body"] = body
        elif self.body_required():
            model = self.body_model(JSON)
            assert model is not None
            kwargs["body"] = model.from_dict(self.body_examples(JSON)[0])
        return kwargs


OPERATIONS = [
    Operation(path, method, raw, RESOLVED["paths"][path][method])
    for path, method, raw in oas.operations(SPEC)
]


def route(request: httpx.Request) -> Operation:
    """The operation a request is for."""
    for operation in OPERATIONS:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(operation.path)) + "$"
        if operation.method.upper() == request.method and re.match(pattern, request.url.path):
            return operation
    raise AssertionError(f"no operation for {request.method} {request.url.path}")


class Recorder:
    """An httpx transport that answers every request with one canned response and keeps the
    requests it received."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self._handler = handler
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self._handler(request)

    @classmethod
    def answering(cls, status: int, body: Any, headers: dict[str, str] | None = None) -> Recorder:
        return cls(lambda request: httpx.Response(status, json=body, headers=headers))

    @classmethod
    def answering_bytes(
        cls, status: int, content: bytes, headers: dict[str, str] | None = None
    ) -> Recorder:
        return cls(lambda request: httpx.Response(status, content=content, headers=headers))


def authenticated_client(recorder: Recorder, **kwargs: Any) -> Any:
    from tesla_charging_client import AuthenticatedClient

    return AuthenticatedClient(
        base_url="http://x", token="t", httpx_args={"transport": recorder.transport}, **kwargs
    )


def run_mypy_strict(*paths: str) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` on `paths` with this interpreter's packages (the SDK is installed here)."""
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    command += ["--python-executable", sys.executable, *paths]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, cwd=oas.REPO)
