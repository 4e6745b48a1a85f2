"""Rebuild `tests/corpus/recorded/` from the public sources it was taken from.

    python -m tests.corpus.extract --timdorr GIT_DIR --teslatte GIT_DIR

GIT_DIR is a bare clone (or any git directory) of timdorr/tesla-api and of gak/teslatte. The
script reads committed files only (`git show`), writes one JSON file per recorded response and
`recorded/manifest.json`, and checks that every written value is the recorded one: same JSON
types (an integer stays an integer, a float a float), same float digits, same strings.

Nothing is redacted or invented. Where the publisher had already replaced a value (an id
written as `1`, a VIN as `XXX`), the manifest lists its JSON pointer under `placeholders`; the
tests do not hold those values against the spec's formats.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from tests.corpus.corpus import MANIFEST, RECORDED, strict_differences

TIMDORR = "timdorr/tesla-api"
TESLATTE = "gak/teslatte"
CASSETTES = "spec/cassettes"

SECTIONS = (
    "charge_state",
    "climate_state",
    "drive_state",
    "gui_settings",
    "vehicle_config",
    "vehicle_state",
)

# Values the publisher replaced before committing (JSON pointers into the body), by cassette
# file and interaction index. Reviewed by hand: each is an obvious stand-in, not a car's value.
_MEDIA_LIST = ["/response/0/id", "/response/0/vehicle_id", "/response/0/vin", "/response/0/id_s"]
_MEDIA_LIST += ["/response/0/tokens"]
TIMDORR_PLACEHOLDERS: dict[tuple[str, int], list[str]] = {
    **{
        (f"vehicle-media_{name}.yml", 0): _MEDIA_LIST
        for name in (
            "next_fav",
            "next_track",
            "prev_fav",
            "prev_track",
            "toggle_playback",
            "volume_down",
            "volume_up",
        )
    },
    ("vehicle-vehicle_data.yml", 0): ["/response/0/tokens"],
    ("vehicle-vehicle_data.yml", 1): [
        "/response/drive_state/latitude",
        "/response/drive_state/longitude",
        "/response/drive_state/native_latitude",
        "/response/drive_state/native_longitude",
    ],
}

_GAK_IDS = ["id", "user_id", "vehicle_id", "vin", "id_s", "tokens"]
TESLATTE_PLACEHOLDERS: dict[str, list[str]] = {
    "vehicle_data_gak_2023_11_11.json": [
        *(f"/response/{key}" for key in _GAK_IDS),
        "/response/vehicle_state/vehicle_name",
    ],
    "energy_sites_gak_2023_11_06.json": [
        *(f"/response/0/{key}" for key in _GAK_IDS),
        "/response/0/display_name",
        "/response/1/asset_site_id",
        "/response/1/energy_site_id",
        "/response/1/gateway_id",
        "/response/1/id",
        "/response/1/site_name",
        "/response/1/warp_site_number",
    ],
    "products_gak_2024_01_20.json": [
        *(f"/response/0/{key}" for key in _GAK_IDS),
        "/response/1/gateway_id",
        "/response/1/id",
    ],
    "products_gak_2024_04_12.json": [
        *(f"/response/0/{key}" for key in _GAK_IDS),
        "/response/1/asset_site_id",
        "/response/1/energy_site_id",
        "/response/1/gateway_id",
        "/response/1/id",
    ],
}


class _CassetteLoader(yaml.SafeLoader):
    """VCR writes bodies that are not plain UTF-8 text as `!binary` (base64)."""


_CassetteLoader.add_constructor(
    "!binary", lambda loader, node: base64.b64decode(loader.construct_scalar(node)).decode()
)


def git(git_dir: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], capture_output=True, text=True, check=True
    )
    return result.stdout


def parse_exact(text: str) -> Any:
    """`json.loads`, refusing any float whose digits would not be written back unchanged."""

    def parse_float(token: str) -> float:
        value = float(token)
        if repr(value) != token:
            raise ValueError(f"float {token!r} would be written as {value!r}")
        return value

    return json.loads(text, parse_float=parse_float)


def path_template(path: str) -> str:
    return re.sub(r"^/api/1/vehicles/[^/]+", "/api/1/vehicles/{id}", path)


def classify(method: str, path: str) -> str | None:
    """The corpus operation of a recorded request (None: not a response this corpus keeps)."""
    if method == "GET" and path == "/api/1/vehicles":
        return "list_vehicles"
    if method == "GET" and path == "/api/1/products":
        return "list_products"
    match = re.fullmatch(r"/api/1/vehicles/[^/]+(/.*)?", path)
    if not match:
        return None
    rest = match.group(1) or ""
    if method == "GET" and rest == "":
        return "get_vehicle"
    if method == "POST" and rest == "/wake_up":
        return "wake_up"
    if method == "GET" and rest in ("/vehicle_data", "/data"):
        return "get_vehicle_data"
    section = re.fullmatch(r"/data_request/(\w+)", rest)
    if method == "GET" and section and section.group(1) in SECTIONS:
        return f"{section.group(1)}_section"
    command = re.fullmatch(r"/command/(\w+)", rest)
    if method == "POST" and command:
        return command.group(1)
    return None


def timdorr_recordings(git_dir: Path) -> Iterator[dict[str, Any]]:
    """Every recorded answer of the cassettes, at HEAD and in the older versions of the
    default branch (re-recorded or removed cassettes), each recording once (newest commit)."""
    head = git(git_dir, "rev-parse", "HEAD").strip()
    history = git(git_dir, "log", "--format=%H", head, "--", CASSETTES).split()
    seen: set[tuple[str, str, str, str]] = set()  # a renamed cassette keeps its recordings
    for commit in [head, *history]:
        for cassette in git(git_dir, "ls-tree", "-r", "--name-only", commit, CASSETTES).split():
            data = yaml.load(git(git_dir, "show", f"{commit}:{cassette}"), Loader=_CassetteLoader)
            for index, interaction in enumerate(data.get("http_interactions") or []):
                request, response = interaction["request"], interaction["response"]
                method = request["method"].upper()
                url = urlsplit(request["uri"])
                raw = response["body"].get("string") or ""
                key = (method, request["uri"], interaction.get("recorded_at", ""), raw)
                if key in seen:
                    continue
                seen.add(key)
                if url.hostname != "owner-api.teslamotors.com" or not url.path.startswith("/api/"):
                    continue  # sign-in and token requests
                status = response["status"]["code"]
                operation = classify(method, url.path)
                if operation is None and status >= 400 and raw.lstrip().startswith("{"):
                    operation = url.path.rsplit("/", 1)[-1]  # an error of another endpoint
                if operation is None:
                    continue
                stem = Path(cassette).stem
                name = stem if commit == head else f"{stem}@{commit[:7]}"
                notes = []
                if commit != head:
                    notes.append(
                        "Not in the cassettes at HEAD (re-recorded or removed later): read at "
                        "the newest commit that has it."
                    )
                if url.path.endswith("/data"):
                    notes.append("GET .../data is the older name of .../vehicle_data.")
                yield {
                    "file": f"timdorr-tesla-api/{name}__{index}.json",
                    "raw": raw,
                    "source": {
                        "repository": TIMDORR,
                        "commit": commit,
                        "path": cassette,
                        "interaction": index,
                        "url": f"https://github.com/{TIMDORR}/blob/{commit}/{cassette}",
                        "kind": "VCR cassette (HTTP answer recorded from Tesla's Owner API)",
                    },
                    "recorded_at": interaction.get("recorded_at"),
                    "recorded_at_from": "cassette recorded_at",
                    "method": method,
                    "request_path": url.path + (f"?{url.query}" if url.query else ""),
                    "request_body": (request.get("body") or {}).get("string") or None,
                    "path_template": path_template(url.path),
                    "operation": operation,
                    "status": status,
                    "placeholders": TIMDORR_PLACEHOLDERS.get((Path(cassette).name, index), []),
                    "notes": " ".join(notes),
                }


def _rust_test_bodies(source: str) -> Iterator[tuple[str, str]]:
    """(test name, JSON text) of the `let s = r#"..."#;` strings of a Rust test module."""
    pattern = r'fn (json_\w+)\(\) \{\s*let s = r#"(.*?)"#;'
    for match in re.finditer(pattern, source, re.S):
        yield match.group(1), match.group(2)


def _date_of(milliseconds: int) -> str:
    return dt.datetime.fromtimestamp(milliseconds / 1000, dt.UTC).isoformat(timespec="seconds")


def teslatte_recordings(git_dir: Path) -> Iterator[dict[str, Any]]:
    """The answers gak/teslatte's authors saved from their own cars (testdata/*.json) and the
    `data_request` answers its tests embed (src/vehicles.rs)."""
    head = git(git_dir, "rev-parse", "HEAD").strip()

    def source(path: str, kind: str) -> dict[str, Any]:
        return {
            "repository": TESLATTE,
            "commit": head,
            "path": path,
            "url": f"https://github.com/{TESLATTE}/blob/{head}/{path}",
            "kind": kind,
        }

    for path in git(git_dir, "ls-tree", "-r", "--name-only", head, "testdata").split():
        name = Path(path).name
        date = re.search(r"(\d{4})_(\d{2})_(\d{2})\.json$", name)
        raw = git(git_dir, "show", f"{head}:{path}")
        body = json.loads(raw)
        if name.startswith("vehicle_data_"):
            operation, template = "get_vehicle_data", "/api/1/vehicles/{id}/vehicle_data"
        elif isinstance(body.get("response"), list):  # products_*, energy_sites_* (a products list)
            operation, template = "list_products", "/api/1/products"
        else:
            continue  # energy site live status: not a vehicle answer
        yield {
            "file": f"gak-teslatte/{Path(name).stem}.json",
            "raw": raw,
            "source": source(path, "JSON answer saved by the repository's authors from their cars"),
            "recorded_at": "-".join(date.groups()) if date else None,
            "recorded_at_from": "file name",
            "method": "GET",
            "request_path": None,
            "request_body": None,
            "path_template": template,
            "operation": operation,
            "status": 200,
            "placeholders": TESLATTE_PLACEHOLDERS.get(name, []),
            "notes": (
                "The file holds the body only: request and status were not saved (the "
                "repository's tests parse it as a 200 answer of this endpoint). Pretty-printed "
                "by the publisher."
            ),
        }
    rust = "src/vehicles.rs"
    for test, raw in _rust_test_bodies(git(git_dir, "show", f"{head}:{rust}")):
        section = test.removeprefix("json_")
        if section not in SECTIONS:
            continue
        body = json.loads(raw)
        yield {
            "file": f"gak-teslatte/vehicles_rs-{test}.json",
            "raw": raw,
            "source": source(rust, f"answer embedded in the Rust test `{test}`"),
            "recorded_at": _date_of(body["response"]["timestamp"]),
            "recorded_at_from": "the body's timestamp",
            "method": "GET",
            "request_path": None,
            "request_body": None,
            "path_template": f"/api/1/vehicles/{{id}}/data_request/{section}",
            "operation": f"{section}_section",
            "status": 200,
            "placeholders": [],
            "notes": "A raw string in the test; request and status were not saved.",
        }


def write(recordings: list[dict[str, Any]]) -> None:
    for old in RECORDED.glob("*/*.json"):
        old.unlink()
    entries = []
    for recording in recordings:
        raw = recording.pop("raw")
        body = parse_exact(raw)
        target = RECORDED / recording["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        differences = strict_differences(body, parse_exact(target.read_text(encoding="utf-8")))
        if differences:
            raise SystemExit(f"{target}: values changed: {differences}")
        recording["raw_sha256"] = hashlib.sha256(raw.encode()).hexdigest()
        entries.append(recording)
    entries.sort(key=lambda entry: entry["file"])
    manifest = {
        "description": (
            "One entry per file of recorded/: where the answer was published, what request it "
            "answered and how the tests read it. See ../README.md."
        ),
        "recordings": entries,
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timdorr", type=Path, required=True, help="git dir of timdorr/tesla-api")
    parser.add_argument("--teslatte", type=Path, required=True, help="git dir of gak/teslatte")
    args = parser.parse_args()
    write([*timdorr_recordings(args.timdorr), *teslatte_recordings(args.teslatte)])


if __name__ == "__main__":
    main()
