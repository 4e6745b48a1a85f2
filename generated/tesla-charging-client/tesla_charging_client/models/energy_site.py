from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnergySite")


@_attrs_define
class EnergySite:
    """A Powerwall or solar site of the account. Only its id is described here: this spec is
    about vehicles, and clients that list cars skip these items.

        Attributes:
            energy_site_id (int):
            resource_type (str | Unset): e.g. `battery` or `solar`.
            site_name (None | str | Unset):
    """

    energy_site_id: int
    resource_type: str | Unset = UNSET
    site_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        energy_site_id = self.energy_site_id

        resource_type = self.resource_type

        site_name: None | str | Unset
        if isinstance(self.site_name, Unset):
            site_name = UNSET
        else:
            site_name = self.site_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "energy_site_id": energy_site_id,
            }
        )
        if resource_type is not UNSET:
            field_dict["resource_type"] = resource_type
        if site_name is not UNSET:
            field_dict["site_name"] = site_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        energy_site_id = d.pop("energy_site_id")

        resource_type = d.pop("resource_type", UNSET)

        def _parse_site_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        site_name = _parse_site_name(d.pop("site_name", UNSET))

        energy_site = cls(
            energy_site_id=energy_site_id,
            resource_type=resource_type,
            site_name=site_name,
        )

        energy_site.additional_properties = d
        return energy_site

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
