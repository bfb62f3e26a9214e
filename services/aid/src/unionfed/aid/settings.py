"""Settings of the aid service (environment prefix ``UNIONFED_AID_``)."""

from decimal import Decimal

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings

# Must equal membership's secret: a member's person_key is keyed the same way everywhere.
DEV_PERSON_KEY_SECRET = "dev-only-federation-person-key-secret"  # noqa: S105


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_AID_")  # the rest is inherited

    service_name: str = "aid"
    http_port: int = 8103
    person_key_secret: SecretStr = Field(
        default=SecretStr(DEV_PERSON_KEY_SECRET),
        description="Federation-wide secret for person keys; the same as membership's",
    )
    # e.g. UNIONFED_AID_HARDSHIP_INCOME_THRESHOLDS='{"2026": 1180, "2027": 1230}'
    hardship_income_thresholds: dict[str, Decimal] = Field(
        default_factory=lambda: {"2025": Decimal(1130), "2026": Decimal(1180)},
        description="Monthly household income per head (yuan) under which a family is in "
        "hardship, by year (the county's figure; the latest year at or before today applies)",
    )
    reverify_months: int = Field(default=12, description="A hardship file is re-verified yearly")
    default_publicity_days: int = Field(default=5, description="Public notice (公示) of grants")
    raise_duplicate_alerts: bool = Field(
        default=True,
        description="Publish DuplicateGrantDetected when two deployments' grants meet; set it "
        "on ONE deployment of the county (the federation's), false on the others",
    )
    gov_gateway_url: str = Field(
        default="http://127.0.0.1:8105", description="The government gateway (POST /checks)"
    )
    gov_timeout_seconds: float = 15.0
    overdue_check_seconds: float = 3600
