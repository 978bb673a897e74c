"""The SQLAlchemy implementation of core.ports.Store / Repository."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core import ports
from core.codes import format_code
from core.config import Unit as UnitConfig
from core.labels import Category, Kind
from core.lifecycle import OPEN_STATUSES, Action, FilingReason, Status, transition
from storage import models as m
from storage import outbox
from storage.casework import CaseworkQueries, event_record
from storage.db import hold_setup_lock
from storage.linking import LinkingQueries


class PetitionNotFound(LookupError):
    """No petition with that id."""


class SqlStore:
    """Opens transactions on one engine (a :class:`core.ports.Store`)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlRepository]:
        """A unit of work, committed at the end of the block, rolled back on error."""
        async with self._sessions() as session, session.begin():
            yield SqlRepository(session)

    async def sync_units(self, units: Iterable[UnitConfig]) -> None:
        """Make the units table match config.yaml (units no longer configured are deactivated)."""
        wanted = {unit.code: unit for unit in units}
        async with self.transaction() as repo:
            session = repo.session
            await hold_setup_lock(await session.connection())
            existing = {u.code: u for u in (await session.scalars(select(m.Unit))).all()}
            for code, unit in wanted.items():
                row = existing.get(code)
                if row is None:
                    session.add(m.Unit(code=code, name=unit.name, confidential=unit.confidential))
                else:
                    row.name, row.confidential, row.active = unit.name, unit.confidential, True
            for code, row in existing.items():
                if code not in wanted:
                    row.active = False


class SqlRepository(CaseworkQueries, LinkingQueries):
    """Reads and writes inside one session/transaction (a :class:`core.ports.Repository`)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- citizens, consent, messages -------------------------------------------------

    async def identify(
        self, channel: str, external_id: str, display_name: str | None, at: datetime
    ) -> ports.Citizen:
        """The citizen behind a channel identity, created on first contact."""
        known = await self._known_citizen(channel, external_id, display_name)
        if known is not None:
            return known
        try:
            async with self.session.begin_nested():
                citizen = m.Citizen(display_name=display_name, created_at=at)
                self.session.add(citizen)
                await self.session.flush()
                self.session.add(
                    m.CitizenIdentity(
                        citizen_id=citizen.id,
                        channel=channel,
                        external_id=external_id,
                        created_at=at,
                    )
                )
        except IntegrityError:  # a concurrent first message created them: use theirs
            known = await self._known_citizen(channel, external_id, display_name)
            if known is None:
                raise
            return known
        return _citizen(citizen)

    async def _known_citizen(
        self, channel: str, external_id: str, display_name: str | None
    ) -> ports.Citizen | None:
        identity = await self.session.scalar(
            select(m.CitizenIdentity).where(
                m.CitizenIdentity.channel == channel,
                m.CitizenIdentity.external_id == external_id,
            )
        )
        if identity is None:
            return None
        citizen = await self.session.get_one(m.Citizen, identity.citizen_id)
        if display_name and citizen.display_name != display_name:
            citizen.display_name = display_name
        return _citizen(citizen)

    async def record_inbound(
        self,
        citizen_id: int,
        channel: str,
        kind: str,
        text: str | None,
        payload: Mapping[str, Any],
        received_at: datetime,
        external_id: str | None = None,
    ) -> int | None:
        """Persist an incoming message; return its id, or None for a re-sent one."""
        if external_id is not None and await self.session.scalar(
            select(m.InboundMessage.id).where(
                m.InboundMessage.channel == channel, m.InboundMessage.external_id == external_id
            )
        ):
            return None
        row = m.InboundMessage(
            citizen_id=citizen_id,
            channel=channel,
            external_id=external_id,
            kind=kind,
            text=text,
            payload=dict(payload),
            received_at=received_at,
        )
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:  # another worker recorded it in the meantime
            return None
        return row.id

    async def mark_processed(self, message_id: int, at: datetime) -> None:
        """Record that the handler finished with a message."""
        await self.session.execute(
            update(m.InboundMessage)
            .where(m.InboundMessage.id == message_id)
            .values(processed_at=at)
        )

    async def inbound_text(self, message_id: int) -> str | None:
        """The text of a persisted incoming message."""
        return await self.session.scalar(
            select(m.InboundMessage.text).where(m.InboundMessage.id == message_id)
        )

    async def forget_unfiled_messages(self, citizen_id: int) -> int:
        """Delete a citizen's messages (and their attachments) that belong to no petition."""
        unfiled = select(m.InboundMessage.id).where(
            m.InboundMessage.citizen_id == citizen_id, m.InboundMessage.petition_id.is_(None)
        )
        await self.session.execute(
            delete(m.Attachment).where(
                m.Attachment.petition_id.is_(None), m.Attachment.message_id.in_(unfiled)
            )
        )
        result = await self.session.execute(
            delete(m.InboundMessage).where(m.InboundMessage.id.in_(unfiled))
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def record_consent(
        self, citizen_id: int, granted: bool, notice_version: str, channel: str, at: datetime
    ) -> None:
        """Append a consent decision."""
        self.session.add(
            m.Consent(
                citizen_id=citizen_id,
                granted=granted,
                notice_version=notice_version,
                channel=channel,
                at=at,
            )
        )
        await self.session.flush()

    async def has_consent(self, citizen_id: int, notice_version: str) -> bool:
        """Whether the citizen's latest decision on this notice is a grant."""
        latest = await self.session.scalar(
            select(m.Consent.granted)
            .where(m.Consent.citizen_id == citizen_id, m.Consent.notice_version == notice_version)
            .order_by(m.Consent.id.desc())
            .limit(1)
        )
        return bool(latest)

    async def update_citizen_contact(
        self, citizen_id: int, full_name: str | None, phone: str | None
    ) -> None:
        """Remember the name/phone a citizen gave, to offer them next time."""
        citizen = await self.session.get_one(m.Citizen, citizen_id)
        if full_name:
            citizen.full_name = full_name
        if phone:
            citizen.phone = phone

    # --- conversation state ----------------------------------------------------------

    async def ensure_conversation(self, channel: str, external_id: str, at: datetime) -> None:
        """Create the chat's conversation row if it is missing (so it can be locked)."""
        if await self._conversation(channel, external_id) is not None:
            return
        try:
            async with self.session.begin_nested():
                self.session.add(
                    m.Conversation(
                        channel=channel, external_id=external_id, state={}, updated_at=at
                    )
                )
        except IntegrityError:  # created concurrently: fine
            pass

    async def load_conversation(self, channel: str, external_id: str) -> dict[str, Any] | None:
        """The saved state of a chat, locked until the transaction ends (one turn at a time)."""
        row = await self._conversation(channel, external_id, lock=True)
        return dict(row.state) if row is not None and row.state else None

    async def load_free_conversation(
        self, channel: str, external_id: str
    ) -> tuple[bool, dict[str, Any] | None]:
        """Like :meth:`load_conversation` for *another* chat, without waiting: (False, None)
        when that chat is busy in another transaction (waiting could deadlock two turns
        that each change the other's chat). SQLite runs one transaction at a time anyway."""
        connection = await self.session.connection()
        if connection.dialect.name == "sqlite":
            return True, await self.load_conversation(channel, external_id)
        query = (
            select(m.Conversation)
            .where(m.Conversation.channel == channel, m.Conversation.external_id == external_id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        row = await self.session.scalar(query)
        if row is None:
            return False, None
        return True, dict(row.state) if row.state else None

    async def save_conversation(
        self, channel: str, external_id: str, state: Mapping[str, Any], at: datetime
    ) -> None:
        """Save (replace) a chat's conversation state."""
        row = await self._conversation(channel, external_id)
        if row is None:
            self.session.add(
                m.Conversation(
                    channel=channel, external_id=external_id, state=dict(state), updated_at=at
                )
            )
        else:
            row.state, row.updated_at = dict(state), at
        await self.session.flush()

    async def _conversation(
        self, channel: str, external_id: str, lock: bool = False
    ) -> m.Conversation | None:
        query = select(m.Conversation).where(
            m.Conversation.channel == channel, m.Conversation.external_id == external_id
        )
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(query)

    # --- attachments ------------------------------------------------------------------

    async def add_attachment(
        self,
        citizen_id: int,
        message_id: int,
        media_type: str,
        channel: str,
        channel_file_id: str,
        size: int | None,
        at: datetime,
    ) -> int:
        """Record an attachment's metadata (not yet tied to a petition); return its id."""
        row = m.Attachment(
            citizen_id=citizen_id,
            message_id=message_id,
            media_type=media_type,
            channel=channel,
            channel_file_id=channel_file_id,
            size=size,
            created_at=at,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    # --- petitions --------------------------------------------------------------------

    async def create_petition(self, new: ports.NewPetition, actor: ports.Actor) -> ports.Petition:
        """Insert a petition in status received, with its tracking code and a first event."""
        row = m.Petition(
            kind=new.kind.value,
            category=new.category.value,
            urgent=new.urgent,
            confidence=new.confidence,
            status=Status.RECEIVED.value,
            channel=new.channel,
            source=new.source,
            text=new.text,
            anonymous=new.anonymous,
            place=new.place,
            latitude=new.latitude,
            longitude=new.longitude,
            received_at=new.received_at,
            updated_at=new.received_at,
            uncertain=new.uncertain,
            redacted_text=new.redacted_text,
        )
        self.session.add(row)
        await self.session.flush()
        row.code = format_code(new.kind, new.code_year, row.id)
        self.session.add(
            m.PetitionContact(
                petition_id=row.id,
                citizen_id=new.citizen_id,
                full_name=new.contact.full_name,
                phone=new.contact.phone,
                address=new.contact.address,
                confidential=new.contact.confidential,
            )
        )
        if new.attachment_ids:
            attachments = m.Attachment.id.in_(list(new.attachment_ids))
            await self.session.execute(
                update(m.Attachment)
                .where(attachments, m.Attachment.citizen_id == new.citizen_id)
                .values(petition_id=row.id)
            )
            # the messages that carried them belong to the petition too
            await self.session.execute(
                update(m.InboundMessage)
                .where(
                    m.InboundMessage.id.in_(
                        select(m.Attachment.message_id).where(m.Attachment.petition_id == row.id)
                    )
                )
                .values(petition_id=row.id)
            )
        self._add_event(row.id, new.received_at, actor, "receive", None, Status.RECEIVED, None)
        await self.session.flush()
        return await self._petition(row)

    async def apply(
        self,
        petition_id: int,
        action: Action,
        actor: ports.Actor,
        at: datetime,
        note: str | None = None,
        *,
        unit_code: str | None = None,
        due_date: date | None = None,
        due_rule: str | None = None,
        reason: FilingReason | None = None,
        held_by: str | None = None,
    ) -> ports.Petition:
        """Move a petition through the lifecycle (core.lifecycle decides), appending an event.

        ``held_by``: the unit the actor works for; checked under the row lock, so an action
        decided on a petition that another officer has just transferred away is refused
        (:class:`core.ports.PetitionMoved`)."""
        row = await self.session.get(
            m.Petition, petition_id, with_for_update=True, populate_existing=True
        )
        if row is None:
            raise PetitionNotFound(petition_id)
        if held_by is not None and row.unit_id != await unit_id_of(self.session, held_by):
            raise ports.PetitionMoved(row.code or str(petition_id))
        before = Status(row.status)
        after = transition(before, action, reason)
        row.status, row.updated_at, row.version = after.value, at, row.version + 1
        data: dict[str, Any] = {}
        if unit_code is not None:
            row.unit_id = await unit_id_of(self.session, unit_code)
            data["unit"] = unit_code
        if due_date is not None:
            row.due_date, row.due_rule = due_date, due_rule
            data["due_date"], data["due_rule"] = due_date.isoformat(), due_rule
        if reason is not None:
            row.filing_reason = reason.value
            data["reason"] = reason.value
        milestone = _MILESTONES.get(action)
        if milestone is not None:
            setattr(row, milestone, at)
        self._add_event(row.id, at, actor, action.value, before, after, note, data)
        await self.session.flush()
        return await self._petition(row)

    async def open_petitions_like(
        self, category: Category, unit_code: str, since: datetime, limit: int
    ) -> list[ports.Petition]:
        """Open, non-confidential petitions of a category at a unit received since ``since``."""
        rows = await self.session.scalars(
            select(m.Petition)
            .join(m.Unit, m.Unit.id == m.Petition.unit_id)
            .join(m.PetitionContact, m.PetitionContact.petition_id == m.Petition.id)
            .where(
                m.Unit.code == unit_code,
                m.Petition.category == category.value,
                m.Petition.status.in_([s.value for s in OPEN_STATUSES]),
                m.Petition.received_at >= since,
                m.PetitionContact.confidential.is_(False),
            )
            .order_by(m.Petition.received_at.desc())
            .limit(limit)
        )
        return [await self._petition(row) for row in rows.all()]

    async def join_cluster(
        self, petition_id: int, cluster_id: int, citizen_id: int, at: datetime
    ) -> None:
        """Link a petition to a near-duplicate cluster and subscribe its sender to it."""
        await self.session.execute(
            update(m.Petition).where(m.Petition.id == petition_id).values(cluster_id=cluster_id)
        )
        already = await self.session.scalar(
            select(m.PetitionSubscription.id).where(
                m.PetitionSubscription.petition_id == cluster_id,
                m.PetitionSubscription.citizen_id == citizen_id,
            )
        )
        if already is None:
            self.session.add(
                m.PetitionSubscription(petition_id=cluster_id, citizen_id=citizen_id, created_at=at)
            )
            await self.session.flush()

    async def petition_for_owner(
        self, code: str, citizen_id: int
    ) -> tuple[ports.Petition, list[ports.PetitionEvent]] | None:
        """A petition and its history, only if this citizen filed it."""
        row = await self.session.scalar(_owned_by(citizen_id).where(m.Petition.code == code))
        if row is None:
            return None
        events = await self.session.scalars(
            select(m.PetitionEvent)
            .where(m.PetitionEvent.petition_id == row.id)
            .order_by(m.PetitionEvent.at, m.PetitionEvent.id)
        )
        return await self._petition(row), [event_record(e) for e in events]

    async def petitions_of(self, citizen_id: int, limit: int) -> list[ports.Petition]:
        """A citizen's petitions, newest first."""
        rows = await self.session.scalars(
            _owned_by(citizen_id)
            .order_by(m.Petition.received_at.desc(), m.Petition.id.desc())
            .limit(limit)
        )
        return [await self._petition(row) for row in rows.all()]

    async def post_message(
        self,
        to: ports.Recipient,
        text: str,
        options: Sequence[tuple[str, str]],
        at: datetime,
        petition_id: int | None = None,
    ) -> None:
        """Queue a message to anyone (committed with the transaction, sent by the channel)."""
        outbox.enqueue_text(
            self.session, to.channel, to.chat_id, to.is_group, text, options, at, petition_id
        )
        await self.session.flush()

    async def undelivered_channels(self, petition_id: int) -> list[str]:
        """Channels on which a notice about the petition is held or undeliverable."""
        return await outbox.undelivered_channels(self.session, petition_id)

    async def post_photo(
        self, to: ports.Recipient, file_id: str, caption: str | None, at: datetime
    ) -> None:
        """Queue a photo (a file id of ``to``'s channel) with an optional caption."""
        outbox.enqueue_photo(
            self.session, to.channel, to.chat_id, to.is_group, file_id, caption, at
        )
        await self.session.flush()

    async def link_messages(self, petition_id: int, message_ids: Iterable[int]) -> None:
        """Tie the messages a petition was built from to it (they are then kept with it)."""
        ids = list(message_ids)
        if ids:
            await self.session.execute(
                update(m.InboundMessage)
                .where(m.InboundMessage.id.in_(ids))
                .values(petition_id=petition_id)
            )

    async def redact_messages(
        self, petition_id: int, message_ids: Iterable[int], placeholder: str
    ) -> None:
        """Replace the text of messages whose content now lives in petition_contacts."""
        ids = list(message_ids)
        if ids:
            await self.session.execute(
                update(m.InboundMessage)
                .where(m.InboundMessage.id.in_(ids))
                .values(text=placeholder, petition_id=petition_id)
            )

    async def _petition(self, row: m.Petition) -> ports.Petition:
        unit_code = None
        if row.unit_id is not None:
            unit_code = await self.session.scalar(
                select(m.Unit.code).where(m.Unit.id == row.unit_id)
            )
        assert row.code is not None, "a petition gets its code as it is created"
        confidential = await self.session.scalar(
            select(m.PetitionContact.confidential).where(m.PetitionContact.petition_id == row.id)
        )
        return ports.Petition(
            id=row.id,
            code=row.code,
            kind=Kind(row.kind),
            category=Category(row.category),
            urgent=row.urgent,
            status=Status(row.status),
            unit_code=unit_code,
            received_at=row.received_at,
            due_date=row.due_date,
            due_rule=row.due_rule,
            text=row.text,
            anonymous=row.anonymous,
            channel=row.channel,
            cluster_id=row.cluster_id,
            redacted_text=row.redacted_text,
            confidential=bool(confidential),
            uncertain=row.uncertain,
            place=row.place,
            accepted_at=row.accepted_at,
            answered_at=row.answered_at,
            rating=row.rating,
            version=row.version,
        )


async def unit_id_of(session: AsyncSession, code: str) -> int:
    """The database id of the unit with this code (LookupError if it was never synced)."""
    unit_id = await session.scalar(select(m.Unit.id).where(m.Unit.code == code))
    if unit_id is None:
        raise LookupError(f"unit {code!r} is not in the database; run with its config")
    return unit_id


# The column that records when a petition last went through an action.
_MILESTONES = {
    Action.ACCEPT: "accepted_at",
    Action.ANSWER: "answered_at",
    Action.CLOSE: "closed_at",
    Action.FILE: "filed_at",
}


def _owned_by(citizen_id: int) -> Select[m.Petition]:
    """Petitions this citizen sent (ownership lives only in petition_contacts)."""
    return (
        select(m.Petition)
        .join(m.PetitionContact, m.PetitionContact.petition_id == m.Petition.id)
        .where(m.PetitionContact.citizen_id == citizen_id)
    )


def _citizen(row: m.Citizen) -> ports.Citizen:
    return ports.Citizen(
        id=row.id, display_name=row.display_name, full_name=row.full_name, phone=row.phone
    )
