"""Field names that suggest personal data, which must never travel on the county-wide stream.

A person appears in a contract only as an internal id or a keyed hash (``person_key``). The
check is by name, so it catches the honest mistake, not a determined one: review still matters.
"""

from __future__ import annotations

from collections.abc import Iterator

from unionfed.common.events.schemas import Schema, SchemaNode

# Each term matches a field whose ``_``-separated words contain it, so ``phone`` also refuses
# ``phone_number`` and ``contact_phone``, and ``name`` refuses ``full_name`` and ``real_name``.
DENIED_TERMS = (
    "name", "full_name", "real_name", "resident_id", "id_number", "id_card", "passport",
    "phone", "mobile", "email", "wechat", "address", "birth_date", "birthday", "diagnosis",
    "health", "disability", "income", "salary", "bank_account", "bank_card",
)  # fmt: skip

# Names of organisations and places, not of people.
ALLOWED_FIELDS = frozenset(
    {"station_name", "union_name", "employer_name", "enterprise_name", "organisation_name"}
)

# Reviewed exceptions for one field of one contract type, with the reason it is not personal.
ALLOWED_IN_CONTRACT = {
    ("membership.station.registered.v1", "name"): "the service station's own name",
}


def personal_data_fields(event_type: str, schema: Schema) -> list[tuple[str, str]]:
    """``(field path, rule)`` for each field whose name suggests personal data."""
    found = []
    for path in sorted(set(_field_paths(SchemaNode(schema, schema), "", frozenset()))):
        name = path.rsplit(".", 1)[-1]
        if name in ALLOWED_FIELDS or (event_type, path) in ALLOWED_IN_CONTRACT:
            continue
        term = _denied_term(name)
        if term:
            found.append((path, f"name suggests personal data ({term!r} is on the deny-list)"))
    return found


def _denied_term(name: str) -> str | None:
    words = name.lower().split("_")
    for term in DENIED_TERMS:
        parts = term.split("_")
        if any(words[i : i + len(parts)] == parts for i in range(len(words))):
            return term
    return None


def _field_paths(side: SchemaNode, prefix: str, seen: frozenset) -> Iterator[str]:
    node, ref = side.resolved()
    if ref in seen:
        return
    seen = seen | {ref} if ref else seen
    for name, child in node.get("properties", {}).items():
        yield prefix + name
        yield from _field_paths(side.at(child), f"{prefix}{name}.", seen)
    for key in ("anyOf", "oneOf", "prefixItems"):
        for child in node.get(key, ()):
            yield from _field_paths(side.at(child), prefix, seen)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from _field_paths(side.at(node[key]), prefix, seen)
