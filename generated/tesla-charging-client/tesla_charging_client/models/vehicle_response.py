from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.vehicle import Vehicle


T = TypeVar("T", bound="VehicleResponse")


@_attrs_define
class VehicleResponse:
    """
    Attributes:
        response (Vehicle): A vehicle of the account. Only `id`, `vehicle_id` and `vin` are in every real body;
            every other field comes and goes with the firmware and the endpoint (2023-24
            `vehicle_data` has no top-level `display_name`: the name is in
            `vehicle_state.vehicle_name`). Unknown fields are kept.
    """

    response: Vehicle
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
        from ..models.vehicle import Vehicle  # noqa: PLC0415

        d = dict(src_dict)
        response = Vehicle.from_dict(d.pop("response"))

        vehicle_response = cls(
            response=response,
        )

        vehicle_response.additional_properties = d
        return vehicle_response

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
