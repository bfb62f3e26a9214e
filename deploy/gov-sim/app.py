"""Government simulator (政务模拟): the 人社 (HRSS) and 民政 (civil affairs) side of the gateway's
protocol, for development, the demo and tests. Never deploy it.

    uv run --frozen python deploy/gov-sim/app.py --port 8199 [--latency-ms 0] [--failure-rate 0]
        [--seed 1] [--callback-url http://127.0.0.1:8105] [--advance-seconds 20] [--down]
        [--tls-cert server.pem --tls-key server-key.pem]

Government API (every request signed by the gateway's key, nonce and timestamp checked):
``POST /hrss/v1/social-insurance/status``, ``POST /mca/v1/assistance/status`` (by ID number in
the body), ``POST /mca/v1/aid-reports`` and ``POST /hrss/v1/labour-inspection/referrals``
(``Idempotency-Key`` required: a repeat returns the first receipt). Referrals move on
received → investigating → concluded on a timer or by ``POST /_sim/referrals/{id}/advance``;
each change is called back, signed with the bureau's key, to
``{callback_url}/callbacks/referrals/{id}/status``. Admin (unsigned, loopback only):
``POST /_sim/down`` and ``/_sim/up``, ``POST /_sim/config``, ``GET /_sim/stats``,
``GET /_sim/referrals``, ``GET /_sim/people``.
"""

import argparse
import asyncio
import contextlib
import hashlib
import json
import logging
import random
import sys
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gov_sim_people as people

from unionfed.gov_gateway import signing

log = logging.getLogger("gov-sim")
STEPS = ("received", "investigating", "concluded")
OUTCOMES = ("wages_paid", "order_issued", "penalty_imposed", "no_violation")


@dataclass
class SimConfig:
    latency_ms: int = 0
    failure_rate: float = 0.0
    seed: int = 1
    callback_url: str = "http://127.0.0.1:8105"
    advance_seconds: float = 20.0
    down: bool = False
    gateway_key_id: str = signing.DEV_GATEWAY_KEY_ID
    gateway_secret: str = signing.DEV_GATEWAY_SECRET
    bureau_key_id: str = signing.DEV_BUREAU_KEY_ID
    bureau_secret: str = signing.DEV_BUREAU_SECRET
    max_skew: int = signing.DEFAULT_MAX_SKEW


@dataclass
class SimState:
    config: SimConfig
    rng: random.Random = field(init=False)
    nonces: signing.MemoryNonceStore = field(default_factory=signing.MemoryNonceStore)
    queries: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    reports: dict[str, dict] = field(default_factory=dict)  # idempotency key -> receipt
    report_requests: Counter = field(default_factory=Counter)
    referrals: dict[str, dict] = field(default_factory=dict)  # idempotency key -> referral
    referral_requests: Counter = field(default_factory=Counter)
    pending_callbacks: list[dict] = field(default_factory=list)
    callbacks_sent: int = 0
    callback_failures: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.config.seed)


def create_app(config: SimConfig | None = None) -> FastAPI:
    state = SimState(config or SimConfig())

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        client = httpx.AsyncClient(timeout=5.0)
        app.state.http = client
        task = asyncio.create_task(_timer(state, client))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await client.aclose()

    app = FastAPI(title="Government simulator (政务模拟)", description=__doc__, lifespan=lifespan)
    app.state.sim = state

    async def available() -> None:
        if state.config.down:
            raise HTTPException(503, "the government system is down (simulated)")
        if state.rng.random() < state.config.failure_rate:
            raise HTTPException(503, "the government system failed (simulated failure rate)")

    async def signed(request: Request) -> dict:
        body = await request.body()
        raw_path = request.scope.get("raw_path") or request.url.path.encode()
        target = signing.request_target(raw_path.decode(), request.scope.get("query_string", b""))
        secrets = {state.config.gateway_key_id: state.config.gateway_secret.encode()}
        try:
            verified = signing.verify(
                method=request.method,
                target=target,
                headers=request.headers,
                body=body,
                secret_for=secrets.get,
                max_skew=state.config.max_skew,
            )
            expiry = signing.nonce_expiry(verified, state.config.max_skew)
            if not await state.nonces.claim(verified.key_id, verified.nonce, expiry):
                raise signing.SignatureRefused("replayed_nonce", "nonce already used")
        except signing.SignatureRefused as exc:
            state.refused[exc.reason] += 1
            raise HTTPException(401, f"signature refused: {exc.reason}") from exc
        try:
            return json.loads(body or b"{}")
        except ValueError as exc:
            raise HTTPException(400, "the body is not JSON") from exc

    async def respond(answer: dict, status: int = 200) -> JSONResponse:
        if state.config.latency_ms:
            await asyncio.sleep(state.config.latency_ms / 1000)
        return JSONResponse(answer, status_code=status)

    def person(body: dict) -> str:
        number = str(body.get("id_number") or "").strip().upper()
        if not people.valid_resident_id(number):
            raise HTTPException(422, "id_number is not a valid resident ID number")
        return number

    @app.post("/hrss/v1/social-insurance/status", dependencies=[Depends(available)])
    async def social_insurance(body: Annotated[dict, Depends(signed)]) -> JSONResponse:
        """人社: social insurance contribution status of one person."""
        number = person(body)
        state.queries["social_insurance"] += 1
        return await respond(people.answer_for(number, "social_insurance"))

    @app.post("/mca/v1/assistance/status", dependencies=[Depends(available)])
    async def civil_affairs(body: Annotated[dict, Depends(signed)]) -> JSONResponse:
        """民政: minimum living guarantee (低保), extreme poverty (特困), temporary assistance."""
        number = person(body)
        state.queries["civil_affairs"] += 1
        return await respond(people.answer_for(number, "civil_affairs"))

    @app.post("/mca/v1/aid-reports", dependencies=[Depends(available)])
    async def aid_report(
        body: Annotated[dict, Depends(signed)],
        idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    ) -> JSONResponse:
        """民政: a union aid grant paid; idempotent by key (a repeat returns the first receipt)."""
        key = _required_key(idempotency_key)
        state.report_requests[key] += 1
        if key in state.reports:
            return await respond(state.reports[key])
        if body.get("id_number") and not people.valid_resident_id(str(body["id_number"])):
            raise HTTPException(422, "id_number is not a valid resident ID number")
        receipt = {
            "receipt_reference": f"MCA-{len(state.reports) + 1:06d}",
            "received_at": _now(),
            "grant_id": body.get("grant_id"),
            "identity_status": "identified" if body.get("id_number") else "identity_unknown",
        }
        state.reports[key] = receipt
        return await respond(receipt, 201)

    @app.post("/hrss/v1/labour-inspection/referrals", dependencies=[Depends(available)])
    async def referral(
        body: Annotated[dict, Depends(signed)],
        idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    ) -> JSONResponse:
        """人社 labour inspection (劳动监察): a referred case; idempotent by key."""
        key = _required_key(idempotency_key)
        state.referral_requests[key] += 1
        if key in state.referrals:
            return await respond(_receipt(state.referrals[key]))
        if not body.get("referral_id") or body.get("category") not in (
            "unpaid_wages",
            "social_insurance",
        ):
            raise HTTPException(422, "a referral needs referral_id and a category we handle")
        record = {
            "referral_id": body["referral_id"],
            "case_id": body.get("case_id"),
            "category": body["category"],
            "bureau_reference": f"LI-{len(state.referrals) + 1:06d}",
            "status": "received",
            "outcome": None,
            "received_at": _now(),
        }
        state.referrals[key] = record
        return await respond(_receipt(record), 201)

    # ---------------------------------------------------------------- admin (tests, demo)

    @app.post("/_sim/down", tags=["admin"])
    async def go_down() -> dict:
        state.config.down = True
        return {"down": True}

    @app.post("/_sim/up", tags=["admin"])
    async def come_up() -> dict:
        state.config.down = False
        return {"down": False}

    @app.post("/_sim/config", tags=["admin"])
    async def configure(changes: dict) -> dict:
        kinds = {"latency_ms": int, "failure_rate": float, "callback_url": str,
                 "advance_seconds": float, "down": bool}  # fmt: skip
        for name, kind in kinds.items():
            if name in changes:
                value = changes[name]
                if kind is bool and not isinstance(value, bool):
                    raise HTTPException(422, f"{name} is true or false")
                setattr(state.config, name, kind(value))
        return _config(state)

    @app.get("/_sim/stats", tags=["admin"])
    async def stats() -> dict:
        return {
            "config": _config(state),
            "queries": dict(state.queries),
            "refused": dict(state.refused),
            "aid_reports": {
                "distinct": len(state.reports),
                "requests": sum(state.report_requests.values()),
                "requests_by_key": dict(state.report_requests),
                "receipts": state.reports,
            },
            "referrals": {
                "distinct": len(state.referrals),
                "requests": sum(state.referral_requests.values()),
                "requests_by_key": dict(state.referral_requests),
            },
            "callbacks": {
                "sent": state.callbacks_sent,
                "pending": len(state.pending_callbacks),
                "failed_attempts": state.callback_failures,
            },
        }

    @app.get("/_sim/referrals", tags=["admin"])
    async def list_referrals() -> list[dict]:
        return list(state.referrals.values())

    @app.post("/_sim/referrals/{referral_id}/advance", tags=["admin"])
    async def advance(referral_id: str, body: dict | None = None) -> dict:
        """Move a referral one step on and call the gateway back (outcome: in the body)."""
        found = (r for r in state.referrals.values() if r["referral_id"] == referral_id)
        record = next(found, None)
        if record is None:
            raise HTTPException(404, "no such referral")
        update = _advance(state, record, (body or {}).get("outcome"))
        if update is None:
            raise HTTPException(409, "the referral is concluded")
        delivered = await _flush(state, app.state.http)
        return {"update": update, "callbacks_pending": len(state.pending_callbacks)} | {
            "delivered": delivered
        }

    @app.get("/_sim/people", tags=["admin"])
    async def fixed() -> dict:
        return people.fixed_people()

    @app.get("/healthz", tags=["admin"])
    async def healthz() -> dict:
        return {"status": "ok", "service": "gov-sim", "down": state.config.down}

    return app


def _required_key(value: str | None) -> str:
    if not value:
        raise HTTPException(400, "Idempotency-Key is required on requests that change state")
    return value


def _receipt(record: dict) -> dict:
    keys = ("referral_id", "bureau_reference", "status", "received_at")
    return {k: record[k] for k in keys}


def _config(state: SimState) -> dict:
    c = state.config
    return {
        "latency_ms": c.latency_ms,
        "failure_rate": c.failure_rate,
        "callback_url": c.callback_url,
        "advance_seconds": c.advance_seconds,
        "down": c.down,
    }


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _advance(state: SimState, record: dict, outcome: str | None) -> dict | None:
    position = STEPS.index(record["status"])
    if position == len(STEPS) - 1:
        return None
    record["status"] = STEPS[position + 1]
    if record["status"] == "concluded":
        digest = hashlib.sha256(record["referral_id"].encode()).digest()
        record["outcome"] = outcome if outcome in OUTCOMES else OUTCOMES[digest[0] % 4]
    update = {
        "update_id": f"u-{uuid.uuid4().hex[:16]}",
        "referral_id": record["referral_id"],
        "status": record["status"],
        "outcome": record["outcome"],
        "bureau_reference": record["bureau_reference"],
        "at": _now(),
    }
    state.pending_callbacks.append(update)
    return update


async def _flush(state: SimState, client: httpx.AsyncClient) -> int:
    """Send the pending status callbacks in order; what fails waits for the next round."""
    delivered = 0
    for update in list(state.pending_callbacks):
        path = f"/callbacks/referrals/{update['referral_id']}/status"
        body = json.dumps(update).encode()
        headers = signing.sign(
            key_id=state.config.bureau_key_id,
            secret=state.config.bureau_secret.encode(),
            method="POST",
            target=path,
            body=body,
            idempotency_key=update["update_id"],
        )
        headers["Content-Type"] = "application/json"
        url = state.config.callback_url.rstrip("/") + path
        try:
            response = await client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            state.callback_failures += 1
            log.warning("callback %s failed: %s", update["update_id"], exc)
            break  # keep the order: later updates wait for this one
        if response.status_code >= 500:
            state.callback_failures += 1
            break
        if response.status_code >= 400:
            log.warning("callback %s refused: %s", update["update_id"], response.text[:200])
        state.pending_callbacks.remove(update)
        state.callbacks_sent += 1
        delivered += 1
    return delivered


async def _timer(state: SimState, client: httpx.AsyncClient) -> None:
    elapsed = 0.0
    while True:
        await asyncio.sleep(1.0)
        elapsed += 1.0
        every = state.config.advance_seconds
        if every > 0 and elapsed >= every:
            elapsed = 0.0
            for record in state.referrals.values():
                _advance(state, record, None)
        if state.pending_callbacks:
            with contextlib.suppress(Exception):
                await _flush(state, client)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Government simulator (development and tests)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--failure-rate", type=float, default=0.0, help="share of 503s, 0..1")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--callback-url", default="http://127.0.0.1:8105", help="the gateway")
    parser.add_argument(
        "--advance-seconds", type=float, default=20.0, help="referral step timer (0: off)"
    )
    parser.add_argument("--down", action="store_true", help="start unavailable")
    parser.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", help="the certificate's private key (PEM)")
    return parser


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    parser = _parser()
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    logging.basicConfig(level=logging.INFO)
    config = SimConfig(
        latency_ms=args.latency_ms,
        failure_rate=args.failure_rate,
        seed=args.seed,
        callback_url=args.callback_url,
        advance_seconds=args.advance_seconds,
        down=args.down,
    )
    uvicorn.run(
        create_app(config), host=args.host, port=args.port, log_level="warning",
        ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
