"""Settings of the federation service (environment prefix ``UNIONFED_FEDERATION_``)."""

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from unionfed.common.events.contracts import domain_topics
from unionfed.common.settings import ServiceSettings
from unionfed.federation.domain.scorecard import DEFAULT_WEIGHTS, check_weights


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_FEDERATION_")  # the rest is inherited

    service_name: str = "federation"
    http_port: int = 8100
    topics: list[str] = Field(
        default_factory=domain_topics,
        description="Topics the read models are built from: every domain topic (a staging or "
        "test federation may point at copies of them)",
    )
    # e.g. UNIONFED_FEDERATION_SCORECARD_WEIGHTS='{"coverage":40,"grievances_on_time":30,
    #   "satisfaction":15,"aid_delivered":15}'
    scorecard_weights: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS),
        description="Weights of the station scorecard (职工之家 in spirit); relative, any scale",
    )
    freshness_check_seconds: float = Field(
        default=5.0, description="How often consumer lag is measured against the broker"
    )
    dashboard_refresh_seconds: float = Field(
        default=3.0, description="How often the dashboard polls for new figures"
    )
    rebuild_batch_records: int = Field(
        default=20_000, description="Records fetched per poll by `unionfed-federation rebuild`"
    )

    @field_validator("scorecard_weights")
    @classmethod
    def _known_weights(cls, value: dict[str, float]) -> dict[str, float]:
        return check_weights(value)
