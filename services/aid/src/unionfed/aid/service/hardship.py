"""Hardship files (困难职工档案): opening, the review steps, yearly re-verification, leaving."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from unionfed.aid.domain.hardship import (
    CLOSE_REASONS,
    FileStatus,
    HardshipFile,
    add_months,
    check_household,
)
from unionfed.aid.service.context import Office, new_id
from unionfed.aid.service.events import file_facts
from unionfed.aid.service.unit_of_work import AidUnitOfWork as Uow
from unionfed.common.auth import Principal, ensure_station_access
from unionfed.common.errors import Conflict, NotFound, RuleViolation
from unionfed.common.events.contracts import aid as contracts


@dataclass(frozen=True)
class Household:
    level: str
    causes: list[str]
    household_size: int
    monthly_household_income: Decimal
    cause_details: str = ""
    evidence: str = ""


async def active_member(uow: Uow, office: Office, principal: Principal, member_id: str) -> dict:
    member = await uow.members.get(member_id)
    if member is None or not member["active"]:
        raise RuleViolation("member_id", "active_member", "no active member has this id here")
    ensure_station_access(principal, member["station_code"])
    office.require_serves(member["station_code"])
    return member


async def open_file(
    uow: Uow,
    office: Office,
    principal: Principal,
    member_id: str,
    household: Household,
    note: str = "",
) -> HardshipFile:
    _check(household, office)
    async with uow:
        member = await active_member(uow, office, principal, member_id)
        if (existing := await uow.files.open_of_member(member_id)) is not None:
            raise Conflict(
                "member_id",
                "one_open_file",
                f"the member already has file {existing.id}",
                file_id=existing.id,
                status=existing.status,
            )
        f = HardshipFile(
            id=new_id("hf"),
            station_code=member["station_code"],
            member_id=member_id,
            person_key=member["person_key"],
            union_id=member["union_id"],
            level=household.level,
            causes=sorted(set(household.causes)),
            household_size=household.household_size,
            opened_on=office.today(),
        )
        await uow.files.add(
            f,
            income=household.monthly_household_income,
            cause_details=household.cause_details,
            evidence=household.evidence,
        )
        await uow.files.add_step(
            f.id, "apply", f.status, by=principal.subject, at=office.now(), note=note
        )
        uow.publish(
            contracts.HardshipFileOpened(**file_facts(f, office.now())),
            subject=f.id,
            station=f.station_code,
        )
        await uow.commit()
    return f


async def _file(uow: Uow, principal: Principal, file_id: str, lock: bool = False):
    f = await uow.files.get(file_id, principal.visible_stations(), for_update=lock)
    if f is None:
        raise NotFound("hardship file")
    return f


async def take_step(
    uow: Uow, office: Office, principal: Principal, file_id: str, step: str, note: str = ""
) -> HardshipFile:
    """union_review → home_visit → approve (the federation), or reject, with who/when/note."""
    async with uow:
        f = await _file(uow, principal, file_id, lock=True)
        f.take(step, federation=principal.is_federation)
        if f.status is FileStatus.on_file:
            f.approved_on = office.today()
            f.reverify_by = add_months(f.approved_on, office.reverify_months)
            uow.publish(
                contracts.HardshipFileApproved(
                    **file_facts(f, office.now()), reverify_by=f.reverify_by
                ),
                subject=f.id,
                station=f.station_code,
            )
        await uow.files.save(f)
        await uow.files.add_step(
            f.id, step, f.status, by=principal.subject, at=office.now(), note=note
        )
        await uow.commit()
    return f


async def reverify(
    uow: Uow,
    office: Office,
    principal: Principal,
    file_id: str,
    household: Household,
    note: str = "",
) -> HardshipFile:
    """The yearly re-verification (年度复核): still in hardship, with this year's figures."""
    _check(household, office)
    async with uow:
        f = await _file(uow, principal, file_id, lock=True)
        f.require_on_file()
        f.level, f.causes, f.household_size = (
            household.level,
            sorted(set(household.causes)),
            household.household_size,
        )
        f.reverify_by, f.overdue = add_months(office.today(), office.reverify_months), False
        await uow.files.save(
            f,
            income=household.monthly_household_income,
            cause_details=household.cause_details,
            evidence=household.evidence,
        )
        await uow.files.add_step(
            f.id, "reverify", f.status, by=principal.subject, at=office.now(), note=note
        )
        uow.publish(
            contracts.HardshipFileReverified(
                **file_facts(f, office.now()), reverify_by=f.reverify_by
            ),
            subject=f.id,
            station=f.station_code,
        )
        await uow.commit()
    return f


async def close(
    uow: Uow, office: Office, principal: Principal, file_id: str, reason: str, note: str = ""
) -> HardshipFile:
    """The family leaves the file (解困脱困), or the file ends for another reason."""
    if reason not in CLOSE_REASONS:
        raise RuleViolation("reason", "one_of", f"reason is one of {sorted(CLOSE_REASONS)}")
    async with uow:
        f = await _file(uow, principal, file_id, lock=True)
        f.require_on_file()
        f.status, f.closed_on, f.close_reason, f.overdue = (
            FileStatus.closed,
            office.today(),
            reason,
            False,
        )
        await uow.files.save(f)
        await uow.files.add_step(
            f.id, "close", f.status, by=principal.subject, at=office.now(), note=note
        )
        uow.publish(
            contracts.HardshipFileClosed(
                **file_facts(f, office.now()), reason=reason, closed_on=f.closed_on
            ),
            subject=f.id,
            station=f.station_code,
        )
        await uow.commit()
    return f


async def flag_overdue(uow: Uow, office: Office) -> int:
    """The periodic job: files past their re-verification date are flagged for the stations."""
    async with uow:
        due = await uow.files.past_reverification(office.today())
        for f in due:
            f.overdue = True
            await uow.files.save(f)
        await uow.commit()
    return len(due)


async def read(
    uow: Uow, principal: Principal, file_id: str, *, reveal: bool = False, purpose: str = ""
) -> dict:
    """A file with its steps; income and details only when revealed (written to the audit)."""
    async with uow:
        f = await _file(uow, principal, file_id)
        steps = await uow.files.steps(f.id)
        private = None
        if reveal:
            private = await uow.files.private(f.id)
            await uow.audit.record(
                principal,
                action="reveal",
                record_type="hardship_file",
                record_id=f.id,
                station_code=f.station_code,
                fields=sorted(private),
                purpose=purpose,
            )
            await uow.commit()
    return {"file": f, "steps": steps, "private": private}


def _check(h: Household, office: Office) -> None:
    """The household against the year's threshold and the level's rules (open and re-verify)."""
    check_household(
        level=h.level,
        causes=h.causes,
        household_size=h.household_size,
        monthly_income=h.monthly_household_income,
        thresholds=office.thresholds,
        on=office.today(),
    )
