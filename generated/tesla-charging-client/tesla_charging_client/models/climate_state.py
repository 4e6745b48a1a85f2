from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClimateState")


@_attrs_define
class ClimateState:
    """Cabin climate (a summary of the real section's fields).

    Attributes:
        inside_temp (float | None | Unset): Cabin temperature, °C.
        outside_temp (float | None | Unset): Outside temperature, °C.
        is_climate_on (bool | Unset):
        is_preconditioning (bool | Unset):
        driver_temp_setting (float | Unset): Target temperature, °C.
        timestamp (int | Unset): Unix time, milliseconds.
    """

    inside_temp: float | None | Unset = UNSET
    outside_temp: float | None | Unset = UNSET
    is_climate_on: bool | Unset = UNSET
    is_preconditioning: bool | Unset = UNSET
    driver_temp_setting: float | Unset = UNSET
    timestamp: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        inside_temp: float | None | Unset
        if isinstance(self.inside_temp, Unset):
            inside_temp = UNSET
        else:
            inside_temp = self.inside_temp

        outside_temp: float | None | Unset
        if isinstance(self.outside_temp, Unset):
            outside_temp = UNSET
        else:
            outside_temp = self.outside_temp

        is_climate_on = self.is_climate_on

        is_preconditioning = self.is_preconditioning

        driver_temp_setting = self.driver_temp_setting

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if inside_temp is not UNSET:
            field_dict["inside_temp"] = inside_temp
        if outside_temp is not UNSET:
            field_dict["outside_temp"] = outside_temp
        if is_climate_on is not UNSET:
            field_dict["is_climate_on"] = is_climate_on
        if is_preconditioning is not UNSET:
            field_dict["is_preconditioning"] = is_preconditioning
        if driver_temp_setting is not UNSET:
            field_dict["driver_temp_setting"] = driver_temp_setting
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_inside_temp(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        inside_temp = _parse_inside_temp(d.pop("inside_temp", UNSET))

        def _parse_outside_temp(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        outside_temp = _parse_outside_temp(d.pop("outside_temp", UNSET))

        is_climate_on = d.pop("is_climate_on", UNSET)

        is_preconditioning = d.pop("is_preconditioning", UNSET)

        driver_temp_setting = d.pop("driver_temp_setting", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        climate_state = cls(
            inside_temp=inside_temp,
            outside_temp=outside_temp,
            is_climate_on=is_climate_on,
            is_preconditioning=is_preconditioning,
            driver_temp_setting=driver_temp_setting,
            timestamp=timestamp,
        )

        climate_state.additional_properties = d
        return climate_state

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
