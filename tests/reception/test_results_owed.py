"""A citizen heard at tiếp công dân without a petition is owed the result in 10 working
days: the host is reminded 2 working days before and on the day, once each."""

from __future__ import annotations

from datetime import date

from tests.reception.conftest import citizen, leader
from tests.scheduler.conftest import Ward, local


async def test_the_host_is_reminded_of_a_result_owed(ward: Ward) -> None:
    ward.clock.current = local(date(2026, 12, 3), 9)
    await ward.open()
    await ward.start()
    await ward.at(local(date(2026, 12, 3), 9))
    chief = await leader(ward)
    binh = await citizen(ward, "binh")
    await binh.say("/lichtiepdan")
    await binh.say("1")
    assert "Số thứ tự của bạn: 1" in await binh.say("Hỏi về trợ cấp cho người cao tuổi")
    ward.clock.current = local(date(2026, 12, 10), 11, 30)
    await chief.say("/ketquatiep")
    await chief.say("1")
    await chief.say("1")  # received: the result is owed by Thu 24/12/2026
    await chief.say("Phòng Văn hóa - Xã hội xem xét")
    await chief.inbox()
    await ward.at(local(date(2026, 12, 21), 8, 30))  # Mon: 3 working days before, nothing
    assert "Hạn trả lời kết quả" not in await chief.inbox_text()
    await ward.at(local(date(2026, 12, 22), 8, 30))  # Tue: 2 working days before
    soon = await chief.inbox_text()
    assert "Hạn trả lời kết quả cho công dân số 1" in soon and "24/12/2026" in soon
    await ward.at(local(date(2026, 12, 23), 8, 30))
    assert "kết quả" not in await chief.inbox_text()  # once
    await ward.stop()
    await ward.start()  # a restart sends nothing again
    await ward.at(local(date(2026, 12, 24), 8, 30))
    assert "Đến hạn trả lời kết quả" in await chief.inbox_text()
    await ward.at(local(date(2026, 12, 25), 8, 30))
    assert "kết quả" not in await chief.inbox_text()
