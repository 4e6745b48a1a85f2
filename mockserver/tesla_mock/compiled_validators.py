"""Request and response validators that ask a compiled jsonschema_rs validator first.

connexion's documented hook for its validators is `validator_map` (`add_api(validator_map=)`);
`validator_map(compiler)` below is this app's. Each validator here may only *accept*: when the
compiled validator is not sure, or the value is bad, connexion's own validator runs and decides,
so errors keep connexion's messages (tests/server/test_fastpath_differential.py).

Each class overrides the method of the connexion validator it extends that does the check
itself: `validate_parameter` and `validate` for parameters (public), `_validate` for bodies and
responses (connexion offers no public one: a connexion upgrade must keep
tests/server/test_fastpath_differential.py green, and connexion making `_validate` public
would end this reliance).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from typing import Any

import jsonschema_rs
from connexion.datastructures import MediaTypeDict
from connexion.lifecycle import ConnexionRequest
from connexion.validators import (
    VALIDATOR_MAP,
    FormDataValidator,
    JSONRequestBodyValidator,
    JSONResponseBodyValidator,
    ParameterValidator,
)
from jsonschema import Draft4Validator
from starlette.types import Scope

logger = logging.getLogger(__name__)


# Accepted (query string, path parameters) pairs remembered per operation: the bound keeps a
# client that sends ever new query strings from growing the server; past it the least recently
# used is dropped. Longer query strings are never remembered.
ACCEPTED_URIS_PER_OPERATION = 1024
LONGEST_REMEMBERED_QUERY = 512
SCALAR_TYPES = frozenset({"string", "integer", "number", "boolean"})


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


def validator_map(
    compiler: SchemaCompiler, *, json_body: type[JSONRequestBodyValidator] | None = None
) -> dict[str, Any]:
    """connexion's validator_map, each validator trying `compiler` before itself. `json_body`:
    a subclass of FastJSONBodyValidator to validate JSON bodies with instead."""
    bound = {"compiler": compiler}
    return {
        "parameter": type("Parameters", (FastParameterValidator,), bound),
        "body": MediaTypeDict(
            {
                **VALIDATOR_MAP["body"],
                "*/*json": type("JSONBody", (json_body or FastJSONBodyValidator,), bound),
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
    validator serves every request of an operation, remembering what it accepted.

    An operation whose parameters are all in the path and the query, each of a scalar type,
    is judged on two things only: the route's path parameters and the raw query string. Its
    validation is then a pure function of them, so one acceptance can serve every later
    request that sends the same two (`functools.lru_cache` keeps no exception: a refused
    request is judged afresh each time, with connexion's message).
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
            self._accepted(query_string, tuple(scope.get("path_params", {}).items()))
        else:
            self.validate_request(ConnexionRequest(scope, uri_parser=self.uri_parser))

    def _validate_uri(self, query_string: bytes, path_params: tuple[tuple[str, Any], ...]) -> None:
        # All that ConnexionRequest reads of a request without header or cookie parameters.
        uri_only = {
            "type": "http",
            "headers": [],
            "query_string": query_string,
            "path_params": dict(path_params),
        }
        self.validate_request(ConnexionRequest(uri_only, uri_parser=self.uri_parser))

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
    to immutable values (so that remembering their acceptance is sound)."""
    if set(parameters) - {"path", "query"}:
        return False
    return all(
        param.get("schema", param).get("type") in SCALAR_TYPES
        for located in parameters.values()
        for param in located
    )


class FastJSONBodyValidator(JSONRequestBodyValidator):
    compiler: SchemaCompiler

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
