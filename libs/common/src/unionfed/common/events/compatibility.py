"""Whether a contract's new schema may replace an old one under the same type name.

Compatibility is required in both directions: consumers of the previous release must read the
new producer's events, and the new consumers must read events already on the topic. Consumers
ignore unknown fields, so only optional fields (with a default) may come or go. Anything else is
breaking: a required field added or removed, optional made required or the reverse, a changed
type, format, nullability, constraint or set of allowed values. Nested objects are compared
field by field, with ``$ref`` resolved against the document's ``$defs``.
"""

from __future__ import annotations

import json
from typing import Any

from unionfed.common.events.schemas import Schema, SchemaNode

# Bounds that one side enforces and the other does not turn valid events into rejected ones.
CONSTRAINTS = (
    *("minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum"),
    *("exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems"),
)


def breaking_changes(old: Schema, new: Schema) -> list[tuple[str, str]]:
    """``(field path, rule)`` for each change that breaks readers on either side."""
    found: list[tuple[str, str]] = []
    _compare(SchemaNode(old, old), SchemaNode(new, new), "(root)", found, frozenset())
    return found


def _compare(old: SchemaNode, new: SchemaNode, path: str, found: list, seen: frozenset):
    (o, o_null, o_ref), (n, n_null, n_ref) = _without_null(old), _without_null(new)
    if o_ref and n_ref:
        if (o_ref, n_ref) in seen:  # a recursive model, already being compared
            return
        seen = seen | {(o_ref, n_ref)}
    if o_null != n_null:
        found.append((path, f"nullability changed from {_nullable(o_null)} to {_nullable(n_null)}"))
    if _label(old.at(o)) != _label(new.at(n)):
        found.append((path, f"type changed from {_label(old.at(o))} to {_label(new.at(n))}"))
        return
    for o_variant, n_variant in zip(o.get("anyOf", ()), n.get("anyOf", ()), strict=True):
        _compare(old.at(o_variant), new.at(n_variant), path, found, seen)
    o_values, n_values = _allowed(o), _allowed(n)
    if _as_set(o_values) != _as_set(n_values):
        found.append((path, _values_rule(o_values, n_values)))
    for key in CONSTRAINTS:
        if o.get(key) != n.get(key):
            was, now = _bound(o.get(key)), _bound(n.get(key))
            found.append((path, f"constraint {key} changed from {was} to {now}"))
    _compare_fields(old.at(o), new.at(n), path, found, seen)
    for key, suffix in (("items", "[]"), ("additionalProperties", ".*")):
        if isinstance(o.get(key), dict) and isinstance(n.get(key), dict):
            _compare(old.at(o[key]), new.at(n[key]), path + suffix, found, seen)
    # A tuple that grows or shrinks is caught by its minItems and maxItems.
    o_tuple, n_tuple = o.get("prefixItems", ()), n.get("prefixItems", ())
    for i, (a, b) in enumerate(zip(o_tuple, n_tuple, strict=False)):
        _compare(old.at(a), new.at(b), f"{path}[{i}]", found, seen)


def _compare_fields(old: SchemaNode, new: SchemaNode, path: str, found: list, seen: frozenset):
    o_fields, n_fields = old.node.get("properties", {}), new.node.get("properties", {})
    o_required = set(old.node.get("required", ()))
    n_required = set(new.node.get("required", ()))
    prefix = "" if path == "(root)" else path + "."
    for name in sorted(o_fields.keys() | n_fields.keys()):
        field = prefix + name
        if name not in o_fields:
            if name in n_required:
                found.append((field, "required field added"))
        elif name not in n_fields:
            if name in o_required:
                found.append((field, "required field removed"))
        else:
            if name in o_required and name not in n_required:
                found.append((field, "required field made optional"))
            elif name in n_required and name not in o_required:
                found.append((field, "optional field made required"))
            _compare(old.at(o_fields[name]), new.at(n_fields[name]), field, found, seen)


def _without_null(side: SchemaNode) -> tuple[dict, bool, str | None]:
    """The node resolved and without its null branch, whether it had one, and its $ref."""
    node, ref = side.resolved()
    types = node.get("type")
    if isinstance(types, list) and "null" in types:
        rest = [t for t in types if t != "null"]
        return {**node, "type": rest[0] if len(rest) == 1 else rest}, True, ref
    variants = node.get("anyOf") or node.get("oneOf")
    if not variants:
        return node, types == "null", ref
    rest = [v for v in variants if side.at(v).resolved()[0].get("type") != "null"]
    outer = {k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}
    nullable = len(rest) < len(variants)
    if len(rest) == 1:
        inner, inner_ref = side.at(rest[0]).resolved()
        return {**inner, **outer}, nullable, inner_ref or ref
    return {**outer, "anyOf": rest}, nullable, ref


def _label(side: SchemaNode) -> str:
    """A short name of a node's type, e.g. ``string(date)`` or ``integer | string``."""
    node, _ = side.resolved()
    if "anyOf" in node:
        return " | ".join(_label(side.at(v)) for v in node["anyOf"])
    kind = node.get("type")
    if kind is None:
        values = _allowed(node)
        kinds = {type(v).__name__ for v in values} if values else set()
        kind = "object" if "properties" in node else "/".join(sorted(kinds)) or "any"
    if isinstance(kind, list):
        kind = "/".join(kind)
    return f"{kind}({node['format']})" if "format" in node else kind


def _allowed(node: dict) -> list | None:
    if "const" in node:
        return [node["const"]]
    return list(node["enum"]) if "enum" in node else None


def _values_rule(old: list | None, new: list | None) -> str:
    if old is None or new is None:
        return f"allowed values changed from {_show(old)} to {_show(new)}"
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    parts = [f"added {_show(added)}"] * bool(added) + [f"removed {_show(removed)}"] * bool(removed)
    return "allowed values changed: " + ", ".join(parts)


def _as_set(values: list | None) -> frozenset[str] | None:
    # Order carries no meaning, and JSON text makes lists and objects hashable.
    return None if values is None else frozenset(json.dumps(v, sort_keys=True) for v in values)


def _show(values: list | None) -> str:
    return "any value" if values is None else ", ".join(json.dumps(v) for v in values)


def _bound(value: Any) -> str:
    return "unset" if value is None else json.dumps(value)


def _nullable(flag: bool) -> str:
    return "nullable" if flag else "not nullable"
