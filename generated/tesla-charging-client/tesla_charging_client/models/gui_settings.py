from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GuiSettings")


@_attrs_define
class GuiSettings:
    """The units the car displays.

    Attributes:
        gui_distance_units (str | Unset): e.g. `mi/hr` or `km/hr`.
        gui_temperature_units (str | Unset): `C` or `F`.
        gui_charge_rate_units (str | Unset): e.g. `mi/hr` or `kW`.
        gui_24_hour_time (bool | Unset):
        gui_range_display (str | Unset): e.g. `Rated` or `Ideal`.
        timestamp (int | Unset): Unix time, milliseconds.
    """

    gui_distance_units: str | Unset = UNSET
    gui_temperature_units: str | Unset = UNSET
    gui_charge_rate_units: str | Unset = UNSET
    gui_24_hour_time: bool | Unset = UNSET
    gui_range_display: str | Unset = UNSET
    timestamp: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        gui_distance_units = self.gui_distance_units

        gui_temperature_units = self.gui_temperature_units

        gui_charge_rate_units = self.gui_charge_rate_units

        gui_24_hour_time = self.gui_24_hour_time

        gui_range_display = self.gui_range_display

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if gui_distance_units is not UNSET:
            field_dict["gui_distance_units"] = gui_distance_units
        if gui_temperature_units is not UNSET:
            field_dict["gui_temperature_units"] = gui_temperature_units
        if gui_charge_rate_units is not UNSET:
            field_dict["gui_charge_rate_units"] = gui_charge_rate_units
        if gui_24_hour_time is not UNSET:
            field_dict["gui_24_hour_time"] = gui_24_hour_time
        if gui_range_display is not UNSET:
            field_dict["gui_range_display"] = gui_range_display
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        gui_distance_units = d.pop("gui_distance_units", UNSET)

        gui_temperature_units = d.pop("gui_temperature_units", UNSET)

        gui_charge_rate_units = d.pop("gui_charge_rate_units", UNSET)

        gui_24_hour_time = d.pop("gui_24_hour_time", UNSET)

        gui_range_display = d.pop("gui_range_display", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        gui_settings = cls(
            gui_distance_units=gui_distance_units,
            gui_temperature_units=gui_temperature_units,
            gui_charge_rate_units=gui_charge_rate_units,
            gui_24_hour_time=gui_24_hour_time,
            gui_range_display=gui_range_display,
            timestamp=timestamp,
        )

        gui_settings.additional_properties = d
        return gui_settings

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
