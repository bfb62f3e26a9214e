"""Bulk import of a station's members' spreadsheet (会员花名册) through ``POST /imports``.

A file that is no spreadsheet is refused at once (422); otherwise the answer is a job (202)
whose report, at ``GET /imports/{id}``, lists every bad row with the row number a person sees
in Excel (the header is row 1), its field and rule. Importing the same file again enrols nobody
twice, and neither the job nor its report ever carries a full resident ID number.
"""

from __future__ import annotations

import asyncio
import io
from datetime import date

import openpyxl
import pytest
from membership_fixtures import FED_ADMIN, credit_code, resident_id, station, union

from unionfed.common.auth import Principal, Role
from unionfed.common.testing.tokens import token
from unionfed.membership.adapters.import_jobs import ImportJobs
from unionfed.membership.domain.member import WorkerType
from unionfed.membership.service.members import Enrolment, enrol_in

STAFF_XZ = token(Role.station_staff, stations=("XZ01",), subject="staff-xz")
HEADER = ["姓名", "身份证号", "手机号", "职工类型", "入会日期"]
JOINED = date(2024, 3, 1)
BAD_CHECKSUM = resident_id(2)[:-1] + ("0" if resident_id(2)[-1] != "0" else "1")


def row(n: int, **overrides: str) -> list[str]:
    values = {
        "name": f"会员{n}",
        "resident_id": resident_id(n),
        "mobile": f"1380000{n:04d}",
        "worker_type": "农民工",
        "joined_on": "2024-03-01",
    } | overrides
    return list(values.values())


def csv_file(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    return "\r\n".join(",".join(cells) for cells in [header, *rows]).encode("utf-8")


# Row 2 and 4 are good; 3 has a bad ID checksum, 5 a bad mobile, 6 is row 2's person again.
ROSTER = csv_file(
    [
        row(1),
        row(2, resident_id=BAD_CHECKSUM),
        row(3, worker_type="快递员"),
        row(4, mobile="12345"),
        row(1, name="会员一"),
    ]
)
ROSTER_ERRORS = [
    (3, "resident_id", "checksum"),
    (5, "mobile", "format"),
    (6, "resident_id", "once_per_file"),
]


async def setup(client) -> tuple[str, str]:
    await station(client, "XZ01")
    await station(client, "JD02", "建设街道职工服务站", kind="street")
    return await union(client, "XZ01", credit_code(1)), await union(client, "JD02", credit_code(2))


async def upload(client, data: bytes, filename: str, union_id: str | None, headers=STAFF_XZ):
    form = {"union_id": union_id} if union_id else {}
    return await client.post(
        "/imports", files={"file": (filename, data)}, data=form, headers=headers
    )


async def finished(client, started, headers=STAFF_XZ, timeout: float = 30.0) -> dict:
    """The job's final state (done or failed), read through ``GET /imports/{id}``.

    "interrupted" is not taken as final: a finishing job can be misreported so for a moment
    (see ``test_a_job_finishing_while_it_is_read_is_not_reported_interrupted``).
    """
    assert started.status_code == 202, started.text
    location = started.headers["Location"]
    assert location == f"/imports/{started.json()['id']}"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        response = await client.get(location, headers=headers)
        assert response.status_code == 200, response.text
        if response.json()["status"] in ("done", "failed"):
            return response.json()
        await asyncio.sleep(0.02)
    raise AssertionError(f"import not finished after {timeout}s")


async def run(client, data: bytes, filename: str, union_id: str | None) -> dict:
    return await finished(client, await upload(client, data, filename, union_id))


def errors(report: dict) -> list[tuple[int, str, str]]:
    return [(e["row"], e["field"], e["rule"]) for e in report["errors"]]


def assert_no_full_id_number(text: str, *numbers: int) -> None:
    for number in [resident_id(n) for n in numbers] + [BAD_CHECKSUM]:
        assert number not in text


async def members(client, query: str = "") -> dict:
    response = await client.get(f"/members{query}", headers=FED_ADMIN)
    assert response.status_code == 200, response.text
    return response.json()


async def test_good_rows_are_imported_and_bad_rows_reported_by_row_field_and_rule(membership):
    xz, _ = await setup(membership)

    started = await upload(membership, ROSTER, "花名册.csv", xz)
    report = await finished(membership, started)

    assert (started.json()["status"], started.json()["total_rows"]) == ("running", 5)
    assert report["status"] == "done" and report["failure"] is None
    assert (report["total_rows"], report["processed_rows"]) == (5, 5)
    assert (report["imported"], report["already_members"]) == (2, 0)
    assert errors(report) == ROSTER_ERRORS
    assert "row 2" in report["errors"][2]["message"]
    assert (report["filename"], report["union_id"], report["ignored_columns"]) == (
        "花名册.csv",
        xz,
        [],
    )
    imported = await members(membership)
    assert {(m["name"], m["union_id"], m["worker_type"]) for m in imported["items"]} == {
        ("会员1", xz, "migrant"),
        ("会员3", xz, "new_form"),
    }
    assert_no_full_id_number(started.text + str(report), 1, 2, 3, 4)


async def test_importing_the_same_file_again_enrols_nobody_twice(membership):
    xz, _ = await setup(membership)
    await run(membership, ROSTER, "花名册.csv", xz)

    report = await run(membership, ROSTER, "花名册.csv", xz)

    assert report["status"] == "done"
    assert (report["total_rows"], report["imported"], report["already_members"]) == (5, 0, 2)
    assert errors(report) == ROSTER_ERRORS
    assert (await members(membership))["total"] == 2
    assert_no_full_id_number(str(report), 1, 2, 3, 4)


async def test_an_xlsx_workbook_is_imported_too(membership):
    xz, _ = await setup(membership)
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号码", "手机号码", "人员类别", "入会时间", "备注"])
    book.active.append(["会员7", resident_id(7), 13800000007, "在岗职工", "2023-12-31", "x"])
    book.active.append(["会员8", resident_id(8), "13800000008", "外卖骑手", "2024/01/15", ""])
    buffer = io.BytesIO()
    book.save(buffer)

    report = await run(membership, buffer.getvalue(), "members.xlsx", xz)

    assert report["status"] == "done"
    assert (report["total_rows"], report["imported"], report["errors"]) == (2, 2, [])
    assert report["ignored_columns"] == ["备注"]
    imported = (await members(membership))["items"]
    assert sorted((m["name"], m["worker_type"], m["joined_on"]) for m in imported) == [
        ("会员7", "regular", "2023-12-31"),
        ("会员8", "new_form", "2024-01-15"),
    ]
    assert_no_full_id_number(str(report), 7, 8)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00",
        b"PK\x03\x04 not really a workbook",
    ],
    ids=["png", "broken-zip"],
)
async def test_a_file_that_is_no_spreadsheet_is_refused_at_once_naming_the_file(membership, data):
    xz, _ = await setup(membership)

    response = await upload(membership, data, "members.csv", xz)

    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("file", "format")
    assert (await membership.get("/imports", headers=STAFF_XZ)).json()["total"] == 0
    assert (await members(membership))["total"] == 0


async def test_a_sheet_without_a_required_column_is_refused_as_a_whole(membership):
    xz, _ = await setup(membership)
    data = csv_file([row(1)[:4]], header=HEADER[:4])

    response = await upload(membership, data, "members.csv", xz)

    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("header", "missing_column")
    assert "入会日期" in error["message"]


async def test_rows_for_a_union_at_another_station_are_row_errors(membership):
    xz, jd = await setup(membership)
    rows = [[*row(11), xz], [*row(12), jd], [*row(13), ""]]
    data = csv_file(rows, header=[*HEADER, "工会编号"])

    report = await run(membership, data, "members.csv", None)

    assert (report["status"], report["failure"]) == ("done", None)
    assert (report["total_rows"], report["imported"]) == (3, 1)
    assert [(e["row"], e["rule"]) for e in report["errors"]] == [(3, "not_found"), (4, "required")]
    assert report["errors"][1]["field"] == "union_id"
    assert jd not in report["errors"][0]["message"]
    assert [m["union_id"] for m in (await members(membership))["items"]] == [xz]
    assert_no_full_id_number(str(report), 11, 12, 13)


async def test_a_sheet_with_only_a_header_is_a_finished_empty_import(membership):
    xz, _ = await setup(membership)

    report = await run(membership, csv_file([]), "members.csv", xz)

    assert (report["status"], report["total_rows"], report["imported"]) == ("done", 0, 0)
    assert report["errors"] == []


async def test_an_absurd_date_is_a_row_error_and_the_other_rows_are_imported(membership):
    xz, _ = await setup(membership)
    data = csv_file([row(51), row(52, joined_on="20240301000-03-01"), row(53)])

    report = await run(membership, data, "members.csv", xz)

    assert (report["status"], report["imported"]) == ("done", 2)
    assert errors(report) == [(3, "joined_on", "date")]
    assert (await members(membership))["total"] == 2


async def test_a_row_error_for_an_unknown_union_names_the_union_id_column(membership):
    _xz, jd = await setup(membership)
    data = csv_file([[*row(12), jd]], header=[*HEADER, "工会编号"])

    report = await run(membership, data, "members.csv", None)

    assert [(e["row"], e["field"]) for e in report["errors"]] == [(2, "union_id")]


async def test_a_person_already_in_another_union_is_a_row_error_saying_where(membership):
    xz, jd = await setup(membership)
    enrolled = await membership.post(
        "/members",
        json={
            "union_id": jd,
            "name": "会员21",
            "resident_id": resident_id(21),
            "mobile": "13800000021",
            "worker_type": "regular",
            "joined_on": "2024-03-01",
        },
        headers=FED_ADMIN,
    )
    assert enrolled.status_code == 201, enrolled.text

    report = await run(membership, csv_file([row(21)]), "members.csv", xz)

    assert (report["imported"], report["already_members"]) == (0, 0)
    assert errors(report) == [(2, "resident_id", "one_membership")]
    assert "JD02" in report["errors"][0]["message"]
    assert_no_full_id_number(str(report), 21)


async def test_an_import_job_is_seen_by_whoever_started_it_and_the_federation(membership):
    xz, _ = await setup(membership)
    other_staff = token(Role.station_staff, stations=("XZ01",), subject="staff-xz-2")
    report = await run(membership, csv_file([row(31)]), "members.csv", xz)

    mine = (await membership.get("/imports", headers=STAFF_XZ)).json()
    assert [j["id"] for j in mine["items"]] == [report["id"]]
    assert mine["items"][0]["created_by"] == "staff-xz"
    assert (await membership.get("/imports", headers=other_staff)).json()["total"] == 0
    theirs = await membership.get(f"/imports/{report['id']}", headers=other_staff)
    assert theirs.status_code == 404
    federation = await membership.get(f"/imports/{report['id']}", headers=FED_ADMIN)
    assert federation.json()["imported"] == 1


async def test_a_job_finishing_while_it_is_read_is_not_reported_interrupted(
    membership, monkeypatch
):
    xz, _ = await setup(membership)
    may_finish = asyncio.Event()
    progress, get = ImportJobs.progress, ImportJobs.get

    async def held_progress(self, job_id, report, **kwargs):
        await may_finish.wait()
        await progress(self, job_id, report, **kwargs)

    async def get_then_let_the_job_finish(self, job_id):
        job = await get(self, job_id)
        may_finish.set()
        task = next(t for t in asyncio.all_tasks() if t.get_name() == f"import {job_id}")
        await task
        return job

    # The job holds before writing its result, so the upload's answer is surely "running";
    # the next read of the job then lets it finish between reading the row and answering.
    monkeypatch.setattr(ImportJobs, "progress", held_progress)
    started = await upload(membership, csv_file([row(41)]), "members.csv", xz)
    assert started.json()["status"] == "running"
    monkeypatch.setattr(ImportJobs, "get", get_then_let_the_job_finish)

    read = await membership.get(started.headers["Location"], headers=STAFF_XZ)

    assert read.json()["status"] in ("running", "done")


async def test_rows_enrolled_in_a_chunk_that_is_never_committed_are_not_kept(
    membership, database_url, request
):
    """The import's promise (a chunk is one transaction, a row a savepoint in it) on each
    database: a row's savepoint released inside an uncommitted chunk leaves nothing behind."""
    xz, _ = await setup(membership)
    importer = Principal(
        subject="importer", roles=frozenset({Role.federation_admin}), stations=frozenset()
    )
    row_data = Enrolment(xz, "会员61", resident_id(61), "13800000061", WorkerType.migrant, JOINED)

    # The row's savepoint is released, then the chunk is left without commit (as on a failure).
    async with membership.runtime.uow() as uow, uow.savepoint():
        await enrol_in(
            uow, principal=importer, deployment=membership.runtime.deployment, data=row_data
        )

    assert (await members(membership))["total"] == 0
