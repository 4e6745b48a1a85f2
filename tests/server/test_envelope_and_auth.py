"""Every error the server sends is the real API's envelope; auth and tenant isolation."""

from __future__ import annotations

import pytest
from tesla_mock.error_texts import unknown_vehicle

from tests.server.support import OTHER_TOKEN, OTHERS_CAR, PLUGGED, PLUGGED_VIN, UNPLUGGED, Api


def assert_envelope(response, status: int, error: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"response", "error", "error_description"}
    assert body["response"] is None
    assert isinstance(body["error_description"], str)
    if error is not None:
        assert body["error"] == error
    return body


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic dXNlcjpwYXNz"}],
    ids=["missing", "unknown", "basic"],
)
def test_requests_without_a_valid_token_are_401_invalid_bearer_token(api: Api, headers) -> None:
    response = api.http.get("/api/1/vehicles", headers=headers)
    assert_envelope(response, 401, "invalid bearer token")


def test_another_accounts_vehicle_is_not_found_never_revealed(api: Api) -> None:
    # The same words as for a car that does not exist at all, but for the key asked for.
    for car in (OTHERS_CAR, "1234567890"):
        body = assert_envelope(api.command(car, "charge_start"), 404, "not_found")
        assert body["error_description"] == unknown_vehicle(car)
        assert car in body["error_description"]


def test_each_account_lists_only_its_own_vehicles(api: Api) -> None:
    mine = api.http.get("/api/1/vehicles", headers=api.owner).json()
    theirs = api.http.get(
        "/api/1/vehicles", headers={"Authorization": f"Bearer {OTHER_TOKEN}"}
    ).json()
    assert {v["id_s"] for v in mine["response"]} == {PLUGGED, UNPLUGGED}
    assert mine["count"] == 2
    assert [v["id_s"] for v in theirs["response"]] == [OTHERS_CAR]


def test_a_vehicle_is_found_by_vin_as_well_as_by_id(api: Api) -> None:
    by_vin = api.http.get(f"/api/1/vehicles/{PLUGGED_VIN}", headers=api.owner)
    assert by_vin.status_code == 200
    assert by_vin.json()["response"]["id_s"] == PLUGGED


def test_pagination_follows_page_and_per_page(api: Api) -> None:
    page2 = api.http.get("/api/1/vehicles?page=2&per_page=1", headers=api.owner).json()
    assert len(page2["response"]) == 1 and page2["count"] == 2


def test_out_of_range_body_is_400_with_the_validator_message(api: Api) -> None:
    # The car clamps 101 to 100; only what Tesla's proxy cannot forward (beyond int32) is a 400.
    body = assert_envelope(api.command(PLUGGED, "set_charge_limit", {"percent": 2**31}), 400)
    assert "2147483648 is greater than the maximum of 2147483647" in body["error_description"]


@pytest.mark.parametrize(
    "content, content_type",
    [
        (b'{"percent": ', "application/json"),
        (b"\xc4ch8", "application/json"),
        (b'"just a string"', "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"percent": "75"}', "application/json"),
        (b'{"percent": 75, "extra": 1}', "application/json"),
        (b"{}", "application/json"),
        (b"", "application/json"),
    ],
    ids=["truncated", "not-utf8", "string", "array", "string-number", "extra", "empty-obj", "none"],
)
def test_malformed_bodies_are_400_and_the_server_keeps_serving(
    api: Api, content: bytes, content_type: str
) -> None:
    response = api.http.post(
        f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
        content=content,
        headers={**api.owner, "Content-Type": content_type},
    )
    assert_envelope(response, 400)
    assert api.command(PLUGGED, "set_charge_limit", {"percent": 60}).status_code == 200


def test_wrong_content_type_is_415(api: Api) -> None:
    response = api.http.post(
        f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
        content=b"percent=75",
        headers={**api.owner, "Content-Type": "text/plain"},
    )
    assert_envelope(response, 415, "not_a_JSON_request")


def test_unknown_path_is_404_and_wrong_method_is_405_with_allow(api: Api) -> None:
    assert_envelope(api.http.get("/api/1/nothing-here", headers=api.owner), 404, "not_found")
    response = api.http.get(f"/api/1/vehicles/{PLUGGED}/command/charge_start", headers=api.owner)
    assert_envelope(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "POST"


def test_allow_names_every_method_the_spec_documents_for_the_path(api: Api) -> None:
    # connexion alone would name only the methods of the first route that matched the path.
    response = api.admin("PUT", "/faults")
    assert_envelope(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "DELETE, GET, HEAD, POST"
    assert api.admin("OPTIONS", f"/vehicles/{PLUGGED}/state").headers["allow"] == "GET, HEAD, PATCH"


def test_bad_vehicle_id_and_unknown_query_parameter_are_400(api: Api) -> None:
    assert_envelope(api.http.get("/api/1/vehicles/not-an-id", headers=api.owner), 400)
    response = api.http.get("/api/1/vehicles?colour=red", headers=api.owner)
    assert_envelope(response, 400)


def test_bad_endpoints_value_is_400(api: Api) -> None:
    response = api.http.get(
        f"/api/1/vehicles/{PLUGGED}/vehicle_data?endpoints=charge_state;nope", headers=api.owner
    )
    assert_envelope(response, 400)


def test_a_long_list_of_known_sections_is_answered(api: Api) -> None:
    # endpoints has no length limit of its own (3.1.0): the URL limit bounds it when served.
    sections = ";".join(["charge_state", "climate_state", "vehicle_data_combo"] * 60)
    assert len(sections) > 2000
    response = api.http.get(
        f"/api/1/vehicles/{PLUGGED}/vehicle_data", params={"endpoints": sections}, headers=api.owner
    )
    assert response.status_code == 200, response.text
    assert {"charge_state", "climate_state"} <= response.json()["response"].keys()
    assert "drive_state" not in response.json()["response"]


def test_body_over_64_kib_is_413_before_parsing(api: Api) -> None:
    big = b'{"percent": 75, "pad": "' + b"x" * (70 * 1024) + b'"}'
    response = api.http.post(
        f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
        content=big,
        headers={**api.owner, "Content-Type": "application/json"},
    )
    assert_envelope(response, 413, "payload_too_large")


def test_streamed_body_over_64_kib_without_length_is_413(api: Api) -> None:
    def chunks():
        yield b'{"percent": 75, "pad": "'
        for _ in range(20):
            yield b"x" * 4096
        yield b'"}'

    response = api.http.post(
        f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
        content=chunks(),
        headers={**api.owner, "Content-Type": "application/json"},
    )
    assert_envelope(response, 413, "payload_too_large")
    assert api.command(PLUGGED, "set_charge_limit", {"percent": 60}).status_code == 200
