"""`tesla_mock` exports the testing API (`__all__`) without loading it until it is used."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
import tesla_mock


def test_every_exported_name_is_found_where_the_package_says() -> None:
    assert sorted(tesla_mock.__all__) == sorted(tesla_mock._HOME)
    for name in tesla_mock.__all__:
        home = importlib.import_module(tesla_mock._HOME[name])
        assert getattr(tesla_mock, name) is getattr(home, name)
        assert name in dir(tesla_mock)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = tesla_mock.no_such_name  # type: ignore[attr-defined]


def test_importing_the_package_does_not_load_the_test_helpers() -> None:
    helpers = ["httpx", "pytest", "tesla_mock.testing"]
    probe = f"import sys, tesla_mock; print(sorted(m for m in sys.modules if m in {helpers!r}))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


def test_the_plugin_and_the_app_each_have_their_own_server_class() -> None:
    from tesla_mock.app import MockServer as AppState

    assert tesla_mock.MockVehicleServer is not AppState
    assert "MockServer" not in tesla_mock.__all__
