"""Bulk import of members from a station's spreadsheet (CSV or .xlsx), as a background job.

The file is read and checked as a whole when it is uploaded (a wrong file is refused at once);
then its rows are enrolled in transactions of a few hundred, each row in a savepoint of its own,
so good rows are imported and every bad row is reported with its row number, field and reason.
The job's progress is committed with each chunk. Importing the same file again creates nothing
new: people already active in the same union are counted as such, not enrolled twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError

from unionfed.common.auth import Principal
from unionfed.membership.adapters.spreadsheet import Sheet, SheetRow, SpreadsheetError, read_sheet
from unionfed.membership.domain.errors import MembershipError, NotFound, RuleBroken
from unionfed.membership.domain.member import Gender, WorkerType
from unionfed.membership.service.context import Deployment
from unionfed.membership.service.members import Enrolment, enrol_in
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork

WORKER_TYPES = {
    "regular": WorkerType.regular,
    "职工": WorkerType.regular,
    "在岗职工": WorkerType.regular,
    "migrant": WorkerType.migrant,
    "农民工": WorkerType.migrant,
    "new_form": WorkerType.new_form,
    "新就业形态": WorkerType.new_form,
    "新就业形态劳动者": WorkerType.new_form,
    "快递员": WorkerType.new_form,
    "外卖骑手": WorkerType.new_form,
    "网约车司机": WorkerType.new_form,
}
log = logging.getLogger(__name__)
CHUNK = 200  # rows per transaction
GENDERS = {"男": Gender.male, "male": Gender.male, "女": Gender.female, "female": Gender.female}


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    rule: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    already_members: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def open_sheet(data: bytes, filename: str) -> Sheet:
    try:
        return read_sheet(data, filename)
    except SpreadsheetError as exc:
        raise RuleBroken(exc.field, exc.rule, exc.message) from exc


async def start_import(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    sheet: Sheet,
    filename: str,
    union_id: str | None,
) -> str:
    """Record a new import job; the caller then runs :func:`run_import` in the background."""
    job_id = f"imp-{uuid.uuid4().hex[:12]}"
    async with uow:
        await uow.import_jobs.add(
            job_id=job_id,
            filename=filename,
            union_id=union_id,
            created_by=principal.subject,
            total_rows=len(sheet.rows),
            ignored_columns=sheet.ignored_columns,
        )
        await uow.commit()
    return job_id


async def run_import(
    make_uow: Callable[[], MembershipUnitOfWork],
    *,
    job_id: str,
    principal: Principal,
    deployment: Deployment,
    sheet: Sheet,
    union_id: str | None,
) -> ImportReport:
    report = ImportReport(rows=len(sheet.rows), ignored_columns=sheet.ignored_columns)
    first_row_of: dict[str, int] = {}
    try:
        for start in range(0, len(sheet.rows), CHUNK):
            chunk = sheet.rows[start : start + CHUNK]
            # One transaction per chunk, a savepoint per row: a bad row is undone alone.
            async with make_uow() as uow:
                for row in chunk:
                    await _import_row(
                        uow, row, principal, deployment, union_id, first_row_of, report
                    )
                done = start + len(chunk)
                status = "done" if done == len(sheet.rows) else "running"
                await uow.import_jobs.progress(job_id, report, processed=done, status=status)
                await uow.commit()
        if not sheet.rows:
            await _finish(make_uow, job_id, report, "done")
    except Exception as exc:
        log.exception("import %s failed", job_id)
        await _finish(make_uow, job_id, report, "failed", f"{type(exc).__name__}")
        raise
    return report


async def _finish(make_uow, job_id: str, report: ImportReport, status: str, failure=None) -> None:
    async with make_uow() as uow:
        processed = (await uow.import_jobs.get(job_id))["processed_rows"]
        await uow.import_jobs.progress(
            job_id, report, processed=processed, status=status, failure=failure
        )
        await uow.commit()


async def _import_row(
    uow: MembershipUnitOfWork,
    row: SheetRow,
    principal: Principal,
    deployment: Deployment,
    union_id: str | None,
    first_row_of: dict[str, int],
    report: ImportReport,
) -> None:
    enrolment = None
    try:
        enrolment = _enrolment(row, union_id)
        _, person_key = deployment.identity(enrolment.resident_id)
        if person_key in first_row_of:
            raise RuleBroken(
                "resident_id",
                "once_per_file",
                f"the same person is on row {first_row_of[person_key]}",
            )
        first_row_of[person_key] = row.number
        async with uow.savepoint():
            await enrol_in(uow, principal=principal, deployment=deployment, data=enrolment)
        report.imported += 1
    except IntegrityError:
        error = RowError(row.number, "resident_id", "one_membership", "enrolled a moment ago")
        report.errors.append(error)
    except NotFound:
        # The row's union is unknown here or at another station: name the column.
        message = "no union with this 工会编号 at your stations"
        report.errors.append(RowError(row.number, "union_id", "not_found", message))
    except MembershipError as exc:
        target = enrolment.union_id if enrolment else None
        if exc.rule == "one_membership" and exc.context.get("union_id") == target:
            report.already_members += 1  # imported before: nothing new
        else:
            report.errors.append(RowError(row.number, exc.field, exc.rule, exc.message))


def _enrolment(row: SheetRow, union_id: str | None) -> Enrolment:
    values = row.values
    target = values.get("union_id") or union_id
    if not target:
        raise RuleBroken("union_id", "required", "no union: add a 工会编号 column or choose one")
    worker_type = WORKER_TYPES.get(values["worker_type"].strip().lower())
    if worker_type is None:
        raise RuleBroken(
            "worker_type",
            "one_of",
            "职工类型 must be 职工, 农民工 or 新就业形态 (regular, migrant, new_form)",
        )
    gender = values.get("gender", "").strip().lower()
    if gender and gender not in GENDERS:
        raise RuleBroken("gender", "one_of", "性别 must be 男 or 女")
    return Enrolment(
        union_id=target,
        name=values["name"],
        resident_id=values["resident_id"],
        mobile=values["mobile"],
        worker_type=worker_type,
        joined_on=_date(values["joined_on"], "joined_on"),
        gender=GENDERS.get(gender),
        birth_date=_date(values["birth_date"], "birth_date") if values.get("birth_date") else None,
    )


def _date(text: str, field_name: str) -> date:
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    for suffix in ("年", "月"):
        cleaned = cleaned.replace(suffix, "-")
    cleaned = cleaned.replace("日", "")
    try:
        year, month, day = (int(part) for part in cleaned.split("-"))
        return date(year, month, day)
    except (ValueError, OverflowError):
        raise RuleBroken(field_name, "date", f"{text!r} is not a date like 2024-03-01") from None
