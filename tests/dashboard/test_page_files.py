"""The dashboard's files as the server serves them: no token, their types, a strict content
security policy, and nothing else under their paths (in-process, no browser)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.dashboard import ASSETS, DASHBOARD_PATH, asset_bytes


@pytest.fixture(scope="module")
def http() -> Iterator[TestClient]:
    with TestClient(create_app(admin_token="admin-token")) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (DASHBOARD_PATH, "index.html"),
        (f"{DASHBOARD_PATH}/", "index.html"),
        *((f"{DASHBOARD_PATH}/{name}", name) for name in ASSETS),
    ],
)
def test_each_file_is_served_without_a_token(http: TestClient, path: str, name: str) -> None:
    answer = http.get(path)
    assert answer.status_code == 200
    assert answer.content == asset_bytes(name)
    assert answer.headers["content-type"] == ASSETS[name].decode()
    assert answer.headers["x-content-type-options"] == "nosniff"
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    head = http.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(asset_bytes(name)))


def test_the_page_loads_only_its_own_files() -> None:
    page = asset_bytes("index.html").decode()
    script = asset_bytes("dashboard.js").decode()
    for text in (page, script, asset_bytes("dashboard.css").decode()):
        assert "http://" not in text and "https://" not in text  # no CDN: works offline
    assert f'src="{DASHBOARD_PATH}/dashboard.js"' in page
    assert f'href="{DASHBOARD_PATH}/dashboard.css"' in page


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", f"{DASHBOARD_PATH}/secrets.txt"), ("GET", f"{DASHBOARD_PATH}/../fleet"),
     ("POST", DASHBOARD_PATH), ("DELETE", f"{DASHBOARD_PATH}/dashboard.js")],
)  # fmt: skip
def test_anything_else_under_the_path_is_the_apis_to_refuse(
    http: TestClient, method: str, path: str
) -> None:
    answer = http.request(method, path)
    assert answer.status_code in (401, 404, 405)
    assert set(answer.json()) == {"response", "error", "error_description"}
