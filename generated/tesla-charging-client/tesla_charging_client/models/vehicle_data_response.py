from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.vehicle_data import VehicleData


T = TypeVar("T", bound="VehicleDataResponse")


@_attrs_define
class VehicleDataResponse:
    """
    Attributes:
        response (VehicleData): The vehicle object and the state sections that were asked for with `endpoints`
            (every section except location when it is omitted).
    """

    response: VehicleData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        response = self.response.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "response": response,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vehicle_data import VehicleData  # noqa: PLC0415

        d = dict(src_dict)
        response = VehicleData.from_dict(d.pop("response"))

        vehicle_data_response = cls(
            response=response,
        )

        vehicle_data_response.additional_properties = d
        return vehicle_data_response

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
