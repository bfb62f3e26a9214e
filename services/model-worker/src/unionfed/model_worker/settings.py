"""Settings of the model-worker service (environment prefix ``UNIONFED_MODEL_WORKER_``)."""

from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_MODEL_WORKER_")  # the rest is inherited

    service_name: str = "model-worker"
    http_port: int = 8104
