"""The JSON writer of every answer, handlers' and error envelopes: connexion's Jsonifier, with
orjson.

connexion serialises with `json.dumps(data, cls=JSONEncoder)`, which builds a new encoder for
every answer, a fifth of what a `vehicle_data` request costs in-process. orjson writes the
same JSON values several times faster (figures in docs/benchmarks.md), compactly and in UTF-8
(the stdlib escapes non-ASCII characters; both are valid JSON for the same values).

What orjson would write differently from connexion's encoder is handed back to it: values of
types orjson does not know or should not handle itself (datetimes, dataclasses, subclasses of
str, int, dict and list), integers beyond 64 bits, non-string keys, and calls with options.
(Enums orjson writes as their values, as the stdlib does for str and int enums.)
"""

from __future__ import annotations

from typing import Any

import orjson
from connexion.jsonifier import Jsonifier

# Types orjson would serialise its own way are refused (TypeError) instead, so that connexion's
# JSONEncoder decides them as it always has.
_DEFER_TO_CONNEXION = (
    orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


class JsonWriter(Jsonifier):
    def dumps(self, data: Any, **kwargs: Any) -> str:
        if not kwargs:
            try:
                return orjson.dumps(data, option=_DEFER_TO_CONNEXION).decode() + "\n"
            except TypeError:
                pass
        return super().dumps(data, **kwargs)  # type: ignore[no-any-return]


# One writer serves the whole process: it holds no per-answer state.
JSON_WRITER = JsonWriter()
