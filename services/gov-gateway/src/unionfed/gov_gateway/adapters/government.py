"""The client of the government systems (人社 HRSS, 民政 civil affairs): signed JSON over HTTPS.

Every request is signed (:mod:`unionfed.gov_gateway.signing`), carries an ``Idempotency-Key``
when it changes state, times out, is retried on 5xx, timeouts and connection errors with
backoff and jitter, and goes through a circuit breaker per government system (the first path
segment: ``/hrss/...``, ``/mca/...``), so that one bureau being down does not slow the other.
The ID number travels in bodies only, never in a URL or a log line.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import ssl
from dataclasses import dataclass, field

import httpx

from unionfed.gov_gateway import signing
from unionfed.gov_gateway.adapters.resilience import Backoff, CircuitBreaker

log = logging.getLogger(__name__)


class GovernmentUnavailable(Exception):
    """The government side cannot be reached now (circuit open, or retries used up): 503."""

    def __init__(self, reason: str, retry_after: float = 0.0) -> None:
        super().__init__(f"government system unavailable: {reason}")
        self.reason, self.retry_after = reason, retry_after


class GovernmentTimeout(GovernmentUnavailable):
    """The government side did not answer in time: 504."""

    def __init__(self) -> None:
        super().__init__("timeout")


class GovernmentRefused(Exception):
    """The government side answered 4xx: the request itself is refused; retrying won't help."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"government system refused the request ({status}): {detail}")
        self.status, self.detail = status, detail


@dataclass(frozen=True)
class ClientPolicy:
    timeout: float = 5.0
    attempts: int = 3
    backoff: Backoff = field(default_factory=lambda: Backoff(0.2, 2.0))
    breaker_failures: int = 5
    breaker_cooldown: float = 30.0


class GovernmentClient:
    def __init__(
        self,
        *,
        base_url: str,
        key_id: str,
        secret: bytes,
        policy: ClientPolicy,
        verify: str | bool = True,
        rng: random.Random | None = None,
    ) -> None:
        self._key_id, self._secret, self._policy = key_id, secret, policy
        self._rng = rng or random.Random()
        self._breakers: dict[str, CircuitBreaker] = {}
        # verify: True (system CAs) or the path of the CA bundle that signed the bureaus' certs.
        trust = ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), timeout=policy.timeout, verify=trust
        )

    def breaker(self, path: str) -> CircuitBreaker:
        system = path.strip("/").split("/", 1)[0]
        if system not in self._breakers:
            p = self._policy
            self._breakers[system] = CircuitBreaker(p.breaker_failures, p.breaker_cooldown)
        return self._breakers[system]

    def breaker_states(self) -> dict[str, str]:
        return {system: b.state for system, b in self._breakers.items()}

    async def post(
        self, path: str, payload: dict, *, idempotency_key: str | None = None, retry: bool = True
    ) -> dict:
        """POST signed JSON; the answer's JSON. ``retry=False`` makes one attempt (the delivery
        job keeps its own, durable schedule)."""
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        breaker = self.breaker(path)
        attempts = self._policy.attempts if retry else 1
        timed_out = False
        for attempt in range(1, attempts + 1):
            if not breaker.allow():
                raise GovernmentUnavailable("circuit_open", breaker.retry_after())
            try:
                response = await self._send(path, body, idempotency_key)
            except httpx.TimeoutException:
                timed_out, failure = True, "timeout"
            except httpx.TransportError as exc:  # the text says which: refused, TLS, reset
                timed_out, failure = False, f"{type(exc).__name__}: {str(exc)[:200]}"
            else:
                if response.status_code < 500:
                    breaker.record_success()
                    if response.status_code >= 400:
                        raise GovernmentRefused(response.status_code, _detail(response))
                    return response.json()
                timed_out, failure = False, f"http {response.status_code}"
            breaker.record_failure()
            log.warning("government call %s failed (%s), attempt %d", path, failure, attempt)
            if attempt < attempts:
                await asyncio.sleep(self._policy.backoff.delay(attempt, self._rng))
        if timed_out:
            raise GovernmentTimeout()
        raise GovernmentUnavailable("retries_exhausted", breaker.retry_after())

    async def _send(self, path: str, body: bytes, idempotency_key: str | None) -> httpx.Response:
        # A new nonce and timestamp for every attempt; the idempotency key stays the same.
        request = self._http.build_request(
            "POST", path, content=body, headers={"Content-Type": "application/json"}
        )
        request.headers.update(
            signing.sign(
                key_id=self._key_id,
                secret=self._secret,
                method="POST",
                target=request.url.raw_path.decode("ascii"),
                body=body,
                idempotency_key=idempotency_key,
            )
        )
        return await self._http.send(request)

    async def aclose(self) -> None:
        await self._http.aclose()


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail", "")
    except (ValueError, AttributeError):
        detail = ""
    return str(detail)[:200] or response.reason_phrase
