"""Zalo's reply window: an officer's answer after it is held (never dropped), the officer
sees "chưa gửi được qua Zalo" on the card, and the citizen gets it when they write again."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.channels.zalo.channel import ZaloChannel
from core.ports import Recipient
from handlers import texts
from storage import models as m
from tests.conftest import FakeClock
from tests.handlers.test_casework import KT_OFFICER, officer, press
from tests.zalo.conftest import ZaloFactory, say, settled
from tests.zalo.fake_zalo import FakeZalo
from tests.zalo.test_zalo_flow import file_by_numbers

LAN = "2468000000000000003"
ANSWER = "Phường đã vá ổ gà trước nhà số 12 Lê Lợi ngày 05/12."


async def statuses(app: App) -> list[str]:
    async with app.store.transaction() as repo:
        rows = await repo.session.scalars(
            select(m.OutboxMessage.status)
            .where(m.OutboxMessage.channel == "zalo", m.OutboxMessage.petition_id.is_not(None))
            .order_by(m.OutboxMessage.id)
        )
        return list(rows.all())


async def test_an_answer_after_the_window_is_held_shown_to_officers_and_delivered_later(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, chat_as, clock: FakeClock
) -> None:
    channel = await make_zalo(reply_window_hours=48)
    ky = await officer(chat_as("ky"), KT_OFFICER)
    code = await file_by_numbers(app, zalo, LAN)
    await ky.inbox()

    clock.advance(hours=49)  # the citizen has not written for two days
    assert "Nhập nội dung trả lời" in await ky.say(press("answer", code))
    assert "Đã gửi trả lời" in await ky.say(ANSWER)
    channel.sender.notify()
    await settled(app)
    assert not any(ANSWER in (s.text or "") for s in zalo.sent_to(LAN))
    assert "held" in await statuses(app)
    assert "chưa gửi được qua Zalo" in await ky.say(f"/xem {code}")

    reply = await say(app, zalo, LAN, "chào phường")  # the citizen writes again
    assert texts.HELD_RELEASED.format(count=1) in reply
    assert reply.index(texts.HELD_RELEASED[:20]) < reply.index(ANSWER)
    assert "held" not in await statuses(app)
    assert "chưa gửi được qua Zalo" not in await ky.say(f"/xem {code}")


async def notice_after_silence(
    app: App, zalo: FakeZalo, channel: ZaloChannel, clock: FakeClock, hours: float, text: str
) -> None:
    """LAN follows the OA, is silent for ``hours``, then the ward posts ``text`` to them
    (and the sender tries it)."""
    await zalo.follow(LAN)
    await settled(app)
    clock.advance(hours=hours)
    async with app.store.transaction() as repo:
        await repo.post_message(Recipient("zalo", LAN), text, (), clock.now())
    channel.sender.notify()
    await settled(app)


async def held_errors(app: App) -> list[str | None]:
    """Why each held Zalo row is held."""
    async with app.store.transaction() as repo:
        rows = await repo.session.scalars(
            select(m.OutboxMessage.last_error).where(m.OutboxMessage.status == "held")
        )
        return list(rows.all())


async def test_zalo_refusing_outside_its_window_holds_the_message(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, clock: FakeClock
) -> None:
    # our window is longer than Zalo's: Zalo's -213 still holds the message
    channel = await make_zalo(reply_window_hours=100)
    zalo.window_hours = 1
    await notice_after_silence(app, zalo, channel, clock, 2, "Thông báo")
    [held] = await held_errors(app)
    assert held is not None and "-213" in held


async def test_a_sticker_after_the_window_releases_what_was_held(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, clock: FakeClock
) -> None:
    # any message reopens the window, even one the bot cannot read
    channel = await make_zalo(reply_window_hours=48)
    notice = "Thông báo lịch tiếp dân"
    await notice_after_silence(app, zalo, channel, clock, 49, notice)
    assert len(await held_errors(app)) == 1

    since = len(zalo.sent_to(LAN))
    await zalo.sticker(LAN)
    await settled(app)
    got = [s.text or "" for s in zalo.sent_to(LAN)[since:]]
    assert got == [texts.HELD_RELEASED.format(count=1), notice, texts.ZALO_UNSUPPORTED]
    assert await held_errors(app) == []
