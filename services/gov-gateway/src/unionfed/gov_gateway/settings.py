"""Settings of the gov-gateway service (environment prefix ``UNIONFED_GOV_GATEWAY_``)."""

from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_GOV_GATEWAY_")  # the rest is inherited

    service_name: str = "gov-gateway"
    http_port: int = 8105
