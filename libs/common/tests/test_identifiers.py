"""Resident ID numbers, credit codes and mobiles: what is accepted, normalised and masked.

Every number here is made up in the test, with its check character computed by python-stdnum,
so that no real person's or employer's number appears in the repository.
"""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric, uscc

from unionfed.common.identifiers import (
    IdentifierError,
    ResidentId,
    mask_mobile,
    mask_resident_id,
    normalise_credit_code,
    normalise_mobile,
    parse_resident_id,
)


def resident_id(birth: str = "19900307", order: str = "123", region: str = "110105") -> str:
    """A made-up number with a correct check digit."""
    body = region + birth + order
    return body + ric.calc_check_digit(body + "?")


def with_check_x() -> str:
    order = next(f"{n:03d}" for n in range(1000) if resident_id(order=f"{n:03d}").endswith("X"))
    return resident_id(order=order)


def credit_code(body: str = "91320100MA1NXY312") -> str:
    return body + uscc.calc_check_digit(body)


def rule_broken(call, *args, **kwargs) -> tuple[str, str]:
    with pytest.raises(IdentifierError) as error:
        call(*args, **kwargs)
    assert str(error.value).startswith(f"{error.value.field}: ")
    return error.value.field, error.value.rule


def test_a_resident_id_gives_birth_date_and_gender():
    assert parse_resident_id(resident_id(order="123")) == ResidentId(
        number=resident_id(order="123"), birth_date=date(1990, 3, 7), gender="male"
    )
    assert parse_resident_id(resident_id(order="124")).gender == "female"


def test_a_resident_id_is_stripped_and_its_x_upper_cased():
    number = with_check_x()
    assert parse_resident_id(f"  {number.lower()} ").number == number


def test_a_wrong_check_digit_breaks_the_checksum_rule():
    number = resident_id()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert rule_broken(parse_resident_id, wrong, field="member.id") == ("member.id", "checksum")


@pytest.mark.parametrize(
    ("birth", "today"),
    [
        ("19990230", None),  # 30 February
        ("20990101", None),
        ("20240602", date(2024, 6, 1)),
        ("18991231", None),
    ],
)
def test_impossible_future_and_too_early_birth_dates_break_the_birth_date_rule(birth, today):
    number = resident_id(birth=birth)
    assert rule_broken(parse_resident_id, number, today=today) == ("resident_id", "birth_date")


def test_an_unknown_region_breaks_the_region_rule():
    assert rule_broken(parse_resident_id, resident_id(region="990000")) == (
        "resident_id",
        "region",
    )


def test_a_region_code_retired_before_the_birth_year_breaks_the_region_rule():
    # 110110 (Yanshan district) was retired in 1986: no one born after that has it.
    assert rule_broken(parse_resident_id, resident_id(region="110110", birth="19900101")) == (
        "resident_id",
        "region",
    )


def test_a_worker_born_before_the_numbers_existed_keeps_the_code_of_issue():
    # 320923 (Funing county) is in the data from 1983; a worker born in 1970 was issued
    # a number with it in the late 1980s. python-stdnum alone refuses it.
    number = resident_id(region="320923", birth="19700709")
    assert parse_resident_id(number).birth_date == date(1970, 7, 9)


@pytest.mark.parametrize(
    ("value", "rule"),
    [("110105900307123", "length"), ("", "length"), ("11010519900307123A", "format")],
)
def test_old_15_digit_and_malformed_numbers_are_refused(value, rule):
    assert rule_broken(parse_resident_id, value) == ("resident_id", rule)


def test_a_credit_code_is_normalised():
    code = credit_code()
    assert normalise_credit_code(f" {code[:8]} {code[8:].lower()}") == code


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (credit_code()[:17] + ("0" if credit_code()[17] != "0" else "1"), "checksum"),
        ("91320100MA1NXYI12" + "0", "format"),  # I is not in the alphabet
        ("9132010", "length"),
    ],
)
def test_a_bad_credit_code_names_field_and_rule(value, rule):
    assert rule_broken(normalise_credit_code, value, field="union.credit_code") == (
        "union.credit_code",
        rule,
    )


@pytest.mark.parametrize(
    "value", ["13800001111", "+86 138-0000-1111", "0086 138 0000 1111", "(+86)13800001111"]
)
def test_a_mobile_is_normalised_to_11_digits(value):
    assert normalise_mobile(value) == "13800001111"


@pytest.mark.parametrize("value", ["12800001111", "1380000111", "138000011112", "+1 13800001111"])
def test_a_bad_mobile_breaks_the_format_rule(value):
    assert rule_broken(normalise_mobile, value) == ("mobile", "format")


def test_masks_keep_only_the_ends():
    number = resident_id()
    assert mask_resident_id(number) == number[:4] + "*" * 10 + number[-4:]
    assert mask_mobile("13800001111") == "138****1111"
