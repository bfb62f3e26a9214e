"""The rebuild's fast decoder gives, for every record, what ``registry.decode`` gives: the same
envelope attributes for a valid one, an ``EnvelopeError`` with the same reason otherwise."""

from __future__ import annotations

import uuid

import pytest
from federation_fixtures import County, county_story

from unionfed.common.events.contracts import default_registry
from unionfed.common.events.envelope import EnvelopeError, kafka_headers
from unionfed.federation.service.rebuild import _Decoder

FIELDS = ("id", "source", "type", "time", "subject", "data", "station", "correlation_id")


def records() -> list[tuple[str, tuple, bytes | None]]:
    c = County(uuid.uuid4().hex[:8])
    valid = []
    for e in county_story(c)[:40]:
        headers = kafka_headers(
            event_id=e.id,
            source=e.source,
            event_type=type(e.data).event_type,
            time=e.time,
            subject=e.subject,
            station=e.station,
            correlation_id="corr-1" if len(valid) % 2 else None,
        )
        valid.append((tuple(headers), e.data.model_dump_json().encode()))
    headers, value = valid[0]

    def without(name):
        return tuple(h for h in headers if h[0] != name)

    def replaced(name, new):
        return tuple((n, new if n == name else v) for n, v in headers)

    cases = [(f"valid {i}", h, v) for i, (h, v) in enumerate(valid)]
    cases += [
        ("no value", headers, None),
        ("not json", headers, b"{nope"),
        ("schema", headers, b'{"station_code": 5}'),
        ("unknown type", replaced("ce_type", b"membership.nothing.v1"), value),
        ("no type", without("ce_type"), value),
        ("no id", without("ce_id"), value),
        ("empty id", replaced("ce_id", b""), value),
        ("no source", without("ce_source"), value),
        ("spec", replaced("ce_specversion", b"0.3"), value),
        ("no spec", without("ce_specversion"), value),
        ("bad time", replaced("ce_time", b"yesterday"), value),
        ("no time", without("ce_time"), value),
        ("no subject", without("ce_subject"), value),
        ("no station", without("ce_station"), value),
        ("empty station", replaced("ce_station", b""), value),
        ("utf-8 subject", replaced("ce_subject", "新庄".encode()), value),
        ("undecodable", replaced("ce_subject", b"\xff\xfe"), value),
        ("none header", (*headers, ("x-extra", None)), value),
        ("twice", (*headers, ("ce_id", b"other-id")), value),
        ("twice, empty last", (*headers, ("ce_id", b"")), value),
        ("no headers", (), value),
    ]
    return cases


@pytest.mark.parametrize(
    ("name", "headers", "value"), [pytest.param(*r, id=r[0]) for r in records()]
)
def test_fast_decode_equals_registry_decode(name, headers, value):
    registry = default_registry()
    fast = _Decoder(registry).decode
    try:
        expected = registry.decode(headers, value)
    except EnvelopeError as exc:
        with pytest.raises(EnvelopeError) as got:
            fast(headers, value)
        assert got.value.reason == exc.reason, name
        return
    # Without ce_time the envelope takes the moment it is read: not comparable.
    expected_fields = FIELDS[:3] + FIELDS[4:] if name == "no time" else FIELDS
    env = fast(headers, value)
    for field in expected_fields:
        assert getattr(env, field) == getattr(expected, field), (name, field)
    assert type(env.data) is type(expected.data)
    if name.startswith("valid"):
        assert type(env).__name__ == "_Event"  # the fast path, not the fallback
