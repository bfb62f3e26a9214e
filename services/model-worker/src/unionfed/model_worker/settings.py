"""Settings of the model-worker service (environment prefix ``UNIONFED_MODEL_WORKER_``)."""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings

# Must equal membership's secret: a nominee's person_key is keyed the same way everywhere.
DEV_PERSON_KEY_SECRET = "dev-only-federation-person-key-secret"  # noqa: S105


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_MODEL_WORKER_")  # the rest is inherited

    service_name: str = "model-worker"
    http_port: int = 8104
    person_key_secret: SecretStr = Field(
        default=SecretStr(DEV_PERSON_KEY_SECRET),
        description="Federation-wide secret for person keys; the same in every deployment",
    )
    # e.g. UNIONFED_MODEL_WORKER_CLEARANCE_DEPARTMENTS='["labour_inspection","safety","tax"]'
    clearance_departments: list[str] = Field(
        default_factory=lambda: ["labour_inspection", "safety", "public_security"],
        description="Departments that clear nominees (一票否决) unless a campaign names its own",
    )
    min_publicity_days: int = Field(default=5, description="Shortest public notice (公示)")
    yearly_benefits: list[str] = Field(
        default_factory=lambda: ["health_check", "study_visit", "union_newspaper"],
        description="Benefits due every year; hardship relief is granted by aid on application",
    )
    expiry_check_seconds: float = 3600
