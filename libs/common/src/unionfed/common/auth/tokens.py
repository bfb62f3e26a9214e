"""Verifying the county identity provider's access tokens (JWT) and issuing development ones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from pydantic import BaseModel, SecretStr, field_validator, model_validator

from unionfed.common.auth.principal import Principal, Role

# Published on purpose: it signs development tokens only, and no deployed issuer uses it.
DEV_SIGNING_SECRET = "dev-only-signing-secret-change-me"  # noqa: S105
DEFAULT_ISSUER = "https://id.unionfed.local/realms/county"

# Only public-key algorithms may come from settings: HS256 is tied to the shared secret alone,
# so a public key can never be used as an HMAC secret (algorithm confusion).
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
_REQUIRED_CLAIMS = ["sub", "exp", "iss", "aud"]
# Most specific first: InvalidSignatureError is a DecodeError, every one is an InvalidTokenError.
_REASONS: tuple[tuple[type[Exception], str], ...] = (
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.InvalidAudienceError, "wrong audience"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.InvalidSignatureError, "bad signature"),
    (jwt.ImmatureSignatureError, "not yet valid"),
    (jwt.InvalidAlgorithmError, "algorithm not allowed"),
)


class AuthSettings(BaseModel):
    """Where verification keys come from and which issuer and audience a token must name.

    ``jwks_url`` and ``public_key`` (PEM) serve RS256/ES256 tokens from the identity provider;
    ``shared_secret`` serves HS256 tokens made by ``unionfed-dev-token`` in development.
    """

    issuer: str = DEFAULT_ISSUER
    audience: str
    algorithms: list[str] = ["RS256", "ES256"]
    jwks_url: str | None = None
    public_key: str | None = None
    shared_secret: SecretStr | None = None
    leeway_seconds: int = 30

    @field_validator("algorithms")
    @classmethod
    def _public_key_algorithms_only(cls, value: list[str]) -> list[str]:
        refused = [name for name in value if name not in ASYMMETRIC_ALGORITHMS]
        if refused:
            raise ValueError(
                f"algorithms {refused} are not allowed: list public-key algorithms only "
                "(HS256 is enabled by shared_secret)"
            )
        return value

    @model_validator(mode="after")
    def _some_key_source(self) -> AuthSettings:
        if not (self.jwks_url or self.public_key or self.shared_secret):
            raise ValueError("one of jwks_url, public_key or shared_secret is required")
        return self


class InvalidToken(Exception):
    """A token was refused; ``reason`` is short and safe to show the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TokenVerifier:
    """Checks a bearer token's signature and standard claims and turns it into a Principal."""

    def __init__(self, settings: AuthSettings) -> None:
        self._settings = settings
        pem = settings.public_key
        self._public_key = load_pem_public_key(pem.encode()) if pem else None
        self._jwks_client: jwt.PyJWKClient | None = None

    def verify(self, token: str) -> Principal:
        """Return the caller named by ``token`` or raise :class:`InvalidToken`."""
        key, algorithms = self._key_for(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self._settings.audience,
                issuer=self._settings.issuer,
                leeway=self._settings.leeway_seconds,
                options={"require": _REQUIRED_CLAIMS},
            )
        except jwt.InvalidTokenError as exc:
            raise InvalidToken(_reason(exc)) from exc
        return _principal_from(claims)

    def _key_for(self, token: str) -> tuple[Any, list[str]]:
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.InvalidTokenError as exc:
            raise InvalidToken("malformed token") from exc
        if algorithm == "HS256" and self._settings.shared_secret is not None:
            return self._settings.shared_secret.get_secret_value(), ["HS256"]
        if algorithm not in self._settings.algorithms:
            raise InvalidToken("algorithm not allowed")
        if self._settings.jwks_url:
            try:
                return self._jwks().get_signing_key_from_jwt(token).key, self._settings.algorithms
            except jwt.PyJWKClientConnectionError as exc:
                raise InvalidToken("signing keys unavailable") from exc
            except (jwt.PyJWKClientError, jwt.InvalidTokenError) as exc:
                raise InvalidToken("unknown signing key") from exc
        if self._public_key is not None:
            return self._public_key, self._settings.algorithms
        raise InvalidToken("algorithm not allowed")

    def _jwks(self) -> jwt.PyJWKClient:
        # Built on first use and kept: the client caches the key set between requests.
        if self._jwks_client is None:
            assert self._settings.jwks_url is not None
            self._jwks_client = jwt.PyJWKClient(self._settings.jwks_url, timeout=5)
        return self._jwks_client


def _reason(exc: jwt.InvalidTokenError) -> str:
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return f"missing claim: {exc.claim}"
    return next((reason for kind, reason in _REASONS if isinstance(exc, kind)), "malformed token")


def _principal_from(claims: dict[str, Any]) -> Principal:
    if not claims["sub"]:
        raise InvalidToken("malformed claim: sub")
    roles, stations = claims.get("roles", []), claims.get("stations", [])
    for claim, value in (("roles", roles), ("stations", stations)):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise InvalidToken(f"malformed claim: {claim}")
    known = {role.value for role in Role}
    name = claims.get("name")
    return Principal(
        subject=claims["sub"],
        # Roles of other applications in the same realm are not ours to judge: ignore them.
        roles=frozenset(Role(role) for role in roles if role in known),
        stations=frozenset(stations),
        name=name if isinstance(name, str) else None,
    )


def issue_dev_token(
    *,
    secret: str,
    issuer: str,
    audience: str,
    subject: str,
    roles: Iterable[Role | str],
    stations: Iterable[str],
    name: str | None = None,
    ttl: timedelta = timedelta(hours=8),
) -> str:
    """An HS256 token for development and tests; real tokens come from the identity provider."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": subject,
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "exp": now + ttl,
        "roles": [Role(role).value for role in roles],
        "stations": list(stations),
    }
    if name is not None:
        claims["name"] = name
    return jwt.encode(claims, secret, algorithm="HS256")
