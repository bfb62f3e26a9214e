"""Settings of the grievance service (environment prefix ``UNIONFED_GRIEVANCE_``)."""

from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_GRIEVANCE_")  # the rest is inherited

    service_name: str = "grievance"
    http_port: int = 8102
