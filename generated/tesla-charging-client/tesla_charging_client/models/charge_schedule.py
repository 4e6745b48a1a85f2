from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChargeSchedule")


@_attrs_define
class ChargeSchedule:
    """One charge schedule.

    Attributes:
        id (int | Unset):
        name (None | str | Unset):
        days_of_week (int | Unset): Bitmask, Sunday 1 ... Saturday 64.
        start_enabled (bool | Unset):
        start_time (int | Unset): Minutes after local midnight.
        end_enabled (bool | Unset):
        end_time (int | Unset): Minutes after local midnight.
        one_time (bool | Unset):
        enabled (bool | Unset):
        latitude (float | Unset):
        longitude (float | Unset):
    """

    id: int | Unset = UNSET
    name: None | str | Unset = UNSET
    days_of_week: int | Unset = UNSET
    start_enabled: bool | Unset = UNSET
    start_time: int | Unset = UNSET
    end_enabled: bool | Unset = UNSET
    end_time: int | Unset = UNSET
    one_time: bool | Unset = UNSET
    enabled: bool | Unset = UNSET
    latitude: float | Unset = UNSET
    longitude: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        days_of_week = self.days_of_week

        start_enabled = self.start_enabled

        start_time = self.start_time

        end_enabled = self.end_enabled

        end_time = self.end_time

        one_time = self.one_time

        enabled = self.enabled

        latitude = self.latitude

        longitude = self.longitude

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if days_of_week is not UNSET:
            field_dict["days_of_week"] = days_of_week
        if start_enabled is not UNSET:
            field_dict["start_enabled"] = start_enabled
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if end_enabled is not UNSET:
            field_dict["end_enabled"] = end_enabled
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if one_time is not UNSET:
            field_dict["one_time"] = one_time
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        days_of_week = d.pop("days_of_week", UNSET)

        start_enabled = d.pop("start_enabled", UNSET)

        start_time = d.pop("start_time", UNSET)

        end_enabled = d.pop("end_enabled", UNSET)

        end_time = d.pop("end_time", UNSET)

        one_time = d.pop("one_time", UNSET)

        enabled = d.pop("enabled", UNSET)

        latitude = d.pop("latitude", UNSET)

        longitude = d.pop("longitude", UNSET)

        charge_schedule = cls(
            id=id,
            name=name,
            days_of_week=days_of_week,
            start_enabled=start_enabled,
            start_time=start_time,
            end_enabled=end_enabled,
            end_time=end_time,
            one_time=one_time,
            enabled=enabled,
            latitude=latitude,
            longitude=longitude,
        )

        charge_schedule.additional_properties = d
        return charge_schedule

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
