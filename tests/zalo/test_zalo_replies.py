"""Inside the reply window a message is addressed to the citizen's latest message
(``recipient.message_id``), so that Zalo counts it as a free reply, not a proactive message;
after a follow (no message id) it goes by user id; a message id Zalo refuses is retried once
by user id; outside the window messages are held as before. Against the fake OA only."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.zalo import transport
from bot.channels.zalo.channel import ZaloChannel
from core.ports import Recipient
from storage import models as m
from storage import zalo as zalo_db
from tests.conftest import FakeClock
from tests.handlers.test_citizen_flow import POTHOLE
from tests.zalo.conftest import ZaloFactory, settled
from tests.zalo.fake_zalo import FakeZalo, Sent

LAN = "2468000000000000004"
NOTICE = "Phường thông báo: đơn của bạn đã được chuyển tới cán bộ phụ trách."


async def written(app: App, zalo: FakeZalo, user: str, text: str) -> tuple[str, list[Sent]]:
    """The user types ``text``: the event's msg_id, and what the OA sent after it."""
    since = len(zalo.sent_to(user))
    body = await zalo.text(user, text)
    await settled(app)
    return str(body["message"]["msg_id"]), zalo.sent_to(user)[since:]


async def followed(app: App, zalo: FakeZalo, user: str) -> list[Sent]:
    """The user follows the OA: what the OA sent after it."""
    since = len(zalo.sent_to(user))
    await zalo.follow(user)
    await settled(app)
    return zalo.sent_to(user)[since:]


async def notice(app: App, channel: ZaloChannel, clock: FakeClock, text: str = NOTICE) -> None:
    """The ward posts ``text`` to LAN (not an answer to a message), and it is tried."""
    async with app.store.transaction() as repo:
        await repo.post_message(Recipient("zalo", LAN), text, (), clock.now())
    channel.sender.notify()
    await settled(app)


async def outbox(app: App, status: str) -> list[m.OutboxMessage]:
    async with app.store.transaction() as repo:
        rows = await repo.session.scalars(
            select(m.OutboxMessage)
            .where(m.OutboxMessage.channel == "zalo", m.OutboxMessage.status == status)
            .order_by(m.OutboxMessage.id)
        )
        return list(rows.all())


def by_message(msg_id: str) -> dict[str, str]:
    return {"message_id": msg_id}


BY_USER = {"user_id": LAN}


async def test_replies_in_the_window_answer_the_citizens_latest_message(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, clock: FakeClock
) -> None:
    channel = await make_zalo()
    welcome = await followed(app, zalo, LAN)
    assert welcome and all(s.recipient == BY_USER for s in welcome)  # a follow has no msg_id

    first, replies = await written(app, zalo, LAN, "1")
    assert replies and all(s.recipient == by_message(first) for s in replies)
    clock.advance(minutes=5)
    second, replies = await written(app, zalo, LAN, POTHOLE)  # a new message moves it
    assert second != first
    assert replies and all(s.recipient == by_message(second) for s in replies)

    clock.advance(hours=3)  # a notice of the ward inside the window is a reply too
    await notice(app, channel, clock)
    assert zalo.sent_to(LAN)[-1].text == NOTICE
    assert zalo.sent_to(LAN)[-1].recipient == by_message(second)


async def test_after_a_follow_the_reply_goes_by_user_id(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, clock: FakeClock
) -> None:
    await make_zalo()
    await followed(app, zalo, LAN)
    msg_id, replies = await written(app, zalo, LAN, "1")
    assert replies and all(s.recipient == by_message(msg_id) for s in replies)
    clock.advance(minutes=1)  # a follow's id is its time: a new one
    again = await followed(app, zalo, LAN)  # the latest event is a follow: no msg_id
    assert again and all(s.recipient == BY_USER for s in again)


async def answer_refused(
    app: App, zalo: FakeZalo, caplog: pytest.LogCaptureFixture, retry_refused: bool
) -> tuple[str, list[Sent], list[dict[str, str]]]:
    """LAN has followed; Zalo refuses the next send by message id (-201: e.g. it no longer
    knows the message), and the retry by user id too if ``retry_refused``; LAN types "1".
    Returns its msg_id, what the OA sent, and the recipients of the sends asked for."""
    await followed(app, zalo, LAN)
    caplog.set_level(logging.INFO, logger="bot.channels.zalo.transport")
    zalo.refuse_next_reply(-201)
    if retry_refused:
        zalo.fail_next(-201)
    asked = len(zalo.requests)
    msg_id, replies = await written(app, zalo, LAN, "1")
    return msg_id, replies, zalo.requests[asked:]


async def test_a_refused_message_id_is_retried_once_by_user_id(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, caplog: pytest.LogCaptureFixture
) -> None:
    await make_zalo()
    msg_id, replies, requests = await answer_refused(app, zalo, caplog, retry_refused=False)
    assert requests[:2] == [by_message(msg_id), BY_USER]
    assert replies[0].recipient == BY_USER
    assert all(s.recipient == BY_USER for s in replies[1:])  # the refused id is not tried again
    assert len(requests) == len(replies) + 1  # one refusal, each row sent once
    recorded = [row.sent_message_id for row in await outbox(app, "sent")]
    assert all(recorded.count(s.message_id) == 1 for s in replies)  # recorded as sent once
    assert "sent by user id instead" in caplog.text


async def test_a_refused_message_id_is_not_tried_again_until_the_citizen_writes(
    app: App,
    zalo: FakeZalo,
    make_zalo: ZaloFactory,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    channel = await make_zalo()
    refused_id, _, _ = await answer_refused(app, zalo, caplog, retry_refused=False)
    clock.advance(minutes=5)
    asked = len(zalo.requests)
    await notice(app, channel, clock)  # the next row: by user id, one request
    assert zalo.requests[asked:] == [BY_USER]
    assert zalo.sent_to(LAN)[-1].text == NOTICE and zalo.sent_to(LAN)[-1].recipient == BY_USER

    clock.advance(minutes=5)
    asked = len(zalo.requests)
    msg_id, replies = await written(app, zalo, LAN, POTHOLE)  # a new message: a new id
    assert msg_id != refused_id
    assert replies and all(s.recipient == by_message(msg_id) for s in replies)
    assert zalo.requests[asked:] == [by_message(msg_id)] * len(replies)


def test_the_refused_message_ids_kept_are_the_most_recent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(transport, "REFUSED_IDS_KEPT", 2)
    kept = transport.ZaloTransport(None, None, None)  # type: ignore[arg-type]
    kept._remember_refused(LAN, "a")
    kept._remember_refused(LAN, "b")
    assert kept._was_refused(LAN, "a")  # used: now the most recent
    kept._remember_refused(LAN, "c")  # one too many: the least recent ("b") goes
    assert kept._was_refused(LAN, "a") and kept._was_refused(LAN, "c")
    assert not kept._was_refused(LAN, "b")
    assert not kept._was_refused("2468000000000000005", "a")  # another user's is not it


async def test_a_refused_message_id_and_a_refused_retry_make_the_row_undeliverable(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, caplog: pytest.LogCaptureFixture
) -> None:
    await make_zalo()
    msg_id, replies, requests = await answer_refused(app, zalo, caplog, retry_refused=True)
    assert requests[:2] == [by_message(msg_id), BY_USER]
    assert len(requests) == len(replies) + 2  # tried twice, never a third time
    [refused] = await outbox(app, "undeliverable")
    assert refused.last_error is not None and "-201" in refused.last_error
    assert "the retry by user id failed too" in caplog.text


async def test_zalo_closing_the_window_on_a_reply_holds_it_without_a_retry(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, clock: FakeClock
) -> None:
    # our window is longer than Zalo's: Zalo's -213 on the message id holds the message
    channel = await make_zalo(reply_window_hours=100)
    zalo.window_hours = 1
    await followed(app, zalo, LAN)
    msg_id, _ = await written(app, zalo, LAN, "1")
    clock.advance(hours=2)
    asked = len(zalo.requests)
    await notice(app, channel, clock)
    assert zalo.requests[asked:] == [by_message(msg_id)]  # not retried by user id
    [held] = await outbox(app, "held")
    assert held.text == NOTICE and held.last_error is not None and "-213" in held.last_error


async def test_outside_the_window_held_then_sent_as_replies_to_the_new_message(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, clock: FakeClock
) -> None:
    channel = await make_zalo(reply_window_hours=48)
    await followed(app, zalo, LAN)
    await written(app, zalo, LAN, "1")
    clock.advance(hours=49)
    asked = len(zalo.requests)
    await notice(app, channel, clock)
    assert len(zalo.requests) == asked  # held before Zalo is asked
    assert [row.text for row in await outbox(app, "held")] == [NOTICE]

    msg_id, replies = await written(app, zalo, LAN, "chào phường")  # the citizen writes again
    assert NOTICE in [s.text for s in replies]
    assert all(s.recipient == by_message(msg_id) for s in replies)
    assert await outbox(app, "held") == []


async def test_a_citizen_with_two_zalo_accounts_is_answered_by_user_id(
    app: App, clock: FakeClock
) -> None:
    # the latest message of the citizen may be the other account's: its id is not used
    other = "2468000000000000005"
    now = clock.now()
    async with app.store.transaction() as repo:
        person = await repo.identify("zalo", LAN, None, now)
        await repo.record_inbound(person.id, "zalo", "text", "chào", {}, now, "zmsg-lan")
        single = await zalo_db.last_inbound(repo.session, "zalo", LAN)
        assert single is not None and single.external_id == "zmsg-lan"
        repo.session.add(
            m.CitizenIdentity(
                citizen_id=person.id, channel="zalo", external_id=other, created_at=now
            )
        )
        await repo.session.flush()
        for user in (LAN, other):
            last = await zalo_db.last_inbound(repo.session, "zalo", user)
            assert last is not None and last.at == now and last.external_id is None
        assert await zalo_db.last_inbound(repo.session, "zalo", "2468000000000000099") is None
