"""Small spec pairs for the gate's tests: one base document and ways to change it."""

from __future__ import annotations

import copy
from typing import Any

from tesla_mock.release.changes import Change, Impact
from tesla_mock.release.specdiff import diff_specs

BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Cars", "version": "1.0.0", "description": "Small."},
    "security": [{"bearerAuth": []}],
    "paths": {
        "/cars/{id}": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": {
                "operationId": "get_car",
                "tags": ["cars"],
                "summary": "One car",
                "parameters": [
                    {
                        "name": "fields",
                        "in": "query",
                        "schema": {
                            "type": "string",
                            "enum": ["all", "charge"],
                            "pattern": "^(all|charge)$",
                        },
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The car.",
                        "headers": {"X-Age": {"schema": {"type": "integer"}}},
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Car"}}
                        },
                    },
                    "404": {"$ref": "#/components/responses/NotFound"},
                },
            },
        },
        "/cars/{id}/limit": {
            "post": {
                "operationId": "set_limit",
                "tags": ["charging"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["percent"],
                                "properties": {
                                    "percent": {"type": "integer", "minimum": 50, "maximum": 100},
                                    "note": {"type": "string", "maxLength": 20},
                                },
                            }
                        }
                    },
                },
                "responses": {"200": {"description": "Done."}},
            }
        },
    },
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        "responses": {"NotFound": {"description": "No such car."}},
        "schemas": {
            "Car": {
                "type": "object",
                "required": ["id", "state"],
                "properties": {
                    "id": {"type": "integer"},
                    "state": {"type": "string", "enum": ["online", "asleep"]},
                    "name": {"type": "string"},
                    "charging": {"$ref": "#/components/schemas/ChargingState"},
                    "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
                },
            },
            "ChargingState": {
                "anyOf": [{"$ref": "#/components/schemas/KnownChargingState"}, {"type": "string"}]
            },
            "KnownChargingState": {"type": "string", "enum": ["Charging", "Stopped"]},
            # Recursive: a part may have parts.
            "Part": {
                "type": "object",
                "properties": {
                    "label": {"type": "string"},
                    "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
                },
            },
        },
    },
}


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def car(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]["Car"]


def limit_body(spec: dict[str, Any]) -> dict[str, Any]:
    post = spec["paths"]["/cars/{id}/limit"]["post"]
    return post["requestBody"]["content"]["application/json"]["schema"]  # type: ignore[no-any-return]


def query_parameter(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["paths"]["/cars/{id}"]["get"]["parameters"][0]  # type: ignore[no-any-return]


def changes_after(edit: Any) -> list[Change]:
    """The changes from BASE to BASE edited by `edit(spec)`."""
    new = base()
    edit(new)
    return diff_specs(base(), new)


def only(changes: list[Change]) -> Change:
    """The one change that is not documentation."""
    found = [change for change in changes if change.impact is not Impact.DOCS]
    assert len(found) == 1, [change.line() for change in found]
    return found[0]
