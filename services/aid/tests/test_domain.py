"""The pure rules: masking, the income threshold, the review steps, eligibility, money."""

from datetime import date
from decimal import Decimal

import pytest

from unionfed.aid.domain.grant import mask_name
from unionfed.aid.domain.hardship import (
    FileStatus,
    HardshipFile,
    add_months,
    allowed_steps,
    check_household,
)
from unionfed.aid.domain.program import (
    Applicant,
    Eligibility,
    Program,
    amount_due,
    check_program,
    from_fen,
    to_fen,
)
from unionfed.common.errors import Conflict, RuleViolation

THRESHOLDS = {"2025": Decimal(1130), "2026": Decimal(1180)}


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("张小三", "张*三"), ("欧阳小明", "欧**明"), ("李", "*")]
)
def test_the_public_list_keeps_only_the_first_and_last_character(name, masked):
    assert mask_name(name) == masked


def household(**extra):
    return {
        "level": "relative",
        "causes": ["disability"],
        "household_size": 4,
        "monthly_income": Decimal(4720),
        "thresholds": THRESHOLDS,
        "on": date(2026, 6, 1),
    } | extra


def test_income_per_head_at_the_threshold_is_hardship_and_above_it_is_not():
    assert check_household(**household()) == Decimal("1180.00")
    with pytest.raises(RuleViolation) as refused:
        check_household(**household(monthly_income=Decimal(4724)))
    assert (refused.value.field, refused.value.rule) == (
        "monthly_household_income",
        "under_threshold",
    )


def test_the_latest_threshold_of_a_past_year_applies_and_accidents_ignore_income():
    assert check_household(**household(on=date(2027, 1, 5)))  # 2026's figure still applies
    with pytest.raises(RuleViolation, match="no income threshold"):
        check_household(**household(on=date(2024, 1, 5)))
    rich = household(level="accident", causes=["accident"], monthly_income=Decimal(40000))
    assert check_household(**rich) == Decimal("10000.00")


def test_unknown_causes_and_levels_are_refused():
    with pytest.raises(RuleViolation, match="cause"):
        check_household(**household(causes=["bad_luck"]))
    with pytest.raises(RuleViolation, match="level"):
        check_household(**household(level="poor"))


def test_review_steps_go_in_order_and_only_the_federation_approves():
    f = HardshipFile("hf-1", "XZ01", "m-1", "k", "deep", ["disaster"], 2)
    with pytest.raises(Conflict) as wrong:
        f.take("home_visit", federation=False)
    assert wrong.value.context["allowed"] == "union_review,reject"
    f.take("union_review", federation=False)
    f.take("home_visit", federation=False)
    with pytest.raises(Conflict, match="federation"):
        f.take("approve", federation=False)
    assert f.take("approve", federation=True) is FileStatus.on_file
    assert allowed_steps(FileStatus.on_file) == []


def test_a_year_after_the_last_of_february():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def program(kind="winter_visit", **rules) -> Program:
    eligibility = check_program(kind, Eligibility(**rules), Decimal(800))
    return Program("p", kind, "2027-x", 2027, "t", Decimal(800), eligibility)


def applicant(**extra) -> Applicant:
    return Applicant(
        **(
            {
                "member_active": True,
                "file_level": "deep",
                "model_worker": False,
                "documents": frozenset(),
            }
            | extra
        )
    )


def test_eligibility_names_the_rule_that_fails():
    rules = program(levels=("deep",), documents=("diagnosis",))
    cases = [
        (applicant(member_active=False), "active_member"),
        (applicant(file_level=None), "hardship_file"),
        (applicant(file_level="relative"), "hardship_level"),
        (applicant(), "required"),
    ]
    for who, rule in cases:
        with pytest.raises(RuleViolation) as refused:
            amount_due(rules, who, None)
        assert refused.value.rule == rule
    assert amount_due(rules, applicant(documents=frozenset({"diagnosis"})), None) == 800
    with pytest.raises(RuleViolation, match="cap"):
        amount_due(rules, applicant(documents=frozenset({"diagnosis"})), Decimal(801))


def test_model_worker_relief_is_for_model_workers_whatever_the_rules_say():
    relief = program("model_worker_relief", hardship_file_required=False)
    assert relief.eligibility.model_worker_only
    with pytest.raises(RuleViolation, match="model workers"):
        amount_due(relief, applicant(file_level=None), None)
    assert amount_due(relief, applicant(file_level=None, model_worker=True), Decimal(500)) == 500


def test_education_aid_pays_per_child_and_stage_within_the_cap():
    with pytest.raises(RuleViolation, match="per stage"):
        program("education_aid")
    aid = program(
        "education_aid", stage_amounts={"primary": Decimal(300), "undergraduate": Decimal(600)}
    )
    assert amount_due(aid, applicant(children_stages=("primary",)), None) == 300
    assert amount_due(aid, applicant(children_stages=("primary", "undergraduate")), None) == 800
    with pytest.raises(RuleViolation, match="postgraduate"):
        amount_due(aid, applicant(children_stages=("postgraduate",)), None)


def test_money_in_fen_is_exact():
    assert to_fen(Decimal("0.1")) + to_fen(Decimal("0.2")) == to_fen(Decimal("0.3")) == 30
    assert from_fen(12345) == Decimal("123.45")
