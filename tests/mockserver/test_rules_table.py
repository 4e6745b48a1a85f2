"""The rules table is written twice: briefly in tesla_mock/vehicle.py's docstring, next to the code
that carries it out, and at length in docs/command-rules.md. These tests keep the two in step:
the same commands and events, with the same results and refusal reasons, and every command the
`Vehicle` carries out in both. (The conditions and state changes are worded differently on
purpose, so they are not compared.)
"""

from __future__ import annotations

import fnmatch
import inspect
import re
from pathlib import Path

import tesla_mock.vehicle
from tesla_mock.vehicle import Vehicle

DOCS = Path(__file__).resolve().parents[2] / "docs" / "command-rules.md"
HEADER = "| Command | Vehicle state | Result | Reason | State change |"

Row = tuple[str, str, str]


def table_rows(text: str) -> list[list[str]]:
    """The rows of every table with the rules' header; a row continued on indented lines (as in
    the docstring) is joined first."""
    rows: list[list[str]] = []
    in_table = False
    for line in text.splitlines():
        if line.strip() == HEADER:
            in_table = True
        elif in_table and line.startswith("|---"):
            continue
        elif in_table and line.startswith("|"):
            rows.append([line])
        elif in_table and line.startswith("  ") and rows:
            rows[-1].append(line.strip())
        else:
            in_table = False
    return [[cell.strip() for cell in " ".join(row).strip("|").split("|")] for row in rows]


def command_keys(cell: str) -> list[str]:
    """What a row is about, however it is worded: `set_charge_limit(percent)` ->
    set_charge_limit; `*limit effect* (...)` and `(limit effect)` -> limit effect; `a(...) /
    b(id)` -> a and b."""
    cell = cell.replace("`", "").strip()
    if cell.startswith("("):
        return [cell[1 : cell.index(")")]]
    if cell.startswith("*"):
        return [cell[1 : cell.index("*", 1)]]
    return [name.split("(")[0].strip() for name in cell.split(" / ")]


def reason_key(cell: str) -> str:
    """The reason itself, without the notes about where it comes from."""
    words = cell.replace("`", "").split()
    return words[0] if words else ""


def rules(text: str) -> set[Row]:
    return {
        (name, result, reason_key(reason))
        for command, _state, result, reason, _change in table_rows(text)
        for name in command_keys(command)
    }


DOCSTRING_RULES = rules(tesla_mock.vehicle.__doc__ or "")
DOCS_RULES = rules(DOCS.read_text(encoding="utf-8"))


def test_both_tables_were_found() -> None:
    assert len(DOCSTRING_RULES) > 20
    assert len(DOCS_RULES) > 20


def test_the_docstring_and_the_docs_list_the_same_rules() -> None:
    assert not DOCSTRING_RULES - DOCS_RULES, "in vehicle.py's docstring, not in the docs"
    assert not DOCS_RULES - DOCSTRING_RULES, "in docs/command-rules.md, not in vehicle.py"


def test_every_refusal_has_a_reason_and_nothing_done_has_one() -> None:
    for command, result, reason in DOCSTRING_RULES:
        assert (result == "refused") == bool(reason), (command, result, reason)


def vehicle_commands() -> set[str]:
    """The `Vehicle` methods the vehicle API serves as commands: its own methods that take the
    simulated time first and answer a `CommandResult`."""
    return {
        name
        for name, member in vars(Vehicle).items()
        if inspect.isfunction(member)
        and not name.startswith("_")
        and list(inspect.signature(member).parameters)[1:2] == ["now"]
        and "CommandResult" in str(inspect.signature(member).return_annotation)
    }


def test_every_command_of_the_vehicle_is_in_the_table() -> None:
    commands = vehicle_commands()
    assert {"charge_start", "set_charging_amps", "add_charge_schedule"} <= commands
    table_names = {command for command, _result, _reason in DOCSTRING_RULES}
    for command in commands:
        assert any(fnmatch.fnmatchcase(command, name) for name in table_names), command


def test_every_command_in_the_table_is_a_vehicle_command_or_an_event() -> None:
    commands = vehicle_commands()
    for name, _result, _reason in DOCSTRING_RULES:
        is_command = re.fullmatch(r"[a-z_*]+", name) is not None
        if is_command:
            assert any(fnmatch.fnmatchcase(command, name) for command in commands), name
