from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserRegion")


@_attrs_define
class UserRegion:
    """
    Attributes:
        region (str | Unset): `na`, `eu` or `cn`. New values may appear.
        fleet_api_base_url (str | Unset): The Fleet API host that serves this account.
    """

    region: str | Unset = UNSET
    fleet_api_base_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        region = self.region

        fleet_api_base_url = self.fleet_api_base_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if region is not UNSET:
            field_dict["region"] = region
        if fleet_api_base_url is not UNSET:
            field_dict["fleet_api_base_url"] = fleet_api_base_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        region = d.pop("region", UNSET)

        fleet_api_base_url = d.pop("fleet_api_base_url", UNSET)

        user_region = cls(
            region=region,
            fleet_api_base_url=fleet_api_base_url,
        )

        user_region.additional_properties = d
        return user_region

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
