from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PreconditionSchedule")


@_attrs_define
class PreconditionSchedule:
    """One preconditioning schedule.

    Attributes:
        id (int | Unset):
        name (None | str | Unset):
        days_of_week (int | Unset): Bitmask, Sunday 1 ... Saturday 64.
        precondition_time (int | Unset): Minutes after local midnight.
        one_time (bool | Unset):
        enabled (bool | Unset):
        latitude (float | Unset):
        longitude (float | Unset):
    """

    id: int | Unset = UNSET
    name: None | str | Unset = UNSET
    days_of_week: int | Unset = UNSET
    precondition_time: int | Unset = UNSET
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

        precondition_time = self.precondition_time

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
        if precondition_time is not UNSET:
            field_dict["precondition_time"] = precondition_time
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

        precondition_time = d.pop("precondition_time", UNSET)

        one_time = d.pop("one_time", UNSET)

        enabled = d.pop("enabled", UNSET)

        latitude = d.pop("latitude", UNSET)

        longitude = d.pop("longitude", UNSET)

        precondition_schedule = cls(
            id=id,
            name=name,
            days_of_week=days_of_week,
            precondition_time=precondition_time,
            one_time=one_time,
            enabled=enabled,
            latitude=latitude,
            longitude=longitude,
        )

        precondition_schedule.additional_properties = d
        return precondition_schedule

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
