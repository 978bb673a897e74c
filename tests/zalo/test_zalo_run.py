"""`danvan run` with Zalo alone, and with Zalo and Telegram in one process; start-up
problems are one clear line. Both against their fake servers over HTTP."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator

import pytest

from bot.run import run
from bot.settings import Settings
from core.config import Config
from tests.conftest import ROOT
from tests.telegram.conftest import expect as expect_telegram
from tests.telegram.conftest import fake, vtime  # noqa: F401  (fixtures)
from tests.telegram.fake_bot_api import TOKEN, FakeBotAPI
from tests.zalo.conftest import expect
from tests.zalo.fake_zalo import APP_ID, APP_SECRET, OA_SECRET, FakeZalo

THU = "2468000000000000009"


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZalo]:
    """The fake on the real clock: `danvan run` tells the time by the system's."""
    server = FakeZalo(clock=time.time)
    await server.start()
    yield server
    await server.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _zalo_settings(config: Config, url: str, port: int) -> Settings:
    zalo = config.zalo.model_copy(update={"enabled": True, "webhook_port": port})
    return Settings(ROOT / "config.yaml", config.model_copy(update={"zalo": zalo}), url)


def _zalo_env(monkeypatch: pytest.MonkeyPatch, zalo: FakeZalo) -> None:
    for name, value in {
        "ZALO_APP_ID": APP_ID,
        "ZALO_APP_SECRET": APP_SECRET,
        "ZALO_OA_SECRET_KEY": OA_SECRET,
        "ZALO_ACCESS_TOKEN": zalo.initial[0],
        "ZALO_REFRESH_TOKEN": zalo.initial[1],
        "ZALO_API_BASE": zalo.base_url,
        "ZALO_OAUTH_BASE": zalo.base_url,
    }.items():
        monkeypatch.setenv(name, value)


async def test_zalo_alone_needs_its_credentials(
    migrated_url: str,
    config: Config,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    for name in ("ZALO_APP_ID", "ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    assert await run(_zalo_settings(config, migrated_url, _free_port())) == 2
    err = capsys.readouterr().err
    assert "ZALO_APP_ID" in err and "ZALO_OA_SECRET_KEY" in err and "Traceback" not in err


async def test_run_serves_zalo_alone_then_zalo_and_telegram_together(
    migrated_url: str,
    config: Config,
    zalo: FakeZalo,
    fake: FakeBotAPI,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _zalo_env(monkeypatch, zalo)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    port = _free_port()
    zalo.webhook_url = f"http://127.0.0.1:{port}/zalo/webhook"
    settings = _zalo_settings(config, migrated_url, port)

    stop = asyncio.Event()
    running = asyncio.create_task(run(settings, stop))
    await _until_listening(port)
    await zalo.follow(THU)
    await expect(zalo, THU, "Bạn có đồng ý")
    stop.set()
    assert await asyncio.wait_for(running, 30) == 0
    err = capsys.readouterr().err
    assert "Zalo OA" in err and "Telegram" not in err

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE", fake.base_url)
    stop = asyncio.Event()
    running = asyncio.create_task(run(settings, stop))
    await _until_listening(port)
    user = fake.user(802, "Thu")
    fake.send_text(user, "/start")
    await expect_telegram(fake, user.id, "dữ liệu cá nhân", timeout=30)
    await zalo.text(THU, "/tracuu PA-2026-000999")
    await expect(zalo, THU, "PA-2026-000999")
    stop.set()
    assert await asyncio.wait_for(running, 30) == 0
    err = capsys.readouterr().err
    assert "Zalo OA" in err and "@danvan_test_bot" in err


async def _until_listening(port: int, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return
