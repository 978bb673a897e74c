"""Officers binding their account and their unit's group; `danvan run` start-up errors."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.run import run
from bot.settings import Settings
from core.config import Config
from handlers import texts
from storage import models as m
from tests.conftest import ROOT
from tests.telegram.conftest import ChannelFactory, count, expect
from tests.telegram.fake_bot_api import TOKEN, FakeBotAPI


async def test_officer_registers_and_binds_the_unit_group(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory
) -> None:
    await make_channel()
    officer = fake.user(701, "Quang", "Trần")
    fake.send_text(officer, "/dangky SAI-MA-123")
    await expect(fake, officer.id, "không đúng")
    since = len(fake.sent_to(officer.id))
    fake.send_text(officer, "/dangky kt-3hd8-p1")  # case does not matter
    await expect(fake, officer.id, "Đăng ký thành công", since)
    since = len(fake.sent_to(officer.id))
    fake.send_text(officer, "/ganketnhom KT-3HD8-P1")
    await expect(fake, officer.id, texts.GROUP_ONLY[:30], since)

    other = fake.user(702, "Khoa")
    fake.send_text(other, "/dangky KT-3HD8-P1")
    await expect(fake, other.id, texts.OFFICER_CODE_TAKEN[:30])

    group = fake.group(-100777, "Phòng Kinh tế - nhóm xử lý đơn")
    fake.send_text(officer, "xin chào cả nhà", chat=group)  # group chatter: ignored
    fake.send_text(officer, "/ganketnhom@other_bot KT-3HD8-P1", chat=group)  # not for us
    fake.send_text(officer, "/ganketnhom SAI", chat=group)
    await expect(fake, group["id"], "không đúng")
    fake.send_text(officer, "/ganketnhom@danvan_test_bot KT-3HD8-P1", chat=group)
    bound = await expect(fake, group["id"], "Đã gắn nhóm")
    assert "Phòng Kinh tế - Hạ tầng - Đô thị" in (bound.text or "")
    assert len(fake.sent_to(group["id"])) == 2

    async with app.store.transaction() as repo:
        row = await repo.session.scalar(select(m.Officer))
        assert row is not None and (row.external_id, row.role) == ("701", "officer")
        assert row.channel == "telegram" and row.full_name == "Quang Trần"
        chat = await repo.session.scalar(select(m.UnitChat))
        assert chat is not None and chat.chat_id == "-100777" and chat.channel == "telegram"
        assert chat.title == "Phòng Kinh tế - nhóm xử lý đơn"
    assert await count(app, m.Officer) == 1
    assert await count(app, m.Petition) == 0
    async with app.store.transaction() as repo:
        stored = " ".join(
            t or "" for t in (await repo.session.scalars(select(m.InboundMessage.text))).all()
        )
    assert "KT-3HD8-P1" not in stored.upper() and texts.CODE_HIDDEN in stored  # a credential


def _settings(config: Config, url: str) -> Settings:
    return Settings(ROOT / "config.yaml", config, url)


async def test_run_explains_a_missing_or_wrong_token_and_a_bad_api_base(
    migrated_url: str,
    config: Config,
    fake: FakeBotAPI,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = _settings(config, migrated_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("TELEGRAM_API_BASE", fake.base_url)
    cases = [
        (None, fake.base_url, "TELEGRAM_BOT_TOKEN is not set"),
        ("not a token", fake.base_url, "does not look like a bot token"),
        ("123456789:AAH-wrong_but_well_formed_token_0000", fake.base_url, "rejected the bot token"),
        ("42:short", fake.base_url, "404 Not Found"),
        (TOKEN, "http://127.0.0.1:9", "cannot reach"),
        (TOKEN, "ftp://example.org", "must start with http"),
        (TOKEN, fake.base_url + "/file", "did not answer like a Telegram Bot API server"),
    ]
    for token, base, message in cases:
        if token is None:
            monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
        else:
            monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
        monkeypatch.setenv("TELEGRAM_API_BASE", base)
        assert await run(settings) == 2, message
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err


async def test_run_polls_until_stopped(
    migrated_url: str,
    config: Config,
    fake: FakeBotAPI,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE", fake.base_url)
    stop = asyncio.Event()
    running = asyncio.create_task(run(_settings(config, migrated_url), stop))
    user = fake.user(801, "Thu")
    fake.send_text(user, "/start")
    await expect(fake, user.id, "dữ liệu cá nhân", timeout=30)
    stop.set()
    assert await asyncio.wait_for(running, 10) == 0
    assert "@danvan_test_bot" in capsys.readouterr().err


async def test_danvan_run_without_token_is_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["DANVAN_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'd.db'}"
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("danvan")),
        "run",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert err.decode().strip().startswith("danvan run: TELEGRAM_BOT_TOKEN is not set")
    assert "Traceback" not in err.decode()
