from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SetChargingAmpsRequest")


@_attrs_define
class SetChargingAmpsRequest:
    """The body of `set_charging_amps`.

    Attributes:
        charging_amps (int): The maximum current to charge with, in amperes. The car clamps it to its
            `charge_current_request_max`; below 5 A it must be sent twice in a row to take effect.
             Example: 32.
    """

    charging_amps: int

    def to_dict(self) -> dict[str, Any]:
        charging_amps = self.charging_amps

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "charging_amps": charging_amps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        charging_amps = d.pop("charging_amps")

        set_charging_amps_request = cls(
            charging_amps=charging_amps,
        )

        return set_charging_amps_request
