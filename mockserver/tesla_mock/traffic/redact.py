"""Redaction of recorded exchanges: nothing that identifies an account, a car or a place is
written.

* tokens: `Authorization` and other credential headers, cookies, and body fields named like
  tokens (`access_token`, `refresh_token`, `tokens`, ...) become `REDACTED`;
* VINs (any 17-character VIN-shaped string, wherever it is: path, query, body) and ids (fields
  `id`, `vehicle_id`, `user_id`, `id_s`, `energy_site_id`, ... and long numbers in paths)
  are replaced by stand-ins, **consistently**: the same VIN or id gets the same stand-in in
  every exchange, in a path and in a body, so that a recording still replays;
* locations: every field whose name holds `latitude` or `longitude` becomes 0.0.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from tesla_mock.traffic.recordings import FORM, Exchange

REDACTED = "REDACTED"
VIN = re.compile(r"\b[A-HJ-NPR-Z0-9]{17}\b")
# In free text: a VIN, or a number of 6 to 19 digits standing alone (an id).
IDENTIFIER = re.compile(r"(?<![0-9A-Za-z])(?:[A-HJ-NPR-Z0-9]{17}|[0-9]{6,19})(?![0-9A-Za-z])")
SECRET_HEADERS = ("authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key")
ID_FIELDS = {"id", "id_s", "vehicle_id", "user_id", "energy_site_id", "asset_site_id",
             "gateway_id", "site_id", "warp_site_number"}  # fmt: skip
FIRST_ID = 1_000_000_000_000_001


def secret_field(name: str) -> bool:
    lowered = name.lower()
    return "token" in lowered or lowered in ("password", "secret", "client_secret", "code")


class Redactor:
    """Replaces identifying values; one per recording, so stand-ins stay consistent."""

    def __init__(self) -> None:
        self.vins: dict[str, str] = {}
        self.ids: dict[str, str] = {}

    def vin(self, value: str) -> str:
        if value not in self.vins:
            self.vins[value] = f"5YJ3E1EA0TF{len(self.vins) + 1:06d}"
        return self.vins[value]

    def number(self, value: str) -> str:
        if value not in self.ids:
            self.ids[value] = str(FIRST_ID + len(self.ids))
        return self.ids[value]

    def text(self, value: str) -> str:
        """VINs and long numbers inside free text (a path, a query value)."""

        def stand_in(match: re.Match[str]) -> str:
            found = match.group()
            return self.number(found) if found.isdigit() else self.vin(found)

        return IDENTIFIER.sub(stand_in, value)  # one pass: a stand-in is not replaced again

    def value(self, key: str, value: Any) -> Any:
        if secret_field(key):
            return [REDACTED for _ in value] if isinstance(value, list) else (
                REDACTED if value not in (None, "") else value)  # fmt: skip
        lowered = key.lower()
        if ("latitude" in lowered or "longitude" in lowered) and isinstance(value, int | float):
            return 0.0
        if lowered in ID_FIELDS and isinstance(value, int) and not isinstance(value, bool):
            return int(self.number(str(value)))
        if lowered in ID_FIELDS and isinstance(value, str) and value.isdigit():
            return self.number(value)
        if isinstance(value, str) and VIN.fullmatch(value) and not value.isdigit():
            return self.vin(value)
        return self.body(value)

    def body(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.value(str(k), v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.body(item) for item in value]
        if isinstance(value, str) and VIN.fullmatch(value) and not value.isdigit():
            return self.vin(value)
        return value

    def payload(self, raw: bytes | None, content_type: str) -> bytes | None:
        if not raw:
            return raw
        if content_type == FORM:
            fields = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
            return urlencode([(k, self.value(k, v)) for k, v in fields]).encode()
        try:
            document = json.loads(raw)
        except ValueError:
            return self.text(raw.decode("utf-8", "replace")).encode()  # text: VINs, numbers
        return json.dumps(self.body(document), ensure_ascii=False).encode()

    def headers(self, headers: dict[str, str]) -> dict[str, str]:
        return {
            name: (f"Bearer {REDACTED}" if name.lower() == "authorization" else REDACTED)
            if name.lower() in SECRET_HEADERS or secret_field(name) else value
            for name, value in headers.items()
        }  # fmt: skip

    def exchange(self, exchange: Exchange) -> Exchange:
        query = urlencode(
            [(k, REDACTED if secret_field(k) else self.text(v))
             for k, v in parse_qsl(exchange.query, keep_blank_values=True)]
        )  # fmt: skip
        return replace(
            exchange,
            path=self.text(exchange.path),
            query=query,
            host="",
            request_headers=self.headers(exchange.request_headers),
            request_body=self.payload(exchange.request_body, exchange.request_type) or b"",
            response_headers=self.headers(exchange.response_headers),
            response_body=self.payload(exchange.response_body, exchange.response_type),
        )
