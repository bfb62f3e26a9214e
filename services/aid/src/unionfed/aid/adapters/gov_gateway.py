"""The government gateway over HTTP (``POST /checks``): the adapter of the ``GovernmentChecks``
port. The caller's own token is forwarded, so the gateway checks who is asking."""

from __future__ import annotations

import httpx

from unionfed.aid.service.checks import PURPOSE, CheckRequest, GovernmentUnavailable
from unionfed.common.errors import RuleViolation


class HttpGovernmentChecks:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._base, self._timeout, self._transport = base_url.rstrip("/"), timeout, transport

    async def check(self, request: CheckRequest, *, bearer_token: str) -> dict:
        body = {
            "kind": request.kind,
            "id_number": request.id_number,
            "name": request.name,
            "person_key": request.person_key,
            "purpose": PURPOSE,
            "case": {
                "service": "aid",
                "reference": request.case_reference,
                "station_code": request.station_code,
            },
            "consent": request.consent,
        }
        headers = {
            "Authorization": f"Bearer {bearer_token}",
            "Idempotency-Key": request.idempotency_key,
        }
        try:
            async with httpx.AsyncClient(timeout=self._timeout, transport=self._transport) as c:
                response = await c.post(f"{self._base}/checks", json=body, headers=headers)
        except httpx.TimeoutException:
            raise GovernmentUnavailable("the government gateway did not answer in time") from None
        except httpx.HTTPError as exc:
            raise GovernmentUnavailable(f"the government gateway is unreachable: {exc}") from None
        if response.status_code == 200:
            return response.json()
        if response.status_code == 422:
            error = (_json(response).get("errors") or [{}])[0]
            raise RuleViolation(
                error.get("field") or "consent",
                error.get("rule") or "refused",
                f"the government gateway refused the query: {error.get('message', '')}".strip(),
            )
        if response.status_code in (503, 504):
            detail = _json(response).get("detail") or "unavailable"
            raise GovernmentUnavailable(f"the government side is unavailable: {detail}")
        if response.status_code in (401, 403):
            raise RuleViolation(
                "authorization",
                "gateway_refused_caller",
                f"the gateway refused the caller ({response.status_code})",
            )
        raise GovernmentUnavailable(f"the government gateway answered {response.status_code}")


def _json(response: httpx.Response) -> dict:
    try:
        value = response.json()
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
