from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChargingInvoice")


@_attrs_define
class ChargingInvoice:
    """
    Attributes:
        file_name (str | Unset):
        content_id (str | Unset): The id to fetch the PDF with (`get_charging_invoice`).
        invoice_type (str | Unset):
    """

    file_name: str | Unset = UNSET
    content_id: str | Unset = UNSET
    invoice_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_name = self.file_name

        content_id = self.content_id

        invoice_type = self.invoice_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if file_name is not UNSET:
            field_dict["fileName"] = file_name
        if content_id is not UNSET:
            field_dict["contentId"] = content_id
        if invoice_type is not UNSET:
            field_dict["invoiceType"] = invoice_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_name = d.pop("fileName", UNSET)

        content_id = d.pop("contentId", UNSET)

        invoice_type = d.pop("invoiceType", UNSET)

        charging_invoice = cls(
            file_name=file_name,
            content_id=content_id,
            invoice_type=invoice_type,
        )

        charging_invoice.additional_properties = d
        return charging_invoice

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
