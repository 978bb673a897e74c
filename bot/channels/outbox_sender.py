"""The outbox sender, for every channel: each message is a database row first, then a send.

Rows are written in the transaction of what caused them (a turn's replies commit with the
turn), split to the channel's limits on the way in (storage/outbox.py). :class:`OutboxSender`
drains one channel's rows through that channel's :class:`Transport`: in order per chat,
within the rate limits, retrying a refusal for too many requests after its delay and network
or server errors with a growing backoff, recording what can never be delivered (blocked
bot, chat gone) instead of retrying it forever, and keeping what may not be sent now
(``held``: Zalo's reply window is closed) until the person writes again. After a restart it
simply finds the unsent rows again. Several workers may run senders on one database: a row
is leased before it is sent. Telegram (bot/channels/telegram) and Zalo (bot/channels/zalo)
each bring a transport.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import and_, case, func, not_, or_, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.ratelimit import RateLimiter
from core.clock import Clock
from core.ports import Repository
from handlers.channel import Reply, Sender
from storage import outbox
from storage.models import OutboxMessage, UtcDateTime
from storage.officers import SqlOfficers

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 10.0  # how long stopping waits for a send in progress

PENDING, SENT, UNDELIVERABLE, HELD = outbox.PENDING, outbox.SENT, outbox.UNDELIVERABLE, outbox.HELD
MAX_BACKOFF_SECONDS = 300.0
LEASE = timedelta(seconds=120)

Sleep = Callable[[float], Awaitable[None]]


def enqueue_reply(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    is_group: bool,
    reply: Reply,
    now: datetime,
) -> None:
    """Add a reply to the outbox (split to the channel's limit; options with the last part)."""
    options = [(option.value, option.label) for option in reply.options]
    outbox.enqueue_text(session, channel, chat_id, is_group, reply.text, options, now)


async def queue_replies(
    repo: Repository,
    channel: str,
    chat_id: str,
    is_group: bool,
    replies: Sequence[Reply],
    now: datetime,
    *,
    release_note: str | None = None,
) -> None:
    """Add replies to the outbox in the transaction of ``repo`` (a turn's, for a
    dispatcher's reply sink). With ``release_note`` (a channel that holds messages, see
    :class:`Held`), the chat's held rows are queued again first, after that note
    (storage.outbox.release_held): the person wrote, whatever they wrote."""
    session = getattr(repo, "session", None)
    if not isinstance(session, AsyncSession):
        raise TypeError(f"the {channel} outbox needs storage.repository.SqlRepository")
    if release_note is not None:
        await outbox.release_held(session, channel, chat_id, release_note, now)
    for reply in replies:
        enqueue_reply(session, channel, chat_id, is_group, reply, now)
    await session.flush()


async def record_unhandled(
    repo: Repository, sender: Sender, kind: str, external_id: str, at: datetime, now: datetime
) -> bool:
    """Record an inbound event the conversations do not take (a message the bot cannot
    read, an unfollow) as already handled, so that a re-delivery finds it; False when it
    was recorded before (then nothing more should be done for it)."""
    person = await repo.identify(sender.channel, sender.external_id, sender.display_name, at)
    message_id = await repo.record_inbound(
        person.id, sender.channel, kind, None, {}, at, external_id
    )
    if message_id is None:
        return False
    await repo.mark_processed(message_id, now)
    return True


@dataclass(frozen=True)
class Outgoing:
    """One outbox row as the transport sees it."""

    id: int
    chat_id: str
    is_group: bool
    kind: str
    text: str | None
    media: str | None
    options: tuple[tuple[str, str], ...]
    attempts: int  # failed sends so far (the backoff grows with them)


class RetryLater(Exception):
    """Not sent now; try again after ``after`` seconds (None: the sender's backoff).

    ``flood`` (429 Too Many Requests) pauses sending: to ``chat_id`` only when the refusal
    is tied to a chat, otherwise to every chat."""

    def __init__(
        self,
        reason: str,
        after: float | None = None,
        flood: bool = False,
        chat_id: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.after, self.flood, self.chat_id = after, flood, chat_id


class Undeliverable(Exception):
    """Can never be sent (the person blocked the bot, the chat is gone, bad request)."""


class Held(Exception):
    """May not be sent now, and retrying will not help until the person writes again (Zalo's
    reply window is closed): the row is kept as ``held`` (storage.outbox.release_held)."""


class ChatMoved(Exception):
    """The group became a supergroup with a new id: resend there."""

    def __init__(self, new_chat_id: str) -> None:
        super().__init__(new_chat_id)
        self.new_chat_id = new_chat_id


async def move_chat(session: AsyncSession, channel: str, old_chat_id: str, new_chat_id: str) -> int:
    """A group became a supergroup (Telegram's migrate_to_chat_id / migrate_from_chat_id):
    every pending outbox row of the old chat goes to the new one (keeping its order, the
    row ids), and the units bound to the old chat are bound to the new one. Returns how
    many outbox rows moved; call it inside a transaction."""
    if old_chat_id == new_chat_id:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.chat_id == old_chat_id,
            OutboxMessage.status == PENDING,
        )
        .values(chat_id=new_chat_id, is_group=True)
    )
    await SqlOfficers(session).move_group_chat(channel, old_chat_id, new_chat_id)
    moved = int(getattr(result, "rowcount", 0) or 0)
    log.info("chat %s moved to %s: %d pending messages follow it", old_chat_id, new_chat_id, moved)
    return moved


class Transport(Protocol):
    """Sends one message; returns the platform's message id or raises one of the above."""

    async def send(self, message: Outgoing) -> str: ...


class OutboxSender:
    """Drains the outbox of one channel; run :meth:`run` as a task, :meth:`notify` to wake it."""

    def __init__(
        self,
        engine: AsyncEngine,
        channel: str,
        transport: Transport,
        limiter: RateLimiter,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        idle_poll_seconds: float = 1.0,
        batch: int = 200,
    ) -> None:
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.channel = channel
        self.transport = transport
        self.limiter = limiter
        self.clock = clock
        self.sleep = sleep
        self.idle_poll_seconds = idle_poll_seconds
        self.batch = batch
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None  # run() in the background (start())

    def notify(self) -> None:
        """Something was queued: look at the outbox now."""
        self._wake.set()

    def start(self) -> None:
        """Send in the background (unsent rows of earlier runs too) until :meth:`close`."""
        self._task = asyncio.get_running_loop().create_task(self.run())
        self.notify()

    async def close(self) -> None:
        """:meth:`stop`, then wait for the background :meth:`run` to return, for
        STOP_GRACE_SECONDS at most before cancelling it (nothing to do if never started)."""
        task, self._task = self._task, None
        if task is None:
            return
        self.stop()
        _, late = await asyncio.wait({task}, timeout=STOP_GRACE_SECONDS)
        for unfinished in late:
            unfinished.cancel()
        await asyncio.gather(task, return_exceptions=True)

    def stop(self) -> None:
        """Finish the send in progress (recording its result), then make :meth:`run`
        return: a send cut off between the platform's answer and its record would keep
        its lease and be sent again after a restart."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Send until :meth:`stop` (or cancellation); a failing database only delays sending."""
        while not self._stopping:
            try:
                sent, wait = await self.drain_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the outbox could not be read; trying again")
                sent, wait = 0, self.idle_poll_seconds
            if sent:
                continue
            if wait is None:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.idle_poll_seconds)
            else:
                await self.sleep(min(max(wait, 0.01), self.idle_poll_seconds))

    async def drain_once(self) -> tuple[int, float | None]:
        """One pass: send what may go now. Returns (messages handled, seconds until
        something more may be sendable, or None when nothing is pending)."""
        candidates, wait = await self._candidates(self.clock.now())
        handled = 0
        for row in candidates:
            if self._stopping:
                break
            delay = self.limiter.delay(row.chat_id, row.is_group)
            if delay > 0:
                wait = delay if wait is None else min(wait, delay)
                continue
            lease = await self._lease(row.id)
            if lease is None:
                continue
            self.limiter.take(row.chat_id, row.is_group)
            await self._send(row, lease)
            handled += 1
        return handled, wait

    async def _candidates(self, now: datetime) -> tuple[list[Outgoing], float | None]:
        """The first pending row of each chat, if it is due and not leased by a worker.

        The head of each chat is chosen in SQL, so a long backlog or a backoff in one chat
        never hides the other chats' messages (only that chat waits, keeping its order)."""
        mine = (OutboxMessage.channel == self.channel, OutboxMessage.status == PENDING)
        heads = (
            select(func.min(OutboxMessage.id).label("id"))
            .where(*mine)
            .group_by(OutboxMessage.chat_id)
            .subquery()
        )
        free = or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now)
        due = and_(OutboxMessage.next_attempt_at <= now, free)
        ready_at = type_coerce(
            case(
                (
                    and_(
                        OutboxMessage.locked_until.is_not(None),
                        OutboxMessage.locked_until > OutboxMessage.next_attempt_at,
                    ),
                    OutboxMessage.locked_until,
                ),
                else_=OutboxMessage.next_attempt_at,
            ),
            UtcDateTime(),
        )
        async with self._sessions() as session, session.begin():
            rows = (
                await session.scalars(
                    select(OutboxMessage)
                    .join(heads, OutboxMessage.id == heads.c.id)
                    .where(due)
                    .order_by(OutboxMessage.id)
                    .limit(self.batch)
                )
            ).all()
            next_ready = await session.scalar(
                select(func.min(ready_at))
                .select_from(OutboxMessage)
                .join(heads, OutboxMessage.id == heads.c.id)
                .where(not_(due))
            )
        wait: float | None = None
        if next_ready is not None:
            wait = max((next_ready - now).total_seconds(), 0.0)
        return [_outgoing(row) for row in rows], wait

    async def _lease(self, row_id: int) -> datetime | None:
        """Claim a row for this worker until the returned time (None: another worker has
        it, or it is done). The time is read now, not at the start of the pass: sends
        before this one may have taken long."""
        now = self.clock.now()
        until = now + LEASE
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == row_id,
                    OutboxMessage.status == PENDING,
                    or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now),
                )
                .values(locked_until=until)
            )
            return until if getattr(result, "rowcount", 0) else None

    async def _send(self, row: Outgoing, lease: datetime) -> None:
        values: dict[str, Any]
        try:
            message_id = await self.transport.send(row)
        except RetryLater as exc:
            attempts = row.attempts + 1
            after = exc.after if exc.after is not None else _backoff(attempts)
            if exc.flood:
                self.limiter.pause(after, exc.chat_id)
            log.warning("outbox %s: %s; retrying in %.0f s", row.id, exc, after)
            values = {
                "attempts": attempts,
                "next_attempt_at": self.clock.now() + timedelta(seconds=after),
                "last_error": str(exc)[:500],
            }
        except ChatMoved as exc:
            await self._moved(row, lease, exc.new_chat_id)
            return
        except Undeliverable as exc:
            log.warning("outbox %s cannot be delivered: %s", row.id, exc)
            values = {"status": UNDELIVERABLE, "last_error": str(exc)[:500]}
        except Held as exc:
            log.info("outbox %s held until the person writes again: %s", row.id, exc)
            values = {"status": HELD, "last_error": str(exc)[:500]}
        except Exception as exc:  # an unexpected bug: keep the row, retry slowly
            log.exception("outbox %s: unexpected error", row.id)
            attempts = row.attempts + 1
            values = {
                "attempts": attempts,
                "next_attempt_at": self.clock.now() + timedelta(seconds=_backoff(attempts)),
                "last_error": f"{type(exc).__name__}: {exc}"[:500],
            }
        else:
            values = {"status": SENT, "sent_at": self.clock.now(), "sent_message_id": message_id}
        values["locked_until"] = None
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == row.id,
                    OutboxMessage.status == PENDING,
                    OutboxMessage.locked_until == lease,
                )
                .values(**values)
            )
        if not getattr(result, "rowcount", 0):
            # the lease ran out while sending and another worker took the row over: its
            # result counts, not ours
            log.warning("outbox %s: lease lost while sending; result not recorded", row.id)

    async def _moved(self, row: Outgoing, lease: datetime, new_chat_id: str) -> None:
        """The chat became a supergroup: this row (still leased by us), all other pending
        rows of the chat and the unit's binding move to the new id, in one transaction."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == row.id,
                    OutboxMessage.status == PENDING,
                    OutboxMessage.locked_until == lease,
                )
                .values(locked_until=None, last_error="chat moved")
            )
            await move_chat(session, self.channel, row.chat_id, new_chat_id)
        self.limiter.moved(row.chat_id, new_chat_id)
        self.notify()


def _backoff(attempts: int) -> float:
    """1, 2, 4, ... seconds, at most five minutes: a network outage only delays messages."""
    return min(float(2 ** max(attempts - 1, 0)), MAX_BACKOFF_SECONDS)


def _outgoing(row: OutboxMessage) -> Outgoing:
    options: Sequence[Any] = row.options or []
    return Outgoing(
        id=row.id,
        chat_id=row.chat_id,
        is_group=row.is_group,
        kind=row.kind,
        text=row.text,
        media=row.media,
        options=tuple((str(value), str(label)) for value, label in options),
        attempts=row.attempts,
    )
