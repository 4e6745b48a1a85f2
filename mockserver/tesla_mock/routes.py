"""Which HTTP methods each documented path accepts, read from the specs.

connexion routes every operation separately, so the `Allow` header of its 405 answers names
only the methods of the first route whose path matched. The spec knows the whole set.
"""

from __future__ import annotations

import re
from functools import cache

from tesla_mock.specs import MOUNTS, load_spec

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class MethodTable:
    """Path templates (`/vehicles/{vehicle_id}`) with the methods documented for each."""

    def __init__(self, paths: dict[str, set[str]]) -> None:
        self._routes = [(_template_regex(path), methods) for path, methods in paths.items()]
        # A path with no parameter is routed before the templates that also match it
        # (`/api/1/vehicles/fleet_status`, not `/api/1/vehicles/{id}`): only its methods count.
        self._static = {path: methods for path, methods in paths.items() if "{" not in path}

    def static(self, path: str) -> list[str] | None:
        """The methods of `path` when it is documented without parameters (HEAD with GET);
        None for any other path."""
        methods = self._static.get(path)
        if methods is None:
            return None
        return sorted(methods | ({"HEAD"} if "GET" in methods else set()))

    def allowed(self, path: str) -> list[str]:
        """The documented methods of `path`, HEAD included wherever GET is; [] if undocumented."""
        methods: set[str] = set(self._static.get(path, ()))
        for regex, documented in [] if methods else self._routes:
            if regex.fullmatch(path):
                methods |= documented
        if "GET" in methods:
            methods.add("HEAD")
        return sorted(methods)


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^/}]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


@cache
def served_methods() -> MethodTable:
    """The table of every path the server serves, both APIs at their mount points."""
    paths: dict[str, set[str]] = {}
    for spec_file, base_path in MOUNTS:
        for path, item in load_spec(spec_file)["paths"].items():
            methods = {m.upper() for m in item if m in HTTP_METHODS}
            paths.setdefault(base_path + path, set()).update(methods)
    return MethodTable(paths)
