"""The spec gate against the last release, as CI runs it: a change to the spec that its
`info.version` does not announce fails `make test` (the report says which and why)."""

from __future__ import annotations

from tesla_mock.release.gate import check
from tesla_mock.release.openapidiff import MAX_NODES

from tests.release.repos import ROOT


def test_the_spec_version_announces_every_change_since_the_last_release() -> None:
    # openapi-diff sees the changed bodies up to MAX_NODES: larger ones may take minutes.
    report = check(ROOT, openapi_diff_max_nodes=MAX_NODES)
    assert report.ok, "\n" + report.text()
