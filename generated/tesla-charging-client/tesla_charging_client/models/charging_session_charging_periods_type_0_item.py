from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.charging_session_charging_periods_type_0_item_dimensions_item import (
        ChargingSessionChargingPeriodsType0ItemDimensionsItem,
    )


T = TypeVar("T", bound="ChargingSessionChargingPeriodsType0Item")


@_attrs_define
class ChargingSessionChargingPeriodsType0Item:
    """
    Attributes:
        start_date_time (str | Unset):
        dimensions (list[ChargingSessionChargingPeriodsType0ItemDimensionsItem] | Unset):
    """

    start_date_time: str | Unset = UNSET
    dimensions: list[ChargingSessionChargingPeriodsType0ItemDimensionsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start_date_time = self.start_date_time

        dimensions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.dimensions, Unset):
            dimensions = []
            for dimensions_item_data in self.dimensions:
                dimensions_item = dimensions_item_data.to_dict()
                dimensions.append(dimensions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if start_date_time is not UNSET:
            field_dict["start_date_time"] = start_date_time
        if dimensions is not UNSET:
            field_dict["dimensions"] = dimensions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.charging_session_charging_periods_type_0_item_dimensions_item import (
            ChargingSessionChargingPeriodsType0ItemDimensionsItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        start_date_time = d.pop("start_date_time", UNSET)

        _dimensions = d.pop("dimensions", UNSET)
        dimensions: list[ChargingSessionChargingPeriodsType0ItemDimensionsItem] | Unset = UNSET
        if _dimensions is not UNSET:
            dimensions = []
            for dimensions_item_data in _dimensions:
                dimensions_item = ChargingSessionChargingPeriodsType0ItemDimensionsItem.from_dict(dimensions_item_data)

                dimensions.append(dimensions_item)

        charging_session_charging_periods_type_0_item = cls(
            start_date_time=start_date_time,
            dimensions=dimensions,
        )

        charging_session_charging_periods_type_0_item.additional_properties = d
        return charging_session_charging_periods_type_0_item

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
