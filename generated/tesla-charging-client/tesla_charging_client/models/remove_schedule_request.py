from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RemoveScheduleRequest")


@_attrs_define
class RemoveScheduleRequest:
    """The body of `remove_charge_schedule` and `remove_precondition_schedule`.

    Attributes:
        id (int): The schedule's id: the epoch second it was created. Send an existing id to change that
            schedule; a missing or 0 id makes a new one with the current epoch second.
             Example: 1722499200.
    """

    id: int

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        remove_schedule_request = cls(
            id=id,
        )

        return remove_schedule_request
