"""SQLAlchemy 2 models. Alembic owns the schema: change a model, add a migration."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Unicode,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (migrations rely on them)."""

    metadata = MetaData(naming_convention=NAMING)


class Unit(Base):
    """A unit that handles petitions; synchronised from config.yaml at start-up."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Officer(Base):
    """An officer bound to a unit and a role through an invite code."""

    __tablename__ = "officers"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(32))
    full_name: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    invite_code: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # on duty (`/truc`): alerted at once about the unit's urgent petitions
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Citizen(Base):
    """One row per person, whatever channel they write from."""

    __tablename__ = "citizens"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    full_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CitizenIdentity(Base):
    """A citizen's account on one channel (Telegram user id, Zalo user id, console name)."""

    __tablename__ = "citizen_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Consent(Base):
    """Append-only consent decisions about the privacy notice."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    notice_version: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool] = mapped_column(Boolean)
    channel: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class InboundMessage(Base):
    """Everything a citizen sends, persisted before it is processed."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(64))  # e.g. Telegram update_id
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Conversation(Base):
    """The state of one chat's conversation, so it survives restarts and workers."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Petition(Base):
    """A filed petition (đơn)."""

    __tablename__ = "petitions"
    __table_args__ = (
        Index("ix_petitions_unit_status", "unit_id", "status"),
        Index("ix_petitions_status_due_date", "status", "due_date"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    channel: Mapped[str] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    place: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    due_rule: Mapped[str | None] = mapped_column(String(64))
    # milestones, kept on the row so that summaries and reports need no event scan
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)  # the latest
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    filed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)  # lưu đơn
    # the citizen's rating of the latest answer: "satisfied" or "unsatisfied"
    rating: Mapped[str | None] = mapped_column(String(16))
    rated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    filing_reason: Mapped[str | None] = mapped_column(String(32))
    # the classifier was unsure: an officer should check kind and category
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # what units see of a tố cáo: the text with the sender's identity removed
    redacted_text: Mapped[str | None] = mapped_column(Text)
    # near-duplicates point at the first petition of their cluster
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PetitionContact(Base):
    """Who sent a petition, kept apart from its content (DOMAIN.md section 4).

    The only link between a petition and a person: the petition row itself names no one,
    so listing and showing petitions never touches an identity. ``confidential`` marks a
    sender who must stay hidden (a denouncer, an anonymous sender) from everyone but the
    confidential handler.
    """

    __tablename__ = "petition_contacts"
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), primary_key=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(Text)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)


class PetitionEvent(Base):
    """Append-only history of a petition: who did what, when, with what note."""

    __tablename__ = "petition_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Attachment(Base):
    """Metadata of a file a citizen sent (the file itself stays on the channel)."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    media_type: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    channel_file_id: Mapped[str] = mapped_column(String(256))
    size: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- Telegram channel and officers' chats (migration 0002) ---------------------------------


class OutboxMessage(Base):
    """A message to send, persisted before it is sent: the sender retries it until it is
    delivered or known undeliverable (e.g. the person blocked the bot), across restarts."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64), index=True)
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(16))  # "text" or "photo"
    text: Mapped[str | None] = mapped_column(Text)  # the text, or a photo's caption
    media: Mapped[str | None] = mapped_column(String(512))  # a photo's file id or URL
    options: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[value, label], ...]
    status: Mapped[str] = mapped_column(String(16))  # pending, sent, undeliverable
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)  # a sender's lease
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # the petition a notice is about (migration 0006_zalo): officers see the ones not delivered
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"), index=True)


class UnitChat(Base):
    """A group chat bound to a unit (`/ganketnhom CODE`): the unit's notifications go there."""

    __tablename__ = "unit_chats"
    __table_args__ = (UniqueConstraint("unit_id", "channel"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(String(200))
    invite_code: Mapped[str] = mapped_column(String(64))
    bound_at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- near-duplicate clusters (migration 0003) -------------------------------------------------


class PetitionSubscription(Base):
    """A citizen who wants the updates of a petition they did not file (a near-duplicate)."""

    __tablename__ = "petition_subscriptions"
    __table_args__ = (UniqueConstraint("petition_id", "citizen_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- officers' work, reminders, scheduler (migration 0004) -------------------------------------


class SentReminder(Base):
    """A reminder or escalation recorded as sent, under a key that names it exactly (e.g.
    ``due-soon:42:2026-12-15``): the unique key makes every scheduled job idempotent, so a
    restart or a second scheduler never sends it twice."""

    __tablename__ = "sent_reminders"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LabelCorrection(Base):
    """An officer corrected a petition's kind or category: a labelled example for the next
    training of the classifier (the text is the copy units see: redacted for a tố cáo)."""

    __tablename__ = "label_corrections"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    text: Mapped[str] = mapped_column(Text)
    old_kind: Mapped[str] = mapped_column(String(32))
    old_category: Mapped[str] = mapped_column(String(32))
    new_kind: Mapped[str] = mapped_column(String(32))
    new_category: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class IdentityAccess(Base):
    """Every time someone was shown who sent a confidential petition (DOMAIN.md section 4)."""

    __tablename__ = "identity_accesses"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    purpose: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class SchedulerJob(Base):
    """APScheduler's persistent job store (apscheduler.jobstores.sqlalchemy), created by
    our migrations so that the schema has one owner; the scheduler only reads and writes."""

    __tablename__ = "apscheduler_jobs"
    id: Mapped[str] = mapped_column(Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)


# --- tiếp công dân and đối thoại (migration 0006_reception) ---


class ReceptionSession(Base):
    """A tiếp công dân session: planned from a weekly rule of config.yaml (``rule_key`` and
    the rule's own date name it, so it is planned once) or added by a leader in chat."""

    __tablename__ = "reception_sessions"
    __table_args__ = (UniqueConstraint("rule_key", "rule_date"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    rule_key: Mapped[str | None] = mapped_column(String(64))  # None: a one-off session
    rule_date: Mapped[date | None] = mapped_column(Date)
    day: Mapped[date] = mapped_column(Date, index=True)  # local date it is held
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    host: Mapped[str] = mapped_column(String(200))
    host_unit: Mapped[str | None] = mapped_column(String(32))  # None: the leaders host
    place: Mapped[str] = mapped_column(Text)
    capacity: Mapped[int] = mapped_column(Integer)
    booking_closes_at: Mapped[datetime] = mapped_column(UtcDateTime)
    publish_on: Mapped[date] = mapped_column(Date)  # the legal publication day
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    moved_from: Mapped[date | None] = mapped_column(Date)  # a rest day moved it
    created_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReceptionBooking(Base):
    """A citizen's place in a session's queue, their matter, and what the host recorded."""

    __tablename__ = "reception_bookings"
    __table_args__ = (UniqueConstraint("session_id", "queue_number"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("reception_sessions.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # where to reach them
    chat_id: Mapped[str] = mapped_column(String(64))
    queue_number: Mapped[int] = mapped_column(Integer)
    matter: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))  # core.reception.Outcome
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    result_due: Mapped[date | None] = mapped_column(Date)  # tell the citizen the result by


class AnnouncementSubscription(Base):
    """A chat that gets the announcements of reception sessions and dialogues (/theodoi)."""

    __tablename__ = "announcement_subscriptions"
    __table_args__ = (UniqueConstraint("channel", "chat_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Dialogue(Base):
    """A dialogue with residents (đối thoại) scheduled by a leader, who hosts it."""

    __tablename__ = "dialogues"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    place: Mapped[str] = mapped_column(Text)  # a place or an online link
    cohosts: Mapped[str | None] = mapped_column(Text)  # e.g. Mặt trận Tổ quốc
    questions_close_at: Mapped[datetime] = mapped_column(UtcDateTime)
    host_channel: Mapped[str] = mapped_column(String(16))  # the leader who scheduled it
    host_chat_id: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    announced_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    results: Mapped[str | None] = mapped_column(Text)  # the published results
    results_published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DialogueQuestion(Base):
    """A citizen's question for a dialogue; a near-duplicate points at the first of its
    group (``merged_into``), and the group's answer goes to everyone in it."""

    __tablename__ = "dialogue_questions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("dialogue_questions.id"))
    answer: Mapped[str | None] = mapped_column(Text)  # on the group's first question
    commitment: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"))  # a commitment
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- Zalo (migration 0006_zalo) ---


class ZaloToken(Base):
    """The Zalo OA's current token pair, one row per app. The refresh token is single-use:
    the new pair replaces the old one in the transaction that follows the refresh, before
    the new access token is used; ``dead`` is set when Zalo refuses the refresh token (an
    administrator must authorise the OA again)."""

    __tablename__ = "zalo_tokens"
    app_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str] = mapped_column(Text)
    access_expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    refreshed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    refreshing_until: Mapped[datetime | None] = mapped_column(UtcDateTime)  # a worker's lease
    dead: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_error: Mapped[str | None] = mapped_column(String(500))


# --- linking a citizen's accounts on two channels (migration 0008) ----------------------------


class LinkCode(Base):
    """A one-time code shown on one channel (`/lienket`) and typed on another to make the
    two accounts one citizen (storage/linking.py)."""

    __tablename__ = "link_codes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    channel: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
