"""Fixtures for the Zalo channel: the fake OA server and a channel wired to the application
under test, its webhook served on loopback (SQLite and PostgreSQL via tests/conftest). The
channel, the fake and the application share one FakeClock; the sender's sleeps move it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web

from bot.app import App
from bot.channels.zalo.channel import ZaloChannel
from bot.channels.zalo.settings import ZaloSettings
from tests.conftest import FakeClock
from tests.zalo.fake_zalo import APP_ID, APP_SECRET, OA_SECRET, FakeZalo, Sent


@pytest.fixture
async def zalo(clock: FakeClock) -> AsyncIterator[FakeZalo]:
    server = FakeZalo(clock=lambda: clock.now().timestamp())
    await server.start()
    yield server
    await server.stop()


ZaloFactory = Callable[..., Awaitable[ZaloChannel]]


@pytest.fixture
async def make_zalo(app: App, zalo: FakeZalo, clock: FakeClock) -> AsyncIterator[ZaloFactory]:
    """make_zalo(**config): a started channel on the fake, webhook included (closed after)."""
    started: list[tuple[ZaloChannel, web.AppRunner]] = []

    async def sleep(seconds: float) -> None:
        clock.advance(seconds=seconds)
        await asyncio.sleep(0.001)

    async def make(on: App | None = None, seed: bool = True, **config: Any) -> ZaloChannel:
        target = on or app
        settings = ZaloSettings(
            target.services.config.zalo.model_copy(update={"enabled": True, **config}),
            APP_ID,
            APP_SECRET,
            OA_SECRET,
            zalo.initial[0] if seed else None,
            zalo.initial[1] if seed else None,
            zalo.base_url,
            zalo.base_url,
        )
        channel = ZaloChannel(target.services, target.store, settings, clock=clock, sleep=sleep)
        runner = web.AppRunner(channel.webhook_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        zalo.webhook_url = f"http://127.0.0.1:{port}{settings.config.webhook_path}"
        started.append((channel, runner))
        await channel.check()
        channel.start_sender()
        return channel

    yield make
    for channel, runner in started:
        await channel.close()
        await runner.cleanup()


async def expect(zalo: FakeZalo, user: str, contains: str, since: int = 0) -> Sent:
    """Wait for a message to ``user`` containing ``contains`` (after the first ``since``)."""

    def found() -> Sent | None:
        return next((s for s in zalo.sent_to(user)[since:] if contains in (s.text or "")), None)

    try:
        await zalo.wait_for(lambda: found() is not None)
    except TimeoutError:
        got = [s.text for s in zalo.sent_to(user)[since:]]
        raise AssertionError(f"no message with {contains!r} to {user}; got {got}") from None
    message = found()
    assert message is not None
    return message


async def settled(app: App, timeout: float = 10.0) -> None:
    """Wait until no Zalo outbox row is pending (everything sent, held or refused)."""
    from sqlalchemy import func, select

    from storage import models as m

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        async with app.store.transaction() as repo:
            pending = await repo.session.scalar(
                select(func.count())
                .select_from(m.OutboxMessage)
                .where(m.OutboxMessage.channel == "zalo", m.OutboxMessage.status == "pending")
            )
        if not pending:
            return
        if loop.time() > deadline:
            raise AssertionError(f"{pending} Zalo messages still pending")
        await asyncio.sleep(0.02)


async def say(app: App, zalo: FakeZalo, user: str, text: str) -> str:
    """The user types ``text``; return what the OA sent back (texts joined)."""
    since = len(zalo.sent_to(user))
    await zalo.text(user, text)
    await settled(app)
    return "\n".join(s.text or "" for s in zalo.sent_to(user)[since:])
