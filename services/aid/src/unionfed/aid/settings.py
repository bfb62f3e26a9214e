"""Settings of the aid service (environment prefix ``UNIONFED_AID_``)."""

from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_AID_")  # the rest is inherited

    service_name: str = "aid"
    http_port: int = 8103
