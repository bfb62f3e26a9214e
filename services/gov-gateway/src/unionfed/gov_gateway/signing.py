"""The signed-request protocol (签名请求) between the union and the government systems.

Every request in either direction — gateway → 人社/民政, a bureau's status callback → gateway, a
partner's query → gateway — carries four headers and is refused without them:

- ``X-Gov-Key-Id``: which shared secret signed it;
- ``X-Gov-Timestamp``: Unix seconds; refused when more than ``max_skew`` (300 s) away from now;
- ``X-Gov-Nonce``: 16–64 characters of ``[A-Za-z0-9_-]``, never accepted twice per key;
- ``X-Gov-Signature``: lowercase hex HMAC-SHA256 under the secret of :func:`canonical_request`:
  ``v1``, the method, the path with its query, the timestamp, the nonce, the hex SHA-256 of the
  body and the ``Idempotency-Key`` (empty when none), joined by newlines.

Signing the idempotency key too means a tampered key cannot turn one report into two. Standard
library only: the simulator under ``deploy/gov-sim`` imports this module, nothing else of ours.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

SCHEME = "v1"
KEY_ID = "X-Gov-Key-Id"
TIMESTAMP = "X-Gov-Timestamp"
NONCE = "X-Gov-Nonce"
SIGNATURE = "X-Gov-Signature"
IDEMPOTENCY_KEY = "Idempotency-Key"
DEFAULT_MAX_SKEW = 300

# Development credentials, published on purpose (the settings refuse ``dev-only`` secrets
# outside development); the simulator defaults to the same ones so that ``make demo`` just works.
DEV_GATEWAY_KEY_ID = "unionfed-gateway"
DEV_GATEWAY_SECRET = "dev-only-gateway-to-government-secret"  # noqa: S105
DEV_BUREAU_KEY_ID = "gov-bureau"
DEV_BUREAU_SECRET = "dev-only-government-callback-secret"  # noqa: S105

_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")
_KEY = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


class SignatureRefused(Exception):
    """A request whose signature is not accepted; ``reason`` is short and safe to answer.

    Reasons: ``missing_header``, ``malformed``, ``unknown_key``, ``stale_timestamp``,
    ``bad_signature``, ``replayed_nonce``.
    """

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


@dataclass(frozen=True)
class SignedRequest:
    """What a verified request was signed with."""

    key_id: str
    timestamp: int
    nonce: str


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def request_target(path: str, query: str | bytes = "") -> str:
    """The path with its query, as signed: ``/a/b?x=1`` (no ``?`` without a query)."""
    if isinstance(query, bytes):
        query = query.decode("latin-1")
    return f"{path}?{query}" if query else path


def canonical_request(
    method: str, target: str, timestamp: str, nonce: str, body: bytes, idempotency_key: str = ""
) -> bytes:
    parts = [SCHEME, method.upper(), target, timestamp, nonce, body_digest(body), idempotency_key]
    return "\n".join(parts).encode("utf-8")


def compute_signature(secret: bytes, canonical: bytes) -> str:
    return hmac.new(secret, canonical, hashlib.sha256).hexdigest()


def sign(
    *,
    key_id: str,
    secret: bytes,
    method: str,
    target: str,
    body: bytes = b"",
    idempotency_key: str | None = None,
    now: float | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The headers that sign one request (add them to it, with the idempotency key if any)."""
    timestamp = str(int(time.time() if now is None else now))
    nonce = nonce or secrets.token_urlsafe(18)
    canonical = canonical_request(method, target, timestamp, nonce, body, idempotency_key or "")
    headers = {
        KEY_ID: key_id,
        TIMESTAMP: timestamp,
        NONCE: nonce,
        SIGNATURE: compute_signature(secret, canonical),
    }
    if idempotency_key:
        headers[IDEMPOTENCY_KEY] = idempotency_key
    return headers


def verify(
    *,
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes,
    secret_for: Callable[[str], bytes | None],
    max_skew: int = DEFAULT_MAX_SKEW,
    now: float | None = None,
) -> SignedRequest:
    """Check headers, key, freshness and signature (constant-time); the caller then claims the
    nonce in its store (:meth:`NonceStore.claim`) — only a signed request may spend one."""
    lookup = {k.lower(): v for k, v in headers.items()}
    values = [lookup.get(h.lower()) for h in (KEY_ID, TIMESTAMP, NONCE, SIGNATURE)]
    if any(v is None or v == "" for v in values):
        raise SignatureRefused("missing_header", f"{KEY_ID}, {TIMESTAMP}, {NONCE}, {SIGNATURE}")
    key_id, timestamp, nonce, signature = values
    if not _KEY.fullmatch(key_id) or not _NONCE.fullmatch(nonce) or not timestamp.isdigit():
        raise SignatureRefused("malformed", "key id, nonce or timestamp is malformed")
    secret = secret_for(key_id)
    if secret is None:
        raise SignatureRefused("unknown_key", "unknown key id")
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > max_skew:
        raise SignatureRefused("stale_timestamp", f"timestamp more than {max_skew}s from now")
    idempotency_key = lookup.get(IDEMPOTENCY_KEY.lower(), "")
    canonical = canonical_request(method, target, timestamp, nonce, body, idempotency_key)
    expected = compute_signature(secret, canonical)
    if not hmac.compare_digest(expected.encode(), signature.strip().lower().encode()):
        raise SignatureRefused("bad_signature", "signature does not match the request")
    return SignedRequest(key_id=key_id, timestamp=int(timestamp), nonce=nonce)


def nonce_expiry(signed: SignedRequest, max_skew: int = DEFAULT_MAX_SKEW) -> float:
    """Until when a nonce must be remembered: after that its timestamp is refused anyway."""
    return float(signed.timestamp + max_skew + 1)


class MemoryNonceStore:
    """Nonces seen, in memory (the simulator's; the gateway keeps them in its database)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], float] = {}

    async def claim(self, key_id: str, nonce: str, expires_at: float) -> bool:
        """``True`` the first time a nonce is seen for a key, ``False`` for a replay."""
        now = time.time()
        if len(self._seen) > 10_000:
            self._seen = {k: v for k, v in self._seen.items() if v > now}
        if self._seen.get((key_id, nonce), 0) > now:
            return False
        self._seen[(key_id, nonce)] = expires_at
        return True
