"""Atlassian's openapi-diff (npm, pinned in package.json) as a second opinion on bodies.

openapi-diff compares what a request or response body accepts as sets of JSON values
(json-schema-diff) and says whether the set grew or shrank, without naming fields. The rules
(`schemas`) name the fields; openapi-diff confirms them, or adds a change they missed (it then
appears with the source `openapi-diff`).

It is slow on large schemas (over five minutes for `get_vehicle_data`'s answer on a 2-core
machine; 40 s to compare the whole spec with itself), so it only sees the bodies the rules found
changed, each as a small document of its own, one after the other, within a time limit: what
did not finish is listed in the report's notes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from tesla_mock.release.changes import Change, Impact
from tesla_mock.release.schemas import resolve
from tesla_mock.release.specdiff import Operation, SpecDiff

SOURCE = "openapi-diff"
DRIVER = Path(__file__).with_name("openapi_diff_pairs.js")
# A body's size is a poor predictor of openapi-diff's time on it (the measurements:
# docs/releasing.md). `make spec-check` therefore gives it every changed body, smallest first,
# within its time limit; `make test`'s run of the gate (tests/release/test_spec_gate.py) leaves
# bodies over MAX_NODES to the rules, to stay quick.
MAX_NODES = 300
# Each openapi-diff finding, as this project classifies it (openapi-diff calls a request body
# that accepts more, or a response body that promises more, non-breaking: it breaks servers).
CODES = {
    "request.body.scope.remove": (Impact.BREAKING_CLIENTS, "accepts less than before"),
    "response.body.scope.add": (Impact.BREAKING_CLIENTS, "may hold more than before"),
    "request.body.scope.add": (Impact.BREAKING_SERVERS, "accepts more than before"),
    "response.body.scope.remove": (Impact.BREAKING_SERVERS, "promises more than before"),
}


class OpenApiDiffMissing(RuntimeError):
    """node or the openapi-diff package is not installed."""


def node_modules_parent() -> Path:
    """Where `node_modules/openapi-diff` is: the working directory or this source checkout."""
    for candidate in (Path.cwd(), Path(__file__).resolve().parents[3]):
        if (candidate / "node_modules" / "openapi-diff").is_dir():
            return candidate
    raise OpenApiDiffMissing("openapi-diff is not installed (make setup runs npm ci)")


def body_document(spec: dict[str, Any], operation: Operation, path: str, label: str) -> Any:
    """A document holding only the body `label` (`request body (media)`, `200 response body`)
    of `operation`, under `path` (the same in both documents of a pair)."""
    media = label.split("(", 1)[1].rstrip(")") if "(" in label else None
    if label.startswith("request body"):
        body = resolve(spec, operation.raw.get("requestBody"))[0] or {}
        responses: dict[str, Any] = {"default": {"description": "-"}}
        content = body.get("content", {})
        media = media or next(iter(content))
        entry: dict[str, Any] = {"requestBody": {"content": {media: _schema_only(content[media])}}}
    else:
        status = label.split()[0]
        response = resolve(spec, operation.raw.get("responses", {}).get(status))[0] or {}
        content = response.get("content", {})
        media = media or next(iter(content))
        responses = {"-": {"description": "-", "content": {media: _schema_only(content[media])}}}
        responses = {status: responses["-"]}
        entry = {}
    entry["responses"] = responses
    schemas = spec.get("components", {}).get("schemas", {})
    return {
        "openapi": spec.get("openapi", "3.0.3"),
        "info": {"title": "-", "version": "0.0.0"},
        "paths": {path: {operation.method: entry}},
        "components": {"schemas": {name: schemas[name] for name in sorted(referenced(entry, spec))
                                   if name in schemas}},
    }  # fmt: skip


def referenced(
    node: Any, spec: dict[str, Any] | None = None, found: set[str] | None = None
) -> set[str]:
    """The component schemas `node` refers to, directly or not (only these go to openapi-diff:
    it dereferences every schema it is given, and gives up on recursive ones)."""
    found = set() if found is None else found
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[-1] not in found:
            found.add(ref.rsplit("/", 1)[-1])
            if spec is not None:
                referenced(resolve(spec, node)[0], spec, found)
        for value in node.values():
            referenced(value, spec, found)
    elif isinstance(node, list):
        for value in node:
            referenced(value, spec, found)
    return found


def _schema_only(media: dict[str, Any]) -> dict[str, Any]:
    """A media type without its examples (they may refer to components left out)."""
    return {"schema": media.get("schema", {})}


def run_pairs(pairs: list[dict[str, Any]], timeout: float) -> tuple[dict[str, Any], bool]:
    """openapi-diff's outcome per pair id; whether it finished within `timeout` seconds."""
    node = shutil.which("node")
    if node is None:
        raise OpenApiDiffMissing("node is not on PATH (openapi-diff needs it)")
    parent = node_modules_parent()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(pairs, handle)
    try:
        done = subprocess.run(
            [node, str(DRIVER), handle.name, str(parent)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        output, finished = done.stdout, True
    except subprocess.TimeoutExpired as exc:
        raw = exc.stdout or b""
        output, finished = raw.decode() if isinstance(raw, bytes) else raw, False
    finally:
        Path(handle.name).unlink(missing_ok=True)
    results = {}
    for line in output.splitlines():
        if line.startswith("{"):
            item = json.loads(line)
            results[item["id"]] = item
    return results, finished


def schema_nodes(spec: dict[str, Any], node: Any, seen: tuple[str, ...] = ()) -> int:
    """How many nodes a schema has with its `$ref`s expanded (docs left out): what makes
    openapi-diff slow."""
    node, name = resolve(spec, node)
    if name in seen:
        return 1
    seen = (*seen, name) if name else seen
    if isinstance(node, dict):
        return 1 + sum(schema_nodes(spec, v, seen) for k, v in node.items() if k not in SKIPPED)
    if isinstance(node, list):
        return 1 + sum(schema_nodes(spec, v, seen) for v in node)
    return 1


SKIPPED = ("description", "example", "examples", "title")


def second_opinion(
    differ: SpecDiff, timeout: float, max_nodes: int | None = MAX_NODES
) -> tuple[list[Change], list[str]]:
    """openapi-diff's findings on the bodies the rules found changed: the changes the rules
    missed, and notes (disagreement, what was too large, failed or did not finish), one per
    kind of note and body, naming the operations."""
    pairs, labels = [], {}
    noted: dict[tuple[str, str], list[str]] = defaultdict(list)  # (note, body) -> operations
    for index, (old_op, new_op, label) in enumerate(differ.changed_bodies):
        pair_id = str(index)
        source = body_document(differ.old, old_op, new_op.path, label)
        destination = body_document(differ.new, new_op, new_op.path, label)
        size = max(
            schema_nodes(differ.old, source["paths"]),
            schema_nodes(differ.new, destination["paths"]),
        )
        if max_nodes is not None and size > max_nodes:
            note = (f"skipped: over {max_nodes} schema nodes ({size}; such may take minutes; "
                    "make spec-check gives it every body)")  # fmt: skip
            noted[(note, label)].append(new_op.operation_id)
            continue
        labels[pair_id] = (new_op.operation_id, label)
        pairs.append({"id": pair_id, "size": size, "source": source, "destination": destination})
    pairs.sort(key=lambda pair: pair["size"])  # the small ones first, within the time limit
    results: dict[str, Any] = {}
    finished = True
    if pairs:
        try:
            results, finished = run_pairs(pairs, timeout)
        except OpenApiDiffMissing as exc:
            return [], [f"{exc}: body verdicts come from the rules alone"]
    extra: list[Change] = []
    for pair_id, (operation, label) in labels.items():
        item = results.get(pair_id)
        if item is None or "error" in item:
            note = f"failed: {item['error']}" if item else f"not finished within {timeout:g} s"
            noted[(note, label)].append(operation)
            continue
        outcome = item["outcome"]
        differences = [
            *outcome.get("breakingDifferences", ()),
            *outcome.get("nonBreakingDifferences", ()),
            *outcome.get("unclassifiedDifferences", ()),
        ]
        ruled = {c.impact for c in differ.changes if (c.operation, c.where) == (operation, label)}
        for difference in differences:
            code = difference.get("code", "")
            impact, what = CODES.get(code, (Impact.BREAKING_CLIENTS, "unclassified difference"))
            if impact not in ruled:
                extra.append(Change(impact, operation, label, "", f"{what} ({code})", SOURCE))
        if Impact.BREAKING_CLIENTS in ruled and not outcome.get("breakingDifferences"):
            note = "finds nothing breaking where the rules do (their verdict stands)"
            noted[(note, label)].append(operation)
    notes = [
        f"openapi-diff on the {label}: {note}: {', '.join(sorted(operations))}"
        for (note, label), operations in sorted(noted.items(), key=lambda item: item[0][::-1])
    ]
    if not finished:
        notes.append(f"openapi-diff stopped after {timeout:g} s")
    return extra, notes
