"""Checking and masking the identifiers people and employers give us.

The resident ID number (居民身份证号, GB 11643) and the unified social credit code
(统一社会信用代码, GB 32100) are checked by python-stdnum; a rejected value says which field
and which rule it broke. Masked forms are what screens, logs and exports may show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from unionfed.common.errors import RuleViolation

_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_MOBILE_SEPARATORS = re.compile(r"[\s\-()]")
_EARLIEST_BIRTH_YEAR = 1900


class IdentifierError(RuleViolation, ValueError):
    """An identifier broke a rule: ``field`` names the input, ``rule`` what failed.

    Rules: ``length``, ``format``, ``checksum``, ``birth_date``, ``region``. A service lets it
    pass: every API answers it as 422 naming the field and the rule.
    """

    def __init__(self, field: str, rule: str, detail: str) -> None:
        super().__init__(field, rule, f"{field}: {detail}")


@dataclass(frozen=True)
class ResidentId:
    """A checked resident ID number and what it says about its holder."""

    number: str
    birth_date: date
    gender: Literal["male", "female"]


def parse_resident_id(
    value: str, field: str = "resident_id", *, today: date | None = None
) -> ResidentId:
    """Check an 18-character resident ID number (the 15-digit pre-1999 form is refused)."""
    number = ric.compact(value)
    if len(number) != 18:
        raise IdentifierError(field, "length", "must be 18 characters")
    if not _RESIDENT_ID.fullmatch(number):
        raise IdentifierError(field, "format", "must be 17 digits and a digit or X")
    if number[17] != ric.calc_check_digit(number):
        raise IdentifierError(field, "checksum", "checksum digit does not match")
    try:
        born = ric.get_birth_date(number)
    except InvalidComponent:
        raise IdentifierError(field, "birth_date", "birth date is not a calendar date") from None
    if born > (today or date.today()):
        raise IdentifierError(field, "birth_date", "birth date is in the future")
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise IdentifierError(field, "birth_date", f"birth date is before {_EARLIEST_BIRTH_YEAR}")
    if not _region_in_use(number[:6], since=born.year):
        raise IdentifierError(field, "region", "region code was never in use since the birth year")
    return ResidentId(
        number=number,
        birth_date=born,
        # The 17th digit is the order code: odd for men, even for women.
        gender="male" if int(number[16]) % 2 else "female",
    )


def _region_in_use(code: str, *, since: int) -> bool:
    """Whether an administrative division code was in use at some time from ``since`` on.

    A number carries the code of the place where it was issued, which for people born before
    the numbers existed (1984) is a code of the 1980s, not of their birth year; so a code is
    accepted when it was assigned at any time during the person's life. python-stdnum's own
    ``get_birth_place`` demands the code of the birth year and refuses every Jiangsu worker born
    before 1983, for example.
    """
    results = numdb.get("cn/loc").info(code)
    counties = {k: v for _part, props in results for k, v in props.items()}.get("county")
    if not counties:
        return False
    for county in counties.split(","):
        if not county.startswith("["):
            return True
        period = county[1:].split("]")[0]
        end = period.split("-")[1]
        if not end or int(end) >= since:
            return True
    return False


def normalise_credit_code(value: str, field: str = "credit_code") -> str:
    """Check an employer's 18-character unified social credit code; return it upper-case."""
    try:
        return uscc.validate(value)
    except InvalidLength:
        raise IdentifierError(field, "length", "must be 18 characters") from None
    except InvalidFormat:
        raise IdentifierError(
            field, "format", "must be 8 digits then digits or letters except I, O, S, V, Z"
        ) from None
    except InvalidChecksum:
        raise IdentifierError(field, "checksum", "check character does not match") from None
    except ValidationError:
        raise IdentifierError(field, "format", "is not a credit code") from None


def normalise_mobile(value: str, field: str = "mobile") -> str:
    """A mainland mobile number as 11 digits, from forms like ``+86 138-0000-0000``."""
    number = _MOBILE_SEPARATORS.sub("", value)
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number.removeprefix(prefix)
            break
    if not _MOBILE.fullmatch(number):
        raise IdentifierError(field, "format", "must be 11 digits starting 13 to 19")
    return number


def mask_resident_id(number: str) -> str:
    """Keep the first and last four characters, e.g. ``1101**********000X``."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_mobile(number: str) -> str:
    """Keep the first three and last four digits, e.g. ``138****0000``."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
