"""Settings of the grievance service (environment prefix ``UNIONFED_GRIEVANCE_``)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from unionfed.common.settings import ServiceSettings
from unionfed.grievance.domain.case import Category


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONFED_GRIEVANCE_")  # the rest is inherited

    service_name: str = "grievance"
    http_port: int = 8102
    accept_working_days: int = 3
    # e.g. UNIONFED_GRIEVANCE_ACCEPT_WORKING_DAYS_BY_CATEGORY='{"unpaid_wages": 1}'
    accept_working_days_by_category: dict[Category, int] = Field(default_factory=dict)
    mediation_days: int = 15
    deadline_check_seconds: float = 300
    cluster_cases: int = 3
    cluster_window_days: int = 30
    raise_cluster_alerts: bool = True
    evidence_dir: str = "./var/grievance-evidence"
    evidence_max_bytes: int = 10 * 1024 * 1024
