"""Settings of the gov-gateway service (environment prefix ``UNIONFED_GOV_GATEWAY_``).

The gateway is the one place holding the government credentials. Outside development the
``dev-only`` secrets below (and any partner secret starting so) are refused.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings
from unionfed.gov_gateway import signing

# Must equal membership's secret: the gateway computes person keys from ID numbers.
DEV_PERSON_KEY_SECRET = "dev-only-federation-person-key-secret"  # noqa: S105
PARTNER_SCOPES = ("aid.received", "referral.status")


class PartnerCredential(BaseModel):
    """One government partner's signing credential, e.g. in
    ``UNIONFED_GOV_GATEWAY_PARTNERS='{"hrss-li": {"secret": "…", "scopes": ["referral.status"],
    "department": "labour_inspection"}}'`` (the map's key is the key id)."""

    secret: SecretStr
    scopes: list[str] = Field(description=f"Any of {', '.join(PARTNER_SCOPES)}")
    department: str = Field(default="", description="Referrals to this department are theirs")
    name: str = ""
    rate_per_minute: float = 60
    burst: int = 10


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_GOV_GATEWAY_")  # the rest is inherited

    service_name: str = "gov-gateway"
    http_port: int = 8105
    person_key_secret: SecretStr = Field(
        default=SecretStr(DEV_PERSON_KEY_SECRET),
        description="Federation-wide secret for person keys; the same as membership's",
    )
    government_url: str = Field(
        default="http://127.0.0.1:8199", description="Base URL of the government exchange"
    )
    government_key_id: str = signing.DEV_GATEWAY_KEY_ID
    government_secret: SecretStr = Field(
        default=SecretStr(signing.DEV_GATEWAY_SECRET),
        description="Signs the gateway's requests to the government systems",
    )
    government_ca_file: str | None = Field(
        default=None,
        description="CA bundle that signed the government's TLS certificates (None: system CAs; "
        "certificates are always verified)",
    )
    callback_key_id: str = signing.DEV_BUREAU_KEY_ID
    callback_secret: SecretStr = Field(
        default=SecretStr(signing.DEV_BUREAU_SECRET),
        description="The bureau's key for signed status callbacks",
    )
    signature_max_skew_seconds: int = signing.DEFAULT_MAX_SKEW
    government_timeout_seconds: float = 5.0
    retry_attempts: int = Field(default=3, ge=1)
    retry_base_seconds: float = 0.2
    retry_max_seconds: float = 2.0
    breaker_failures: int = Field(default=5, ge=1)
    breaker_cooldown_seconds: float = 30.0
    delivery_interval_seconds: float = 2.0
    delivery_batch: int = 50
    delivery_backoff_base_seconds: float = 5.0
    delivery_backoff_max_seconds: float = 300.0
    delivery_lease_seconds: float = 60.0
    check_purposes: list[str] = Field(
        default_factory=lambda: ["aid_eligibility", "grievance_support"],
        description="Purposes a check may be made for (the consent must name the same)",
    )
    partners: dict[str, PartnerCredential] = Field(
        default_factory=dict, description="Government partners by key id"
    )

    def _secrets(self):
        yield from super()._secrets()
        for key_id, partner in self.partners.items():
            yield f"partners.{key_id}.secret", partner.secret
