from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChargingFee")


@_attrs_define
class ChargingFee:
    """One fee of a session. `feeType` is `CHARGING` or `PARKING`; usage is in `uom`
    (`kwh` or `min`); the tier fields are null where the site has no tiers.

        Attributes:
            session_fee_id (int | None | Unset):
            fee_type (None | str | Unset):
            currency_code (None | str | Unset):
            pricing_type (None | str | Unset):
            rate_base (float | None | Unset):
            rate_tier_1 (float | None | Unset):
            rate_tier_2 (float | None | Unset):
            rate_tier_3 (float | None | Unset):
            rate_tier_4 (float | None | Unset):
            usage_base (float | None | Unset):
            usage_tier_1 (float | None | Unset):
            usage_tier_2 (float | None | Unset):
            usage_tier_3 (float | None | Unset):
            usage_tier_4 (float | None | Unset):
            total_base (float | None | Unset):
            total_tier_1 (float | None | Unset):
            total_tier_2 (float | None | Unset):
            total_tier_3 (float | None | Unset):
            total_tier_4 (float | None | Unset):
            total_due (float | None | Unset):
            net_due (float | None | Unset):
            uom (None | str | Unset):
            is_paid (bool | None | Unset):
            status (None | str | Unset):
    """

    session_fee_id: int | None | Unset = UNSET
    fee_type: None | str | Unset = UNSET
    currency_code: None | str | Unset = UNSET
    pricing_type: None | str | Unset = UNSET
    rate_base: float | None | Unset = UNSET
    rate_tier_1: float | None | Unset = UNSET
    rate_tier_2: float | None | Unset = UNSET
    rate_tier_3: float | None | Unset = UNSET
    rate_tier_4: float | None | Unset = UNSET
    usage_base: float | None | Unset = UNSET
    usage_tier_1: float | None | Unset = UNSET
    usage_tier_2: float | None | Unset = UNSET
    usage_tier_3: float | None | Unset = UNSET
    usage_tier_4: float | None | Unset = UNSET
    total_base: float | None | Unset = UNSET
    total_tier_1: float | None | Unset = UNSET
    total_tier_2: float | None | Unset = UNSET
    total_tier_3: float | None | Unset = UNSET
    total_tier_4: float | None | Unset = UNSET
    total_due: float | None | Unset = UNSET
    net_due: float | None | Unset = UNSET
    uom: None | str | Unset = UNSET
    is_paid: bool | None | Unset = UNSET
    status: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_fee_id: int | None | Unset
        if isinstance(self.session_fee_id, Unset):
            session_fee_id = UNSET
        else:
            session_fee_id = self.session_fee_id

        fee_type: None | str | Unset
        if isinstance(self.fee_type, Unset):
            fee_type = UNSET
        else:
            fee_type = self.fee_type

        currency_code: None | str | Unset
        if isinstance(self.currency_code, Unset):
            currency_code = UNSET
        else:
            currency_code = self.currency_code

        pricing_type: None | str | Unset
        if isinstance(self.pricing_type, Unset):
            pricing_type = UNSET
        else:
            pricing_type = self.pricing_type

        rate_base: float | None | Unset
        if isinstance(self.rate_base, Unset):
            rate_base = UNSET
        else:
            rate_base = self.rate_base

        rate_tier_1: float | None | Unset
        if isinstance(self.rate_tier_1, Unset):
            rate_tier_1 = UNSET
        else:
            rate_tier_1 = self.rate_tier_1

        rate_tier_2: float | None | Unset
        if isinstance(self.rate_tier_2, Unset):
            rate_tier_2 = UNSET
        else:
            rate_tier_2 = self.rate_tier_2

        rate_tier_3: float | None | Unset
        if isinstance(self.rate_tier_3, Unset):
            rate_tier_3 = UNSET
        else:
            rate_tier_3 = self.rate_tier_3

        rate_tier_4: float | None | Unset
        if isinstance(self.rate_tier_4, Unset):
            rate_tier_4 = UNSET
        else:
            rate_tier_4 = self.rate_tier_4

        usage_base: float | None | Unset
        if isinstance(self.usage_base, Unset):
            usage_base = UNSET
        else:
            usage_base = self.usage_base

        usage_tier_1: float | None | Unset
        if isinstance(self.usage_tier_1, Unset):
            usage_tier_1 = UNSET
        else:
            usage_tier_1 = self.usage_tier_1

        usage_tier_2: float | None | Unset
        if isinstance(self.usage_tier_2, Unset):
            usage_tier_2 = UNSET
        else:
            usage_tier_2 = self.usage_tier_2

        usage_tier_3: float | None | Unset
        if isinstance(self.usage_tier_3, Unset):
            usage_tier_3 = UNSET
        else:
            usage_tier_3 = self.usage_tier_3

        usage_tier_4: float | None | Unset
        if isinstance(self.usage_tier_4, Unset):
            usage_tier_4 = UNSET
        else:
            usage_tier_4 = self.usage_tier_4

        total_base: float | None | Unset
        if isinstance(self.total_base, Unset):
            total_base = UNSET
        else:
            total_base = self.total_base

        total_tier_1: float | None | Unset
        if isinstance(self.total_tier_1, Unset):
            total_tier_1 = UNSET
        else:
            total_tier_1 = self.total_tier_1

        total_tier_2: float | None | Unset
        if isinstance(self.total_tier_2, Unset):
            total_tier_2 = UNSET
        else:
            total_tier_2 = self.total_tier_2

        total_tier_3: float | None | Unset
        if isinstance(self.total_tier_3, Unset):
            total_tier_3 = UNSET
        else:
            total_tier_3 = self.total_tier_3

        total_tier_4: float | None | Unset
        if isinstance(self.total_tier_4, Unset):
            total_tier_4 = UNSET
        else:
            total_tier_4 = self.total_tier_4

        total_due: float | None | Unset
        if isinstance(self.total_due, Unset):
            total_due = UNSET
        else:
            total_due = self.total_due

        net_due: float | None | Unset
        if isinstance(self.net_due, Unset):
            net_due = UNSET
        else:
            net_due = self.net_due

        uom: None | str | Unset
        if isinstance(self.uom, Unset):
            uom = UNSET
        else:
            uom = self.uom

        is_paid: bool | None | Unset
        if isinstance(self.is_paid, Unset):
            is_paid = UNSET
        else:
            is_paid = self.is_paid

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if session_fee_id is not UNSET:
            field_dict["sessionFeeId"] = session_fee_id
        if fee_type is not UNSET:
            field_dict["feeType"] = fee_type
        if currency_code is not UNSET:
            field_dict["currencyCode"] = currency_code
        if pricing_type is not UNSET:
            field_dict["pricingType"] = pricing_type
        if rate_base is not UNSET:
            field_dict["rateBase"] = rate_base
        if rate_tier_1 is not UNSET:
            field_dict["rateTier1"] = rate_tier_1
        if rate_tier_2 is not UNSET:
            field_dict["rateTier2"] = rate_tier_2
        if rate_tier_3 is not UNSET:
            field_dict["rateTier3"] = rate_tier_3
        if rate_tier_4 is not UNSET:
            field_dict["rateTier4"] = rate_tier_4
        if usage_base is not UNSET:
            field_dict["usageBase"] = usage_base
        if usage_tier_1 is not UNSET:
            field_dict["usageTier1"] = usage_tier_1
        if usage_tier_2 is not UNSET:
            field_dict["usageTier2"] = usage_tier_2
        if usage_tier_3 is not UNSET:
            field_dict["usageTier3"] = usage_tier_3
        if usage_tier_4 is not UNSET:
            field_dict["usageTier4"] = usage_tier_4
        if total_base is not UNSET:
            field_dict["totalBase"] = total_base
        if total_tier_1 is not UNSET:
            field_dict["totalTier1"] = total_tier_1
        if total_tier_2 is not UNSET:
            field_dict["totalTier2"] = total_tier_2
        if total_tier_3 is not UNSET:
            field_dict["totalTier3"] = total_tier_3
        if total_tier_4 is not UNSET:
            field_dict["totalTier4"] = total_tier_4
        if total_due is not UNSET:
            field_dict["totalDue"] = total_due
        if net_due is not UNSET:
            field_dict["netDue"] = net_due
        if uom is not UNSET:
            field_dict["uom"] = uom
        if is_paid is not UNSET:
            field_dict["isPaid"] = is_paid
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_session_fee_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        session_fee_id = _parse_session_fee_id(d.pop("sessionFeeId", UNSET))

        def _parse_fee_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fee_type = _parse_fee_type(d.pop("feeType", UNSET))

        def _parse_currency_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency_code = _parse_currency_code(d.pop("currencyCode", UNSET))

        def _parse_pricing_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pricing_type = _parse_pricing_type(d.pop("pricingType", UNSET))

        def _parse_rate_base(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rate_base = _parse_rate_base(d.pop("rateBase", UNSET))

        def _parse_rate_tier_1(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rate_tier_1 = _parse_rate_tier_1(d.pop("rateTier1", UNSET))

        def _parse_rate_tier_2(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rate_tier_2 = _parse_rate_tier_2(d.pop("rateTier2", UNSET))

        def _parse_rate_tier_3(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rate_tier_3 = _parse_rate_tier_3(d.pop("rateTier3", UNSET))

        def _parse_rate_tier_4(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rate_tier_4 = _parse_rate_tier_4(d.pop("rateTier4", UNSET))

        def _parse_usage_base(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        usage_base = _parse_usage_base(d.pop("usageBase", UNSET))

        def _parse_usage_tier_1(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        usage_tier_1 = _parse_usage_tier_1(d.pop("usageTier1", UNSET))

        def _parse_usage_tier_2(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        usage_tier_2 = _parse_usage_tier_2(d.pop("usageTier2", UNSET))

        def _parse_usage_tier_3(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        usage_tier_3 = _parse_usage_tier_3(d.pop("usageTier3", UNSET))

        def _parse_usage_tier_4(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        usage_tier_4 = _parse_usage_tier_4(d.pop("usageTier4", UNSET))

        def _parse_total_base(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_base = _parse_total_base(d.pop("totalBase", UNSET))

        def _parse_total_tier_1(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_tier_1 = _parse_total_tier_1(d.pop("totalTier1", UNSET))

        def _parse_total_tier_2(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_tier_2 = _parse_total_tier_2(d.pop("totalTier2", UNSET))

        def _parse_total_tier_3(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_tier_3 = _parse_total_tier_3(d.pop("totalTier3", UNSET))

        def _parse_total_tier_4(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_tier_4 = _parse_total_tier_4(d.pop("totalTier4", UNSET))

        def _parse_total_due(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_due = _parse_total_due(d.pop("totalDue", UNSET))

        def _parse_net_due(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        net_due = _parse_net_due(d.pop("netDue", UNSET))

        def _parse_uom(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uom = _parse_uom(d.pop("uom", UNSET))

        def _parse_is_paid(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_paid = _parse_is_paid(d.pop("isPaid", UNSET))

        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        charging_fee = cls(
            session_fee_id=session_fee_id,
            fee_type=fee_type,
            currency_code=currency_code,
            pricing_type=pricing_type,
            rate_base=rate_base,
            rate_tier_1=rate_tier_1,
            rate_tier_2=rate_tier_2,
            rate_tier_3=rate_tier_3,
            rate_tier_4=rate_tier_4,
            usage_base=usage_base,
            usage_tier_1=usage_tier_1,
            usage_tier_2=usage_tier_2,
            usage_tier_3=usage_tier_3,
            usage_tier_4=usage_tier_4,
            total_base=total_base,
            total_tier_1=total_tier_1,
            total_tier_2=total_tier_2,
            total_tier_3=total_tier_3,
            total_tier_4=total_tier_4,
            total_due=total_due,
            net_due=net_due,
            uom=uom,
            is_paid=is_paid,
            status=status,
        )

        charging_fee.additional_properties = d
        return charging_fee

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
