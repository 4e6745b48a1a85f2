from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CommandResult")


@_attrs_define
class CommandResult:
    """Whether the car carried the command out. A refusal is not an HTTP error: `result` is
    false and the reason names why (for example `disconnected`, `is_charging`, `complete`,
    `not_charging`, `already_standard`, `already_max_range`, `already_set`, `charging`).
    Reasons are free text from the car; new ones appear.

    The reason comes under `reason` (the Owner API and Tesla's vehicle-command proxy) or,
    on the Fleet API's REST path, under `string`; through the proxy it is prefixed with
    `car could not execute command: `. Some results carry neither, or add keys such as
    `queued`. Match reasons by suffix; the SDK's `refusal_reason()` reads either key.

        Attributes:
            result (bool): true when the car carried the command out.
            reason (str | Unset): Empty on success; why the car refused otherwise.
            string (str | Unset): The reason, as the Fleet API's REST path has sent it instead of `reason`.
    """

    result: bool
    reason: str | Unset = UNSET
    string: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result = self.result

        reason = self.reason

        string = self.string

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "result": result,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if string is not UNSET:
            field_dict["string"] = string

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        result = d.pop("result")

        reason = d.pop("reason", UNSET)

        string = d.pop("string", UNSET)

        command_result = cls(
            result=result,
            reason=reason,
            string=string,
        )

        command_result.additional_properties = d
        return command_result

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
