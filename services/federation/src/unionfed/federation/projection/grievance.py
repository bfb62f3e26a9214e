"""Workers' rights cases (维权) and the early warnings on employers, from ``grievance``."""

from __future__ import annotations

from unionfed.common.events.contracts import grievance as g
from unionfed.federation.domain.figures import CASE_RANK, china_month, fen, furthest
from unionfed.federation.projection import Rows, earliest, latest, newer, utc
from unionfed.federation.projection.tables import CASES, CLUSTERS

STATUS_OF = {
    g.CaseFiled: "filed",
    g.CaseAccepted: "accepted",
    g.CaseDeclined: "declined",
    g.CaseAssigned: "assigned",
    g.MediationStarted: "in_mediation",
    g.LegalAidStarted: "in_legal_aid",
    g.CaseReferred: "referred",
    g.CaseResolved: "resolved",
    g.CaseClosed: "closed",
}
FACTS = (
    "station_code",
    "category",
    "employer_key",
    "employer_credit_code",
    "workers_affected",
    "collective",
)


async def case_event(env, rows: Rows) -> None:
    d: g.CaseFacts = env.data
    row = await rows.get(CASES, (d.case_id,)) or _new_case(d.case_id)
    if newer(row, d.at):
        row.update({f: getattr(d, f) for f in FACTS}, facts_at=utc(d.at))
    status = STATUS_OF.get(type(d))
    if status is not None:
        row["status"] = furthest(CASE_RANK, row["status"], status)
    _particulars(row, d)
    row["filed_month"] = china_month(row["filed_at"])
    rows.put(CASES, (d.case_id,), row)


def _particulars(row: dict, d: g.CaseFacts) -> None:
    if isinstance(d, g.CaseFiled):
        row.update(
            channel=d.channel,
            accept_by=d.accept_by,
            filed_at=earliest(row["filed_at"], d.at),
            amount_claimed_fen=fen(d.amount_claimed or 0),
        )
    elif isinstance(d, g.CaseAccepted):
        row.update(mediation_by=d.mediation_by, accepted_at=earliest(row["accepted_at"], d.at))
    elif isinstance(d, g.CaseEscalated):
        row.update(escalated=True, escalation_reason=row["escalation_reason"] or d.reason)
    elif isinstance(d, g.CaseOverdue):
        row["overdue"] = True
    elif isinstance(d, g.CaseReferred):
        row["referral_target"] = d.target
    elif isinstance(d, g.CaseResolved):
        row.update(
            resolved_at=latest(row["resolved_at"], d.at),
            outcome=d.outcome,
            amount_recovered_fen=fen(d.amount_recovered),
            filed_at=earliest(row["filed_at"], d.filed_at),
        )
    elif isinstance(d, g.FeedbackRecorded):
        row["satisfaction"] = d.satisfaction


def _new_case(case_id: str) -> dict:
    return {
        "case_id": case_id,
        "station_code": None,
        "category": None,
        "employer_key": None,
        "employer_credit_code": None,
        "workers_affected": 1,
        "collective": False,
        "channel": None,
        "status": None,
        "filed_at": None,
        "filed_month": None,
        "accept_by": None,
        "accepted_at": None,
        "mediation_by": None,
        "resolved_at": None,
        "outcome": None,
        "amount_claimed_fen": 0,
        "amount_recovered_fen": 0,
        "satisfaction": None,
        "overdue": False,
        "escalated": False,
        "escalation_reason": None,
        "referral_target": None,
        "facts_at": None,
    }


async def cluster_detected(env, rows: Rows) -> None:
    d: g.ClusterDetected = env.data
    rows.put(
        CLUSTERS,
        (d.cluster_id,),
        {
            "cluster_id": d.cluster_id,
            "employer_key": d.employer_key,
            "employer_credit_code": d.employer_credit_code,
            "case_count": len(set(d.case_ids)),
            "case_ids": ",".join(sorted(set(d.case_ids))),
            "station_codes": ",".join(sorted(set(d.station_codes))),
            "window_days": d.window_days,
            "detected_at": utc(d.detected_at),
        },
    )


HANDLERS = {
    contract.event_type: case_event for contract in g.CONTRACTS if contract is not g.ClusterDetected
} | {g.ClusterDetected.event_type: cluster_detected}
