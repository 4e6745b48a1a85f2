from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.charge_schedule import ChargeSchedule


T = TypeVar("T", bound="ChargeScheduleData")


@_attrs_define
class ChargeScheduleData:
    """The `charge_schedule_data` section of `vehicle_data` (firmware 2024.26+): the car's
    charge schedules and the window it will charge in next.

        Attributes:
            charge_schedules (list[ChargeSchedule] | Unset):
            charge_schedule_window (ChargeSchedule | None | Unset): The next (or current) window the schedules make; null
                when none.
            charge_buffer (int | None | Unset): Minutes of margin the car keeps before a schedule's end.
            max_num_charge_schedules (int | None | Unset): How many charge schedules the car keeps.
            next_schedule (bool | None | Unset): Whether a schedule will run next time the car is plugged in.
            show_schedule_complete_state (bool | None | Unset):
            timestamp (int | None | Unset): Milliseconds since the epoch.
    """

    charge_schedules: list[ChargeSchedule] | Unset = UNSET
    charge_schedule_window: ChargeSchedule | None | Unset = UNSET
    charge_buffer: int | None | Unset = UNSET
    max_num_charge_schedules: int | None | Unset = UNSET
    next_schedule: bool | None | Unset = UNSET
    show_schedule_complete_state: bool | None | Unset = UNSET
    timestamp: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.charge_schedule import ChargeSchedule  # noqa: PLC0415

        charge_schedules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.charge_schedules, Unset):
            charge_schedules = []
            for charge_schedules_item_data in self.charge_schedules:
                charge_schedules_item = charge_schedules_item_data.to_dict()
                charge_schedules.append(charge_schedules_item)

        charge_schedule_window: dict[str, Any] | None | Unset
        if isinstance(self.charge_schedule_window, Unset):
            charge_schedule_window = UNSET
        elif isinstance(self.charge_schedule_window, ChargeSchedule):
            charge_schedule_window = self.charge_schedule_window.to_dict()
        else:
            charge_schedule_window = self.charge_schedule_window

        charge_buffer: int | None | Unset
        if isinstance(self.charge_buffer, Unset):
            charge_buffer = UNSET
        else:
            charge_buffer = self.charge_buffer

        max_num_charge_schedules: int | None | Unset
        if isinstance(self.max_num_charge_schedules, Unset):
            max_num_charge_schedules = UNSET
        else:
            max_num_charge_schedules = self.max_num_charge_schedules

        next_schedule: bool | None | Unset
        if isinstance(self.next_schedule, Unset):
            next_schedule = UNSET
        else:
            next_schedule = self.next_schedule

        show_schedule_complete_state: bool | None | Unset
        if isinstance(self.show_schedule_complete_state, Unset):
            show_schedule_complete_state = UNSET
        else:
            show_schedule_complete_state = self.show_schedule_complete_state

        timestamp: int | None | Unset
        if isinstance(self.timestamp, Unset):
            timestamp = UNSET
        else:
            timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if charge_schedules is not UNSET:
            field_dict["charge_schedules"] = charge_schedules
        if charge_schedule_window is not UNSET:
            field_dict["charge_schedule_window"] = charge_schedule_window
        if charge_buffer is not UNSET:
            field_dict["charge_buffer"] = charge_buffer
        if max_num_charge_schedules is not UNSET:
            field_dict["max_num_charge_schedules"] = max_num_charge_schedules
        if next_schedule is not UNSET:
            field_dict["next_schedule"] = next_schedule
        if show_schedule_complete_state is not UNSET:
            field_dict["show_schedule_complete_state"] = show_schedule_complete_state
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.charge_schedule import ChargeSchedule  # noqa: PLC0415

        d = dict(src_dict)
        _charge_schedules = d.pop("charge_schedules", UNSET)
        charge_schedules: list[ChargeSchedule] | Unset = UNSET
        if _charge_schedules is not UNSET:
            charge_schedules = []
            for charge_schedules_item_data in _charge_schedules:
                charge_schedules_item = ChargeSchedule.from_dict(charge_schedules_item_data)

                charge_schedules.append(charge_schedules_item)

        def _parse_charge_schedule_window(data: object) -> ChargeSchedule | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                charge_schedule_window_type_0 = ChargeSchedule.from_dict(data)

                return charge_schedule_window_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChargeSchedule | None | Unset, data)

        charge_schedule_window = _parse_charge_schedule_window(d.pop("charge_schedule_window", UNSET))

        def _parse_charge_buffer(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        charge_buffer = _parse_charge_buffer(d.pop("charge_buffer", UNSET))

        def _parse_max_num_charge_schedules(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_num_charge_schedules = _parse_max_num_charge_schedules(d.pop("max_num_charge_schedules", UNSET))

        def _parse_next_schedule(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        next_schedule = _parse_next_schedule(d.pop("next_schedule", UNSET))

        def _parse_show_schedule_complete_state(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        show_schedule_complete_state = _parse_show_schedule_complete_state(d.pop("show_schedule_complete_state", UNSET))

        def _parse_timestamp(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        timestamp = _parse_timestamp(d.pop("timestamp", UNSET))

        charge_schedule_data = cls(
            charge_schedules=charge_schedules,
            charge_schedule_window=charge_schedule_window,
            charge_buffer=charge_buffer,
            max_num_charge_schedules=max_num_charge_schedules,
            next_schedule=next_schedule,
            show_schedule_complete_state=show_schedule_complete_state,
            timestamp=timestamp,
        )

        charge_schedule_data.additional_properties = d
        return charge_schedule_data

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
