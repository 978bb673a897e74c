"""Officers on Telegram over real HTTP: the unit's group gets the card (and the photo), a
member acts from its buttons, text-needing actions continue in the member's private chat,
and the citizen gets the answer with rating buttons."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from handlers import texts
from storage import models as m
from tests.telegram.conftest import ChannelFactory, expect
from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.test_telegram_flow import CODE, finish_without_place, start_petition


async def test_a_unit_works_a_petition_from_its_group(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory
) -> None:
    await make_channel()
    quang = fake.user(701, "Quang", "Trần")
    fake.send_text(quang, "/dangky KT-3HD8-P1")
    await expect(fake, quang.id, "Đăng ký thành công")
    group = fake.group(-100777, "Phòng Kinh tế - nhóm xử lý đơn")
    fake.send_text(quang, "/ganketnhom KT-3HD8-P1", chat=group)
    await expect(fake, group["id"], "Đã gắn nhóm")

    lan = fake.user(501, "Lan", "Nguyễn")
    confirm = await start_petition(fake, lan)
    since = len(fake.sent_to(lan.id))
    fake.send_photo(lan, size=80_000)
    await expect(fake, lan.id, "Đã nhận ảnh", since)
    _, filed = await finish_without_place(fake, lan, confirm, "with_name")
    code_match = CODE.search(filed.text or "")
    assert code_match
    code = code_match.group(1)

    card = await expect(fake, group["id"], f"Đơn mới {code}")
    labels = [button["text"] for button in card.buttons()]
    assert labels[0] == texts.ACTION_LABELS["accept"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in card.buttons())
    await fake.wait_for(lambda: any(sent.photo for sent in fake.sent_to(group["id"])))
    photo = next(sent for sent in fake.sent_to(group["id"]) if sent.photo)
    assert photo.caption == code  # the citizen's photo follows the card

    since_lan = len(fake.sent_to(lan.id))
    fake.press_button(quang, card, "Thụ lý")
    await expect(fake, group["id"], f"Đã thụ lý đơn {code}")
    await expect(fake, lan.id, "thụ lý giải quyết", since_lan)

    since_quang = len(fake.sent_to(quang.id))
    fake.press_button(quang, card, "Trả lời")
    await expect(fake, group["id"], "tin nhắn riêng")
    await expect(fake, quang.id, "Nhập nội dung trả lời", since_quang)
    since_lan = len(fake.sent_to(lan.id))
    fake.send_text(quang, "Phường đã vá ổ gà sáng nay.")
    await expect(fake, quang.id, "Đã gửi trả lời")
    answer = await expect(fake, lan.id, "Phường đã vá ổ gà sáng nay.", since_lan)
    assert [b["text"] for b in answer.buttons()] == [texts.RATE_SATISFIED, texts.RATE_UNSATISFIED]

    stranger = fake.user(999, "Lạ")
    fake.press_button(stranger, card, "Lưu đơn")  # not an officer: refused, nothing changes
    await expect(fake, group["id"], "chỉ dành cho cán bộ")

    since_lan = len(fake.sent_to(lan.id))
    fake.press_button(lan, answer, texts.RATE_SATISFIED)
    await expect(fake, lan.id, "đã kết thúc", since_lan)
    await expect(fake, group["id"], "hài lòng")
    async with app.store.transaction() as repo:
        row = await repo.session.scalar(select(m.Petition).where(m.Petition.code == code))
    assert row is not None and row.status == "closed" and row.rating == "satisfied"
