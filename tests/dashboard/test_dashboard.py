"""The dashboard (GET /__mock/dashboard) in Chromium: it shows every car, follows changes made
by anyone without a reload, acts through the admin API, draws its chart, reconnects, and says
so when the admin token is wrong. Every test fails on a console error (conftest.py)."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect
from tesla_mock.testing.ports import free_port

from tests.dashboard.support import (
    ADMIN_TOKEN,
    ALPHA,
    BRAVO,
    CHARLIE,
    SCENARIO,
    SCREENSHOTS,
    ConsoleErrors,
    ThreadedServer,
    open_dashboard,
    watch_console,
)

SOON = 2000  # ms: what "within a second or two" allows
# The durations (ms) of the page's long tasks (50 ms or more, each a time it could not answer).
LONG_TASKS = """
window.longTasks = [];
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) window.longTasks.push(task.duration);
}).observe({type: "longtask", buffered: true});
"""


def select(page: Page, vehicle_id: str) -> None:
    page.click(f".row[data-id='{vehicle_id}']")
    expect(page.locator("#d-id")).to_have_text(vehicle_id)


def state_of(server: ThreadedServer, vehicle_id: str) -> dict[str, Any]:
    return server.admin("GET", f"/vehicles/{vehicle_id}/state")  # type: ignore[no-any-return]


def test_the_page_needs_no_token_and_refuses_a_wrong_one_clearly(
    fresh_server: ThreadedServer, page: Page, console_errors: ConsoleErrors
) -> None:
    answer = httpx.get(f"{fresh_server.url}/__mock/dashboard")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    console_errors.allow("401 (Unauthorized)")  # Chromium logs the refused request itself
    open_dashboard(page, fresh_server, token="not-the-admin-token")
    expect(page.locator("#token-error")).to_contain_text("refused this admin token (401")
    expect(page.locator("#token-error")).to_contain_text("--admin-token")
    expect(page.locator("#status")).to_have_text("token refused")
    expect(page.locator(".row")).to_have_count(0)
    page.fill("#token-input", ADMIN_TOKEN)
    page.click("#token-form button[type=submit]")
    expect(page.locator(".row")).to_have_count(3)
    expect(page.locator("#token-form")).to_be_hidden()


def test_every_account_and_car_is_shown(fresh_server: ThreadedServer, page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_dashboard(page, fresh_server)
    expect(page.locator("#list-count")).to_have_text("3 cars")
    rows = page.locator(".row")
    expect(rows).to_have_count(3)
    for account in SCENARIO["accounts"]:
        for car in account["vehicles"]:
            row = page.locator(f".row[data-id='{car['id']}']")
            expect(row.locator(".title")).to_have_text(car["display_name"])
            expect(row.locator(".sub")).to_have_text(f"{account['name']} · {car['vin']}")
    expect(page.locator(f".row[data-id='{CHARLIE}'] .state")).to_have_text("asleep")
    expect(page.locator(f".row[data-id='{ALPHA}'] .plug")).to_have_text("plugged")
    expect(page.locator(f".row[data-id='{ALPHA}'] .pct")).to_have_text("40/80")
    page.select_option("#account-filter", "bob")
    expect(page.locator(".row")).to_have_count(1)
    expect(page.locator("#list-count")).to_have_text("1 of 3 cars")
    # Nothing but the page's own files and the admin API: it works offline.
    assert f"{fresh_server.url}/__mock/events" in requested
    assert all(url.startswith((f"{fresh_server.url}/__mock/", "data:")) for url in requested)


def test_a_vehicle_api_command_shows_up_within_a_second_or_two(
    fresh_server: ThreadedServer, page: Page
) -> None:
    open_dashboard(page, fresh_server)
    select(page, ALPHA)
    expect(page.locator("#d-charging")).to_have_text("Stopped")
    sent = time.monotonic()
    assert fresh_server.command(ALPHA, "charge_start")["result"] is True
    expect(page.locator("#d-charging")).to_have_text("Charging", timeout=SOON)
    expect(page.locator(f".row[data-id='{ALPHA}'] .charging-state")).to_have_text("Charging")
    expect(page.locator("#journal-rows tr").first).to_contain_text("/command/charge_start")
    expect(page.locator("#journal-rows tr").first).to_contain_text("200")
    assert time.monotonic() - sent < SOON / 1000
    expect(page.locator("#d-power")).to_have_text("11.52 kW")  # 240 V x 48 A, the defaults
    expect(page.locator("#d-ttf")).not_to_have_text("—")
    fresh_server.command(ALPHA, "set_charge_limit", json={"percent": 90})
    expect(page.locator("#d-battery")).to_have_text("40.0 % of 90 %", timeout=SOON)
    expect(page.locator("#journal-rows tr")).to_have_count(2)


def test_every_field_of_the_selected_car_follows_the_vehicle_api(
    fresh_server: ThreadedServer, page: Page
) -> None:
    open_dashboard(page, fresh_server)
    select(page, ALPHA)
    fields = {name: page.locator(f"#d-{name}") for name in (
        "state", "plug", "latch", "charging", "battery", "power", "energy", "ttf", "amps",
        "sched", "depart")}  # fmt: skip
    expect(fields["latch"]).to_have_text("Engaged / door open")
    expect(fields["amps"]).to_have_text("48 A of 48 A")
    expect(fields["sched"]).to_have_text("Off")
    expect(fields["depart"]).to_have_text("\N{EM DASH}")
    fresh_server.command(ALPHA, "set_charging_amps", json={"charging_amps": 16})
    expect(fields["amps"]).to_have_text("16 A of 48 A", timeout=SOON)
    fresh_server.command(ALPHA, "set_scheduled_charging", json={"enable": True, "time": 1410})
    expect(fields["sched"]).to_have_text(
        re.compile(r"starts \d{4}-\d\d-\d\d 23:30:00 UTC"), timeout=SOON
    )
    fresh_server.command(ALPHA, "set_scheduled_departure", json={
        "enable": True, "departure_time": 450, "preconditioning_enabled": True,
        "preconditioning_weekdays_only": False, "off_peak_charging_enabled": False,
        "off_peak_charging_weekdays_only": False, "end_off_peak_time": 0})  # fmt: skip
    expect(fields["depart"]).to_have_text(re.compile(r"\d{4}-\d\d-\d\d 07:30:00 UTC"), timeout=SOON)
    expect(fields["sched"]).to_have_text("DepartBy")  # a departure replaces the start time
    fresh_server.command(ALPHA, "charge_start")
    expect(fields["power"]).to_have_text("3.84 kW", timeout=SOON)  # 240 V x 16 A
    expect(fields["ttf"]).to_have_text("7 h 49 min")  # 40 % to 80 % at 5.12 % an hour
    fresh_server.admin("POST", "/clock/advance", json={"minutes": 60})
    expect(fields["battery"]).to_have_text("45.1 % of 80 %", timeout=SOON)
    expect(fields["energy"]).to_have_text("3.84 kWh")
    expect(page.locator(f".row[data-id='{ALPHA}'] .pct")).to_have_text("45/80")
    expect(page.locator(f".row[data-id='{ALPHA}'] .bar-fill")).to_have_attribute(
        "style", re.compile(r"width: 45\.1\d*%")
    )
    fresh_server.command(ALPHA, "charge_stop")
    expect(fields["charging"]).to_have_text("Stopped", timeout=SOON)
    expect(fields["power"]).to_have_text("0.00 kW")
    expect(fields["ttf"]).to_have_text("\N{EM DASH}")


def test_simulated_time_shows_up_by_itself(fresh_server: ThreadedServer, page: Page) -> None:
    """A wake-up finishing and a charge reaching its limit, with nobody asking the car."""
    open_dashboard(page, fresh_server)
    select(page, CHARLIE)
    fresh_server.admin("PATCH", "/clock", json={"frozen": False, "time_scale": 1})
    answer = httpx.post(
        f"{fresh_server.url}/api/1/vehicles/{CHARLIE}/wake_up",
        headers={"Authorization": "Bearer bob-token"},
    )
    assert answer.status_code == 200
    expect(page.locator("#d-state")).to_have_text("waking", timeout=SOON)
    expect(page.locator("#d-state")).to_have_text("online", timeout=2000 + SOON)  # 2 s delay
    select(page, ALPHA)
    fresh_server.admin("PATCH", f"/vehicles/{ALPHA}/state", json={"battery_level": 79.95})
    fresh_server.command(ALPHA, "charge_start")
    fresh_server.admin("PATCH", "/clock", json={"time_scale": 100})  # 0.05 %: about 0.2 s
    expect(page.locator("#d-charging")).to_have_text("Complete", timeout=SOON)
    expect(page.locator("#d-battery")).to_have_text("80.0 % of 80 %")


def test_each_action_changes_the_car_through_the_admin_api(
    fresh_server: ThreadedServer, page: Page
) -> None:
    open_dashboard(page, fresh_server)
    select(page, BRAVO)

    page.click("#btn-plug")
    expect(page.locator("#d-plug")).to_have_text("plugged in")
    assert state_of(fresh_server, BRAVO)["plugged_in"] is True
    page.click("#btn-plug")
    expect(page.locator("#d-plug")).to_have_text("unplugged")

    page.click("#btn-sleep")
    expect(page.locator("#d-state")).to_have_text("asleep")
    expect(page.locator(f".row[data-id='{BRAVO}'] .state")).to_have_text("asleep")
    page.click("#btn-sleep")
    expect(page.locator("#d-state")).to_have_text("online")

    page.fill("#level-input", "55.5")
    page.click("#btn-level")
    expect(page.locator("#d-battery")).to_have_text("55.5 % of 80 %")
    assert state_of(fresh_server, BRAVO)["battery_level"] == 55.5

    before = fresh_server.admin("GET", "/clock")["now"]  # frozen (fresh_server)
    page.fill("#advance-input", "90")
    page.click("#btn-advance")
    shown = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(before + 90 * 60))
    expect(page.locator("#clock-now")).to_have_text(shown)
    assert fresh_server.admin("GET", "/clock")["now"] == before + 90 * 60
    page.fill("#advance-input", "0")  # the admin API refuses no advance; the page says so first
    page.click("#btn-advance")
    expect(page.locator("#message")).to_contain_text("above 0")
    assert fresh_server.admin("GET", "/clock")["now"] == before + 90 * 60

    expect(page.locator("#clock-scale")).to_have_text("frozen")
    page.click("#btn-freeze")  # the clock is frozen: the button runs it
    expect(page.locator("#clock-scale")).to_have_text("\N{MULTIPLICATION SIGN}1")
    page.fill("#scale-input", "60")
    page.click("#btn-scale")
    expect(page.locator("#clock-scale")).to_have_text("\N{MULTIPLICATION SIGN}60")
    page.click("#btn-freeze")
    expect(page.locator("#clock-scale")).to_have_text("frozen")

    page.select_option("#fault-status", "429")
    page.fill("#fault-count", "2")
    page.click("#btn-fault")
    fault = page.locator("#faults-list li").first
    expect(fault).to_contain_text(f"answers 429, 2 more, car {BRAVO}")
    page.select_option("#fault-scope", "all")
    page.select_option("#fault-status", "503")
    page.click("#btn-fault")
    expect(page.locator("#faults-list li")).to_have_count(2)
    page.locator("#faults-list li").first.locator("button").click()
    expect(page.locator("#faults-list li")).to_have_count(1)
    expect(page.locator("#faults-list li")).to_contain_text("every request")
    page.click("#btn-clear-faults")
    expect(page.locator("#faults-list li")).to_have_text("none")
    assert fresh_server.admin("GET", "/faults") == {"faults": []}

    page.click("#btn-reset")
    expect(page.locator("#d-battery")).to_have_text("70.0 % of 80 %")
    expect(page.locator("#clock-scale")).to_have_text("\N{MULTIPLICATION SIGN}1")


def test_the_fault_list_keeps_its_elements_while_other_events_arrive(
    fresh_server: ThreadedServer, page: Page
) -> None:
    """Every event renders the page. A fault list rebuilt each time could swallow a click on
    its Delete button (the button replaced between the press and the release)."""
    open_dashboard(page, fresh_server)
    select(page, BRAVO)
    fresh_server.admin("POST", "/faults", json={"status": 503, "count": 3})
    expect(page.locator("#faults-list li")).to_contain_text("answers 503, 3 more")
    shown = page.locator("#faults-list li").first.element_handle()
    fresh_server.admin("PATCH", f"/vehicles/{BRAVO}/state", json={"battery_level": 61.5})
    expect(page.locator("#d-battery")).to_have_text("61.5 % of 80 %")  # rendered since
    assert shown.evaluate("item => item.isConnected")
    fresh_server.admin("POST", "/faults", json={"status": 429, "count": 1})
    expect(page.locator("#faults-list li")).to_have_count(2)
    assert not shown.evaluate("item => item.isConnected")  # the faults changed: rebuilt


def test_a_refused_action_says_why(
    fresh_server: ThreadedServer, page: Page, console_errors: ConsoleErrors
) -> None:
    console_errors.allow("409 (Conflict)")  # Chromium logs the refused request itself
    open_dashboard(page, fresh_server)
    select(page, ALPHA)
    fresh_server.command(ALPHA, "charge_start")
    expect(page.locator("#d-charging")).to_have_text("Charging", timeout=SOON)
    page.click("#btn-sleep")  # a charging car does not fall asleep
    expect(page.locator("#message")).to_contain_text("409 conflict: state: a charging vehicle")
    expect(page.locator("#d-state")).to_have_text("online")


def test_the_chart_draws_level_and_power_over_simulated_time(
    fresh_server: ThreadedServer, page: Page
) -> None:
    open_dashboard(page, fresh_server)
    select(page, ALPHA)
    fresh_server.command(ALPHA, "charge_start")
    expect(page.locator("#d-charging")).to_have_text("Charging", timeout=SOON)
    for _ in range(3):
        fresh_server.admin("POST", "/clock/advance", json={"minutes": 60})
    expect(page.locator("#d-charging")).to_have_text("Complete", timeout=SOON)
    chart = page.locator("#chart")
    # Charging from 40 %, the limit reached between two advances, then flat: the line has a
    # point at each event and a corner where the limit was reached.
    expect(chart).to_have_attribute("data-points", re.compile(r"\d+"))
    assert int(chart.get_attribute("data-points") or 0) >= 7
    colours = page.evaluate(
        """() => {
            const canvas = document.getElementById("chart");
            const pixels = canvas.getContext("2d")
                .getImageData(0, 0, canvas.width, canvas.height).data;
            const count = {level: 0, power: 0};
            for (let i = 0; i < pixels.length; i += 4) {
                const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
                if (Math.abs(r - 0x25) < 40 && Math.abs(g - 0x63) < 40 && b > 0xc0) count.level++;
                if (r > 0xc0 && Math.abs(g - 0x58) < 50 && b < 0x50) count.power++;
            }
            return count;
        }"""
    )
    assert colours["level"] > 300 and colours["power"] > 300, colours


def test_the_chart_shows_the_charging_that_happened_before_the_page_opened(
    fresh_server: ThreadedServer, page: Page
) -> None:
    """The server keeps each car's charging changes: a page opened after an hour of charging
    draws that hour, from the first command on."""
    started = fresh_server.admin("GET", "/clock")["now"]  # frozen (fresh_server)
    fresh_server.command(ALPHA, "charge_start")
    fresh_server.admin("POST", "/clock/advance", json={"minutes": 60})
    fresh_server.command(ALPHA, "set_charging_amps", json={"charging_amps": 16})
    fresh_server.admin("POST", "/clock/advance", json={"minutes": 30})
    open_dashboard(page, fresh_server)
    select(page, ALPHA)
    chart = page.locator("#chart")
    expect(chart).to_have_attribute("data-from", str(started))
    # start, the amps change and now: each with the level and the power lines' corners
    assert int(chart.get_attribute("data-points") or 0) >= 4
    expect(page.locator("#d-battery")).to_have_text("57.9 % of 80 %")  # 40 + 15.36 + 2.56
    expect(page.locator("#d-power")).to_have_text("3.84 kW")
    page.reload()  # and a reload keeps it
    expect(page.locator("#status")).to_have_text("live")
    select(page, ALPHA)
    expect(chart).to_have_attribute("data-from", str(started))


def test_the_readme_scene(browser: Browser, console_errors: ConsoleErrors) -> None:
    """What `make mock` serves (the packaged demo fleet), after a client charged a car for
    80 simulated minutes at three currents and a fault was armed: the page, opened afterwards,
    shows it all; its screenshot is docs/images/dashboard.png (copied from reports/)."""
    demo = ThreadedServer(free_port())  # the packaged demo fleet
    car = "13691870400958016"  # Blue Thunder, plugged in
    context = browser.new_context(viewport={"width": 1400, "height": 960})
    page = context.new_page()
    watch_console(page, console_errors)
    try:
        demo.admin("PATCH", "/clock", json={"frozen": True})
        token = "demo-owner-token"
        demo.command(car, "set_charge_limit", token=token, json={"percent": 90})
        demo.command(car, "charge_start", token=token)
        for amps in (24, 40):
            demo.admin("POST", "/clock/advance", json={"minutes": 30})
            demo.command(car, "set_charging_amps", token=token, json={"charging_amps": amps})
        demo.admin("POST", "/clock/advance", json={"minutes": 20})
        answer = httpx.get(
            f"{demo.url}/api/1/vehicles/{car}/vehicle_data?endpoints=charge_state",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 200
        demo.admin("POST", "/faults", json={"status": 429, "count": 2, "vehicle_id": car})
        open_dashboard(page, demo)
        select(page, car)
        demo.admin("PATCH", "/clock", json={"frozen": False, "time_scale": 60})
        expect(page.locator("#clock-scale")).to_have_text("\N{MULTIPLICATION SIGN}60")
        expect(page.locator("#d-charging")).to_have_text("Charging")
        expect(page.locator("#d-power")).to_have_text("9.60 kW")  # 240 V x 40 A
        expect(page.locator("#journal-rows tr")).to_have_count(5)
        expect(page.locator("#journal-rows tr").nth(1)).to_contain_text('{"charging_amps":40}')
        expect(page.locator("#faults-list li")).to_contain_text("answers 429, 2 more")
        assert int(page.locator("#chart").get_attribute("data-points") or 0) >= 8
        page.wait_for_timeout(2000)  # the level and the clock move on at x60
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "readme-scene.png"))
    finally:
        context.close()
        demo.stop()
    assert console_errors.unexpected() == []


def test_a_dropped_stream_reconnects_and_catches_up(
    page: Page, console_errors: ConsoleErrors
) -> None:
    server = ThreadedServer(free_port(), scenario=SCENARIO)  # this test stops it
    open_dashboard(page, server)
    select(page, ALPHA)

    server.call(server.fleet.events.disconnect_all)  # as a proxy or a network cutting it
    expect(page.locator("#status")).to_contain_text("reconnecting")
    server.admin("PATCH", f"/vehicles/{ALPHA}/state", json={"battery_level": 61})
    expect(page.locator("#status")).to_have_text("live", timeout=5000)
    expect(page.locator("#d-battery")).to_have_text("61.0 % of 80 %", timeout=SOON)

    # The server itself goes away and comes back, with another fleet.
    console_errors.allow("net::ERR_CONNECTION_REFUSED")  # the retries while it is away
    server.stop()
    expect(page.locator("#status")).to_contain_text("reconnecting")
    other = ThreadedServer(server.port, scenario={"accounts": [
        {"name": "zed", "vehicles": [{"id": 42, "vin": "5YJ3E1EA7KF000042"}]}]})  # fmt: skip
    try:
        expect(page.locator("#status")).to_have_text("live", timeout=8000)
        expect(page.locator(".row")).to_have_count(1)
        expect(page.locator(".row .sub")).to_have_text("zed · 5YJ3E1EA7KF000042")
        expect(page.locator("#detail-empty")).to_be_visible()  # the selected car is gone
    finally:
        other.stop()


def test_ten_thousand_cars_render_without_freezing(
    browser: Browser, console_errors: ConsoleErrors
) -> None:
    cars = [
        {"id": 3 * 10**15 + n, "vin": f"5YJ3E1EA7KF{n:06d}", "display_name": f"car {n}"}
        for n in range(10_000)
    ]
    many = ThreadedServer(free_port(), scenario={"accounts": [
        {"name": f"fleet-{n // 1000}", "vehicles": cars[n : n + 1000]}
        for n in range(0, 10_000, 1000)]})  # fmt: skip
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    watch_console(page, console_errors)
    try:
        began = time.monotonic()
        open_dashboard(page, many)
        expect(page.locator("#list-count")).to_have_text("10000 cars", timeout=15000)
        loaded = time.monotonic() - began
        assert page.locator(".row").count() < 60  # only the rows in view are drawn
        frame_ms = page.evaluate(
            "() => new Promise(done => { const t = performance.now();"
            " requestAnimationFrame(() => done(performance.now() - t)); })"
        )
        loading_tasks = page.evaluate("() => window.longTasks.splice(0)")
        page.locator("#list").evaluate("list => { list.scrollTop = list.scrollHeight; }")
        expect(page.locator(".row[data-id='3000000000009999'] .title")).to_have_text("car 9999")
        scrolling_tasks = page.evaluate("() => window.longTasks.splice(0)")
        page.fill("#filter-input", "5YJ3E1EA7KF004321")
        expect(page.locator("#list-count")).to_have_text("1 of 10000 cars")
        page.click(".row[data-id='3000000000004321']")
        expect(page.locator("#d-title")).to_have_text("car 4321")
        many.admin("PATCH", "/vehicles/3000000000004321/state", json={"plugged_in": True})
        expect(page.locator("#d-plug")).to_have_text("plugged in", timeout=SOON)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "ten-thousand-cars.png"))
        # Figures, not assertions (timings depend on the machine): the longest task blocks
        # the page that long; docs of the measurement in the README's dashboard section.
        print(
            f"10,000 cars shown {loaded:.1f} s after the token was given; next frame after "
            f"{frame_ms:.0f} ms; long tasks while loading: {len(loading_tasks)}, longest "
            f"{max(loading_tasks, default=0):.0f} ms; while scrolling to the end: "
            f"{len(scrolling_tasks)}, longest {max(scrolling_tasks, default=0):.0f} ms"
        )
    finally:
        context.close()
        many.stop()
    assert console_errors.unexpected() == []
