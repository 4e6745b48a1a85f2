"""The charge and preconditioning schedules of firmware 2024.26+, without HTTP.

A schedule runs on the days of its `days_of_week` bitmask (Sunday 1 ... Saturday 64) at minutes
after the car's local midnight, at its place (`latitude`, `longitude`): the car only follows a
schedule made for where it is parked. `Vehicle` keeps the schedules and turns their edges (a
charge schedule's start and end) into simulation events; this module knows the days, the times
and the shapes `vehicle_data` shows.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

DAY_S = 86_400
ALL_DAYS = 127
WEEKDAYS = 62
# The names Tesla's proxy reads, case-insensitive (pkg/proxy/command.go): `Tue` and `Thu`
# are not among them, and a number is not accepted there.
DAY_NAME_BITS: dict[str, int] = {
    "SUN": 1,
    "SUNDAY": 1,
    "MON": 2,
    "MONDAY": 2,
    "TUES": 4,
    "TUESDAY": 4,
    "WED": 8,
    "WEDNESDAY": 8,
    "THURS": 16,
    "THURSDAY": 16,
    "FRI": 32,
    "FRIDAY": 32,
    "SAT": 64,
    "SATURDAY": 64,
    "ALL": ALL_DAYS,
    "WEEKDAYS": WEEKDAYS,
}
# How many schedules of each kind a car keeps (the mock's choice: Tesla has not published the
# car's number; `max_num_*_schedules` in `vehicle_data` shows it). One more is refused.
MAX_SCHEDULES = 10
SCHEDULES_FULL_REASON = "too_many_schedules"
# A schedule belongs to a place when it is within this distance of it (batch removal by place).
SAME_PLACE_M = 200.0
# How long before a preconditioning schedule's `precondition_time` the car starts conditioning
# the cabin (the mock's choice: the real car decides from the temperatures; Tesla publishes no
# figure). Inside that window `climate_state` shows the climate on and preconditioning.
PRECONDITION_LEAD_S = 30 * 60


class UnrecognizedDayName(ValueError):
    """A day name Tesla's proxy does not know: its message is the proxy's text."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unrecognized day name: {name}")


def days_bitmask(days_of_week: str | int) -> int:
    """The bitmask of `days_of_week`: a comma-separated list of day names, or the mask itself."""
    if isinstance(days_of_week, int):
        return days_of_week
    mask = 0
    for name in days_of_week.split(","):
        bits = DAY_NAME_BITS.get(name.strip().upper())
        if bits is None:
            raise UnrecognizedDayName(name)
        mask |= bits
    return mask


def local_weekday_bit(at: float, utc_offset_minutes: int) -> int:
    """The bit of the local day of epoch second `at` (Sunday 1 ... Saturday 64)."""
    days_since_epoch = math.floor((at + utc_offset_minutes * 60) / DAY_S)
    # 1970-01-01 was a Thursday: day 0 is bit 16.
    return 1 << ((days_since_epoch + 4) % 7)


def next_edge(after: float, minutes: int, days_mask: int, utc_offset_minutes: int) -> float:
    """The first epoch second strictly after `after` at `minutes` past local midnight on a day
    of `days_mask`; infinity for an empty mask."""
    if not days_mask & ALL_DAYS:
        return math.inf
    offset_s = utc_offset_minutes * 60
    local_midnight = math.floor((after + offset_s) / DAY_S) * DAY_S - offset_s
    for day in range(8):
        candidate = local_midnight + day * DAY_S + minutes * 60
        if candidate > after and local_weekday_bit(candidate, utc_offset_minutes) & days_mask:
            return float(candidate)
    return math.inf  # unreachable: a week holds every day


def previous_edge(at: float, minutes: int, days_mask: int, utc_offset_minutes: int) -> float:
    """The last epoch second at or before `at` at `minutes` past local midnight on a day of
    `days_mask`; minus infinity for an empty mask."""
    if not days_mask & ALL_DAYS:
        return -math.inf
    offset_s = utc_offset_minutes * 60
    local_midnight = math.floor((at + offset_s) / DAY_S) * DAY_S - offset_s
    for day in range(8):
        candidate = local_midnight - day * DAY_S + minutes * 60
        if candidate <= at and local_weekday_bit(candidate, utc_offset_minutes) & days_mask:
            return float(candidate)
    return -math.inf  # unreachable: a week holds every day


def day_after(days_mask: int) -> int:
    """The mask moved one day later (Saturday wraps to Sunday): the end of an overnight window
    falls on the day after its start."""
    return ((days_mask << 1) | (days_mask >> 6)) & ALL_DAYS


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    earth_radius_m = 6_371_000.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * earth_radius_m * math.asin(min(1.0, math.sqrt(h)))


@dataclass(slots=True)
class ChargeSchedule:
    """One charge schedule, with the field names `charge_schedule_data` shows."""

    id: int
    days_of_week: int
    enabled: bool
    latitude: float
    longitude: float
    start_enabled: bool
    start_time: int
    end_enabled: bool
    end_time: int
    one_time: bool
    name: str | None = None

    def edges(self) -> list[tuple[str, int, int]]:
        """("start"|"end", minutes, days mask) of each enabled edge."""
        if not self.enabled:
            return []
        found = []
        if self.start_enabled:
            found.append(("start", self.start_time, self.days_of_week))
        if self.end_enabled:
            overnight = self.start_enabled and self.end_time <= self.start_time
            days = day_after(self.days_of_week) if overnight else self.days_of_week
            found.append(("end", self.end_time, days))
        return found

    def window_contains(self, at: float, utc_offset_minutes: int) -> bool:
        """Whether `at` falls between a start of this schedule and the end that follows it
        (only for an enabled schedule with both a start and an end)."""
        edges = dict((kind, (minutes, days)) for kind, minutes, days in self.edges())
        if "start" not in edges or "end" not in edges:
            return False
        started = previous_edge(at, *edges["start"], utc_offset_minutes)
        return at < next_edge(started, *edges["end"], utc_offset_minutes)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class PreconditionSchedule:
    """One preconditioning schedule, as `preconditioning_schedule_data` shows it."""

    id: int
    days_of_week: int
    enabled: bool
    latitude: float
    longitude: float
    precondition_time: int
    one_time: bool
    name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


Place = tuple[float, float]  # (latitude, longitude)


def at_place(schedule: ChargeSchedule | PreconditionSchedule, place: Place | None) -> bool:
    """Whether `schedule` was made for `place` (False when there is no such place)."""
    return place is not None and same_place((schedule.latitude, schedule.longitude), place)


def same_place(a: Place, b: Place) -> bool:
    return distance_m(*a, *b) <= SAME_PLACE_M


def place_kind(place: Place, home: Place, work: Place | None) -> str:
    """What `place` is to a car with this home and work: "home", "work" or "other" (home wins
    where the two are within 200 m of each other)."""
    if same_place(place, home):
        return "home"
    if work is not None and same_place(place, work):
        return "work"
    return "other"
