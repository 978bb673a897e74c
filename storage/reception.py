"""The SQLAlchemy implementation of core.reception_ports.ReceptionRepository, plus what the
scheduler's reception job reads and marks (sessions to plan and publish, dialogues to
announce), inside one session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.lifecycle import OPEN_STATUSES, Status
from core.ports import Recipient, Repository
from core.reception_ports import (
    Booking,
    BookingRefused,
    DialogueInfo,
    NewBooking,
    NewSession,
    Question,
    Session,
)
from storage import models as m

_BOOKED = (
    select(func.count())
    .where(
        m.ReceptionBooking.session_id == m.ReceptionSession.id,
        m.ReceptionBooking.cancelled_at.is_(None),
    )
    .correlate(m.ReceptionSession)
    .scalar_subquery()
)
_ACTIVE = m.ReceptionBooking.cancelled_at.is_(None)
RECEPTION_EVENT = "reception"  # a petition's history: discussed at a tiếp công dân session


class SqlReception:
    """Sessions, bookings, subscriptions and dialogues inside one transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.db = session

    @classmethod
    def of(cls, repo: Repository) -> SqlReception:
        """The reception repository sharing ``repo``'s transaction (a SqlRepository's)."""
        session = getattr(repo, "session", None)
        if not isinstance(session, AsyncSession):
            raise TypeError("SqlReception needs a storage.repository.SqlRepository")
        return cls(session)

    # --- sessions ----------------------------------------------------------------------

    async def _sessions(self, *where: Any, limit: int | None = None) -> list[Session]:
        query = (
            select(m.ReceptionSession, _BOOKED)
            .where(*where)
            .order_by(m.ReceptionSession.starts_at, m.ReceptionSession.id)
            .limit(limit)
        )
        return [_session(row, booked) for row, booked in (await self.db.execute(query)).all()]

    async def upcoming(self, now: datetime, limit: int) -> list[Session]:
        """Published sessions not started yet, soonest first."""
        return await self._sessions(
            m.ReceptionSession.published_at.is_not(None),
            m.ReceptionSession.starts_at > now,
            limit=limit,
        )

    async def session(self, session_id: int) -> Session | None:
        """One session with its booked count."""
        found = await self._sessions(m.ReceptionSession.id == session_id)
        return found[0] if found else None

    async def next_bookable(self, after: datetime, now: datetime) -> Session | None:
        """The first published session starting after ``after`` still open and not full."""
        found = await self._sessions(
            m.ReceptionSession.published_at.is_not(None),
            m.ReceptionSession.starts_at > after,
            m.ReceptionSession.booking_closes_at > now,
            m.ReceptionSession.capacity > _BOOKED,
            limit=1,
        )
        return found[0] if found else None

    async def add_session(self, new: NewSession, at: datetime) -> Session:
        """Store a session (a one-off added by a leader; the scheduler publishes it)."""
        row = _new_session_row(new, at)
        self.db.add(row)
        await self.db.flush()
        return _session(row, 0)

    async def plan(self, sessions: Sequence[NewSession], at: datetime) -> int:
        """Store the planned sessions of weekly rules not stored yet; return how many.
        A concurrent planner's insert of the same (rule, date) wins quietly."""
        if not sessions:
            return 0
        dates = [s.rule_date for s in sessions if s.rule_date is not None]
        rows = await self.db.execute(
            select(m.ReceptionSession.rule_key, m.ReceptionSession.rule_date).where(
                m.ReceptionSession.rule_key.is_not(None),
                m.ReceptionSession.rule_date.between(min(dates), max(dates)),
            )
        )
        known = {(key, day) for key, day in rows.all()}
        added = 0
        for new in sessions:
            if (new.rule_key, new.rule_date) in known:
                continue
            try:
                async with self.db.begin_nested():
                    self.db.add(_new_session_row(new, at))
            except IntegrityError:
                continue
            added += 1
        return added

    async def to_publish(self, now: datetime, today: date) -> list[Session]:
        """Sessions not published yet whose publication day has come, not started yet."""
        return await self._sessions(
            m.ReceptionSession.published_at.is_(None),
            m.ReceptionSession.publish_on <= today,
            m.ReceptionSession.starts_at > now,
        )

    async def mark_published(self, session_id: int, at: datetime) -> bool:
        """Publish a session; False when it already was (another scheduler did)."""
        result = await self.db.execute(
            update(m.ReceptionSession)
            .where(m.ReceptionSession.id == session_id, m.ReceptionSession.published_at.is_(None))
            .values(published_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    async def starting(self, now: datetime, until: datetime) -> list[Session]:
        """Published sessions starting after ``now`` and by ``until``."""
        return await self._sessions(
            m.ReceptionSession.published_at.is_not(None),
            m.ReceptionSession.starts_at > now,
            m.ReceptionSession.starts_at <= until,
        )

    async def sessions_to_record(self, now: datetime, since: datetime) -> list[Session]:
        """Sessions started since ``since`` with bookings whose outcome is not recorded."""
        pending = (
            select(m.ReceptionBooking.id)
            .where(
                m.ReceptionBooking.session_id == m.ReceptionSession.id,
                _ACTIVE,
                m.ReceptionBooking.outcome.is_(None),
            )
            .exists()
        )
        return await self._sessions(
            m.ReceptionSession.starts_at <= now, m.ReceptionSession.starts_at >= since, pending
        )

    # --- bookings ----------------------------------------------------------------------

    async def book(self, new: NewBooking) -> Booking:
        """Take the next queue number (the session row is locked); BookingRefused if not."""
        row = await self.db.get(
            m.ReceptionSession, new.session_id, with_for_update=True, populate_existing=True
        )
        if row is None or row.published_at is None:
            raise BookingRefused(BookingRefused.UNKNOWN)
        if new.at >= row.booking_closes_at:
            raise BookingRefused(BookingRefused.CLOSED)
        bookings = (
            await self.db.scalars(
                select(m.ReceptionBooking).where(m.ReceptionBooking.session_id == row.id)
            )
        ).all()
        active = [b for b in bookings if b.cancelled_at is None]
        if any(b.citizen_id == new.citizen_id for b in active):
            raise BookingRefused(BookingRefused.TWICE)
        if len(active) >= row.capacity:
            raise BookingRefused(BookingRefused.FULL)
        booking = m.ReceptionBooking(
            session_id=row.id,
            citizen_id=new.citizen_id,
            channel=new.to.channel,
            chat_id=new.to.chat_id,
            queue_number=max((b.queue_number for b in bookings), default=0) + 1,
            matter=new.matter,
            kind=new.kind,
            category=new.category,
            petition_id=new.petition_id,
            created_at=new.at,
        )
        self.db.add(booking)
        await self.db.flush()
        return _booking(booking)

    async def _bookings(self, *where: Any) -> list[Booking]:
        rows = await self.db.execute(
            select(m.ReceptionBooking, m.Citizen.full_name, m.Citizen.display_name, m.Petition.code)
            .join(m.Citizen, m.Citizen.id == m.ReceptionBooking.citizen_id)
            .outerjoin(m.Petition, m.Petition.id == m.ReceptionBooking.petition_id)
            .join(m.ReceptionSession, m.ReceptionSession.id == m.ReceptionBooking.session_id)
            .where(*where)
            .order_by(m.ReceptionSession.starts_at, m.ReceptionBooking.queue_number)
        )
        return [_booking(row, full or shown, code) for row, full, shown, code in rows.all()]

    async def bookings_of(self, citizen_id: int, now: datetime) -> list[Booking]:
        """A citizen's active bookings of sessions not started yet."""
        return await self._bookings(
            m.ReceptionBooking.citizen_id == citizen_id,
            _ACTIVE,
            m.ReceptionSession.starts_at > now,
        )

    async def bookings_in(self, session_id: int) -> list[Booking]:
        """A session's active bookings by queue number, with the citizens' names."""
        return await self._bookings(m.ReceptionBooking.session_id == session_id, _ACTIVE)

    async def results_owed(self, until: date) -> list[Booking]:
        """Bookings heard with a result still to tell (``result_due``) by ``until`` or
        earlier, that have no petition to carry the clock (a linked petition's own due date
        does that)."""
        B = m.ReceptionBooking
        return await self._bookings(
            B.result_due.is_not(None), B.result_due <= until, B.petition_id.is_(None), _ACTIVE
        )

    async def booking(self, booking_id: int) -> Booking | None:
        """One booking."""
        found = await self._bookings(m.ReceptionBooking.id == booking_id)
        return found[0] if found else None

    async def cancel(self, booking_id: int, citizen_id: int, now: datetime) -> Booking | None:
        """Cancel one of the citizen's active bookings (None: no such booking)."""
        row = await self.db.get(m.ReceptionBooking, booking_id, with_for_update=True)
        if row is None or row.citizen_id != citizen_id or row.cancelled_at is not None:
            return None
        row.cancelled_at = now
        await self.db.flush()
        return _booking(row)

    async def record_outcome(
        self,
        booking_id: int,
        outcome: str,
        note: str | None,
        result_due: date | None,
        petition_id: int | None,
        now: datetime,
    ) -> None:
        """What the host recorded about one booked citizen."""
        row = await self.db.get_one(m.ReceptionBooking, booking_id, with_for_update=True)
        row.outcome, row.outcome_note, row.outcome_at = outcome, note, now
        row.result_due = result_due
        if petition_id is not None:
            row.petition_id = petition_id
        await self.db.flush()

    # --- announcement subscriptions ------------------------------------------------------

    async def subscribe(self, citizen_id: int, to: Recipient, now: datetime) -> bool:
        """Subscribe a chat to announcements; False when it already was."""
        if await self._subscription(to) is not None:
            return False
        try:
            async with self.db.begin_nested():
                self.db.add(
                    m.AnnouncementSubscription(
                        citizen_id=citizen_id,
                        channel=to.channel,
                        chat_id=to.chat_id,
                        created_at=now,
                    )
                )
        except IntegrityError:
            return False
        return True

    async def unsubscribe(self, to: Recipient) -> bool:
        """Unsubscribe a chat; False when it was not subscribed."""
        row = await self._subscription(to)
        if row is None:
            return False
        await self.db.delete(row)
        await self.db.flush()
        return True

    async def _subscription(self, to: Recipient) -> m.AnnouncementSubscription | None:
        return await self.db.scalar(
            select(m.AnnouncementSubscription).where(
                m.AnnouncementSubscription.channel == to.channel,
                m.AnnouncementSubscription.chat_id == to.chat_id,
            )
        )

    async def subscribers(self) -> list[Recipient]:
        """Every subscribed chat, in the order they subscribed."""
        rows = await self.db.execute(
            select(m.AnnouncementSubscription.channel, m.AnnouncementSubscription.chat_id).order_by(
                m.AnnouncementSubscription.id
            )
        )
        return [Recipient(channel, chat_id) for channel, chat_id in rows.all()]

    # --- dialogues -----------------------------------------------------------------------

    async def add_dialogue(
        self,
        topic: str,
        starts_at: datetime,
        place: str,
        cohosts: str | None,
        questions_close_at: datetime,
        host: Recipient,
        officer_id: int,
        now: datetime,
    ) -> DialogueInfo:
        """A dialogue scheduled by a leader (announced by the scheduler)."""
        row = m.Dialogue(
            topic=topic,
            starts_at=starts_at,
            place=place,
            cohosts=cohosts,
            questions_close_at=questions_close_at,
            host_channel=host.channel,
            host_chat_id=host.chat_id,
            created_by=officer_id,
            created_at=now,
        )
        self.db.add(row)
        await self.db.flush()
        return _dialogue(row)

    async def _dialogues(self, *where: Any) -> list[DialogueInfo]:
        rows = await self.db.scalars(
            select(m.Dialogue).where(*where).order_by(m.Dialogue.starts_at, m.Dialogue.id)
        )
        return [_dialogue(row) for row in rows.all()]

    async def dialogue(self, dialogue_id: int) -> DialogueInfo | None:
        """One dialogue."""
        found = await self._dialogues(m.Dialogue.id == dialogue_id)
        return found[0] if found else None

    async def open_dialogues(self, now: datetime) -> list[DialogueInfo]:
        """Dialogues still taking questions, soonest first."""
        return await self._dialogues(m.Dialogue.questions_close_at > now)

    async def dialogues_ahead(self, now: datetime) -> list[DialogueInfo]:
        """Dialogues not started yet that the job still has to announce, or whose questions
        are closed (it sends the host the list once). An announced one is not read again
        until its questions close."""
        return await self._dialogues(
            m.Dialogue.starts_at > now,
            or_(m.Dialogue.announced_at.is_(None), m.Dialogue.questions_close_at <= now),
        )

    async def dialogues_without_results(self, now: datetime) -> list[DialogueInfo]:
        """Dialogues held whose results are not published yet."""
        return await self._dialogues(
            m.Dialogue.starts_at <= now, m.Dialogue.results_published_at.is_(None)
        )

    async def mark_announced(self, dialogue_id: int, at: datetime) -> None:
        """Record when a dialogue was announced."""
        await self.db.execute(
            update(m.Dialogue)
            .where(m.Dialogue.id == dialogue_id, m.Dialogue.announced_at.is_(None))
            .values(announced_at=at)
        )

    async def questions(self, dialogue_id: int) -> list[Question]:
        """A dialogue's questions, oldest first."""
        rows = await self.db.scalars(
            select(m.DialogueQuestion)
            .where(m.DialogueQuestion.dialogue_id == dialogue_id)
            .order_by(m.DialogueQuestion.id)
        )
        return [_question(row) for row in rows.all()]

    async def question(self, question_id: int) -> Question | None:
        """One question."""
        row = await self.db.get(m.DialogueQuestion, question_id)
        return None if row is None else _question(row)

    async def add_question(
        self,
        dialogue_id: int,
        citizen_id: int,
        asker: Recipient,
        text: str,
        category: str,
        merged_into: int | None,
        now: datetime,
    ) -> int:
        """Store a question; return its id."""
        row = m.DialogueQuestion(
            dialogue_id=dialogue_id,
            citizen_id=citizen_id,
            channel=asker.channel,
            chat_id=asker.chat_id,
            text=text,
            category=category,
            merged_into=merged_into,
            created_at=now,
        )
        self.db.add(row)
        await self.db.flush()
        return row.id

    async def answer_group(
        self, question_id: int, answer: str, commitment: bool, now: datetime
    ) -> list[Recipient]:
        """Answer a question group (its first question); return every asker's chat."""
        first = await self.db.get_one(m.DialogueQuestion, question_id, with_for_update=True)
        first.answer, first.commitment, first.answered_at = answer, commitment, now
        rows = await self.db.execute(
            select(m.DialogueQuestion.channel, m.DialogueQuestion.chat_id)
            .where(
                (m.DialogueQuestion.id == question_id)
                | (m.DialogueQuestion.merged_into == question_id)
            )
            .order_by(m.DialogueQuestion.id)
        )
        askers = [Recipient(channel, chat_id) for channel, chat_id in rows.all()]
        await self.db.flush()
        return list(dict.fromkeys(askers))

    async def note_petition(
        self,
        petition_id: int,
        officer_id: int,
        note: str,
        due: date | None,
        due_rule: str | None,
        at: datetime,
    ) -> None:
        """Add a reception note to a petition's history; an open petition's due date becomes
        ``due`` (the clock for telling the citizen the result)."""
        row = await self.db.get_one(m.Petition, petition_id, with_for_update=True)
        data: dict[str, Any] = {}
        if due is not None and Status(row.status) in OPEN_STATUSES:
            row.due_date, row.due_rule, row.updated_at = due, due_rule, at
            data = {"due_date": due.isoformat(), "due_rule": due_rule}
        self.db.add(
            m.PetitionEvent(
                petition_id=petition_id,
                at=at,
                actor_type="officer",
                actor_id=officer_id,
                action=RECEPTION_EVENT,
                from_status=row.status,
                to_status=row.status,
                note=note,
                data=data,
            )
        )
        await self.db.flush()

    async def publish_results(self, dialogue_id: int, results: str, now: datetime) -> bool:
        """Record the published results; False when they already were."""
        result = await self.db.execute(
            update(m.Dialogue)
            .where(m.Dialogue.id == dialogue_id, m.Dialogue.results_published_at.is_(None))
            .values(results=results, results_published_at=now)
        )
        return bool(getattr(result, "rowcount", 0))


def _new_session_row(new: NewSession, at: datetime) -> m.ReceptionSession:
    return m.ReceptionSession(
        rule_key=new.rule_key,
        rule_date=new.rule_date,
        day=new.day,
        starts_at=new.starts_at,
        ends_at=new.ends_at,
        host=new.host,
        host_unit=new.host_unit,
        place=new.place,
        capacity=new.capacity,
        booking_closes_at=new.booking_closes_at,
        publish_on=new.publish_on,
        moved_from=new.moved_from,
        created_by=new.created_by,
        created_at=at,
    )


def _session(row: m.ReceptionSession, booked: int) -> Session:
    return Session(
        id=row.id,
        day=row.day,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        host=row.host,
        host_unit=row.host_unit,
        place=row.place,
        capacity=row.capacity,
        booking_closes_at=row.booking_closes_at,
        publish_on=row.publish_on,
        published_at=row.published_at,
        moved_from=row.moved_from,
        booked=int(booked or 0),
    )


def _booking(
    row: m.ReceptionBooking, name: str | None = None, petition_code: str | None = None
) -> Booking:
    return Booking(
        id=row.id,
        session_id=row.session_id,
        citizen_id=row.citizen_id,
        to=Recipient(row.channel, row.chat_id),
        queue_number=row.queue_number,
        matter=row.matter,
        category=row.category,
        petition_id=row.petition_id,
        kind=row.kind,
        outcome=row.outcome,
        result_due=row.result_due,
        name=name,
        petition_code=petition_code,
    )


def _dialogue(row: m.Dialogue) -> DialogueInfo:
    return DialogueInfo(
        id=row.id,
        topic=row.topic,
        starts_at=row.starts_at,
        place=row.place,
        cohosts=row.cohosts,
        questions_close_at=row.questions_close_at,
        host=Recipient(row.host_channel, row.host_chat_id),
    )


def _question(row: m.DialogueQuestion) -> Question:
    return Question(
        id=row.id,
        dialogue_id=row.dialogue_id,
        citizen_id=row.citizen_id,
        asker=Recipient(row.channel, row.chat_id),
        text=row.text,
        category=row.category,
        merged_into=row.merged_into,
        answer=row.answer,
    )
