from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BatchRemoveSchedulesRequest")


@_attrs_define
class BatchRemoveSchedulesRequest:
    """Which places' schedules to remove.

    Attributes:
        home (bool): The schedules at the car's home location.
        work (bool): The schedules at the car's work location.
        other (bool): The schedules anywhere else.
    """

    home: bool
    work: bool
    other: bool

    def to_dict(self) -> dict[str, Any]:
        home = self.home

        work = self.work

        other = self.other

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "home": home,
                "work": work,
                "other": other,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        home = d.pop("home")

        work = d.pop("work")

        other = d.pop("other")

        batch_remove_schedules_request = cls(
            home=home,
            work=work,
            other=other,
        )

        return batch_remove_schedules_request
