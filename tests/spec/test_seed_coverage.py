"""Every endpoint and parameter of the seed list is in the spec, JSON and form-encoded."""

import re

import pytest

from tests.spec import oas
from tests.spec.seed import SEED_FILE, SHARED_SEED_FILE, SeedFormatError, load_seed, parse_seed

SEED = load_seed()
SPEC = oas.load(oas.VEHICLE_SPEC)
RESOLVED = oas.resolve_all(SPEC)
JSON, FORM = "application/json", "application/x-www-form-urlencoded"


def _operation(endpoint):
    item = RESOLVED["paths"].get(endpoint.path)
    assert item is not None, f"{endpoint.path} is not in the spec"
    operation = item.get(endpoint.method.lower())
    assert operation is not None, f"{endpoint.method} {endpoint.path} is not in the spec"
    return operation


def _body_schema(endpoint, media_type):
    content = _operation(endpoint).get("requestBody", {}).get("content", {})
    assert media_type in content, f"{endpoint.method} {endpoint.path} does not accept {media_type}"
    return content[media_type]["schema"]


# --- the parser


def test_seed_parser_finds_every_endpoint_line():
    text = SEED_FILE.read_text(encoding="utf-8")
    raw = re.findall(r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/\S*)\s*$", text, re.M)
    assert raw, "no `METHOD /path` line in the seed file"
    assert [(e.method, e.path) for e in SEED] == raw
    blocks = len(re.findall(r"^\s*Parameters\s*$", text, re.M))
    assert blocks == sum(1 for endpoint in SEED if endpoint.parameters) > 0
    assert all(endpoint.summary for endpoint in SEED)
    assert all(p.description for endpoint in SEED for p in endpoint.parameters)


def test_seed_parser_reads_a_parameter_block():
    text = (
        "Heading\r\n\r\n  POST /api/x/do_it  \r\n/api/x/do_it\r\nDoes it.\r\n"
        "Parameters\r\n\r\nlevel\r\n 7 \r\nHow much.\r\nflag\r\nfalse\r\nOn or off.\r\n"
        'Response\r\n{"response": 1}\r\nGET /api/x\r\n/api/x\r\nLists.\r\nResponse\r\n'
    )
    do_it, listing = parse_seed(text)
    assert (do_it.method, do_it.path, do_it.summary) == ("POST", "/api/x/do_it", "Does it.")
    assert [(p.name, p.value, p.description) for p in do_it.parameters] == [
        ("level", 7, "How much."),
        ("flag", False, "On or off."),
    ]
    assert (listing.method, listing.path, listing.parameters) == ("GET", "/api/x", [])
    assert do_it.last_segment == "do_it"


@pytest.mark.parametrize(
    "block",
    [
        "Parameters\nlevel\n7\nResponse\n",  # a line is missing
        "Parameters\nlevel\n7\nHow much.\n",  # no Response after the block
        "Parameters\nlevel 2\n7\nHow much.\nResponse\n",  # not a name
        "Parameters\na\n1\nA.\na\n2\nA again.\nResponse\n",  # listed twice
    ],
)
def test_seed_parser_rejects_a_malformed_block(block):
    with pytest.raises(SeedFormatError):
        parse_seed(f"POST /api/x\n/api/x\nDoes it.\n{block}")


# --- the spec covers the seed


@pytest.mark.parametrize("endpoint", SEED, ids=lambda e: e.last_segment)
def test_seed_endpoint_is_in_the_spec(endpoint):
    operation = _operation(endpoint)
    assert operation["operationId"] == endpoint.last_segment


SEED_PARAMETERS = [(e, p) for e in SEED for p in e.parameters]


@pytest.mark.parametrize(
    ("endpoint", "parameter"),
    SEED_PARAMETERS,
    ids=[f"{e.last_segment}.{p.name}" for e, p in SEED_PARAMETERS],
)
@pytest.mark.parametrize("media_type", [JSON, FORM])
def test_seed_parameter_is_a_body_property(endpoint, parameter, media_type):
    schema = _body_schema(endpoint, media_type)
    properties = schema.get("properties", {})
    assert parameter.name in properties, (
        f"{parameter.name} is not a property of the {media_type} body of {endpoint.path}"
    )
    prop = properties[parameter.name]
    assert prop.get("description"), f"{parameter.name} has no description"
    errors = oas.schema_errors(prop, parameter.value)
    assert not errors, f"seed example {parameter.example!r} of {parameter.name}: {errors}"
    # The whole seed parameter list, as a body, is valid too.
    body = {p.name: p.value for p in endpoint.parameters}
    assert not oas.schema_errors(schema, body)


def test_json_and_form_bodies_use_distinct_schemas():
    """openapi-python-client always sends the form body when both content types share one
    schema (upstream issue #1276): each form body needs its own component."""
    for _, _, operation in oas.operations(SPEC):
        body = oas.deref(SPEC, operation.get("requestBody", {}))
        content = body.get("content", {})
        if JSON in content and FORM in content:
            assert content[JSON]["schema"] != content[FORM]["schema"], operation["operationId"]


def test_schema_errors_reject_a_wrong_seed_value():
    """The property check can fail: a value out of range or of the wrong type is reported."""
    endpoint = next(e for e in SEED if e.last_segment == "set_charge_limit")
    prop = _body_schema(endpoint, JSON)["properties"]["percent"]
    assert oas.schema_errors(prop, 2**31)  # the car clamps, but only int32 reaches it
    assert oas.schema_errors(prop, "75")
    assert oas.schema_errors(prop, 75.0)  # draft 4: 75.0 is not an integer
    assert not oas.schema_errors(prop, 75)


def test_the_kept_seed_is_the_teams_original():
    if not SHARED_SEED_FILE.is_file():
        pytest.skip(f"no shared material beside this clone ({SHARED_SEED_FILE.parent})")
    assert SEED_FILE.read_bytes() == SHARED_SEED_FILE.read_bytes()
