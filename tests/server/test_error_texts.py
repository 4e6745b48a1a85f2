"""Error answers say what was wrong and what to do, in every flavor, while `error` and the
status stay the real API's (issue 13): a JSON body sent form-encoded, a lowercase VIN, a bad
`endpoints` value, an unknown car against an unknown path, a non-admin token on the admin API,
and every other parameter refusal on one line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tesla_mock import error_texts
from tesla_mock.flavors import FLAVOR_NAMES, PROXY, Flavor
from tesla_mock.proxy import NUMERIC_ID_TEXT, UNPARSABLE_BODY

from tests.hostile.support import in_process_api
from tests.server.support import ADMIN_TOKEN, OTHER_TOKEN, OTHERS_CAR, OWNER_TOKEN, PLUGGED, Api
from tests.server.support import PLUGGED_VIN as VIN

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
LIMIT = f"/api/1/vehicles/{VIN}/command/set_charge_limit"


@pytest.fixture(params=FLAVOR_NAMES)
def flavored(request: pytest.FixtureRequest) -> Iterator[Api]:
    """The server tests' scenario served as each flavor, answers validated against the spec."""
    with in_process_api(flavor=Flavor(request.param), validate_responses=True) as api:
        api.flavor = request.param  # type: ignore[attr-defined]
        yield api


def refusal(response: Any, status: int, error: str) -> str:
    """The answer's error_description, after checking the envelope, the status and `error`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"response", "error", "error_description"}
    assert (body["response"], body["error"]) == (None, error)
    description = body["error_description"]
    assert "\n" not in description and len(description) < 500, description
    return str(description)


# -- a JSON body that arrived form-encoded (curl -d without -H) ------------------------------
PROXY_SUCCESS = {"response": {"result": True, "reason": ""}}
PROXY_MISSING_PERCENT = {
    "response": {"result": False, "reason": "missing percent param"},
    "error": "",
    "error_description": "",
}


@pytest.mark.parametrize(
    ("content", "through_the_proxy"),
    [
        (b'{"percent": 65}', (200, PROXY_SUCCESS)),
        (b'{"percent": 65, "note": "a=b&c"}', (200, PROXY_SUCCESS)),
        (b"null", (400, PROXY_MISSING_PERCENT)),
        (b"[65]", (400, UNPARSABLE_BODY)),
    ],
    ids=["object", "with-form-separators", "null", "array"],
)
def test_a_json_command_body_sent_form_encoded_is_told_to_send_json(
    flavored: Api, content: bytes, through_the_proxy: tuple[int, Any]
) -> None:
    response = flavored.http.post(LIMIT, content=content, headers={**flavored.owner, **FORM})
    if flavored.flavor == PROXY:  # type: ignore[attr-defined]
        # Tesla's proxy reads a command's body as JSON whatever its Content-Type says.
        status, answer = through_the_proxy
        assert response.status_code == status
        assert (response.text if isinstance(answer, str) else response.json()) == answer
        return
    assert refusal(response, 400, "invalid_field") == error_texts.FORM_ENCODED_JSON


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/1/vehicles/fleet_status"), ("POST", "/__mock/clock/advance")],
)
def test_json_sent_form_encoded_where_only_json_is_taken_is_a_415_that_says_so(
    flavored: Api, method: str, path: str
) -> None:
    token = flavored.admin_headers if path.startswith("/__mock") else flavored.owner
    response = flavored.http.request(
        method, path, content=b'{"minutes": 5}', headers={**token, **FORM}
    )
    assert refusal(response, 415, "not_a_JSON_request") == (
        "Invalid Content-type (application/x-www-form-urlencoded), expected "
        f"['application/json']; {error_texts.JSON_WANTED}"
    )


def test_a_true_form_keeps_connexions_words(api: Api) -> None:
    wrong_type = api.http.post(LIMIT, content=b"percent=abc", headers={**api.owner, **FORM})
    assert refusal(wrong_type, 400, "invalid_field") == (
        "Wrong type, expected 'integer' for requestBody parameter 'percent'"
    )
    extra = api.http.post(LIMIT, content=b"percent=60&colour=red", headers={**api.owner, **FORM})
    assert refusal(extra, 400, "invalid_field") == "Extra formData parameter(s) colour not in spec"
    plain = api.http.post(LIMIT, content=b"{}", headers={**api.owner, "Content-Type": "text/plain"})
    assert refusal(plain, 415, "not_a_JSON_request") == (
        "Invalid Content-type (text/plain), expected "
        "['application/json', 'application/x-www-form-urlencoded']"
    )


# -- a lowercase VIN, and other parameters, on one line --------------------------------------
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/1/vehicles/{vin}"),
        ("GET", "/api/1/vehicles/{vin}/vehicle_data"),
        ("POST", "/api/1/vehicles/{vin}/wake_up"),
        ("POST", "/api/1/vehicles/{vin}/command/charge_start"),
    ],
)
def test_a_lowercase_vin_is_told_the_upper_case_form(flavored: Api, method: str, path: str) -> None:
    lower = VIN.lower()
    response = flavored.http.request(method, path.format(vin=lower), headers=flavored.owner)
    assert refusal(response, 400, "invalid_field") == (
        f"path parameter 'id': {lower!r} is a VIN in lower case; VINs are 17 upper-case letters "
        f"and digits, without I, O or Q: {VIN!r}"
    )


def test_a_lowercase_vin_in_the_query_and_the_admin_api_too(api: Api) -> None:
    lower = VIN.lower()
    history = api.http.get(f"/api/1/dx/charging/history?vin={lower}", headers=api.owner)
    assert refusal(history, 400, "invalid_field").startswith(
        f"query parameter 'vin': {lower!r} is a VIN in lower case"
    )
    state = api.admin("GET", f"/vehicles/{lower}/state")
    assert refusal(state, 400, "invalid_field").startswith(
        f"path parameter 'vehicle_id': {lower!r} is a VIN in lower case"
    )


def test_a_bad_endpoints_value_lists_the_sections_the_spec_names(flavored: Api) -> None:
    response = flavored.http.get(
        f"/api/1/vehicles/{PLUGGED}/vehicle_data?endpoints=charge_state;chargestate",
        headers=flavored.owner,
    )
    description = refusal(response, 400, "invalid_field")
    sections = error_texts.vehicle_data_sections()
    assert description == (
        "query parameter 'endpoints': 'charge_state;chargestate' names 'chargestate', which does "
        f"not match any accepted value; give one or more of {', '.join(sections)}, separated by ';'"
    )
    assert "location_data" in sections and "vehicle_data_combo" in sections


def test_a_trailing_newline_the_pattern_lets_through_gets_the_same_words(api: Api) -> None:
    response = api.http.get(
        f"/api/1/vehicles/{PLUGGED}/vehicle_data?endpoints=charge_state%0A", headers=api.owner
    )
    assert refusal(response, 400, "invalid_field").startswith(
        "query parameter 'endpoints': 'charge_state\\n' does not match any accepted value; give "
        "one or more of charge_state, climate_state"
    )


@pytest.mark.parametrize(
    ("path", "description"),
    [
        (
            "/api/1/vehicles?per_page=0",
            "query parameter 'per_page': 0 is less than the minimum of 1",
        ),
        (
            "/api/1/vehicles?per_page=many",
            "query parameter 'per_page': 'many' is not of type 'integer'",
        ),
        (
            "/api/1/vehicles/my-car",
            "path parameter 'id': 'my-car' is neither a car's numeric id (digits: its id_s) nor "
            "its VIN (17 upper-case letters and digits, without I, O or Q); GET /api/1/products "
            "lists both",
        ),
        (
            "/api/1/dx/charging/history?startTime=soon",
            "query parameter 'startTime': 'soon' is not of the form it takes, for example "
            "'2026-11-01T00:00:00Z'",
        ),
        (
            "/api/1/dx/charging/sessions?limit=0&offset=-1",
            "query parameter 'limit': 0 is less than the minimum of 1",
        ),
        (
            "/__mock/vehicles/1000000000000001/journal?limit=0",
            "query parameter 'limit': 0 is less than the minimum of 1",
        ),
    ],
)
def test_every_parameter_refusal_is_one_line_naming_the_parameter(
    api: Api, path: str, description: str
) -> None:
    token = api.admin_headers if path.startswith("/__mock") else api.owner
    assert refusal(api.http.get(path, headers=token), 400, "invalid_field") == description
    head = api.http.head(path, headers=token)  # HEAD is answered as GET, without the body
    assert head.status_code == 400 and head.content == b""


def test_an_unknown_query_parameter_names_the_ones_the_path_takes(api: Api) -> None:
    listing = api.http.get("/api/1/vehicles?colour=red", headers=api.owner)
    assert refusal(listing, 400, "invalid_field") == (
        "Extra query parameter(s) colour not in spec; it takes only page, per_page"
    )
    products = api.http.get("/api/1/products?colour=red", headers=api.owner)
    assert refusal(products, 400, "invalid_field") == (
        "Extra query parameter(s) colour not in spec; it takes no query parameters"
    )


# -- an unknown car against an unknown path --------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/1/vehicles/{car}"),
        ("GET", "/api/1/vehicles/{car}/vehicle_data"),
        ("POST", "/api/1/vehicles/{car}/wake_up"),
        ("POST", "/api/1/vehicles/{car}/command/charge_stop"),
    ],
)
@pytest.mark.parametrize("car", ["5YJ3E1EA7KF000099", OTHERS_CAR], ids=["unknown", "others"])
def test_an_unknown_car_is_not_found_with_its_own_words(
    flavored: Api, method: str, path: str, car: str
) -> None:
    response = flavored.http.request(method, path.format(car=car), headers=flavored.owner)
    if flavored.flavor == PROXY and "/command/" in path and car == OTHERS_CAR:  # type: ignore[attr-defined]
        # Tesla's proxy takes only VINs in command paths: its own 404, byte for byte.
        assert response.status_code == 404
        assert response.json() == {
            "response": None,
            "error": NUMERIC_ID_TEXT,
            "error_description": "",
        }
        return
    assert refusal(response, 404, "not_found") == error_texts.unknown_vehicle(car)


def test_an_unknown_path_is_not_found_with_other_words(flavored: Api) -> None:
    unknown_car = flavored.http.get("/api/1/vehicles/1234567890", headers=flavored.owner)
    for path in ("/api/1/vehicle/1234567890", "/api/2/vehicles"):
        response = flavored.http.get(path, headers=flavored.owner)
        description = refusal(response, 404, "not_found")
        assert description == (
            f"no such path: GET {path}; the paths served are in /openapi.json (Swagger UI: /ui/)"
        )
        assert response.json() != unknown_car.json()
    admin = flavored.admin("GET", "/vehicle/1")
    assert refusal(admin, 404, "not_found") == (
        "no such path: GET /__mock/vehicle/1; the paths served are in /__mock/openapi.json "
        "(Swagger UI: /__mock/ui/)"
    )
    typed = flavored.admin("DELETE", "/faults/abc")  # an integer path parameter
    assert refusal(typed, 404, "not_found").startswith(
        "DELETE /__mock/faults/abc: a path parameter is not of its type"
    )


def test_another_accounts_car_reads_as_a_car_that_does_not_exist(api: Api) -> None:
    theirs = api.http.get(f"/api/1/vehicles/{OTHERS_CAR}", headers=api.owner).json()
    mine_elsewhere = api.http.get(
        f"/api/1/vehicles/{PLUGGED}", headers={"Authorization": f"Bearer {OTHER_TOKEN}"}
    ).json()
    assert theirs["error_description"] == error_texts.unknown_vehicle(OTHERS_CAR)
    assert mine_elsewhere["error_description"] == error_texts.unknown_vehicle(PLUGGED)


def test_a_wrong_method_names_the_methods_the_path_takes(flavored: Api) -> None:
    command = flavored.http.get(f"/api/1/vehicles/{PLUGGED}/wake_up", headers=flavored.owner)
    assert refusal(command, 405, "method_not_allowed") == (
        "GET is not served here; this path takes POST"
    )
    static = flavored.http.get("/api/1/vehicles/fleet_status", headers=flavored.owner)
    assert refusal(static, 405, "method_not_allowed") == (
        "GET is not served here; this path takes POST"
    )
    assert static.headers["allow"] == "POST"


# -- the admin API's token ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": f"Bearer {OWNER_TOKEN}"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": f"Basic {ADMIN_TOKEN}"},
    ],
    ids=["none", "owner", "unknown", "basic"],
)
def test_a_non_admin_token_on_the_admin_api_is_told_which_token_it_takes(
    flavored: Api, headers: dict[str, str]
) -> None:
    for method, path in (("GET", "/__mock/fleet"), ("POST", "/__mock/reset")):
        response = flavored.http.request(method, path, headers=headers)
        description = refusal(response, 401, "invalid bearer token")
        assert description == error_texts.ADMIN_TOKEN_WANTED
        assert "--admin-token" in description and "banner" in description


def test_the_vehicle_apis_401_stays_the_real_apis(flavored: Api) -> None:
    for token in ("not-a-token", ADMIN_TOKEN):
        response = flavored.http.get(
            "/api/1/products", headers={"Authorization": f"Bearer {token}"}
        )
        assert refusal(response, 401, "invalid bearer token") == ""


# -- the texts cost nothing until something fails ----------------------------------------------
def test_requests_that_succeed_never_build_an_error_text(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_now(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an error text was built for a request that succeeded")

    for name in ("operation_for", "unknown_vehicle", "unknown_path", "wrong_method"):
        monkeypatch.setattr(error_texts, name, not_now)
    assert api.http.get(f"/api/1/vehicles/{PLUGGED}", headers=api.owner).status_code == 200
    assert api.charge_state(PLUGGED)["charge_limit_soc"] == 80
    assert api.command(PLUGGED, "set_charge_limit", {"percent": 70}).status_code == 200
    assert api.admin("POST", "/clock/advance", json={"seconds": 5}).status_code == 200
    assert api.http.get("/__mock/health").status_code == 200


def test_an_unknown_command_to_a_car_not_in_the_account_is_not_found_alike(api: Api) -> None:
    for car in (OTHERS_CAR, "5YJ3E1EA7KF000099"):
        response = api.http.post(f"/api/1/vehicles/{car}/command/honk_horn", headers=api.owner)
        assert refusal(response, 404, "not_found") == error_texts.unknown_vehicle(car)
