from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SetScheduledDepartureForm")


@_attrs_define
class SetScheduledDepartureForm:
    """The form-encoded body of `set_scheduled_departure` (the fields of the JSON body).

    Attributes:
        enable (bool): true for on, false for off. The Tesla app sends true when `preconditioning_enabled` or
            `off_peak_charging_enabled` is true.
             Example: True.
        departure_time (int | Unset): When the driver leaves, in minutes after local midnight (0 = 00:00, 1439 = 23:59):
            the
            car finishes charging and preconditioning by then. Taken as 0 when omitted.
             Example: 540.
        preconditioning_enabled (bool | Unset): true to warm or cool the cabin and battery for the departure time.
            Example: True.
        preconditioning_weekdays_only (bool | Unset): true to precondition on weekdays only, false for every day.
            Example: True.
        off_peak_charging_enabled (bool | Unset): true to charge during off-peak hours, finishing by the departure time.
            Example: True.
        off_peak_charging_weekdays_only (bool | Unset): true to use off-peak charging on weekdays only, false for every
            day. Example: True.
        end_off_peak_time (int | Unset): When off-peak electricity ends, in minutes after local midnight (0 = 00:00,
            1439 = 23:59). Taken as 0 when omitted.
             Example: 450.
    """

    enable: bool
    departure_time: int | Unset = UNSET
    preconditioning_enabled: bool | Unset = UNSET
    preconditioning_weekdays_only: bool | Unset = UNSET
    off_peak_charging_enabled: bool | Unset = UNSET
    off_peak_charging_weekdays_only: bool | Unset = UNSET
    end_off_peak_time: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enable = self.enable

        departure_time = self.departure_time

        preconditioning_enabled = self.preconditioning_enabled

        preconditioning_weekdays_only = self.preconditioning_weekdays_only

        off_peak_charging_enabled = self.off_peak_charging_enabled

        off_peak_charging_weekdays_only = self.off_peak_charging_weekdays_only

        end_off_peak_time = self.end_off_peak_time

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "enable": enable,
            }
        )
        if departure_time is not UNSET:
            field_dict["departure_time"] = departure_time
        if preconditioning_enabled is not UNSET:
            field_dict["preconditioning_enabled"] = preconditioning_enabled
        if preconditioning_weekdays_only is not UNSET:
            field_dict["preconditioning_weekdays_only"] = preconditioning_weekdays_only
        if off_peak_charging_enabled is not UNSET:
            field_dict["off_peak_charging_enabled"] = off_peak_charging_enabled
        if off_peak_charging_weekdays_only is not UNSET:
            field_dict["off_peak_charging_weekdays_only"] = off_peak_charging_weekdays_only
        if end_off_peak_time is not UNSET:
            field_dict["end_off_peak_time"] = end_off_peak_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enable = d.pop("enable")

        departure_time = d.pop("departure_time", UNSET)

        preconditioning_enabled = d.pop("preconditioning_enabled", UNSET)

        preconditioning_weekdays_only = d.pop("preconditioning_weekdays_only", UNSET)

        off_peak_charging_enabled = d.pop("off_peak_charging_enabled", UNSET)

        off_peak_charging_weekdays_only = d.pop("off_peak_charging_weekdays_only", UNSET)

        end_off_peak_time = d.pop("end_off_peak_time", UNSET)

        set_scheduled_departure_form = cls(
            enable=enable,
            departure_time=departure_time,
            preconditioning_enabled=preconditioning_enabled,
            preconditioning_weekdays_only=preconditioning_weekdays_only,
            off_peak_charging_enabled=off_peak_charging_enabled,
            off_peak_charging_weekdays_only=off_peak_charging_weekdays_only,
            end_off_peak_time=end_off_peak_time,
        )

        return set_scheduled_departure_form
