"""Members and their corrections. Resident ID and mobile are encrypted on the way in and
decrypted on the way out; the domain never sees ciphertext, the database never plaintext."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.errors import Conflict
from unionfed.common.personal_data import FieldCipher
from unionfed.membership.adapters.repositories import count
from unionfed.membership.adapters.tables import MembershipTables, correction_context
from unionfed.membership.domain.member import (
    Correction,
    Gender,
    Identity,
    Member,
    MemberStatus,
    WorkerType,
)

# The encryption context binds each ciphertext to its column (see FieldCipher).
CONTEXT = {"resident_id": "member.resident_id", "mobile": "member.mobile"}


class StaleRecord(Conflict):
    """The member changed since it was read (optimistic lock): 409, reload and try again."""

    def __init__(self, member_id: str) -> None:
        super().__init__(
            "version",
            "unchanged_since_read",
            "the member was changed by someone else meanwhile; reload and try again",
            member_id=member_id,
        )


class Members:
    def __init__(self, session: AsyncSession, tables: MembershipTables, cipher: FieldCipher):
        self._s, self._t, self._c = session, tables.members, cipher
        self._corrections, self._cards = tables.corrections, tables.card_counters
        self._versions: dict[str, int] = {}

    async def get(self, member_id: str) -> Member | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == member_id))).first()
        return None if row is None else self._member(row)

    async def count_active(self, union_id: str) -> int:
        query = select(func.count()).where(
            self._t.c.union_id == union_id, self._t.c.status == MemberStatus.active.value
        )
        return (await self._s.execute(query)).scalar_one()

    async def active_in_union(self, union_id: str) -> list[Member]:
        query = select(self._t).where(
            self._t.c.union_id == union_id, self._t.c.status == MemberStatus.active.value
        )
        return [self._member(row) for row in await self._s.execute(query)]

    async def coverage(self, stations: frozenset[str] | None) -> dict[str, int]:
        """Active members per union."""
        query = (
            select(self._t.c.union_id, func.count())
            .where(self._t.c.status == MemberStatus.active.value)
            .group_by(self._t.c.union_id)
        )
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        return dict((await self._s.execute(query)).all())

    async def next_card_number(self, station_code: str, year: int) -> str:
        """Member card number (会员证号) ``<station>-<year>-<serial>``, serial per station-year."""
        insert_ = pg_insert if self._s.bind.dialect.name == "postgresql" else sqlite_insert
        stmt = insert_(self._cards).values(station_code=station_code, year=year, last=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=["station_code", "year"], set_={"last": self._cards.c.last + 1}
        ).returning(self._cards.c.last)
        serial = (await self._s.execute(stmt)).scalar_one()
        return f"{station_code}-{year}-{serial:06d}"

    async def latest_by_person(self, person_key: str) -> Member | None:
        """The person's active membership here, else their most recent one."""
        query = (
            select(self._t)
            .where(self._t.c.person_key == person_key)
            .order_by(
                (self._t.c.status == MemberStatus.active.value).desc(), self._t.c.created_at.desc()
            )
            .limit(1)
        )
        row = (await self._s.execute(query)).first()
        return None if row is None else self._member(row)

    async def add(self, member: Member) -> None:
        self._versions[member.id] = 1
        await self._s.execute(
            insert(self._t).values(**self._row(member), created_at=datetime.now(UTC), version=1)
        )

    async def save(self, member: Member) -> None:
        """Write changes and new corrections; refuses if someone else saved in between."""
        version = self._versions[member.id]
        row = self._row(member)
        del row["id"]
        result = await self._s.execute(
            update(self._t)
            .where(self._t.c.id == member.id, self._t.c.version == version)
            .values(**row, version=version + 1)
        )
        if result.rowcount != 1:
            raise StaleRecord(member.id)
        self._versions[member.id] = version + 1

    async def add_correction(self, member_id: str, correction: Correction) -> None:
        context = correction_context(correction)
        sensitive = context is not None
        await self._s.execute(
            insert(self._corrections).values(
                member_id=member_id,
                field=correction.field,
                old_value=self._c.encrypt(correction.old, context=context)
                if sensitive
                else correction.old,
                new_value=self._c.encrypt(correction.new, context=context)
                if sensitive
                else correction.new,
                reason=correction.reason,
                corrected_by=correction.corrected_by,
                corrected_at=correction.corrected_at,
            )
        )

    async def history(self, member_id: str) -> list[Correction]:
        """Corrections, oldest first; sensitive old/new values stay encrypted (not shown)."""
        rows = await self._s.execute(
            select(self._corrections)
            .where(self._corrections.c.member_id == member_id)
            .order_by(self._corrections.c.id)
        )
        return [
            Correction(r.field, r.old_value, r.new_value, r.reason, r.corrected_by, r.corrected_at)
            for r in rows
        ]

    async def listing(
        self,
        *,
        stations: frozenset[str] | None,
        station: str | None,
        union: str | None,
        worker_type: str | None,
        status: str | None,
        name: str | None,
        offset: int,
        limit: int,
    ) -> tuple[list[Member], int]:
        t = self._t
        query = select(t)
        if stations is not None:
            query = query.where(t.c.station_code.in_(sorted(stations)))
        for column, value in (
            (t.c.station_code, station),
            (t.c.union_id, union),
            (t.c.worker_type, worker_type),
            (t.c.status, status),
        ):
            if value:
                query = query.where(column == value)
        if name:
            query = query.where(or_(t.c.name == name, t.c.name.contains(name)))
        total = await count(self._s, query)
        rows = await self._s.execute(query.order_by(t.c.card_number).offset(offset).limit(limit))
        return [self._member(r) for r in rows], total

    def _member(self, row) -> Member:
        self._versions[row.id] = row.version
        identity = Identity(
            resident_id=self._c.decrypt(row.resident_id_enc, context=CONTEXT["resident_id"]),
            birth_date=row.birth_date,
            gender=Gender(row.gender),
        )
        return Member(
            id=row.id,
            card_number=row.card_number,
            person_key=row.person_key,
            station_code=row.station_code,
            union_id=row.union_id,
            name=row.name,
            identity=identity,
            mobile=self._c.decrypt(row.mobile_enc, context=CONTEXT["mobile"]),
            worker_type=WorkerType(row.worker_type),
            joined_on=row.joined_on,
            status=MemberStatus(row.status),
            ended_on=row.ended_on,
        )

    def _row(self, m: Member) -> dict:
        return {
            "id": m.id,
            "card_number": m.card_number,
            "person_key": m.person_key,
            "station_code": m.station_code,
            "union_id": m.union_id,
            "name": m.name,
            "resident_id_enc": self._c.encrypt(
                m.identity.resident_id, context=CONTEXT["resident_id"]
            ),
            "mobile_enc": self._c.encrypt(m.mobile, context=CONTEXT["mobile"]),
            "gender": m.identity.gender.value,
            "birth_date": m.identity.birth_date,
            "worker_type": m.worker_type.value,
            "joined_on": m.joined_on,
            "status": m.status.value,
            "ended_on": m.ended_on,
        }
