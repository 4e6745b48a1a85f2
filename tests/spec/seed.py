"""Parser for the seed endpoint list, a text dump of the charging section of the API docs.

The dump looks like this (blank lines and indentation do not matter):

    Charging                                    <- anything before the first endpoint
    POST /api/1/vehicles/{id}/command/set_charge_limit
    /api/1/vehicles/{id}/command/set_charge_limit   <- the path again
    Sets the charge limit to a custom value.    <- summary
    Parameters                                  <- optional block, until `Response`
    percent                                     <- name
    75                                          <- example value
    The percentage the battery will charge until.   <- description
    Response
    ...                                         <- ignored up to the next endpoint
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.spec.oas import REPO

# The source document the spec was written from, kept with the spec so a bare clone can check
# against it; the team's original lives in ../shared/seed/ (test_seed_coverage compares them).
SEED_FILE = REPO / "spec" / "seed" / "charging-endpoints.txt"
SHARED_SEED_FILE = REPO.parent / "shared" / "seed" / "charging-endpoints.txt"

ENDPOINT_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/\S*)$")
PARAMETERS_LINE = re.compile(r"^parameters:?$", re.IGNORECASE)
RESPONSE_LINE = re.compile(r"^responses?:?$", re.IGNORECASE)
PARAMETER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SeedFormatError(ValueError):
    pass


@dataclass(frozen=True)
class SeedParameter:
    name: str
    example: str  # as written
    description: str

    @property
    def value(self) -> Any:
        """The example as a typed value (`75` -> 75, `true` -> True)."""
        return yaml.safe_load(self.example)


@dataclass
class SeedEndpoint:
    method: str
    path: str
    summary: str = ""
    parameters: list[SeedParameter] = field(default_factory=list)

    @property
    def last_segment(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]


def _parse_parameters(lines: list[str], where: str) -> list[SeedParameter]:
    if len(lines) % 3:
        raise SeedFormatError(
            f"{where}: the Parameters block has {len(lines)} lines, not name/example/description"
            f" triples: {lines}"
        )
    parameters = []
    for index in range(0, len(lines), 3):
        name, example, description = lines[index : index + 3]
        if not PARAMETER_NAME.match(name):
            raise SeedFormatError(f"{where}: {name!r} is not a parameter name")
        parameters.append(SeedParameter(name, example, description))
    return parameters


def parse_seed(text: str) -> list[SeedEndpoint]:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    starts = [index for index, line in enumerate(lines) if ENDPOINT_LINE.match(line)]
    endpoints = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        method, path = ENDPOINT_LINE.match(lines[start]).groups()  # type: ignore[union-attr]
        where = f"{method} {path}"
        section = lines[start + 1 : end]
        if section and section[0] == path:
            section = section[1:]
        endpoint = SeedEndpoint(method, path)
        block_start = next(
            (i for i, line in enumerate(section) if PARAMETERS_LINE.match(line)), None
        )
        head_end = block_start
        if block_start is not None:
            block_end = next(
                (
                    i
                    for i in range(block_start + 1, len(section))
                    if RESPONSE_LINE.match(section[i])
                ),
                None,
            )
            if block_end is None:
                raise SeedFormatError(f"{where}: Parameters without a following Response line")
            endpoint.parameters = _parse_parameters(section[block_start + 1 : block_end], where)
        else:
            head_end = next(
                (i for i, line in enumerate(section) if RESPONSE_LINE.match(line)), None
            )
        endpoint.summary = " ".join(section[:head_end])
        names = [parameter.name for parameter in endpoint.parameters]
        if len(set(names)) != len(names):
            raise SeedFormatError(f"{where}: a parameter is listed twice: {names}")
        endpoints.append(endpoint)
    return endpoints


def load_seed(path: Path = SEED_FILE) -> list[SeedEndpoint]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing")
    return parse_seed(path.read_text(encoding="utf-8"))
