"""JSON Schema documents of contract data, and the checked-in ``contracts/`` folder holding them.

Layout under the repository root::

    contracts/schemas/<event_type>.json        the current schema of each registered type
    contracts/history/<event_type>/<n>.json    every distinct revision it has had, 1, 2, ...
    contracts/asyncapi.yaml                    the AsyncAPI 3 document of all topics
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unionfed.common.events.contract import IntegrationEvent

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_REVISION = re.compile(r"^[1-9][0-9]*\.json$")

Schema = dict[str, Any]


def schema_document(contract: type[IntegrationEvent]) -> Schema:
    """The JSON Schema of a contract's data, marked with its type, topic and summary."""
    # Serialization mode describes the bytes on the topic (what a consumer in any language
    # receives), e.g. a Decimal as a string, not the looser inputs pydantic would also accept.
    # Fields with defaults stay optional: events of earlier producers may lack them.
    schema = contract.model_json_schema(mode="serialization")
    schema.update(
        {
            "$schema": DIALECT,
            "$id": f"urn:unionfed:event:{contract.event_type}",
            "x-event-type": contract.event_type,
            "x-topic": contract.topic,
            "x-summary": contract.summary,
        }
    )
    return canonical(schema)


def render_json(document: Schema) -> str:
    """Stable text: sorted keys, 2-space indent, trailing newline, so diffs stay small."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def canonical(document: Schema) -> Schema:
    """The same document with keys in sorted order, as it reads back from its file."""
    return json.loads(render_json(document))


class SchemaNode:
    """A schema node together with the document whose ``$defs`` its references point into."""

    def __init__(self, node: Any, document: Schema) -> None:
        self.node, self.document = node, document

    def at(self, node: Any) -> SchemaNode:
        return SchemaNode(node, self.document)

    def resolved(self) -> tuple[dict, str | None]:
        node, ref = self.node if isinstance(self.node, dict) else {}, None
        while "$ref" in node or len(node.get("allOf", ())) == 1:
            target = node.get("$ref")
            inner = self._lookup(target) if target else node["allOf"][0]
            ref = target or ref
            node = {**inner, **{k: v for k, v in node.items() if k not in ("$ref", "allOf")}}
        return node, ref

    def _lookup(self, ref: str) -> dict:
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported, not {ref!r}")
        node: Any = self.document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node


@dataclass(frozen=True)
class ContractsFolder:
    """Paths of the checked-in ``contracts/`` folder under a repository root."""

    root: Path

    @property
    def path(self) -> Path:
        return self.root / "contracts"

    @property
    def schemas(self) -> Path:
        return self.path / "schemas"

    @property
    def history(self) -> Path:
        return self.path / "history"

    @property
    def asyncapi(self) -> Path:
        return self.path / "asyncapi.yaml"

    def schema_path(self, event_type: str) -> Path:
        return self.schemas / f"{event_type}.json"

    def revision_path(self, event_type: str, number: int) -> Path:
        return self.history / event_type / f"{number}.json"

    def revisions(self, event_type: str) -> list[tuple[int, Schema]]:
        """Stored revisions of a type, oldest first."""
        folder = self.history / event_type
        if not folder.is_dir():
            return []
        found = [p for p in folder.iterdir() if _REVISION.match(p.name)]
        return sorted((int(p.stem), json.loads(p.read_text("utf-8"))) for p in found)

    def strays(self, event_types: set[str]) -> list[Path]:
        """Files and folders that belong to no registered type, or are not revisions."""
        found: list[Path] = []
        if self.schemas.is_dir():
            found += [p for p in self.schemas.iterdir() if _stem(p) not in event_types]
        if self.history.is_dir():
            for folder in self.history.iterdir():
                if folder.name not in event_types or not folder.is_dir():
                    found.append(folder)
                else:
                    found += [p for p in folder.iterdir() if not _REVISION.match(p.name)]
        return sorted(found)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def _stem(path: Path) -> str | None:
    return path.name.removesuffix(".json") if path.name.endswith(".json") else None


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
