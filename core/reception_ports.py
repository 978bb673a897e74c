"""What the tiếp công dân and đối thoại conversations need from storage (implemented by
storage/reception.py, injected through handlers.services.Services.reception)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from core.ports import Recipient


@dataclass(frozen=True)
class Session:
    """A tiếp công dân session as the application reads it."""

    id: int
    day: date
    starts_at: datetime
    ends_at: datetime
    host: str
    host_unit: str | None
    place: str
    capacity: int
    booking_closes_at: datetime
    publish_on: date
    published_at: datetime | None
    moved_from: date | None
    booked: int = 0  # active (not cancelled) bookings

    @property
    def full(self) -> bool:
        """Whether every place is taken."""
        return self.booked >= self.capacity


@dataclass(frozen=True)
class NewSession:
    """A session to store: planned from a weekly rule, or a one-off (no rule)."""

    day: date
    starts_at: datetime
    ends_at: datetime
    host: str
    host_unit: str | None
    place: str
    capacity: int
    booking_closes_at: datetime
    publish_on: date
    rule_key: str | None = None
    rule_date: date | None = None
    moved_from: date | None = None
    created_by: int | None = None  # the officer who added a one-off


@dataclass(frozen=True)
class Booking:
    """A citizen's place in a session's queue."""

    id: int
    session_id: int
    citizen_id: int
    to: Recipient  # the chat they booked from
    queue_number: int
    matter: str
    category: str
    petition_id: int | None
    kind: str = "kien_nghi_phan_anh"
    outcome: str | None = None
    name: str | None = None  # the citizen's name as known (for the host's list)
    petition_code: str | None = None
    result_due: date | None = None  # when the citizen must be told the result (the host's)


@dataclass(frozen=True)
class NewBooking:
    """What a citizen asks for when booking."""

    session_id: int
    citizen_id: int
    to: Recipient
    matter: str
    kind: str
    category: str
    petition_id: int | None
    at: datetime


@dataclass(frozen=True)
class DialogueInfo:
    """A dialogue with residents."""

    id: int
    topic: str
    starts_at: datetime
    place: str
    cohosts: str | None
    questions_close_at: datetime
    host: Recipient


@dataclass(frozen=True)
class Question:
    """A citizen's question to a dialogue; ``merged_into`` names the first of its group."""

    id: int
    dialogue_id: int
    citizen_id: int
    asker: Recipient
    text: str
    category: str
    merged_into: int | None
    answer: str | None = None


class BookingRefused(Exception):
    """A booking that cannot be made; ``reason`` is one of the class constants."""

    FULL, CLOSED, TWICE, UNKNOWN = "full", "closed", "twice", "unknown"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ReceptionRepository(Protocol):
    """Sessions, bookings, subscriptions and dialogues inside the turn's transaction."""

    async def upcoming(self, now: datetime, limit: int) -> list[Session]:
        """Published sessions not started yet, soonest first."""
        ...

    async def session(self, session_id: int) -> Session | None:
        """One session with its booked count."""
        ...

    async def next_bookable(self, after: datetime, now: datetime) -> Session | None:
        """The first published session starting after ``after`` still open and not full."""
        ...

    async def book(self, new: NewBooking) -> Booking:
        """Take the next queue number (the session row is locked); BookingRefused if not."""
        ...

    async def bookings_of(self, citizen_id: int, now: datetime) -> list[Booking]:
        """A citizen's active bookings of sessions not started yet."""
        ...

    async def cancel(self, booking_id: int, citizen_id: int, now: datetime) -> Booking | None:
        """Cancel one of the citizen's active bookings (None: no such booking)."""
        ...

    async def subscribe(self, citizen_id: int, to: Recipient, now: datetime) -> bool:
        """Subscribe a chat to announcements; False when it already was."""
        ...

    async def unsubscribe(self, to: Recipient) -> bool:
        """Unsubscribe a chat; False when it was not subscribed."""
        ...

    async def subscribers(self) -> list[Recipient]:
        """Every subscribed chat, in the order they subscribed."""
        ...

    async def add_session(self, new: NewSession, at: datetime) -> Session:
        """Store a session (a one-off added by a leader; the scheduler publishes it)."""
        ...

    async def sessions_to_record(self, now: datetime, since: datetime) -> list[Session]:
        """Sessions started since ``since`` with bookings whose outcome is not recorded."""
        ...

    async def bookings_in(self, session_id: int) -> list[Booking]:
        """A session's active bookings by queue number, with the citizens' names."""
        ...

    async def booking(self, booking_id: int) -> Booking | None:
        """One booking."""
        ...

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
        ...

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
        ...

    async def dialogue(self, dialogue_id: int) -> DialogueInfo | None:
        """One dialogue."""
        ...

    async def open_dialogues(self, now: datetime) -> list[DialogueInfo]:
        """Dialogues still taking questions, soonest first."""
        ...

    async def questions(self, dialogue_id: int) -> list[Question]:
        """A dialogue's questions, oldest first."""
        ...

    async def question(self, question_id: int) -> Question | None:
        """One question."""
        ...

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
        ...

    async def answer_group(
        self, question_id: int, answer: str, commitment: bool, now: datetime
    ) -> list[Recipient]:
        """Answer a question group (its first question); return every asker's chat."""
        ...

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
        ...

    async def publish_results(self, dialogue_id: int, results: str, now: datetime) -> bool:
        """Record the published results; False when they already were."""
        ...
