"""Settings of the grievance service (environment prefix ``UNIONFED_GRIEVANCE_``)."""

from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_GRIEVANCE_")  # the rest is inherited

    service_name: str = "grievance"
    http_port: int = 8102
    accept_working_days: int = 3
    mediation_days: int = 15
    deadline_check_seconds: float = 300
    cluster_cases: int = 3
    cluster_window_days: int = 30
    raise_cluster_alerts: bool = True
    evidence_dir: str = "./var/grievance-evidence"
    evidence_max_bytes: int = 10 * 1024 * 1024
