"""CHANGELOG.md entries written from the gate's report."""

from __future__ import annotations

from pathlib import Path

from tesla_mock.release.changelog import HEADER, add_entry, entry
from tesla_mock.release.gate import compare

from tests.release.specpairs import base, car


def report_of_a_release() -> str:
    old, new = base(), base()
    new["info"]["version"] = "2.0.0"
    del car(new)["properties"]["name"]
    car(new)["properties"]["odometer"] = {"type": "number"}
    new["paths"]["/cars/{id}"]["get"]["summary"] = "A car"
    return entry(compare(old, new, "v1.0.0", openapi_diff=False), "2.0.0", "2026-12-01")


def test_an_entry_sorts_the_gates_report_under_keep_a_changelog_headings() -> None:
    assert report_of_a_release().splitlines() == [
        "## [2.0.0] - 2026-12-01",
        "",
        "Compared with 1.0.0 (v1.0.0): a major release.",
        "",
        "### Added",
        "",
        "- 200 response body: `odometer`: added (optional) (schema `Car`) (`get_car`)",
        "",
        "### Removed",
        "",
        "- 200 response body: `name`: removed (schema `Car`) (`get_car`)",
        "",
        "### Changed",
        "",
        "- documentation only: `get_car`: `summary` changed",
    ]


def test_notes_under_unreleased_move_into_the_new_entry(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    path.write_text(HEADER + "\nWhy 2.0.0: cars omit names.\n\n## [1.0.0] - 2026-11-24\n\nFirst.\n")
    add_entry(path, report_of_a_release())
    text = path.read_text()
    assert text.startswith(HEADER + "\n## [2.0.0] - 2026-12-01\n\nWhy 2.0.0: cars omit names.\n")
    assert text.index("## [2.0.0]") < text.index("## [1.0.0] - 2026-11-24\n\nFirst.\n")
    assert text.count("Why 2.0.0") == 1 and text.endswith("First.\n")


def test_comments_under_unreleased_stay_there_and_only_the_notes_move(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    guidance = "<!-- Notes here move into the next release's entry. -->"
    path.write_text(HEADER + f"\n{guidance}\n\nWhy 2.0.0: cars omit names.\n\n## [1.0.0] - x\n")
    add_entry(path, report_of_a_release())
    text = path.read_text()
    assert text.startswith(
        HEADER + f"\n{guidance}\n\n## [2.0.0] - 2026-12-01\n\nWhy 2.0.0: cars omit names.\n"
    )
    assert text.count(guidance) == 1
