from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.charging_fee import ChargingFee
    from ..models.charging_invoice import ChargingInvoice


T = TypeVar("T", bound="ChargingHistoryItem")


@_attrs_define
class ChargingHistoryItem:
    """One charging session with its fees and invoices. No real answer is recorded in
    tests/corpus, so nothing is required.

        Attributes:
            session_id (int | Unset):
            vin (str | Unset):
            site_location_name (None | str | Unset):
            charge_start_date_time (None | str | Unset): ISO 8601 with the site's UTC offset.
            charge_stop_date_time (None | str | Unset):
            unlatch_date_time (None | str | Unset):
            country_code (None | str | Unset):
            fees (list[ChargingFee] | Unset):
            billing_type (None | str | Unset):
            invoices (list[ChargingInvoice] | None | Unset):
            vehicle_make_type (None | str | Unset):
    """

    session_id: int | Unset = UNSET
    vin: str | Unset = UNSET
    site_location_name: None | str | Unset = UNSET
    charge_start_date_time: None | str | Unset = UNSET
    charge_stop_date_time: None | str | Unset = UNSET
    unlatch_date_time: None | str | Unset = UNSET
    country_code: None | str | Unset = UNSET
    fees: list[ChargingFee] | Unset = UNSET
    billing_type: None | str | Unset = UNSET
    invoices: list[ChargingInvoice] | None | Unset = UNSET
    vehicle_make_type: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        vin = self.vin

        site_location_name: None | str | Unset
        if isinstance(self.site_location_name, Unset):
            site_location_name = UNSET
        else:
            site_location_name = self.site_location_name

        charge_start_date_time: None | str | Unset
        if isinstance(self.charge_start_date_time, Unset):
            charge_start_date_time = UNSET
        else:
            charge_start_date_time = self.charge_start_date_time

        charge_stop_date_time: None | str | Unset
        if isinstance(self.charge_stop_date_time, Unset):
            charge_stop_date_time = UNSET
        else:
            charge_stop_date_time = self.charge_stop_date_time

        unlatch_date_time: None | str | Unset
        if isinstance(self.unlatch_date_time, Unset):
            unlatch_date_time = UNSET
        else:
            unlatch_date_time = self.unlatch_date_time

        country_code: None | str | Unset
        if isinstance(self.country_code, Unset):
            country_code = UNSET
        else:
            country_code = self.country_code

        fees: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.fees, Unset):
            fees = []
            for fees_item_data in self.fees:
                fees_item = fees_item_data.to_dict()
                fees.append(fees_item)

        billing_type: None | str | Unset
        if isinstance(self.billing_type, Unset):
            billing_type = UNSET
        else:
            billing_type = self.billing_type

        invoices: list[dict[str, Any]] | None | Unset
        if isinstance(self.invoices, Unset):
            invoices = UNSET
        elif isinstance(self.invoices, list):
            invoices = []
            for invoices_type_0_item_data in self.invoices:
                invoices_type_0_item = invoices_type_0_item_data.to_dict()
                invoices.append(invoices_type_0_item)

        else:
            invoices = self.invoices

        vehicle_make_type: None | str | Unset
        if isinstance(self.vehicle_make_type, Unset):
            vehicle_make_type = UNSET
        else:
            vehicle_make_type = self.vehicle_make_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if session_id is not UNSET:
            field_dict["sessionId"] = session_id
        if vin is not UNSET:
            field_dict["vin"] = vin
        if site_location_name is not UNSET:
            field_dict["siteLocationName"] = site_location_name
        if charge_start_date_time is not UNSET:
            field_dict["chargeStartDateTime"] = charge_start_date_time
        if charge_stop_date_time is not UNSET:
            field_dict["chargeStopDateTime"] = charge_stop_date_time
        if unlatch_date_time is not UNSET:
            field_dict["unlatchDateTime"] = unlatch_date_time
        if country_code is not UNSET:
            field_dict["countryCode"] = country_code
        if fees is not UNSET:
            field_dict["fees"] = fees
        if billing_type is not UNSET:
            field_dict["billingType"] = billing_type
        if invoices is not UNSET:
            field_dict["invoices"] = invoices
        if vehicle_make_type is not UNSET:
            field_dict["vehicleMakeType"] = vehicle_make_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.charging_fee import ChargingFee  # noqa: PLC0415
        from ..models.charging_invoice import ChargingInvoice  # noqa: PLC0415

        d = dict(src_dict)
        session_id = d.pop("sessionId", UNSET)

        vin = d.pop("vin", UNSET)

        def _parse_site_location_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        site_location_name = _parse_site_location_name(d.pop("siteLocationName", UNSET))

        def _parse_charge_start_date_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        charge_start_date_time = _parse_charge_start_date_time(d.pop("chargeStartDateTime", UNSET))

        def _parse_charge_stop_date_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        charge_stop_date_time = _parse_charge_stop_date_time(d.pop("chargeStopDateTime", UNSET))

        def _parse_unlatch_date_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unlatch_date_time = _parse_unlatch_date_time(d.pop("unlatchDateTime", UNSET))

        def _parse_country_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country_code = _parse_country_code(d.pop("countryCode", UNSET))

        _fees = d.pop("fees", UNSET)
        fees: list[ChargingFee] | Unset = UNSET
        if _fees is not UNSET:
            fees = []
            for fees_item_data in _fees:
                fees_item = ChargingFee.from_dict(fees_item_data)

                fees.append(fees_item)

        def _parse_billing_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        billing_type = _parse_billing_type(d.pop("billingType", UNSET))

        def _parse_invoices(data: object) -> list[ChargingInvoice] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                invoices_type_0 = []
                _invoices_type_0 = data
                for invoices_type_0_item_data in _invoices_type_0:
                    invoices_type_0_item = ChargingInvoice.from_dict(invoices_type_0_item_data)

                    invoices_type_0.append(invoices_type_0_item)

                return invoices_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ChargingInvoice] | None | Unset, data)

        invoices = _parse_invoices(d.pop("invoices", UNSET))

        def _parse_vehicle_make_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vehicle_make_type = _parse_vehicle_make_type(d.pop("vehicleMakeType", UNSET))

        charging_history_item = cls(
            session_id=session_id,
            vin=vin,
            site_location_name=site_location_name,
            charge_start_date_time=charge_start_date_time,
            charge_stop_date_time=charge_stop_date_time,
            unlatch_date_time=unlatch_date_time,
            country_code=country_code,
            fees=fees,
            billing_type=billing_type,
            invoices=invoices,
            vehicle_make_type=vehicle_make_type,
        )

        charging_history_item.additional_properties = d
        return charging_history_item

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
