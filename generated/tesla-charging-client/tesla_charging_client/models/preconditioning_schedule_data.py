from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.precondition_schedule import PreconditionSchedule


T = TypeVar("T", bound="PreconditioningScheduleData")


@_attrs_define
class PreconditioningScheduleData:
    """The `preconditioning_schedule_data` section of `vehicle_data` (firmware 2024.26+).

    Attributes:
        precondition_schedules (list[PreconditionSchedule] | Unset):
        preconditioning_schedule_window (None | PreconditionSchedule | Unset): The next preconditioning the schedules
            make; null when none.
        max_num_precondition_schedules (int | None | Unset):
        next_schedule (bool | None | Unset):
        timestamp (int | None | Unset): Milliseconds since the epoch.
    """

    precondition_schedules: list[PreconditionSchedule] | Unset = UNSET
    preconditioning_schedule_window: None | PreconditionSchedule | Unset = UNSET
    max_num_precondition_schedules: int | None | Unset = UNSET
    next_schedule: bool | None | Unset = UNSET
    timestamp: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.precondition_schedule import PreconditionSchedule  # noqa: PLC0415

        precondition_schedules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.precondition_schedules, Unset):
            precondition_schedules = []
            for precondition_schedules_item_data in self.precondition_schedules:
                precondition_schedules_item = precondition_schedules_item_data.to_dict()
                precondition_schedules.append(precondition_schedules_item)

        preconditioning_schedule_window: dict[str, Any] | None | Unset
        if isinstance(self.preconditioning_schedule_window, Unset):
            preconditioning_schedule_window = UNSET
        elif isinstance(self.preconditioning_schedule_window, PreconditionSchedule):
            preconditioning_schedule_window = self.preconditioning_schedule_window.to_dict()
        else:
            preconditioning_schedule_window = self.preconditioning_schedule_window

        max_num_precondition_schedules: int | None | Unset
        if isinstance(self.max_num_precondition_schedules, Unset):
            max_num_precondition_schedules = UNSET
        else:
            max_num_precondition_schedules = self.max_num_precondition_schedules

        next_schedule: bool | None | Unset
        if isinstance(self.next_schedule, Unset):
            next_schedule = UNSET
        else:
            next_schedule = self.next_schedule

        timestamp: int | None | Unset
        if isinstance(self.timestamp, Unset):
            timestamp = UNSET
        else:
            timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if precondition_schedules is not UNSET:
            field_dict["precondition_schedules"] = precondition_schedules
        if preconditioning_schedule_window is not UNSET:
            field_dict["preconditioning_schedule_window"] = preconditioning_schedule_window
        if max_num_precondition_schedules is not UNSET:
            field_dict["max_num_precondition_schedules"] = max_num_precondition_schedules
        if next_schedule is not UNSET:
            field_dict["next_schedule"] = next_schedule
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.precondition_schedule import PreconditionSchedule  # noqa: PLC0415

        d = dict(src_dict)
        _precondition_schedules = d.pop("precondition_schedules", UNSET)
        precondition_schedules: list[PreconditionSchedule] | Unset = UNSET
        if _precondition_schedules is not UNSET:
            precondition_schedules = []
            for precondition_schedules_item_data in _precondition_schedules:
                precondition_schedules_item = PreconditionSchedule.from_dict(precondition_schedules_item_data)

                precondition_schedules.append(precondition_schedules_item)

        def _parse_preconditioning_schedule_window(data: object) -> None | PreconditionSchedule | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                preconditioning_schedule_window_type_0 = PreconditionSchedule.from_dict(data)

                return preconditioning_schedule_window_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreconditionSchedule | Unset, data)

        preconditioning_schedule_window = _parse_preconditioning_schedule_window(
            d.pop("preconditioning_schedule_window", UNSET)
        )

        def _parse_max_num_precondition_schedules(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_num_precondition_schedules = _parse_max_num_precondition_schedules(
            d.pop("max_num_precondition_schedules", UNSET)
        )

        def _parse_next_schedule(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        next_schedule = _parse_next_schedule(d.pop("next_schedule", UNSET))

        def _parse_timestamp(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        timestamp = _parse_timestamp(d.pop("timestamp", UNSET))

        preconditioning_schedule_data = cls(
            precondition_schedules=precondition_schedules,
            preconditioning_schedule_window=preconditioning_schedule_window,
            max_num_precondition_schedules=max_num_precondition_schedules,
            next_schedule=next_schedule,
            timestamp=timestamp,
        )

        preconditioning_schedule_data.additional_properties = d
        return preconditioning_schedule_data

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
