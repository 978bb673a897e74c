"""Regressions: a 429 for one chat pauses only that chat (not the others), and a group
that became a supergroup (a send answered with migrate_to_chat_id, or the service message
in an update) takes its pending messages and its unit binding to the new chat id.
(SQLite, and PostgreSQL when configured.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Update
from sqlalchemy import select, update

from bot.app import App
from bot.channels.outbox_sender import PENDING, OutboxSender, enqueue_reply
from bot.channels.ratelimit import RateLimiter
from bot.channels.telegram.channel import TelegramTransport
from bot.channels.telegram.updates import convert
from handlers.channel import Reply
from storage import models as m
from storage.officers import SqlOfficers
from tests.telegram.conftest import ChannelFactory, VirtualTime, eventually, expect
from tests.telegram.fake_bot_api import TOKEN, FakeBotAPI


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
    client = Bot(TOKEN, session=session)
    yield client
    await client.session.close()


def _sender(app: App, vtime: VirtualTime, bot: Bot) -> OutboxSender:
    """A sender with the real limits (1/s per chat, burst 3, 30/s overall) and virtual time."""
    limiter = RateLimiter(lambda: vtime.now().timestamp())
    return OutboxSender(app.store.engine, "telegram", TelegramTransport(bot), limiter, vtime)


async def _queue(
    app: App, vtime: VirtualTime, chat_id: int, *texts: str, group: bool = False
) -> None:
    async with app.store.transaction() as repo:
        for text in texts:
            enqueue_reply(repo.session, "telegram", str(chat_id), group, Reply(text), vtime.now())


async def _rows(app: App, chat_id: int) -> list[m.OutboxMessage]:
    async with app.store.transaction() as repo:
        rows = await repo.session.scalars(
            select(m.OutboxMessage)
            .where(m.OutboxMessage.chat_id == str(chat_id))
            .order_by(m.OutboxMessage.id)
        )
        return list(rows.all())


async def test_a_429_for_one_chat_does_not_delay_the_other_chats(
    app: App, fake: FakeBotAPI, vtime: VirtualTime, bot: Bot
) -> None:
    lan, minh = fake.user(621, "Lan"), fake.user(622, "Minh")
    await _queue(app, vtime, lan.id, "cho Lan")
    await _queue(app, vtime, minh.id, "cho Minh 1")
    fake.flood(times=1, retry_after=30, chat_id=lan.id)
    sender = _sender(app, vtime, bot)

    handled, _ = await sender.drain_once()
    assert handled == 2
    assert [s.text for s in fake.sent_to(minh.id)] == ["cho Minh 1"]
    assert fake.sent_to(lan.id) == []

    # no time passes: Minh's next message goes at once, Lan's chat alone waits
    await _queue(app, vtime, minh.id, "cho Minh 2")
    assert sender.limiter.delay(str(minh.id), False) == 0
    assert sender.limiter.delay(str(lan.id), False) == pytest.approx(30)
    handled, wait = await sender.drain_once()
    assert handled == 1 and vtime.slept == 0
    assert [s.text for s in fake.sent_to(minh.id)] == ["cho Minh 1", "cho Minh 2"]
    assert fake.sent_to(lan.id) == [] and wait == pytest.approx(30)

    vtime.current += timedelta(seconds=30)
    handled, _ = await sender.drain_once()
    assert handled == 1 and [s.text for s in fake.sent_to(lan.id)] == ["cho Lan"]
    (row,) = await _rows(app, lan.id)
    assert row.status == "sent" and row.attempts == 1


def test_a_429_not_tied_to_a_chat_still_pauses_every_chat() -> None:
    now = [1000.0]
    limiter = RateLimiter(lambda: now[0])
    limiter.pause(5, "1")
    assert limiter.delay("1", False) == 5 and limiter.delay("2", False) == 0
    limiter.pause(7)
    assert limiter.delay("2", True) == 7
    limiter.moved("1", "3")
    now[0] += 6
    assert limiter.delay("1", False) == 1 and limiter.delay("3", False) == 1


async def _bind(app: App, chat_id: int, vtime: VirtualTime) -> str:
    """Bind the first unit's group to ``chat_id``; returns the unit code."""
    async with app.store.transaction() as repo:
        unit = await repo.session.scalar(select(m.Unit.code).order_by(m.Unit.id).limit(1))
        assert unit is not None
        await SqlOfficers(repo.session).bind_group(
            unit, "telegram", str(chat_id), "Tổ xử lý", "CODE", vtime.now()
        )
    return unit


async def _binding(app: App, unit: str) -> str | None:
    async with app.store.transaction() as repo:
        return await SqlOfficers(repo.session).unit_chat(unit, "telegram")


async def test_a_send_answered_migrate_to_chat_id_moves_the_chats_messages_and_binding(
    app: App, fake: FakeBotAPI, vtime: VirtualTime, bot: Bot
) -> None:
    old, new = -4001, -1004001
    fake.group(old, "Tổ xử lý", supergroup=False)
    other = fake.user(631, "Lan")
    unit = await _bind(app, old, vtime)
    await _queue(app, vtime, old, "một", "hai", "ba", group=True)
    await _queue(app, vtime, other.id, "cho Lan")
    fake.migrate(old, new)
    sender = _sender(app, vtime, bot)

    for _ in range(6):
        await sender.drain_once()
        vtime.current += timedelta(seconds=1)

    assert [s.text for s in fake.sent_to(new)] == ["một", "hai", "ba"]
    assert [s.text for s in fake.sent_to(other.id)] == ["cho Lan"]
    assert await _rows(app, old) == []
    moved = await _rows(app, new)
    assert [(r.status, r.is_group, r.attempts) for r in moved] == [("sent", True, 0)] * 3
    assert await _binding(app, unit) == str(new)
    sends = [params["chat_id"] for method, params in fake.calls if method == "sendMessage"]
    assert sends.count(str(old)) == 1  # one refusal moved them all


async def test_the_migration_service_messages_move_pending_messages_and_binding(
    app: App, fake: FakeBotAPI, vtime: VirtualTime, make_channel: ChannelFactory
) -> None:
    channel = await make_channel()
    old, new = -4002, -1004002
    group = fake.group(old, "Tổ xử lý", supergroup=False)
    officer = fake.user(641, "Quang")
    unit = await _bind(app, old, vtime)
    async with app.store.transaction() as repo:  # not due yet: only the update can move it
        enqueue_reply(
            repo.session,
            "telegram",
            str(old),
            True,
            Reply("sau"),
            vtime.now() + timedelta(days=1),
        )
    async with app.store.transaction() as repo:  # the group's own conversation and identity
        await repo.identify("telegram_group", str(old), "Tổ xử lý", vtime.now())
        await repo.save_conversation("telegram_group", str(old), {"step": "idle"}, vtime.now())
    fake.migrate(old, new)
    fake.migration_messages(officer, old)

    async def bound_to_new() -> bool:
        return await _binding(app, unit) == str(new)

    await eventually(bound_to_new)
    async with app.store.transaction() as repo:
        assert await repo.load_conversation("telegram_group", str(new)) == {"step": "idle"}
        assert await repo.load_conversation("telegram_group", str(old)) is None
        identity = await repo.session.scalar(
            select(m.CitizenIdentity.external_id).where(
                m.CitizenIdentity.channel == "telegram_group"
            )
        )
        assert identity == str(new)
    await fake.wait_for(lambda: fake.pending_updates == 0)
    assert await _rows(app, old) == []
    (row,) = await _rows(app, new)
    assert row.status == PENDING and row.text == "sau"

    # once due, it goes to the new id (the old one is never tried)
    async with app.store.transaction() as repo:
        await repo.session.execute(
            update(m.OutboxMessage)
            .where(m.OutboxMessage.id == row.id)
            .values(next_attempt_at=vtime.now())
        )
    channel.sender.notify()
    await expect(fake, new, "sau")
    assert all(params.get("chat_id") != str(old) for _, params in fake.calls)
    assert group["type"] == "group"


def test_convert_reads_both_migration_service_messages() -> None:
    base = {"date": 1, "from": {"id": 5, "is_bot": False, "first_name": "Q"}}
    to_new = Update.model_validate(
        {
            "update_id": 1,
            "message": {
                **base,
                "message_id": 9,
                "chat": {"id": -7, "type": "group", "title": "T"},
                "migrate_to_chat_id": -1007,
            },
        }
    )
    from_old = Update.model_validate(
        {
            "update_id": 2,
            "message": {
                **base,
                "message_id": 1,
                "chat": {"id": -1007, "type": "supergroup", "title": "T"},
                "migrate_from_chat_id": -7,
            },
        }
    )
    now = VirtualTime().now()
    for service in (to_new, from_old):
        converted = convert(service, now)
        assert converted is not None and converted.incoming is None
        assert converted.migrated == ("-7", "-1007")
