from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="FleetStatusRequest")


@_attrs_define
class FleetStatusRequest:
    """The cars to ask about.

    Attributes:
        vins (list[str]):
    """

    vins: list[str]

    def to_dict(self) -> dict[str, Any]:
        vins = self.vins

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "vins": vins,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        vins = cast(list[str], d.pop("vins"))

        fleet_status_request = cls(
            vins=vins,
        )

        return fleet_status_request
