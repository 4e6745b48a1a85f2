"""The `sparse` profile answers as 2022-24 firmware does; the answers still match the spec and
parse with the generated SDK, so client code meets real omissions in development."""

from __future__ import annotations

from typing import Any

import pytest
from tesla_charging_client.models import ChargeState, VehicleData
from tesla_charging_client.types import Unset
from tesla_mock import vehicle_views as views
from tesla_mock.vehicle import Vehicle
from tesla_mock.vehicle_views import (
    SPARSE_CHARGER_FIELDS,
    SPARSE_NULL_CHARGE_FIELDS,
    SPARSE_OMITTED_CHARGE_FIELDS,
)

from tests.mockserver.test_vehicle_simulation import (
    NOON,
    VIN,
    assert_matches_spec,
    property_names,
)


def sparse_car(**config: Any) -> Vehicle:
    return Vehicle.from_config(
        {"id": 38147290561023459, "vin": VIN, "display_name": "Grey Ghost", **config}, NOON
    )


@pytest.mark.parametrize("plugged_in", [False, True])
def test_sparse_charge_state_nulls_and_omissions(plugged_in: bool) -> None:
    state = views.charge_state(sparse_car(profile="sparse", plugged_in=plugged_in), NOON)
    for key in SPARSE_OMITTED_CHARGE_FIELDS:
        assert key not in state
    for key in SPARSE_NULL_CHARGE_FIELDS + SPARSE_CHARGER_FIELDS:
        assert state[key] is None, key
    assert set(state) == property_names("ChargeState") - set(SPARSE_OMITTED_CHARGE_FIELDS)
    assert state["charge_port_latch"] == ("Engaged" if plugged_in else "<invalid>")
    assert_matches_spec("ChargeState", state)


def test_a_charging_sparse_car_reports_its_charger() -> None:
    car = sparse_car(profile="sparse", plugged_in=True, charge_current_request=32)
    assert car.charge_start(NOON).result
    state = views.charge_state(car, NOON + 60)
    assert state["charging_state"] == "Charging"
    assert state["charger_voltage"] == 240
    assert state["charger_actual_current"] == 32
    assert state["charge_port_door_open"] is None  # still null, as on the recorded cars


def test_sparse_vehicle_data_has_no_top_level_name_but_keeps_it_in_vehicle_state() -> None:
    car = sparse_car(profile="sparse")
    top = views.vehicle_data_summary(car, NOON)
    assert "display_name" not in top and "option_codes" not in top
    assert views.vehicle_state(car, NOON)["vehicle_name"] == "Grey Ghost"
    assert views.vehicle_summary(car, NOON)["display_name"] == "Grey Ghost"  # listings keep it


def test_full_profile_sends_everything() -> None:
    car = sparse_car()
    assert set(views.charge_state(car, NOON)) == property_names("ChargeState")
    assert views.vehicle_data_summary(car, NOON) == views.vehicle_summary(car, NOON)


def test_the_sdk_reads_a_sparse_car_as_missing_and_null() -> None:
    car = sparse_car(profile="sparse", plugged_in=True)
    body = {**views.vehicle_data_summary(car, NOON), "charge_state": views.charge_state(car, NOON)}
    data = VehicleData.from_dict(body)
    assert isinstance(data.display_name, Unset)
    assert isinstance(data.charge_state, ChargeState)
    assert data.charge_state.charge_port_door_open is None
    assert isinstance(data.charge_state.charge_to_max_range, Unset)
    assert data.to_dict() == body


@pytest.mark.parametrize(
    ("config", "volts"),
    [
        ({}, 2),  # Disconnected: 2 V, as recorded
        ({"plugged_in": True}, 0),  # Stopped
        ({"plugged_in": True, "charging_state": "Complete", "battery_level": 80}, 0),
    ],
)
def test_charger_voltage_reads_0_to_2_volts_unless_charging(config: dict, volts: int) -> None:
    assert views.charge_state(sparse_car(**config), NOON)["charger_voltage"] == volts
