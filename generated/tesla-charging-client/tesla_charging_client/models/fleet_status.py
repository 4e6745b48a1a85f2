from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fleet_status_vehicle_info import FleetStatusVehicleInfo


T = TypeVar("T", bound="FleetStatus")


@_attrs_define
class FleetStatus:
    """
    Attributes:
        key_paired_vins (list[str] | Unset): The cars this app's virtual key is paired with.
        unpaired_vins (list[str] | Unset): The cars it is not paired with.
        vehicle_info (FleetStatusVehicleInfo | Unset): Per VIN, what the car is.
    """

    key_paired_vins: list[str] | Unset = UNSET
    unpaired_vins: list[str] | Unset = UNSET
    vehicle_info: FleetStatusVehicleInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key_paired_vins: list[str] | Unset = UNSET
        if not isinstance(self.key_paired_vins, Unset):
            key_paired_vins = self.key_paired_vins

        unpaired_vins: list[str] | Unset = UNSET
        if not isinstance(self.unpaired_vins, Unset):
            unpaired_vins = self.unpaired_vins

        vehicle_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.vehicle_info, Unset):
            vehicle_info = self.vehicle_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if key_paired_vins is not UNSET:
            field_dict["key_paired_vins"] = key_paired_vins
        if unpaired_vins is not UNSET:
            field_dict["unpaired_vins"] = unpaired_vins
        if vehicle_info is not UNSET:
            field_dict["vehicle_info"] = vehicle_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fleet_status_vehicle_info import FleetStatusVehicleInfo  # noqa: PLC0415

        d = dict(src_dict)
        key_paired_vins = cast(list[str], d.pop("key_paired_vins", UNSET))

        unpaired_vins = cast(list[str], d.pop("unpaired_vins", UNSET))

        _vehicle_info = d.pop("vehicle_info", UNSET)
        vehicle_info: FleetStatusVehicleInfo | Unset
        if isinstance(_vehicle_info, Unset):
            vehicle_info = UNSET
        else:
            vehicle_info = FleetStatusVehicleInfo.from_dict(_vehicle_info)

        fleet_status = cls(
            key_paired_vins=key_paired_vins,
            unpaired_vins=unpaired_vins,
            vehicle_info=vehicle_info,
        )

        fleet_status.additional_properties = d
        return fleet_status

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
