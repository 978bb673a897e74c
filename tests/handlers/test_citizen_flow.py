"""The citizen conversation through the channel-neutral interface, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from bot.app import App
from handlers import texts
from handlers.channel import Choice, Location, Media
from storage import models as m
from tests.conftest import Chat

CODE = re.compile(r"\b(PA|KN|TC|HD)-\d{4}-\d{6}\b")
POTHOLE = "Đường Lê Lợi trước nhà số 12 có ổ gà rất lớn, xe máy té liên tục mấy hôm nay"


def code_in(text: str) -> str:
    match = CODE.search(text)
    assert match, f"no tracking code in: {text}"
    return match.group(0)


async def consented(chat: Chat) -> None:
    assert "Bạn có đồng ý" in await chat.say("/start")
    assert texts.CONSENT_THANKS in await chat.say("1")


async def count(app: App, model: type[m.Base]) -> int:
    async with app.store.transaction() as repo:
        return int(await repo.session.scalar(select(func.count()).select_from(model)) or 0)


async def accept_defaults(chat: Chat, first: str, limit: int = 6) -> tuple[str, int]:
    """Send a text, then "1" until filed; return the final reply and the exchanges used."""
    reply = await chat.say(first)
    for used in range(1, limit + 1):
        if CODE.search(reply):
            return reply, used - 1
        reply = await chat.say("1")
    assert CODE.search(reply), f"not filed after {limit} exchanges: {reply}"
    return reply, limit


async def test_text_before_consent_is_kept_and_filed_after_consent(chat_as, app) -> None:
    an = chat_as("an")
    first = await an.send(POTHOLE)
    sent_at = an.clock.now()
    assert first[-1].options[0].label == texts.CONSENT_YES
    an.clock.advance(days=1)  # consent given the next day: receipt is still the first day
    reply = await an.say("1")  # consent; the pending text goes straight on
    assert "Đường sá, giao thông" in reply and "Phòng Kinh tế" in reply
    final, exchanges = await accept_defaults(an, "1")
    assert exchanges <= 3
    code = code_in(final)
    assert code.startswith("PA-2026-")
    # received 01/12/2026 (Tue): 10 working days, 24/11 already past -> Tue 15/12/2026
    assert "thứ Ba, 15/12/2026" in final
    async with app.store.transaction() as repo:
        petition = await repo.session.scalar(select(m.Petition).where(m.Petition.code == code))
        assert petition is not None and petition.text == POTHOLE
        assert petition.status == "routed" and petition.due_date == date(2026, 12, 15)
        assert petition.received_at == sent_at
        assert petition.category == "ha_tang_giao_thong" and not petition.anonymous
        events = (
            await repo.session.scalars(
                select(m.PetitionEvent.action).where(m.PetitionEvent.petition_id == petition.id)
            )
        ).all()
        assert events == ["receive", "route"]


@pytest.mark.parametrize(
    ("text", "prefix", "unit"),
    [
        (POTHOLE, "PA", "Phòng Kinh tế - Hạ tầng - Đô thị"),
        ("Tôi không đồng ý với quyết định thu hồi đất của phường", "KN", "Văn phòng HĐND"),
        ("Tố cáo cán bộ địa chính tên Hùng đòi tiền mới ký hồ sơ", "TC", "tố cáo"),
        ("Cho hỏi thủ tục xin cấp phép sửa nhà?", "HD", "Văn phòng HĐND"),
    ],
)
async def test_accepting_every_default_files_within_six_exchanges(
    chat_as, text: str, prefix: str, unit: str
) -> None:
    chat = chat_as("binh")
    await consented(chat)
    final, exchanges = await accept_defaults(chat, text)
    assert exchanges <= 6
    assert code_in(final).startswith(prefix + "-2026-")
    assert unit in final


async def test_consent_refused_files_nothing_and_forgets_the_text(chat_as, app) -> None:
    chi = chat_as("chi")
    await chi.send(POTHOLE)
    reply = await chi.say("2")
    assert "đã được xóa" in reply
    assert await count(app, m.Petition) == 0
    async with app.store.transaction() as repo:
        texts_kept = (await repo.session.scalars(select(m.InboundMessage.text))).all()
        consents = (await repo.session.scalars(select(m.Consent.granted))).all()
    assert POTHOLE not in texts_kept
    assert consents == [False]
    # asking again shows the notice again instead of filing
    assert "Bạn có đồng ý" in await chi.say(POTHOLE)


async def test_khieu_nai_asks_name_and_phone_and_keeps_contact(chat_as, app) -> None:
    dung = chat_as("dung")
    await consented(dung)
    await dung.say("Tôi không đồng ý với quyết định xử phạt 5 triệu của phường")
    assert "họ và tên" in await dung.say("1")
    assert texts.BAD_NAME in await dung.say("12345")
    assert "Số điện thoại" in await dung.say("Trần Thị Dung")
    assert texts.BAD_PHONE in await dung.say("abc")
    final = await dung.say("+84 912 345 678")
    assert code_in(final).startswith("KN-")
    async with app.store.transaction() as repo:
        contact = await repo.session.scalar(select(m.PetitionContact))
        citizen = await repo.session.scalar(select(m.Citizen))
    assert contact is not None and contact.full_name == "Trần Thị Dung"
    assert contact.phone == "0912345678" and not contact.confidential
    assert citizen is not None and citizen.phone == "0912345678"
    # next time the saved phone is offered first
    await dung.say("Tôi không đồng ý với quyết định xử phạt lần hai")
    await dung.say("1")
    assert "Dùng số: 0912345678" in await dung.say("1")


async def test_to_cao_identity_is_confidential_and_not_copied_to_citizen(chat_as, app) -> None:
    em = chat_as("em")
    await consented(em)
    await em.say("Tố cáo cán bộ phường tên Hùng đòi tiền 15 triệu")
    ask_name = await em.say("1")
    assert "giữ bí mật" in ask_name
    await em.say("Lê Văn Em")
    final = await em.say("0987654321")
    assert code_in(final).startswith("TC-")
    async with app.store.transaction() as repo:
        contact = await repo.session.scalar(select(m.PetitionContact))
        citizen = await repo.session.scalar(select(m.Citizen))
        unit = await repo.session.scalar(
            select(m.Unit.code).join(m.Petition, m.Petition.unit_id == m.Unit.id)
        )
    assert contact is not None and contact.confidential and contact.full_name == "Lê Văn Em"
    assert citizen is not None and citizen.full_name is None and citizen.phone is None
    assert unit == "tocao"
    assert "citizen_id" not in m.Petition.__table__.columns  # the petition names no one
    async with app.store.transaction() as repo:
        kept = " ".join(
            t or "" for t in (await repo.session.scalars(select(m.InboundMessage.text))).all()
        )
    assert "Lê Văn Em" not in kept and "0987654321" not in kept
    assert texts.IDENTITY_MOVED in kept


async def test_anonymous_to_cao_becomes_a_lead_without_to_cao_deadlines(chat_as, app) -> None:
    giang = chat_as("giang")
    await consented(giang)
    await giang.say("Tố cáo cán bộ tên Hùng đòi tiền người dân")
    await giang.say("1")
    warning = await giang.say(texts.HIDE_MY_NAME)  # typed label instead of the number
    assert "Điều 25" in warning and not CODE.search(warning)
    final = await giang.say("2")  # still hide my name
    assert code_in(final).startswith("PA-") and "Điều 25" in final
    async with app.store.transaction() as repo:
        petition = await repo.session.scalar(select(m.Petition))
        note = await repo.session.scalar(
            select(m.PetitionEvent.note).where(m.PetitionEvent.action == "route")
        )
    assert petition is not None and petition.anonymous and petition.kind == "kien_nghi_phan_anh"
    assert petition.due_rule == "phan_anh_tra_loi"
    async with app.store.transaction() as repo:
        contact = await repo.session.scalar(select(m.PetitionContact))
    assert contact is not None and contact.confidential
    assert contact.full_name is None and contact.phone is None
    assert note is not None and "Điều 25" in note


async def test_faq_answers_a_question_and_can_still_file_it(chat_as) -> None:
    hoa = chat_as("hoa")
    await consented(hoa)
    reply = await hoa.say("Cho hỏi thủ tục làm giấy khai sinh cho con?")
    assert "60 ngày" in reply
    assert texts.FAQ_THANKS in await hoa.say("1")
    await hoa.say("Cho hỏi thủ tục làm giấy khai sinh cho con?")
    assert "Văn phòng HĐND" in await hoa.say("2")
    assert code_in(await hoa.say("1")).startswith("HD-")


async def test_tracuu_shows_status_to_owner_only(chat_as) -> None:
    an, binh = chat_as("an"), chat_as("binh")
    await consented(an)
    final, _ = await accept_defaults(an, POTHOLE)
    code = code_in(final)
    status = await an.say(f"/tracuu {code.lower()}")
    assert code in status and texts.STATUS_LABELS["routed"] in status
    assert "Tiếp nhận đơn" in status and "Chuyển đến đơn vị xử lý" in status
    other = await binh.say(f"/tracuu {code}")
    assert "Không tìm thấy" in other and "Phòng Kinh tế" not in other
    assert texts.LOOKUP_USAGE in await an.say("/tracuu")
    assert "Không tìm thấy" in await an.say("/tracuu XYZ")
    mine = await an.say("/cuatoi")
    assert code in mine
    assert texts.MINE_EMPTY in await binh.say("/cuatoi")


async def test_cancel_and_help_and_unknown_command(chat_as, app) -> None:
    an = chat_as("an")
    await consented(an)
    await an.say(POTHOLE)
    assert texts.CANCELLED in await an.say("/huy")
    assert texts.NOTHING_TO_CANCEL in await an.say("/huy")
    assert "/tracuu" in await an.say("/trogiup")
    assert "Lệnh /xyz không có" in await an.say("/xyz")
    assert await count(app, m.Petition) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", texts.EMPTY_TEXT),
        ("   \n\t ", texts.EMPTY_TEXT),
        ("😡😡😡👍", texts.NOT_UNDERSTOOD),
        ("\x00\x01\x02\xff\xfe", texts.NOT_UNDERSTOOD),
        ("\udcff\udcfe\ud800", texts.NOT_UNDERSTOOD),  # undecodable bytes from a terminal
        ("ổ gà " * 6000, "Nội dung quá dài"),
    ],
)
async def test_bad_input_gets_a_clear_answer_and_is_kept(chat_as, app, text, expected) -> None:
    an = chat_as("an")
    await consented(an)
    assert expected in await an.say(text)
    async with app.store.transaction() as repo:
        kept = (await repo.session.scalars(select(m.InboundMessage.text))).all()
    stored = re.sub("[\x00\ud800-\udfff]", "\ufffd", text)  # no database stores these
    assert stored in kept
    assert await count(app, m.Petition) == 0


async def test_wrong_option_repeats_the_question(chat_as) -> None:
    an = chat_as("an")
    await consented(an)
    await an.say(POTHOLE)
    reply = await an.send("9")
    assert reply[0].text == texts.CHOOSE_AN_OPTION
    assert reply[-1].options[0].label == texts.CONFIRM_YES
    # a stale button value from an old message is not taken either
    assert texts.CHOOSE_AN_OPTION in await an.say(Choice("kind:to_cao"))


async def test_low_confidence_offers_top_categories(chat_as) -> None:
    an = chat_as("an")
    await consented(an)
    replies = await an.send("Không rõ chuyện này thuộc đâu, rác ở hẻm")
    assert replies[-1].text == texts.UNSURE_CATEGORY
    labels = [o.label for o in replies[-1].options]
    assert labels[0] == texts.CATEGORY_LABELS["moi_truong"] and labels[-1] == texts.ALL_CATEGORIES
    full = await an.send("4")
    assert len(full[-1].options) == 14


async def test_picking_another_category_and_kind_changes_unit(chat_as) -> None:
    an = chat_as("an")
    await consented(an)
    await an.say(POTHOLE)
    listing = await an.send("2")
    labels = [o.label for o in listing[-1].options]
    assert len(labels) == 14
    number = labels.index(texts.CATEGORY_LABELS["an_ninh_trat_tu"]) + 1
    assert "Công an phường" in await an.say(str(number))
    await an.say("3")
    assert "tố cáo" in await an.say("Tố cáo")  # typed label, no diacritics needed either


async def test_photo_and_location_are_attached_to_the_petition(chat_as, app, tmp_path) -> None:
    an = chat_as("an")
    await consented(an)
    assert "mô tả" in await an.say(Media("photo", "file-1", 2048))
    await an.say(POTHOLE)
    await an.say("1")  # confirm -> where?
    assert "Đã nhận ảnh" in await an.say(Media("photo", "file-2", 4096))
    await an.say(Location(10.7725, 106.698))
    final = await an.say("1")
    code = code_in(final)
    async with app.store.transaction() as repo:
        petition = await repo.session.scalar(select(m.Petition).where(m.Petition.code == code))
        assert petition is not None and petition.latitude == pytest.approx(10.7725)
        files = (
            await repo.session.scalars(
                select(m.Attachment.channel_file_id).where(m.Attachment.petition_id == petition.id)
            )
        ).all()
    assert sorted(files) == ["file-1", "file-2"]


async def test_resent_update_is_processed_once(chat_as, app) -> None:
    an = chat_as("an")
    await consented(an)
    first = await an.send(POTHOLE, external_id="u-100")
    again = await an.send(POTHOLE, external_id="u-100")
    assert first and again == []
    assert await count(app, m.InboundMessage) == 3  # /start, "1", the text once


async def test_conversation_survives_a_restart(migrated_url, config, clock) -> None:
    from bot.app import open_app
    from bot.settings import Settings
    from tests.conftest import ROOT, keyword_classifier

    settings = Settings(ROOT / "config.yaml", config, migrated_url)
    first = await open_app(settings, clock=clock, classifier=keyword_classifier)
    an = Chat(first, clock, "an")
    await consented(an)
    await an.say(POTHOLE)
    await first.close()
    second = await open_app(settings, clock=clock, classifier=keyword_classifier)
    try:
        final, _ = await accept_defaults(Chat(second, clock, "an"), "1")
        assert code_in(final)
    finally:
        await second.close()


async def test_text_is_kept_when_routing_fails(migrated_url, config, clock) -> None:
    from dataclasses import replace

    from bot.app import open_app
    from bot.settings import Settings
    from tests.conftest import ROOT, keyword_classifier

    settings = Settings(ROOT / "config.yaml", config, migrated_url)
    app = await open_app(settings, clock=clock, classifier=keyword_classifier)

    def broken_route(kind: object, category: object) -> str:
        raise RuntimeError("routing table unavailable")

    app.dispatcher.services = replace(app.services, route=broken_route)
    try:
        an = Chat(app, clock, "an")
        await consented(an)
        assert texts.SAVED_BUT_FAILED in await an.say(POTHOLE)
        async with app.store.transaction() as repo:
            row = await repo.session.scalar(
                select(m.InboundMessage).where(m.InboundMessage.text == POTHOLE)
            )
        assert row is not None and row.processed_at is None
        assert await count(app, m.Petition) == 0
    finally:
        await app.close()


async def test_refusing_a_new_notice_keeps_filed_petitions_and_forgets_the_rest(
    app, clock, chat_as
) -> None:
    from dataclasses import replace

    an = chat_as("an")
    await consented(an)
    await an.say(Media("photo", "file-1", 2048))
    final, _ = await accept_defaults(an, POTHOLE)
    code = code_in(final)
    config = app.services.config
    privacy = config.privacy.model_copy(update={"notice_version": "2027-01-01"})
    new_notice = config.model_copy(update={"privacy": privacy})
    app.dispatcher.services = replace(app.services, config=new_notice)
    assert "Bạn có đồng ý" in await an.say("Rác ở đầu hẻm không ai thu")
    assert "đã được xóa" in await an.say("2")
    async with app.store.transaction() as repo:
        consents = (await repo.session.scalars(select(m.Consent.granted))).all()
        kept = (await repo.session.scalars(select(m.InboundMessage.text))).all()
    assert consents == [True, False]
    assert POTHOLE in kept and "Rác ở đầu hẻm không ai thu" not in kept
    assert code in await an.say(f"/tracuu {code}")


async def test_a_double_tap_files_once(chat_as, app) -> None:
    import asyncio

    an = chat_as("an")
    await consented(an)
    await an.say(POTHOLE)
    await an.say("1")  # confirm; the text gives the address, so "named or anonymous?" next
    first, second = await asyncio.gather(an.say("1"), an.say("1"))  # "with my name", twice
    assert [bool(CODE.search(first)), bool(CODE.search(second))].count(True) == 1
    assert await count(app, m.Petition) == 1


async def test_two_first_messages_at_once_are_both_kept(chat_as, app) -> None:
    import asyncio

    new = chat_as("moi")
    replies = await asyncio.gather(new.send(POTHOLE), new.send("Rác ở đầu hẻm 7 không ai thu"))
    assert all(replies)
    assert await count(app, m.Citizen) == 1
    assert await count(app, m.InboundMessage) == 2


async def test_pressing_1_never_files_a_to_cao_anonymously(app, clock) -> None:
    emoji_only = Chat(app, clock, "x")
    emoji_only.sender = replace(emoji_only.sender, display_name="😎😎")
    await consented(emoji_only)
    await emoji_only.say("Tố cáo cán bộ tên Hùng đòi tiền người dân")
    for _ in range(6):
        assert not CODE.search(await emoji_only.say("1"))
    assert await count(app, m.Petition) == 0
    assert "Số điện thoại" in await emoji_only.say("Phạm Văn Tuấn")


async def test_natural_answers_and_decomposed_unicode_are_understood(chat_as, app) -> None:
    import unicodedata

    nfd = chat_as("nfd")
    await nfd.send(POTHOLE)
    assert "Đường sá" in await nfd.say(unicodedata.normalize("NFD", "Đồng ý"))
    assert "kèm tên" in await nfd.say("Đúng rồi, gửi đi!")  # the text gave the address
    await nfd.say("1")  # with my name
    async with app.store.transaction() as repo:
        petition = await repo.session.scalar(select(m.Petition))
    assert petition is not None and petition.text == POTHOLE
    await nfd.say("Tôi không đồng ý với quyết định xử phạt của phường")
    await nfd.say("1")
    assert "Số điện thoại" in await nfd.say(unicodedata.normalize("NFD", "Nguyễn Thị Hằng"))


async def test_an_unfinished_petition_expires_and_the_next_text_is_new(chat_as, app) -> None:
    an = chat_as("an")
    await consented(an)
    await an.say(POTHOLE)  # left at the confirmation
    an.clock.advance(days=20)
    reply = await an.say("Bãi rác ở chợ Bến Thành bốc mùi hôi thối cả tuần nay")
    sent_at = an.clock.now()
    assert "đã quá 24 giờ" in reply and "Môi trường" in reply
    final, _ = await accept_defaults(an, "1")
    async with app.store.transaction() as repo:
        petition = await repo.session.scalar(select(m.Petition))
    assert petition is not None and POTHOLE not in petition.text
    assert petition.received_at == sent_at
    assert code_in(final)


async def test_leaving_the_consent_question_or_withdrawing_forgets_unfiled_text(
    chat_as, app
) -> None:
    an = chat_as("an")
    await an.send("Hàng xóm đổ rác ra đường mỗi tối")
    assert texts.CANCELLED in await an.say("/huy")
    await consented(an)
    assert code_in((await accept_defaults(an, POTHOLE))[0])
    await an.say("Một việc khác mình định gửi sau")
    assert "rút lại đồng ý" in await an.say("/rutdongy")
    async with app.store.transaction() as repo:
        kept = (await repo.session.scalars(select(m.InboundMessage.text))).all()
        consents = (await repo.session.scalars(select(m.Consent.granted))).all()
    assert POTHOLE in kept
    assert "Hàng xóm đổ rác ra đường mỗi tối" not in kept
    assert "Một việc khác mình định gửi sau" not in kept
    assert consents == [True, False]
    assert "Bạn có đồng ý" in await an.say("Lại có rác")


async def test_what_the_text_already_says_is_not_asked_again(chat_as, app) -> None:
    an = chat_as("an")
    await consented(an)
    await an.say(POTHOLE)
    assert texts.ASK_IDENTITY_PA in await an.say("1")  # "Đường Lê Lợi ... số 12" is the place
    await an.say("1")
    await an.say("Có ổ gà to giữa đường, xe máy té liên tục mấy hôm nay")
    assert texts.ASK_PLACE in await an.say("1")  # no address in this one
    await an.say("hẻm 7 Pasteur")
    await an.say("1")
    async with app.store.transaction() as repo:
        places = (
            await repo.session.scalars(select(m.Petition.place).order_by(m.Petition.id))
        ).all()
    assert "Lê Lợi" in (places[0] or "") and places[1] == "hẻm 7 Pasteur"
    await an.say("Tôi không đồng ý với quyết định xử phạt, liên hệ tôi số 0987 654 321")
    await an.say("1")
    assert "Dùng số: 0987654321" in await an.say("Trần Văn An")
    final = await an.say("1")
    async with app.store.transaction() as repo:
        contact = await repo.session.scalar(
            select(m.PetitionContact).order_by(m.PetitionContact.petition_id.desc())
        )
    assert code_in(final).startswith("KN-") and contact is not None
    assert contact.phone == "0987654321"


async def test_units_get_a_redacted_copy_of_a_to_cao(chat_as, app) -> None:
    em = chat_as("em")
    await consented(em)
    await em.say(
        "Tôi là Lê Văn Em, nhà ở số 8 hẻm 12 Pasteur, tố cáo cán bộ địa chính tên Trần Hùng "
        "đòi tiền 15 triệu mới ký hồ sơ. SĐT tôi 0912 345 678"
    )
    await em.say("1")
    await em.say("Lê Văn Em")
    assert code_in(await em.say("1")).startswith("TC-")
    async with app.store.transaction() as repo:
        petition = await repo.session.scalar(select(m.Petition))
    assert petition is not None and petition.redacted_text is not None
    assert "Lê Văn Em" not in petition.redacted_text and "0912" not in petition.redacted_text
    assert "Trần Hùng" in petition.redacted_text  # units need the accused's name
    assert "Lê Văn Em" in petition.text  # the original stays, for the confidential handler
    assert petition.place is None  # "nhà ở số 8 hẻm 12 Pasteur" is the sender's home


async def test_a_near_duplicate_joins_the_open_petition_and_subscribes_its_sender(
    chat_as, app
) -> None:
    an, binh, chi = chat_as("an"), chat_as("binh"), chat_as("chi")
    for person in (an, binh, chi):
        await consented(person)
    first, _ = await accept_defaults(an, POTHOLE)
    same = "ổ gà rất lớn trên đường Lê Lợi trước nhà số 12, mấy hôm nay xe máy té hoài"
    second, _ = await accept_defaults(binh, same)
    other = "Đường Hai Bà Trưng trước chợ Tân Định có ổ gà lớn, xe máy té liên tục"
    third, _ = await accept_defaults(chi, other)
    assert "tương tự (mã " + code_in(first) in second
    assert "tương tự" not in third
    async with app.store.transaction() as repo:
        rows = (await repo.session.scalars(select(m.Petition).order_by(m.Petition.id))).all()
        subscribers = (await repo.session.scalars(select(m.PetitionSubscription.citizen_id))).all()
    assert rows[1].cluster_id == rows[0].id and rows[2].cluster_id is None
    assert len(subscribers) == 1


async def test_an_uncertain_classification_is_marked_for_officers(chat_as, app) -> None:
    an = chat_as("an")
    await consented(an)
    await an.say("Không rõ chuyện này thuộc đâu, rác ở hẻm")
    await an.say("1")  # the top category
    final, _ = await accept_defaults(an, "1")
    async with app.store.transaction() as repo:
        petition = await repo.session.scalar(select(m.Petition))
    assert code_in(final) and petition is not None and petition.uncertain
