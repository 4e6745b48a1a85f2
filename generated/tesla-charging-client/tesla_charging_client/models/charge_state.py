from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_charge_cable import KnownChargeCable
from ..models.known_charge_port_latch import KnownChargePortLatch
from ..models.known_charging_state import KnownChargingState
from ..models.known_fast_charger_type import KnownFastChargerType
from ..models.known_schedule_days import KnownScheduleDays
from ..models.known_scheduled_charging_mode import KnownScheduledChargingMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChargeState")


@_attrs_define
class ChargeState:
    """Everything about charging. Distances are miles; energy kWh; power kW.

    No field is required: which fields a car sends depends on its firmware (2014-era cars
    lack `charge_current_request`; 2023-24 cars omit `charge_to_max_range`,
    `managed_charging_*` and `scheduled_charging_start_time_app`), and Tesla's own protobuf
    declares every field optional. Fields real cars have sent as `null` are nullable.
    Unknown fields are kept.

        Attributes:
            battery_heater_on (bool | None | Unset): Whether the battery heater runs.
            battery_level (int | Unset): State of charge, percent.
            battery_range (float | Unset): Rated range left, miles.
            charge_amps (int | Unset): The current limit the car charges with, amperes.
            charge_current_request (int | Unset): The current limit requested with `set_charging_amps`, amperes.
            charge_current_request_max (int | Unset): The highest current this car accepts, amperes (e.g. 16, 32, 40, 48).
            charge_enable_request (bool | Unset): Whether the car wants to charge.
            charge_energy_added (float | Unset): Energy added in the current or last session, kWh.
            charge_limit_soc (int | Unset): The charge limit, percent.
            charge_limit_soc_max (int | Unset): The highest charge limit allowed, percent.
            charge_limit_soc_min (int | Unset): The lowest charge limit allowed, percent.
            charge_limit_soc_std (int | Unset): The "standard" charge limit that `charge_standard` sets, percent: 80 on
                2023-24
                Model 3, 90 on Model S and older cars.
            charge_miles_added_ideal (float | Unset): Ideal range added in the current or last session, miles.
            charge_miles_added_rated (float | Unset): Rated range added in the current or last session, miles.
            charge_port_cold_weather_mode (bool | None | Unset): Whether the charge port heater runs.
            charge_port_color (str | Unset): The charge port light's colour; `<invalid>` when off.
            charge_port_door_open (bool | None | Unset): Whether the charge port door is open. `null` in real bodies from
                online cars on
                2022-23 firmware, together with `fast_charger_present` and `trip_charging`.
            charge_port_latch (KnownChargePortLatch | str | Unset): The charge port's cable latch. New values may appear.
            charge_rate (float | Unset): Range added per hour of charging, miles per hour.
            charge_to_max_range (bool | Unset): true while the limit is max range (set by `charge_max_range`).
            charger_actual_current (int | None | Unset): The current flowing now, amperes.
            charger_phases (int | None | Unset): AC phases in use; null when not charging.
            charger_pilot_current (int | None | Unset): The current the charger offers, amperes.
            charger_power (int | None | Unset): Charging power now, kW (rounded).
            charger_voltage (int | None | Unset): Charger voltage now, volts: about 240 while AC-charging in North America,
                0 to 2
                when not charging, `null` on some cars.
            charging_state (KnownChargingState | str | Unset): What the charger is doing. Known values: `Disconnected` (no
                cable), `NoPower` (cable in,
                no power from the charger), `Starting`, `Charging`, `Complete` (reached the limit),
                `Stopped` (stopped by a command or the schedule). New values (e.g. `Calibrating`) may
                appear; clients must accept any string.
            conn_charge_cable (KnownChargeCable | str | Unset): The type of the connected cable; `<invalid>` when none. New
                values may appear.
            est_battery_range (float | Unset): Estimated range from recent driving, miles.
            fast_charger_brand (str | Unset): The fast charger's brand; `<invalid>` when none.
            fast_charger_present (bool | None | Unset): Whether a DC fast charger is connected.
            fast_charger_type (KnownFastChargerType | str | Unset): The DC fast charger's type; `<invalid>` when none. New
                values may appear.
            ideal_battery_range (float | Unset): Ideal range left, miles.
            managed_charging_active (bool | Unset):
            managed_charging_start_time (int | None | Unset): Unix time, seconds; null when none.
            managed_charging_user_canceled (bool | Unset):
            max_range_charge_counter (int | Unset): How many max-range charges were made.
            minutes_to_full_charge (int | Unset): Minutes until the charge limit is reached; 0 when not charging.
            not_enough_power_to_heat (bool | None | Unset):
            off_peak_charging_enabled (bool | Unset): Whether off-peak charging is on (set by `set_scheduled_departure`).
            off_peak_charging_times (KnownScheduleDays | str | Unset): On which days a departure setting applies. New values
                may appear.
            off_peak_hours_end_time (int | Unset): When off-peak hours end, minutes after local midnight.
            preconditioning_enabled (bool | Unset): Whether preconditioning for departure is on.
            preconditioning_times (KnownScheduleDays | str | Unset): On which days a departure setting applies. New values
                may appear.
            scheduled_charging_mode (KnownScheduledChargingMode | str | Unset): Which schedule is active: `Off`, `StartAt`
                (set by `set_scheduled_charging`) or
                `DepartBy` (set by `set_scheduled_departure`). New values may appear.
            scheduled_charging_pending (bool | Unset): true while a scheduled charge waits for its start time.
            scheduled_charging_start_time (int | None | Unset): When the scheduled charge starts next, Unix time in seconds;
                null when none.
            scheduled_charging_start_time_app (int | Unset): The scheduled start time, minutes after local midnight.
            scheduled_departure_time (int | None | Unset): The next departure, Unix time in seconds; null when none.
            scheduled_departure_time_minutes (int | Unset): The departure time, minutes after local midnight.
            supercharger_session_trip_planner (bool | Unset):
            time_to_full_charge (float | None | Unset): Hours until the charge limit is reached (e.g. 1.5); 0 when not
                charging.
            timestamp (int | Unset): When the car sampled this state, Unix time in milliseconds.
            trip_charging (bool | None | Unset):
            usable_battery_level (int | Unset): State of charge that is usable (lower in the cold), percent.
            user_charge_enable_request (bool | None | Unset):
    """

    battery_heater_on: bool | None | Unset = UNSET
    battery_level: int | Unset = UNSET
    battery_range: float | Unset = UNSET
    charge_amps: int | Unset = UNSET
    charge_current_request: int | Unset = UNSET
    charge_current_request_max: int | Unset = UNSET
    charge_enable_request: bool | Unset = UNSET
    charge_energy_added: float | Unset = UNSET
    charge_limit_soc: int | Unset = UNSET
    charge_limit_soc_max: int | Unset = UNSET
    charge_limit_soc_min: int | Unset = UNSET
    charge_limit_soc_std: int | Unset = UNSET
    charge_miles_added_ideal: float | Unset = UNSET
    charge_miles_added_rated: float | Unset = UNSET
    charge_port_cold_weather_mode: bool | None | Unset = UNSET
    charge_port_color: str | Unset = UNSET
    charge_port_door_open: bool | None | Unset = UNSET
    charge_port_latch: KnownChargePortLatch | str | Unset = UNSET
    charge_rate: float | Unset = UNSET
    charge_to_max_range: bool | Unset = UNSET
    charger_actual_current: int | None | Unset = UNSET
    charger_phases: int | None | Unset = UNSET
    charger_pilot_current: int | None | Unset = UNSET
    charger_power: int | None | Unset = UNSET
    charger_voltage: int | None | Unset = UNSET
    charging_state: KnownChargingState | str | Unset = UNSET
    conn_charge_cable: KnownChargeCable | str | Unset = UNSET
    est_battery_range: float | Unset = UNSET
    fast_charger_brand: str | Unset = UNSET
    fast_charger_present: bool | None | Unset = UNSET
    fast_charger_type: KnownFastChargerType | str | Unset = UNSET
    ideal_battery_range: float | Unset = UNSET
    managed_charging_active: bool | Unset = UNSET
    managed_charging_start_time: int | None | Unset = UNSET
    managed_charging_user_canceled: bool | Unset = UNSET
    max_range_charge_counter: int | Unset = UNSET
    minutes_to_full_charge: int | Unset = UNSET
    not_enough_power_to_heat: bool | None | Unset = UNSET
    off_peak_charging_enabled: bool | Unset = UNSET
    off_peak_charging_times: KnownScheduleDays | str | Unset = UNSET
    off_peak_hours_end_time: int | Unset = UNSET
    preconditioning_enabled: bool | Unset = UNSET
    preconditioning_times: KnownScheduleDays | str | Unset = UNSET
    scheduled_charging_mode: KnownScheduledChargingMode | str | Unset = UNSET
    scheduled_charging_pending: bool | Unset = UNSET
    scheduled_charging_start_time: int | None | Unset = UNSET
    scheduled_charging_start_time_app: int | Unset = UNSET
    scheduled_departure_time: int | None | Unset = UNSET
    scheduled_departure_time_minutes: int | Unset = UNSET
    supercharger_session_trip_planner: bool | Unset = UNSET
    time_to_full_charge: float | None | Unset = UNSET
    timestamp: int | Unset = UNSET
    trip_charging: bool | None | Unset = UNSET
    usable_battery_level: int | Unset = UNSET
    user_charge_enable_request: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        battery_heater_on: bool | None | Unset
        if isinstance(self.battery_heater_on, Unset):
            battery_heater_on = UNSET
        else:
            battery_heater_on = self.battery_heater_on

        battery_level = self.battery_level

        battery_range = self.battery_range

        charge_amps = self.charge_amps

        charge_current_request = self.charge_current_request

        charge_current_request_max = self.charge_current_request_max

        charge_enable_request = self.charge_enable_request

        charge_energy_added = self.charge_energy_added

        charge_limit_soc = self.charge_limit_soc

        charge_limit_soc_max = self.charge_limit_soc_max

        charge_limit_soc_min = self.charge_limit_soc_min

        charge_limit_soc_std = self.charge_limit_soc_std

        charge_miles_added_ideal = self.charge_miles_added_ideal

        charge_miles_added_rated = self.charge_miles_added_rated

        charge_port_cold_weather_mode: bool | None | Unset
        if isinstance(self.charge_port_cold_weather_mode, Unset):
            charge_port_cold_weather_mode = UNSET
        else:
            charge_port_cold_weather_mode = self.charge_port_cold_weather_mode

        charge_port_color = self.charge_port_color

        charge_port_door_open: bool | None | Unset
        if isinstance(self.charge_port_door_open, Unset):
            charge_port_door_open = UNSET
        else:
            charge_port_door_open = self.charge_port_door_open

        charge_port_latch: str | Unset
        if isinstance(self.charge_port_latch, Unset):
            charge_port_latch = UNSET
        elif isinstance(self.charge_port_latch, KnownChargePortLatch):
            charge_port_latch = self.charge_port_latch.value
        else:
            charge_port_latch = self.charge_port_latch

        charge_rate = self.charge_rate

        charge_to_max_range = self.charge_to_max_range

        charger_actual_current: int | None | Unset
        if isinstance(self.charger_actual_current, Unset):
            charger_actual_current = UNSET
        else:
            charger_actual_current = self.charger_actual_current

        charger_phases: int | None | Unset
        if isinstance(self.charger_phases, Unset):
            charger_phases = UNSET
        else:
            charger_phases = self.charger_phases

        charger_pilot_current: int | None | Unset
        if isinstance(self.charger_pilot_current, Unset):
            charger_pilot_current = UNSET
        else:
            charger_pilot_current = self.charger_pilot_current

        charger_power: int | None | Unset
        if isinstance(self.charger_power, Unset):
            charger_power = UNSET
        else:
            charger_power = self.charger_power

        charger_voltage: int | None | Unset
        if isinstance(self.charger_voltage, Unset):
            charger_voltage = UNSET
        else:
            charger_voltage = self.charger_voltage

        charging_state: str | Unset
        if isinstance(self.charging_state, Unset):
            charging_state = UNSET
        elif isinstance(self.charging_state, KnownChargingState):
            charging_state = self.charging_state.value
        else:
            charging_state = self.charging_state

        conn_charge_cable: str | Unset
        if isinstance(self.conn_charge_cable, Unset):
            conn_charge_cable = UNSET
        elif isinstance(self.conn_charge_cable, KnownChargeCable):
            conn_charge_cable = self.conn_charge_cable.value
        else:
            conn_charge_cable = self.conn_charge_cable

        est_battery_range = self.est_battery_range

        fast_charger_brand = self.fast_charger_brand

        fast_charger_present: bool | None | Unset
        if isinstance(self.fast_charger_present, Unset):
            fast_charger_present = UNSET
        else:
            fast_charger_present = self.fast_charger_present

        fast_charger_type: str | Unset
        if isinstance(self.fast_charger_type, Unset):
            fast_charger_type = UNSET
        elif isinstance(self.fast_charger_type, KnownFastChargerType):
            fast_charger_type = self.fast_charger_type.value
        else:
            fast_charger_type = self.fast_charger_type

        ideal_battery_range = self.ideal_battery_range

        managed_charging_active = self.managed_charging_active

        managed_charging_start_time: int | None | Unset
        if isinstance(self.managed_charging_start_time, Unset):
            managed_charging_start_time = UNSET
        else:
            managed_charging_start_time = self.managed_charging_start_time

        managed_charging_user_canceled = self.managed_charging_user_canceled

        max_range_charge_counter = self.max_range_charge_counter

        minutes_to_full_charge = self.minutes_to_full_charge

        not_enough_power_to_heat: bool | None | Unset
        if isinstance(self.not_enough_power_to_heat, Unset):
            not_enough_power_to_heat = UNSET
        else:
            not_enough_power_to_heat = self.not_enough_power_to_heat

        off_peak_charging_enabled = self.off_peak_charging_enabled

        off_peak_charging_times: str | Unset
        if isinstance(self.off_peak_charging_times, Unset):
            off_peak_charging_times = UNSET
        elif isinstance(self.off_peak_charging_times, KnownScheduleDays):
            off_peak_charging_times = self.off_peak_charging_times.value
        else:
            off_peak_charging_times = self.off_peak_charging_times

        off_peak_hours_end_time = self.off_peak_hours_end_time

        preconditioning_enabled = self.preconditioning_enabled

        preconditioning_times: str | Unset
        if isinstance(self.preconditioning_times, Unset):
            preconditioning_times = UNSET
        elif isinstance(self.preconditioning_times, KnownScheduleDays):
            preconditioning_times = self.preconditioning_times.value
        else:
            preconditioning_times = self.preconditioning_times

        scheduled_charging_mode: str | Unset
        if isinstance(self.scheduled_charging_mode, Unset):
            scheduled_charging_mode = UNSET
        elif isinstance(self.scheduled_charging_mode, KnownScheduledChargingMode):
            scheduled_charging_mode = self.scheduled_charging_mode.value
        else:
            scheduled_charging_mode = self.scheduled_charging_mode

        scheduled_charging_pending = self.scheduled_charging_pending

        scheduled_charging_start_time: int | None | Unset
        if isinstance(self.scheduled_charging_start_time, Unset):
            scheduled_charging_start_time = UNSET
        else:
            scheduled_charging_start_time = self.scheduled_charging_start_time

        scheduled_charging_start_time_app = self.scheduled_charging_start_time_app

        scheduled_departure_time: int | None | Unset
        if isinstance(self.scheduled_departure_time, Unset):
            scheduled_departure_time = UNSET
        else:
            scheduled_departure_time = self.scheduled_departure_time

        scheduled_departure_time_minutes = self.scheduled_departure_time_minutes

        supercharger_session_trip_planner = self.supercharger_session_trip_planner

        time_to_full_charge: float | None | Unset
        if isinstance(self.time_to_full_charge, Unset):
            time_to_full_charge = UNSET
        else:
            time_to_full_charge = self.time_to_full_charge

        timestamp = self.timestamp

        trip_charging: bool | None | Unset
        if isinstance(self.trip_charging, Unset):
            trip_charging = UNSET
        else:
            trip_charging = self.trip_charging

        usable_battery_level = self.usable_battery_level

        user_charge_enable_request: bool | None | Unset
        if isinstance(self.user_charge_enable_request, Unset):
            user_charge_enable_request = UNSET
        else:
            user_charge_enable_request = self.user_charge_enable_request

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if battery_heater_on is not UNSET:
            field_dict["battery_heater_on"] = battery_heater_on
        if battery_level is not UNSET:
            field_dict["battery_level"] = battery_level
        if battery_range is not UNSET:
            field_dict["battery_range"] = battery_range
        if charge_amps is not UNSET:
            field_dict["charge_amps"] = charge_amps
        if charge_current_request is not UNSET:
            field_dict["charge_current_request"] = charge_current_request
        if charge_current_request_max is not UNSET:
            field_dict["charge_current_request_max"] = charge_current_request_max
        if charge_enable_request is not UNSET:
            field_dict["charge_enable_request"] = charge_enable_request
        if charge_energy_added is not UNSET:
            field_dict["charge_energy_added"] = charge_energy_added
        if charge_limit_soc is not UNSET:
            field_dict["charge_limit_soc"] = charge_limit_soc
        if charge_limit_soc_max is not UNSET:
            field_dict["charge_limit_soc_max"] = charge_limit_soc_max
        if charge_limit_soc_min is not UNSET:
            field_dict["charge_limit_soc_min"] = charge_limit_soc_min
        if charge_limit_soc_std is not UNSET:
            field_dict["charge_limit_soc_std"] = charge_limit_soc_std
        if charge_miles_added_ideal is not UNSET:
            field_dict["charge_miles_added_ideal"] = charge_miles_added_ideal
        if charge_miles_added_rated is not UNSET:
            field_dict["charge_miles_added_rated"] = charge_miles_added_rated
        if charge_port_cold_weather_mode is not UNSET:
            field_dict["charge_port_cold_weather_mode"] = charge_port_cold_weather_mode
        if charge_port_color is not UNSET:
            field_dict["charge_port_color"] = charge_port_color
        if charge_port_door_open is not UNSET:
            field_dict["charge_port_door_open"] = charge_port_door_open
        if charge_port_latch is not UNSET:
            field_dict["charge_port_latch"] = charge_port_latch
        if charge_rate is not UNSET:
            field_dict["charge_rate"] = charge_rate
        if charge_to_max_range is not UNSET:
            field_dict["charge_to_max_range"] = charge_to_max_range
        if charger_actual_current is not UNSET:
            field_dict["charger_actual_current"] = charger_actual_current
        if charger_phases is not UNSET:
            field_dict["charger_phases"] = charger_phases
        if charger_pilot_current is not UNSET:
            field_dict["charger_pilot_current"] = charger_pilot_current
        if charger_power is not UNSET:
            field_dict["charger_power"] = charger_power
        if charger_voltage is not UNSET:
            field_dict["charger_voltage"] = charger_voltage
        if charging_state is not UNSET:
            field_dict["charging_state"] = charging_state
        if conn_charge_cable is not UNSET:
            field_dict["conn_charge_cable"] = conn_charge_cable
        if est_battery_range is not UNSET:
            field_dict["est_battery_range"] = est_battery_range
        if fast_charger_brand is not UNSET:
            field_dict["fast_charger_brand"] = fast_charger_brand
        if fast_charger_present is not UNSET:
            field_dict["fast_charger_present"] = fast_charger_present
        if fast_charger_type is not UNSET:
            field_dict["fast_charger_type"] = fast_charger_type
        if ideal_battery_range is not UNSET:
            field_dict["ideal_battery_range"] = ideal_battery_range
        if managed_charging_active is not UNSET:
            field_dict["managed_charging_active"] = managed_charging_active
        if managed_charging_start_time is not UNSET:
            field_dict["managed_charging_start_time"] = managed_charging_start_time
        if managed_charging_user_canceled is not UNSET:
            field_dict["managed_charging_user_canceled"] = managed_charging_user_canceled
        if max_range_charge_counter is not UNSET:
            field_dict["max_range_charge_counter"] = max_range_charge_counter
        if minutes_to_full_charge is not UNSET:
            field_dict["minutes_to_full_charge"] = minutes_to_full_charge
        if not_enough_power_to_heat is not UNSET:
            field_dict["not_enough_power_to_heat"] = not_enough_power_to_heat
        if off_peak_charging_enabled is not UNSET:
            field_dict["off_peak_charging_enabled"] = off_peak_charging_enabled
        if off_peak_charging_times is not UNSET:
            field_dict["off_peak_charging_times"] = off_peak_charging_times
        if off_peak_hours_end_time is not UNSET:
            field_dict["off_peak_hours_end_time"] = off_peak_hours_end_time
        if preconditioning_enabled is not UNSET:
            field_dict["preconditioning_enabled"] = preconditioning_enabled
        if preconditioning_times is not UNSET:
            field_dict["preconditioning_times"] = preconditioning_times
        if scheduled_charging_mode is not UNSET:
            field_dict["scheduled_charging_mode"] = scheduled_charging_mode
        if scheduled_charging_pending is not UNSET:
            field_dict["scheduled_charging_pending"] = scheduled_charging_pending
        if scheduled_charging_start_time is not UNSET:
            field_dict["scheduled_charging_start_time"] = scheduled_charging_start_time
        if scheduled_charging_start_time_app is not UNSET:
            field_dict["scheduled_charging_start_time_app"] = scheduled_charging_start_time_app
        if scheduled_departure_time is not UNSET:
            field_dict["scheduled_departure_time"] = scheduled_departure_time
        if scheduled_departure_time_minutes is not UNSET:
            field_dict["scheduled_departure_time_minutes"] = scheduled_departure_time_minutes
        if supercharger_session_trip_planner is not UNSET:
            field_dict["supercharger_session_trip_planner"] = supercharger_session_trip_planner
        if time_to_full_charge is not UNSET:
            field_dict["time_to_full_charge"] = time_to_full_charge
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if trip_charging is not UNSET:
            field_dict["trip_charging"] = trip_charging
        if usable_battery_level is not UNSET:
            field_dict["usable_battery_level"] = usable_battery_level
        if user_charge_enable_request is not UNSET:
            field_dict["user_charge_enable_request"] = user_charge_enable_request

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_battery_heater_on(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        battery_heater_on = _parse_battery_heater_on(d.pop("battery_heater_on", UNSET))

        battery_level = d.pop("battery_level", UNSET)

        battery_range = d.pop("battery_range", UNSET)

        charge_amps = d.pop("charge_amps", UNSET)

        charge_current_request = d.pop("charge_current_request", UNSET)

        charge_current_request_max = d.pop("charge_current_request_max", UNSET)

        charge_enable_request = d.pop("charge_enable_request", UNSET)

        charge_energy_added = d.pop("charge_energy_added", UNSET)

        charge_limit_soc = d.pop("charge_limit_soc", UNSET)

        charge_limit_soc_max = d.pop("charge_limit_soc_max", UNSET)

        charge_limit_soc_min = d.pop("charge_limit_soc_min", UNSET)

        charge_limit_soc_std = d.pop("charge_limit_soc_std", UNSET)

        charge_miles_added_ideal = d.pop("charge_miles_added_ideal", UNSET)

        charge_miles_added_rated = d.pop("charge_miles_added_rated", UNSET)

        def _parse_charge_port_cold_weather_mode(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        charge_port_cold_weather_mode = _parse_charge_port_cold_weather_mode(
            d.pop("charge_port_cold_weather_mode", UNSET)
        )

        charge_port_color = d.pop("charge_port_color", UNSET)

        def _parse_charge_port_door_open(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        charge_port_door_open = _parse_charge_port_door_open(d.pop("charge_port_door_open", UNSET))

        def _parse_charge_port_latch(data: object) -> KnownChargePortLatch | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_charge_port_latch_type_0 = KnownChargePortLatch(data)

                return componentsschemas_charge_port_latch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownChargePortLatch | str | Unset, data)

        charge_port_latch = _parse_charge_port_latch(d.pop("charge_port_latch", UNSET))

        charge_rate = d.pop("charge_rate", UNSET)

        charge_to_max_range = d.pop("charge_to_max_range", UNSET)

        def _parse_charger_actual_current(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        charger_actual_current = _parse_charger_actual_current(d.pop("charger_actual_current", UNSET))

        def _parse_charger_phases(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        charger_phases = _parse_charger_phases(d.pop("charger_phases", UNSET))

        def _parse_charger_pilot_current(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        charger_pilot_current = _parse_charger_pilot_current(d.pop("charger_pilot_current", UNSET))

        def _parse_charger_power(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        charger_power = _parse_charger_power(d.pop("charger_power", UNSET))

        def _parse_charger_voltage(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        charger_voltage = _parse_charger_voltage(d.pop("charger_voltage", UNSET))

        def _parse_charging_state(data: object) -> KnownChargingState | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_charging_state_type_0 = KnownChargingState(data)

                return componentsschemas_charging_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownChargingState | str | Unset, data)

        charging_state = _parse_charging_state(d.pop("charging_state", UNSET))

        def _parse_conn_charge_cable(data: object) -> KnownChargeCable | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_charge_cable_type_0 = KnownChargeCable(data)

                return componentsschemas_charge_cable_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownChargeCable | str | Unset, data)

        conn_charge_cable = _parse_conn_charge_cable(d.pop("conn_charge_cable", UNSET))

        est_battery_range = d.pop("est_battery_range", UNSET)

        fast_charger_brand = d.pop("fast_charger_brand", UNSET)

        def _parse_fast_charger_present(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        fast_charger_present = _parse_fast_charger_present(d.pop("fast_charger_present", UNSET))

        def _parse_fast_charger_type(data: object) -> KnownFastChargerType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_fast_charger_type_type_0 = KnownFastChargerType(data)

                return componentsschemas_fast_charger_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownFastChargerType | str | Unset, data)

        fast_charger_type = _parse_fast_charger_type(d.pop("fast_charger_type", UNSET))

        ideal_battery_range = d.pop("ideal_battery_range", UNSET)

        managed_charging_active = d.pop("managed_charging_active", UNSET)

        def _parse_managed_charging_start_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        managed_charging_start_time = _parse_managed_charging_start_time(d.pop("managed_charging_start_time", UNSET))

        managed_charging_user_canceled = d.pop("managed_charging_user_canceled", UNSET)

        max_range_charge_counter = d.pop("max_range_charge_counter", UNSET)

        minutes_to_full_charge = d.pop("minutes_to_full_charge", UNSET)

        def _parse_not_enough_power_to_heat(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        not_enough_power_to_heat = _parse_not_enough_power_to_heat(d.pop("not_enough_power_to_heat", UNSET))

        off_peak_charging_enabled = d.pop("off_peak_charging_enabled", UNSET)

        def _parse_off_peak_charging_times(data: object) -> KnownScheduleDays | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_schedule_days_type_0 = KnownScheduleDays(data)

                return componentsschemas_schedule_days_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownScheduleDays | str | Unset, data)

        off_peak_charging_times = _parse_off_peak_charging_times(d.pop("off_peak_charging_times", UNSET))

        off_peak_hours_end_time = d.pop("off_peak_hours_end_time", UNSET)

        preconditioning_enabled = d.pop("preconditioning_enabled", UNSET)

        def _parse_preconditioning_times(data: object) -> KnownScheduleDays | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_schedule_days_type_0 = KnownScheduleDays(data)

                return componentsschemas_schedule_days_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownScheduleDays | str | Unset, data)

        preconditioning_times = _parse_preconditioning_times(d.pop("preconditioning_times", UNSET))

        def _parse_scheduled_charging_mode(data: object) -> KnownScheduledChargingMode | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_scheduled_charging_mode_type_0 = KnownScheduledChargingMode(data)

                return componentsschemas_scheduled_charging_mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownScheduledChargingMode | str | Unset, data)

        scheduled_charging_mode = _parse_scheduled_charging_mode(d.pop("scheduled_charging_mode", UNSET))

        scheduled_charging_pending = d.pop("scheduled_charging_pending", UNSET)

        def _parse_scheduled_charging_start_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        scheduled_charging_start_time = _parse_scheduled_charging_start_time(
            d.pop("scheduled_charging_start_time", UNSET)
        )

        scheduled_charging_start_time_app = d.pop("scheduled_charging_start_time_app", UNSET)

        def _parse_scheduled_departure_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        scheduled_departure_time = _parse_scheduled_departure_time(d.pop("scheduled_departure_time", UNSET))

        scheduled_departure_time_minutes = d.pop("scheduled_departure_time_minutes", UNSET)

        supercharger_session_trip_planner = d.pop("supercharger_session_trip_planner", UNSET)

        def _parse_time_to_full_charge(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        time_to_full_charge = _parse_time_to_full_charge(d.pop("time_to_full_charge", UNSET))

        timestamp = d.pop("timestamp", UNSET)

        def _parse_trip_charging(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        trip_charging = _parse_trip_charging(d.pop("trip_charging", UNSET))

        usable_battery_level = d.pop("usable_battery_level", UNSET)

        def _parse_user_charge_enable_request(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        user_charge_enable_request = _parse_user_charge_enable_request(d.pop("user_charge_enable_request", UNSET))

        charge_state = cls(
            battery_heater_on=battery_heater_on,
            battery_level=battery_level,
            battery_range=battery_range,
            charge_amps=charge_amps,
            charge_current_request=charge_current_request,
            charge_current_request_max=charge_current_request_max,
            charge_enable_request=charge_enable_request,
            charge_energy_added=charge_energy_added,
            charge_limit_soc=charge_limit_soc,
            charge_limit_soc_max=charge_limit_soc_max,
            charge_limit_soc_min=charge_limit_soc_min,
            charge_limit_soc_std=charge_limit_soc_std,
            charge_miles_added_ideal=charge_miles_added_ideal,
            charge_miles_added_rated=charge_miles_added_rated,
            charge_port_cold_weather_mode=charge_port_cold_weather_mode,
            charge_port_color=charge_port_color,
            charge_port_door_open=charge_port_door_open,
            charge_port_latch=charge_port_latch,
            charge_rate=charge_rate,
            charge_to_max_range=charge_to_max_range,
            charger_actual_current=charger_actual_current,
            charger_phases=charger_phases,
            charger_pilot_current=charger_pilot_current,
            charger_power=charger_power,
            charger_voltage=charger_voltage,
            charging_state=charging_state,
            conn_charge_cable=conn_charge_cable,
            est_battery_range=est_battery_range,
            fast_charger_brand=fast_charger_brand,
            fast_charger_present=fast_charger_present,
            fast_charger_type=fast_charger_type,
            ideal_battery_range=ideal_battery_range,
            managed_charging_active=managed_charging_active,
            managed_charging_start_time=managed_charging_start_time,
            managed_charging_user_canceled=managed_charging_user_canceled,
            max_range_charge_counter=max_range_charge_counter,
            minutes_to_full_charge=minutes_to_full_charge,
            not_enough_power_to_heat=not_enough_power_to_heat,
            off_peak_charging_enabled=off_peak_charging_enabled,
            off_peak_charging_times=off_peak_charging_times,
            off_peak_hours_end_time=off_peak_hours_end_time,
            preconditioning_enabled=preconditioning_enabled,
            preconditioning_times=preconditioning_times,
            scheduled_charging_mode=scheduled_charging_mode,
            scheduled_charging_pending=scheduled_charging_pending,
            scheduled_charging_start_time=scheduled_charging_start_time,
            scheduled_charging_start_time_app=scheduled_charging_start_time_app,
            scheduled_departure_time=scheduled_departure_time,
            scheduled_departure_time_minutes=scheduled_departure_time_minutes,
            supercharger_session_trip_planner=supercharger_session_trip_planner,
            time_to_full_charge=time_to_full_charge,
            timestamp=timestamp,
            trip_charging=trip_charging,
            usable_battery_level=usable_battery_level,
            user_charge_enable_request=user_charge_enable_request,
        )

        charge_state.additional_properties = d
        return charge_state

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
