from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SetChargeLimitForm")


@_attrs_define
class SetChargeLimitForm:
    """The form-encoded body of `set_charge_limit` (the fields of the JSON body).

    Attributes:
        percent (int): The percentage the battery will charge until. The car clamps it to
            `[charge_limit_soc_min, charge_limit_soc_max]` (50 to 100) and answers `result: true`:
            `percent: 1` sets 50. Any 32-bit integer is accepted, as Tesla's proxy forwards it.
             Example: 75.
    """

    percent: int

    def to_dict(self) -> dict[str, Any]:
        percent = self.percent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "percent": percent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        percent = d.pop("percent")

        set_charge_limit_form = cls(
            percent=percent,
        )

        return set_charge_limit_form
