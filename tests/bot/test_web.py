"""The channels' web server: a busy port is one clear error naming the config keys."""

from __future__ import annotations

import pytest
from aiohttp import web

from bot.channels.web import serve


async def test_a_busy_port_names_the_settings_to_change(unused_tcp_port: int) -> None:
    first = await serve(web.Application(), "127.0.0.1", unused_tcp_port, "x.webhook_port")
    try:
        with pytest.raises(OSError, match=r"cannot listen on 127\.0\.0\.1:\d+ \(y\.webhook_port\)"):
            await serve(web.Application(), "127.0.0.1", unused_tcp_port, "y.webhook_port")
    finally:
        await first.cleanup()
