from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.charging_session_charging_periods_type_0_item import ChargingSessionChargingPeriodsType0Item
    from ..models.charging_session_location_type_0 import ChargingSessionLocationType0
    from ..models.charging_session_tariffs_type_0 import ChargingSessionTariffsType0
    from ..models.charging_session_total_cost_type_0 import ChargingSessionTotalCostType0


T = TypeVar("T", bound="ChargingSession")


@_attrs_define
class ChargingSession:
    """One session, in the OCPI-like shape of Tesla's business-fleet endpoint.

    Attributes:
        id (str | Unset):
        vin (str | Unset):
        start_date_time (None | str | Unset):
        stop_date_time (None | str | Unset):
        total_energy (float | None | Unset): kWh.
        total_time (float | None | Unset): Hours.
        total_cost (ChargingSessionTotalCostType0 | None | Unset):
        location (ChargingSessionLocationType0 | None | Unset):
        charging_periods (list[ChargingSessionChargingPeriodsType0Item] | None | Unset):
        tariffs (ChargingSessionTariffsType0 | None | Unset): The site's tariffs (not described here).
    """

    id: str | Unset = UNSET
    vin: str | Unset = UNSET
    start_date_time: None | str | Unset = UNSET
    stop_date_time: None | str | Unset = UNSET
    total_energy: float | None | Unset = UNSET
    total_time: float | None | Unset = UNSET
    total_cost: ChargingSessionTotalCostType0 | None | Unset = UNSET
    location: ChargingSessionLocationType0 | None | Unset = UNSET
    charging_periods: list[ChargingSessionChargingPeriodsType0Item] | None | Unset = UNSET
    tariffs: ChargingSessionTariffsType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.charging_session_location_type_0 import ChargingSessionLocationType0  # noqa: PLC0415
        from ..models.charging_session_tariffs_type_0 import ChargingSessionTariffsType0  # noqa: PLC0415
        from ..models.charging_session_total_cost_type_0 import ChargingSessionTotalCostType0  # noqa: PLC0415

        id = self.id

        vin = self.vin

        start_date_time: None | str | Unset
        if isinstance(self.start_date_time, Unset):
            start_date_time = UNSET
        else:
            start_date_time = self.start_date_time

        stop_date_time: None | str | Unset
        if isinstance(self.stop_date_time, Unset):
            stop_date_time = UNSET
        else:
            stop_date_time = self.stop_date_time

        total_energy: float | None | Unset
        if isinstance(self.total_energy, Unset):
            total_energy = UNSET
        else:
            total_energy = self.total_energy

        total_time: float | None | Unset
        if isinstance(self.total_time, Unset):
            total_time = UNSET
        else:
            total_time = self.total_time

        total_cost: dict[str, Any] | None | Unset
        if isinstance(self.total_cost, Unset):
            total_cost = UNSET
        elif isinstance(self.total_cost, ChargingSessionTotalCostType0):
            total_cost = self.total_cost.to_dict()
        else:
            total_cost = self.total_cost

        location: dict[str, Any] | None | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        elif isinstance(self.location, ChargingSessionLocationType0):
            location = self.location.to_dict()
        else:
            location = self.location

        charging_periods: list[dict[str, Any]] | None | Unset
        if isinstance(self.charging_periods, Unset):
            charging_periods = UNSET
        elif isinstance(self.charging_periods, list):
            charging_periods = []
            for charging_periods_type_0_item_data in self.charging_periods:
                charging_periods_type_0_item = charging_periods_type_0_item_data.to_dict()
                charging_periods.append(charging_periods_type_0_item)

        else:
            charging_periods = self.charging_periods

        tariffs: dict[str, Any] | None | Unset
        if isinstance(self.tariffs, Unset):
            tariffs = UNSET
        elif isinstance(self.tariffs, ChargingSessionTariffsType0):
            tariffs = self.tariffs.to_dict()
        else:
            tariffs = self.tariffs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if vin is not UNSET:
            field_dict["vin"] = vin
        if start_date_time is not UNSET:
            field_dict["start_date_time"] = start_date_time
        if stop_date_time is not UNSET:
            field_dict["stop_date_time"] = stop_date_time
        if total_energy is not UNSET:
            field_dict["total_energy"] = total_energy
        if total_time is not UNSET:
            field_dict["total_time"] = total_time
        if total_cost is not UNSET:
            field_dict["total_cost"] = total_cost
        if location is not UNSET:
            field_dict["location"] = location
        if charging_periods is not UNSET:
            field_dict["charging_periods"] = charging_periods
        if tariffs is not UNSET:
            field_dict["tariffs"] = tariffs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.charging_session_charging_periods_type_0_item import ChargingSessionChargingPeriodsType0Item  # noqa: PLC0415
        from ..models.charging_session_location_type_0 import ChargingSessionLocationType0  # noqa: PLC0415
        from ..models.charging_session_tariffs_type_0 import ChargingSessionTariffsType0  # noqa: PLC0415
        from ..models.charging_session_total_cost_type_0 import ChargingSessionTotalCostType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        vin = d.pop("vin", UNSET)

        def _parse_start_date_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        start_date_time = _parse_start_date_time(d.pop("start_date_time", UNSET))

        def _parse_stop_date_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stop_date_time = _parse_stop_date_time(d.pop("stop_date_time", UNSET))

        def _parse_total_energy(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_energy = _parse_total_energy(d.pop("total_energy", UNSET))

        def _parse_total_time(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_time = _parse_total_time(d.pop("total_time", UNSET))

        def _parse_total_cost(data: object) -> ChargingSessionTotalCostType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                total_cost_type_0 = ChargingSessionTotalCostType0.from_dict(data)

                return total_cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChargingSessionTotalCostType0 | None | Unset, data)

        total_cost = _parse_total_cost(d.pop("total_cost", UNSET))

        def _parse_location(data: object) -> ChargingSessionLocationType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = ChargingSessionLocationType0.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChargingSessionLocationType0 | None | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        def _parse_charging_periods(data: object) -> list[ChargingSessionChargingPeriodsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                charging_periods_type_0 = []
                _charging_periods_type_0 = data
                for charging_periods_type_0_item_data in _charging_periods_type_0:
                    charging_periods_type_0_item = ChargingSessionChargingPeriodsType0Item.from_dict(
                        charging_periods_type_0_item_data
                    )

                    charging_periods_type_0.append(charging_periods_type_0_item)

                return charging_periods_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ChargingSessionChargingPeriodsType0Item] | None | Unset, data)

        charging_periods = _parse_charging_periods(d.pop("charging_periods", UNSET))

        def _parse_tariffs(data: object) -> ChargingSessionTariffsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tariffs_type_0 = ChargingSessionTariffsType0.from_dict(data)

                return tariffs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChargingSessionTariffsType0 | None | Unset, data)

        tariffs = _parse_tariffs(d.pop("tariffs", UNSET))

        charging_session = cls(
            id=id,
            vin=vin,
            start_date_time=start_date_time,
            stop_date_time=stop_date_time,
            total_energy=total_energy,
            total_time=total_time,
            total_cost=total_cost,
            location=location,
            charging_periods=charging_periods,
            tariffs=tariffs,
        )

        charging_session.additional_properties = d
        return charging_session

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
