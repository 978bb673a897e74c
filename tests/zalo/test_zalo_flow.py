"""The Zalo channel end to end: the fake OA server over HTTP, the real webhook, client,
outbox sender and conversations, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bot.app import App
from bot.channels.zalo.render import TEXT_LIMIT
from handlers import texts
from storage import models as m
from tests.conftest import FakeClock
from tests.handlers.test_citizen_flow import CODE, POTHOLE
from tests.zalo.conftest import ZaloFactory, expect, say, settled
from tests.zalo.fake_zalo import FakeZalo, sign_as_zalo

LAN = "2468000000000000001"


async def inbound(app: App, channel: str = "zalo") -> int:
    async with app.store.transaction() as repo:
        query = select(func.count()).select_from(m.InboundMessage)
        return int(await repo.session.scalar(query.where(m.InboundMessage.channel == channel)) or 0)


async def file_by_numbers(app: App, zalo: FakeZalo, user: str) -> str:
    """Follow, consent with "1", the petition, then "1" until filed: the tracking code."""
    await zalo.follow(user)
    await settled(app)
    assert "Bạn có đồng ý" in zalo.sent_to(user)[-1].text  # type: ignore[operator]
    assert texts.CONSENT_THANKS in await say(app, zalo, user, "1")
    reply = await say(app, zalo, user, POTHOLE)
    for _ in range(6):
        found = CODE.search(reply)
        if found:
            return found.group(0)
        reply = await say(app, zalo, user, "1")
    raise AssertionError(f"not filed: {reply}")


async def test_a_citizen_files_a_petition_on_zalo_by_typing_numbers(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory
) -> None:
    await make_zalo()
    code = await file_by_numbers(app, zalo, LAN)
    sent = zalo.sent_to(LAN)
    questions = [s.text or "" for s in sent if texts.ZALO_ANSWER_BY_NUMBER in (s.text or "")]
    assert questions and all("\n1. " in q for q in questions)  # choices as a numbered list
    assert all(len(s.text or "") <= TEXT_LIMIT for s in sent)
    assert code in await say(app, zalo, LAN, f"/tracuu {code}")
    async with app.store.transaction() as repo:
        petition = await repo.petition_by_code(code)
    assert petition is not None and petition.channel == "zalo"


async def test_typed_labels_and_close_matches_choose_options(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory
) -> None:
    await make_zalo()
    await zalo.follow(LAN)
    await settled(app)
    # the consent question's first option, typed without diacritics and with a typo
    label = texts.CONSENT_YES
    typed = label.lower().replace("đ", "d").replace("ồ", "o").replace("ý", "y")
    assert texts.CONSENT_THANKS in await say(app, zalo, LAN, typed[:-1])


async def test_only_signed_fresh_events_are_processed(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory, clock: FakeClock
) -> None:
    await make_zalo(replay_window_seconds=300)
    body = zalo.event("user_send_text", LAN, {"msg_id": "m-1", "text": "xin chào"})
    assert await zalo.post_event(body, sign=False) == 401
    assert await zalo.post_event(body, signature="mac=" + "0" * 64) == 401
    tampered = dict(body, message={"msg_id": "m-1", "text": "đã sửa"})
    good = _signed_header(body)
    assert await zalo.post_event(tampered, signature=good) == 401
    assert await inbound(app) == 0

    old = zalo.event("user_send_text", LAN, {"msg_id": "m-0", "text": "tin cũ"})
    clock.advance(seconds=301)
    assert await zalo.post_event(old) == 400  # correctly signed, but replayed too late
    assert await inbound(app) == 0

    assert (
        await zalo.post_event(zalo.event("user_send_text", LAN, {"msg_id": "m-2", "text": "chào"}))
        == 200
    )
    assert await inbound(app) == 1


def _signed_header(body: dict[str, object]) -> str:
    return sign_as_zalo(json.dumps(body, ensure_ascii=False).encode())


async def test_a_duplicate_event_is_processed_once(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory
) -> None:
    await make_zalo()
    body = await zalo.text(LAN, "/start")
    await settled(app)
    answered = len(zalo.sent_to(LAN))
    assert await zalo.post_event(body) == 200  # Zalo delivers the same event again
    await settled(app)
    assert await inbound(app) == 1 and len(zalo.sent_to(LAN)) == answered


async def test_images_locations_files_and_unfollow_reach_the_conversation(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory
) -> None:
    await make_zalo()
    await zalo.follow(LAN)
    await say(app, zalo, LAN, "1")
    await zalo.image(LAN)
    await zalo.location(LAN, 10.7725, 106.698)
    await zalo.file(LAN)
    await zalo.unfollow(LAN)
    await settled(app)
    async with app.store.transaction() as repo:
        kinds = (
            await repo.session.scalars(select(m.InboundMessage.kind).order_by(m.InboundMessage.id))
        ).all()
        files = (await repo.session.scalars(select(m.Attachment.media_type))).all()
    assert list(kinds) == ["command", "text", "media", "location", "media", "unfollow"]
    assert sorted(files) == ["document", "photo"]


async def test_a_long_text_is_split_at_zalo_limit(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory
) -> None:
    from core.ports import Recipient

    channel = await make_zalo()
    await zalo.follow(LAN)
    await settled(app)
    since = len(zalo.sent_to(LAN))
    long = "\n".join(f"Dòng {i}: " + "nội dung thông báo " * 5 for i in range(60))
    async with app.store.transaction() as repo:
        await repo.post_message(Recipient("zalo", LAN), long, (), app.services.clock.now())
    channel.sender.notify()
    await settled(app)
    parts = [s.text or "" for s in zalo.sent_to(LAN)[since:]]
    assert len(parts) >= 3 and all(len(p) <= TEXT_LIMIT for p in parts)
    assert "".join(parts).replace("\n", "") == long.replace("\n", "")


async def test_too_many_requests_is_retried(
    app: App, zalo: FakeZalo, make_zalo: ZaloFactory
) -> None:
    await make_zalo()
    zalo.fail_next(-32)
    await zalo.follow(LAN)
    await expect(zalo, LAN, "Bạn có đồng ý")
