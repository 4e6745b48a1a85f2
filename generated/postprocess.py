"""Post-generation hook for openapi-python-client (run from the generated project's directory).

openapi-python-client 0.29.1 annotates a *required* request body that offers more than one
content type (our commands take JSON or form bodies) as `... | Unset = UNSET` but does not import
`Unset` (upstream issue #1451), so those operation modules fail at import with NameError.
This hook adds the missing import and nothing else; ruff then sorts and merges it.
Remove it when the generator is upgraded to a release with the fix.
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


def main(project_dir: str) -> None:
    for module in sorted(Path(project_dir).glob("*/api/*/*.py")):
        source = module.read_text()
        fixed = add_missing_unset_import(source)
        if fixed != source:
            module.write_text(fixed)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
