"""tesla_mock.charging_history: the history and sessions bodies against the spec, and the PDF."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any

import pytest
from tesla_mock.charging_history import (
    ChargingSessionRecord,
    find_invoice,
    history_page,
    invoice_pdf,
    sessions_page,
)

from tests.spec import oas

# The spec's examples describe this session: 07:00Z to 09:38Z on 2026-12-01, unplugged 15:45Z.
EXAMPLE_START = datetime(2026, 12, 1, 7, 0, tzinfo=UTC).timestamp()
HOUR = 3600.0


def make_record(**changes: Any) -> ChargingSessionRecord:
    """The session of the spec's examples, with `changes`."""
    fields: dict[str, Any] = {
        "session_id": 1000001,
        "vin": "5YJ3E1EA7KF317000",
        "started_at": EXAMPLE_START,
        "stopped_at": EXAMPLE_START + 158 * 60,
        "unlatched_at": EXAMPLE_START + 8.75 * HOUR,
        "energy_kwh": 18.4,
        "price_per_kwh": 0.40,
        "currency_code": "USD",
        "utc_offset_minutes": -480,
        "site_name": "Home",
        "country_code": "US",
    }
    fields.update(changes)
    return ChargingSessionRecord(**fields)


def fleet_records() -> list[ChargingSessionRecord]:
    """Six sessions of two cars, one a day, listed out of order (as a fleet may append them)."""
    records = [
        make_record(
            session_id=1000001 + day,
            vin="5YJ3E1EA7KF317000" if day % 2 == 0 else "7SAYGDEE5PF612345",
            started_at=EXAMPLE_START + day * 24 * HOUR,
            stopped_at=EXAMPLE_START + day * 24 * HOUR + HOUR,
            unlatched_at=EXAMPLE_START + day * 24 * HOUR + 2 * HOUR,
        )
        for day in range(6)
    ]
    return [records[i] for i in (3, 0, 5, 1, 4, 2)]


@cache
def _spec() -> dict[str, Any]:
    return oas.load(oas.VEHICLE_SPEC)


def schema(name: str) -> dict[str, Any]:
    doc = _spec()
    return oas.resolve_all(doc, doc["components"]["schemas"][name])


def example(name: str) -> Any:
    return _spec()["components"]["examples"][name]["value"]


def assert_valid(name: str, body: dict[str, Any]) -> None:
    assert oas.schema_errors(schema(name), body) == []


def history_ids(body: dict[str, Any]) -> list[int]:
    return [item["sessionId"] for item in body["response"]["data"]]


def sessions_ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["response"]["data"]]


# --- Shapes against the spec --------------------------------------------------------------------


def test_history_item_is_the_spec_example_but_for_the_content_id() -> None:
    body = history_page([make_record()])
    assert_valid("ChargingHistoryResponse", body)
    expected = example("ChargingHistoryOneSession")
    expected_invoice = expected["response"]["data"][0]["invoices"][0]
    produced_invoice = body["response"]["data"][0]["invoices"][0]
    # The example's contentId is a made-up UUID; ours is derived from the session id.
    produced_invoice["contentId"] = expected_invoice["contentId"]
    assert body == expected


def test_sessions_item_is_the_spec_example() -> None:
    body = sessions_page([make_record()])
    assert_valid("ChargingSessionsResponse", body)
    assert body == example("ChargingSessionsOne")


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"price_per_kwh": 0.0},
        {"energy_kwh": 0.0, "price_per_kwh": 0.125, "utc_offset_minutes": 330},
        {
            "currency_code": "EUR",
            "country_code": "DE",
            "site_name": "Büro",
            "utc_offset_minutes": 60,
        },
        {"stopped_at": EXAMPLE_START, "unlatched_at": EXAMPLE_START, "utc_offset_minutes": 0},
    ],
)
def test_both_listings_are_valid_for_their_schemas(changes: dict[str, Any]) -> None:
    records = [make_record(**changes), *fleet_records()[1:]]
    assert_valid("ChargingHistoryResponse", history_page(records))
    assert_valid("ChargingSessionsResponse", sessions_page(records))


def test_empty_history_and_sessions_are_valid() -> None:
    assert history_page([]) == {"response": {"data": []}}
    assert sessions_page([]) == {"response": {"data": []}}
    assert_valid("ChargingHistoryResponse", history_page([]))
    assert_valid("ChargingSessionsResponse", sessions_page([]))


# --- Fees and money -----------------------------------------------------------------------------


def only_fee(record: ChargingSessionRecord) -> dict[str, Any]:
    (fee,) = history_page([record])["response"]["data"][0]["fees"]
    return fee


@pytest.mark.parametrize(
    ("kwh", "price", "total"),
    [
        (18.4, 0.40, 7.36),
        (0.5, 0.25, 0.13),  # 0.125: half-up, where round() would give 0.12 (half-even)
        (1.005, 1.0, 1.01),  # the float 1.005 is 1.00499...: money is done in decimal
        (33.3333, 0.3, 10.0),  # kWh rounded first (33.333), then 9.9999 rounds to 10.00
    ],
)
def test_totals_are_usage_times_rate_rounded_half_up_to_the_cent(
    kwh: float, price: float, total: float
) -> None:
    fee = only_fee(make_record(energy_kwh=kwh, price_per_kwh=price))
    assert (fee["totalBase"], fee["totalDue"], fee["netDue"]) == (total, total, total)
    assert fee["rateBase"] == price
    assert fee["pricingType"] == "PAYMENT"


def test_usage_is_kwh_rounded_to_watt_hours() -> None:
    assert only_fee(make_record(energy_kwh=12.34567))["usageBase"] == 12.346
    assert only_fee(make_record(energy_kwh=12.0))["usageBase"] == 12.0


def test_a_free_session_is_no_charge_and_still_paid() -> None:
    fee = only_fee(make_record(price_per_kwh=0.0))
    assert fee["pricingType"] == "NO_CHARGE"
    assert (fee["rateBase"], fee["totalBase"], fee["totalDue"], fee["netDue"]) == (0, 0, 0, 0)
    assert (fee["isPaid"], fee["status"], fee["usageBase"]) == (True, "PAID", 18.4)


def test_sessions_cost_has_no_vat_and_matches_the_history_total() -> None:
    record = make_record(energy_kwh=0.5, price_per_kwh=0.25)
    (session,) = sessions_page([record])["response"]["data"]
    assert session["total_cost"] == {"excl_vat": 0.13, "incl_vat": 0.13, "vat": 0}
    assert session["total_cost"]["incl_vat"] == only_fee(record)["totalDue"]


# --- Times --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "start", "stop"),
    [
        (-480, "2026-11-30T23:00:00-08:00", "2026-12-01T01:38:00-08:00"),
        (330, "2026-12-01T12:30:00+05:30", "2026-12-01T15:08:00+05:30"),
        (0, "2026-12-01T07:00:00+00:00", "2026-12-01T09:38:00+00:00"),
        (-210, "2026-12-01T03:30:00-03:30", "2026-12-01T06:08:00-03:30"),
    ],
)
def test_history_times_are_local_with_the_cars_offset(offset: int, start: str, stop: str) -> None:
    (item,) = history_page([make_record(utc_offset_minutes=offset)])["response"]["data"]
    assert (item["chargeStartDateTime"], item["chargeStopDateTime"]) == (start, stop)
    parsed = datetime.fromisoformat(item["unlatchDateTime"])
    assert parsed.utcoffset() == timedelta(minutes=offset)
    assert parsed.timestamp() == EXAMPLE_START + 8.75 * HOUR


def test_fractions_of_a_second_are_dropped() -> None:
    record = make_record(started_at=EXAMPLE_START + 0.999, utc_offset_minutes=0)
    (item,) = history_page([record])["response"]["data"]
    (session,) = sessions_page([record])["response"]["data"]
    assert item["chargeStartDateTime"] == "2026-12-01T07:00:00+00:00"
    assert session["start_date_time"] == "2026-12-01T07:00:00Z"


def test_sessions_times_are_utc_and_total_time_is_charging_hours() -> None:
    record = make_record(utc_offset_minutes=540, stopped_at=EXAMPLE_START + 5400)
    (session,) = sessions_page([record])["response"]["data"]
    assert session["start_date_time"] == "2026-12-01T07:00:00Z"
    assert session["stop_date_time"] == "2026-12-01T08:30:00Z"
    assert session["total_time"] == 1.5
    assert session["charging_periods"][0]["start_date_time"] == "2026-12-01T07:00:00Z"


# --- Filters, order and paging ------------------------------------------------------------------


def day(n: int) -> datetime:
    return datetime.fromtimestamp(EXAMPLE_START + n * 24 * HOUR, UTC)


def test_history_is_newest_first_by_default_and_oldest_first_on_asc() -> None:
    records = fleet_records()
    assert history_ids(history_page(records)) == list(range(1000006, 1000000, -1))
    assert history_ids(history_page(records, sort_order="ASC")) == list(range(1000001, 1000007))


def test_sessions_that_start_together_are_ordered_by_session_id() -> None:
    records = [make_record(session_id=7), make_record(session_id=3), make_record(session_id=5)]
    assert history_ids(history_page(records)) == [7, 5, 3]
    assert history_ids(history_page(records, sort_order="ASC")) == [3, 5, 7]
    assert sessions_ids(sessions_page(records)) == ["3", "5", "7"]


def test_sessions_are_oldest_first() -> None:
    assert sessions_ids(sessions_page(fleet_records())) == [str(n) for n in range(1000001, 1000007)]


def test_vin_filter_keeps_only_that_car() -> None:
    records = fleet_records()
    history = history_page(records, vin="7SAYGDEE5PF612345")
    assert history_ids(history) == [1000006, 1000004, 1000002]
    sessions = sessions_page(records, vin="5YJ3E1EA7KF317000")
    assert sessions_ids(sessions) == ["1000001", "1000003", "1000005"]
    assert history_page(records, vin="5YJ3E1EA7KF399999") == {"response": {"data": []}}


def test_time_filter_is_start_inclusive_end_exclusive() -> None:
    records = fleet_records()
    body = history_page(records, start_time=day(1), end_time=day(3), sort_order="ASC")
    assert history_ids(body) == [1000002, 1000003]
    assert sessions_ids(sessions_page(records, date_from=day(1), date_to=day(3))) == [
        "1000002",
        "1000003",
    ]
    assert history_ids(history_page(records, start_time=day(5) + timedelta(seconds=1))) == []
    assert history_ids(history_page(records, end_time=day(0))) == []


def test_time_filter_compares_instants_whatever_the_bounds_offset() -> None:
    pacific = timezone(timedelta(hours=-8))
    start = day(4).astimezone(pacific)
    assert history_ids(history_page(fleet_records(), start_time=start)) == [1000006, 1000005]


def test_naive_time_filters_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        history_page(fleet_records(), start_time=datetime(2026, 12, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        sessions_page(fleet_records(), date_to=datetime(2026, 12, 1))


def test_history_pages_split_the_list_and_a_page_past_the_end_is_empty() -> None:
    records = fleet_records()
    pages = [history_ids(history_page(records, page_no=n, page_size=4)) for n in range(3)]
    assert pages == [[1000006, 1000005, 1000004, 1000003], [1000002, 1000001], []]
    assert history_ids(history_page(records, page_no=1_000_000, page_size=100)) == []


def test_history_page_size_bounds() -> None:
    records = [make_record(session_id=n, started_at=EXAMPLE_START + n) for n in range(150)]
    assert history_ids(history_page(records, page_size=1)) == [149]
    assert len(history_page(records, page_size=100)["response"]["data"]) == 100
    assert len(history_page(records)["response"]["data"]) == 25
    for bad in (0, 101):
        with pytest.raises(ValueError, match="page_size"):
            history_page(records, page_size=bad)
    with pytest.raises(ValueError, match="page_no"):
        history_page(records, page_no=-1)
    with pytest.raises(ValueError, match="sort_order"):
        history_page(records, sort_order="desc")


def test_sessions_offset_and_limit() -> None:
    records = fleet_records()
    assert sessions_ids(sessions_page(records, offset=4, limit=5)) == ["1000005", "1000006"]
    assert sessions_ids(sessions_page(records, offset=6)) == []
    assert sessions_ids(sessions_page(records, limit=1)) == ["1000001"]
    for bad in (0, 101):
        with pytest.raises(ValueError, match="limit"):
            sessions_page(records, limit=bad)
    with pytest.raises(ValueError, match="offset"):
        sessions_page(records, offset=-1)


def test_paging_accepts_a_one_pass_iterable() -> None:
    assert history_ids(history_page(iter(fleet_records()), page_size=2)) == [1000006, 1000005]
    assert sessions_ids(sessions_page(iter(fleet_records()), limit=1)) == ["1000001"]


# --- Records, ids and invoices ------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"stopped_at": EXAMPLE_START - 1},
        {"unlatched_at": EXAMPLE_START + 60},
        {"energy_kwh": -0.1},
        {"price_per_kwh": -0.01},
        {"energy_kwh": float("nan")},
        {"price_per_kwh": float("inf")},
        {"stopped_at": float("nan")},
        {"utc_offset_minutes": 24 * 60},
    ],
)
def test_an_impossible_record_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="session 1000001"):
        make_record(**changes)


def test_fee_and_invoice_ids_are_stable_unique_and_fit_the_spec() -> None:
    invoice_path = _spec()["paths"]["/api/1/dx/charging/invoice/{content_id}"]
    invoice_id_pattern = invoice_path["parameters"][0]
    pattern = re.compile(invoice_id_pattern["schema"]["pattern"])
    items = history_page(fleet_records())["response"]["data"]
    content_ids = [item["invoices"][0]["contentId"] for item in items]
    fee_ids = [item["fees"][0]["sessionFeeId"] for item in items]
    assert all(pattern.fullmatch(content_id) for content_id in content_ids)
    assert len(set(content_ids)) == len(set(fee_ids)) == len(items)
    assert history_page(fleet_records())["response"]["data"] == items
    assert items[0]["invoices"][0]["fileName"] == "charging-invoice-1000006.pdf"


def test_find_invoice_returns_the_session_of_a_content_id() -> None:
    records = fleet_records()
    for item in history_page(records)["response"]["data"]:
        found = find_invoice(records, item["invoices"][0]["contentId"])
        assert found is not None and found.session_id == item["sessionId"]


def test_find_invoice_of_an_unknown_id_is_none() -> None:
    records = fleet_records()
    assert find_invoice(records, "7b3c2a1e-5d4f-4a6b-8c9d-0e1f2a3b4c5d") is None
    assert find_invoice([], make_record().invoice_content_id) is None
    other_fleet = make_record(session_id=999)
    assert find_invoice(records, other_fleet.invoice_content_id) is None


# --- The invoice PDF ----------------------------------------------------------------------------


def pdf_objects_and_xref(pdf: bytes) -> tuple[int, list[int]]:
    """(the `startxref` offset, the offsets of objects 1..N from the xref table), checking the
    table's layout on the way."""
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", pdf).group(1))  # type: ignore[union-attr]
    assert pdf[start:].startswith(b"xref\n")
    header = re.match(rb"xref\n0 (\d+)\n", pdf[start:])
    assert header is not None
    count = int(header.group(1))
    table_at = start + header.end()
    entries = [pdf[table_at + 20 * n : table_at + 20 * (n + 1)] for n in range(count)]
    assert entries[0] == b"0000000000 65535 f \n"
    assert all(re.fullmatch(rb"\d{10} 00000 n \n", entry) for entry in entries[1:])
    trailer = pdf[table_at + 20 * count :]
    assert trailer.startswith(b"trailer\n<< /Size %d /Root 1 0 R" % count)
    return start, [int(entry[:10]) for entry in entries[1:]]


def content_stream(pdf: bytes) -> bytes:
    match = re.search(rb"/Length (\d+) >>\nstream\n", pdf)
    assert match is not None
    length = int(match.group(1))
    assert pdf[match.end() + length :].startswith(b"\nendstream\nendobj\n")
    return pdf[match.end() : match.end() + length]


def test_invoice_pdf_is_a_well_formed_pdf_14() -> None:
    pdf = invoice_pdf(make_record())
    assert pdf.startswith(b"%PDF-1.4\n")
    assert pdf.endswith(b"%%EOF\n")
    _, offsets = pdf_objects_and_xref(pdf)
    assert len(offsets) == 6
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number), number
    assert b"/Type /Catalog" in pdf[offsets[0] : offsets[1]]


def test_invoice_pdf_shows_the_session() -> None:
    text = content_stream(invoice_pdf(make_record()))
    for line in (
        b"(Session: 1000001)",
        b"(VIN: 5YJ3E1EA7KF317000)",
        b"(Site: Home, US)",
        b"(Charging started: 2026-11-30T23:00:00-08:00)",
        b"(Charging stopped: 2026-12-01T01:38:00-08:00)",
        b"(Unplugged: 2026-12-01T07:45:00-08:00)",
        b"(Energy: 18.4 kWh)",
        b"(Price: 0.40 USD/kWh)",
        b"(Total: 7.36 USD)",
    ):
        assert line + b" Tj T*" in text
    assert text.startswith(b"BT /F1 12 Tf") and text.endswith(b" ET")


def test_invoice_pdf_escapes_text_and_keeps_offsets_right() -> None:
    record = make_record(site_name="Bob's (back\\yard) Zürich 東京", price_per_kwh=0.125)
    pdf = invoice_pdf(record)
    text = content_stream(pdf)
    assert b"(Site: Bob's \\(back\\\\yard\\) Z\xfcrich ??, US)" in text
    assert b"(Price: 0.125 USD/kWh)" in text
    _, offsets = pdf_objects_and_xref(pdf)
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number)


def test_invoice_pdf_is_the_same_bytes_every_time() -> None:
    assert invoice_pdf(make_record()) == invoice_pdf(make_record())
    assert invoice_pdf(make_record()) != invoice_pdf(dataclasses.replace(make_record(), vin="X"))
