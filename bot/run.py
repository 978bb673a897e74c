"""`danvan run`: start the configured channels and the scheduler (deadline reminders,
escalations, the leaders' daily summary, Zalo's token renewal; bot/scheduler.py) until
interrupted.

Which channels: Zalo when ``zalo.enabled`` is true in config.yaml (its ZALO_* credentials
are then required); Telegram when TELEGRAM_BOT_TOKEN is set, and always when Zalo is not
enabled (then the token is required, as before). So: Telegram alone (the default), Zalo
alone (``zalo.enabled: true`` and no TELEGRAM_BOT_TOKEN), or both in one process.

aiogram is imported only when Telegram runs. Every start-up problem (a missing or wrong
token or credential, an unreachable server, a busy port, the database) ends with one clear
line on stderr and exit status 2, not a stack trace.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import App
    from bot.channels.telegram.settings import TelegramSettings
    from bot.channels.zalo.settings import ZaloSettings
    from bot.jobs import CredentialKeeper

log = logging.getLogger(__name__)


class _StartError(Exception):
    """One line explaining why `danvan run` cannot start."""


@dataclass(frozen=True)
class _Started:
    """A channel that passed its start-up check: how to run it until a stop event and
    wake its outbox sender, and its credentials for the scheduler to keep fresh."""

    run: Callable[[asyncio.Event], Awaitable[None]]
    wake: Callable[[], None]
    credentials: CredentialKeeper | None = None


def _channel_settings(settings: Settings) -> tuple[TelegramSettings | None, ZaloSettings | None]:
    """The settings of the channels to run (see the module docstring)."""
    from bot.channels.telegram.settings import TOKEN_ENV, TelegramSettings, TelegramStartError
    from bot.channels.zalo.settings import ZaloSettings, ZaloStartError

    config = settings.config
    try:
        zalo = ZaloSettings.from_environment(config.zalo) if config.zalo.enabled else None
        telegram = None
        if zalo is None or os.environ.get(TOKEN_ENV, "").strip():
            telegram = TelegramSettings.from_environment(config.telegram)
    except (TelegramStartError, ZaloStartError) as exc:
        raise _StartError(str(exc)) from None
    return telegram, zalo


async def run(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """Run until SIGINT/SIGTERM (or ``stop`` is set); return the exit status."""
    from bot.app import open_app_or_explain

    try:  # before importing aiogram (seconds): a missing credential is reported at once
        telegram, zalo = _channel_settings(settings)
    except _StartError as exc:
        print(f"danvan run: {exc}", file=sys.stderr)
        return 2
    app = await open_app_or_explain(settings, "run")
    if app is None:
        return 2
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    started: list[_Started] = []
    closing = contextlib.AsyncExitStack()  # closes the channels, the last started first
    scheduler_stop = asyncio.Event()
    scheduler_task: asyncio.Task[None] | None = None
    try:
        if telegram is not None:
            started.append(await _start_telegram(app, telegram, closing))
        if zalo is not None:
            started.append(await _start_zalo(app, zalo, closing))
        scheduler_task = loop.create_task(
            _run_scheduler(app, settings.database_url, started, scheduler_stop)
        )
        await _run_all([channel.run for channel in started], stop)
    except _StartError as exc:
        print(f"danvan run: {exc}", file=sys.stderr)
        return 2
    finally:
        scheduler_stop.set()
        if scheduler_task is not None:
            await scheduler_task
        await closing.aclose()
        await app.close()
    return 0


async def _start_telegram(
    app: App, settings: TelegramSettings, closing: contextlib.AsyncExitStack
) -> _Started:
    from bot.channels.telegram.channel import TelegramChannel, run_channel
    from bot.channels.telegram.settings import TelegramStartError

    try:
        channel = TelegramChannel(app.services, app.store, settings)
        closing.push_async_callback(channel.close)
        me = await channel.check()
    except TelegramStartError as exc:
        raise _StartError(str(exc)) from None
    print(
        f"danvan run: Telegram bot @{me.username} ({settings.config.mode.value}, "
        f"{settings.api_base}); Ctrl+C to stop",
        file=sys.stderr,
    )
    return _Started(
        lambda stop: _explained(run_channel(channel, stop), TelegramStartError),
        channel.sender.notify,
    )


async def _start_zalo(
    app: App, settings: ZaloSettings, closing: contextlib.AsyncExitStack
) -> _Started:
    from bot.channels.zalo.channel import ZaloChannel, run_channel
    from bot.channels.zalo.settings import ZaloStartError

    channel = ZaloChannel(app.services, app.store, settings)
    closing.push_async_callback(channel.close)
    try:
        await channel.check()
    except ZaloStartError as exc:
        raise _StartError(str(exc)) from None
    config = settings.config
    print(
        f"danvan run: Zalo OA app {settings.app_id} (webhook on {config.webhook_host}:"
        f"{config.webhook_port}{config.webhook_path}, {settings.api_base}); Ctrl+C to stop",
        file=sys.stderr,
    )
    return _Started(
        lambda stop: _explained(run_channel(channel, stop), ZaloStartError),
        channel.sender.notify,
        channel.tokens,
    )


async def _explained(running: Awaitable[None], error: type[Exception]) -> None:
    """A channel's run, its start-up error turned into the one-line kind."""
    try:
        await running
    except error as exc:
        raise _StartError(str(exc)) from None


async def _run_all(
    runners: list[Callable[[asyncio.Event], Awaitable[None]]], stop: asyncio.Event
) -> None:
    """Run every channel until ``stop``; if one fails, stop the others and re-raise."""
    tasks = [asyncio.ensure_future(runner(stop)) for runner in runners]
    await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    stop.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


async def _run_scheduler(
    app: App, database_url: str, channels: Sequence[_Started], stop: asyncio.Event
) -> None:
    """Run the scheduler while this worker leads (bot/scheduler.py) until ``stop``; what
    its jobs queue is sent by the channels' outbox senders, woken when a job queued some."""
    from bot.jobs import JobContext
    from bot.scheduler import SchedulerRunner

    def posted() -> None:
        for channel in channels:
            channel.wake()

    credentials = tuple(c.credentials for c in channels if c.credentials is not None)
    context = JobContext(app.services, app.store, posted=posted, credentials=credentials)
    await SchedulerRunner(context, database_url).run(stop)
