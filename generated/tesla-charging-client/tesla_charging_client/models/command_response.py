from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.command_result import CommandResult


T = TypeVar("T", bound="CommandResponse")


@_attrs_define
class CommandResponse:
    """The answer to every command.

    Attributes:
        response (CommandResult): Whether the car carried the command out. A refusal is not an HTTP error: `result` is
            false and the reason names why (for example `disconnected`, `is_charging`, `complete`,
            `not_charging`, `already_standard`, `already_max_range`, `already_set`, `charging`).
            Reasons are free text from the car; new ones appear.

            The reason comes under `reason` (the Owner API and Tesla's vehicle-command proxy) or,
            on the Fleet API's REST path, under `string`; through the proxy it is prefixed with
            `car could not execute command: `. Some results carry neither, or add keys such as
            `queued`. Match reasons by suffix; the SDK's `refusal_reason()` reads either key.
    """

    response: CommandResult
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        response = self.response.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "response": response,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.command_result import CommandResult  # noqa: PLC0415

        d = dict(src_dict)
        response = CommandResult.from_dict(d.pop("response"))

        command_response = cls(
            response=response,
        )

        command_response.additional_properties = d
        return command_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
