"""The membership domain's rules, in memory: no database, no HTTP, no clock but the one given.

Members (real-name enrolment, corrections with history, how a membership ends), grassroots
unions (founding, headcount, dissolving and merging), transfers (decided once), station codes,
and the county-wide directory's conflicts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from membership_fixtures import credit_code, resident_id

from unionfed.membership.domain.directory import Membership, conflicts
from unionfed.membership.domain.errors import MembershipError, NotAllowed, RuleBroken
from unionfed.membership.domain.member import (
    Correction,
    Gender,
    Identity,
    Member,
    MemberStatus,
    WorkerType,
)
from unionfed.membership.domain.station import Station, StationKind
from unionfed.membership.domain.transfer import DeclineReason, Transfer, TransferStatus
from unionfed.membership.domain.union import GrassrootsUnion, UnionKind, UnionStatus

TODAY = date(2025, 6, 1)
NOW = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)
BORN = date(1990, 1, 1)  # what resident_id(n) encodes
MAN = Identity(resident_id(1), BORN, Gender.male)  # odd order code: male


def enrol(**overrides) -> Member:
    values = {
        "id": "m-1",
        "card_number": "XZ01-2025-000001",
        "person_key": "pk-1",
        "station_code": "XZ01",
        "union_id": "u-1",
        "name": "会员1",
        "identity": MAN,
        "mobile": "13800000001",
        "worker_type": WorkerType.migrant,
        "joined_on": date(2024, 3, 1),
        "today": TODAY,
    } | overrides
    return Member.enrol(**values)


def found(**overrides) -> GrassrootsUnion:
    values = {
        "id": "u-1",
        "station_code": "XZ01",
        "kind": UnionKind.enterprise,
        "name": "新庄某某机械有限公司",
        "employer_credit_code": credit_code(1),
        "sector": "manufacturing",
        "headcount": 10,
        "founded_on": date(2020, 5, 1),
        "today": TODAY,
    } | overrides
    return GrassrootsUnion.found(**values)


def broken(excinfo: pytest.ExceptionInfo[MembershipError]) -> tuple[str, str]:
    return excinfo.value.field, excinfo.value.rule


# Members (会员)


def test_enrolment_takes_gender_and_birth_date_from_the_id_and_trims_the_name() -> None:
    member = enrol(name="  会员1 ", stated_gender=Gender.male, stated_birth_date=BORN)

    assert member.name == "会员1"
    assert member.identity.gender is Gender.male
    assert member.status is MemberStatus.active and member.is_active
    assert member.ended_on is None and member.corrections == []


@pytest.mark.parametrize(
    ("stated", "field"),
    [
        ({"stated_gender": Gender.female}, "gender"),
        ({"stated_birth_date": date(1990, 1, 2)}, "birth_date"),
    ],
)
def test_enrolment_refuses_a_gender_or_birth_date_that_contradicts_the_id(stated, field) -> None:
    with pytest.raises(RuleBroken) as excinfo:
        enrol(**stated)

    assert broken(excinfo) == (field, "matches_resident_id")


@pytest.mark.parametrize(
    ("joined_on", "rule"),
    [
        (date(2025, 6, 2), "not_in_future"),
        (date(1989, 12, 31), "after_birth"),
    ],
)
def test_enrolment_refuses_a_join_date_in_the_future_or_before_birth(joined_on, rule) -> None:
    with pytest.raises(RuleBroken) as excinfo:
        enrol(joined_on=joined_on)

    assert broken(excinfo) == ("joined_on", rule)


def test_enrolment_accepts_joining_today() -> None:
    assert enrol(joined_on=TODAY).joined_on == TODAY


@pytest.mark.parametrize(("name", "rule"), [("   ", "required"), ("名" * 51, "max_length")])
def test_enrolment_needs_a_name_of_at_most_50_characters(name, rule) -> None:
    with pytest.raises(RuleBroken) as excinfo:
        enrol(name=name)

    assert broken(excinfo) == ("name", rule)


def test_a_correction_changes_the_field_and_keeps_the_old_value_in_the_history() -> None:
    member = enrol()

    first = member.correct("name", "张三", reason=" typo ", by="staff-xz", at=NOW, today=TODAY)
    member.correct("joined_on", date(2024, 2, 1), reason="form", by="admin", at=NOW, today=TODAY)

    assert member.name == "张三" and member.joined_on == date(2024, 2, 1)
    assert first == Correction("name", "会员1", "张三", "typo", "staff-xz", NOW)
    assert [(c.field, c.old, c.new) for c in member.corrections] == [
        ("name", "会员1", "张三"),
        ("joined_on", "2024-03-01", "2024-02-01"),
    ]


@pytest.mark.parametrize("field", ["identity", "resident_id", "station_code", "status", "id"])
def test_fields_outside_the_correctable_ones_are_refused(field) -> None:
    member = enrol()

    with pytest.raises(RuleBroken) as excinfo:
        member.correct(field, "x", reason="typo", by="staff", at=NOW, today=TODAY)

    assert broken(excinfo) == (field, "correctable")
    assert member.corrections == []


def test_a_correction_needs_a_reason() -> None:
    member = enrol()

    with pytest.raises(RuleBroken) as excinfo:
        member.correct("name", "张三", reason="  ", by="staff", at=NOW, today=TODAY)

    assert broken(excinfo) == ("reason", "required")
    assert member.name == "会员1" and member.corrections == []


def test_correcting_to_the_same_value_is_no_change_and_leaves_no_history() -> None:
    member = enrol()

    result = member.correct("name", "会员1", reason="typo", by="staff", at=NOW, today=TODAY)

    assert result is None
    assert member.corrections == []


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("name", " ", "required"),
        ("joined_on", date(2025, 6, 2), "not_in_future"),
        ("joined_on", date(1989, 1, 1), "after_birth"),
    ],
)
def test_a_correction_obeys_the_enrolment_rules(field, value, rule) -> None:
    member = enrol()

    with pytest.raises(RuleBroken) as excinfo:
        member.correct(field, value, reason="typo", by="staff", at=NOW, today=TODAY)

    assert broken(excinfo) == (field, rule)
    assert member.corrections == []


def test_ending_a_membership_records_how_and_when() -> None:
    member = enrol()

    member.end(MemberStatus.left, date(2025, 1, 1))

    assert (member.status, member.ended_on) == (MemberStatus.left, date(2025, 1, 1))
    assert not member.is_active


def test_a_membership_ends_only_once() -> None:
    member = enrol()
    member.end(MemberStatus.left, date(2025, 1, 1))

    with pytest.raises(NotAllowed) as excinfo:
        member.end(MemberStatus.deceased, date(2025, 2, 1))

    assert broken(excinfo) == ("status", "active")
    assert (member.status, member.ended_on) == (MemberStatus.left, date(2025, 1, 1))


def test_a_membership_cannot_end_before_it_began() -> None:
    member = enrol()

    with pytest.raises(RuleBroken) as excinfo:
        member.end(MemberStatus.transferred_out, date(2024, 2, 29))

    assert broken(excinfo) == ("ended_on", "after_joining")
    assert member.is_active


def test_active_is_no_way_to_end_a_membership() -> None:
    with pytest.raises(RuleBroken) as excinfo:
        enrol().end(MemberStatus.active, date(2025, 1, 1))

    assert broken(excinfo) == ("status", "ending_status")


# Grassroots unions (基层工会)


def test_an_enterprise_union_needs_its_employers_credit_code() -> None:
    with pytest.raises(RuleBroken) as excinfo:
        found(employer_credit_code=None)

    assert broken(excinfo) == ("employer_credit_code", "required")


def test_a_joint_union_needs_no_credit_code() -> None:
    joint = found(kind=UnionKind.joint, employer_credit_code=None, name=" 快递行业联合工会 ")

    assert joint.name == "快递行业联合工会"
    assert joint.status is UnionStatus.active and joint.is_active


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"headcount": -1}, ("headcount", "non_negative")),
        ({"founded_on": date(2025, 6, 2)}, ("founded_on", "not_in_future")),
        ({"name": "  "}, ("name", "required")),
    ],
)
def test_founding_refuses_impossible_facts(overrides, expected) -> None:
    with pytest.raises(RuleBroken) as excinfo:
        found(**overrides)

    assert broken(excinfo) == expected


def test_headcount_can_change_but_never_below_zero() -> None:
    union = found()
    union.update(headcount=40, sector=" logistics ")

    with pytest.raises(RuleBroken) as excinfo:
        union.update(headcount=-5)

    assert broken(excinfo) == ("headcount", "non_negative")
    assert (union.headcount, union.sector) == (40, "logistics")


def test_dissolving_ends_the_union_once() -> None:
    union = found()
    union.dissolve(date(2025, 1, 1))

    with pytest.raises(NotAllowed) as excinfo:
        union.dissolve(date(2025, 2, 1))

    assert broken(excinfo) == ("union", "active")
    assert (union.status, union.ended_on) == (UnionStatus.dissolved, date(2025, 1, 1))


def test_a_dissolved_union_cannot_be_updated() -> None:
    union = found()
    union.dissolve(date(2025, 1, 1))

    with pytest.raises(NotAllowed):
        union.update(headcount=5)

    assert union.headcount == 10


def test_a_union_cannot_be_dissolved_before_it_was_founded() -> None:
    union = found()

    with pytest.raises(RuleBroken) as excinfo:
        union.dissolve(date(2020, 4, 30))

    assert broken(excinfo) == ("dissolved_on", "after_founding")
    assert union.is_active


def test_merging_records_the_union_merged_into() -> None:
    union, target = found(), found(id="u-2", employer_credit_code=credit_code(2))

    union.dissolve(date(2025, 1, 1), merged_into=target)

    assert (union.status, union.merged_into) == (UnionStatus.merged, "u-2")
    assert union.ended_on == date(2025, 1, 1)
    assert target.is_active


def test_a_union_cannot_merge_into_itself() -> None:
    union = found()

    with pytest.raises(NotAllowed) as excinfo:
        union.dissolve(date(2025, 1, 1), merged_into=union)

    assert broken(excinfo) == ("merged_into", "active_other_union")
    assert union.is_active


def test_a_union_cannot_merge_into_an_inactive_union() -> None:
    union, gone = found(), found(id="u-2", employer_credit_code=credit_code(2))
    gone.dissolve(date(2024, 1, 1))

    with pytest.raises(NotAllowed) as excinfo:
        union.dissolve(date(2025, 1, 1), merged_into=gone)

    assert broken(excinfo) == ("merged_into", "active_other_union")
    assert union.is_active and union.merged_into is None


# Transfers (会籍转移)


def requested() -> Transfer:
    return Transfer(
        id="t-1",
        person_key="pk-1",
        from_member_id="m-1",
        from_station_code="XZ01",
        from_union_id="u-1",
        to_station_code="JD02",
        to_union_id="u-2",
        joined_on=date(2024, 3, 1),
        requested_on=date(2025, 5, 1),
    )


def test_accepting_a_transfer_records_the_new_membership() -> None:
    transfer = requested()

    transfer.accept(to_member_id="m-2", on=date(2025, 5, 2))

    assert (transfer.status, transfer.to_member_id) == (TransferStatus.accepted, "m-2")
    assert transfer.decided_on == date(2025, 5, 2)


def test_declining_a_transfer_records_why() -> None:
    transfer = requested()

    transfer.decline(DeclineReason.not_employed_here, date(2025, 5, 2))

    assert transfer.status is TransferStatus.declined
    assert transfer.decline_reason is DeclineReason.not_employed_here
    assert transfer.to_member_id is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("accept", "accept"),
        ("accept", "decline"),
        ("decline", "accept"),
        ("decline", "decline"),
    ],
)
def test_a_transfer_is_decided_once_only(first, second) -> None:
    transfer = requested()
    decisions = {
        "accept": lambda on: transfer.accept(to_member_id=f"m-{on.day}", on=on),
        "decline": lambda on: transfer.decline(DeclineReason.other, on),
    }
    decisions[first](date(2025, 5, 2))
    decided = (transfer.status, transfer.to_member_id, transfer.decline_reason)

    with pytest.raises(NotAllowed) as excinfo:
        decisions[second](date(2025, 5, 3))

    assert broken(excinfo) == ("transfer", "open")
    assert (transfer.status, transfer.to_member_id, transfer.decline_reason) == decided
    assert transfer.decided_on == date(2025, 5, 2)


# Service stations (职工服务站)


@pytest.mark.parametrize(
    ("given", "code"),
    [("XZ01", "XZ01"), (" jd-02 ", "JD-02"), ("9Z", "9Z"), ("A" * 32, "A" * 32)],
)
def test_station_codes_are_capitals_digits_and_hyphens(given, code) -> None:
    station = Station.register(code=given, name=" 新庄镇职工服务站 ", kind=StationKind.town)

    assert (station.code, station.name) == (code, "新庄镇职工服务站")


@pytest.mark.parametrize("code", ["X", "-XZ01", "XZ 01", "XZ_01", "镇01", "A" * 33, ""])
def test_malformed_station_codes_are_refused(code) -> None:
    with pytest.raises(RuleBroken) as excinfo:
        Station.register(code=code, name="某站", kind=StationKind.street)

    assert broken(excinfo) == ("code", "format")


def test_a_station_needs_a_name() -> None:
    with pytest.raises(RuleBroken) as excinfo:
        Station.register(code="XZ01", name=" ", kind=StationKind.industrial_park)

    assert broken(excinfo) == ("name", "required")


# The county-wide directory (one person, one membership)


def membership(source: str, member_id: str, *, active: bool = True) -> Membership:
    return Membership("pk-1", source, member_id, "XZ01", "u-1", active)


def test_an_active_membership_elsewhere_is_a_conflict() -> None:
    new = membership("county-b", "m-7")
    other = membership("county-a", "m-1")

    found_conflicts = conflicts(new, [other], NOW)

    assert len(found_conflicts) == 1
    conflict = found_conflicts[0]
    assert (conflict.person_key, conflict.first, conflict.second) == ("pk-1", other, new)
    assert conflict.detected_at == NOW


def test_the_same_membership_announced_again_is_no_conflict() -> None:
    new = membership("county-a", "m-1")

    assert conflicts(new, [membership("county-a", "m-1")], NOW) == []


def test_ended_memberships_are_no_conflict() -> None:
    new = membership("county-b", "m-7")
    ended = [
        membership("county-a", "m-1", active=False),
        membership("county-b", "m-3", active=False),
    ]

    assert conflicts(new, ended, NOW) == []


def test_the_same_member_id_in_another_deployment_is_another_membership() -> None:
    new = membership("county-b", "m-1")

    assert len(conflicts(new, [membership("county-a", "m-1")], NOW)) == 1
