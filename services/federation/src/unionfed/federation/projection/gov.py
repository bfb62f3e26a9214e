"""What the government gateway reports (``gov``): referrals to labour inspection (劳动监察)
and aid grants acknowledged by civil affairs (民政)."""

from __future__ import annotations

from unionfed.common.events.contracts import gov
from unionfed.federation.domain.figures import REFERRAL_RANK, furthest
from unionfed.federation.projection import Rows, earliest, latest, utc
from unionfed.federation.projection.tables import AID_REPORTS, REFERRALS


async def referral_status_changed(env, rows: Rows) -> None:
    d: gov.ReferralStatusChanged = env.data
    row = await rows.get(REFERRALS, (d.referral_id,)) or {
        "referral_id": d.referral_id,
        "status": None,
        "outcome": None,
        "updated_at": None,
    }
    row.update(case_id=d.case_id, station_code=d.station_code)
    row["status"] = furthest(REFERRAL_RANK, row["status"], d.status)
    row["outcome"] = d.outcome or row["outcome"]
    row["updated_at"] = latest(row["updated_at"], d.at)
    rows.put(REFERRALS, (d.referral_id,), row)


async def aid_report_delivered(env, rows: Rows) -> None:
    d: gov.AidReportDelivered = env.data
    known = await rows.get(AID_REPORTS, (d.grant_id,))
    rows.put(
        AID_REPORTS,
        (d.grant_id,),
        {
            "grant_id": d.grant_id,
            "station_code": d.station_code,
            "delivered_at": earliest(known["delivered_at"] if known else None, utc(d.at)),
        },
    )


HANDLERS = {
    gov.ReferralStatusChanged.event_type: referral_status_changed,
    gov.AidReportDelivered.event_type: aid_report_delivered,
}
