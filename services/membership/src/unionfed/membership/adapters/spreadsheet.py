"""Reading members' spreadsheets (会员花名册) from CSV or .xlsx files for bulk import.

Only reading: header spellings become canonical column names and every row becomes stripped
strings under those names. Whether a member's details are valid is decided elsewhere.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import openpyxl

# The first spelling of each column is the Chinese one used in error messages.
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "name": ("姓名", "name"),
    "resident_id": ("身份证号", "身份证号码", "公民身份号码", "resident_id", "id_number"),
    "gender": ("性别", "gender"),
    "birth_date": ("出生日期", "birth_date"),
    "mobile": ("手机号", "手机号码", "联系电话", "mobile", "phone"),
    "worker_type": ("职工类型", "人员类别", "worker_type"),
    "union_id": ("工会编号", "union_id"),
    "joined_on": ("入会日期", "入会时间", "joined_on"),
}
REQUIRED_COLUMNS = ("name", "resident_id", "mobile", "worker_type", "joined_on")

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and other Office 97-2003 files)
_HEADER_NOISE = re.compile(r"[\s_\-*]")  # "* 姓名", "ID Number" and "id_number" are one header
# Almost any bytes decode as GB18030, so control characters are what betray a binary file.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAX_EXACT_DIGITS = 15  # Excel keeps 15 significant digits; beyond that a float is noise


@dataclass(frozen=True)
class SheetRow:
    """One data row: ``number`` is the row a person sees in Excel (header is row 1)."""

    number: int
    values: dict[str, str]


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet read into rows keyed by canonical column names."""

    rows: list[SheetRow]
    columns: list[str]
    ignored_columns: list[str]


class SpreadsheetError(ValueError):
    """The file as a whole cannot be imported: ``field`` and ``rule`` say why.

    Pairs: ``file``/``format``, ``file``/``too_many_rows``, ``header``/``missing``,
    ``header``/``missing_column``, ``header``/``duplicate_column``.
    """

    def __init__(self, field: str, rule: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.rule = rule
        self.message = message


def normalise_header(text: str) -> str | None:
    """The canonical column a header cell names, or None when it names none we know."""
    key = _squash(text)
    for column, spellings in COLUMNS.items():
        if any(_squash(spelling) == key for spelling in spellings):
            return column
    return None


def read_sheet(data: bytes, filename: str, *, max_rows: int = 20000) -> Sheet:
    """Read the first sheet of an .xlsx file, or a CSV file, into canonical rows."""
    read = _xlsx_rows if data.startswith(_XLSX_MAGIC) else _csv_rows
    source = read(data, filename)
    with closing(source):
        numbered = ((n, cells) for n, cells in enumerate(source, start=1) if any(cells))
        header = next(numbered, None)
        if header is None:
            raise SpreadsheetError("header", "missing", f"{filename} has no header row")
        positions, ignored = _read_header(header[1])
        rows: list[SheetRow] = []
        for number, cells in numbered:
            if len(rows) == max_rows:
                raise SpreadsheetError(
                    "file", "too_many_rows", f"more than {max_rows} data rows; split the file"
                )
            values = {c: cells[i] if i < len(cells) else "" for c, i in positions.items()}
            rows.append(SheetRow(number, values))
    return Sheet(rows, list(positions), ignored)


def _squash(text: str) -> str:
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


def _read_header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, text in enumerate(cells):
        column = normalise_header(text)
        if column in positions:
            # Two columns for one field (手机号 and 联系电话): guessing would import the wrong one.
            raise SpreadsheetError(
                "header", "duplicate_column", f"more than one column for {column}: {text}"
            )
        if column:
            positions[column] = index
        elif text:
            ignored.append(text)
    missing = [f"{c} ({COLUMNS[c][0]})" for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        raise SpreadsheetError(
            "header", "missing_column", f"missing required columns: {', '.join(missing)}"
        )
    return positions, ignored


def _csv_rows(data: bytes, filename: str) -> Iterator[list[str]]:
    if data.startswith(_OLE_MAGIC):
        raise SpreadsheetError("file", "format", f"{filename}: save legacy .xls as .xlsx or CSV")
    text = _decode(data, filename)
    if _BINARY.search(text):
        raise SpreadsheetError("file", "format", f"{filename} is no CSV or .xlsx spreadsheet")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count)  # ties keep the comma
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [cell.strip() for cell in cells]
    except csv.Error as exc:
        raise SpreadsheetError("file", "format", f"{filename} is unreadable CSV: {exc}") from exc


def _decode(data: bytes, filename: str) -> str:
    # Chinese Excel writes CSV in GBK (a subset of GB18030) unless told to use UTF-8, and its
    # "Unicode text" export is UTF-16 with a byte order mark.
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError("file", "format", f"{filename} is neither UTF-8 nor GB18030 text")


def _xlsx_rows(data: bytes, filename: str) -> Iterator[list[str]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a ZIP that is no workbook fails in many ways, all of them "format"
        raise SpreadsheetError("file", "format", f"{filename} is not an .xlsx workbook") from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the stored size may be wrong; read what is really there
        for cells in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in cells]
    except (IndexError, KeyError, ValueError, SyntaxError) as exc:  # no sheet, or corrupt XML
        raise SpreadsheetError("file", "format", f"{filename} has an unreadable sheet") from exc
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        number = Decimal(repr(value)).normalize()
        if len(number.as_tuple().digits) <= _MAX_EXACT_DIGITS:
            return str(int(number))
    return str(value).strip()
