"""The case's state machine: every allowed step and every refused one, and what each records."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from unionfed.common.errors import RuleViolation
from unionfed.grievance.domain.case import (
    STEPS,
    Category,
    Channel,
    Outcome,
    ReferralTarget,
    Status,
    StepRefused,
)
from unionfed.grievance.domain.grievance import Employer, Grievance, Worker

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALL_STEPS = sorted({step for steps in STEPS.values() for step in steps})
# A way to reach each status from a new case.
PATHS = {
    Status.received: [],
    Status.accepted: ["accept"],
    Status.declined: ["decline"],
    Status.assigned: ["accept", "assign"],
    Status.in_mediation: ["accept", "assign", "mediate"],
    Status.in_legal_aid: ["accept", "assign", "legal_aid"],
    Status.referred: ["accept", "assign", "refer"],
    Status.resolved: ["accept", "assign", "mediate", "resolve"],
    Status.feedback_recorded: ["accept", "assign", "mediate", "resolve", "record_feedback"],
    Status.closed: ["accept", "assign", "mediate", "resolve", "record_feedback", "close"],
}


def new_case(workers: int = 1) -> Grievance:
    return Grievance.file(
        id="g-1",
        station_code="XZ01",
        channel=Channel.walk_in,
        category=Category.unpaid_wages,
        description="three months of wages unpaid",
        workers_affected=workers,
        amount_claimed=Decimal("12000.00"),
        employer=Employer(None, "某某建筑劳务公司"),
        worker=Worker("某某", "13800000001"),
        at=NOW,
        by="staff",
    )


def take(case: Grievance, step: str) -> None:
    kwargs = {"at": NOW, "by": "staff"}
    match step:
        case "decline":
            case.decline(reason="not a labour matter", **kwargs)
        case "assign":
            case.assign(handler="handler-1", **kwargs)
        case "refer":
            case.refer(target=ReferralTarget.labour_arbitration, **kwargs)
        case "resolve":
            case.resolve(outcome=Outcome.settled, amount_recovered=Decimal("9000"), **kwargs)
        case "record_feedback":
            case.record_feedback(satisfaction=4, comment="wages paid", **kwargs)
        case _:
            getattr(case, step)(**kwargs)


def at(status: Status) -> Grievance:
    case = new_case()
    for step in PATHS[status]:
        take(case, step)
    assert case.status is status
    return case


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("step", ALL_STEPS)
def test_each_step_from_each_status(status, step):
    case = at(status)
    if step in STEPS[status]:
        take(case, step)
        assert case.status is STEPS[status][step]
        assert case.timeline[-1].action == step
    else:
        before = len(case.timeline)
        with pytest.raises(StepRefused) as refused:
            take(case, step)
        assert refused.value.allowed == sorted(STEPS[status])
        assert case.status is status and len(case.timeline) == before


def test_every_status_is_reachable_and_closed_is_final():
    assert set(PATHS) == set(Status)
    assert STEPS[Status.closed] == {}


def test_the_timeline_records_who_when_and_the_details():
    case = at(Status.referred)
    assert [s.action for s in case.timeline] == ["file", "accept", "assign", "refer"]
    assert case.timeline[2].details == {"handler": "handler-1"}
    assert case.timeline[3].details == {"target": "labour_arbitration"}
    assert all(s.by == "staff" and s.at == NOW for s in case.timeline)


def test_ten_workers_make_a_collective_case():
    assert new_case(workers=10).collective and not new_case(workers=9).collective


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c.decline(reason=" ", at=NOW, by="s"), "reason"),
        (lambda c: (c.accept(at=NOW, by="s"), c.assign(handler="", at=NOW, by="s")), "handler"),
    ],
)
def test_steps_that_need_a_value_name_it(change, field):
    with pytest.raises(RuleViolation) as error:
        change(new_case())
    assert error.value.field == field


def test_satisfaction_is_one_to_five():
    case = at(Status.resolved)
    with pytest.raises(RuleViolation) as error:
        case.record_feedback(satisfaction=6, comment="", at=NOW, by="s")
    assert (error.value.field, case.status) == ("satisfaction", Status.resolved)


def test_intake_rules():
    with pytest.raises(RuleViolation) as no_employer:
        Grievance.file(
            id="g",
            station_code="XZ01",
            channel=Channel.online,
            category=Category.other,
            description="x",
            workers_affected=1,
            amount_claimed=None,
            employer=Employer(None, " "),
            worker=Worker("某", "13800000001"),
            at=NOW,
            by="s",
        )
    assert no_employer.value.field == "employer"
