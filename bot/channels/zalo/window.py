"""Zalo's reply window: an OA may send free customer-service messages to a person only for a
while after that person's last message, and only so many (the Zalo OA messaging policy:
about 48 hours; outside it Zalo answers -213, or -230 under the 7-day rule). The numbers are
``zalo.reply_window_hours`` and ``zalo.reply_window_max_messages``.

The sender asks before each send; a message that may not go now is ``held`` (never
dropped), released when the person writes again (storage.outbox.release_held)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.channels.zalo.events import CHANNEL
from core.clock import Clock
from storage import zalo as db


class ReplyWindow:
    """Whether a message to a Zalo user may be sent now."""

    def __init__(self, engine: AsyncEngine, clock: Clock, hours: float, max_messages: int) -> None:
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.clock = clock
        self.length = timedelta(hours=hours)
        self.max_messages = max_messages

    async def closed_because(self, user_id: str) -> str | None:
        """None when a message may go now, else why not (for the outbox's last_error)."""
        async with self._sessions() as session:
            last = await db.last_inbound_at(session, CHANNEL, user_id)
            if last is None:
                return "the person has not written on Zalo"
            if self.clock.now() - last >= self.length:
                return f"outside Zalo's reply window (last message {last.isoformat()})"
            sent = await db.sent_since(session, CHANNEL, user_id, last)
        if sent >= self.max_messages:
            return f"{sent} messages already sent since the person last wrote"
        return None
