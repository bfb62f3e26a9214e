"""Settings of the federation service (environment prefix ``UNIONFED_FEDERATION_``)."""

from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_FEDERATION_")  # the rest is inherited

    service_name: str = "federation"
    http_port: int = 8100
