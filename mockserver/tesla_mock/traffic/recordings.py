"""Recorded exchanges and the files they come in.

Formats read (`read_recording` tells them apart by content):

* **VCR cassettes**, the YAML of Ruby's VCR as timdorr/tesla-api publishes them
  (`http_interactions:` of `request`/`response`/`recorded_at`); also what `record` writes;
* **HAR** (`log.entries`), as browsers and proxies export them;
* **the mock's journal** (`GET /__mock/vehicles/{id}/journal`: `entries` of requests with their
  status, no answer bodies);
* **this project's corpus manifest** (`tests/corpus/recorded/manifest.json`: answer bodies in
  files beside it, with the request and status they answered).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


class CassetteLoader(yaml.SafeLoader):
    """YAML as Ruby's VCR writes it: bodies that are not UTF-8 come as `!binary` (base64)."""


CassetteLoader.add_constructor(
    "!binary", lambda loader, node: base64.b64decode(loader.construct_scalar(node))
)


class RecordingError(ValueError):
    """A file that is not a recording this module reads; the message says why."""


@dataclass
class Exchange:
    """One request and, when recorded, its answer."""

    method: str
    path: str
    query: str = ""
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: bytes = b""
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes | None = None  # None: the answer's body was not recorded
    recorded_at: float | None = None  # Unix seconds
    label: str = ""  # where it comes from: `file#index`
    placeholders: tuple[str, ...] = ()  # JSON pointers of values the publisher replaced
    host: str = ""

    def header(self, headers: dict[str, str], name: str) -> str:
        return next((v for k, v in headers.items() if k.lower() == name.lower()), "")

    @property
    def request_type(self) -> str:
        """The request body's media type; guessed from the body when no header was recorded
        (recorders often leave it out: timdorr/tesla-api's cassettes send `percent=90` bare)."""
        kind = self.header(self.request_headers, "content-type").split(";")[0].strip().lower()
        body = self.request_body.strip()
        if kind or not body:
            return kind
        return JSON if body[:1] in (b"{", b"[") or body == b"null" else FORM

    @property
    def response_type(self) -> str:
        kind = self.header(self.response_headers, "content-type").split(";")[0].strip().lower()
        return kind or (JSON if self.response_body else "")

    def json_answer(self) -> Any:
        """The answer's body as JSON; raises ValueError when it is not."""
        return json.loads(self.response_body or b"")


def _text(body: Any) -> bytes:
    if body is None:
        return b""
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _seconds(text: Any) -> float | None:
    if not text:
        return None
    try:
        return parsedate_to_datetime(str(text)).timestamp()
    except (TypeError, ValueError):
        pass
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _split(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    return parts.netloc, parts.path or "/", parts.query


def _vcr_headers(headers: Any) -> dict[str, str]:
    return {str(k): ", ".join(map(str, v)) if isinstance(v, list) else str(v)
            for k, v in (headers or {}).items()}  # fmt: skip


def _vcr_body(body: Any) -> bytes:
    if not isinstance(body, dict):
        return _text(body)
    if "base64_string" in body:
        return base64.b64decode(body["base64_string"])
    return _text(body.get("string"))


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RecordingError(f"{where} is not a mapping")
    return value


def _required(mapping: dict[str, Any], key: str, where: str) -> Any:
    value = mapping.get(key)
    if value is None or value == "":
        raise RecordingError(f"{where} has no `{key}`")
    return value


def _status(value: Any, where: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise RecordingError(f"{where}: the status {value!r} is not a number") from None


def _items(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordingError(f"{where} is not a list")
    return value


def from_cassette(document: dict[str, Any], name: str) -> list[Exchange]:
    exchanges = []
    for index, interaction in enumerate(_items(document["http_interactions"], "http_interactions")):
        where = f"interaction #{index}"
        interaction = _mapping(interaction, where)
        request = _mapping(interaction.get("request"), f"{where}: its request")
        response = _mapping(interaction.get("response"), f"{where}: its response")
        host, path, query = _split(str(_required(request, "uri", f"{where}: its request")))
        status = _required(response, "status", f"{where}: its response")
        code = status.get("code") if isinstance(status, dict) else status
        exchanges.append(Exchange(
            method=str(request.get("method", "get")).upper(), path=path, query=query, host=host,
            request_headers=_vcr_headers(request.get("headers")),
            request_body=_vcr_body(request.get("body")),
            status=_status(code, where),
            response_headers=_vcr_headers(response.get("headers")),
            response_body=_vcr_body(response.get("body")),
            recorded_at=_seconds(interaction.get("recorded_at")), label=f"{name}#{index}",
        ))  # fmt: skip
    return exchanges


def _har_headers(headers: Any) -> dict[str, str]:
    return {str(h.get("name")): str(h.get("value")) for h in headers or () if isinstance(h, dict)}


def from_har(document: dict[str, Any], name: str) -> list[Exchange]:
    exchanges = []
    for index, entry in enumerate(_items(document["log"].get("entries"), "log.entries")):
        where = f"entry #{index}"
        entry = _mapping(entry, where)
        request = _mapping(entry.get("request"), f"{where}: its request")
        response = _mapping(entry.get("response") or {}, f"{where}: its response")
        host, path, query = _split(str(_required(request, "url", f"{where}: its request")))
        content = response.get("content") or {}
        body = _text(content.get("text"))
        if content.get("encoding") == "base64":
            body = base64.b64decode(body)
        exchanges.append(Exchange(
            method=str(request.get("method", "GET")).upper(), path=path, query=query, host=host,
            request_headers=_har_headers(request.get("headers")),
            request_body=_text((request.get("postData") or {}).get("text")),
            status=_status(response.get("status", 0), where) or None,
            response_headers=_har_headers(response.get("headers")), response_body=body,
            recorded_at=_seconds(entry.get("startedDateTime")), label=f"{name}#{index}",
        ))  # fmt: skip
    return exchanges


def from_journal(document: dict[str, Any], name: str) -> list[Exchange]:
    exchanges = []
    for index, entry in enumerate(document["entries"]):
        where = f"entry #{index}"
        entry = _mapping(entry, where)
        kind = entry.get("content_type")
        exchanges.append(Exchange(
            method=str(_required(entry, "method", where)).upper(),
            path=str(_required(entry, "path", where)), query=str(entry.get("query") or ""),
            request_headers={"Content-Type": kind} if kind else {},
            request_body=_text(entry.get("body")),
            status=_status(_required(entry, "status", where), where),
            recorded_at=float(entry["time"]) if entry.get("time") is not None else None,
            label=f"{name}#{index}",
        ))  # fmt: skip
    return exchanges


def from_corpus(document: dict[str, Any], path: Path) -> list[Exchange]:
    exchanges = []
    for entry in document["recordings"]:
        request_path = entry.get("request_path") or entry["path_template"]
        _host, only_path, query = _split(request_path)
        body = entry.get("request_body")
        # Corpus entries keep the body as published, without its Content-Type: JSON or a form.
        kind = JSON if isinstance(body, dict) or str(body).lstrip().startswith("{") else FORM
        exchanges.append(Exchange(
            method=str(entry.get("method") or "GET").upper(), path=only_path, query=query,
            request_body=_text(json.dumps(body)) if isinstance(body, dict) else _text(body),
            request_headers={"Content-Type": kind} if body is not None else {},
            status=int(entry["status"]),
            response_headers={"Content-Type": JSON},
            response_body=(path.parent / entry["file"]).read_bytes(),
            recorded_at=_seconds(entry.get("recorded_at")), label=entry["file"],
            placeholders=tuple(entry.get("placeholders", ())),
        ))  # fmt: skip
    return exchanges


def read_recording(path: Path) -> tuple[str, list[Exchange]]:
    """(format, exchanges) of a recording file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordingError(
            f"{path}: cannot read it: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    try:
        document = json.loads(text)
    except ValueError:
        try:
            document = yaml.load(text, Loader=CassetteLoader)
        except yaml.YAMLError as exc:
            problem = str(getattr(exc, "problem", "") or "").strip()
            raise RecordingError(f"{path}: neither JSON nor YAML ({problem})" if problem
                                 else f"{path}: neither JSON nor YAML") from None  # fmt: skip
    name = path.name
    try:
        if isinstance(document, dict) and "http_interactions" in document:
            return "cassette", from_cassette(document, name)
        if isinstance(document, dict) and isinstance(document.get("log"), dict):
            return "har", from_har(document, name)
        if isinstance(document, dict) and isinstance(document.get("entries"), list):
            return "journal", from_journal(document, name)
        if isinstance(document, dict) and isinstance(document.get("recordings"), list):
            return "corpus", from_corpus(document, path)
    except RecordingError as exc:
        raise RecordingError(f"{path}: {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError, OSError) as exc:
        raise RecordingError(
            f"{path}: a malformed recording ({type(exc).__name__}: {exc})"
        ) from None
    raise RecordingError(
        f"{path}: not a VCR cassette, a HAR file, a journal export or a corpus manifest"
    )


def _cassette_body(body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    try:
        return {"encoding": "UTF-8", "string": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"encoding": "ASCII-8BIT", "base64_string": base64.b64encode(body).decode()}


def cassette(exchanges: list[Exchange], upstream: str) -> str:
    """A VCR cassette (the format `from_cassette` reads) of exchanges sent to `upstream`."""
    from datetime import UTC, datetime

    interactions = []
    for exchange in exchanges:
        uri = (
            upstream.rstrip("/") + exchange.path + (f"?{exchange.query}" if exchange.query else "")
        )
        when = datetime.fromtimestamp(exchange.recorded_at or 0, UTC)
        interactions.append({
            "request": {
                "method": exchange.method.lower(), "uri": uri,
                "body": _cassette_body(exchange.request_body, exchange.request_headers),
                "headers": {k: [v] for k, v in exchange.request_headers.items()},
            },
            "response": {
                "status": {"code": exchange.status, "message": ""},
                "headers": {k: [v] for k, v in exchange.response_headers.items()},
                "body": _cassette_body(exchange.response_body or b"", exchange.response_headers),
            },
            "recorded_at": format_datetime(when, usegmt=True),
        })  # fmt: skip
    document = {"http_interactions": interactions, "recorded_with": "tesla-mock record"}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
