from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FleetVehicleInfo")


@_attrs_define
class FleetVehicleInfo:
    """
    Attributes:
        firmware_version (None | str | Unset):
        vehicle_command_protocol_required (bool | None | Unset): true when the car refuses unsigned REST commands.
        fleet_telemetry_version (None | str | Unset):
        total_number_of_keys (int | None | Unset):
        discounted_device_data (bool | None | Unset):
    """

    firmware_version: None | str | Unset = UNSET
    vehicle_command_protocol_required: bool | None | Unset = UNSET
    fleet_telemetry_version: None | str | Unset = UNSET
    total_number_of_keys: int | None | Unset = UNSET
    discounted_device_data: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        firmware_version: None | str | Unset
        if isinstance(self.firmware_version, Unset):
            firmware_version = UNSET
        else:
            firmware_version = self.firmware_version

        vehicle_command_protocol_required: bool | None | Unset
        if isinstance(self.vehicle_command_protocol_required, Unset):
            vehicle_command_protocol_required = UNSET
        else:
            vehicle_command_protocol_required = self.vehicle_command_protocol_required

        fleet_telemetry_version: None | str | Unset
        if isinstance(self.fleet_telemetry_version, Unset):
            fleet_telemetry_version = UNSET
        else:
            fleet_telemetry_version = self.fleet_telemetry_version

        total_number_of_keys: int | None | Unset
        if isinstance(self.total_number_of_keys, Unset):
            total_number_of_keys = UNSET
        else:
            total_number_of_keys = self.total_number_of_keys

        discounted_device_data: bool | None | Unset
        if isinstance(self.discounted_device_data, Unset):
            discounted_device_data = UNSET
        else:
            discounted_device_data = self.discounted_device_data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if firmware_version is not UNSET:
            field_dict["firmware_version"] = firmware_version
        if vehicle_command_protocol_required is not UNSET:
            field_dict["vehicle_command_protocol_required"] = vehicle_command_protocol_required
        if fleet_telemetry_version is not UNSET:
            field_dict["fleet_telemetry_version"] = fleet_telemetry_version
        if total_number_of_keys is not UNSET:
            field_dict["total_number_of_keys"] = total_number_of_keys
        if discounted_device_data is not UNSET:
            field_dict["discounted_device_data"] = discounted_device_data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_firmware_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        firmware_version = _parse_firmware_version(d.pop("firmware_version", UNSET))

        def _parse_vehicle_command_protocol_required(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        vehicle_command_protocol_required = _parse_vehicle_command_protocol_required(
            d.pop("vehicle_command_protocol_required", UNSET)
        )

        def _parse_fleet_telemetry_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fleet_telemetry_version = _parse_fleet_telemetry_version(d.pop("fleet_telemetry_version", UNSET))

        def _parse_total_number_of_keys(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_number_of_keys = _parse_total_number_of_keys(d.pop("total_number_of_keys", UNSET))

        def _parse_discounted_device_data(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        discounted_device_data = _parse_discounted_device_data(d.pop("discounted_device_data", UNSET))

        fleet_vehicle_info = cls(
            firmware_version=firmware_version,
            vehicle_command_protocol_required=vehicle_command_protocol_required,
            fleet_telemetry_version=fleet_telemetry_version,
            total_number_of_keys=total_number_of_keys,
            discounted_device_data=discounted_device_data,
        )

        fleet_vehicle_info.additional_properties = d
        return fleet_vehicle_info

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
