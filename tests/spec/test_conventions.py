"""Conventions every operation follows: the error envelope, Retry-After, bearer authentication."""

import pytest

from tests.spec import oas

ERROR_REF = "#/components/schemas/Error"
# spec -> the security scheme every operation must require
SCHEMES = {oas.VEHICLE_SPEC: "bearerAuth", oas.ADMIN_SPEC: "adminToken"}
# The operations anyone may call without a token: the admin API's health check (for readiness
# probes), and nothing of the vehicle API.
PUBLIC = {oas.VEHICLE_SPEC: set(), oas.ADMIN_SPEC: {"GET /health"}}


def _responses(doc):
    for route, method, operation in oas.operations(doc):
        for status, response in operation["responses"].items():
            yield f"{method.upper()} {route} {status}", status, oas.deref(doc, response)


def _is_error(status):
    return status[0] in "45"  # 4xx, 5xx, 400..599


# The Fleet API's exceptions to the envelope, each as the real one answers: 423 (account
# locked) has no body, and 429 is the text `Retry in N seconds` (the JSON envelope stays
# documented beside it for the Owner API and the mock's `body: json` faults).
BODILESS = {"423"}
TEXT_TOO = {"429": "text/plain"}


@pytest.mark.parametrize("path", oas.ALL_SPECS, ids=lambda p: p.name)
def test_error_responses_use_the_error_envelope(path):
    doc = oas.load(path)
    wrong, checked = [], 0
    for name, status, response in _responses(doc):
        if not _is_error(status):
            continue
        content = dict(response.get("content", {}))
        if status in BODILESS:
            if content:
                wrong.append(f"{name}: has a body, the real one has none")
            checked += 1
            continue
        if status in TEXT_TOO:
            text = content.pop(TEXT_TOO[status], None)
            if text is None or text.get("schema", {}).get("type") != "string":
                wrong.append(f"{name}: no {TEXT_TOO[status]} string body")
        if set(content) != {"application/json"}:
            wrong.append(f"{name}: content types {sorted(content)}, not application/json")
            continue
        schema = content["application/json"].get("schema", {})
        if schema != {"$ref": ERROR_REF}:
            wrong.append(f"{name}: schema {schema}, not {ERROR_REF}")
        checked += 1
    assert checked > 0
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", oas.ALL_SPECS, ids=lambda p: p.name)
def test_error_envelope_shape(path):
    """`{"response": null, "error": str, "error_description": str}`."""
    error = oas.resolve_all(oas.load(path))["components"]["schemas"]["Error"]
    assert error["type"] == "object"
    assert "error" in error["required"]
    valid = {"response": None, "error": "not_found", "error_description": ""}
    assert oas.schema_errors(error, valid) == []
    assert oas.schema_errors(error, {**valid, "response": {}})
    assert oas.schema_errors(error, {**valid, "error": None})
    assert oas.schema_errors(error, {"response": None})


@pytest.mark.parametrize("path", oas.ALL_SPECS, ids=lambda p: p.name)
def test_429_documents_retry_after(path):
    doc = oas.load(path)
    wrong = []
    for name, status, response in _responses(doc):
        if status != "429":
            continue
        headers = {key.lower(): oas.deref(doc, h) for key, h in response.get("headers", {}).items()}
        header = headers.get("retry-after")
        if header is None:
            wrong.append(f"{name}: no Retry-After header")
        elif oas.resolve_all(doc, header.get("schema", {})).get("type") != "integer":
            wrong.append(f"{name}: Retry-After is not an integer number of seconds")
    assert not wrong, "\n".join(wrong)


def test_vehicle_api_documents_429_everywhere():
    """The Retry-After check above is not vacuous for the vehicle API: every operation can be
    rate limited."""
    doc = oas.load(oas.VEHICLE_SPEC)
    without = [
        op["operationId"] for _, _, op in oas.operations(doc) if "429" not in op["responses"]
    ]
    assert not without


@pytest.mark.parametrize("path", oas.ALL_SPECS, ids=lambda p: p.name)
def test_every_operation_requires_the_bearer_scheme(path):
    doc = oas.load(path)
    scheme_name = SCHEMES[path]
    scheme = doc["components"]["securitySchemes"][scheme_name]
    assert (scheme["type"], scheme["scheme"].lower()) == ("http", "bearer")
    wrong, public = [], set()
    for route, method, operation in oas.operations(doc):
        requirements = oas.effective_security(doc, operation)
        if requirements == [] and "security" in operation:  # said so on the operation itself
            public.add(f"{method.upper()} {route}")
        # Each alternative must include the scheme; an empty one would make it optional.
        elif not requirements or any(scheme_name not in r for r in requirements):
            wrong.append(f"{method.upper()} {route}: security {requirements}")
    assert not wrong, "\n".join(wrong)
    assert public == PUBLIC[path]
