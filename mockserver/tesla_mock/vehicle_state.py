"""What a mock car is: the names of its states, and its configurable state as one dataclass.

`RawState` has one field per config key (the properties of `VehicleConfig` in
spec/mock-admin.yaml, in the spec's order; tests/mockserver/test_config_matches_spec.py holds
them equal). It is what `Vehicle.from_config` builds from, what an admin patch replaces and what
`Vehicle.raw_state` reports; the checks and defaults are in `tesla_mock/vehicle_config.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

DAY_S = 86_400
NEVER = math.inf

# Values of the config's enums that the rules act on (the spec lists every allowed value).
ONLINE, ASLEEP, OFFLINE = "online", "asleep", "offline"
CHARGING, STOPPED, COMPLETE, DISCONNECTED = "Charging", "Stopped", "Complete", "Disconnected"
NO_CABLE = "<invalid>"
DEFAULT_CABLE = "SAE"
ENGAGED, DISENGAGED = "Engaged", "Disengaged"
MODE_OFF, MODE_START_AT, MODE_DEPART_BY = "Off", "StartAt", "DepartBy"
ALL_WEEK, WEEKDAYS_ONLY = "all_week", "weekdays"
# How much a car says about itself. `sparse` answers as 2022-24 firmware does: fields missing
# that older firmware sent, and nulls where clients expect booleans (docs/command-rules.md).
FULL, SPARSE = "full", "sparse"
SIGNING_OFF, SIGNING_REQUIRED = "off", "required"
# How a car that requires signed commands answers an unsigned REST one (the facts file, 3.7):
# HTTP 403 (`forbidden`) or HTTP 200 refused with `unsigned_cmds_hardlocked` (`hardlocked`).
REFUSE_FORBIDDEN, REFUSE_HARDLOCKED = "forbidden", "hardlocked"

# A car's home unless its config says otherwise; a new car is parked there.
DEFAULT_HOME = (37.4925, -121.9447)

CHARGE_LIMIT_SOC_MIN = 50
CHARGE_LIMIT_SOC_MAX = 100


@dataclass(slots=True)
class RawState:
    """A car's configurable state. Level and energy are exact at the vehicle's anchor time
    (`Vehicle.raw_state` reports them as of a given time)."""

    # Identity (never changes after creation).
    id: int
    vehicle_id: int
    vin: str
    display_name: str | None
    # Reachability.
    state: str
    in_service: bool
    # Cable and port.
    plugged_in: bool
    cable: str
    charge_port_door_open: bool
    charge_port_latch: str
    # Charging.
    charging_state: str
    battery_level: float
    charge_limit_soc: int
    charge_to_max_range: bool
    max_range_charge_counter: int
    charge_energy_added: float
    charge_enable_request: bool
    charge_current_request: int
    charge_current_request_max: int
    # Charger and the car's build.
    charger_pilot_current: int
    charger_voltage: int
    charger_phases: int
    pack_kwh: float
    rated_range_miles: float
    utc_offset_minutes: int
    # Sleep and wake.
    sleep_after_idle_s: float | None
    wake_delay_s: float
    # Legacy schedules (before firmware 2024.26).
    scheduled_charging_mode: str
    scheduled_charging_start_time_app: int
    scheduled_departure_time_minutes: int
    preconditioning_enabled: bool
    preconditioning_times: str
    off_peak_charging_enabled: bool
    off_peak_charging_times: str
    off_peak_hours_end_time: int
    charge_limit_soc_std: int
    # How the car answers.
    profile: str
    command_signing: str
    unsigned_command_refusal: str
    virtual_key_paired: bool
    firmware_version: str
    # The charging history's fees.
    price_per_kwh: float
    currency_code: str
    # Places: where the car is parked (drive_state), its home and its work (none when null).
    # A schedule applies only where it was made; batch removal goes by home, work and other.
    latitude: float
    longitude: float
    home_latitude: float
    home_longitude: float
    work_latitude: float | None
    work_longitude: float | None

    @property
    def parked_at(self) -> tuple[float, float]:
        return self.latitude, self.longitude

    @property
    def home(self) -> tuple[float, float]:
        return self.home_latitude, self.home_longitude

    @property
    def work(self) -> tuple[float, float] | None:
        if self.work_latitude is None or self.work_longitude is None:
            return None
        return self.work_latitude, self.work_longitude


CONFIG_FIELDS = tuple(field.name for field in fields(RawState))
CONFIG_KEYS = frozenset(CONFIG_FIELDS)
IDENTITY_KEYS = frozenset({"id", "vehicle_id", "vin"})


def next_local_time(after: float, minutes: int, utc_offset_minutes: int) -> int:
    """The first epoch second strictly after `after` at `minutes` past local midnight."""
    offset_s = utc_offset_minutes * 60
    local_midnight = math.floor((after + offset_s) / DAY_S) * DAY_S - offset_s
    candidate = local_midnight + minutes * 60
    if candidate <= after:
        candidate += DAY_S
    return int(candidate)
