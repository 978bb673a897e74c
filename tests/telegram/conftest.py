"""Fixtures for the Telegram channel: the fake Bot API, virtual time for the sender, and
channels wired to the application under test (SQLite and PostgreSQL via tests/conftest)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.settings import TelegramSettings, webhook_secret_for
from storage import models as m
from tests.telegram.fake_bot_api import TOKEN, FakeBotAPI, SentMessage


@dataclass
class VirtualTime:
    """The sender's clock and sleep: sleeping moves time on at once (no real waits)."""

    current: datetime = field(default_factory=lambda: datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    slept: float = 0.0

    def now(self) -> datetime:
        return self.current

    async def sleep(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)
        self.slept += seconds
        await asyncio.sleep(0.001)


@pytest.fixture
async def fake(vtime: VirtualTime) -> AsyncIterator[FakeBotAPI]:
    server = FakeBotAPI(clock=lambda: vtime.now().timestamp())
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def vtime() -> VirtualTime:
    return VirtualTime()


ChannelFactory = Callable[..., Awaitable[TelegramChannel]]


@pytest.fixture
async def make_channel(
    app: App, fake: FakeBotAPI, vtime: VirtualTime
) -> AsyncIterator[ChannelFactory]:
    """make_channel(polling=True, app=None): a started channel on the fake (closed after)."""
    channels: list[TelegramChannel] = []

    async def make(polling: bool = True, on: App | None = None, **config: Any) -> TelegramChannel:
        target = on or app
        telegram = target.services.config.telegram.model_copy(
            update={"polling_timeout": 1, **config}
        )
        settings = TelegramSettings(
            TOKEN, telegram, fake.base_url, webhook_secret_for(TOKEN), telegram.redis_url
        )
        channel = TelegramChannel(
            target.services,
            target.store,
            settings,
            clock=vtime,
            sleep=vtime.sleep,
            retry_base_seconds=0.01,
        )
        channels.append(channel)
        await channel.check()
        channel.start_sender()
        if polling:
            channel.start_polling()
        return channel

    yield make
    for channel in channels:
        await channel.close()


async def expect(
    fake: FakeBotAPI, chat_id: int, contains: str, since: int = 0, timeout: float = 10.0
) -> SentMessage:
    """Wait for a message to the chat containing ``contains`` (after the first ``since``)."""

    def found() -> SentMessage | None:
        for message in fake.sent_to(chat_id)[since:]:
            if contains in (message.text or message.caption or ""):
                return message
        return None

    try:
        await fake.wait_for(lambda: found() is not None, timeout)
    except TimeoutError:
        texts = [m.text for m in fake.sent_to(chat_id)[since:]]
        raise AssertionError(f"no message with {contains!r} to {chat_id}; got {texts}") from None
    message = found()
    assert message is not None
    return message


async def count(app: App, model: Any, *where: Any) -> int:
    """Rows of a table (matching ``where``)."""
    async with app.store.transaction() as repo:
        query = select(func.count()).select_from(model)
        for condition in where:
            query = query.where(condition)
        return int(await repo.session.scalar(query) or 0)


async def pending_outbox(app: App) -> int:
    return await count(app, m.OutboxMessage, m.OutboxMessage.status == "pending")


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    """Wait until an async condition (e.g. a database query) holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)
