"""Retries with backoff and a circuit breaker (熔断) for calls to the government systems.

Standard library only, with the clock and randomness injectable so that tests can drive them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: attempt n waits up to ``base * 2**(n-1)``, capped.

    The wait is drawn from the upper half of that window, so retries of many callers spread
    out (jitter) but never come back at once.
    """

    base: float
    cap: float

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        ceiling = min(self.cap, self.base * 2 ** max(attempt - 1, 0))
        return ceiling * (0.5 + 0.5 * (rng or random).random())


@dataclass
class CircuitBreaker:
    """Opens after ``failures`` consecutive failures; after ``cooldown`` seconds it lets one
    trial call through (half-open): a success closes it, a failure opens it again."""

    failures: int
    cooldown: float
    clock: Callable[[], float] = time.monotonic
    _consecutive: int = field(default=0, init=False)
    _opened_at: float | None = field(default=None, init=False)
    _trial_running: bool = field(default=False, init=False)

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self.clock() - self._opened_at >= self.cooldown:
            return "half_open"
        return "open"

    def retry_after(self) -> float:
        """Seconds until a trial call is allowed (0 when one is)."""
        if self._opened_at is None:
            return 0.0
        return max(0.0, self.cooldown - (self.clock() - self._opened_at))

    def allow(self) -> bool:
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self._trial_running:
            self._trial_running = True
            return True
        return False

    def record_success(self) -> None:
        self._consecutive, self._opened_at, self._trial_running = 0, None, False

    def record_failure(self) -> None:
        self._consecutive += 1
        if self._trial_running or self._consecutive >= self.failures:
            self._opened_at = self.clock()
        self._trial_running = False


@dataclass
class TokenBucket:
    """``rate`` tokens a second up to ``burst``; a call takes one (partner rate limits)."""

    rate: float
    burst: float
    clock: Callable[[], float] = time.monotonic
    _tokens: float = field(default=-1.0, init=False)
    _at: float = field(default=0.0, init=False)

    def take(self) -> float:
        """0 when a token was taken, else the seconds until one will be there."""
        now = self.clock()
        if self._tokens < 0:
            self._tokens, self._at = self.burst, now
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate if self.rate > 0 else float("inf")
