"""The simulator's seeded people: any valid resident ID number gets a stable answer, drawn from
a hash of the number, and a few fixed people give known answers for demos and tests."""

from __future__ import annotations

import hashlib
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_digit(body17: str) -> str:
    """GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True)) % 11]


def valid_resident_id(number: str) -> bool:
    number = number.strip().upper()
    return (
        len(number) == 18
        and number[:17].isdigit()
        and number[17] == check_digit(number[:17])
        and 1900 <= int(number[6:10]) <= date.today().year
    )


def fixed_people() -> dict[str, dict]:
    """Four people with known answers (region 320102), by ID number."""
    profiles = {
        "19800101001": (("contributing", 12, "2003-07-01"), (False, False, False)),
        "19750505002": (("lapsed", 4, "1998-03-01"), (True, False, False)),
        "19680808003": (("none", 0, None), (True, True, True)),
        "19920202004": (("contributing", 10, "2015-09-01"), (False, False, True)),
    }
    people = {}
    for tail, ((status, months, since), (dibao, tekun, temporary)) in profiles.items():
        body = "320102" + tail
        people[body + check_digit(body)] = {
            "social_insurance": {
                "status": status,
                "months_paid_last_12": months,
                "insured_since": since,
            },
            "civil_affairs": {
                "minimum_living_guarantee": dibao,
                "extreme_poverty": tekun,
                "temporary_assistance_last_12_months": temporary,
            },
        }
    return people


def answer_for(number: str, kind: str) -> dict:
    """``kind`` is ``social_insurance`` or ``civil_affairs``."""
    number = number.strip().upper()
    fixed = fixed_people().get(number)
    if fixed is not None:
        return fixed[kind]
    h = hashlib.sha256(number.encode()).digest()
    if kind == "social_insurance":
        status = "contributing" if h[0] % 10 < 6 else "lapsed" if h[0] % 10 < 8 else "none"
        months = {"contributing": 10 + h[1] % 3, "lapsed": 1 + h[1] % 9, "none": 0}[status]
        since = None if status == "none" else date(2005 + h[2] % 18, 1 + h[3] % 12, 1 + h[4] % 28)
        return {
            "status": status,
            "months_paid_last_12": months,
            "insured_since": since and since.isoformat(),
        }
    return {
        "minimum_living_guarantee": h[5] % 10 == 0,
        "extreme_poverty": h[6] % 25 == 0,
        "temporary_assistance_last_12_months": h[7] % 8 == 0,
    }
