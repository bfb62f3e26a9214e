"""Reading members' spreadsheets: encodings, delimiters, xlsx cells, headers and refusals.

Every resident ID number is made up here with its check digit computed by python-stdnum, and
every mobile is 13800000000 plus a small number, so no real person's details appear.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from stdnum.cn import ric

from unionfed.membership.adapters.spreadsheet import (
    SheetRow,
    SpreadsheetError,
    normalise_header,
    read_sheet,
)

ENGLISH = ["name", "resident_id", "mobile", "worker_type", "joined_on"]
CHINESE = ["姓名", "身份证号码", "手机号", "职工类型", "入会日期"]


def resident_id(order: int) -> str:
    """A made-up number (Dongcheng 110101, born 1990-01-01) with a correct check digit."""
    body = f"11010119900101{order:03d}"
    return body + ric.calc_check_digit(body + "?")


def mobile(n: int) -> str:
    return str(13800000000 + n)


def member(n: int) -> list[str]:
    return [f"会员{n}", resident_id(n), mobile(n), "在岗职工", "2024-03-01"]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(delimiter.join(row) for row in rows).encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_utf8_csv_rows_are_numbered_as_in_the_file_and_keyed_by_canonical_names() -> None:
    sheet = read_sheet(csv_bytes([ENGLISH, member(1), [" 会员2 ", *member(2)[1:]]]), "m.csv")

    assert sheet.columns == ENGLISH
    assert sheet.ignored_columns == []
    assert sheet.rows[0] == SheetRow(2, dict(zip(ENGLISH, member(1), strict=True)))
    assert sheet.rows[1].number == 3
    assert sheet.rows[1].values["name"] == "会员2"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("gb18030", ","), ("utf-8", ";"), ("gb18030", "\t"), ("utf-16", "\t")],
)
def test_chinese_headers_in_each_encoding_and_delimiter(encoding: str, delimiter: str) -> None:
    data = csv_bytes([CHINESE, member(1)], delimiter=delimiter, encoding=encoding)

    sheet = read_sheet(data, "members.csv")

    assert sheet.columns == ENGLISH
    assert sheet.rows == [SheetRow(2, dict(zip(ENGLISH, member(1), strict=True)))]


def test_empty_rows_are_skipped_but_numbering_stays_true_and_short_rows_pad() -> None:
    data = csv_bytes([ENGLISH, member(1), [""], [",,,,"], member(2)[:3]])

    rows = read_sheet(data, "m.csv").rows

    assert [row.number for row in rows] == [2, 5]
    assert rows[1].values["joined_on"] == ""


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("身份证号码", "resident_id"),
        ("公民身份号码", "resident_id"),
        (" ID Number ", "resident_id"),
        ("Mobile", "mobile"),
        ("联系电话", "mobile"),
        ("*姓名", "name"),
        ("ＪＯＩＮＥＤ＿ＯＮ", "joined_on"),
        ("人员类别", "worker_type"),
        ("备注", None),
    ],
)
def test_header_spellings(header: str, column: str | None) -> None:
    assert normalise_header(header) == column


def test_xlsx_numbers_dates_empty_rows_and_extra_columns() -> None:
    header = ["姓名", "身份证号", "手机号码", "职工类型", "入会时间", "出生日期", "工会编号"]
    header.append("备注")  # no column of ours: ignored, and reported
    first = ["会员1", resident_id(1), 13800000001, "在岗职工", datetime(2024, 3, 1, 9, 30)]
    second = ["会员2", resident_id(2), 13800000002.0, "农民工", date(2023, 12, 31)]
    data = xlsx_bytes([header, [*first, date(1990, 1, 1), 42, "x"], [], [*second, None, 7.0]])

    sheet = read_sheet(data, "members.xlsx")

    assert sheet.columns == [*ENGLISH, "birth_date", "union_id"]
    assert sheet.ignored_columns == ["备注"]
    assert [row.number for row in sheet.rows] == [2, 4]
    assert sheet.rows[0].values == {
        "name": "会员1",
        "resident_id": resident_id(1),
        "mobile": "13800000001",
        "worker_type": "在岗职工",
        "joined_on": "2024-03-01",
        "birth_date": "1990-01-01",
        "union_id": "42",
    }
    assert sheet.rows[1].values["mobile"] == "13800000002"
    assert sheet.rows[1].values["birth_date"] == ""
    assert sheet.rows[1].values["union_id"] == "7"


def test_xlsx_id_typed_as_a_number_is_not_made_worse() -> None:
    # An 18-digit ID typed as a number: Excel stores 15 significant digits, other tools 16 or 17.
    excel, longer = 1.10101199001011e17, 1.101011990010112e17
    data = xlsx_bytes([ENGLISH, ["会员1", excel], ["会员2", longer], ["会员3", 110101199.0]])

    ids = [row.values["resident_id"] for row in read_sheet(data, "m.xlsx").rows]

    assert ids == ["110101199001011000", "1.101011990010112e+17", "110101199"]


def test_missing_required_columns_are_all_named() -> None:
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(csv_bytes([["姓名", "职工类型", "入会日期", "备注"], ["会员"]]), "m.csv")

    assert (caught.value.field, caught.value.rule) == ("header", "missing_column")
    assert "resident_id (身份证号), mobile (手机号)" in str(caught.value)


def test_two_columns_for_one_field_are_refused() -> None:
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(csv_bytes([[*CHINESE, "联系电话"], member(1)]), "m.csv")

    assert caught.value.rule == "duplicate_column"


def test_more_rows_than_allowed_are_refused() -> None:
    rows = [ENGLISH, member(1), member(2), member(3)]

    assert len(read_sheet(csv_bytes(rows), "m.csv", max_rows=3).rows) == 3
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(xlsx_bytes(rows), "m.xlsx", max_rows=2)
    assert (caught.value.field, caught.value.rule) == ("file", "too_many_rows")


def zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        b"\x89PNG\r\n\x1a\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
        zip_of_text(),
        b"PK\x03\x04" + bytes(40),
    ],
    ids=["png", "png-signature", "legacy-xls", "zip", "broken-zip"],
)
def test_files_that_are_no_spreadsheet_are_refused(data: bytes) -> None:
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(data, "members.xlsx")

    assert (caught.value.field, caught.value.rule) == ("file", "format")


@pytest.mark.parametrize("data", [b"", b"\r\n ,, \r\n", xlsx_bytes([])])
def test_a_file_without_a_header_row_is_refused(data: bytes) -> None:
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(data, "members.csv")

    assert (caught.value.field, caught.value.rule) == ("header", "missing")
