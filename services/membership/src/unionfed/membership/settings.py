"""Settings of the membership service (environment prefix ``UNIONFED_MEMBERSHIP_``)."""

from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_MEMBERSHIP_")  # the rest is inherited

    service_name: str = "membership"
    http_port: int = 8101
