"""Chinese and English names of the codes the events carry (categories, statuses, programs),
for the dashboard and the .xlsx exports."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # worker types, gender
    "regular": ("普通职工", "regular"),
    "migrant": ("农民工", "migrant"),
    "new_form": ("新就业形态", "new-form"),
    "male": ("男", "male"),
    "female": ("女", "female"),
    # station kinds
    "town": ("乡镇", "town"),
    "street": ("街道", "street"),
    "industrial_park": ("园区", "industrial park"),
    # grievance categories
    "unpaid_wages": ("欠薪", "unpaid wages"),
    "social_insurance": ("社会保险", "social insurance"),
    "labour_contract": ("劳动合同", "labour contract"),
    "dismissal": ("解除劳动关系", "dismissal"),
    "working_hours": ("工时加班", "working hours"),
    "work_injury": ("工伤", "work injury"),
    "occupational_safety": ("安全生产", "occupational safety"),
    "women_workers": ("女职工权益", "women workers"),
    "suggestion": ("意见建议", "suggestion"),
    "other": ("其他", "other"),
    # case statuses
    "filed": ("已登记", "filed"),
    "accepted": ("已受理", "accepted"),
    "assigned": ("已分派", "assigned"),
    "in_mediation": ("调解中", "in mediation"),
    "in_legal_aid": ("法律援助中", "in legal aid"),
    "referred": ("已移送", "referred"),
    "resolved": ("已办结", "resolved"),
    "closed": ("已结案", "closed"),
    "declined": ("不予受理", "declined"),
    # aid programs and grant statuses
    "winter_visit": ("送温暖", "winter visits"),
    "summer_relief": ("送清凉", "summer relief"),
    "education_aid": ("金秋助学", "education aid"),
    "serious_illness_relief": ("大病救助", "serious-illness relief"),
    "emergency_relief": ("意外致困救助", "emergency relief"),
    "model_worker_relief": ("劳模困难帮扶", "model-worker relief"),
    "applied": ("已申请", "applied"),
    "approved": ("已批准", "approved"),
    "publicised": ("公示中", "publicised"),
    "disbursed": ("已发放", "disbursed"),
    "cancelled": ("已撤销", "cancelled"),
    "deep": ("深度困难", "deep hardship"),
    "relative": ("相对困难", "relative hardship"),
    "accident": ("意外致困", "accident"),
    # model workers
    "county": ("县级", "county"),
    "city": ("市级", "city"),
    "provincial": ("省级", "provincial"),
    "national": ("全国", "national"),
    "in_force": ("有效", "in force"),
    "revocation_proposed": ("拟撤销", "revocation proposed"),
    "expired": ("已到期", "expired"),
    "revoked": ("已撤销", "revoked"),
    "nominated": ("已推荐", "nominated"),
    "in_review": ("审核中", "in review"),
    "passed": ("已通过", "passed"),
    "not_passed": ("未通过", "not passed"),
    "vetoed": ("一票否决", "vetoed"),
    # referrals, conflicts
    "sent": ("已移送", "sent"),
    "received": ("已接收", "received"),
    "investigating": ("调查中", "investigating"),
    "concluded": ("已办结", "concluded"),
    "rejected": ("不予受理", "rejected"),
    "crossed_enrolment": ("重复入会", "crossed enrolment"),
    "double_grant": ("重复帮扶", "double grant"),
    # scorecard parts
    "coverage": ("覆盖面", "coverage"),
    "grievances_on_time": ("按时办结", "handled on time"),
    "satisfaction": ("满意度", "satisfaction"),
    "aid_delivered": ("帮扶到位", "aid delivered"),
}


def label(code, lang: str = "zh"):
    """The name of ``code`` in ``lang``; anything unknown (station codes, ids) as it is."""
    if not isinstance(code, str) or code not in LABELS:
        return code
    zh, en = LABELS[code]
    return en if lang == "en" else zh
