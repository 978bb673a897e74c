"""Officers work petitions through the channel-neutral interface (SQLite and PostgreSQL):
the unit is notified, acts, the citizen is told and answers; roles and races hold."""

from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy import func, select

from bot.app import App
from handlers import texts
from handlers.channel import Choice
from storage import models as m
from tests.conftest import Chat, FakeClock
from tests.handlers.test_citizen_flow import POTHOLE, accept_defaults, code_in, consented

KT_OFFICER, KT_HEAD, VP_OFFICER, VP_HEAD = (
    "KT-3HD8-P1",
    "KT-TRUONG-5B",
    "VP-7KQ2-M4",
    "VP-TRUONG-9X",
)
TC_HANDLER, LEADER = "TC-MAT-4V6Y", "LD-CT-1S9Q"
TO_CAO = (
    "Tôi là Lê Văn Em, nhà ở số 8 hẻm 12 Pasteur, tố cáo cán bộ địa chính tên Trần Hùng "
    "đòi tiền 15 triệu mới ký hồ sơ. SĐT tôi 0912 345 678"
)


async def officer(chat: Chat, code: str) -> Chat:
    assert "Đăng ký thành công" in await chat.say(f"/dangky {code}")
    await chat.inbox()  # start with an empty inbox
    return chat


async def file_pothole(chat: Chat) -> str:
    await consented(chat)
    final, _ = await accept_defaults(chat, POTHOLE)
    return code_in(final)


async def file_to_cao(chat: Chat) -> str:
    """Em files TO_CAO with his name: the tố cáo's code."""
    await consented(chat)
    await chat.say(TO_CAO)
    await chat.say("1")
    await chat.say("Lê Văn Em")
    return code_in(await chat.say("1"))


# The whole round: asked for information, transferred, answered, not satisfied, answered
# again, satisfied.
FULL_ROUND = [
    "receive",
    "route",
    "accept",
    "request_info",
    "provide_info",
    "transfer",
    "answer",
    "rated_unsatisfied",
    "reopen",
    "answer",
    "rated_satisfied",
    "close",
]


def press(action: str, code: str) -> Choice:
    return Choice(f"po:{action}:{code}")


async def history(app: App, code: str) -> list[str]:
    async with app.store.transaction() as repo:
        petition = await repo.petition_by_code(code)
        assert petition is not None
        return [event.action for event in await repo.history(petition.id)]


async def test_a_petition_goes_round_the_whole_lifecycle(chat_as, app, clock: FakeClock) -> None:
    an = chat_as("an")
    ky = await officer(chat_as("ky"), KT_OFFICER)
    kt_head = await officer(chat_as("kthead"), KT_HEAD)
    vy = await officer(chat_as("vy"), VP_OFFICER)
    vp_head = await officer(chat_as("vphead"), VP_HEAD)
    code = await file_pothole(an)

    # the unit is notified with a card and its actions; nobody else is
    card = await ky.inbox_text()
    assert (
        f"Đơn mới {code}" in card and "Lê Lợi" in card and "Hạn xử lý: thứ Ba, 15/12/2026" in card
    )
    assert texts.ACTION_LABELS["accept"] in card and texts.ACTION_LABELS["transfer"] in card
    assert await vy.inbox() == [] and await an.inbox() == []
    assert code in await kt_head.inbox_text()  # the unit has no group: each of its officers

    # accept
    assert "Đã thụ lý" in await ky.say(press("accept", code))
    assert "thụ lý" in await an.inbox_text()

    # ask for more information; the citizen's plain answer comes back to the unit
    assert "Nhập nội dung cần công dân bổ sung" in await ky.say(press("request_info", code))
    assert "Đã gửi đề nghị bổ sung" in await ky.say("Ổ gà nằm ở làn nào, gần số nhà nào?")
    request = await an.inbox_text()
    assert "Ổ gà nằm ở làn nào" in request
    assert "đã được chuyển đến Phòng Kinh tế" in await an.say("Làn bên phải, trước số 14")
    assert "Làn bên phải, trước số 14" in await ky.inbox_text()

    # transfer to the Văn phòng, with a reason; the receiving unit is notified
    units = await ky.say(press("transfer", code))
    assert "Văn phòng HĐND và UBND phường" in units and "Phòng Kinh tế" not in units
    assert "Lý do chuyển" in await ky.say(Choice("pt:vp"))
    assert "Đã chuyển đơn" in await ky.say("Đường do phường quản lý, giao Văn phòng tổng hợp")
    arrived = await vy.inbox_text()
    assert f"Đơn {code} được Phòng Kinh tế - Hạ tầng - Đô thị chuyển đến" in arrived
    assert "giao Văn phòng tổng hợp" in arrived
    assert "chuyển đến Văn phòng HĐND" in await an.inbox_text()
    assert "không có quyền" in await ky.say(press("answer", code))  # no longer kt's
    await kt_head.inbox()

    # the other unit answers; the citizen is not satisfied, with a comment: reopened
    assert "Nhập nội dung trả lời" in await vy.say(press("answer", code))
    assert "Đã gửi trả lời" in await vy.say("Đã vá ổ gà ngày 05/12.")
    answer = await an.inbox_text()
    assert "Đã vá ổ gà ngày 05/12." in answer and texts.RATE_UNSATISFIED in answer
    assert texts.ASK_RATE_COMMENT in await an.say("2")
    reopened = await an.say("Mới vá một nửa, vẫn còn hố")
    assert "mở lại" in reopened
    assert "Mới vá một nửa" in await vy.inbox_text()
    assert "Mới vá một nửa" in await vp_head.inbox_text()
    assert await kt_head.inbox() == []  # the head of the unit that holds it, not the former one

    # answered again, rated satisfied: closed
    await vy.say(press("answer", code))
    await vy.say("Đã vá toàn bộ ngày 08/12.")
    assert "Đã vá toàn bộ" in await an.inbox_text()
    assert "đã kết thúc" in await an.say(Choice(f"rate:{code}:1"))
    assert "hài lòng" in await vy.inbox_text()

    assert await history(app, code) == FULL_ROUND
    async with app.store.transaction() as repo:
        row = await repo.session.scalar(select(m.Petition).where(m.Petition.code == code))
    assert row is not None and row.status == "closed" and row.rating == "satisfied"
    assert row.accepted_at is not None and row.answered_at is not None and row.closed_at is not None
    # what the citizen sees of it
    lookup = await an.say(f"/tracuu {code}")
    assert "Đã kết thúc" in lookup and "Người gửi hài lòng" in lookup


async def test_to_cao_never_shows_its_sender_to_the_unit(chat_as, app) -> None:
    handler = await officer(chat_as("mat"), TC_HANDLER)
    chief = await officer(chat_as("chutich"), LEADER)
    ky = await officer(chat_as("ky"), KT_OFFICER)
    em = chat_as("em")
    code = await file_to_cao(em)
    card = await handler.inbox_text()
    assert f"Đơn mới {code}" in card and "Trần Hùng" in card
    assert "Lê Văn Em" not in card and "0912" not in card and "Pasteur" not in card
    assert texts.ACTION_LABELS["who"] not in card  # the card goes to the unit, not a person
    assert "Không tìm thấy" in await ky.say(f"/xem {code}")  # another unit
    seen_by_leader = await chief.say(f"/xem {code}")
    assert "Trần Hùng" in seen_by_leader and "Lê Văn Em" not in seen_by_leader
    assert texts.ACTION_LABELS["who"] not in seen_by_leader
    assert "không có quyền" in await chief.say(press("who", code))
    assert "Lê Văn Em" not in await chief.inbox_text()

    viewed = await handler.say(f"/xem {code}")
    assert texts.ACTION_LABELS["who"] in viewed and "Lê Văn Em" not in viewed
    who = await handler.say(press("who", code))
    assert "Lê Văn Em" in who and "đã được ghi lại" in who
    async with app.store.transaction() as repo:
        accesses = await repo.session.scalar(select(func.count()).select_from(m.IdentityAccess))
    assert accesses == 1

    # the sender answers a request for information: the unit gets a redacted copy
    await handler.say(press("accept", code))
    await handler.say(press("request_info", code))
    await handler.say("Ông/bà có chứng cứ chuyển tiền không?")
    assert "chứng cứ" in await em.inbox_text()
    await em.say("Có, tôi Lê Văn Em còn giữ tin nhắn")
    provided = await handler.inbox_text()
    assert "còn giữ tin nhắn" in provided and "Lê Văn Em" not in provided


async def test_denied_actions_change_nothing_and_the_second_press_is_told(chat_as, app) -> None:
    an = chat_as("an")
    ky = await officer(chat_as("ky"), KT_OFFICER)
    kha = await officer(chat_as("kha"), KT_HEAD)
    vy = await officer(chat_as("vy"), VP_OFFICER)
    code = await file_pothole(an)
    assert "không có quyền" in await vy.say(press("accept", code))
    assert "Không tìm thấy" in await vy.say(f"/xem {code}")
    assert "chỉ dành cho cán bộ" in await an.say(press("accept", code))
    assert await history(app, code) == ["receive", "route"]

    assert "Đã thụ lý" in await ky.say(press("accept", code))
    second = await kha.say(press("accept", code))
    assert "không còn áp dụng" in second and "đang giải quyết" in second
    # both start answering; the first to send wins, the second is told
    await ky.say(press("answer", code))
    await kha.say(press("answer", code))
    assert "Đã gửi trả lời" in await ky.say("Đã xử lý xong.")
    assert "không còn áp dụng" in await kha.say("Chúng tôi sẽ xử lý.")
    assert await history(app, code) == ["receive", "route", "accept", "answer"]
    assert "Chúng tôi sẽ xử lý" not in await an.inbox_text()


async def test_the_queue_lists_overdue_first_then_due_soonest_with_paging(
    chat_as, app, clock: FakeClock
) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    citizens = [chat_as(f"dan{i}") for i in range(10)]
    codes = []
    for number, citizen in enumerate(citizens):
        await consented(citizen)
        final, _ = await accept_defaults(
            citizen, f"Rác chất đống ở hẻm {number + 3} đường Nguyễn Trãi, bốc mùi mấy hôm nay"
        )
        codes.append(code_in(final))
        clock.advance(days=1)
    clock.advance(days=10)  # the first ones are now overdue
    listing = await ky.say("/hopthu")
    assert "10 đơn đang mở (trang 1/2)" in listing
    assert listing.index(codes[0]) < listing.index(codes[1]) < listing.index(codes[5])
    assert "quá hạn" in listing and texts.QUEUE_NEXT in listing
    page_two = await ky.say("9")  # the "next page" option, typed as its number
    assert "trang 2/2" in page_two and codes[9] in page_two and codes[0] not in page_two
    shown = await ky.say("1")  # the first petition of page two
    assert f"Đơn {codes[8]}" in shown and "Diễn biến:" in shown


async def test_a_unit_group_gets_the_card_and_a_member_acts_from_it(chat_as, app, clock) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    group = Chat(app, clock, "-100777", channel="test_group", member_id="ky")
    assert "Đã gắn nhóm" in await group.say(f"/ganketnhom {KT_OFFICER}")
    code = await file_pothole(chat_as("an"))
    assert f"Đơn mới {code}" in await group.inbox_text()
    assert await ky.inbox() == []  # the group, not each officer
    assert "Đã thụ lý" in await group.say(press("accept", code))
    assert "tin nhắn riêng" in await group.say(press("answer", code))
    assert "Nhập nội dung trả lời" in await ky.inbox_text()
    assert "Đã gửi trả lời" in await ky.say("Đã vá xong.")
    stranger = Chat(app, clock, "-100777", channel="test_group", member_id="stranger")
    assert "chỉ dành cho cán bộ" in await stranger.say(press("close", code))


async def test_urgent_petitions_alert_the_officers_on_duty_at_once(chat_as, app) -> None:
    ca = await officer(chat_as("ca"), "CA-8ZU1-K3")
    assert "đang TRỰC" in await ca.say("/truc")
    await consented(chat_as("binh"))
    binh = chat_as("binh")
    final, _ = await accept_defaults(binh, "Cháy lớn ở chung cư 24 Lý Tự Trọng, khói đen mù mịt")
    code = code_in(final)
    alerts = await ca.inbox_text()
    assert alerts.count(f"Đơn mới {code} — KHẨN") == 2  # as the unit's officer and on duty
    assert "Đã tắt trực" in await ca.say("/truc")


async def test_acceptance_restarts_a_khieu_nai_clock(chat_as, app) -> None:
    vy = await officer(chat_as("vy"), VP_OFFICER)
    cuong = chat_as("cuong")
    await consented(cuong)
    final, _ = await accept_defaults(
        cuong, "Tôi khiếu nại quyết định xử phạt hành chính số 12/QĐ-XPHC của phường ngày 20/11"
    )
    code = code_in(final)
    assert code.startswith("KN-")
    await vy.say(press("accept", code))
    async with app.store.transaction() as repo:
        petition = await repo.petition_by_code(code)
    assert petition is not None and petition.due_rule == "khieu_nai_lan_dau"
    # accepted Tue 01/12/2026 (local): 30 days -> Thu 31/12/2026
    assert petition.due_date == date(2026, 12, 31)


async def test_filing_needs_a_reason_and_tells_the_citizen_where_to_go(chat_as, app) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    an = chat_as("an")
    code = await file_pothole(an)
    reasons = await ky.say(press("file", code))
    assert texts.FILE_REASON_LABELS["not_competent"] in reasons
    assert "cơ quan nào" in await ky.say("2")
    assert "Đã lưu đơn" in await ky.say("Sở Giao thông vận tải, 63 Lý Tự Trọng")
    assert "Sở Giao thông vận tải" in await an.inbox_text()
    code2 = await file_pothole(chat_as("binh"))
    await ky.say(press("file", code2))
    await ky.say("3")
    assert "Không có đơn mã" in await ky.say("PA-2026-999999")
    assert "Đã lưu đơn" in await ky.say(code)
    async with app.store.transaction() as repo:
        row = await repo.session.scalar(select(m.Petition).where(m.Petition.code == code2))
    assert row is not None and row.status == "filed" and row.filing_reason == "duplicate"


async def test_an_officer_corrects_the_labels_and_the_correction_is_kept_for_training(
    chat_as, app
) -> None:
    vy = await officer(chat_as("vy"), VP_OFFICER)
    an = chat_as("an")
    await consented(an)
    final, _ = await accept_defaults(an, "Chuyện không rõ là gì, nước thải chảy tràn ra hẻm 5")
    code = code_in(final)
    card = await vy.inbox_text()
    assert texts.CARD_UNCERTAIN in card and texts.ACTION_LABELS["relabel"] in card
    assert "Lĩnh vực đúng" in await vy.say(press("relabel", code))
    assert "Loại đơn đúng" in await vy.say(Choice("pc:moi_truong"))
    done = await vy.say("1")  # the first kind: kiến nghị, phản ánh
    assert "Đã sửa phân loại" in done and "Môi trường" in done
    assert "Phòng Kinh tế - Hạ tầng - Đô thị" in done  # where it belongs now
    async with app.store.transaction() as repo:
        row = await repo.session.scalar(select(m.Petition).where(m.Petition.code == code))
        examples = await repo.labelled_corrections()
    assert row is not None and row.category == "moi_truong" and not row.uncertain
    assert [(e.petition, e.text, e.kind, e.category, e.urgent) for e in examples] == [
        (code, row.text, "kien_nghi_phan_anh", "moi_truong", False)
    ]
    assert "relabel" in await history(app, code)
    ky = await officer(chat_as("ky"), KT_OFFICER)
    assert "không có quyền" in await ky.say(press("relabel", code))  # still the vp's


async def test_waiting_for_the_citizen_pauses_only_a_pausing_rule(
    chat_as, app, clock: FakeClock
) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    an = chat_as("an")
    code = await file_pothole(an)  # Tue 01/12/2026, phan_anh_tra_loi pauses: due Tue 15/12
    await ky.say(press("accept", code))
    await ky.say(press("request_info", code))
    await ky.say("Số nhà chính xác?")
    clock.advance(days=4)  # asked Tue 01/12, answered Sat 05/12: 3 working days waited
    await an.inbox()
    await an.say("Số 12")
    async with app.store.transaction() as repo:
        petition = await repo.petition_by_code(code)
    assert petition is not None and petition.due_date == date(2026, 12, 18)  # Fri, +3

    vy = await officer(chat_as("vy"), VP_OFFICER)
    cuong = chat_as("cuong")
    await consented(cuong)
    final, _ = await accept_defaults(cuong, "Tôi khiếu nại quyết định thu hồi đất số 7 của phường")
    kn = code_in(final)
    await vy.say(press("accept", kn))
    async with app.store.transaction() as repo:
        before = await repo.petition_by_code(kn)
    await vy.say(press("request_info", kn))
    await vy.say("Gửi bản sao quyết định.")
    clock.advance(days=5)
    await cuong.inbox()
    await cuong.say("Tôi gửi rồi")
    async with app.store.transaction() as repo:
        after = await repo.petition_by_code(kn)
    assert before is not None and after is not None and after.due_date == before.due_date


async def test_citizens_who_joined_a_cluster_hear_the_answer(chat_as, app) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    an, binh = chat_as("an"), chat_as("binh")
    first = await file_pothole(an)
    await consented(binh)
    same = "ổ gà rất lớn trên đường Lê Lợi trước nhà số 12, mấy hôm nay xe máy té hoài"
    second, _ = await accept_defaults(binh, same)
    assert first in second
    cards_seen = await ky.inbox_text()
    assert "Cụm phản ánh tương tự: 2 đơn" in cards_seen
    await ky.say(press("answer", first))
    await ky.say("Đã vá xong ổ gà.")
    assert "Đã vá xong ổ gà." in await binh.inbox_text()
    assert "Đã vá xong ổ gà." in await an.inbox_text()


async def test_a_to_cao_goes_round_the_lifecycle_without_the_sender_reaching_a_unit(
    chat_as, app
) -> None:
    mat = await officer(chat_as("mat"), TC_HANDLER)
    vy = await officer(chat_as("vy"), VP_OFFICER)
    await officer(chat_as("vphead"), VP_HEAD)
    em = chat_as("em")
    code = await file_to_cao(em)
    await mat.say(press("accept", code))
    await mat.say(press("request_info", code))
    await mat.say("Ông/bà có bằng chứng không?")
    await em.say("Có, tôi Lê Văn Em giữ ghi âm, gọi 0912 345 678")
    await mat.say(press("transfer", code))
    await mat.say(Choice("pt:vp"))
    await mat.say("Giao Văn phòng xác minh")
    await vy.say(press("answer", code))
    await vy.say("Đã xác minh, xử lý kỷ luật cán bộ.")
    await em.say("2")
    await em.say("Lê Văn Em thấy chưa thỏa đáng")
    await vy.say(press("answer", code))
    await vy.say("Đã xử lý lại.")
    assert "đã kết thúc" in await em.say(Choice(f"rate:{code}:1"))
    assert await history(app, code) == FULL_ROUND
    async with app.store.transaction() as repo:
        to_officers = (
            await repo.session.scalars(
                select(m.OutboxMessage.text).where(m.OutboxMessage.chat_id != "em")
            )
        ).all()
        notes = (await repo.session.scalars(select(m.PetitionEvent.note))).all()
    seen_by_units = "\n".join([*(t or "" for t in to_officers), *(n or "" for n in notes)])
    assert "Trần Hùng" in seen_by_units and "thỏa đáng" in seen_by_units
    for identifying in ("Lê Văn Em", "0912", "345 678", "Pasteur"):
        assert identifying not in seen_by_units


async def test_two_officers_pressing_accept_at_the_same_moment_accept_once(chat_as, app) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    kha = await officer(chat_as("kha"), KT_HEAD)
    code = await file_pothole(chat_as("an"))
    replies = await asyncio.gather(ky.say(press("accept", code)), kha.say(press("accept", code)))
    assert sorted("Đã thụ lý" in reply for reply in replies) == [False, True]
    assert any("không còn áp dụng" in reply for reply in replies)
    assert await history(app, code) == ["receive", "route", "accept"]


async def test_bad_buttons_get_a_polite_answer_and_change_nothing(chat_as, app, clock) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    an = chat_as("an")
    code = await file_pothole(an)
    for value in ("hq:²", "hq:99999999999999999999", "hq:-1", "po:accept:", "pt:zz", "pk:x"):
        reply = await ky.say(Choice(value))
        assert texts.SAVED_BUT_FAILED not in reply, value
    assert "hết hạn" in await an.say(Choice(f"rate:{code}:9"))
    await ky.say(press("transfer", code))
    assert "hết hạn" in await ky.say(Choice("pt:kt"))  # its own unit was not offered
    await ky.say("/huy")
    await ky.say(press("file", code))
    await ky.say("3")
    assert "Không có đơn mã" in await ky.say(code)  # a duplicate of itself
    assert await history(app, code) == ["receive", "route"]


async def test_a_group_shows_only_its_own_units_petitions(chat_as, app, clock) -> None:
    chief = await officer(chat_as("chutich"), LEADER)
    kt_group = Chat(app, clock, "-100777", channel="test_group", member_id="ky")
    await officer(chat_as("ky"), KT_OFFICER)
    await kt_group.say(f"/ganketnhom {KT_OFFICER}")
    code = await file_pothole(chat_as("an"))
    elsewhere = Chat(app, clock, "-100999", channel="test_group", member_id="chutich")
    assert "Không tìm thấy" in await elsewhere.say(f"/xem {code}")  # an unbound group
    assert "chưa gắn" in await elsewhere.say("/hopthu")
    assert f"Đơn {code}" in await chief.say(f"/xem {code}")  # privately, as a leader


async def test_a_citizen_writing_a_petition_keeps_it_through_follow_ups(chat_as, app) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    an = chat_as("an")
    first = await file_pothole(an)
    await ky.say(press("answer", first))
    await ky.say("Đã vá.")
    await an.inbox()
    confirm = await an.say("Rác thải chất đống trước chợ Bến Thành mấy ngày nay bốc mùi")
    assert "xác nhận" in confirm
    thanks = await an.say(Choice(f"rate:{first}:1"))  # an old button, pressed mid-draft
    assert "đã kết thúc" in thanks and "xác nhận" in thanks  # the draft's question again
    final, _ = await accept_defaults(an, "1")
    assert code_in(final) != first


async def test_an_officer_writing_their_own_petition_is_not_taken_for_an_action(
    chat_as, app
) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    code = await file_pothole(chat_as("an"))
    await consented(ky)
    assert "xác nhận" in await ky.say("Đèn đường hẻm 7 Lê Lợi hỏng cả tuần nay, tối om")
    assert f"Đơn {code}" in await ky.say(f"/xem {code}")
    await ky.say("1")  # the draft's "yes", not the card's first action
    assert await history(app, code) == ["receive", "route"]


async def test_help_lists_the_officers_commands_to_officers_only(chat_as, app) -> None:
    ky = await officer(chat_as("ky"), KT_OFFICER)
    officer_help = await ky.say("/trogiup")
    assert "/hopthu" in officer_help and "/tracuu" in officer_help
    await consented(chat_as("an"))
    assert "/hopthu" not in await chat_as("an").say("/trogiup")
