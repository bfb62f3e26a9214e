"""Generating and checking the checked-in ``contracts/`` folder against the registered contracts.

``generate`` writes nothing unless every contract passes; ``check`` is the read-only CI gate.
Both report problems as lines a reviewer can act on without reading this code.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from unionfed.common.events.asyncapi import asyncapi_document, render_yaml
from unionfed.common.events.compatibility import breaking_changes
from unionfed.common.events.forbidden_fields import personal_data_fields
from unionfed.common.events.registry import EventRegistry
from unionfed.common.events.schemas import (
    ContractsFolder,
    Schema,
    render_json,
    schema_document,
    write_text,
)

REGENERATE = "run `unionfed-contracts generate` and commit contracts/"


@dataclass
class Outcome:
    """What a run found wrong, and for ``generate`` which files it changed."""

    problems: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def expected_files(folder: ContractsFolder, registry: EventRegistry) -> dict[Path, str]:
    """Every generated file except history, with the text it should have."""
    schemas = {c.event_type: schema_document(c) for c in registry}
    files = {folder.schema_path(t): render_json(s) for t, s in schemas.items()}
    files[folder.asyncapi] = render_yaml(asyncapi_document(registry, schemas))
    return files


def check(root: Path, registry: EventRegistry) -> Outcome:
    """Stale, missing or stray files; breaking changes against any revision; personal data."""
    folder, outcome = ContractsFolder(root), Outcome()
    for path, text in expected_files(folder, registry).items():
        if not path.is_file():
            outcome.problems.append(f"{folder.relative(path)}: missing; {REGENERATE}")
        elif path.read_text("utf-8") != text:
            outcome.problems.append(f"{folder.relative(path)}: stale; {REGENERATE}")
    for stray in folder.strays({c.event_type for c in registry}):
        outcome.problems.append(f"{folder.relative(stray)}: no registered contract; {REGENERATE}")
    for contract in registry:
        current, revisions = schema_document(contract), folder.revisions(contract.event_type)
        outcome.problems += _personal_data(contract.event_type, current)
        outcome.problems += _history_gaps(folder, contract.event_type, revisions)
        if not revisions or revisions[-1][1] != current:
            history = folder.relative(folder.history / contract.event_type)
            state = "lacks the current schema" if revisions else "missing"
            outcome.problems.append(f"{history}: {state}; {REGENERATE}")
        outcome.problems += _breaking(contract.event_type, current, revisions)
    return outcome


def generate(root: Path, registry: EventRegistry) -> Outcome:
    """Write schemas, new history revisions and the AsyncAPI document; refuse on any problem."""
    folder, outcome = ContractsFolder(root), Outcome()
    appended: dict[Path, str] = {}
    for contract in registry:
        event_type, current = contract.event_type, schema_document(contract)
        revisions = folder.revisions(event_type)
        outcome.problems += _personal_data(event_type, current)
        if revisions and revisions[-1][1] == current:
            continue
        breaking = _breaking(event_type, current, revisions)
        if breaking:
            outcome.problems += [*breaking, _new_version_hint(contract.event_type)]
            continue
        number = revisions[-1][0] + 1 if revisions else 1
        appended[folder.revision_path(event_type, number)] = render_json(current)
    if not outcome.ok:
        return outcome
    files = {**expected_files(folder, registry), **appended}
    for path, text in files.items():
        if not path.is_file() or path.read_text("utf-8") != text:
            write_text(path, text)
            outcome.changed.append(f"wrote {folder.relative(path)}")
    for stray in folder.strays({c.event_type for c in registry}):
        # Contracts live in git history; a type no longer registered is no longer promised.
        if stray.is_dir():
            shutil.rmtree(stray)
        else:
            stray.unlink()
        outcome.changed.append(f"removed {folder.relative(stray)}")
    return outcome


def _breaking(event_type: str, current: Schema, revisions: list[tuple[int, Schema]]) -> list[str]:
    against: dict[tuple[str, str], list[int]] = {}
    for number, stored in revisions:
        for change in breaking_changes(stored, current):
            against.setdefault(change, []).append(number)
    return [
        f"{event_type}: field {path}: {rule} (against revision {', '.join(map(str, numbers))})"
        for (path, rule), numbers in against.items()
    ]


def _personal_data(event_type: str, schema: Schema) -> list[str]:
    found = personal_data_fields(event_type, schema)
    return [f"{event_type}: field {path}: {rule}" for path, rule in found]


def _history_gaps(folder: ContractsFolder, event_type: str, revisions: list) -> list[str]:
    numbers = [number for number, _ in revisions]
    if numbers == list(range(1, len(numbers) + 1)):
        return []
    where = folder.relative(folder.history / event_type)
    return [f"{where}: revisions {numbers} are not numbered 1..{len(numbers)}"]


def _new_version_hint(event_type: str) -> str:
    base, _, number = event_type.rpartition(".v")
    return (
        f"{event_type}: a breaking change needs a new type version: declare it as "
        f"{base}.v{int(number) + 1} beside the current contract instead of changing it"
    )
