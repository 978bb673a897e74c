"""The real scheduler plans the weekly sessions (across the 2/9 holiday), publishes each 5
working days before it at 08:00, announces it to subscribed chats once (also across a
restart), and warns the leaders about a session published too late."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from storage import models as m
from tests.reception.conftest import citizen, leader
from tests.scheduler.conftest import Ward, local


async def sessions(ward: Ward) -> dict[date, bool]:
    """Each session's day and whether it is published."""
    async with ward.store().store.transaction() as repo:
        rows = (await repo.session.scalars(select(m.ReceptionSession))).all()
    return {row.day: row.published_at is not None for row in rows}


async def test_weekly_sessions_are_published_five_working_days_before(ward: Ward) -> None:
    ward.clock.current = local(date(2027, 8, 16), 9)  # a Monday
    await ward.open()
    chief = await leader(ward)
    an = await citizen(ward, "an")
    assert "Đã đăng ký nhận thông báo" in await an.say("/theodoi")
    assert "đã đăng ký nhận thông báo rồi" in await an.say("/theodoi")
    assert "chưa có lịch" in (await an.say("/lichtiepdan")).lower()

    await ward.start()
    await ward.at(local(date(2027, 8, 16), 9))
    # Thu 19/08 should have been published on Thu 12/08: published now, the leader warned
    published = await sessions(ward)
    assert published[date(2027, 8, 19)] and not published[date(2027, 8, 26)]
    assert date(2027, 9, 2) not in published and date(2027, 9, 6) in published
    warning = await chief.inbox_text()
    assert "công bố muộn" in warning and "19/08/2027" in warning
    assert "3 ngày làm việc" in warning and "ít nhất 5 ngày làm việc" in warning

    first_seen: dict[date, str] = {}
    for day in (date(2027, 8, 16) + timedelta(days=n) for n in range(1, 12)):
        for hour, minute in ((7, 59), (8, 0)):
            await ward.at(local(day, hour, minute))
            async with ward.store().store.transaction() as repo:
                rows = (await repo.session.scalars(select(m.ReceptionSession))).all()
            for row in rows:
                if row.published_at is not None and row.day not in first_seen:
                    first_seen[row.day] = f"{day.isoformat()} {hour:02d}:{minute:02d}"
        if day == date(2027, 8, 23):
            await ward.stop()
            await ward.start()
    assert first_seen[date(2027, 8, 26)] == "2027-08-19 08:00"
    assert first_seen[date(2027, 9, 6)] == "2027-08-26 08:00"  # moved from Thu 02/09
    assert date(2027, 9, 9) not in first_seen  # its day (Tue 31/08) has not come yet

    announcements = [r.text for r in await an.inbox()]
    assert len(announcements) == 3  # 19/08, 26/08, 06/09: each once
    assert "dời từ thứ Năm, 02/09/2027" in announcements[2]
    assert "thứ Hai, 06/09/2027, 08:00–11:00" in announcements[2]
    assert "công bố muộn" not in await chief.inbox_text()  # the others were on time

    schedule = await an.say("/lichtiepdan")
    assert "06/09/2027" in schedule and "Còn 2 chỗ" in schedule
    assert "Đã dừng" in await an.say("/huytheodoi")
