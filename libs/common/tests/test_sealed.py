"""Sealing personal data again under the current key after a rotation, on SQLite and
PostgreSQL: every token moves to the new key, values in clear stay as they are, a second run
has nothing to do, and a token that does not open stops the job naming its row."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, insert, select

from unionfed.common.db.engine import create_engine
from unionfed.common.db.sealed import ResealError, reseal, sealed
from unionfed.common.personal_data import FieldCipher, generate_key_setting

OLD = generate_key_setting("k1")
NEW = generate_key_setting("k2")


def tables() -> tuple[MetaData, Table]:
    metadata = MetaData()
    notes = Table(
        "notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("kind", String(10), nullable=False),
        Column("phone_enc", Text, info=sealed("note.phone")),
        Column(
            "value",
            Text,
            info=sealed(lambda row: f"note.{row.kind}" if row.kind != "plain" else None),
        ),
    )
    return metadata, notes


@pytest.fixture
async def engine(database_url):
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


async def written(engine, cipher: FieldCipher, count: int):
    metadata, notes = tables()
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        for n in range(count):
            kind = "plain" if n % 4 == 0 else "secret"
            value = (
                f"clear {n}" if kind == "plain" else cipher.encrypt(f"v{n}", context="note.secret")
            )
            phone = None if n == 3 else cipher.encrypt(f"1380000{n:04d}", context="note.phone")
            await conn.execute(insert(notes).values(id=n, kind=kind, phone_enc=phone, value=value))
    return metadata, notes


async def test_every_token_moves_to_the_new_key_and_clear_values_stay(engine):
    old = FieldCipher.from_setting(OLD)
    metadata, notes = await written(engine, old, 10)
    rotated = FieldCipher.from_setting(f"{OLD},{NEW}")
    lines: list[str] = []
    done = await reseal(engine, rotated, metadata, batch=3, progress=lines.append)
    assert done.resealed == {"notes.phone_enc": 9, "notes.value": 7}
    assert done.current == {"notes.phone_enc": 0, "notes.value": 0}
    assert len([line for line in lines if "notes.phone_enc" in line]) == 3  # 9 tokens, by 3

    only_new = FieldCipher.from_setting(NEW)  # the old key can go now
    async with engine.connect() as conn:
        rows = (await conn.execute(select(notes).order_by(notes.c.id))).all()
    for row in rows:
        if row.phone_enc is not None:
            assert only_new.decrypt(row.phone_enc, context="note.phone") == f"1380000{row.id:04d}"
        if row.kind == "plain":
            assert row.value == f"clear {row.id}"
        else:
            assert only_new.decrypt(row.value, context="note.secret") == f"v{row.id}"

    again = await reseal(engine, rotated, metadata)
    assert again.total == 0 and again.current == {"notes.phone_enc": 9, "notes.value": 7}
    assert "0 tokens sealed again" in again.summary()


async def test_a_token_that_does_not_open_stops_the_job_naming_the_row(engine):
    old = FieldCipher.from_setting(OLD)
    metadata, notes = await written(engine, old, 6)
    async with engine.begin() as conn:  # a value copied from another column: wrong context
        stray = old.encrypt("x", context="other.column")
        await conn.execute(notes.update().where(notes.c.id == 5).values(phone_enc=stray))
    with pytest.raises(ResealError, match=r"notes.phone_enc \(id=5\): authentication"):
        await reseal(engine, FieldCipher.from_setting(f"{OLD},{NEW}"), metadata, batch=2)
    async with engine.connect() as conn:  # the batches before it are done
        first = (await conn.execute(select(notes.c.phone_enc).where(notes.c.id == 0))).scalar()
    assert FieldCipher.key_of(first) == "k2"
