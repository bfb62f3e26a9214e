"""Backoff, the circuit breaker and the partners' token bucket, on a clock the test moves."""

from __future__ import annotations

import random

from unionfed.gov_gateway.adapters.resilience import Backoff, CircuitBreaker, TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_backoff_grows_exponentially_with_jitter_and_is_capped():
    backoff, rng = Backoff(base=1, cap=10), random.Random(7)
    delays = [backoff.delay(n, rng) for n in range(1, 7)]
    for n, delay in enumerate(delays, start=1):
        ceiling = min(10, 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert len(set(delays)) == len(delays)  # jittered


def test_the_breaker_opens_after_consecutive_failures_and_half_opens_after_the_cooldown():
    clock = Clock()
    breaker = CircuitBreaker(failures=3, cooldown=30, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()  # not consecutive any more
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == "open" and not breaker.allow()
    clock.now = 31
    assert breaker.state == "half_open"
    assert breaker.allow() and not breaker.allow()  # one trial at a time
    breaker.record_failure()  # the trial failed: open again, for a whole cooldown
    assert breaker.state == "open"
    clock.now = 62
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.allow()


def test_the_token_bucket_allows_a_burst_then_the_rate():
    clock = Clock()
    bucket = TokenBucket(rate=1, burst=3, clock=clock)
    assert [bucket.take() for _ in range(3)] == [0, 0, 0]
    wait = bucket.take()
    assert 0.9 <= wait <= 1.0
    clock.now = 1.0
    assert bucket.take() == 0
