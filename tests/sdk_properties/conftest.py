"""The SDK property tests: each test gets its own account on the plugin's in-process mock."""

import pytest

# The assertions of the shared helpers explain their failures like those of the tests.
pytest.register_assert_rewrite("tests.sdk_properties.calls")

from tesla_mock import TeslaMock  # noqa: E402

from tests.sdk_properties.calls import Wire  # noqa: E402


@pytest.fixture
def wire(tesla_mock: TeslaMock) -> Wire:
    """What the test's SDK client last sent."""
    return Wire(tesla_mock.client)
