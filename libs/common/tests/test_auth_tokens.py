"""Token verification: what the platform accepts as a caller, and what it refuses."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import ValidationError

from unionfed.common.auth import (
    DEFAULT_ISSUER,
    AuthSettings,
    InvalidToken,
    Principal,
    Role,
    TokenVerifier,
    issue_dev_token,
)
from unionfed.common.auth.devtoken import main as dev_token_main

AUDIENCE = "unionfed"
SECRET = "test-signing-secret-of-at-least-32-bytes"


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def public_pem(rsa_key) -> str:
    return (
        rsa_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@pytest.fixture
def jwks(rsa_key):
    """A key-set endpoint on 127.0.0.1 serving the test key; yields its URL and handler."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "county-1", "use": "sig", "alg": "RS256"}]})

    class JwksHandler(BaseHTTPRequestHandler):
        fetches = 0

        def do_GET(self):
            JwksHandler.fetches += 1
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), JwksHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/certs", JwksHandler
    server.shutdown()
    server.server_close()


def claims(**overrides):
    """Claims of a valid token as plain JSON; an override of None leaves that claim out."""
    now = int(datetime.now(UTC).timestamp())
    base = {
        "sub": "clerk-1",
        "iss": DEFAULT_ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 300,
        "roles": ["station_staff"],
        "stations": ["ST01"],
    }
    return {key: value for key, value in {**base, **overrides}.items() if value is not None}


def dev_verifier() -> TokenVerifier:
    return TokenVerifier(AuthSettings(audience=AUDIENCE, shared_secret=SECRET))


def refusal(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(InvalidToken) as refused:
        verifier.verify(token)
    return refused.value.reason


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_dev_token_names_the_caller_roles_and_stations():
    token = issue_dev_token(
        secret=SECRET,
        issuer=DEFAULT_ISSUER,
        audience=AUDIENCE,
        subject="clerk-1",
        roles=[Role.station_staff, "station_admin"],
        stations=["ST01", "ST02"],
        name="Li Hua",
    )
    assert dev_verifier().verify(token) == Principal(
        subject="clerk-1",
        roles=frozenset({Role.station_staff, Role.station_admin}),
        stations=frozenset({"ST01", "ST02"}),
        name="Li Hua",
    )


def test_role_names_of_other_applications_are_ignored():
    token = jwt.encode(claims(roles=["realm-admin", "federation_staff"]), SECRET, "HS256")
    assert dev_verifier().verify(token).roles == frozenset({Role.federation_staff})


def test_an_expired_token_is_refused():
    token = jwt.encode(claims(exp=int(datetime.now(UTC).timestamp()) - 300), SECRET, "HS256")
    assert refusal(dev_verifier(), token) == "expired"


def test_a_token_for_another_audience_is_refused():
    token = jwt.encode(claims(aud="payroll"), SECRET, "HS256")
    assert refusal(dev_verifier(), token) == "wrong audience"


def test_a_token_from_another_issuer_is_refused():
    token = jwt.encode(claims(iss="https://evil.example/realms/county"), SECRET, "HS256")
    assert refusal(dev_verifier(), token) == "wrong issuer"


@pytest.mark.parametrize("claim", ["sub", "exp", "iss", "aud"])
def test_a_token_without_a_required_claim_is_refused(claim):
    token = jwt.encode(claims(**{claim: None}), SECRET, "HS256")
    assert refusal(dev_verifier(), token) == f"missing claim: {claim}"


def test_a_payload_changed_after_signing_is_refused():
    original = claims()
    header, _, signature = jwt.encode(original, SECRET, "HS256").split(".")
    forged = b64url(json.dumps({**original, "roles": ["federation_admin"]}).encode())
    assert refusal(dev_verifier(), f"{header}.{forged}.{signature}") == "bad signature"


def test_an_unsigned_alg_none_token_is_refused():
    token = jwt.encode(claims(), None, algorithm="none")
    assert refusal(dev_verifier(), token) == "algorithm not allowed"


def test_an_hs256_token_signed_with_the_public_key_is_refused(public_pem):
    # Algorithm confusion: the public key is public, so an HMAC made with it proves nothing.
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims()).encode())
    mac = hmac.new(public_pem.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    forged = f"{header}.{payload}.{b64url(mac)}"
    verifier = TokenVerifier(AuthSettings(audience=AUDIENCE, public_key=public_pem))
    assert refusal(verifier, forged) == "algorithm not allowed"
    # With a development secret configured as well, HS256 is checked against that secret only.
    both = AuthSettings(audience=AUDIENCE, public_key=public_pem, shared_secret=SECRET)
    assert refusal(TokenVerifier(both), forged) == "bad signature"


def test_an_rs256_token_is_accepted_with_the_configured_public_key(rsa_key, public_pem):
    token = jwt.encode(claims(roles=["federation_staff"]), rsa_key, "RS256")
    verifier = TokenVerifier(AuthSettings(audience=AUDIENCE, public_key=public_pem))
    assert verifier.verify(token).is_federation


def test_an_rs256_token_signed_by_another_key_is_refused(public_pem):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    verifier = TokenVerifier(AuthSettings(audience=AUDIENCE, public_key=public_pem))
    assert refusal(verifier, jwt.encode(claims(), stranger, "RS256")) == "bad signature"


def test_an_rs256_token_is_accepted_with_keys_from_the_jwks_url(rsa_key, jwks):
    url, server = jwks
    token = jwt.encode(claims(), rsa_key, "RS256", headers={"kid": "county-1"})
    verifier = TokenVerifier(AuthSettings(audience=AUDIENCE, jwks_url=url))
    assert server.fetches == 0  # nothing is fetched until a token needs a key
    assert verifier.verify(token).stations == frozenset({"ST01"})
    assert verifier.verify(token).subject == "clerk-1"
    assert server.fetches == 1  # the key set is cached between requests


def test_a_token_naming_a_key_not_in_the_jwks_is_refused(rsa_key, jwks):
    token = jwt.encode(claims(), rsa_key, "RS256", headers={"kid": "retired"})
    verifier = TokenVerifier(AuthSettings(audience=AUDIENCE, jwks_url=jwks[0]))
    assert refusal(verifier, token) == "unknown signing key"


def test_garbage_is_refused_as_malformed():
    assert refusal(dev_verifier(), "not-a-jwt") == "malformed token"


def test_settings_need_a_key_source_and_public_key_algorithms_only(public_pem):
    with pytest.raises(ValidationError, match="jwks_url, public_key or shared_secret"):
        AuthSettings(audience=AUDIENCE)
    with pytest.raises(ValidationError, match="public-key algorithms only"):
        AuthSettings(audience=AUDIENCE, public_key=public_pem, algorithms=["RS256", "HS256"])


def test_the_dev_token_command_prints_a_token_the_dev_verifier_accepts(capsys, monkeypatch):
    monkeypatch.setenv("UNIONFED_DEV_JWT_SECRET", SECRET)
    dev_token_main(["--sub", "clerk-2", "--station", "ST03", "--station", "ST04", "--ttl", "30m"])
    principal = dev_verifier().verify(capsys.readouterr().out.strip())
    assert principal.roles == frozenset({Role.station_staff})
    assert principal.stations == frozenset({"ST03", "ST04"})
