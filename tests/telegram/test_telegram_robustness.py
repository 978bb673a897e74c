"""Regressions: an unreadable update does not wedge polling, one chat's outbox backlog or
backoff does not starve the others, an unsupported message is answered once, and outbox
leases are taken with the current time and respected when the result is recorded.
(SQLite, and PostgreSQL when configured.)"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.app import App
from bot.channels.outbox_sender import LEASE, SENT, OutboxSender, Outgoing, enqueue_reply
from bot.channels.ratelimit import RateLimiter
from handlers import texts
from handlers.channel import Reply
from storage import models as m
from tests.telegram.conftest import ChannelFactory, VirtualTime, count, expect
from tests.telegram.fake_bot_api import FakeBotAPI

STICKER = {
    "file_id": "sticker-file",
    "file_unique_id": "sticker-unique",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}


async def test_an_update_aiogram_cannot_read_is_skipped_and_polling_goes_on(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory
) -> None:
    await make_channel()
    lan = fake.user(611, "Lan")
    poison = fake._message(lan)
    poison["text"] = "xin chào"
    poison["forward_origin"] = {"type": "brand_new_origin", "date": 1}  # unknown to aiogram
    poison_id = fake.add_update({"message": poison})
    fake.send_text(lan, "Đường trước nhà em có ổ gà rất lớn")

    await expect(fake, lan.id, "dữ liệu cá nhân")  # the later message was processed

    assert await count(app, m.InboundMessage, m.InboundMessage.external_id == str(poison_id)) == 0
    assert await count(app, m.InboundMessage) == 1
    await fake.wait_for(lambda: fake.pending_updates == 0)  # the offset moved past both


async def test_an_unsupported_message_is_answered_once_even_if_delivered_again(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory
) -> None:
    await make_channel()
    lan = fake.user(612, "Lan")
    sticker = fake._message(lan)
    sticker["sticker"] = STICKER
    update_id = fake.add_update({"message": sticker})
    await expect(fake, lan.id, texts.TELEGRAM_UNSUPPORTED[:20])

    fake.resend(update_id)
    fake.resend(update_id)
    since = len(fake.sent_to(lan.id))
    fake.send_text(lan, "/trogiup")  # processed after the re-sends (one update at a time)
    await expect(fake, lan.id, "Hướng dẫn", since)

    sent = [s.text or "" for s in fake.sent_to(lan.id)]
    assert sum(texts.TELEGRAM_UNSUPPORTED[:20] in text for text in sent) == 1
    recorded = await count(
        app,
        m.InboundMessage,
        m.InboundMessage.external_id == str(update_id),
        m.InboundMessage.kind == "unsupported",
    )
    assert recorded == 1


class Recorder:
    """A transport recording the chats it sent to."""

    def __init__(self) -> None:
        self.chats: list[str] = []

    async def send(self, message: Outgoing) -> str:
        self.chats.append(message.chat_id)
        return str(message.id)


def _sender(app: App, vtime: VirtualTime, transport: object, batch: int = 200) -> OutboxSender:
    limiter = RateLimiter(
        lambda: vtime.now().timestamp(),
        per_chat_per_second=1000,
        per_chat_burst=1000,
        per_group_per_minute=100000,
        global_per_second=100000,
    )
    return OutboxSender(
        app.store.engine,
        "telegram",
        transport,  # type: ignore[arg-type]
        limiter,
        vtime,
        batch=batch,
    )


async def test_one_chats_backlog_or_backoff_does_not_starve_the_others(
    app: App, vtime: VirtualTime
) -> None:
    async with app.store.transaction() as repo:
        for number in range(30):
            enqueue_reply(repo.session, "telegram", "-100", True, Reply(f"g{number}"), vtime.now())
        enqueue_reply(repo.session, "telegram", "777", False, Reply("citizen"), vtime.now())

    # a backlog larger than a pass's batch: the other chat still gets its turn
    recorder = Recorder()
    handled, _ = await _sender(app, vtime, recorder, batch=5).drain_once()
    assert handled == 2 and sorted(recorder.chats) == ["-100", "777"]

    # the group's first pending row is in backoff: the group waits (keeping its order),
    # the citizen does not
    async with app.store.transaction() as repo:
        enqueue_reply(repo.session, "telegram", "777", False, Reply("again"), vtime.now())
        head = await repo.session.scalar(
            select(m.OutboxMessage.id)
            .where(m.OutboxMessage.chat_id == "-100", m.OutboxMessage.status == "pending")
            .order_by(m.OutboxMessage.id)
            .limit(1)
        )
        await repo.session.execute(
            update(m.OutboxMessage)
            .where(m.OutboxMessage.id == head)
            .values(next_attempt_at=vtime.now() + timedelta(seconds=300))
        )
    recorder = Recorder()
    handled, wait = await _sender(app, vtime, recorder).drain_once()
    assert recorder.chats == ["777"]
    assert wait == pytest.approx(300)


async def test_a_lease_uses_the_current_time_and_a_lost_lease_records_nothing(
    app: App, vtime: VirtualTime
) -> None:
    async with app.store.transaction() as repo:
        for chat in ("1", "2", "3"):
            enqueue_reply(repo.session, "telegram", chat, False, Reply("x"), vtime.now())
    sent: list[tuple[str, int]] = []
    workers: dict[str, OutboxSender] = {}

    class Slow:
        """Worker A: each send takes 70 s; during its third, worker B runs a pass."""

        async def send(self, message: Outgoing) -> str:
            sent.append(("A", message.id))
            if len(sent) == 3:
                await workers["B"].drain_once()
            vtime.current += timedelta(seconds=70)
            return "a"

    class Quick:
        async def send(self, message: Outgoing) -> str:
            sent.append(("B", message.id))
            return "b"

    workers["A"] = _sender(app, vtime, Slow())
    workers["B"] = _sender(app, vtime, Quick())
    await workers["A"].drain_once()
    ids = [row_id for _, row_id in sent]
    assert len(ids) == len(set(ids)) == 3  # nothing sent twice

    # a send that outlasts its lease: the worker that took over records its result
    async with app.store.transaction() as repo:
        enqueue_reply(repo.session, "telegram", "4", False, Reply("y"), vtime.now())

    class Stuck:
        async def send(self, message: Outgoing) -> str:
            vtime.current += LEASE + timedelta(seconds=1)
            await workers["B"].drain_once()
            return "late"

    await _sender(app, vtime, Stuck()).drain_once()
    async with app.store.transaction() as repo:
        row = await repo.session.scalar(
            select(m.OutboxMessage).where(m.OutboxMessage.chat_id == "4")
        )
        assert row is not None
        assert (row.status, row.sent_message_id) == (SENT, "b")


async def test_closing_mid_send_records_the_send_so_a_restart_does_not_repeat_it(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory
) -> None:
    lan = fake.user(771, "Lan")
    fake.send_gate = asyncio.Event()
    channel = await make_channel(polling=False)
    async with app.store.transaction() as repo:
        enqueue_reply(
            repo.session, "telegram", str(lan.id), False, Reply("một"), channel.clock.now()
        )
    channel.sender.notify()
    await fake.wait_for(lambda: any(m == "sendMessage" for m, _ in fake.calls))
    closing = asyncio.create_task(channel.close())  # while Telegram is still answering
    await asyncio.sleep(0.05)
    fake.send_gate.set()
    await asyncio.wait_for(closing, 10)
    async with app.store.transaction() as repo:
        row = await repo.session.scalar(select(m.OutboxMessage))
    assert row is not None and row.status == "sent" and row.locked_until is None
