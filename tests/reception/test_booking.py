"""Booking a tiếp công dân session up to its capacity (the next one is offered), cancelling,
the citizens' reminders and the host's briefing on the real scheduler (each once, across a
restart), then the outcomes: a linked petition gets the result clock, a matter becomes a
petition."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage import models as m
from tests.handlers.test_citizen_flow import POTHOLE, accept_defaults, code_in
from tests.reception.conftest import chat, citizen, leader
from tests.scheduler.conftest import Ward, local

SESSION = "10/12/2026"  # Thu; published Thu 03/12 at 08:00


async def test_booking_reminders_briefing_and_outcomes(ward: Ward) -> None:
    ward.clock.current = local(date(2026, 12, 3), 9)
    await ward.open()
    await ward.start()
    await ward.at(local(date(2026, 12, 3), 9))
    chief = await leader(ward)
    an, binh, cuong = [await citizen(ward, name) for name in ("an", "binh", "cuong")]
    final, _ = await accept_defaults(an, POTHOLE)
    code = code_in(final)

    # An books, linking his petition: queue number 1
    schedule = await an.say("/lichtiepdan")
    assert SESSION in schedule and "Còn 2 chỗ" in schedule
    asked = await an.say(f"Đăng ký buổi {SESSION[:5]}")
    assert "nội dung cần gặp" in asked and f"Trao đổi về đơn {code}" in asked
    booked = await an.say("1")
    assert "Số thứ tự của bạn: 1" in booked and SESSION in booked
    # the chairman adds a one-off session on Fri 11/12: published at the scheduler's next run
    added = await chief.say(
        "/themtiepdan 11/12/2026 14:00-16:00; Phòng họp số 2; Phó Chủ tịch UBND phường; 5"
    )
    assert "Đã thêm buổi tiếp công dân" in added and "công bố trong ít phút" in added
    await ward.at(local(date(2026, 12, 3), 9, 30))
    # Cường looks while one place is left; Bình takes it; Cường is offered the next session
    assert "Còn 1 chỗ" in await cuong.say("/lichtiepdan")
    await binh.say("/lichtiepdan")
    await binh.say("1")
    booked = await binh.say("Tôi muốn hỏi về việc cấp giấy chứng nhận đất nhà tôi")
    assert "Số thứ tự của bạn: 2" in booked and "Đất đai" in booked
    full = await cuong.say("1")
    assert "đã đủ chỗ" in full and "11/12/2026, 14:00–16:00" in full
    await cuong.say("1")
    booked = await cuong.say("Hỏi về trợ cấp cho người cao tuổi trong khu phố")
    assert "Số thứ tự của bạn: 1" in booked and "11/12/2026" in booked
    assert "Đã đủ chỗ" in await an.say("/lichtiepdan")
    # Cường cancels
    assert "11/12/2026" in await cuong.say("/huylich")
    assert "Đã hủy đăng ký" in await cuong.say("1")
    assert "chưa đăng ký" in await cuong.say("/huylich")

    # the evening before: the host's briefing at 17:30, the citizens' reminder at 18:00
    await ward.at(local(date(2026, 12, 9), 17, 29))
    assert "Danh sách công dân" not in await chief.inbox_text()
    await ward.at(local(date(2026, 12, 9), 17, 30))
    briefing = await chief.inbox_text()
    assert "Danh sách công dân đăng ký tiếp ngày mai (2 người)" in briefing
    assert "1. An" in briefing and f"Trao đổi về đơn {code}" in briefing
    assert f"Đơn {code}: Chờ thụ lý" in briefing and "Chuyển đến đơn vị xử lý" in briefing
    assert "2. Binh" in briefing and "giấy chứng nhận đất" in briefing
    await ward.at(local(date(2026, 12, 9), 18))
    await ward.stop()
    await ward.start()  # a restart sends nothing again
    await ward.at(local(date(2026, 12, 9), 18, 5))
    await ward.at(local(date(2026, 12, 10), 7))
    await ward.at(local(date(2026, 12, 10), 7, 30))
    for person, number in ((an, 1), (binh, 2)):
        reminders = [r.text for r in await person.inbox()]
        assert len(reminders) == 2, reminders
        assert "ngày mai" in reminders[0] and f"số thứ tự {number}" in reminders[0]
        assert "Sắp đến giờ" in reminders[1]
    assert await cuong.inbox() == []
    keys = await ward.sent_keys()
    assert sum(k.startswith("reception-brief:") for k in keys) == 1
    assert sum(k.startswith("reception-remind-") for k in keys) == 4

    # after the session the host records the outcomes
    ward.clock.current = local(date(2026, 12, 10), 11, 30)
    await chief.inbox()
    picking = await chief.say("/ketquatiep")
    assert "Số 1 · An" in picking and "Số 2 · Binh" in picking
    assert "Kết quả tiếp?" in await chief.say("1")
    assert "ghi chú" in await chief.say("1")  # received: the ward will answer
    after = await chief.say("Giao Phòng Kinh tế kiểm tra, trả lời bằng văn bản")
    assert "Đã ghi kết quả cho số 1" in after and "Số 2 · Binh" in after
    told = await an.inbox_text()
    assert "trước thứ Năm, 24/12/2026" in told and "Giao Phòng Kinh tế" in told
    async with ward.store().store.transaction() as repo:
        petition = await repo.petition_by_code(code)
        assert petition is not None
        assert (petition.due_date, petition.due_rule) == (date(2026, 12, 24), "tiep_dan_ket_qua")
        assert [e.action for e in await repo.history(petition.id)][-1] == "reception"
    lookup = await an.say(f"/tracuu {code}")
    assert "Trao đổi tại buổi tiếp công dân" in lookup

    await chief.say("1")  # Bình
    await chief.say("3")  # a petition is created from the matter
    done = await chief.say("-")
    assert "Đã ghi kết quả cho số 2" in done and "Đã ghi kết quả cho mọi công dân" in done
    created = code_in(await binh.inbox_text())
    async with ward.store().store.transaction() as repo:
        petition = await repo.petition_by_code(created)
        assert petition is not None and petition.unit_code == "kt"
        assert petition.due_rule == "tiep_dan_ket_qua" and petition.due_date == date(2026, 12, 24)
        booking = await repo.session.scalar(
            select(m.ReceptionBooking).where(m.ReceptionBooking.queue_number == 2)
        )
        assert booking is not None and booking.petition_id == petition.id
    assert "Không có buổi tiếp" in await chief.say("/ketquatiep")
    assert "chỉ dành cho cán bộ" in await chat(ward, "an").say("/ketquatiep")
