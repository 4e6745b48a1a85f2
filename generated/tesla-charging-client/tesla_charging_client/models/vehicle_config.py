from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VehicleConfig")


@_attrs_define
class VehicleConfig:
    """The car's build (a summary of the real section's fields).

    Attributes:
        car_type (str | Unset): e.g. `model3`, `modely`, `models`, `modelx`.
        trim_badging (str | Unset):
        charge_port_type (str | Unset): e.g. `US`, `EU`, `CCS`.
        motorized_charge_port (bool | Unset): Whether `charge_port_door_close` can close the port.
        timestamp (int | Unset): Unix time, milliseconds.
    """

    car_type: str | Unset = UNSET
    trim_badging: str | Unset = UNSET
    charge_port_type: str | Unset = UNSET
    motorized_charge_port: bool | Unset = UNSET
    timestamp: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        car_type = self.car_type

        trim_badging = self.trim_badging

        charge_port_type = self.charge_port_type

        motorized_charge_port = self.motorized_charge_port

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if car_type is not UNSET:
            field_dict["car_type"] = car_type
        if trim_badging is not UNSET:
            field_dict["trim_badging"] = trim_badging
        if charge_port_type is not UNSET:
            field_dict["charge_port_type"] = charge_port_type
        if motorized_charge_port is not UNSET:
            field_dict["motorized_charge_port"] = motorized_charge_port
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        car_type = d.pop("car_type", UNSET)

        trim_badging = d.pop("trim_badging", UNSET)

        charge_port_type = d.pop("charge_port_type", UNSET)

        motorized_charge_port = d.pop("motorized_charge_port", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        vehicle_config = cls(
            car_type=car_type,
            trim_badging=trim_badging,
            charge_port_type=charge_port_type,
            motorized_charge_port=motorized_charge_port,
            timestamp=timestamp,
        )

        vehicle_config.additional_properties = d
        return vehicle_config

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
