from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="NoParameters")


@_attrs_define
class NoParameters:
    """The body of a command that takes no parameters: no body, `{}`, or JSON `null` (which
    TeslaJS sends, and Tesla's vehicle-command proxy reads as "no parameters").

    """

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        no_parameters = cls()

        return no_parameters
