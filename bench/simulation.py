"""In-process costs of the simulation (no HTTP): clock ticks and memory per vehicle.

The simulation is event driven (tesla_mock/vehicle.py): advancing `SimClock` is O(1) and
changes no vehicle; a vehicle catches up when it is read (`sync(now)` processes the events due,
e.g. reaching the charge limit; a read such as `charge_state(now)` derives level, energy and
range at `now`). So "one tick" for a fleet is: advance the clock by `tick_s`, then bring every
vehicle up to date. Both the bare catch-up and a full `charge_state` read of every car are timed.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from tesla_mock.clock import SimClock
from tesla_mock.fleet import Fleet
from tesla_mock.testing.fleets import default_fleet_size, generate_fleet
from tesla_mock.vehicle import Vehicle

START = 1_732_435_200.0  # a fixed simulated start, 2024-11-24 08:00 UTC
SMALL_FLEET = default_fleet_size()


def per_extra_vehicle(small_fleet_bytes: int, large_fleet_bytes: int, vehicles: int) -> float:
    """What each vehicle beyond the default fleet's adds, between a fleet of `vehicles` and it."""
    return (large_fleet_bytes - small_fleet_bytes) / (vehicles - SMALL_FLEET)


def _fleet(vehicles: int) -> Fleet:
    return Fleet(SimClock(start=START, frozen=True), generate_fleet(vehicles))


def _charging_states(vehicles: list[Vehicle], now: float) -> list[str]:
    return [vehicle.charge_state(now)["charging_state"] for vehicle in vehicles]


def _time_ticks(
    clock: SimClock, vehicles: list[Vehicle], ticks: int, tick_s: float, visit: Callable
) -> float:
    """Median milliseconds of one tick: advance, then `visit(vehicle, now)` for every car."""
    times = []
    for _ in range(ticks):
        started = time.perf_counter()
        clock.advance(tick_s)
        now = clock.now()
        for vehicle in vehicles:
            visit(vehicle, now)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _time_advance(clock: SimClock, repeats: int = 10_000) -> float:
    started = time.perf_counter()
    for _ in range(repeats):
        clock.advance(0.001)
    return (time.perf_counter() - started) / repeats * 1e6


def measure_ticks(vehicles: int = 10_000, ticks: int = 60, tick_s: float = 60.0) -> dict[str, Any]:
    """`ticks` ticks of `tick_s` simulated seconds each, twice: catch-up only, then reads.
    Medians; `completed_during_run` counts the cars that reached their charge limit meanwhile
    (their events were really processed)."""
    fleet = _fleet(vehicles)
    clock, cars = fleet.clock, list(fleet.all_vehicles())
    before = _charging_states(cars, clock.now())
    sync_ms = _time_ticks(clock, cars, ticks, tick_s, Vehicle.sync)
    read_ms = _time_ticks(clock, cars, ticks, tick_s, Vehicle.charge_state)
    after = _charging_states(cars, clock.now())
    return {
        "vehicles": len(cars),
        "ticks": ticks,
        "tick_s": tick_s,
        "advance_us": _time_advance(clock),  # SimClock.advance alone
        "sync_ms_per_tick": sync_ms,  # advance + sync(now) of every vehicle
        "read_ms_per_tick": read_ms,  # advance + charge_state(now) of every vehicle
        "completed_during_run": sum(
            b != a == "Complete" for b, a in zip(before, after, strict=True)
        ),
        "sync_us_per_vehicle": sync_ms * 1000 / len(cars),
        "read_us_per_vehicle": read_ms * 1000 / len(cars),
    }


def _traced_fleet_bytes(vehicles: int) -> int:
    """Python heap held by a Fleet of `vehicles` cars (with the scenario it keeps for reset)."""
    gc.collect()
    tracemalloc.start()
    try:
        fleet = _fleet(vehicles)
        gc.collect()
        size, _peak = tracemalloc.get_traced_memory()
        del fleet
    finally:
        tracemalloc.stop()
    return size


def measure_heap(vehicles: int = 10_000) -> dict[str, Any]:
    small, large = _traced_fleet_bytes(SMALL_FLEET), _traced_fleet_bytes(vehicles)
    return {
        "small_fleet_bytes": small,
        "large_fleet_bytes": large,
        "large_fleet_vehicles": vehicles,
        "bytes_per_vehicle": per_extra_vehicle(small, large, vehicles),
    }
