from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SetChargingAmpsForm")


@_attrs_define
class SetChargingAmpsForm:
    """The form-encoded body of `set_charging_amps` (the fields of the JSON body).

    Attributes:
        charging_amps (int): The maximum current to charge with, in amperes. The car clamps it to its own
            `charge_current_request_max` (16 to 48 A typically; 64 A seen). A single request
            below 5 A sets 5 A; the same value sent again goes lower: 2-3 A sets 3 A, 0-1 A sets
            2 A. Any 32-bit integer is accepted, as Tesla's proxy forwards it.
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

        set_charging_amps_form = cls(
            charging_amps=charging_amps,
        )

        return set_charging_amps_form
