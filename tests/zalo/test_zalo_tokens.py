"""The OA's tokens against the fake OAuth server: renewed ahead of expiry by the job, on
-216 in the middle of a conversation, saved before use, and a dead refresh token alerts
the leaders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.zalo.tokens import TokensDead, TokensUnavailable
from handlers import texts
from storage import models as m
from storage import zalo as zalo_db
from tests.conftest import Chat, FakeClock
from tests.zalo.conftest import ZaloFactory, say, settled
from tests.zalo.fake_zalo import APP_ID, FakeZalo

LAN = "2468000000000000002"


async def stored(app: App) -> m.ZaloToken:
    async with app.store.transaction() as repo:
        row = await repo.session.scalar(select(m.ZaloToken).where(m.ZaloToken.app_id == APP_ID))
    assert row is not None
    return row


async def test_an_expired_token_is_renewed_once_in_the_middle_of_a_conversation(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory
) -> None:
    await make_zalo()
    await zalo.follow(LAN)
    await settled(app)
    zalo.expire_access()  # Zalo now answers -216 to the stored access token
    assert texts.CONSENT_THANKS in await say(app, zalo, LAN, "1")
    assert zalo.spent == [zalo.initial[1]]  # one refresh, not one per message
    row = await stored(app)
    assert row.refresh_token in zalo.refresh_tokens and row.access_token != zalo.initial[0]


async def test_the_job_renews_ahead_of_expiry_and_saves_before_use(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, clock: FakeClock
) -> None:
    channel = await make_zalo(refresh_ahead_minutes=120)
    assert not await channel.tokens.refresh_if_due()  # 25 hours left
    clock.advance(hours=23, minutes=30)
    assert await channel.tokens.refresh_if_due()
    row = await stored(app)
    assert row.access_expires_at > clock.now() + timedelta(hours=24)
    assert zalo.spent == [zalo.initial[1]] and row.refresh_token in zalo.refresh_tokens


async def test_a_failed_save_is_retried_and_the_new_refresh_token_is_kept(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel = await make_zalo()
    real, failures = zalo_db.save_pair, [1, 2]

    async def flaky(*args: object, **kwargs: object) -> bool:
        if failures:
            failures.pop()
            raise ConnectionError("database restarted")
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zalo_db, "save_pair", flaky)
    token = await channel.tokens.refresh()
    row = await stored(app)
    assert row.access_token == token and row.refresh_token in zalo.refresh_tokens
    assert await channel.tokens.refresh() != token  # the saved refresh token still works


async def test_a_refresh_lost_before_saving_is_reported_and_the_leaders_are_alerted(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, chat_as
) -> None:
    leader: Chat = chat_as("chutich")
    assert "Đăng ký thành công" in await leader.say("/dangky LD-CT-1S9Q")
    await leader.inbox()
    channel = await make_zalo()
    zalo.lose_next_refresh_answer()  # Zalo spends the token; its answer never arrives
    with pytest.raises(TokensUnavailable):
        await channel.tokens.refresh()
    assert (await stored(app)).refresh_token == zalo.initial[1]  # nothing half-saved
    with pytest.raises(TokensDead):
        await channel.tokens.refresh()  # the old one is spent: Zalo refuses it
    assert (await stored(app)).dead
    assert "Kênh Zalo của phường đã mất quyền gửi tin" in await leader.inbox_text()
    with pytest.raises(TokensDead):
        await channel.tokens.refresh()
    assert await leader.inbox() == []  # told once

    # the administrator authorises the OA again: the new pair from the environment is used
    access, refresh = zalo.issue_pair()
    assert await channel.tokens.seed(access, refresh)
    assert await channel.tokens.access_token() == access


async def test_a_leader_who_registers_after_the_tokens_died_is_alerted_then(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, chat_as, clock: FakeClock
) -> None:
    channel = await make_zalo()
    zalo.lose_next_refresh_answer()
    with pytest.raises(TokensUnavailable):
        await channel.tokens.refresh()
    with pytest.raises(TokensDead):
        await channel.tokens.refresh()  # Zalo refuses: nobody to tell yet, nothing recorded
    async with app.store.transaction() as repo:
        assert await repo.session.scalar(select(m.SentReminder.key)) is None

    leader: Chat = chat_as("chutich")
    assert "Đăng ký thành công" in await leader.say("/dangky LD-CT-1S9Q")
    await leader.inbox()
    assert not await channel.tokens.refresh_if_due()  # the scheduler's check, still dead
    assert texts.ZALO_TOKEN_DEAD in await leader.inbox_text()
    assert not await channel.tokens.refresh_if_due()
    assert await leader.inbox() == []  # once a day
    clock.advance(days=1)
    assert not await channel.tokens.refresh_if_due()
    assert texts.ZALO_TOKEN_DEAD in await leader.inbox_text()  # and again the next day
