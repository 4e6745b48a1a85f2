from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DriveState")


@_attrs_define
class DriveState:
    """Driving state. `latitude`, `longitude` and `heading` are only present when
    `location_data` was requested.

        Attributes:
            shift_state (None | str | Unset): P, D, R, N, or null when parked and asleep.
            speed (float | None | Unset): Miles per hour; null when parked.
            power (int | Unset): kW drawn (negative while regenerating or charging).
            latitude (float | Unset):
            longitude (float | Unset):
            heading (int | Unset): Degrees from north.
            timestamp (int | Unset): Unix time, milliseconds.
    """

    shift_state: None | str | Unset = UNSET
    speed: float | None | Unset = UNSET
    power: int | Unset = UNSET
    latitude: float | Unset = UNSET
    longitude: float | Unset = UNSET
    heading: int | Unset = UNSET
    timestamp: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        shift_state: None | str | Unset
        if isinstance(self.shift_state, Unset):
            shift_state = UNSET
        else:
            shift_state = self.shift_state

        speed: float | None | Unset
        if isinstance(self.speed, Unset):
            speed = UNSET
        else:
            speed = self.speed

        power = self.power

        latitude = self.latitude

        longitude = self.longitude

        heading = self.heading

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if shift_state is not UNSET:
            field_dict["shift_state"] = shift_state
        if speed is not UNSET:
            field_dict["speed"] = speed
        if power is not UNSET:
            field_dict["power"] = power
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude
        if heading is not UNSET:
            field_dict["heading"] = heading
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_shift_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        shift_state = _parse_shift_state(d.pop("shift_state", UNSET))

        def _parse_speed(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        speed = _parse_speed(d.pop("speed", UNSET))

        power = d.pop("power", UNSET)

        latitude = d.pop("latitude", UNSET)

        longitude = d.pop("longitude", UNSET)

        heading = d.pop("heading", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        drive_state = cls(
            shift_state=shift_state,
            speed=speed,
            power=power,
            latitude=latitude,
            longitude=longitude,
            heading=heading,
            timestamp=timestamp,
        )

        drive_state.additional_properties = d
        return drive_state

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
