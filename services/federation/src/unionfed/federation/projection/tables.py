"""Names of the read-model tables the projection writes (their columns: adapters/tables.py)."""

STATIONS = "fed_stations"
UNIONS = "fed_unions"
MEMBERS = "fed_members"
CASES = "fed_cases"
CLUSTERS = "fed_clusters"
PROGRAMS = "fed_programs"
BUDGETS = "fed_budgets"
GRANTS = "fed_grants"
HARDSHIP_FILES = "fed_hardship_files"
CAMPAIGNS = "fed_campaigns"
NOMINEES = "fed_nominees"
TITLES = "fed_titles"
ASSESSMENTS = "fed_assessments"
BENEFITS = "fed_benefits"
REFERRALS = "fed_referrals"
AID_REPORTS = "fed_aid_reports"
CONFLICTS = "fed_conflicts"
FRESHNESS = "fed_topic_freshness"

READ_MODELS = (
    STATIONS,
    UNIONS,
    MEMBERS,
    CASES,
    CLUSTERS,
    PROGRAMS,
    BUDGETS,
    GRANTS,
    HARDSHIP_FILES,
    CAMPAIGNS,
    NOMINEES,
    TITLES,
    ASSESSMENTS,
    BENEFITS,
    REFERRALS,
    AID_REPORTS,
    CONFLICTS,
    FRESHNESS,
)
"""Every table a rebuild replaces (conflict resolutions are staff's work, never rebuilt)."""
