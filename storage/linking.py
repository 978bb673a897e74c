"""Linking a citizen's accounts on two channels (a one-time code shown on one, typed on the
other): the second account's identity and everything filed under it join the first
citizen. Never done by guessing (same name, same phone): only by the code."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import Table, and_, delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.ports import LINK_CODE_DIGITS, Redeemed
from storage import models as m


class LinkingQueries:
    """Link codes and account merging on ``self.session`` (mixed into SqlRepository)."""

    session: AsyncSession

    async def new_link_code(
        self, citizen_id: int, channel: str, now: datetime, valid: timedelta
    ) -> str:
        """A fresh random code for this citizen's account on ``channel``."""
        while True:
            code = f"{secrets.randbelow(10**LINK_CODE_DIGITS):0{LINK_CODE_DIGITS}d}"
            try:
                async with self.session.begin_nested():
                    self.session.add(
                        m.LinkCode(
                            code=code,
                            citizen_id=citizen_id,
                            channel=channel,
                            created_at=now,
                            expires_at=now + valid,
                        )
                    )
                return code
            except IntegrityError:  # a live code already has these digits: draw again
                continue

    async def redeem_link_code(
        self, code: str, citizen_id: int, channel: str, now: datetime
    ) -> Redeemed:
        """Type ``code`` from this account: on success this citizen joins the code's one."""
        row = await self.session.scalar(
            select(m.LinkCode)
            .where(m.LinkCode.code == code, m.LinkCode.used_at.is_(None))
            .with_for_update()
        )
        if row is None or row.expires_at <= now:
            return Redeemed.UNKNOWN
        if row.citizen_id == citizen_id:
            return Redeemed.ALREADY
        if row.channel == channel:
            return Redeemed.SAME_CHANNEL
        row.used_at = now
        await self._merge(into=row.citizen_id, gone=citizen_id)
        return Redeemed.LINKED

    async def _merge(self, into: int, gone: int) -> None:
        """Every row that names citizen ``gone`` names ``into`` instead (a row that would
        then repeat one of ``into``'s under a unique constraint is dropped), the name and
        phone fill gaps, and ``gone`` is deleted."""
        for table in _tables_naming_citizens():
            column = table.c.citizen_id
            for unique in _unique_column_sets(table):
                twin = table.alias("twin")
                same = and_(*(twin.c[name] == table.c[name] for name in unique))
                await self.session.execute(
                    delete(table).where(
                        column == gone,
                        exists().where(twin.c.citizen_id == into, same),
                    )
                )
            await self.session.execute(update(table).where(column == gone).values(citizen_id=into))
        keep = await self.session.get_one(m.Citizen, into)
        old = await self.session.get_one(m.Citizen, gone)
        keep.full_name = keep.full_name or old.full_name
        keep.phone = keep.phone or old.phone
        await self.session.delete(old)
        await self.session.flush()


def _tables_naming_citizens() -> list[Table]:
    tables = m.Base.metadata.sorted_tables
    return [t for t in tables if "citizen_id" in t.c]


def _unique_column_sets(table: Table) -> list[list[str]]:
    """The other columns of each unique constraint that includes citizen_id."""
    sets = []
    for constraint in table.constraints:
        names = [c.name for c in getattr(constraint, "columns", [])]
        if constraint.__class__.__name__ == "UniqueConstraint" and "citizen_id" in names:
            sets.append([n for n in names if n != "citizen_id"])
    return sets
