"""The SQLAlchemy implementation of handlers.officers.OfficerRepository."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core import roles
from core.config import InviteCode, Role
from core.ports import GROUP_SUFFIX, Recipient, Repository
from storage import models as m
from storage.repository import unit_id_of


class SqlOfficers:
    """Officers and units' group chats, inside the session of one transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @classmethod
    def of(cls, repo: Repository) -> SqlOfficers:
        """The officer repository sharing ``repo``'s transaction (a SqlRepository's)."""
        session = getattr(repo, "session", None)
        if not isinstance(session, AsyncSession):
            raise TypeError("SqlOfficers needs a storage.repository.SqlRepository")
        return cls(session)

    async def code_holder(self, invite_code: str) -> tuple[str, str] | None:
        """The (channel, external id) of the active officer registered with this code."""
        row = await self.session.scalar(
            select(m.Officer)
            .where(m.Officer.invite_code == invite_code, m.Officer.active.is_(True))
            .order_by(m.Officer.id)
            .limit(1)
        )
        return None if row is None else (row.channel, row.external_id)

    async def officer_unit(self, channel: str, external_id: str) -> tuple[str, str] | None:
        """(unit code, role) of the active officer behind this account, if any."""
        found = await self.officer(channel, external_id)
        return None if found is None else (found.unit_code, found.role.value)

    async def officer(self, channel: str, external_id: str) -> roles.Officer | None:
        """The active officer behind this account, as the role checks see them."""
        row = (
            await self.session.execute(
                select(m.Officer, m.Unit.code, m.Unit.confidential)
                .join(m.Unit, m.Unit.id == m.Officer.unit_id)
                .where(
                    m.Officer.channel == channel,
                    m.Officer.external_id == external_id,
                    m.Officer.active.is_(True),
                )
            )
        ).first()
        if row is None:
            return None
        officer, unit_code, confidential = row
        return roles.Officer(
            id=officer.id,
            unit_code=unit_code,
            role=Role(officer.role),
            name=officer.full_name,
            unit_confidential=confidential,
            on_duty=officer.on_duty,
        )

    async def unit_inboxes(self, unit_code: str) -> list[Recipient]:
        """Where a unit's work goes: its bound group chats, else each of its officers."""
        groups = await self.session.execute(
            select(m.UnitChat.channel, m.UnitChat.chat_id)
            .join(m.Unit, m.Unit.id == m.UnitChat.unit_id)
            .where(m.Unit.code == unit_code)
            .order_by(m.UnitChat.id)
        )
        found = [Recipient(channel, chat_id, True) for channel, chat_id in groups.all()]
        if found:
            return found
        return await self.people(unit_code=unit_code, exclude=(Role.LEADER,))

    async def leaders(self) -> list[Recipient]:
        """The private chats of the active leaders."""
        return await self.people(roles_wanted=(Role.LEADER,))

    async def heads(self, unit_code: str | None) -> list[Recipient]:
        """Who answers for a unit: its heads, else its inboxes (:meth:`unit_inboxes`); the
        leaders when there is no unit (e.g. a tiếp công dân session hosted by no unit)."""
        if unit_code is None:
            return await self.leaders()
        heads = await self.people(unit_code=unit_code, roles_wanted=(Role.UNIT_HEAD,))
        return heads or await self.unit_inboxes(unit_code)

    async def people(
        self,
        *,
        unit_code: str | None = None,
        roles_wanted: tuple[Role, ...] = (),
        exclude: tuple[Role, ...] = (),
        on_duty: bool | None = None,
    ) -> list[Recipient]:
        """The private chats of active officers, filtered by unit, roles and duty."""
        query = (
            select(m.Officer.channel, m.Officer.external_id)
            .join(m.Unit, m.Unit.id == m.Officer.unit_id)
            .where(m.Officer.active.is_(True))
            .order_by(m.Officer.id)
        )
        if unit_code is not None:
            query = query.where(m.Unit.code == unit_code)
        if roles_wanted:
            query = query.where(m.Officer.role.in_([r.value for r in roles_wanted]))
        if exclude:
            query = query.where(m.Officer.role.not_in([r.value for r in exclude]))
        if on_duty is not None:
            query = query.where(m.Officer.on_duty.is_(on_duty))
        rows = await self.session.execute(query)
        return [Recipient(channel, external_id) for channel, external_id in rows.all()]

    async def set_on_duty(self, officer_id: int, on_duty: bool) -> None:
        """Put an officer on or off duty (urgent petitions alert those on duty at once)."""
        await self.session.execute(
            update(m.Officer).where(m.Officer.id == officer_id).values(on_duty=on_duty)
        )

    async def register_officer(
        self,
        channel: str,
        external_id: str,
        invite: InviteCode,
        full_name: str | None,
        at: datetime,
    ) -> None:
        """Create or update the officer row of this account."""
        unit_id = await unit_id_of(self.session, invite.unit)
        row = await self.session.scalar(
            select(m.Officer).where(
                m.Officer.channel == channel, m.Officer.external_id == external_id
            )
        )
        if row is None:
            self.session.add(
                m.Officer(
                    unit_id=unit_id,
                    role=invite.role.value,
                    full_name=full_name,
                    channel=channel,
                    external_id=external_id,
                    invite_code=invite.code,
                    active=True,
                    created_at=at,
                )
            )
        else:
            row.unit_id, row.role, row.invite_code = unit_id, invite.role.value, invite.code
            row.active, row.full_name = True, full_name or row.full_name
        await self.session.flush()

    async def bind_group(
        self, unit_code: str, channel: str, chat_id: str, title: str | None, code: str, at: datetime
    ) -> None:
        """Bind (or re-bind) the unit's group chat on this channel."""
        unit_id = await unit_id_of(self.session, unit_code)
        row = await self.session.scalar(
            select(m.UnitChat).where(m.UnitChat.unit_id == unit_id, m.UnitChat.channel == channel)
        )
        if row is None:
            self.session.add(
                m.UnitChat(
                    unit_id=unit_id,
                    channel=channel,
                    chat_id=chat_id,
                    title=title,
                    invite_code=code,
                    bound_at=at,
                )
            )
        else:
            row.chat_id, row.title, row.invite_code, row.bound_at = chat_id, title, code, at
        await self.session.flush()

    async def units_of_group(self, channel: str, chat_id: str) -> list[str]:
        """The codes of the units bound to this group chat."""
        rows = await self.session.scalars(
            select(m.Unit.code)
            .join(m.UnitChat, m.UnitChat.unit_id == m.Unit.id)
            .where(m.UnitChat.channel == channel, m.UnitChat.chat_id == chat_id)
            .order_by(m.Unit.code)
        )
        return list(rows.all())

    async def unit_chat(self, unit_code: str, channel: str) -> str | None:
        """The chat id of the unit's bound group on this channel, if any."""
        return await self.session.scalar(
            select(m.UnitChat.chat_id)
            .join(m.Unit, m.Unit.id == m.UnitChat.unit_id)
            .where(m.Unit.code == unit_code, m.UnitChat.channel == channel)
        )

    async def move_group_chat(self, channel: str, old_chat_id: str, new_chat_id: str) -> int:
        """A group became a supergroup with a new id (Telegram's migrate_to_chat_id): every
        unit bound to the old id on this channel is bound to the new one, and the group's
        own identity and conversation follow it (unless the new id already has its own).
        Returns how many units were re-bound."""
        if old_chat_id == new_chat_id:
            return 0
        result = await self.session.execute(
            update(m.UnitChat)
            .where(m.UnitChat.channel == channel, m.UnitChat.chat_id == old_chat_id)
            .values(chat_id=new_chat_id)
        )
        group_channel = channel + GROUP_SUFFIX
        for model in (m.Conversation, m.CitizenIdentity):
            taken = await self.session.scalar(
                select(model.id).where(
                    model.channel == group_channel, model.external_id == new_chat_id
                )
            )
            if taken is None:
                await self.session.execute(
                    update(model)
                    .where(model.channel == group_channel, model.external_id == old_chat_id)
                    .values(external_id=new_chat_id)
                )
        await self.session.flush()
        return int(getattr(result, "rowcount", 0) or 0)
