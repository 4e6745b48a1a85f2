"""The HTTP edge: what happens to a request before connexion sees it.

`EdgeMiddleware` is the outermost layer of the app's own (tesla_mock/app.py adds it first):
it reads the request's headers once and looks the car up once, then

  * records the request in the car's journal (vehicle API requests an account sends to its own
    cars), whatever the outcome, 413s included;
  * refuses a body over 64 KiB (413) and passes on only bodies that arrived whole;
  * treats a request without `Content-Type` as JSON.

`ProxyCommandBodyMiddleware` (the `proxy` flavor) reads a command's body as Tesla's proxy does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tesla_mock import error_texts, errors, proxy
from tesla_mock.asgi import JSON, Header, Incomplete, JSONAnswer, header, read_at_most
from tesla_mock.fleet import Fleet
from tesla_mock.jsonwriter import JSON_WRITER
from tesla_mock.routes import served_methods

if TYPE_CHECKING:
    from tesla_mock.vehicle import Vehicle

VEHICLE_PATH_PREFIX = "/api/1/vehicles/"
# A command's path; the real API answers a command the spec does not know with 400
# `invalid_command`, not 404 (tesla_mock/app.py).
COMMAND_PATH = re.compile(r"/api/1/vehicles/(?P<vehicle>[^/]+)/command/(?P<command>[^/]+)")
# A request that got no answer: its client left before the end of its body, or its car went
# away while it waited (the Fleet API's status for "client closed request").
CLIENT_CLOSED_REQUEST = 499
# The Content-Type a journal entry keeps, at most (a client may send megabytes of it).
JOURNAL_HEADER_CHARS = 256


def bearer_token(authorization: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, split as connexion splits it."""
    parts = authorization.split(maxsplit=1)
    return parts[1] if len(parts) == 2 and parts[0].lower() == "bearer" else None


class EdgeMiddleware:
    """The journal, the body limit and JSON by default, on one pass over the headers.

    Journal: a request without a valid token, or naming another account's car, is not recorded
    against that car (otherwise anyone could fill a car's journal). An entry keeps what a test
    reads (method, path, query, Content-Type, body, status, time) as the client sent it, each
    bounded: the body to `FleetLimits.journal_body_bytes`, the Content-Type to
    `JOURNAL_HEADER_CHARS`. A request that got no answer (its client left, or its car was
    deleted or reset meanwhile) is recorded with status 499 (the Fleet API's "client closed
    request") only if the car still exists.

    Body limit: a body announced by `Content-Length` is judged by the header alone. A chunked
    body (no `Content-Length`) is read here up to the limit and replayed with its length,
    because connexion treats a request without `Content-Length` as having no body at all.
    Either way the body is read completely before the request goes on: a client that
    disconnects halfway (fewer bytes than announced, or a chunked body without its last chunk)
    has its request dropped unexecuted, where connexion would take the part that came for the
    whole.

    JSON by default: clients of the real API send parameterless commands with no body and often
    no content type; connexion would take such a body as `application/octet-stream` and skip
    body validation. Read as JSON, an empty body becomes the spec's default `{}` and any other
    body is validated.
    """

    def __init__(self, app: ASGIApp, fleet: Fleet) -> None:
        self.app = app
        self.fleet = fleet

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = served_methods().static(scope["path"])
        if static is not None and scope["method"] not in static:
            # The router would hand `GET /api/1/vehicles/fleet_status` to `/vehicles/{id}`;
            # a documented path without parameters is routed first, as the real API does.
            allow = (b"allow", ", ".join(static).encode())
            why = error_texts.wrong_method(scope["method"], static)
            await send_envelope(send, 405, errors.ERROR_CODES[405], why, (allow,))
            return
        content_length = content_type = authorization = None
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                content_length = value  # the last one counts, as in a dict of them
            elif name == b"transfer-encoding":
                chunked = True
            elif name == b"content-type":
                content_type = value if content_type is None else content_type
            elif name == b"authorization":
                authorization = value if authorization is None else authorization
        if content_type is None:
            scope = {**scope, "headers": [*scope["headers"], (b"content-type", JSON)]}
        vehicle = self._own_vehicle(scope["path"], authorization)
        limited = functools.partial(
            self._limited, scope, content_length=content_length, chunked=chunked
        )
        if vehicle is None:
            await limited(receive, send)
        else:
            await self._journaled(vehicle, content_type, scope, receive, send, limited)

    def _own_vehicle(self, path: str, authorization: bytes | None) -> Vehicle | None:
        """The car a vehicle API path names, when the token's account owns it."""
        if not path.startswith(VEHICLE_PATH_PREFIX) or authorization is None:
            return None
        token = bearer_token(authorization.decode("latin-1"))
        account = None if token is None else self.fleet.account_for_token(token)
        if account is None:
            return None  # (find_vehicle without an account would find any account's car)
        key = path[len(VEHICLE_PATH_PREFIX) :].partition("/")[0]
        return self.fleet.find_vehicle(key, account)

    async def _journaled(
        self,
        vehicle: Vehicle,
        content_type: bytes | None,
        scope: Scope,
        receive: Receive,
        send: Send,
        pass_on: Callable[[Receive, Send], Awaitable[None]],
    ) -> None:
        body_limit = self.fleet.limits.journal_body_bytes
        chunks: list[bytes] = []
        kept = 0
        status = CLIENT_CLOSED_REQUEST

        async def recording_receive() -> Message:
            nonlocal kept
            message = await receive()
            chunk = message.get("body", b"")
            if chunk and kept < body_limit:
                chunks.append(chunk[: body_limit - kept])
                kept += len(chunks[-1])
            return message

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await pass_on(recording_receive, recording_send)
        finally:
            key = scope["path"][len(VEHICLE_PATH_PREFIX) :].partition("/")[0]
            if self.fleet.find_vehicle(key) is vehicle:  # not deleted, not reset meanwhile
                entry = self._entry(scope, content_type, b"".join(chunks), status)
                self.fleet.record(vehicle, entry)

    async def _limited(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        content_length: bytes | None,
        chunked: bool,
    ) -> None:
        """The request passed on with its whole body, or refused (413), or dropped."""
        if content_length is not None:
            announced = _length(content_length)
            if announced is not None and announced > errors.MAX_BODY_BYTES:
                await send_envelope(send, 413, errors.ERROR_CODES[413], _limit_text())
                return
            if announced:
                body = await read_at_most(receive, errors.MAX_BODY_BYTES)
                if not isinstance(body, bytes) or len(body) != announced:
                    return  # the client left (or sent more or less): nothing is executed
                receive = replay(body, receive)
        elif chunked:
            body = await read_at_most(receive, errors.MAX_BODY_BYTES)
            if isinstance(body, Incomplete):
                return
            if body is None:
                await send_envelope(send, 413, errors.ERROR_CODES[413], _limit_text())
                return
            scope = {
                **scope,
                "headers": [
                    *((k, v) for k, v in scope["headers"] if k != b"transfer-encoding"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
            receive = replay(body, receive)
        await self.app(scope, receive, send)

    def _entry(
        self, scope: Scope, content_type: bytes | None, body: bytes, status: int
    ) -> dict[str, Any]:
        return {
            "method": scope["method"],
            "path": scope["path"],
            "query": scope.get("query_string", b"").decode("latin-1"),
            "content_type": None
            if content_type is None
            else content_type[:JOURNAL_HEADER_CHARS].decode("latin-1"),
            "body": body.decode("utf-8", errors="replace"),
            "status": status,
            "time": self.fleet.clock.now(),
        }


class ProxyCommandBodyMiddleware:
    """The `proxy` flavor: answers a command path as Tesla's proxy does before it contacts the
    car: 404 for a numeric id, 405 for a method other than POST, and the body read as the
    proxy reads it (tesla_mock/proxy.py): its error, or the body it read passed on as JSON the
    vehicle API's schema takes. Requests without a valid token go on unchanged (the token
    check comes first)."""

    def __init__(self, app: ASGIApp, fleet: Fleet) -> None:
        self.app = app
        self.fleet = fleet

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = None
        if scope["type"] == "http":
            match = COMMAND_PATH.fullmatch(scope["path"])
        if match is None or not self._signed_in(scope):
            await self.app(scope, receive, send)
            return
        # The proxy's order (pkg/proxy/proxy.go): the VIN, then the method, then the body.
        if len(match["vehicle"]) != proxy.VIN_LENGTH:
            answer = proxy.ProxyAnswer(404, error=proxy.NUMERIC_ID_TEXT)
            await self._answer(send, answer)
            return
        if scope["method"] != "POST":
            await self._answer(send, proxy.ProxyAnswer(405, error=proxy.WRONG_METHOD_TEXT))
            return
        raw = await read_at_most(receive, errors.MAX_BODY_BYTES)
        if not isinstance(raw, bytes):
            return  # the client left; an oversized body was refused by the body limit
        read = proxy.read_command_body(match["command"], raw)
        if isinstance(read, proxy.ProxyAnswer):
            await self._answer(send, read)
            return
        body = JSON_WRITER.dumps(read).encode()
        headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-type", b"content-length")
        ]
        headers += [(b"content-type", JSON), (b"content-length", str(len(body)).encode())]
        await self.app({**scope, "headers": headers}, replay(body, receive), send)

    @staticmethod
    async def _answer(send: Send, answer: proxy.ProxyAnswer) -> None:
        if answer.text is not None:
            body = answer.text.encode()
        else:
            body = errors.envelope_json(answer.error, "", answer.response).encode()
        await JSONAnswer(body, answer.status).send_to(send)

    def _signed_in(self, scope: Scope) -> bool:
        token = bearer_token((header(scope, b"authorization") or b"").decode("latin-1"))
        return token is not None and self.fleet.account_for_token(token) is not None


def replay(body: bytes, receive: Receive) -> Receive:
    """`receive` giving `body` whole first, then what the client sends next."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


def _length(content_length: bytes) -> int | None:
    """The announced body length (None if the header is not a number: the server refuses
    such requests before they get here)."""
    try:
        return int(content_length)
    except ValueError:
        return None


def _limit_text() -> str:
    return f"request bodies are limited to {errors.MAX_BODY_BYTES} bytes"


async def send_envelope(
    send: Send, status: int, error: str, description: str, headers: tuple[Header, ...] = ()
) -> None:
    body = errors.envelope_json(error, description).encode()
    await JSONAnswer(body, status, headers).send_to(send)
