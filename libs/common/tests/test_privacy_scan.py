"""The scan the services' broker tests use to say "no ID or mobile number went out"."""

from __future__ import annotations

from unionfed.common.testing.people import resident_id
from unionfed.common.testing.privacy import numbers_that_look_personal


def test_numbers_standing_alone_are_found():
    rid = resident_id()
    text = f'{{"id_number":"{rid}","phone":"13800001234","x":"tel 15912345678."}}'
    assert numbers_that_look_personal(text) == [rid, "13800001234", "15912345678"]


def test_digits_inside_hex_ids_are_not_numbers():
    # The uuid that once made the aid broker test fail: eleven digits from 16… inside it.
    text = "gr-3f15bb05ad064b32 ce_correlationid a16145748818b 7e8123456789012345678f"
    assert numbers_that_look_personal(text) == []
