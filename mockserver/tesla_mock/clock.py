"""Simulated time for the mock vehicles.

`SimClock.now()` is a Unix epoch time in seconds (float) that runs at `time_scale` times real
time. It can be frozen, advanced by exact amounts and rescaled without jumping, so tests can
drive hours of charging in microseconds. The real clock is injected, which keeps tests of the
clock itself deterministic.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class SimClock:
    """Simulated epoch seconds: `anchor_sim + (monotonic() - anchor_real) * time_scale`.

    Every change (freeze, rescale, advance, reset) re-anchors, so time never jumps except by the
    amount asked for.
    """

    __slots__ = ("_anchor_real", "_anchor_sim", "_frozen", "_monotonic", "_scale", "_wall_clock")

    def __init__(
        self,
        start: float | None = None,
        time_scale: float = 1.0,
        *,
        frozen: bool = False,
        monotonic: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        """`start` is the simulated time now (default: `wall_clock()`); `monotonic` paces it."""
        self._monotonic = monotonic
        self._wall_clock = wall_clock
        self._scale = _checked_scale(time_scale)
        self._frozen = frozen
        self._anchor_sim = self._checked_start(start)
        self._anchor_real = monotonic()

    def now(self) -> float:
        if self._frozen:
            return self._anchor_sim
        return self._anchor_sim + (self._monotonic() - self._anchor_real) * self._scale

    @property
    def frozen(self) -> bool:
        return self._frozen

    @property
    def time_scale(self) -> float:
        return self._scale

    def freeze(self) -> None:
        """Stop simulated time at the current instant (no-op when already frozen)."""
        if not self._frozen:
            self._anchor_sim = self.now()
            self._frozen = True

    def unfreeze(self) -> None:
        """Let time run again from the instant it was frozen at (no-op when running)."""
        if self._frozen:
            self._anchor_real = self._monotonic()
            self._frozen = False

    def advance(self, seconds: float) -> None:
        """Move simulated time forward by exactly `seconds`, frozen or running."""
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"advance: seconds must be a finite number >= 0, got {seconds!r}")
        self._anchor_sim += seconds

    def set_time_scale(self, scale: float) -> None:
        """Run at `scale` times real time from now on; the current instant is kept."""
        scale = _checked_scale(scale)
        self._rebase()
        self._scale = scale

    def reset(self, start: float | None = None) -> None:
        """Jump to `start` (default: the wall clock now). The scale and frozen state are kept."""
        self._anchor_sim = self._checked_start(start)
        self._anchor_real = self._monotonic()

    def _rebase(self) -> None:
        self._anchor_sim = self.now()
        self._anchor_real = self._monotonic()

    def _checked_start(self, start: float | None) -> float:
        if start is None:
            return float(self._wall_clock())
        if not math.isfinite(start):
            raise ValueError(f"start must be a finite epoch time in seconds, got {start!r}")
        return float(start)

    def __repr__(self) -> str:
        state = "frozen" if self._frozen else f"x{self._scale:g}"
        return f"SimClock(now={self.now():.3f}, {state})"


def _checked_scale(scale: float) -> float:
    if not math.isfinite(scale) or scale <= 0:
        raise ValueError(f"time_scale must be a finite number > 0, got {scale!r}")
    return float(scale)
