"""Zalo's reply window: an OA may send free customer-service messages to a person only for a
while after that person's last message, and only so many (the Zalo OA messaging policy:
about 48 hours; outside it Zalo answers -213, or -230 under the 7-day rule). The numbers are
``zalo.reply_window_hours`` and ``zalo.reply_window_max_messages``.

Inside the window a message is a reply ("tin phản hồi") only when it is addressed to the
person's latest message (``recipient.message_id``); one addressed by ``user_id`` alone is
counted by Zalo as a proactive message ("tin chủ động"), from the OA's limited quota (Zalo
OA support, "Các loại tin của Zalo Official Account"). So the window also says which
message to answer.

The sender asks before each send; a message that may not go now is ``held`` (never
dropped), released when the person writes again (storage.outbox.release_held)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.channels.zalo.events import CHANNEL, reply_target
from core.clock import Clock
from storage import zalo as db


@dataclass(frozen=True)
class WindowState:
    """Whether a message may go now (``closed``: why not), and if it may, the Zalo message
    id to address it to (``reply_to``; None: by user id, e.g. after a follow)."""

    closed: str | None = None
    reply_to: str | None = None


class ReplyWindow:
    """Whether a message to a Zalo user may be sent now, and as a reply to which message."""

    def __init__(self, engine: AsyncEngine, clock: Clock, hours: float, max_messages: int) -> None:
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.clock = clock
        self.length = timedelta(hours=hours)
        self.max_messages = max_messages

    async def state(self, user_id: str) -> WindowState:
        """The window of ``user_id`` now (see :class:`WindowState`)."""
        async with self._sessions() as session:
            last = await db.last_inbound(session, CHANNEL, user_id)
            if last is None:
                return WindowState(closed="the person has not written on Zalo")
            if self.clock.now() - last.at >= self.length:
                return WindowState(
                    closed=f"outside Zalo's reply window (last message {last.at.isoformat()})"
                )
            sent = await db.sent_since(session, CHANNEL, user_id, last.at)
        if sent >= self.max_messages:
            return WindowState(closed=f"{sent} messages already sent since the person last wrote")
        return WindowState(reply_to=reply_target(last.external_id))
