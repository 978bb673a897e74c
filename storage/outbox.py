"""The outbox, channel-neutral: every message the bot sends is a row before it is a send.

Replies to the person who wrote and notices to anyone else (a unit's group, an officer, a
citizen told about their petition, a reminder) are written here in the transaction of
what caused them, so they commit or roll back with it. Each channel drains its own rows
(bot.channels.outbox_sender.OutboxSender for Telegram and Zalo; the terminal chat prints
the rows of its user). Long texts are split to the channel's limit on the way in, so one
row is always one message.

A row the channel may not send now (Zalo: outside its reply window) is ``held``, never
dropped: it is released when the person writes again (:func:`release_held`), and a notice
about a petition that is held or undeliverable shows on the petition's card
(:func:`undelivered_channels`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.text_split import split_text
from storage.models import OutboxMessage

PENDING, SENT, UNDELIVERABLE = "pending", "sent", "undeliverable"
HELD = "held"  # may not be sent now (a reply window closed): waits for the person to write
RELEASED = "released"  # a held row queued again as a new row (see release_held)

# The longest text one message may carry, per channel (Telegram counts UTF-16 units).
MESSAGE_LIMITS: dict[str, int] = {"telegram": 4096, "zalo": 2000}
CAPTION_LIMITS: dict[str, int] = {"telegram": 1024}
UNLIMITED = 1_000_000


def enqueue_text(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    is_group: bool,
    text: str,
    options: Sequence[tuple[str, str]],
    now: datetime,
    petition_id: int | None = None,
) -> None:
    """Add a text message, split to the channel's limit; the options go with the last part.
    ``petition_id``: the petition a notice is about (its card shows it if undelivered)."""
    pieces = split_text(text, MESSAGE_LIMITS.get(channel, UNLIMITED))
    for number, piece in enumerate(pieces, 1):
        session.add(
            OutboxMessage(
                channel=channel,
                chat_id=chat_id,
                is_group=is_group,
                kind="text",
                text=piece,
                options=[list(o) for o in options] if number == len(pieces) else [],
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
                petition_id=petition_id,
            )
        )


def enqueue_photo(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    is_group: bool,
    photo: str,
    caption: str | None,
    now: datetime,
) -> None:
    """Add a photo (file id, URL or local path); a caption over the channel's caption
    limit follows it as text messages instead."""
    limit = CAPTION_LIMITS.get(channel, UNLIMITED)
    fits = caption is None or len(caption.encode("utf-16-le")) // 2 <= limit
    session.add(
        OutboxMessage(
            channel=channel,
            chat_id=chat_id,
            is_group=is_group,
            kind="photo",
            media=photo,
            text=caption if fits else None,
            options=[],
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    if not fits and caption:
        enqueue_text(session, channel, chat_id, is_group, caption, (), now)


async def take_pending(
    session: AsyncSession, channel: str, chat_id: str, now: datetime
) -> list[OutboxMessage]:
    """The pending rows of one chat, oldest first, marked sent: for channels that show
    messages themselves (the terminal chat, tests)."""
    rows = list(
        (
            await session.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.channel == channel,
                    OutboxMessage.chat_id == chat_id,
                    OutboxMessage.status == PENDING,
                )
                .order_by(OutboxMessage.id)
            )
        ).all()
    )
    if rows:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([row.id for row in rows]))
            .values(status=SENT, sent_at=now)
        )
    return rows


async def release_held(
    session: AsyncSession, channel: str, chat_id: str, notice: str | None, now: datetime
) -> int:
    """The person wrote again: queue their held rows again, oldest first, after ``notice``
    (formatted with ``count``) and before anything queued later in this transaction.
    Each held row is copied to a new pending row (so it keeps its place after the notice)
    and marked ``released``. Returns how many were held."""
    held = list(
        (
            await session.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.channel == channel,
                    OutboxMessage.chat_id == chat_id,
                    OutboxMessage.status == HELD,
                )
                .order_by(OutboxMessage.id)
            )
        ).all()
    )
    if not held:
        return 0
    if notice:
        enqueue_text(session, channel, chat_id, False, notice.format(count=len(held)), (), now)
    for row in held:
        session.add(
            OutboxMessage(
                channel=row.channel,
                chat_id=row.chat_id,
                is_group=row.is_group,
                kind=row.kind,
                text=row.text,
                media=row.media,
                options=row.options,
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
                petition_id=row.petition_id,
            )
        )
        row.status, row.last_error = RELEASED, "queued again after the person wrote"
    await session.flush()
    return len(held)


async def undelivered_channels(session: AsyncSession, petition_id: int) -> list[str]:
    """The channels on which a notice about this petition is held or undeliverable."""
    rows = await session.scalars(
        select(OutboxMessage.channel)
        .where(
            OutboxMessage.petition_id == petition_id,
            OutboxMessage.status.in_((HELD, UNDELIVERABLE)),
        )
        .distinct()
    )
    return sorted(rows.all())
