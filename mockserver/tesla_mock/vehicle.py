"""The mock vehicle's rules: what each charging command does to one car, without HTTP.

Where the rest lives: the car's state (`RawState`, one field per config key) and the names of its
states in `vehicle_state.py`; the config checks, derived from the admin spec, in
`vehicle_config.py`; simulated time (events, charging physics, sleep, admin patches) in
`vehicle_simulation.py`, whose `SimulatedCar` `Vehicle` extends; the read side (`vehicle_data`
sections) in `vehicle_views.py`. Names other modules import are re-exported here.

Command rules (docs/command-rules.md has the same rows in longer words, the derived values and
the config keys; tests/mockserver/test_rules_table.py keeps the two in step). A refused command
changes nothing. "Limit" is `charge_limit_soc`.

| Command | Vehicle state | Result | Reason | State change |
|---|---|---|---|---|
| charge_start | not plugged in | refused | disconnected | - |
| charge_start | charging | refused | is_charging | - |
| charge_start | battery_level >= limit | refused | complete | - |
| charge_start | plugged in, not charging, below limit | done | | charging_state Charging, latch
  Engaged, charge_enable_request true, scheduled_charging_pending false; charge_energy_added
  restarts at 0 on the first start after a plug-in |
| charge_stop | not charging | refused | not_charging | - |
| charge_stop | charging | done | | charging_state Stopped, charge_enable_request false |
| charge_standard | limit == std (charge_limit_soc_std) | refused | already_standard | - |
| charge_standard | otherwise | done | | limit std, charge_to_max_range false, limit effects |
| charge_max_range | limit == 100 (max) | refused | already_max_range | - |
| charge_max_range | otherwise | done | | limit 100, charge_to_max_range true,
  max_range_charge_counter + 1, limit effects |
| set_charge_limit(p) | p == limit (before clamping) | refused | already_set | - |
| set_charge_limit(p) | otherwise | done | | limit = p clamped to [50, 100] (p = 1 sets 50, as
  recorded), charge_to_max_range = (limit == 100), limit effects |
| (limit effect) | plugged in, Complete, limit raised above level | | | charging_state Charging
  (same session) |
| (limit effect) | charging, limit lowered to <= level | | | charging_state Complete |
| charge_port_door_open | charging | refused | charging | - |
| charge_port_door_open | plugged in, not charging | done | | latch Disengaged (door stays open) |
| charge_port_door_open | not plugged in | done | | charge_port_door_open true |
| charge_port_door_close | plugged in | refused | cable_connected (mock's choice) | - |
| charge_port_door_close | not plugged in | done | | charge_port_door_open false |
| set_charging_amps(a) | A = a clamped to [0, max]; A >= 5 | done | |
  charge_current_request = charge_amps = A |
| set_charging_amps(a) | A < 5, previous set_charging_amps request differs | done | |
  charge_current_request = charge_amps = 5 |
| set_charging_amps(a) | A < 5, the same A sent again | done | | charge_current_request =
  charge_amps = 2 for A 0-1, 3 for A 2-3, 4 for A 4 |
| set_scheduled_charging(enable, time) | enable | done | | mode StartAt, start_time_app = time,
  start_time = next epoch of that local time, pending = plugged in and not charging |
| set_scheduled_charging(enable, time) | not enable | done | | mode Off, pending false,
  start_time null |
| set_scheduled_departure(enable) | `enable: true` is the only field | done | | - (the car needs
  every field) |
| set_scheduled_departure(enable, ...) | not enable | done | | mode Off, preconditioning_enabled
  false, off_peak_charging_enabled false, other fields ignored |
| set_scheduled_departure(enable, ...) | enable | done | | mode DepartBy, departure minutes and
  next epoch, preconditioning/off-peak flags, *_times weekdays or all_week,
  off_peak_hours_end_time |
| add_charge_schedule(...) | new id, 10 schedules already | refused | too_many_schedules (mock)
  | - |
| add_charge_schedule(...) | otherwise | done | | schedule added or replaced (id 0: now) |
| remove_charge_schedule(id) | any | done | | schedule removed |
| add_precondition_schedule(...) / remove_precondition_schedule(id) | as above | | |
  preconditioning_schedule_data |
| batch_remove_*_schedules(home, work, other) | any | done | | the schedules at home / at the
  work location / elsewhere removed |
| (schedule start) | plugged in, not charging, below limit | | | charging starts, the car wakes |
| (schedule end) | charging | | | charging_state Stopped |
| (plug-in in a window) | below limit, between a schedule's start and end | | | charging
  starts at once |
| (one-time schedule) | its last edge ran | | | enabled false |
| (preconditioning window) | the 30 min before precondition_time, here, on its day | | | the car
  wakes and stays awake; climate on and preconditioning, cabin warms to the setting; then off |
| set_scheduled_charging(enable, time) on 2024.26+ | enable | done | | adds an every-day
  schedule; mode stays Off |
| set_scheduled_departure(enable, ...) on 2024.26+ | enable, with fields | done | | adds a
  preconditioning schedule; mode stays Off |
| (any command) | command_signing required, unsigned_command_refusal hardlocked, not via proxy |
  refused | unsigned_cmds_hardlocked | - |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tesla_mock.schedules import (
    ALL_DAYS,
    MAX_SCHEDULES,
    SCHEDULES_FULL_REASON,
    WEEKDAYS,
    ChargeSchedule,
    PreconditionSchedule,
    days_bitmask,
    place_kind,
)
from tesla_mock.vehicle_config import (
    InconsistentConfig,
    check_config_value,
    validated_config,
)
from tesla_mock.vehicle_simulation import SimulatedCar
from tesla_mock.vehicle_state import (
    ALL_WEEK,
    ASLEEP,
    CHARGE_LIMIT_SOC_MAX,
    CHARGE_LIMIT_SOC_MIN,
    CHARGING,
    COMPLETE,
    CONFIG_KEYS,
    DAY_S,
    DISCONNECTED,
    DISENGAGED,
    FULL,
    IDENTITY_KEYS,
    MODE_DEPART_BY,
    MODE_OFF,
    MODE_START_AT,
    NEVER,
    NO_CABLE,
    OFFLINE,
    ONLINE,
    REFUSE_FORBIDDEN,
    REFUSE_HARDLOCKED,
    SIGNING_OFF,
    SIGNING_REQUIRED,
    SPARSE,
    STOPPED,
    WEEKDAYS_ONLY,
    RawState,
    next_local_time,
)

# Names other modules import from here; their homes are the modules above.
__all__ = [
    "ASLEEP",
    "CHARGE_LIMIT_SOC_MAX",
    "CHARGE_LIMIT_SOC_MIN",
    "CHARGING",
    "COMPLETE",
    "CONFIG_KEYS",
    "DAY_S",
    "DISCONNECTED",
    "DONE",
    "FULL",
    "IDENTITY_KEYS",
    "MODE_DEPART_BY",
    "MODE_OFF",
    "MODE_START_AT",
    "NEVER",
    "NO_CABLE",
    "OFFLINE",
    "ONLINE",
    "SIGNED_COMMANDS_REQUIRED",
    "SPARSE",
    "STOPPED",
    "CommandResult",
    "InconsistentConfig",
    "RawState",
    "Vehicle",
    "VehicleUnavailableError",
    "check_config_value",
    "next_local_time",
    "validated_config",
]

APP_MIN_CHARGING_AMPS = 5
# Below the app's minimum, the same request sent a second time goes lower, but not to 0 or 1:
# 0-1 A gives 2 A and 2-3 A gives 3 A (TeslaPy's README, teslajsonpy's set_charging_amps).
LOWEST_CHARGING_AMPS = 2
# The mock's own reason: Tesla has not published what the car answers here (see the spec).
DOOR_CLOSE_REFUSED_REASON = "cable_connected"
UNSIGNED_HARDLOCKED_REASON = "unsigned_cmds_hardlocked"
SIGNED_COMMANDS_REQUIRED = (
    "Tesla Vehicle Command Protocol required, please refer to the documentation here: "
    "https://developer.tesla.com/docs/fleet-api/announcements"
    "#2023-10-09-rest-api-vehicle-commands-endpoint-deprecation-warning"
)
# From this firmware on, set_scheduled_charging / set_scheduled_departure add schedules and the
# legacy fields stay Off (teslamotors/vehicle-command#290).
SCHEDULES_FIRMWARE = (2024, 26)


@dataclass(frozen=True, slots=True)
class CommandResult:
    """A command's answer: carried out (`result` true) or refused with `reason`."""

    result: bool
    reason: str = ""

    @staticmethod
    def ok() -> CommandResult:
        return DONE

    @staticmethod
    def refused(reason: str) -> CommandResult:
        return CommandResult(False, reason)

    def as_dict(self) -> dict[str, Any]:
        return {"result": self.result, "reason": self.reason}


DONE = CommandResult(True)


class VehicleUnavailableError(RuntimeError):
    """A command was sent to a vehicle that is not online (the server answers 408 first)."""


# --- the vehicle ----------------------------------------------------------------------------


class Vehicle(SimulatedCar):
    """One simulated car: the commands of the rules table above, on the state and simulated time
    of `SimulatedCar`. Build it with `Vehicle.from_config(config, now)`."""

    __slots__ = ()

    @classmethod
    def from_config(cls, config: Mapping[str, Any], now: float) -> Vehicle:
        return cls(config, now)

    # --- commands ---

    def _begin_command(self, now: float) -> float:
        """Catch up to `now`, require an online car and record the command as activity."""
        now = self.catch_up(now)
        if self.raw.state != ONLINE:
            raise VehicleUnavailableError(f"vehicle {self.raw.id} is {self.raw.state}")
        self._settle(now)
        self._last_activity = now
        self._plan_events()
        return now

    def _done(self) -> CommandResult:
        self._plan_events()
        return DONE

    def charge_start(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if not self.raw.plugged_in:
            return CommandResult.refused("disconnected")
        if self.raw.charging_state == CHARGING:
            return CommandResult.refused("is_charging")
        if self.raw.battery_level >= self.raw.charge_limit_soc:
            return CommandResult.refused("complete")
        self._start_session(now)
        return self._done()

    def charge_stop(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self.raw.charging_state != CHARGING:
            return CommandResult.refused("not_charging")
        self._stop_charging(now)
        return self._done()

    def charge_standard(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self.raw.charge_limit_soc == self.raw.charge_limit_soc_std:
            return CommandResult.refused("already_standard")
        self._change_limit(now, self.raw.charge_limit_soc_std)
        return self._done()

    def charge_max_range(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self.raw.charge_limit_soc == CHARGE_LIMIT_SOC_MAX:
            return CommandResult.refused("already_max_range")
        self._change_limit(now, CHARGE_LIMIT_SOC_MAX)
        self.raw.max_range_charge_counter += 1
        return self._done()

    def set_charge_limit(self, now: float, percent: int) -> CommandResult:
        now = self._begin_command(now)
        if percent == self.raw.charge_limit_soc:
            return CommandResult.refused("already_set")
        self._change_limit(now, min(max(percent, CHARGE_LIMIT_SOC_MIN), CHARGE_LIMIT_SOC_MAX))
        return self._done()

    def _change_limit(self, now: float, limit: int) -> None:
        raised = limit > self.raw.charge_limit_soc
        self.raw.charge_limit_soc = limit
        self.raw.charge_to_max_range = limit == CHARGE_LIMIT_SOC_MAX
        below_limit = self.raw.battery_level < limit
        if self.raw.charging_state == COMPLETE and self.raw.plugged_in and raised and below_limit:
            self.raw.charging_state = CHARGING
            self.raw.charge_enable_request = True
        elif self.raw.charging_state == CHARGING and not below_limit:
            self._finish_charge(now)

    def charge_port_door_open(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self.raw.charging_state == CHARGING:
            return CommandResult.refused("charging")
        if self.raw.plugged_in:
            self.raw.charge_port_latch = DISENGAGED
        else:
            self.raw.charge_port_door_open = True
        return self._done()

    def charge_port_door_close(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self.raw.plugged_in:
            return CommandResult.refused(DOOR_CLOSE_REFUSED_REASON)
        self.raw.charge_port_door_open = False
        return self._done()

    def set_charging_amps(self, now: float, charging_amps: int) -> CommandResult:
        now = self._begin_command(now)
        requested = min(max(charging_amps, 0), self.raw.charge_current_request_max)
        sent_twice = requested == self._last_amps_request
        if requested >= APP_MIN_CHARGING_AMPS:
            effective = requested
        elif sent_twice:
            effective = min(_below_app_minimum(requested), self.raw.charge_current_request_max)
        else:
            effective = min(APP_MIN_CHARGING_AMPS, self.raw.charge_current_request_max)
        self._last_amps_request = requested
        self.raw.charge_current_request = effective
        return self._done()

    def set_scheduled_charging(self, now: float, enable: bool, time: int = 0) -> CommandResult:
        if enable:
            _check_minutes("time", time)
        now = self._begin_command(now)
        if self.has_schedules_firmware:
            # 2024.26+: each call adds an every-day schedule here; the legacy fields stay Off.
            if enable:
                self._put_charge_schedule(
                    now, ALL_DAYS, True, *self.raw.parked_at, start_enabled=True, start_time=time
                )
            return self._done()
        if enable:
            self.raw.scheduled_charging_mode = MODE_START_AT
            self.raw.scheduled_charging_start_time_app = time
            self._schedule_at = self.next_local(now, time)
        else:
            self.raw.scheduled_charging_mode = MODE_OFF
            self._schedule_at = NEVER
        return self._done()

    def set_scheduled_departure(
        self,
        now: float,
        enable: bool,
        departure_time: int | None = None,
        preconditioning_enabled: bool | None = None,
        preconditioning_weekdays_only: bool | None = None,
        off_peak_charging_enabled: bool | None = None,
        off_peak_charging_weekdays_only: bool | None = None,
        end_off_peak_time: int | None = None,
    ) -> CommandResult:
        """Omitted fields count as false or 0, but `enable: true` alone changes nothing: the
        Owner API answers `result: true` and the car, which needs every field, keeps its
        settings. `enable: false` clears the departure whatever else is sent, as the proxy does."""
        settings = (
            departure_time,
            preconditioning_enabled,
            preconditioning_weekdays_only,
            off_peak_charging_enabled,
            off_peak_charging_weekdays_only,
            end_off_peak_time,
        )
        departure_time = departure_time or 0
        end_off_peak_time = end_off_peak_time or 0
        if enable:
            _check_minutes("departure_time", departure_time)
            _check_minutes("end_off_peak_time", end_off_peak_time)
        now = self._begin_command(now)
        if enable and all(setting is None for setting in settings):
            return self._done()
        if self.has_schedules_firmware:
            # 2024.26+: a departure becomes a preconditioning schedule; legacy fields stay Off.
            if enable:
                days = WEEKDAYS if preconditioning_weekdays_only else ALL_DAYS
                self._precondition_schedules[int(now)] = PreconditionSchedule(
                    int(now),
                    days,
                    bool(preconditioning_enabled),
                    *self.raw.parked_at,
                    departure_time,
                    False,
                )
                self._refresh_preconditioning(now)
            return self._done()
        self._schedule_at = NEVER
        if not enable:
            self.raw.scheduled_charging_mode = MODE_OFF
            self.raw.preconditioning_enabled = False
            self.raw.off_peak_charging_enabled = False
            return self._done()
        self.raw.scheduled_charging_mode = MODE_DEPART_BY
        self.raw.scheduled_departure_time_minutes = departure_time
        self.raw.preconditioning_enabled = bool(preconditioning_enabled)
        self.raw.preconditioning_times = _schedule_days(bool(preconditioning_weekdays_only))
        self.raw.off_peak_charging_enabled = bool(off_peak_charging_enabled)
        self.raw.off_peak_charging_times = _schedule_days(bool(off_peak_charging_weekdays_only))
        self.raw.off_peak_hours_end_time = end_off_peak_time
        return self._done()

    # --- schedules (firmware 2024.26+) ---

    @property
    def has_schedules_firmware(self) -> bool:
        """Whether the car runs 2024.26 or later, where schedules replace the legacy settings."""
        year, week = self.raw.firmware_version.split(".")[:2]
        return (int(year), int(week)) >= SCHEDULES_FIRMWARE

    def add_charge_schedule(
        self,
        now: float,
        days_of_week: str | int,
        enabled: bool,
        lat: float,
        lon: float,
        start_enabled: bool,
        end_enabled: bool,
        start_time: int = 0,
        end_time: int = 0,
        one_time: bool = False,
        id: int = 0,
        name: str | None = None,
    ) -> CommandResult:
        """Add a schedule, or change the one with this `id`; a missing or 0 id is "now"."""
        days = days_bitmask(days_of_week)
        for key, minutes in (("start_time", start_time), ("end_time", end_time)):
            _check_minutes(key, minutes)
        now = self._begin_command(now)
        schedule_id = id or int(now)
        if schedule_id not in self._charge_schedules and self._full(self._charge_schedules):
            return CommandResult.refused(SCHEDULES_FULL_REASON)
        self._put_charge_schedule(
            now, days, enabled, lat, lon, start_enabled, start_time, end_enabled, end_time,
            one_time, schedule_id, name,
        )  # fmt: skip
        return self._done()

    def _put_charge_schedule(
        self,
        now: float,
        days: int,
        enabled: bool,
        lat: float,
        lon: float,
        start_enabled: bool = False,
        start_time: int = 0,
        end_enabled: bool = False,
        end_time: int = 0,
        one_time: bool = False,
        schedule_id: int = 0,
        name: str | None = None,
    ) -> None:
        schedule_id = schedule_id or int(now)
        self._charge_schedules[schedule_id] = ChargeSchedule(
            schedule_id, days, enabled, lat, lon, start_enabled, start_time, end_enabled,
            end_time, one_time, name,
        )  # fmt: skip
        self._plan_schedule_edges(now)

    def remove_charge_schedule(self, now: float, id: int) -> CommandResult:
        """Remove the schedule with this id; an unknown id changes nothing."""
        now = self._begin_command(now)
        self._charge_schedules.pop(id, None)
        self._plan_schedule_edges(now)
        return self._done()

    def add_precondition_schedule(
        self,
        now: float,
        days_of_week: str | int,
        enabled: bool,
        lat: float,
        lon: float,
        precondition_time: int,
        one_time: bool = False,
        id: int = 0,
        name: str | None = None,
    ) -> CommandResult:
        days = days_bitmask(days_of_week)
        _check_minutes("precondition_time", precondition_time)
        now = self._begin_command(now)
        schedule_id = id or int(now)
        schedules = self._precondition_schedules
        if schedule_id not in schedules and self._full(schedules):
            return CommandResult.refused(SCHEDULES_FULL_REASON)
        schedules[schedule_id] = PreconditionSchedule(
            schedule_id, days, enabled, lat, lon, precondition_time, one_time, name
        )
        self._refresh_preconditioning(now)
        return self._done()

    def remove_precondition_schedule(self, now: float, id: int) -> CommandResult:
        now = self._begin_command(now)
        self._precondition_schedules.pop(id, None)
        self._refresh_preconditioning(now)
        return self._done()

    def batch_remove_charge_schedules(
        self, now: float, home: bool, work: bool, other: bool
    ) -> CommandResult:
        now = self._begin_command(now)
        self._remove_by_place(self._charge_schedules, home=home, work=work, other=other)
        self._plan_schedule_edges(now)
        return self._done()

    def batch_remove_precondition_schedules(
        self, now: float, home: bool, work: bool, other: bool
    ) -> CommandResult:
        now = self._begin_command(now)
        self._remove_by_place(self._precondition_schedules, home=home, work=work, other=other)
        self._refresh_preconditioning(now)
        return self._done()

    def _remove_by_place(
        self, schedules: dict[int, Any], *, home: bool, work: bool, other: bool
    ) -> None:
        """Remove the schedules made for the car's home, its work location (if it has one)
        or anywhere else, as the flags say."""
        removed = {"home": home, "work": work, "other": other}
        for schedule_id, schedule in list(schedules.items()):
            place = (schedule.latitude, schedule.longitude)
            if removed[place_kind(place, self.raw.home, self.raw.work)]:
                del schedules[schedule_id]

    @staticmethod
    def _full(schedules: Mapping[int, Any]) -> bool:
        return len(schedules) >= MAX_SCHEDULES

    # --- signed commands ---

    @property
    def requires_signed_commands(self) -> bool:
        return self.raw.command_signing == SIGNING_REQUIRED

    @property
    def speaks_command_protocol(self) -> bool:
        """Whether the car takes signed commands (`command_signing` `allowed` or `required`);
        with `off` the Fleet API answers its signed_command 422 and Tesla's proxy falls back to
        the REST command."""
        return self.raw.command_signing != SIGNING_OFF

    def unsigned_command_refusal(self) -> CommandResult | None:
        """The car's own refusal of an unsigned REST command, when it answers that way (the
        other way, HTTP 403 `SIGNED_COMMANDS_REQUIRED`, comes from Tesla's servers before the
        car is asked: see `refuses_unsigned_with_403`)."""
        if self.requires_signed_commands and self.raw.unsigned_command_refusal == REFUSE_HARDLOCKED:
            return CommandResult.refused(UNSIGNED_HARDLOCKED_REASON)
        return None

    @property
    def refuses_unsigned_with_403(self) -> bool:
        return (
            self.requires_signed_commands and self.raw.unsigned_command_refusal == REFUSE_FORBIDDEN
        )

    def fleet_status_info(self) -> dict[str, Any]:
        """This car's entry in `fleet_status`'s `vehicle_info`."""
        return {
            "firmware_version": self.raw.firmware_version,
            "vehicle_command_protocol_required": self.requires_signed_commands,
            "fleet_telemetry_version": None,
            "total_number_of_keys": 3 if self.raw.virtual_key_paired else 2,
            "discounted_device_data": False,
        }

    @property
    def virtual_key_paired(self) -> bool:
        return self.raw.virtual_key_paired


def _below_app_minimum(amps: int) -> int:
    """What a second request below the app's 5 A sets: 0-1 A gives 2 A, 2-3 A gives 3 A."""
    if amps <= 1:
        return LOWEST_CHARGING_AMPS
    if amps <= 3:
        return 3
    return amps


def _check_minutes(name: str, minutes: int) -> None:
    if not 0 <= minutes <= 1439:
        raise ValueError(f"{name}: expected minutes after midnight from 0 to 1439, got {minutes}")


def _schedule_days(weekdays_only: bool) -> str:
    return WEEKDAYS_ONLY if weekdays_only else ALL_WEEK
