"""What officers read and do with petitions: the casework half of SqlRepository.

Kept apart from storage/repository.py (the citizen's half) only to keep modules small;
:class:`storage.repository.SqlRepository` inherits it and both share one session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, nulls_last, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import ports
from core.labels import Category, Kind
from core.lifecycle import OPEN_STATUSES, Action, IllegalTransition, Status
from storage import models as m

SATISFIED, UNSATISFIED = "satisfied", "unsatisfied"
RATED_SATISFIED, RATED_UNSATISFIED = "rated_satisfied", "rated_unsatisfied"  # event actions


@dataclass(frozen=True)
class LabelledExample:
    """A petition's labels as an officer last corrected them: a training example."""

    petition: str | None  # the tracking code
    text: str  # the copy units see (redacted for a confidential petition)
    kind: str
    category: str
    urgent: bool  # the petition's current flag (officers correct kind and category only)
    corrected_at: datetime


class CaseworkQueries:
    """Casework reads and writes on ``self.session`` (mixed into SqlRepository)."""

    session: AsyncSession

    async def _petition(self, row: m.Petition) -> ports.Petition:  # SqlRepository's
        raise NotImplementedError

    def _add_event(
        self,
        petition_id: int,
        at: datetime,
        actor: ports.Actor,
        action: str,
        before: Status | None,
        after: Status | None,
        note: str | None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            m.PetitionEvent(
                petition_id=petition_id,
                at=at,
                actor_type=actor.type,
                actor_id=actor.id,
                action=action,
                from_status=before.value if before else None,
                to_status=after.value if after else None,
                note=note,
                data=data or {},
            )
        )

    async def petition_by_code(self, code: str) -> ports.Petition | None:
        """Any petition by its tracking code, case-insensitive (callers check who may see it)."""
        row = await self.session.scalar(
            select(m.Petition).where(m.Petition.code == code.strip().upper())
        )
        return None if row is None else await self._petition(row)

    async def history(self, petition_id: int) -> list[ports.PetitionEvent]:
        """A petition's events, oldest first."""
        rows = await self.session.scalars(
            select(m.PetitionEvent)
            .where(m.PetitionEvent.petition_id == petition_id)
            .order_by(m.PetitionEvent.at, m.PetitionEvent.id)
        )
        return [event_record(row) for row in rows.all()]

    async def queue(
        self, unit_code: str | None, limit: int, offset: int
    ) -> tuple[list[ports.Petition], int]:
        """Open petitions of a unit (None: every unit), overdue first then due soonest
        (the earliest due date first; no due date last), with the total count."""
        where = [m.Petition.status.in_([s.value for s in OPEN_STATUSES])]
        if unit_code is not None:
            where.append(m.Petition.unit_id.in_(select(m.Unit.id).where(m.Unit.code == unit_code)))
        total = await self.session.scalar(
            select(func.count()).select_from(m.Petition).where(*where)
        )
        rows = await self.session.scalars(
            select(m.Petition)
            .where(*where)
            .order_by(nulls_last(m.Petition.due_date.asc()), m.Petition.id)
            .limit(limit)
            .offset(offset)
        )
        return [await self._petition(row) for row in rows.all()], int(total or 0)

    async def cluster_size(self, cluster_id: int | None) -> int:
        """How many petitions a near-duplicate cluster holds (its first one included);
        1 for a petition in no cluster (``cluster_id`` None)."""
        if cluster_id is None:
            return 1
        linked = await self.session.scalar(
            select(func.count()).select_from(m.Petition).where(m.Petition.cluster_id == cluster_id)
        )
        return 1 + int(linked or 0)

    async def attachments_of(self, petition_id: int) -> list[ports.AttachmentRef]:
        """The files sent with a petition, in the order received."""
        rows = await self.session.execute(
            select(m.Attachment.media_type, m.Attachment.channel, m.Attachment.channel_file_id)
            .where(m.Attachment.petition_id == petition_id)
            .order_by(m.Attachment.id)
        )
        return [ports.AttachmentRef(*row) for row in rows.all()]

    async def sender_contact(
        self, petition_id: int, officer_id: int, purpose: str, at: datetime
    ) -> ports.Contact:
        """Who sent a petition; every call is logged in identity_accesses (DOMAIN.md 4)."""
        row = await self.session.get_one(m.PetitionContact, petition_id)
        self.session.add(
            m.IdentityAccess(petition_id=petition_id, officer_id=officer_id, purpose=purpose, at=at)
        )
        await self.session.flush()
        return ports.Contact(row.full_name, row.phone, row.address, row.confidential)

    async def relabel(
        self,
        petition_id: int,
        officer_id: int,
        kind: Kind,
        category: Category,
        at: datetime,
    ) -> ports.Petition:
        """An officer corrects a petition's kind/category: the petition changes (no longer
        uncertain), the history says so, and the correction is kept as a labelled example
        (the text units see: redacted for a confidential petition) for the next training."""
        row = await self.session.get_one(
            m.Petition, petition_id, with_for_update=True, populate_existing=True
        )
        contact = await self.session.get(m.PetitionContact, petition_id)
        hidden = contact is not None and contact.confidential
        self.session.add(
            m.LabelCorrection(
                petition_id=petition_id,
                officer_id=officer_id,
                text=(row.redacted_text or "") if hidden else row.text,
                old_kind=row.kind,
                old_category=row.category,
                new_kind=kind.value,
                new_category=category.value,
                at=at,
            )
        )
        status = Status(row.status)
        change = {"from": [row.kind, row.category], "to": [kind.value, category.value]}
        officer = ports.Actor("officer", officer_id)
        self._add_event(petition_id, at, officer, RELABEL, status, status, None, change)
        row.kind, row.category, row.uncertain, row.updated_at = (
            kind.value,
            category.value,
            False,
            at,
        )
        await self.session.flush()
        return await self._petition(row)

    async def labelled_corrections(self, since: datetime | None = None) -> list[LabelledExample]:
        """Each corrected petition once, as a training example: the text and labels of its
        latest correction (by time, then by id), its current urgent flag and its tracking
        code, ordered by that correction. ``since`` keeps the petitions whose latest
        correction was made at or after that instant. A correction with no text (a
        confidential petition with no redacted copy) is left out."""
        query = (
            select(m.LabelCorrection, m.Petition.code, m.Petition.urgent)
            .join(m.Petition, m.Petition.id == m.LabelCorrection.petition_id)
            .order_by(m.LabelCorrection.at, m.LabelCorrection.id)
        )
        if since is not None:  # a petition's rows at or after it hold its latest one
            query = query.where(m.LabelCorrection.at >= since)
        latest: dict[int, LabelledExample] = {}
        for correction, code, urgent in (await self.session.execute(query)).all():
            latest.pop(correction.petition_id, None)  # re-inserted last: ordered by the latest
            latest[correction.petition_id] = LabelledExample(
                petition=code,
                text=correction.text,
                kind=correction.new_kind,
                category=correction.new_category,
                urgent=bool(urgent),
                corrected_at=correction.at,
            )
        return [example for example in latest.values() if example.text.strip()]

    async def identifying_strings(self, petition_id: int) -> list[str]:
        """The sender's name and phone as given with a petition, for redacting what they
        write later (used inside the process only, never shown; not an access)."""
        row = await self.session.get(m.PetitionContact, petition_id)
        if row is None:
            return []
        return [value for value in (row.full_name, row.phone, row.address) if value]

    async def owner_chats(self, petition_id: int) -> list[ports.Recipient]:
        """The sender's chat on the channel the petition came from (ownership lives only in
        petition_contacts; the identity is never shown, only used to deliver)."""
        rows = await self.session.execute(
            select(m.CitizenIdentity.channel, m.CitizenIdentity.external_id)
            .join(m.PetitionContact, m.PetitionContact.citizen_id == m.CitizenIdentity.citizen_id)
            .join(m.Petition, m.Petition.id == m.PetitionContact.petition_id)
            .where(
                m.PetitionContact.petition_id == petition_id,
                m.CitizenIdentity.channel == m.Petition.channel,
            )
        )
        return [ports.Recipient(channel, chat_id) for channel, chat_id in rows.all()]

    async def subscriber_chats(self, petition_id: int) -> list[ports.Recipient]:
        """The chats of citizens following a cluster they joined, on every channel they use."""
        rows = await self.session.execute(
            select(m.CitizenIdentity.channel, m.CitizenIdentity.external_id)
            .join(
                m.PetitionSubscription,
                m.PetitionSubscription.citizen_id == m.CitizenIdentity.citizen_id,
            )
            .where(m.PetitionSubscription.petition_id == petition_id)
            .order_by(m.PetitionSubscription.id)
        )
        return [ports.Recipient(channel, chat_id) for channel, chat_id in rows.all()]

    async def rate(
        self,
        petition_id: int,
        satisfied: bool,
        comment: str | None,
        actor: ports.Actor,
        at: datetime,
    ) -> None:
        """Record the sender's rating of the latest answer (an event and the rating);
        IllegalTransition when the petition is no longer answered."""
        row = await self.session.get_one(
            m.Petition, petition_id, with_for_update=True, populate_existing=True
        )
        if row.status != Status.ANSWERED.value:  # closed or reopened meanwhile
            raise IllegalTransition(Status(row.status), Action.CLOSE)
        row.rating, row.rated_at = (SATISFIED if satisfied else UNSATISFIED), at
        status = Status(row.status)
        action = RATED_SATISFIED if satisfied else RATED_UNSATISFIED
        self._add_event(petition_id, at, actor, action, status, status, comment)
        await self.session.flush()


RELABEL = "relabel"  # event action: an officer corrected the kind or category


def event_record(row: m.PetitionEvent) -> ports.PetitionEvent:
    """A history row as the application reads it."""
    return ports.PetitionEvent(
        at=row.at,
        actor=ports.Actor(row.actor_type, row.actor_id),
        action=row.action,
        from_status=Status(row.from_status) if row.from_status else None,
        to_status=Status(row.to_status) if row.to_status else None,
        note=row.note,
    )
