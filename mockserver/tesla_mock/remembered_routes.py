"""A Starlette router that remembers which route each request path takes.

Starlette's `Router` tries its routes' regular expressions one after another on every request;
the vehicle API has 27 routes, and a command's is about the 15th (what that costs a request:
docs/benchmarks.md, "Figures behind the code"). Which route a request takes depends only on
its method, path and root path, so `remember_routes` has the router look that up once per
(method, path, root path) and then call the route it would have called, with the same scope.
Requests no route matches fully (405, 404, redirects) and paths past `LONGEST_REMEMBERED_PATH`
are routed as before.
"""

from __future__ import annotations

import functools

from starlette.routing import BaseRoute, Match, Mount, Route, Router
from starlette.types import Receive, Scope, Send

# The bound keeps a client that sends ever new paths (each vehicle id makes new ones) from
# growing the server; past it the least recently used is dropped.
PATHS_REMEMBERED = 4096
LONGEST_REMEMBERED_PATH = 512
# Routes whose match depends on the method, path and root path alone (a `Host` route's also
# depends on a header).
PATH_ROUTES = (Route, Mount)


def remember_routes(router: Router) -> None:
    """Have `router` remember the route of each method, path and root path, as its own entry
    point (`Router.middleware_stack`, which is `Router.app` for a router without middleware)."""
    if router.middleware_stack != router.app:
        raise ValueError("a router with middleware of its own is routed as it is")
    router.middleware_stack = RememberedRoutes(router)


class RememberedRoutes:
    """The routing of `router`, with the first route that fully matches each method, path and
    root path remembered: the route Starlette's `Router.app` hands such a request to."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self._first_full_match = functools.lru_cache(maxsize=PATHS_REMEMBERED)(self._find)

    def _find(self, method: str, path: str, root_path: str) -> BaseRoute | None:
        """The first route that matches fully, as `Router.app` looks for it; None when there
        is none, or when a route before it is not matched on the path alone."""
        scope = {"type": "http", "method": method, "path": path, "root_path": root_path}
        for route in self.router.routes:
            if type(route) not in PATH_ROUTES:
                return None
            if route.matches(scope)[0] is Match.FULL:
                return route
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if scope["type"] == "http" and len(path) <= LONGEST_REMEMBERED_PATH:
            route = self._first_full_match(scope["method"], path, scope.get("root_path", ""))
            if route is not None:
                # What `Router.app` does with the route that matches fully.
                _, child_scope = route.matches(scope)
                scope.setdefault("router", self.router)
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
        await self.router.app(scope, receive, send)
