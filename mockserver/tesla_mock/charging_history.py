"""Charging history of the mock fleet: the records, the two listing shapes and the invoice PDF.

The vehicle simulation appends a `ChargingSessionRecord` when a car is unplugged after charging
started at least once during that plug-in. This module turns those records into the bodies of
`get_charging_history` (`ChargingHistoryResponse`), `get_charging_sessions`
(`ChargingSessionsResponse`) and `get_charging_invoice` (a PDF). It does no HTTP: parameters
arrive already validated against the spec, and out-of-range values raise `ValueError`.

Choices that are the mock's own, not recorded from a real server:
- Tesla documents the history for Supercharger sessions; the mock records every session its cars
  charge, with one CHARGING fee priced at the car's configured `price_per_kwh` (`NO_CHARGE` when
  that price is 0), already paid, and no PARKING fee.
- `usageBase`/`total_energy` are kWh rounded half-up to 3 decimals (watt-hours) and the money is
  `usageBase * rateBase` rounded half-up to 2 decimals, so an invoice adds up to the cent.
- `pageNo` counts from 0; both listings sort by the session's start (ties by session id),
  whatever `sortBy` says.
- `sessionFeeId` is the session id + 1,000,000 and `contentId` a UUID 5 of the session id: stable
  across calls, unique within a fleet (a fleet reset that reuses session ids reuses them too).
- The OCPI-like session ends when charging stopped (not at unplugging), as in the spec's example.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MAX_PAGE_SIZE = 100  # the spec's maximum for `pageSize` and `limit`
FEE_ID_OFFSET = 1_000_000
_INVOICE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://tesla-mock.invalid/charging-invoice")
_THOUSANDTHS = Decimal("0.001")  # kWh to the watt-hour, hours to 3.6 s
_MONEY_STEP = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ChargingSessionRecord:
    """One finished session of one car, as the vehicle simulation saw it."""

    session_id: int  # unique per fleet, increasing
    vin: str
    started_at: float  # simulated epoch seconds: first charge start after plug-in
    stopped_at: float  # when charging last stopped or completed (<= unlatched_at)
    unlatched_at: float  # when the cable was unplugged
    energy_kwh: float  # energy added during the session
    price_per_kwh: float  # the car's configured price
    currency_code: str  # e.g. "USD"
    utc_offset_minutes: int  # the car's local time offset (for the ISO times with offset)
    site_name: str  # e.g. "Home"
    country_code: str  # e.g. "US"

    def __post_init__(self) -> None:
        # A record out of order is a simulation bug; failing here beats an invoice that lies.
        if not self.started_at <= self.stopped_at <= self.unlatched_at:
            raise ValueError(f"session {self.session_id}: times out of order")
        if not all(math.isfinite(v) and v >= 0 for v in (self.energy_kwh, self.price_per_kwh)):
            raise ValueError(f"session {self.session_id}: energy or price not a finite value >= 0")
        if abs(self.utc_offset_minutes) >= 24 * 60:
            raise ValueError(f"session {self.session_id}: UTC offset beyond a day")

    @property
    def invoice_content_id(self) -> str:
        return str(uuid.uuid5(_INVOICE_NAMESPACE, str(self.session_id)))

    @property
    def fee_id(self) -> int:
        return self.session_id + FEE_ID_OFFSET

    @property
    def billed_kwh(self) -> Decimal:
        return _decimal(self.energy_kwh).quantize(_THOUSANDTHS, ROUND_HALF_UP)

    @property
    def total_cost(self) -> Decimal:
        return (self.billed_kwh * _decimal(self.price_per_kwh)).quantize(_MONEY_STEP, ROUND_HALF_UP)

    def local_iso(self, epoch_seconds: float) -> str:
        """`epoch_seconds` as ISO 8601 in the car's local time with its offset, whole seconds."""
        zone = timezone(timedelta(minutes=self.utc_offset_minutes))
        return datetime.fromtimestamp(epoch_seconds, zone).isoformat(timespec="seconds")


def _decimal(value: float) -> Decimal:
    # Through repr, so 1.005 stays 1.005 instead of becoming 1.00499999999999989...
    return Decimal(repr(value))


def _utc_iso(epoch_seconds: float) -> str:
    return datetime.fromtimestamp(epoch_seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _epoch(bound: datetime | None, unbounded: float) -> float:
    if bound is None:
        return unbounded
    if bound.utcoffset() is None:
        raise ValueError("time filters must be timezone-aware")
    return bound.timestamp()


def _selected(
    records: Iterable[ChargingSessionRecord],
    vin: str | None,
    start: datetime | None,
    end: datetime | None,
) -> list[ChargingSessionRecord]:
    """The records of `vin` (any car when None) that started in [start, end), oldest first."""
    low, high = _epoch(start, -math.inf), _epoch(end, math.inf)
    chosen = [r for r in records if (vin is None or r.vin == vin) and low <= r.started_at < high]
    chosen.sort(key=lambda record: (record.started_at, record.session_id))
    return chosen


def _check_window(first: int, size: int, first_name: str, size_name: str) -> None:
    if first < 0:
        raise ValueError(f"{first_name} must be >= 0, not {first}")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValueError(f"{size_name} must be 1..{MAX_PAGE_SIZE}, not {size}")


def _history_item(record: ChargingSessionRecord) -> dict[str, Any]:
    usage = float(record.billed_kwh)
    total = float(record.total_cost)
    fee: dict[str, Any] = {
        "sessionFeeId": record.fee_id,
        "feeType": "CHARGING",
        "currencyCode": record.currency_code,
        "pricingType": "NO_CHARGE" if record.price_per_kwh == 0 else "PAYMENT",
        "rateBase": record.price_per_kwh,
    }
    fee.update({f"rateTier{tier}": None for tier in range(1, 5)})
    fee["usageBase"] = usage
    fee.update({f"usageTier{tier}": None for tier in range(1, 5)})
    fee["totalBase"] = total
    fee.update({f"totalTier{tier}": None for tier in range(1, 5)})
    fee.update(totalDue=total, netDue=total, uom="kwh", isPaid=True, status="PAID")
    return {
        "sessionId": record.session_id,
        "vin": record.vin,
        "siteLocationName": record.site_name,
        "chargeStartDateTime": record.local_iso(record.started_at),
        "chargeStopDateTime": record.local_iso(record.stopped_at),
        "unlatchDateTime": record.local_iso(record.unlatched_at),
        "countryCode": record.country_code,
        "fees": [fee],
        "billingType": "IMMEDIATE",
        "invoices": [
            {
                "fileName": f"charging-invoice-{record.session_id}.pdf",
                "contentId": record.invoice_content_id,
                "invoiceType": "IMMEDIATE",
            }
        ],
        "vehicleMakeType": "TSLA",
    }


def history_page(
    records: Iterable[ChargingSessionRecord],
    *,
    vin: str | None = None,
    start_time: datetime | None = None,
    end_time: datetime | None = None,
    page_no: int = 0,
    page_size: int = 25,
    sort_order: str = "DESC",
) -> dict[str, Any]:
    """One page of `get_charging_history`: a `ChargingHistoryResponse` dict."""
    _check_window(page_no, page_size, "page_no", "page_size")
    if sort_order not in ("ASC", "DESC"):
        raise ValueError(f"sort_order must be ASC or DESC, not {sort_order!r}")
    chosen = _selected(records, vin, start_time, end_time)
    if sort_order == "DESC":
        chosen.reverse()
    page = chosen[page_no * page_size : (page_no + 1) * page_size]
    return {"response": {"data": [_history_item(record) for record in page]}}


def _session_item(record: ChargingSessionRecord) -> dict[str, Any]:
    energy = float(record.billed_kwh)
    cost = float(record.total_cost)
    hours = _decimal(record.stopped_at - record.started_at) / 3600
    return {
        "id": str(record.session_id),
        "vin": record.vin,
        "start_date_time": _utc_iso(record.started_at),
        "stop_date_time": _utc_iso(record.stopped_at),
        "total_energy": energy,
        "total_time": float(hours.quantize(_THOUSANDTHS, ROUND_HALF_UP)),
        "total_cost": {"excl_vat": cost, "incl_vat": cost, "vat": 0},
        "location": {"country": record.country_code, "name": record.site_name},
        "charging_periods": [
            {
                "start_date_time": _utc_iso(record.started_at),
                "dimensions": [{"type": "ENERGY", "volume": energy}],
            }
        ],
        "tariffs": None,
    }


def sessions_page(
    records: Iterable[ChargingSessionRecord],
    *,
    vin: str | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    offset: int = 0,
    limit: int = 25,
) -> dict[str, Any]:
    """`get_charging_sessions`: a `ChargingSessionsResponse` dict, oldest session first."""
    _check_window(offset, limit, "offset", "limit")
    chosen = _selected(records, vin, date_from, date_to)[offset : offset + limit]
    return {"response": {"data": [_session_item(record) for record in chosen]}}


def find_invoice(
    records: Iterable[ChargingSessionRecord], content_id: str
) -> ChargingSessionRecord | None:
    """The session whose invoice has this `contentId`, or None."""
    return next((r for r in records if r.invoice_content_id == content_id), None)


def _pdf_text(text: str) -> bytes:
    """`text` as a PDF literal string in WinAnsi (characters it lacks become '?')."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252", errors="replace") + b")"


def _invoice_lines(record: ChargingSessionRecord) -> list[str]:
    price = _decimal(record.price_per_kwh)
    cents = price.quantize(_MONEY_STEP)
    price = cents if cents == price else price  # 0.4 reads 0.40; 0.125 stays 0.125
    currency = record.currency_code
    return [
        "Charging invoice (Tesla mock vehicle)",
        f"Session: {record.session_id}",
        f"VIN: {record.vin}",
        f"Site: {record.site_name}, {record.country_code}",
        f"Charging started: {record.local_iso(record.started_at)}",
        f"Charging stopped: {record.local_iso(record.stopped_at)}",
        f"Unplugged: {record.local_iso(record.unlatched_at)}",
        f"Energy: {record.billed_kwh.normalize():f} kWh",
        f"Price: {price} {currency}/kWh",
        f"Total: {record.total_cost} {currency}",
    ]


def invoice_pdf(record: ChargingSessionRecord) -> bytes:
    """The session's invoice: a one-page PDF 1.4 of text lines, the same bytes on every call."""
    text = b" ".join(_pdf_text(line) + b" Tj T*" for line in _invoice_lines(record))
    stream = b"BT /F1 12 Tf 16 TL 72 720 Td " + text + b" ET"
    title = _pdf_text(f"Charging invoice {record.session_id}")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title " + title + b" /Producer (tesla-mock-vehicle) >>",
    ]
    # The binary comment line marks the file as binary for transfer tools (PDF 1.4, 7.5.2).
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    # Every xref entry is exactly 20 bytes: 10-digit offset, generation, type, two-byte EOL.
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
