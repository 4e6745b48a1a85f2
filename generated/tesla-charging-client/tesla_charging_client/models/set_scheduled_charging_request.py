from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SetScheduledChargingRequest")


@_attrs_define
class SetScheduledChargingRequest:
    """The body of `set_scheduled_charging`.

    Attributes:
        enable (bool): true for on, false for off. Example: True.
        time (int | Unset): When to start charging, in minutes after local midnight (0 = 00:00, 1439 = 23:59).
            Taken as 0 when omitted; ignored when `enable` is false.
             Example: 1410.
    """

    enable: bool
    time: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enable = self.enable

        time = self.time

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "enable": enable,
            }
        )
        if time is not UNSET:
            field_dict["time"] = time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enable = d.pop("enable")

        time = d.pop("time", UNSET)

        set_scheduled_charging_request = cls(
            enable=enable,
            time=time,
        )

        return set_scheduled_charging_request
