"""The spec gate against the last release, as CI runs it: a change to the spec that its
`info.version` does not announce fails `make test` (the report says which and why)."""

from __future__ import annotations

from tesla_mock.release.gate import check

from tests.release.repos import ROOT


def test_the_spec_version_announces_every_change_since_the_last_release() -> None:
    report = check(ROOT)
    assert report.ok, "\n" + report.text()
