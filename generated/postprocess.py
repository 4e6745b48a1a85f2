"""Post-generation hook for openapi-python-client (run from the generated project's directory).

Two fixes, each to be removed when the generator no longer needs it:

* openapi-python-client 0.29.1 annotates a *required* request body that offers more than one
  content type (our commands take JSON or form bodies) as `... | Unset = UNSET` but does not
  import `Unset` (upstream issue #1451), so those operation modules fail at import with
  NameError. This hook adds the missing import; ruff then sorts and merges it.
* Every operation builds its `Response` with `HTTPStatus(response.status_code)`, which raises
  ValueError for the statuses the Fleet API has of its own, 499 (client closed the request)
  and 540 (the vehicle returned an error): a client would crash on the answer instead of
  reading it. `Response.status_code` becomes `HTTPStatus | int`, the bare number for those.
"""

import re
import sys
from pathlib import Path

TYPES_IMPORT = re.compile(r"^from \.\.\.types import (?P<names>.+)$", re.MULTILINE)


def add_missing_unset_import(source: str) -> str:
    match = TYPES_IMPORT.search(source)
    if match is None or "| Unset" not in source:
        return source
    names = [name.strip() for name in match.group("names").split(",")]
    if "Unset" in names:
        return source
    names.append("Unset")
    return (
        source[: match.start()] + f"from ...types import {', '.join(names)}" + source[match.end() :]
    )


STATUS_OF = "HTTPStatus(response.status_code)"
HTTP_STATUS_HELPER = """

def http_status(code: int) -> HTTPStatus | int:
    \"\"\"The `HTTPStatus` of a standard code; the bare number for the Fleet API's own
    statuses (499, 540), which `HTTPStatus` does not know.\"\"\"
    try:
        return HTTPStatus(code)
    except ValueError:
        return code
"""


def accept_nonstandard_statuses(source: str) -> str:
    """An operation module building its answer with `http_status` instead of `HTTPStatus`."""
    if STATUS_OF not in source:
        return source
    source = source.replace(STATUS_OF, "http_status(response.status_code)")
    match = TYPES_IMPORT.search(source)
    assert match is not None, "an operation module without its types import"
    return source[: match.end()] + ", http_status" + source[match.end() :]


def widen_response_status(source: str) -> str:
    """types.py: `Response.status_code` may be a bare int, and the helper that makes it."""
    if "def http_status" in source:
        return source
    source = source.replace("    status_code: HTTPStatus\n", "    status_code: HTTPStatus | int\n")
    return source.rstrip("\n") + "\n" + HTTP_STATUS_HELPER


def main(project_dir: str) -> None:
    for module in sorted(Path(project_dir).glob("*/api/*/*.py")):
        source = module.read_text()
        fixed = accept_nonstandard_statuses(add_missing_unset_import(source))
        if fixed != source:
            module.write_text(fixed)
    for types_module in Path(project_dir).glob("*/types.py"):
        source = types_module.read_text()
        fixed = widen_response_status(source)
        if fixed != source:
            types_module.write_text(fixed)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
