"""JSON log lines: context attached, personal numbers masked wherever they were put."""

from __future__ import annotations

import io
import json
import logging

import pytest
from stdnum.cn import ric

from unionfed.common.observability import (
    bind_correlation_id,
    bind_event_id,
    configure_logging,
    redact,
)

BODY = "11010519900307123"
RESIDENT_ID = BODY + ric.calc_check_digit(BODY + "?")  # made up, with a valid check digit
MOBILE = "13800001111"


@pytest.fixture
def log_output():
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging("membership", stream=stream)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_line_is_one_json_object_with_service_and_context(log_output):
    log = logging.getLogger("unionfed.test")
    with bind_correlation_id("req-7"), bind_event_id("evt-9"):
        log.info("member %s enrolled", "m-1", extra={"station": "ST01"})
    log.warning("outside")
    first, second = lines(log_output)
    assert first["msg"] == "member m-1 enrolled"
    assert first["level"] == "INFO"
    assert first["logger"] == "unionfed.test"
    assert first["service"] == "membership"
    assert (first["correlation_id"], first["event_id"]) == ("req-7", "evt-9")
    assert first["station"] == "ST01"
    assert "ts" in first
    assert (second["correlation_id"], second["event_id"]) == (None, None)


def test_id_numbers_and_mobiles_never_reach_the_output(log_output):
    log = logging.getLogger("unionfed.test")
    log.info(
        f"registering {RESIDENT_ID} reachable at +86 138-0000-1111",
        extra={
            "member": {"resident_id": RESIDENT_ID.lower(), "phones": [MOBILE, int(MOBILE)]},
            "mobile": f"tel:{MOBILE}",
        },
    )
    try:
        raise ValueError(f"duplicate member {RESIDENT_ID}")
    except ValueError:
        log.exception("enrolment failed for %s", MOBILE)
    output = log_output.getvalue()
    assert RESIDENT_ID not in output.upper()
    assert MOBILE not in output
    assert "0000-1111" not in output
    first, second = lines(log_output)
    assert RESIDENT_ID[:4] + "*" * 10 + RESIDENT_ID[-4:] in first["msg"]
    assert first["member"]["phones"] == ["138****1111", "138****1111"]
    assert "ValueError: duplicate member 1101" in second["exc_info"]


def test_redaction_masks_the_old_15_digit_form_but_not_other_numbers():
    assert redact("old id 110105900307123 kept") == "old id 1101*******7123 kept"
    harmless = "order 20240601 of 12 items, amount 1380, case 2024000123456789"
    assert redact(harmless) == harmless


def test_plain_text_lines_are_redacted_too():
    stream = io.StringIO()
    handler = configure_logging("aid", json=False, stream=stream)
    try:
        logging.getLogger("unionfed.test").warning("call %s", MOBILE)
    finally:
        logging.getLogger().removeHandler(handler)
    assert "138****1111" in stream.getvalue()
    assert MOBILE not in stream.getvalue()


def test_configuring_twice_keeps_one_handler(log_output):
    again = io.StringIO()
    handler = configure_logging("membership", stream=again)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_unionfed_handler", False)]
    assert ours == [handler]
    logging.getLogger("unionfed.test").error("once")
    assert log_output.getvalue() == ""
    assert len(lines(again)) == 1
    logging.getLogger().removeHandler(handler)
