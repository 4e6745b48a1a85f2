"""What an error answer's `error_description` says: what was wrong and what to do, on one line.

The `error` field stays what the real API answers (clients parse it); the description carries
the help. Everything here runs only once an error has happened (tesla_mock/errors.py, the
handlers, the edge), never on a request that succeeds. The forms and values a text names are
read from the specs (spec/tesla-charging.yaml, spec/mock-admin.yaml), not kept here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from tesla_mock.proxy import VIN_LENGTH
from tesla_mock.routes import HTTP_METHODS
from tesla_mock.schedules import DAY_NAME_BITS
from tesla_mock.specs import ADMIN_BASE_PATH, MOUNTS, load_spec

# Where a client finds the names these texts ask for.
CARS_LISTED_AT = "GET /api/1/products"
VEHICLE_API_PATHS = "/openapi.json (Swagger UI: /ui/)"
ADMIN_API_PATHS = f"{ADMIN_BASE_PATH}/openapi.json (Swagger UI: {ADMIN_BASE_PATH}/ui/)"
# Probes for what a parameter's pattern takes: a VIN (the spec's example) and a car's numeric id
# (16 digits: a 17-digit one would pass for a VIN).
VIN_PROBE = "5YJ3E1EA7KF317000"
NUMERIC_ID_PROBE = "1369187040095801"
VIN_FORM = f"{VIN_LENGTH} upper-case letters and digits, without I, O or Q"
# How much of a client's value a text quotes.
SHOWN_CHARS = 100

JSON_WANTED = (
    "send JSON with Content-Type: application/json (curl -d sends "
    "application/x-www-form-urlencoded unless given -H 'Content-Type: application/json'; "
    "curl --json sets both)"
)
FORM_ENCODED_JSON = f"the body arrived form-encoded but reads as JSON: {JSON_WANTED}"
ADMIN_TOKEN_WANTED = (
    f"the admin API ({ADMIN_BASE_PATH}) takes the admin token: Authorization: Bearer "
    "<admin token>, the value of tesla-mock --admin-token (or TESLA_MOCK_ADMIN_TOKEN), which "
    "the start-up banner prints; an account's token works on the vehicle API only"
)


def shown(value: Any) -> str:
    """A client's value as a text quotes it: its repr, cut at SHOWN_CHARS characters."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 3] + "..."


# -- texts of the vehicle API ------------------------------------------------------------------
def unknown_vehicle(key: str) -> str:
    """A 404 for a car the account does not have (another account's car reads the same)."""
    return f"no vehicle {key} in this account: use an id_s or vin that {CARS_LISTED_AT} lists"


def unknown_path(method: str, path: str, *, shaped_like_a_served_path: bool) -> str:
    """A 404 for a path neither API serves (`shaped_like_a_served_path`: it would be one, but a
    path parameter is not of its type)."""
    paths = ADMIN_API_PATHS if is_admin_path(path) else VEHICLE_API_PATHS
    if len(path) > SHOWN_CHARS or not path.isprintable():
        path = shown(path)
    if shaped_like_a_served_path:
        return f"{method} {path}: a path parameter is not of its type; see {paths}"
    return f"no such path: {method} {path}; the paths served are in {paths}"


def wrong_method(method: str, allowed: list[str]) -> str:
    return f"{method} is not served here; this path takes {', '.join(allowed)}"


def is_admin_path(path: str) -> bool:
    return path == ADMIN_BASE_PATH or path.startswith(ADMIN_BASE_PATH + "/")


def vehicle_data_sections() -> tuple[str, ...]:
    """The `endpoints` values of vehicle_data, as the spec's pattern lists them."""
    operation = next(op for op in _operations() if op.operation_id == "get_vehicle_data")
    (endpoints,) = (p for p in operation.parameters if p["name"] == "endpoints")
    listed = separated_choices(endpoints["schema"]["pattern"])
    assert listed is not None, "the endpoints pattern is no longer a list of names"
    return listed[1]


def unaccepted_value(where: str, value: str, choices: tuple[str, ...], separator: str) -> str:
    """A value made of `separator`-separated names, one of which is not among `choices`."""
    names = value.split(separator)
    wrong = next((name for name in names if name not in choices), value)
    named = "" if wrong == value else f" names {shown(wrong)}, which"
    return (
        f"{where}: {shown(value)}{named} does not match any accepted value; give one or more of "
        f"{', '.join(choices)}, separated by '{separator}'"
    )


def day_names_wanted() -> str:
    """What `days_of_week` takes, for the description beside `unrecognized day name: X`."""
    by_bit: dict[int, list[str]] = {}
    for name, bits in DAY_NAME_BITS.items():
        by_bit.setdefault(bits, []).append(name)
    names = ", ".join(" or ".join(spellings) for spellings in by_bit.values())
    return (
        f"days_of_week takes day names separated by commas, in any case: {names}; "
        "or, except through Tesla's proxy, the bitmask as a number (Sunday 1 ... Saturday 64)"
    )


# -- parameters, as connexion refused them -----------------------------------------------------
@dataclass(frozen=True)
class Operation:
    """One operation of a spec: its method, its full path (with the API's mount) as a regex
    with a group per path parameter, its parameters ($refs resolved) and the fields of its JSON
    body."""

    method: str
    template: str
    regex: re.Pattern[str]
    operation_id: str
    parameters: tuple[dict[str, Any], ...]
    body_fields: tuple[str, ...]


def operation_for(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    """The documented operation `method path` reaches, with its path parameters' values; a path
    without parameters wins over templates that also match it, as in the router."""
    for operation in _operations():
        if operation.method == method:
            match = operation.regex.fullmatch(path)
            if match is not None:
                return operation, match.groupdict()
    return None


def parameter_refusal(location: str, parameter: dict[str, Any], value: Any, why: str) -> str:
    """One line saying which parameter was refused and what it takes; `why` is the first line
    of the validator's message."""
    name = parameter["name"]
    where = f"{location} parameter '{name}'"
    pattern = parameter.get("schema", parameter).get("pattern")
    if pattern is None or not isinstance(value, str) or re.search(pattern, value):
        return f"{where}: {why}"  # a refusal the validator's first line says well enough
    listed = separated_choices(pattern)
    if listed is not None:
        separator, choices = listed
        return unaccepted_value(where, value, choices, separator)
    takes_vin = re.search(pattern, VIN_PROBE) is not None
    if takes_vin and re.search(pattern, value.upper()):
        return (
            f"{where}: {shown(value)} is a VIN in lower case; VINs are {VIN_FORM}: "
            f"{shown(value.upper())}"
        )
    if takes_vin and re.search(pattern, NUMERIC_ID_PROBE):
        return (
            f"{where}: {shown(value)} is neither a car's numeric id (digits: its id_s) nor its "
            f"VIN ({VIN_FORM}); {CARS_LISTED_AT} lists both"
        )
    if takes_vin:
        return f"{where}: {shown(value)} is not a VIN ({VIN_FORM})"
    example = _example(parameter)
    form = f"for example {shown(example)}" if example is not None else f"matching {pattern}"
    return f"{where}: {shown(value)} is not of the form it takes, {form}"


def extra_query_refusal(detail: str, operation: Operation) -> str:
    """connexion's `Extra query parameter(s) ... not in spec`, with the ones the path takes."""
    names = [p["name"] for p in operation.parameters if p["in"] == "query"]
    takes = f"it takes only {', '.join(names)}" if names else "it takes no query parameters"
    return f"{detail}; {takes}"


def looks_like_json(form_names: str) -> bool:
    """True when what a form parser read as field names (connexion joins them with `,`, in no
    set order) is JSON text: a JSON body sent as `application/x-www-form-urlencoded`. Each `&`
    or `=` in the JSON splits it, so no piece need be JSON itself; but form fields are not
    named with braces, brackets or quotes."""
    text = form_names.strip()
    if any(mark in text for mark in '{}[]"'):
        return True
    try:
        json.loads(text)  # `null`, `true`, a number, a quoted string: no field's name
    except ValueError:
        return False
    return True


def separated_choices(pattern: str) -> tuple[str, tuple[str, ...]] | None:
    """(separator, names) when `pattern` is `^(a|b|c)(S(a|b|c))*$`: one or more names from a
    list, separated by S; None for any other pattern."""
    match = re.fullmatch(r"\^\(([\w|]+)\)\((.)\(([\w|]+)\)\)\*\$(\(\?!(\\n|\n)\))?", pattern)
    if match is None or match[1] != match[3]:
        return None
    return match[2], tuple(match[1].split("|"))


def _example(parameter: dict[str, Any]) -> Any:
    if "example" in parameter:
        return parameter["example"]
    for example in parameter.get("examples", {}).values():
        return example.get("value")
    return None


@cache
def _operations() -> tuple[Operation, ...]:
    operations = []
    for spec_file, base_path in MOUNTS:
        spec = load_spec(spec_file)
        shared = spec.get("components", {}).get("parameters", {})
        for template, item in spec["paths"].items():
            for method, operation in item.items():
                if method not in HTTP_METHODS:
                    continue
                declared = [*item.get("parameters", ()), *operation.get("parameters", ())]
                resolved = {}
                for parameter in declared:
                    if "$ref" in parameter:
                        parameter = shared[parameter["$ref"].rsplit("/", 1)[-1]]
                    resolved[(parameter["name"], parameter["in"])] = parameter  # the last wins
                full = base_path + template
                operations.append(
                    Operation(
                        method.upper(),
                        full,
                        _template_regex(full),
                        operation["operationId"],
                        tuple(resolved.values()),
                        _body_fields(spec, operation),
                    )
                )
    return tuple(sorted(operations, key=lambda operation: "{" in operation.template))


def _body_fields(spec: dict[str, Any], operation: dict[str, Any]) -> tuple[str, ...]:
    """The top-level fields of an operation's JSON body schema (none when it has no such body)."""
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return tuple(schema.get("properties", {}))


def _template_regex(template: str) -> re.Pattern[str]:
    # re.split with a group: the text between parameters at even indices, names at odd ones.
    parts = re.split(r"\{([^/}]+)\}", template)
    return re.compile(
        "".join(
            f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part)
            for index, part in enumerate(parts)
        )
    )
