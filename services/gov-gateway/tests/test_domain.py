"""The gateway's pure rules: consent, referrals, delivery backoff."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from unionfed.common.errors import RuleViolation
from unionfed.gov_gateway.domain.consent import Consent, covering_consent
from unionfed.gov_gateway.domain.delivery import next_attempt
from unionfed.gov_gateway.domain.referral import is_referrable, moves_forward

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def consent(**extra) -> Consent:
    values = dict(
        consent_id="c-1", given_by="worker", given_at=NOW - timedelta(days=3),
        purpose="aid_eligibility", valid_until=date(2027, 3, 1),
        scopes=("social_insurance",), recorded_by="clerk",
    ) | extra  # fmt: skip
    return Consent(**values)


def test_a_consent_covers_its_purpose_and_scopes_until_it_expires():
    assert covering_consent(consent(), kind="social_insurance", purpose="aid_eligibility", now=NOW)
    last_day = consent(valid_until=NOW.date())
    assert covering_consent(last_day, kind="social_insurance", purpose="aid_eligibility", now=NOW)


@pytest.mark.parametrize(
    ("given", "kind", "rule"),
    [
        (None, "social_insurance", "required"),
        (consent(valid_until=date(2026, 11, 30)), "social_insurance", "expired"),
        (consent(purpose="grievance_support"), "social_insurance", "purpose_mismatch"),
        (consent(), "civil_affairs", "scope_missing"),
        (consent(given_at=NOW + timedelta(hours=1)), "social_insurance", "given_in_future"),
        (
            consent(given_at=datetime(2027, 4, 1, tzinfo=UTC), valid_until=date(2027, 3, 1)),
            "social_insurance",
            "given_in_future",
        ),
    ],
)
def test_a_consent_that_does_not_cover_the_query_names_the_rule(given, kind, rule):
    with pytest.raises(RuleViolation) as refused:
        covering_consent(given, kind=kind, purpose="aid_eligibility", now=NOW)
    assert (refused.value.field, refused.value.rule) == ("consent", rule)


def test_only_unpaid_wages_and_social_insurance_go_to_labour_inspection():
    assert is_referrable("labour_inspection", "unpaid_wages")
    assert is_referrable("labour_inspection", "social_insurance")
    assert not is_referrable("labour_inspection", "dismissal")
    assert not is_referrable("labour_arbitration", "unpaid_wages")


def test_a_referral_status_only_moves_forward_and_a_final_one_stays():
    assert moves_forward("queued", "received")
    assert moves_forward("received", "concluded")
    assert not moves_forward("investigating", "received")
    assert not moves_forward("investigating", "investigating")
    assert not moves_forward("concluded", "rejected")


def test_delivery_backoff_doubles_up_to_the_cap():
    waits = [
        (next_attempt(NOW, n, base=5, cap=300, jitter=0.999) - NOW).total_seconds()
        for n in range(1, 10)
    ]
    assert waits[0] == pytest.approx(5, rel=0.01) and waits[1] == pytest.approx(10, rel=0.01)
    assert max(waits) == pytest.approx(300, rel=0.01)
    assert (next_attempt(NOW, 1, base=5, cap=300, jitter=0) - NOW).total_seconds() == 2.5
