"""The simulated clock that drives every job's lifecycle."""

from __future__ import annotations

import threading
import time


class SimClock:
    """Simulated Unix time: starts at the real wall clock, runs ``speed`` times faster, and can be jumped forward.

    Jobs never run in the background; their state is derived from this clock whenever they are read.
    """

    __slots__ = ("_base", "_lock", "_offset", "_origin", "speed")

    def __init__(self, speed: float = 1.0) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0")
        self.speed = float(speed)
        self._base = time.time()
        self._origin = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Return the current simulated time in Unix seconds (a float)."""
        with self._lock:  # set_speed re-anchors three fields; read them together
            return self._base + (time.monotonic() - self._origin) * self.speed + self._offset

    def advance(self, seconds: float) -> None:
        """Jump the simulated clock forward by ``seconds`` (must not be negative)."""
        if seconds < 0:
            raise ValueError("the simulated clock only moves forward")
        with self._lock:
            self._offset += seconds

    def set_speed(self, speed: float) -> None:
        """Change the speed factor without making simulated time jump."""
        if speed < 0:
            raise ValueError("speed must be >= 0")
        with self._lock:
            # Re-anchor so time elapsed so far keeps the old rate.
            moment = time.monotonic()
            self._base += (moment - self._origin) * self.speed
            self._origin = moment
            self.speed = float(speed)
