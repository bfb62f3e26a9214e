"""The signed-request protocol: what is signed, and every way a request is refused."""

from __future__ import annotations

import time

import pytest

from unionfed.gov_gateway import signing

SECRET = b"a-test-secret-of-some-length-000"


def headers_for(body=b'{"a":1}', target="/x?y=1", **kw):
    return signing.sign(key_id="k1", secret=SECRET, method="POST", target=target, body=body, **kw)


def check(headers, body=b'{"a":1}', target="/x?y=1", method="POST", now=None):
    return signing.verify(
        method=method, target=target, headers=headers, body=body,
        secret_for={"k1": SECRET}.get, now=now,
    )  # fmt: skip


def test_a_signed_request_verifies_with_its_key_timestamp_and_nonce():
    headers = headers_for(idempotency_key="report-1")
    signed = check(headers)
    assert signed.key_id == "k1" and signed.nonce == headers[signing.NONCE]
    assert headers[signing.IDEMPOTENCY_KEY] == "report-1"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"body": b'{"a":2}'}, "bad_signature"),
        ({"target": "/x?y=2"}, "bad_signature"),
        ({"method": "PUT"}, "bad_signature"),
        ({"now": +301}, "stale_timestamp"),
        ({"now": -301}, "stale_timestamp"),
    ],
)
def test_a_changed_body_path_method_or_an_old_timestamp_is_refused(change, reason):
    if "now" in change:  # seconds from now, when the request arrives
        change = {"now": time.time() + change["now"]}
    with pytest.raises(signing.SignatureRefused) as refused:
        check(headers_for(), **change)
    assert refused.value.reason == reason


def test_a_changed_idempotency_key_signature_or_unknown_key_is_refused():
    headers = headers_for(idempotency_key="report-1")
    for altered, reason in [
        (headers | {signing.IDEMPOTENCY_KEY: "report-2"}, "bad_signature"),
        (headers | {signing.SIGNATURE: "0" * 64}, "bad_signature"),
        (headers | {signing.KEY_ID: "k2"}, "unknown_key"),
        ({k: v for k, v in headers.items() if k != signing.NONCE}, "missing_header"),
        (headers | {signing.NONCE: "short"}, "malformed"),
    ]:
        with pytest.raises(signing.SignatureRefused) as refused:
            check(altered)
        assert refused.value.reason == reason


async def test_a_nonce_is_accepted_once():
    store = signing.MemoryNonceStore()
    signed = check(headers_for())
    expiry = signing.nonce_expiry(signed)
    assert await store.claim(signed.key_id, signed.nonce, expiry)
    assert not await store.claim(signed.key_id, signed.nonce, expiry)
    assert await store.claim("another-key", signed.nonce, expiry)
