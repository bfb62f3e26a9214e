"""Fictitious but valid identifiers for tests: resident ID numbers and unified social credit
codes, with their check digits computed, new at every call (the shared broker keeps earlier
tests' events, so a test must not meet the people or employers of another)."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

from stdnum.cn import ric, uscc

__all__ = ["credit_code", "resident_id"]

_PEOPLE = itertools.count(uuid.uuid4().int % 10_000)


def resident_id() -> str:
    """A valid resident ID number (Nanjing, born 1950–1999), different for every call of a run:
    16,800 birth dates in a row, each with a random order code."""
    n = next(_PEOPLE)
    born = date(1950 + n % 50, 1 + n // 50 % 12, 1 + n // 600 % 28)
    body = f"320102{born:%Y%m%d}{uuid.uuid4().int % 1000:03d}"
    return body + ric.calc_check_digit(body + "?")  # it expects a placeholder check digit


def credit_code() -> str:
    """A valid unified social credit code of a company (Nanjing), random at every call."""
    body = f"91320102MA{uuid.uuid4().int % 10**7:07d}"
    return body + uscc.calc_check_digit(body)
