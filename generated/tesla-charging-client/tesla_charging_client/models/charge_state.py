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

T = TypeVar("T", bound="ChargeState")


@_attrs_define
class ChargeState:
    """Everything about charging. Distances are miles; energy kWh; power kW.

    Attributes:
        battery_heater_on (bool | None): Whether the battery heater runs.
        battery_level (int): State of charge, percent.
        battery_range (float): Rated range left, miles.
        charge_amps (int): The current limit the car charges with, amperes.
        charge_current_request (int): The current limit requested with `set_charging_amps`, amperes.
        charge_current_request_max (int): The highest current this car accepts, amperes (e.g. 16, 32, 40, 48).
        charge_enable_request (bool): Whether the car wants to charge.
        charge_energy_added (float): Energy added in the current or last session, kWh.
        charge_limit_soc (int): The charge limit, percent.
        charge_limit_soc_max (int): The highest charge limit allowed, percent.
        charge_limit_soc_min (int): The lowest charge limit allowed, percent.
        charge_limit_soc_std (int): The "standard" charge limit that `charge_standard` sets, percent.
        charge_miles_added_ideal (float): Ideal range added in the current or last session, miles.
        charge_miles_added_rated (float): Rated range added in the current or last session, miles.
        charge_port_cold_weather_mode (bool | None): Whether the charge port heater runs.
        charge_port_color (str): The charge port light's colour; `<invalid>` when off.
        charge_port_door_open (bool): Whether the charge port door is open.
        charge_port_latch (KnownChargePortLatch | str): The charge port's cable latch. New values may appear.
        charge_rate (float): Range added per hour of charging, miles per hour.
        charge_to_max_range (bool): true while the limit is max range (set by `charge_max_range`).
        charger_actual_current (int | None): The current flowing now, amperes.
        charger_phases (int | None): AC phases in use; null when not charging.
        charger_pilot_current (int | None): The current the charger offers, amperes.
        charger_power (int | None): Charging power now, kW (rounded).
        charger_voltage (int | None): Charger voltage now, volts.
        charging_state (KnownChargingState | str): What the charger is doing. Known values: `Disconnected` (no cable),
            `NoPower` (cable in,
            no power from the charger), `Starting`, `Charging`, `Complete` (reached the limit),
            `Stopped` (stopped by a command or the schedule). New values (e.g. `Calibrating`) may
            appear; clients must accept any string.
        conn_charge_cable (KnownChargeCable | str): The type of the connected cable; `<invalid>` when none. New values
            may appear.
        est_battery_range (float): Estimated range from recent driving, miles.
        fast_charger_brand (str): The fast charger's brand; `<invalid>` when none.
        fast_charger_present (bool): Whether a DC fast charger is connected.
        fast_charger_type (KnownFastChargerType | str): The DC fast charger's type; `<invalid>` when none. New values
            may appear.
        ideal_battery_range (float): Ideal range left, miles.
        managed_charging_active (bool):
        managed_charging_start_time (int | None): Unix time, seconds; null when none.
        managed_charging_user_canceled (bool):
        max_range_charge_counter (int): How many max-range charges were made.
        minutes_to_full_charge (int): Minutes until the charge limit is reached; 0 when not charging.
        not_enough_power_to_heat (bool | None):
        off_peak_charging_enabled (bool): Whether off-peak charging is on (set by `set_scheduled_departure`).
        off_peak_charging_times (KnownScheduleDays | str): On which days a departure setting applies. New values may
            appear.
        off_peak_hours_end_time (int): When off-peak hours end, minutes after local midnight.
        preconditioning_enabled (bool): Whether preconditioning for departure is on.
        preconditioning_times (KnownScheduleDays | str): On which days a departure setting applies. New values may
            appear.
        scheduled_charging_mode (KnownScheduledChargingMode | str): Which schedule is active: `Off`, `StartAt` (set by
            `set_scheduled_charging`) or
            `DepartBy` (set by `set_scheduled_departure`). New values may appear.
        scheduled_charging_pending (bool): true while a scheduled charge waits for its start time.
        scheduled_charging_start_time (int | None): When the scheduled charge starts next, Unix time in seconds; null
            when none.
        scheduled_charging_start_time_app (int): The scheduled start time, minutes after local midnight.
        scheduled_departure_time (int | None): The next departure, Unix time in seconds; null when none.
        scheduled_departure_time_minutes (int): The departure time, minutes after local midnight.
        supercharger_session_trip_planner (bool):
        time_to_full_charge (float | None): Hours until the charge limit is reached (e.g. 1.5); 0 when not charging.
        timestamp (int): When the car sampled this state, Unix time in milliseconds.
        trip_charging (bool):
        usable_battery_level (int): State of charge that is usable (lower in the cold), percent.
        user_charge_enable_request (bool | None):
    """

    battery_heater_on: bool | None
    battery_level: int
    battery_range: float
    charge_amps: int
    charge_current_request: int
    charge_current_request_max: int
    charge_enable_request: bool
    charge_energy_added: float
    charge_limit_soc: int
    charge_limit_soc_max: int
    charge_limit_soc_min: int
    charge_limit_soc_std: int
    charge_miles_added_ideal: float
    charge_miles_added_rated: float
    charge_port_cold_weather_mode: bool | None
    charge_port_color: str
    charge_port_door_open: bool
    charge_port_latch: KnownChargePortLatch | str
    charge_rate: float
    charge_to_max_range: bool
    charger_actual_current: int | None
    charger_phases: int | None
    charger_pilot_current: int | None
    charger_power: int | None
    charger_voltage: int | None
    charging_state: KnownChargingState | str
    conn_charge_cable: KnownChargeCable | str
    est_battery_range: float
    fast_charger_brand: str
    fast_charger_present: bool
    fast_charger_type: KnownFastChargerType | str
    ideal_battery_range: float
    managed_charging_active: bool
    managed_charging_start_time: int | None
    managed_charging_user_canceled: bool
    max_range_charge_counter: int
    minutes_to_full_charge: int
    not_enough_power_to_heat: bool | None
    off_peak_charging_enabled: bool
    off_peak_charging_times: KnownScheduleDays | str
    off_peak_hours_end_time: int
    preconditioning_enabled: bool
    preconditioning_times: KnownScheduleDays | str
    scheduled_charging_mode: KnownScheduledChargingMode | str
    scheduled_charging_pending: bool
    scheduled_charging_start_time: int | None
    scheduled_charging_start_time_app: int
    scheduled_departure_time: int | None
    scheduled_departure_time_minutes: int
    supercharger_session_trip_planner: bool
    time_to_full_charge: float | None
    timestamp: int
    trip_charging: bool
    usable_battery_level: int
    user_charge_enable_request: bool | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        battery_heater_on: bool | None
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

        charge_port_cold_weather_mode: bool | None
        charge_port_cold_weather_mode = self.charge_port_cold_weather_mode

        charge_port_color = self.charge_port_color

        charge_port_door_open = self.charge_port_door_open

        charge_port_latch: str
        if isinstance(self.charge_port_latch, KnownChargePortLatch):
            charge_port_latch = self.charge_port_latch.value
        else:
            charge_port_latch = self.charge_port_latch

        charge_rate = self.charge_rate

        charge_to_max_range = self.charge_to_max_range

        charger_actual_current: int | None
        charger_actual_current = self.charger_actual_current

        charger_phases: int | None
        charger_phases = self.charger_phases

        charger_pilot_current: int | None
        charger_pilot_current = self.charger_pilot_current

        charger_power: int | None
        charger_power = self.charger_power

        charger_voltage: int | None
        charger_voltage = self.charger_voltage

        charging_state: str
        if isinstance(self.charging_state, KnownChargingState):
            charging_state = self.charging_state.value
        else:
            charging_state = self.charging_state

        conn_charge_cable: str
        if isinstance(self.conn_charge_cable, KnownChargeCable):
            conn_charge_cable = self.conn_charge_cable.value
        else:
            conn_charge_cable = self.conn_charge_cable

        est_battery_range = self.est_battery_range

        fast_charger_brand = self.fast_charger_brand

        fast_charger_present = self.fast_charger_present

        fast_charger_type: str
        if isinstance(self.fast_charger_type, KnownFastChargerType):
            fast_charger_type = self.fast_charger_type.value
        else:
            fast_charger_type = self.fast_charger_type

        ideal_battery_range = self.ideal_battery_range

        managed_charging_active = self.managed_charging_active

        managed_charging_start_time: int | None
        managed_charging_start_time = self.managed_charging_start_time

        managed_charging_user_canceled = self.managed_charging_user_canceled

        max_range_charge_counter = self.max_range_charge_counter

        minutes_to_full_charge = self.minutes_to_full_charge

        not_enough_power_to_heat: bool | None
        not_enough_power_to_heat = self.not_enough_power_to_heat

        off_peak_charging_enabled = self.off_peak_charging_enabled

        off_peak_charging_times: str
        if isinstance(self.off_peak_charging_times, KnownScheduleDays):
            off_peak_charging_times = self.off_peak_charging_times.value
        else:
            off_peak_charging_times = self.off_peak_charging_times

        off_peak_hours_end_time = self.off_peak_hours_end_time

        preconditioning_enabled = self.preconditioning_enabled

        preconditioning_times: str
        if isinstance(self.preconditioning_times, KnownScheduleDays):
            preconditioning_times = self.preconditioning_times.value
        else:
            preconditioning_times = self.preconditioning_times

        scheduled_charging_mode: str
        if isinstance(self.scheduled_charging_mode, KnownScheduledChargingMode):
            scheduled_charging_mode = self.scheduled_charging_mode.value
        else:
            scheduled_charging_mode = self.scheduled_charging_mode

        scheduled_charging_pending = self.scheduled_charging_pending

        scheduled_charging_start_time: int | None
        scheduled_charging_start_time = self.scheduled_charging_start_time

        scheduled_charging_start_time_app = self.scheduled_charging_start_time_app

        scheduled_departure_time: int | None
        scheduled_departure_time = self.scheduled_departure_time

        scheduled_departure_time_minutes = self.scheduled_departure_time_minutes

        supercharger_session_trip_planner = self.supercharger_session_trip_planner

        time_to_full_charge: float | None
        time_to_full_charge = self.time_to_full_charge

        timestamp = self.timestamp

        trip_charging = self.trip_charging

        usable_battery_level = self.usable_battery_level

        user_charge_enable_request: bool | None
        user_charge_enable_request = self.user_charge_enable_request

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "battery_heater_on": battery_heater_on,
                "battery_level": battery_level,
                "battery_range": battery_range,
                "charge_amps": charge_amps,
                "charge_current_request": charge_current_request,
                "charge_current_request_max": charge_current_request_max,
                "charge_enable_request": charge_enable_request,
                "charge_energy_added": charge_energy_added,
                "charge_limit_soc": charge_limit_soc,
                "charge_limit_soc_max": charge_limit_soc_max,
                "charge_limit_soc_min": charge_limit_soc_min,
                "charge_limit_soc_std": charge_limit_soc_std,
                "charge_miles_added_ideal": charge_miles_added_ideal,
                "charge_miles_added_rated": charge_miles_added_rated,
                "charge_port_cold_weather_mode": charge_port_cold_weather_mode,
                "charge_port_color": charge_port_color,
                "charge_port_door_open": charge_port_door_open,
                "charge_port_latch": charge_port_latch,
                "charge_rate": charge_rate,
                "charge_to_max_range": charge_to_max_range,
                "charger_actual_current": charger_actual_current,
                "charger_phases": charger_phases,
                "charger_pilot_current": charger_pilot_current,
                "charger_power": charger_power,
                "charger_voltage": charger_voltage,
                "charging_state": charging_state,
                "conn_charge_cable": conn_charge_cable,
                "est_battery_range": est_battery_range,
                "fast_charger_brand": fast_charger_brand,
                "fast_charger_present": fast_charger_present,
                "fast_charger_type": fast_charger_type,
                "ideal_battery_range": ideal_battery_range,
                "managed_charging_active": managed_charging_active,
                "managed_charging_start_time": managed_charging_start_time,
                "managed_charging_user_canceled": managed_charging_user_canceled,
                "max_range_charge_counter": max_range_charge_counter,
                "minutes_to_full_charge": minutes_to_full_charge,
                "not_enough_power_to_heat": not_enough_power_to_heat,
                "off_peak_charging_enabled": off_peak_charging_enabled,
                "off_peak_charging_times": off_peak_charging_times,
                "off_peak_hours_end_time": off_peak_hours_end_time,
                "preconditioning_enabled": preconditioning_enabled,
                "preconditioning_times": preconditioning_times,
                "scheduled_charging_mode": scheduled_charging_mode,
                "scheduled_charging_pending": scheduled_charging_pending,
                "scheduled_charging_start_time": scheduled_charging_start_time,
                "scheduled_charging_start_time_app": scheduled_charging_start_time_app,
                "scheduled_departure_time": scheduled_departure_time,
                "scheduled_departure_time_minutes": scheduled_departure_time_minutes,
                "supercharger_session_trip_planner": supercharger_session_trip_planner,
                "time_to_full_charge": time_to_full_charge,
                "timestamp": timestamp,
                "trip_charging": trip_charging,
                "usable_battery_level": usable_battery_level,
                "user_charge_enable_request": user_charge_enable_request,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_battery_heater_on(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        battery_heater_on = _parse_battery_heater_on(d.pop("battery_heater_on"))

        battery_level = d.pop("battery_level")

        battery_range = d.pop("battery_range")

        charge_amps = d.pop("charge_amps")

        charge_current_request = d.pop("charge_current_request")

        charge_current_request_max = d.pop("charge_current_request_max")

        charge_enable_request = d.pop("charge_enable_request")

        charge_energy_added = d.pop("charge_energy_added")

        charge_limit_soc = d.pop("charge_limit_soc")

        charge_limit_soc_max = d.pop("charge_limit_soc_max")

        charge_limit_soc_min = d.pop("charge_limit_soc_min")

        charge_limit_soc_std = d.pop("charge_limit_soc_std")

        charge_miles_added_ideal = d.pop("charge_miles_added_ideal")

        charge_miles_added_rated = d.pop("charge_miles_added_rated")

        def _parse_charge_port_cold_weather_mode(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        charge_port_cold_weather_mode = _parse_charge_port_cold_weather_mode(d.pop("charge_port_cold_weather_mode"))

        charge_port_color = d.pop("charge_port_color")

        charge_port_door_open = d.pop("charge_port_door_open")

        def _parse_charge_port_latch(data: object) -> KnownChargePortLatch | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_charge_port_latch_type_0 = KnownChargePortLatch(data)

                return componentsschemas_charge_port_latch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownChargePortLatch | str, data)

        charge_port_latch = _parse_charge_port_latch(d.pop("charge_port_latch"))

        charge_rate = d.pop("charge_rate")

        charge_to_max_range = d.pop("charge_to_max_range")

        def _parse_charger_actual_current(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        charger_actual_current = _parse_charger_actual_current(d.pop("charger_actual_current"))

        def _parse_charger_phases(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        charger_phases = _parse_charger_phases(d.pop("charger_phases"))

        def _parse_charger_pilot_current(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        charger_pilot_current = _parse_charger_pilot_current(d.pop("charger_pilot_current"))

        def _parse_charger_power(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        charger_power = _parse_charger_power(d.pop("charger_power"))

        def _parse_charger_voltage(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        charger_voltage = _parse_charger_voltage(d.pop("charger_voltage"))

        def _parse_charging_state(data: object) -> KnownChargingState | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_charging_state_type_0 = KnownChargingState(data)

                return componentsschemas_charging_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownChargingState | str, data)

        charging_state = _parse_charging_state(d.pop("charging_state"))

        def _parse_conn_charge_cable(data: object) -> KnownChargeCable | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_charge_cable_type_0 = KnownChargeCable(data)

                return componentsschemas_charge_cable_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownChargeCable | str, data)

        conn_charge_cable = _parse_conn_charge_cable(d.pop("conn_charge_cable"))

        est_battery_range = d.pop("est_battery_range")

        fast_charger_brand = d.pop("fast_charger_brand")

        fast_charger_present = d.pop("fast_charger_present")

        def _parse_fast_charger_type(data: object) -> KnownFastChargerType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_fast_charger_type_type_0 = KnownFastChargerType(data)

                return componentsschemas_fast_charger_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownFastChargerType | str, data)

        fast_charger_type = _parse_fast_charger_type(d.pop("fast_charger_type"))

        ideal_battery_range = d.pop("ideal_battery_range")

        managed_charging_active = d.pop("managed_charging_active")

        def _parse_managed_charging_start_time(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        managed_charging_start_time = _parse_managed_charging_start_time(d.pop("managed_charging_start_time"))

        managed_charging_user_canceled = d.pop("managed_charging_user_canceled")

        max_range_charge_counter = d.pop("max_range_charge_counter")

        minutes_to_full_charge = d.pop("minutes_to_full_charge")

        def _parse_not_enough_power_to_heat(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        not_enough_power_to_heat = _parse_not_enough_power_to_heat(d.pop("not_enough_power_to_heat"))

        off_peak_charging_enabled = d.pop("off_peak_charging_enabled")

        def _parse_off_peak_charging_times(data: object) -> KnownScheduleDays | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_schedule_days_type_0 = KnownScheduleDays(data)

                return componentsschemas_schedule_days_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownScheduleDays | str, data)

        off_peak_charging_times = _parse_off_peak_charging_times(d.pop("off_peak_charging_times"))

        off_peak_hours_end_time = d.pop("off_peak_hours_end_time")

        preconditioning_enabled = d.pop("preconditioning_enabled")

        def _parse_preconditioning_times(data: object) -> KnownScheduleDays | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_schedule_days_type_0 = KnownScheduleDays(data)

                return componentsschemas_schedule_days_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownScheduleDays | str, data)

        preconditioning_times = _parse_preconditioning_times(d.pop("preconditioning_times"))

        def _parse_scheduled_charging_mode(data: object) -> KnownScheduledChargingMode | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_scheduled_charging_mode_type_0 = KnownScheduledChargingMode(data)

                return componentsschemas_scheduled_charging_mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownScheduledChargingMode | str, data)

        scheduled_charging_mode = _parse_scheduled_charging_mode(d.pop("scheduled_charging_mode"))

        scheduled_charging_pending = d.pop("scheduled_charging_pending")

        def _parse_scheduled_charging_start_time(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        scheduled_charging_start_time = _parse_scheduled_charging_start_time(d.pop("scheduled_charging_start_time"))

        scheduled_charging_start_time_app = d.pop("scheduled_charging_start_time_app")

        def _parse_scheduled_departure_time(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        scheduled_departure_time = _parse_scheduled_departure_time(d.pop("scheduled_departure_time"))

        scheduled_departure_time_minutes = d.pop("scheduled_departure_time_minutes")

        supercharger_session_trip_planner = d.pop("supercharger_session_trip_planner")

        def _parse_time_to_full_charge(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        time_to_full_charge = _parse_time_to_full_charge(d.pop("time_to_full_charge"))

        timestamp = d.pop("timestamp")

        trip_charging = d.pop("trip_charging")

        usable_battery_level = d.pop("usable_battery_level")

        def _parse_user_charge_enable_request(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        user_charge_enable_request = _parse_user_charge_enable_request(d.pop("user_charge_enable_request"))

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
