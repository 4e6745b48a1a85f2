from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VehicleStateSection")


@_attrs_define
class VehicleStateSection:
    """Doors, locks and software (a summary of the real section's fields).

    Attributes:
        locked (bool | Unset):
        odometer (float | Unset): Miles.
        car_version (str | Unset): Firmware version.
        sentry_mode (bool | Unset):
        vehicle_name (None | str | Unset):
        timestamp (int | Unset): Unix time, milliseconds.
    """

    locked: bool | Unset = UNSET
    odometer: float | Unset = UNSET
    car_version: str | Unset = UNSET
    sentry_mode: bool | Unset = UNSET
    vehicle_name: None | str | Unset = UNSET
    timestamp: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        locked = self.locked

        odometer = self.odometer

        car_version = self.car_version

        sentry_mode = self.sentry_mode

        vehicle_name: None | str | Unset
        if isinstance(self.vehicle_name, Unset):
            vehicle_name = UNSET
        else:
            vehicle_name = self.vehicle_name

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if locked is not UNSET:
            field_dict["locked"] = locked
        if odometer is not UNSET:
            field_dict["odometer"] = odometer
        if car_version is not UNSET:
            field_dict["car_version"] = car_version
        if sentry_mode is not UNSET:
            field_dict["sentry_mode"] = sentry_mode
        if vehicle_name is not UNSET:
            field_dict["vehicle_name"] = vehicle_name
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        locked = d.pop("locked", UNSET)

        odometer = d.pop("odometer", UNSET)

        car_version = d.pop("car_version", UNSET)

        sentry_mode = d.pop("sentry_mode", UNSET)

        def _parse_vehicle_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vehicle_name = _parse_vehicle_name(d.pop("vehicle_name", UNSET))

        timestamp = d.pop("timestamp", UNSET)

        vehicle_state_section = cls(
            locked=locked,
            odometer=odometer,
            car_version=car_version,
            sentry_mode=sentry_mode,
            vehicle_name=vehicle_name,
            timestamp=timestamp,
        )

        vehicle_state_section.additional_properties = d
        return vehicle_state_section

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
