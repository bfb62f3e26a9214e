"""The pure rules: vote threshold, quotas and composition, the term of at most five years."""

from __future__ import annotations

from datetime import date

import pytest

from unionfed.common.errors import RuleViolation
from unionfed.model_worker.domain.selection import Campaign, Nominee, check_composition, passes
from unionfed.model_worker.domain.title import ModelWorkerTitle, TitleStatus, term_end


def campaign(**extra) -> Campaign:
    return Campaign(
        **{
            "id": "c",
            "title": "t",
            "level": "county",
            "year": 2026,
            "quota_total": 4,
            "quotas_by_sector": {"industry": 2},
            "min_front_line_share": 0.5,
            "nominations_open": date(2026, 1, 1),
            "nominations_close": date(2026, 2, 1),
            "vote_threshold": 2 / 3,
            "departments": ["safety"],
        }
        | extra
    )


def nominee(sector: str = "industry", front_line: bool = True) -> Nominee:
    return Nominee(
        id="n",
        campaign_id="c",
        station_code="XZ01",
        person_key="k",
        member_id=None,
        name="x",
        employer_credit_code="e",
        employer_name="e",
        sector=sector,
        front_line=front_line,
        achievements="a",
        congress_endorsed_on=date(2026, 1, 1),
    )


def test_threshold_is_a_share_of_votes_cast():
    assert passes(6, 9, 2 / 3)
    assert not passes(5, 9, 2 / 3)
    assert not passes(0, 0, 2 / 3)


@pytest.mark.parametrize(
    ("selected", "rule"),
    [
        ([nominee("a"), nominee("b"), nominee("c"), nominee("d"), nominee("e")], "quota_total"),
        ([nominee(), nominee(), nominee()], "quota_sector"),
        (
            [nominee(front_line=False), nominee("b", front_line=False), nominee("c")],
            "min_front_line_share",
        ),
    ],
)
def test_composition_rules(selected, rule):
    with pytest.raises(RuleViolation) as refused:
        check_composition(campaign(), selected)
    assert refused.value.rule == rule


def test_composition_within_rules():
    check_composition(campaign(), [nominee(), nominee("b", front_line=False)])
    check_composition(campaign(), [])


def test_term_is_one_to_five_years():
    assert term_end(date(2026, 4, 1), 5) == date(2031, 3, 31)
    assert term_end(date(2028, 2, 29), 1) == date(2029, 2, 27)
    for years in (0, 6):
        with pytest.raises(RuleViolation):
            term_end(date(2026, 4, 1), years)


def test_title_expires_after_its_last_day_and_not_once_revoked():
    title = ModelWorkerTitle(
        id="t",
        person_key="k",
        member_id=None,
        station_code="XZ01",
        level="county",
        employer_credit_code=None,
        sector="industry",
        awarded_on=date(2026, 4, 1),
        managed_until=date(2031, 3, 31),
    )
    assert not title.expire_if_due(date(2031, 3, 31))
    assert title.expire_if_due(date(2031, 4, 1))
    assert title.status is TitleStatus.expired and title.ended_on == date(2031, 3, 31)
    assert not title.expire_if_due(date(2032, 1, 1))
