from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AddPreconditionScheduleRequest")


@_attrs_define
class AddPreconditionScheduleRequest:
    """The body of `add_precondition_schedule`.

    Attributes:
        days_of_week (int | str): The days a schedule runs: a comma-separated list of day names, in any case, with
            spaces around them allowed (`SUN`/`SUNDAY`, `MON`/`MONDAY`, `TUES`/`TUESDAY`,
            `WED`/`WEDNESDAY`, `THURS`/`THURSDAY`, `FRI`/`FRIDAY`, `SAT`/`SATURDAY`,
            `ALL`, `WEEKDAYS`; not `Tue` or `Thu`), or the bitmask as a number (Sunday 1,
            Monday 2, Tuesday 4, Wednesday 8, Thursday 16, Friday 32, Saturday 64; every day 127).
            Tesla's proxy takes only the names.
        enabled (bool): Whether the schedule is on.
        lat (float): Where the schedule applies (degrees north); the car uses it only at that place. Example: 37.4925.
        lon (float): Where the schedule applies (degrees east). Example: -121.9447.
        precondition_time (int): Minutes after local midnight (0 = 00:00, 1439 = 23:59). Example: 1380.
        one_time (bool | Unset): Run once, then turn off.
        id (int | Unset): The schedule's id: the epoch second it was created. Send an existing id to change that
            schedule; a missing or 0 id makes a new one with the current epoch second.
             Example: 1722499200.
        name (str | Unset): A name for the schedule (the Tesla app shows it). Example: Home.
    """

    days_of_week: int | str
    enabled: bool
    lat: float
    lon: float
    precondition_time: int
    one_time: bool | Unset = UNSET
    id: int | Unset = UNSET
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        days_of_week: int | str
        days_of_week = self.days_of_week

        enabled = self.enabled

        lat = self.lat

        lon = self.lon

        precondition_time = self.precondition_time

        one_time = self.one_time

        id = self.id

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "days_of_week": days_of_week,
                "enabled": enabled,
                "lat": lat,
                "lon": lon,
                "precondition_time": precondition_time,
            }
        )
        if one_time is not UNSET:
            field_dict["one_time"] = one_time
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_days_of_week(data: object) -> int | str:
            return cast(int | str, data)

        days_of_week = _parse_days_of_week(d.pop("days_of_week"))

        enabled = d.pop("enabled")

        lat = d.pop("lat")

        lon = d.pop("lon")

        precondition_time = d.pop("precondition_time")

        one_time = d.pop("one_time", UNSET)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        add_precondition_schedule_request = cls(
            days_of_week=days_of_week,
            enabled=enabled,
            lat=lat,
            lon=lon,
            precondition_time=precondition_time,
            one_time=one_time,
            id=id,
            name=name,
        )

        return add_precondition_schedule_request
