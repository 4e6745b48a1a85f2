"""SimClock: frozen, advance, scale and reset, paced by an injected monotonic source."""

from __future__ import annotations

import math

import pytest
from tesla_mock.clock import SimClock

START = 1_732_435_200.0  # 2024-11-24T08:00:00Z


class FakeMonotonic:
    """A monotonic clock that only moves when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value

    def tick(self, seconds: float) -> None:
        self.value += seconds


@pytest.fixture
def real() -> FakeMonotonic:
    return FakeMonotonic()


def make_clock(real: FakeMonotonic, **kwargs: object) -> SimClock:
    return SimClock(START, monotonic=real, wall_clock=lambda: 0.0, **kwargs)  # type: ignore[arg-type]


def test_starts_at_the_given_time_and_runs_with_real_time(real: FakeMonotonic) -> None:
    clock = make_clock(real)
    assert clock.now() == START
    real.tick(2.5)
    assert clock.now() == START + 2.5


def test_default_start_is_the_wall_clock(real: FakeMonotonic) -> None:
    clock = SimClock(monotonic=real, wall_clock=lambda: 1234.5)
    assert clock.now() == 1234.5


def test_runs_at_time_scale(real: FakeMonotonic) -> None:
    clock = make_clock(real, time_scale=60.0)
    real.tick(10)
    assert clock.now() == START + 600
    assert clock.time_scale == 60.0


def test_frozen_clock_does_not_move(real: FakeMonotonic) -> None:
    clock = make_clock(real)
    real.tick(3)
    clock.freeze()
    assert clock.frozen
    real.tick(100)
    assert clock.now() == START + 3


def test_can_start_frozen(real: FakeMonotonic) -> None:
    clock = make_clock(real, frozen=True)
    real.tick(100)
    assert clock.frozen
    assert clock.now() == START


def test_unfreeze_resumes_from_the_frozen_instant(real: FakeMonotonic) -> None:
    clock = make_clock(real, time_scale=2.0)
    real.tick(5)
    clock.freeze()
    real.tick(1000)
    clock.unfreeze()
    assert not clock.frozen
    assert clock.now() == START + 10
    real.tick(1)
    assert clock.now() == START + 12


def test_freeze_and_unfreeze_are_idempotent(real: FakeMonotonic) -> None:
    clock = make_clock(real)
    clock.freeze()
    real.tick(7)
    clock.freeze()
    assert clock.now() == START
    clock.unfreeze()
    real.tick(1)
    clock.unfreeze()
    assert clock.now() == START + 1


def test_advance_is_exact_while_frozen(real: FakeMonotonic) -> None:
    clock = make_clock(real, frozen=True)
    clock.advance(3600)
    clock.advance(0.25)
    assert clock.now() == START + 3600.25


def test_advance_adds_to_running_time(real: FakeMonotonic) -> None:
    clock = make_clock(real, time_scale=10.0)
    real.tick(1)
    clock.advance(86_400)
    assert clock.now() == START + 10 + 86_400
    real.tick(1)
    assert clock.now() == START + 20 + 86_400


@pytest.mark.parametrize("seconds", [-1.0, -1e-9, math.nan, math.inf])
def test_advance_rejects_negative_or_non_finite_amounts(
    real: FakeMonotonic, seconds: float
) -> None:
    clock = make_clock(real)
    with pytest.raises(ValueError, match="advance"):
        clock.advance(seconds)
    assert clock.now() == START


def test_changing_the_scale_does_not_make_time_jump(real: FakeMonotonic) -> None:
    clock = make_clock(real, time_scale=1.0)
    real.tick(100)
    clock.set_time_scale(3600.0)
    assert clock.now() == START + 100
    real.tick(2)
    assert clock.now() == START + 100 + 7200
    clock.set_time_scale(0.5)
    assert clock.now() == START + 100 + 7200
    real.tick(2)
    assert clock.now() == START + 100 + 7200 + 1


def test_changing_the_scale_while_frozen_applies_after_unfreeze(real: FakeMonotonic) -> None:
    clock = make_clock(real, frozen=True)
    clock.set_time_scale(10.0)
    real.tick(5)
    assert clock.now() == START
    clock.unfreeze()
    real.tick(5)
    assert clock.now() == START + 50


@pytest.mark.parametrize("scale", [0.0, -1.0, math.nan, math.inf])
def test_rejects_a_scale_that_is_not_positive_and_finite(real: FakeMonotonic, scale: float) -> None:
    clock = make_clock(real)
    with pytest.raises(ValueError, match="time_scale"):
        clock.set_time_scale(scale)
    assert clock.time_scale == 1.0
    with pytest.raises(ValueError, match="time_scale"):
        make_clock(real, time_scale=scale)


def test_reset_jumps_to_start_and_keeps_scale_and_frozen_state(real: FakeMonotonic) -> None:
    clock = make_clock(real, time_scale=5.0)
    real.tick(10)
    clock.freeze()
    clock.reset(100.0)
    assert clock.now() == 100.0
    assert clock.frozen
    clock.unfreeze()
    real.tick(1)
    assert clock.now() == 105.0


def test_reset_without_start_uses_the_wall_clock(real: FakeMonotonic) -> None:
    clock = SimClock(START, monotonic=real, wall_clock=lambda: 42.0)
    real.tick(10)
    clock.reset()
    assert clock.now() == 42.0


def test_reset_rejects_a_non_finite_start(real: FakeMonotonic) -> None:
    clock = make_clock(real)
    with pytest.raises(ValueError, match="start"):
        clock.reset(math.nan)


def test_uses_the_real_monotonic_clock_by_default() -> None:
    clock = SimClock(START)
    first = clock.now()
    assert START <= first < START + 60
    assert clock.now() >= first


def test_a_fleet_reset_frozen_stops_the_clock_at_the_start_before_making_its_cars(
    real: FakeMonotonic,
) -> None:
    from tesla_mock.fleet import Fleet

    scenario = {"accounts": [{"name": "a", "vehicles": [{"battery_level": 50}]}]}
    fleet = Fleet(make_clock(real, time_scale=60.0), scenario)
    fleet.clock.set_time_scale(1.0)
    [car] = fleet.accounts["a"].vehicles.values()
    car.patch(fleet.clock.now(), {"battery_level": 20})
    real.tick(30)

    fleet.reset(start=START + 600, frozen=True)
    real.tick(5)  # frozen: no simulated time passes

    [car] = fleet.accounts["a"].vehicles.values()  # made again, from the scenario
    assert car.raw_state(fleet.clock.now())["battery_level"] == 50
    assert fleet.clock.now() == START + 600 and fleet.clock.time_scale == 60.0

    fleet.reset(start=START)  # without `frozen`: running again, at the start-up scale
    real.tick(1)
    assert fleet.clock.now() == START + 60.0
