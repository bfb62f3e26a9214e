"""Settings of the membership service (environment prefix ``UNIONFED_MEMBERSHIP_``)."""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings

# Development default; ServiceSettings refuses anything marked dev-only outside development.
DEV_PERSON_KEY_SECRET = "dev-only-federation-person-key-secret"  # noqa: S105


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_MEMBERSHIP_")  # the rest is inherited

    service_name: str = "membership"
    http_port: int = 8101
    person_key_secret: SecretStr = Field(
        default=SecretStr(DEV_PERSON_KEY_SECRET),
        description="Federation-wide secret for person keys; the same in every deployment",
    )
