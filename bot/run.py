"""`danvan run`: start the configured channels (Telegram now) until interrupted.

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

from bot.settings import Settings

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
    try:
        channel = TelegramChannel(app.services, app.store, telegram)
        me = await channel.check()
        print(
            f"danvan run: Telegram bot @{me.username} ({telegram.config.mode.value}, "
            f"{telegram.api_base}); Ctrl+C to stop",
            file=sys.stderr,
        )
        await run_channel(channel, stop)
    except TelegramStartError as exc:
        print(f"danvan run: {exc}", file=sys.stderr)
        return 2
    finally:
        if channel is not None:
            await channel.close()
        await app.close()
    return 0
