"""The Telegram channel end to end: the real aiogram client over HTTP against the fake Bot
API, the real conversations and the database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import re

from aiohttp import ClientSession, web
from sqlalchemy import select

from bot.app import App, open_app
from bot.channels.outbox_sender import enqueue_reply
from bot.channels.telegram.channel import SECRET_HEADER
from bot.channels.telegram.render import CALLBACK_VERSION, MAX_TEXT
from bot.settings import Settings
from core.config import Config
from handlers import texts
from handlers.channel import Option, Reply
from storage import models as m
from tests.conftest import ROOT, FakeClock, keyword_classifier
from tests.telegram.conftest import (
    ChannelFactory,
    VirtualTime,
    count,
    eventually,
    expect,
    pending_outbox,
)
from tests.telegram.fake_bot_api import FakeBotAPI, FakeUser, SentMessage

CODE = re.compile(r"Mã tra cứu: (PA-\d{4}-\d{6})")
# no address in it, so the bot asks "where?"
PETITION = "Đường trước nhà em có ổ gà rất lớn, xe máy té hoài mấy hôm nay"


def value_of(message: SentMessage, value: str) -> str:
    """The callback data of the button carrying ``value``."""
    for button in message.buttons():
        if button["callback_data"] == f"{CALLBACK_VERSION}:{value}":
            return str(button["callback_data"])
    raise AssertionError(f"no button {value!r} in {message.buttons()}")


async def start_petition(fake: FakeBotAPI, user: FakeUser) -> SentMessage:
    """Text, consent by button: returns the confirmation question."""
    fake.send_text(user, PETITION)
    consent = await expect(fake, user.id, "dữ liệu cá nhân")
    assert [b["text"] for b in consent.buttons()] == [texts.CONSENT_YES, texts.CONSENT_NO]
    since = len(fake.sent_to(user.id))
    fake.press(user, consent, value_of(consent, "yes"))
    return await expect(fake, user.id, "Bạn xác nhận giúp nhé?", since)


async def finish_without_place(
    fake: FakeBotAPI, user: FakeUser, confirm: SentMessage, identity_value: str
) -> tuple[int, SentMessage]:
    """Confirm, skip the place, choose the identity: (the filing press, the filed reply)."""
    since = len(fake.sent_to(user.id))
    fake.press(user, confirm, value_of(confirm, "yes"))
    place = await expect(fake, user.id, texts.ASK_PLACE[:20], since)
    since = len(fake.sent_to(user.id))
    fake.press(user, place, value_of(place, "no_place"))
    identity = await expect(fake, user.id, texts.ASK_IDENTITY_PA[:20], since)
    since = len(fake.sent_to(user.id))
    filing = fake.press(user, identity, value_of(identity, identity_value))
    return filing, await expect(fake, user.id, "Mã tra cứu", since)


async def test_citizen_files_with_photo_and_location_by_buttons_only(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory
) -> None:
    await make_channel()
    lan = fake.user(501, "Lan", "Nguyễn")
    confirm = await start_petition(fake, lan)

    since = len(fake.sent_to(lan.id))
    fake.send_photo(lan, size=80_000)
    await expect(fake, lan.id, "Đã nhận ảnh", since)
    since = len(fake.sent_to(lan.id))
    fake.send_location(lan, 10.7725, 106.698)
    await expect(fake, lan.id, "Đã nhận vị trí", since)
    confirm = await expect(fake, lan.id, "Bạn xác nhận giúp nhé?", since)

    since = len(fake.sent_to(lan.id))
    fake.press(lan, confirm, value_of(confirm, "yes"))
    identity = await expect(fake, lan.id, texts.ASK_IDENTITY_PA[:20], since)
    since = len(fake.sent_to(lan.id))
    fake.press(lan, identity, value_of(identity, "with_name"))
    filed = await expect(fake, lan.id, "Mã tra cứu", since)
    code = CODE.search(filed.text or "")
    assert code, filed.text

    async with app.store.transaction() as repo:
        petition = await repo.session.scalar(select(m.Petition))
        assert petition is not None and petition.code == code.group(1)
        assert (petition.latitude, petition.longitude) == (10.7725, 106.698)
        assert petition.channel == "telegram"
        attachment = await repo.session.scalar(select(m.Attachment))
        assert attachment is not None and attachment.petition_id == petition.id
        assert attachment.channel_file_id.endswith("x1280")  # the largest size
        assert attachment.size == 80_000
        contact = await repo.session.get(m.PetitionContact, petition.id)
        assert contact is not None and contact.full_name == "Lan Nguyễn"
    # every press was answered, and the pressed keyboards were removed
    assert len(fake.callback_answers) == 3
    assert all(a["text"] is None for a in fake.callback_answers)
    assert fake.sent_to(lan.id)[0].reply_markup is None

    async def all_sent() -> bool:
        return await pending_outbox(app) == 0

    await eventually(all_sent)


async def test_duplicate_update_files_one_petition(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory
) -> None:
    await make_channel()
    an = fake.user(502, "An")
    confirm = await start_petition(fake, an)
    filing, _ = await finish_without_place(fake, an, confirm, "anonymous")

    fake.resend(filing)  # Telegram delivers the filing press again
    fake.resend(filing)
    since = len(fake.sent_to(an.id))
    fake.send_text(an, "/trogiup")  # processed after the re-sends (one update at a time)
    await expect(fake, an.id, "Hướng dẫn", since)

    assert await count(app, m.Petition) == 1
    assert len(fake.sent_to(an.id)) == since + 1  # only the help: nothing for the re-sends
    assert await count(app, m.InboundMessage, m.InboundMessage.external_id == str(filing)) == 1


async def test_webhook_checks_the_secret_on_every_request(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory, unused_tcp_port: int
) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/telegram/webhook"
    channel = await make_channel(polling=False, mode="webhook", webhook_url=url)
    runner = web.AppRunner(channel.webhook_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    try:
        minh = fake.user(503, "Minh")
        update = {
            "update_id": 77001,
            "message": {
                "message_id": 1,
                "date": 1_780_000_000,
                "chat": minh.private_chat(),
                "from": minh.as_json(),
                "text": "/trogiup",
                "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
            },
        }
        async with ClientSession() as http:
            for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: ""}):
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == 401
            assert await count(app, m.InboundMessage) == 0

            right = {SECRET_HEADER: channel.settings.webhook_secret}
            async with http.post(url, json=update, headers=right) as response:
                assert response.status == 200
            async with http.post(url, json=update, headers=right) as response:
                assert response.status == 200  # a webhook retry: acknowledged, not redone
        await expect(fake, minh.id, "Hướng dẫn")
        assert await count(app, m.InboundMessage) == 1

        # and through Telegram itself: setWebhook, then the fake posts with the secret
        await channel.set_webhook()
        assert fake.webhook == {"url": url, "secret_token": channel.settings.webhook_secret}
        since = len(fake.sent_to(minh.id))
        fake.send_text(minh, "/cuatoi")
        await expect(fake, minh.id, texts.MINE_EMPTY, since)
    finally:
        await runner.cleanup()


async def test_a_429_storm_delays_but_loses_nothing(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory, vtime: VirtualTime
) -> None:
    await make_channel()
    users = [fake.user(600 + i, f"Người {i}") for i in range(3)]
    fake.flood(times=6, retry_after=5)
    fake.fail_next("sendMessage", 502, "Bad Gateway", times=2)
    for user in users:
        fake.send_text(user, "/trogiup")
        fake.send_text(user, "/cuatoi")
    for user in users:
        await expect(fake, user.id, texts.MINE_EMPTY)
        sent = [message.text for message in fake.sent_to(user.id)]
        assert len(sent) == 2 and sent[0] is not None and sent[0].startswith("Hướng dẫn")

    async def all_sent() -> bool:
        return await pending_outbox(app) == 0

    await eventually(all_sent)
    assert vtime.slept >= 5  # waited out retry_after
    async with app.store.transaction() as repo:
        retried = await repo.session.scalar(
            select(m.OutboxMessage).where(m.OutboxMessage.attempts > 0).limit(1)
        )
        assert retried is not None and retried.status == "sent"


async def test_restart_mid_conversation_resumes_at_the_same_step(
    app: App,
    fake: FakeBotAPI,
    make_channel: ChannelFactory,
    migrated_url: str,
    config: Config,
    clock: FakeClock,
) -> None:
    first = await make_channel()
    hoa = fake.user(504, "Hoa")
    confirm = await start_petition(fake, hoa)
    # the network fails while the bot answers the photo, then the bot stops
    fake.fail_next("sendMessage", 502, "Bad Gateway", times=1000)
    fake.send_photo(hoa)
    await fake.wait_for(
        lambda: (
            fake.pending_updates == 0
            and any(method == "sendMessage" for method, _ in fake.calls[-3:])
        )
    )
    await first.close()
    assert await pending_outbox(app) >= 1
    fake._failures.clear()

    await app.close()
    # a new process on the same database: unsent replies go out, the chat goes on
    settings = Settings(ROOT / "config.yaml", config, migrated_url)
    restarted = await open_app(settings, clock=clock, classifier=keyword_classifier)
    try:
        await make_channel(on=restarted)
        await expect(fake, hoa.id, "Đã nhận ảnh")
        since = len(fake.sent_to(hoa.id))
        fake.press(hoa, confirm, value_of(confirm, "yes"))
        await expect(fake, hoa.id, texts.ASK_PLACE[:20], since)
        async with restarted.store.transaction() as repo:
            state = await repo.load_conversation("telegram", str(hoa.id))
        assert state is not None and state["step"] == "place"
        assert len(state["draft"]["attachment_ids"]) == 1  # the photo is kept
    finally:
        await restarted.close()


async def test_long_messages_are_split_on_line_boundaries(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory, vtime: VirtualTime
) -> None:
    channel = await make_channel()
    tuan = fake.user(505, "Tuấn")
    lines = [f"Dòng {i:04d}: thông báo lịch tiếp công dân của phường" for i in range(300)]
    text = "\n".join(lines)
    async with app.store.transaction() as repo:
        enqueue_reply(
            repo.session,
            "telegram",
            str(tuan.id),
            False,
            Reply(text, (Option("ok", "OK"),)),
            vtime.now(),
        )
    channel.sender.notify()
    await expect(fake, tuan.id, "Dòng 0299")
    parts = fake.sent_to(tuan.id)
    assert len(parts) >= 4
    assert all(len(p.text or "") <= MAX_TEXT for p in parts)
    assert "\n".join(p.text or "" for p in parts) == text  # cut only between lines
    assert [bool(p.reply_markup) for p in parts] == [False] * (len(parts) - 1) + [True]


async def test_an_old_button_gets_a_polite_expired_answer(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory
) -> None:
    await make_channel()
    binh = fake.user(506, "Bình")
    fake.send_text(binh, "/start")
    consent = await expect(fake, binh.id, "dữ liệu cá nhân")
    fake.press(binh, consent, "d0:yes")  # a button of an older release
    fake.press(binh, consent, "garbage")
    await fake.wait_for(lambda: len(fake.callback_answers) == 2)
    assert all("hết hạn" in (a["text"] or "") for a in fake.callback_answers)
    async with app.store.transaction() as repo:
        kinds = (await repo.session.scalars(select(m.InboundMessage.kind))).all()
    assert kinds == ["command"]  # only /start: the presses changed nothing
    await fake.wait_for(lambda: fake.sent_to(binh.id)[0].reply_markup is None)


async def test_a_blocked_user_is_recorded_not_retried_forever(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory
) -> None:
    await make_channel()
    vy = fake.user(507, "Vy")
    fake.block(vy)
    fake.send_text(vy, "/trogiup")

    async def undeliverable() -> bool:
        return await count(app, m.OutboxMessage, m.OutboxMessage.status == "undeliverable") == 1

    await eventually(undeliverable)
    await fake.wait_for(lambda: fake.pending_updates == 0)
    assert sum(1 for method, _ in fake.calls if method == "sendMessage") == 1
    async with app.store.transaction() as repo:
        row = await repo.session.scalar(select(m.OutboxMessage))
        assert row is not None and "blocked" in (row.last_error or "")
