"""Columns of personal data sealed with :class:`FieldCipher`, and the job that seals them all
again under the current key after a rotation (``unionfed-<service> reseal``).

A table declares such a column with ``Column("mobile_enc", Text, info=sealed("member.mobile"))``:
the context is the one the repository encrypts with. Where the context depends on the row (a
correction seals its old and new values as ``correction.<field>``, and only for sensitive
fields), ``sealed`` takes a function of the row that returns the context, or None for a value
stored in clear.

The job walks every sealed column of a service's tables in primary-key order, in batches. It
decrypts each token that is not under the current key, encrypts it under the current key, and
writes it back only if the column still holds the token it read. A concurrent edit wins, and
its value is already under the current key. Each batch commits on its own, so an interrupted
job keeps what it did; run it again to finish. Once it reports no token under an old key, the
old keys can leave ``PII_KEYS``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Column, MetaData, Table, select, tuple_, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from unionfed.common.personal_data import FieldCipher, PersonalDataError

log = logging.getLogger(__name__)

__all__ = ["ResealError", "Resealed", "reseal", "sealed", "sealed_columns"]

Context = str | Callable[[Row], str | None]
_INFO_KEY = "sealed_context"


class ResealError(Exception):
    """A token that does not open under its column's context or any key of the keyring: the
    job stops there and names the column and the row (what it did before stays done)."""


def sealed(context: Context) -> dict:
    """``Column(..., info=sealed("case.worker_phone"))``: what the column is sealed with."""
    return {_INFO_KEY: context}


@dataclass(frozen=True)
class SealedColumn:
    table: Table
    column: Column
    context: Context

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column.name}"

    def context_of(self, row: Row) -> str | None:
        return self.context(row) if callable(self.context) else self.context


def sealed_columns(metadata: MetaData) -> Iterator[SealedColumn]:
    for table in metadata.sorted_tables:
        for column in table.columns:
            if _INFO_KEY in column.info:
                yield SealedColumn(table, column, column.info[_INFO_KEY])


@dataclass
class Resealed:
    """Tokens per column: sealed again, already under the current key, or changed meanwhile."""

    resealed: dict[str, int] = field(default_factory=dict)
    current: dict[str, int] = field(default_factory=dict)
    changed_meanwhile: int = 0

    @property
    def total(self) -> int:
        return sum(self.resealed.values())

    def summary(self) -> str:
        lines = [
            f"  {name:<40} {self.resealed.get(name, 0):>8} sealed again, "
            f"{self.current.get(name, 0):>8} already under the current key"
            for name in sorted(set(self.resealed) | set(self.current))
        ]
        tail = f"{self.total} tokens sealed again"
        if self.changed_meanwhile:
            tail += f"; {self.changed_meanwhile} changed meanwhile (they carry the current key)"
        return "\n".join([*lines, tail])


async def reseal(
    engine: AsyncEngine,
    cipher: FieldCipher,
    metadata: MetaData,
    *,
    batch: int = 500,
    progress: Callable[[str], None] = lambda _line: None,
) -> Resealed:
    """Seal every token of ``metadata``'s sealed columns under ``cipher.current``."""
    result = Resealed()
    for column in sealed_columns(metadata):
        await _reseal_column(engine, cipher, column, batch, result, progress)
    return result


async def _reseal_column(engine, cipher, sealed_column: SealedColumn, batch, result, progress):
    table, column = sealed_column.table, sealed_column.column
    key = list(table.primary_key.columns)
    name = sealed_column.name
    result.resealed[name] = result.current[name] = 0
    last = None
    while True:
        query = select(table).where(column.is_not(None)).order_by(*key).limit(batch)
        if last is not None:
            query = query.where(tuple_(*key) > tuple_(*last))
        async with engine.begin() as conn:
            rows = (await conn.execute(query)).all()
            for row in rows:
                token = getattr(row, column.name)
                context = sealed_column.context_of(row)
                if context is None:  # stored in clear (a correction of a field not sensitive)
                    continue
                if cipher.key_of(token) == cipher.current:
                    result.current[name] += 1
                    continue
                try:
                    plain = cipher.decrypt(token, context=context)
                except PersonalDataError as exc:  # say where; the value stays unsaid
                    at = ", ".join(f"{k.name}={getattr(row, k.name)}" for k in key)
                    raise ResealError(f"{name} ({at}): {exc.reason}") from None
                fresh = cipher.encrypt(plain, context=context)
                where = [k == getattr(row, k.name) for k in key]
                done = await conn.execute(
                    update(table).where(*where, column == token).values({column.name: fresh})
                )
                if done.rowcount == 1:
                    result.resealed[name] += 1
                else:
                    result.changed_meanwhile += 1
        if not rows:
            break
        last = tuple(getattr(rows[-1], k.name) for k in key)
        progress(f"reseal: {name}: {result.resealed[name]:,} sealed again so far")
    log.info("reseal %s: %d sealed again", name, result.resealed[name])
