"""The dashboard: a page for people, served at `GET /__mock/dashboard` without a token.

Like the Swagger UI at `/__mock/ui/`, the page is a document, not an operation of the admin
API: it holds no data. Its script asks for the admin token, reads the fleet from the event
stream (`GET /__mock/events`, tesla_mock/events.py) and acts through the admin API, both of
which want the token. The files beside this module are plain HTML, CSS and JavaScript with no
build step and nothing fetched from elsewhere, so the page works offline; they are read once,
when the app is built.
"""

from __future__ import annotations

from importlib import resources

from starlette.types import ASGIApp, Receive, Scope, Send

from tesla_mock.specs import ADMIN_BASE_PATH

DASHBOARD_PATH = f"{ADMIN_BASE_PATH}/dashboard"
# File -> content type; the page refers to the others under DASHBOARD_PATH.
ASSETS = {
    "index.html": b"text/html; charset=utf-8",
    "dashboard.css": b"text/css; charset=utf-8",
    "dashboard.js": b"text/javascript; charset=utf-8",
}
# The page loads nothing but its own files and talks to nothing but this server.
CONTENT_SECURITY_POLICY = (
    b"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    b"img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def asset_bytes(name: str) -> bytes:
    return resources.files(__name__).joinpath(name).read_bytes()


class DashboardMiddleware:
    """Answers GET and HEAD for the dashboard's files; everything else goes on to the API."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.files = {name: asset_bytes(name) for name in ASSETS}
        self.routes = {DASHBOARD_PATH: "index.html", f"{DASHBOARD_PATH}/": "index.html"}
        self.routes.update({f"{DASHBOARD_PATH}/{name}": name for name in ASSETS})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = self.routes.get(scope["path"]) if scope["type"] == "http" else None
        if name is None or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        body = self.files[name]
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", ASSETS[name]),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-cache"),
                    (b"content-security-policy", CONTENT_SECURITY_POLICY),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ],
            }
        )
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
