"""`danvan run`: start the configured channels (Telegram now) and the scheduler (deadline
reminders, escalations, the leaders' daily summary; bot/scheduler.py) until interrupted.

Imports aiogram, so only this command loads it. Every start-up problem (no token, wrong
token, unreachable or wrong Bot API address, busy port, database) ends with one clear
line on stderr and exit status 2, not a stack trace.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.app import App
    from bot.channels.telegram.channel import TelegramChannel

log = logging.getLogger(__name__)


async def run(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """Run until SIGINT/SIGTERM (or ``stop`` is set); return the exit status."""

    from bot.app import open_app_or_explain
    from bot.channels.telegram.settings import TelegramSettings, TelegramStartError

    try:  # before importing aiogram (seconds): a missing token is reported at once
        telegram = TelegramSettings.from_environment(settings.config.telegram)
    except TelegramStartError as exc:
        print(f"danvan run: {exc}", file=sys.stderr)
        return 2
    from bot.channels.telegram.channel import TelegramChannel, run_channel

    app = await open_app_or_explain(settings, "run")
    if app is None:
        return 2
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    channel: TelegramChannel | None = None
    scheduler_stop = asyncio.Event()
    scheduler_task: asyncio.Task[None] | None = None
    try:
        channel = TelegramChannel(app.services, app.store, telegram)
        me = await channel.check()
        print(
            f"danvan run: Telegram bot @{me.username} ({telegram.config.mode.value}, "
            f"{telegram.api_base}); Ctrl+C to stop",
            file=sys.stderr,
        )
        scheduler_task = loop.create_task(
            _run_scheduler(app, settings.database_url, channel.sender.notify, scheduler_stop)
        )
        await run_channel(channel, stop)
    except TelegramStartError as exc:
        print(f"danvan run: {exc}", file=sys.stderr)
        return 2
    finally:
        scheduler_stop.set()
        if scheduler_task is not None:
            await scheduler_task
        if channel is not None:
            await channel.close()
        await app.close()
    return 0


async def _run_scheduler(
    app: App, database_url: str, posted: Callable[[], None], stop: asyncio.Event
) -> None:
    """Run the scheduler while this worker leads (bot/scheduler.py) until ``stop``; what
    its jobs queue is sent by the channel's outbox sender, woken by ``posted``."""
    from bot.jobs import JobContext
    from bot.scheduler import SchedulerRunner

    context = JobContext(app.services, app.store, posted=posted)
    await SchedulerRunner(context, database_url).run(stop)
