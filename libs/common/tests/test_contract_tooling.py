"""``unionfed-contracts``: generated schemas and AsyncAPI, staleness, compatibility, personal data.

Each test declares throw-away contracts under ``testing.*`` and works in its own root folder,
except the last, which holds the repository's checked-in ``contracts/`` to the real registry.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from pydantic import BaseModel, create_model

from unionfed.common.events.catalogue import check, generate
from unionfed.common.events.contract import IntegrationEvent, event_contract
from unionfed.common.events.contracts import default_registry
from unionfed.common.events.registry import EventRegistry
from unionfed.common.events.tooling import find_root, main

THING = "testing.thing.happened.v1"


def contract(event_type: str = THING, **fields: Any) -> type[IntegrationEvent]:
    """A throw-away contract whose data has the given pydantic field definitions."""
    model = create_model("Thing", __base__=IntegrationEvent, __doc__="A thing happened.", **fields)
    return event_contract(event_type)(model)


def registry(*contracts: type[IntegrationEvent]) -> EventRegistry:
    return EventRegistry(contracts)


def nested(**fields: Any) -> type[BaseModel]:
    return create_model("Part", **fields)


def history(root: Path, event_type: str = THING) -> list[str]:
    return sorted(p.name for p in (root / "contracts" / "history" / event_type).iterdir())


def test_generate_then_check_passes(tmp_path):
    contracts = registry(contract(a=(int, ...)), contract("testing.other.done.v1", b=(str, ...)))

    assert generate(tmp_path, contracts).ok
    outcome = check(tmp_path, contracts)

    assert outcome.problems == []
    schema = json.loads((tmp_path / f"contracts/schemas/{THING}.json").read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(THING)
    assert (schema["x-event-type"], schema["x-topic"]) == (THING, "testing")
    assert schema["x-summary"] == "A thing happened."
    assert history(tmp_path) == ["1.json"]


def test_generate_twice_changes_nothing(tmp_path):
    contracts = registry(contract(a=(int, ...)))
    generate(tmp_path, contracts)

    assert generate(tmp_path, contracts).changed == []
    assert history(tmp_path) == ["1.json"]


def test_an_edited_schema_file_is_stale(tmp_path):
    contracts = registry(contract(a=(int, ...)))
    generate(tmp_path, contracts)
    path = tmp_path / f"contracts/schemas/{THING}.json"
    path.write_text(path.read_text().replace('"integer"', '"string"'))

    problems = check(tmp_path, contracts).problems

    assert problems == [f"contracts/schemas/{THING}.json: stale; run `unionfed-contracts generate`"
                        " and commit contracts/"]  # fmt: skip


def test_missing_files_and_files_of_unregistered_types_fail_the_check(tmp_path):
    generate(tmp_path, registry(contract(a=(int, ...)), contract("testing.gone.away.v1")))
    (tmp_path / "contracts/asyncapi.yaml").unlink()

    problems = "\n".join(check(tmp_path, registry(contract(a=(int, ...)))).problems)

    assert "contracts/asyncapi.yaml: missing" in problems
    assert "contracts/schemas/testing.gone.away.v1.json: no registered contract" in problems
    assert "contracts/history/testing.gone.away.v1: no registered contract" in problems


def test_generate_removes_files_of_unregistered_types(tmp_path):
    generate(tmp_path, registry(contract(a=(int, ...)), contract("testing.gone.away.v1")))

    outcome = generate(tmp_path, registry(contract(a=(int, ...))))

    assert "removed contracts/history/testing.gone.away.v1" in outcome.changed
    assert check(tmp_path, registry(contract(a=(int, ...)))).ok


BREAKING = [
    ({"a": (int, ...)}, {"a": (int, ...), "b": (int, ...)}, "b", "required field added"),
    ({"a": (int, ...), "b": (int, ...)}, {"a": (int, ...)}, "b", "required field removed"),
    ({"b": (int, 0)}, {"b": (int, ...)}, "b", "optional field made required"),
    ({"b": (int, ...)}, {"b": (int, 0)}, "b", "required field made optional"),
    ({"b": (int, ...)}, {"b": (str, ...)}, "b", "type changed from integer to string"),
    ({"b": (date, ...)}, {"b": (datetime, ...)}, "b",
     "type changed from string(date) to string(date-time)"),
    ({"b": (str, ...)}, {"b": (str | None, ...)}, "b",
     "nullability changed from not nullable to nullable"),
    ({"b": (Literal["x", "y"], ...)}, {"b": (Literal["x", "y", "z"], ...)}, "b",
     'allowed values changed: added "z"'),
    ({"b": (Literal["x", "y"], ...)}, {"b": (Literal["x"], ...)}, "b",
     'allowed values changed: removed "y"'),
    ({"p": (nested(x=(int, ...)), ...)}, {"p": (nested(x=(str, ...)), ...)}, "p.x",
     "type changed from integer to string"),
    ({"p": (nested(x=(int, ...)), ...)}, {"p": (nested(x=(int, ...), y=(int, ...)), ...)},
     "p.y", "required field added"),
    ({"ps": (list[nested(x=(int, ...))], ...)}, {"ps": (list[nested(x=(int, None))], ...)},
     "ps[].x", "required field made optional"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "field", "rule"), BREAKING)
def test_a_breaking_change_fails_the_check_naming_field_and_rule(tmp_path, old, new, field, rule):
    generate(tmp_path, registry(contract(**old)))

    problems = check(tmp_path, registry(contract(**new))).problems

    assert f"{THING}: field {field}: {rule} (against revision 1)" in problems


@pytest.mark.parametrize(("old", "new", "field", "rule"), BREAKING[:2])
def test_generate_refuses_a_breaking_change_and_asks_for_a_new_version(
    tmp_path, old, new, field, rule
):
    generate(tmp_path, registry(contract(**old)))

    outcome = generate(tmp_path, registry(contract(**new)))

    assert f"{THING}: field {field}: {rule} (against revision 1)" in outcome.problems
    assert any("testing.thing.happened.v2" in p for p in outcome.problems)
    assert outcome.changed == []
    assert history(tmp_path) == ["1.json"]


def test_a_recursive_contract_is_compared_once_per_pair_of_models(tmp_path):
    class Step(BaseModel):
        code: int
        then: Step | None = None

    class Renumbered(BaseModel):
        code: str
        then: Renumbered | None = None

    generate(tmp_path, registry(contract(first=(Step, ...))))

    problems = check(tmp_path, registry(contract(first=(Renumbered, ...)))).problems

    rule = "type changed from integer to string (against revision 1)"
    assert f"{THING}: field first.code: {rule}" in problems


def test_an_added_optional_field_is_appended_as_revision_2(tmp_path):
    generate(tmp_path, registry(contract(a=(int, ...))))
    evolved = registry(contract(a=(int, ...), note=(str | None, None)))

    outcome = generate(tmp_path, evolved)

    assert outcome.ok
    assert f"wrote contracts/history/{THING}/2.json" in outcome.changed
    assert history(tmp_path) == ["1.json", "2.json"]
    assert check(tmp_path, evolved).ok


def test_a_removed_optional_field_is_compatible(tmp_path):
    generate(tmp_path, registry(contract(a=(int, ...), note=(str, ""))))

    assert generate(tmp_path, registry(contract(a=(int, ...)))).ok
    assert history(tmp_path) == ["1.json", "2.json"]


def test_compatibility_holds_against_every_stored_revision(tmp_path):
    generate(tmp_path, registry(contract(a=(int, ...), note=(int, 0))))
    generate(tmp_path, registry(contract(a=(int, ...))))

    # Compatible with revision 2, which lacks the field, but not with revision 1's integer.
    outcome = generate(tmp_path, registry(contract(a=(int, ...), note=(str, ""))))

    assert f"{THING}: field note: type changed from integer to string (against revision 1)" in (
        outcome.problems
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": (str, ...)}, "phone"),
        ({"contact_phone": (str, ...)}, "contact_phone"),
        ({"full_name": (str, ...)}, "full_name"),
        ({"resident_id": (str, ...)}, "resident_id"),
        ({"income": (int, None)}, "income"),
        ({"member": (nested(home_address=(str, ...)), ...)}, "member.home_address"),
    ],
)
def test_a_field_named_like_personal_data_is_refused(tmp_path, fields, field):
    contracts = registry(contract(**fields))

    outcome = generate(tmp_path, contracts)

    assert not outcome.ok
    assert any(p.startswith(f"{THING}: field {field}: name suggests personal data") for p in (
        outcome.problems
    ))  # fmt: skip
    assert not (tmp_path / "contracts").exists()


def test_names_of_organisations_are_not_personal_data(tmp_path):
    contracts = registry(contract(station_name=(str, ...), union_name=(str, ...)))

    assert generate(tmp_path, contracts).ok
    assert check(tmp_path, contracts).ok


def test_asyncapi_document_has_a_channel_per_topic_and_a_message_per_type(tmp_path):
    part = nested(x=(int, ...))
    types = [THING, "testing.thing.dropped.v1", "other-domain.case.filed.v1"]
    generate(tmp_path, registry(*(contract(t, a=(int, ...), part=(part, ...)) for t in types)))

    document = yaml.safe_load((tmp_path / "contracts/asyncapi.yaml").read_text())

    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["title"] == "County trade-union federation events"
    assert document["servers"]["kafka"]["protocol"] == "kafka"
    assert {t: c["address"] for t, c in document["channels"].items()} == {
        "testing": "testing",
        "other-domain": "other-domain",
    }
    messages = document["components"]["messages"]
    assert sorted(messages) == sorted(types)
    message = messages[THING]
    assert (message["name"], message["contentType"]) == (THING, "application/json")
    assert message["headers"]["properties"]["ce_type"]["const"] == THING
    assert set(message["headers"]["required"]) >= {"ce_id", "ce_source", "ce_type"}
    assert message["payload"]["required"] == ["a", "part"]
    part_ref = message["payload"]["properties"]["part"]["$ref"]
    assert part_ref == f"#/components/schemas/{THING}.Part"
    assert document["components"]["schemas"][f"{THING}.Part"]["required"] == ["x"]
    assert {o["action"] for o in document["operations"].values()} == {"send"}
    assert sorted(o["channel"]["$ref"] for o in document["operations"].values()) == [
        "#/channels/other-domain",
        "#/channels/testing",
    ]


def test_command_line_reports_problems_and_exit_status(tmp_path, capsys):
    contracts = registry(contract(a=(int, ...)))

    assert main(["check", "--root", str(tmp_path)], contracts) == 1
    assert "contracts/asyncapi.yaml: missing" in capsys.readouterr().err
    assert main(["generate", "--root", str(tmp_path)], contracts) == 0
    assert main(["check", "--root", str(tmp_path)], contracts) == 0


def test_root_is_found_above_the_current_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["libs/*"]\n')
    (tmp_path / "libs" / "x").mkdir(parents=True)
    (tmp_path / "libs" / "x" / "pyproject.toml").write_text('[project]\nname = "x"\n')

    assert find_root(tmp_path / "libs" / "x") == tmp_path


def test_checked_in_contracts_match_the_registered_contracts():
    root = find_root(Path(__file__).resolve().parent)

    outcome = check(root, default_registry())

    assert outcome.problems == [], "\n".join(outcome.problems)
