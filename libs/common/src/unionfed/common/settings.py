"""Settings every service shares; each service subclasses with its own env prefix.

Values come from the environment (``UNIONFED_<SERVICE>_...``, nested with ``__``, e.g.
``UNIONFED_MEMBERSHIP_AUTH__JWKS_URL``) or a ``.env`` file. Built by bootstrap code on call,
never at import.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from unionfed.common.auth.tokens import DEV_SIGNING_SECRET, AuthSettings

DEV_PII_KEYS = "dev-only:ZGV2LW9ubHkta2V5LW9mLTMyLWJ5dGVzLWxvbmctISE="
DEV_SECRET_PREFIX = "dev-only"  # noqa: S105 (a prefix we refuse, not a secret)


def default_auth() -> AuthSettings:
    return AuthSettings(audience="unionfed", shared_secret=SecretStr(DEV_SIGNING_SECRET))


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__", extra="ignore", env_file=".env")

    service_name: str = "service"
    environment: Literal["development", "test", "production"] = "development"
    deployment_id: str = Field(
        default="county", description="Unique name of this deployment; part of every event's source"
    )
    stations: list[str] = Field(
        default_factory=list, description="Station codes this deployment serves (empty: all)"
    )
    database_url: str = Field(default="", description="SQLAlchemy async URL; default SQLite file")
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_partitions: int = 6
    kafka_topic_replication_factor: int = Field(
        default=1,
        ge=1,
        description="Replicas of each topic this service creates (3 on a county cluster of three "
        "brokers; above 1, min.insync.replicas is one less)",
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    outbox_poll_interval: float = 1.0
    auth: AuthSettings = Field(default_factory=default_auth)
    pii_keys: SecretStr = Field(
        default=SecretStr(DEV_PII_KEYS),
        description="This deployment's keys for personal data at rest: 'id:base64,...'; the "
        "last one encrypts, the others still decrypt (rotation)",
    )

    @model_validator(mode="after")
    def _refuse_dev_secrets_outside_development(self) -> ServiceSettings:
        if self.environment == "development":
            return self
        offending = [name for name, value in self._secrets() if _is_dev_secret(value)]
        if offending:
            raise ValueError(
                f"development secrets must be replaced outside development: {', '.join(offending)}"
            )
        return self

    def _secrets(self):
        for name, value in self:
            if isinstance(value, SecretStr):
                yield name, value
        for name, value in self.auth:
            if isinstance(value, SecretStr):
                yield f"auth.{name}", value

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///./var/{self.service_name}.db"


def _is_dev_secret(value: SecretStr) -> bool:
    secret = value.get_secret_value()
    return secret.startswith(DEV_SECRET_PREFIX) or secret == DEV_SIGNING_SECRET
