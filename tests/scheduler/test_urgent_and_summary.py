"""Urgent petitions re-alert the on-duty officer every 30 minutes until accepted; the
leaders' daily summary goes out at 07:30 local time, once a day, also after a restart."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.jobs import daily_summary
from core.lifecycle import Action
from storage import models as m
from storage.officers import SqlOfficers
from tests.scheduler.conftest import HEAD, LEADER, OFFICER, SECRET, Ward, local


async def put_on_duty(ward: Ward, external_id: str, on_duty: bool = True) -> None:
    async with ward.store().store.transaction() as repo:
        officer_id = await repo.session.scalar(
            select(m.Officer.id).where(m.Officer.external_id == external_id)
        )
        assert officer_id is not None
        await SqlOfficers(repo.session).set_on_duty(officer_id, on_duty)


async def test_urgent_realerts_every_30_minutes_until_accepted(ward: Ward) -> None:
    filed = local(date(2026, 12, 5), 22, 0)  # a Saturday night: urgent work has no hours
    ward.clock.current = filed
    await ward.open()
    await ward.register(OFFICER, HEAD)
    await put_on_duty(ward, OFFICER)
    # received 40 minutes before it was filed (the conversation took that long)
    petition, code = await ward.file(
        due=date(2026, 12, 21), received=filed - timedelta(minutes=40), filed=filed, urgent=True
    )
    await ward.start()
    alerts: list[tuple[int, list[str]]] = []
    for minutes in (0, 5, 29, 30, 31, 45, 59, 60, 65, 70, 90, 120, 180):
        if minutes == 70:
            await ward.act(petition, Action.ACCEPT)
        await ward.at(filed + timedelta(minutes=minutes))
        alerts.append((minutes, sorted(await ward.sent_keys())))
    first, second = f"urgent:{petition}:1", f"urgent:{petition}:2"
    assert [(t, keys) for t, keys in alerts if keys][:2] == [(30, [first]), (31, [first])]
    assert alerts[-1] == (180, [first, second])
    assert next(t for t, keys in alerts if second in keys) == 60
    outbox = [s for s in await ward.outbox() if code in s.text]
    assert [s.chat_id for s in outbox] == [OFFICER, OFFICER]  # on duty: not the head
    assert "KHẨN" in outbox[0].text and "30 phút" in outbox[0].text
    assert "1 giờ" in outbox[1].text and f"/xem {code}" in outbox[1].text
    assert SECRET not in outbox[0].text

    # nobody on duty: the unit is alerted; after downtime only the latest re-alert goes
    await put_on_duty(ward, OFFICER, False)
    filed = ward.clock.now()
    petition, code = await ward.file(due=date(2026, 12, 21), received=filed, urgent=True)
    await ward.at(filed + timedelta(hours=2, minutes=10))
    assert [k for k in await ward.sent_keys() if k.startswith(f"urgent:{petition}:")] == [
        f"urgent:{petition}:4"
    ]
    outbox = [s for s in await ward.outbox() if code in s.text]
    assert [s.chat_id for s in outbox] == [OFFICER, HEAD]
    assert "2 giờ 10 phút" in outbox[0].text


async def test_daily_summary_at_0730_once_a_day_and_after_a_restart(ward: Ward) -> None:
    ward.clock.current = local(date(2026, 12, 7), 9)
    await ward.open()
    await ward.register(OFFICER, LEADER, "leader-2")
    await ward.file(due=date(2026, 12, 21), received=local(date(2026, 12, 7), 9))
    await ward.start()
    steps = [(date(2026, 12, 8), 7, 29), (date(2026, 12, 8), 7, 30), (date(2026, 12, 8), 12, 0)]
    steps += [(date(2026, 12, 9), 7, 35), (date(2026, 12, 10), 7, 0)]
    seen: dict[str, tuple[date, int, int]] = {}
    for day, hour, minute in steps:
        await ward.at(local(day, hour, minute))
        for key in await ward.sent_keys(summaries=True):
            seen.setdefault(key, (day, hour, minute))
    # down from 07:00 to 09:00 on 10/12: the 07:30 summary is sent when it starts again
    await ward.stop()
    ward.clock.current = local(date(2026, 12, 10), 9)
    await ward.start()
    await ward.at(local(date(2026, 12, 10), 9, 0))
    await ward.at(local(date(2026, 12, 10), 15, 0))
    assert await daily_summary() == 0  # running it again sends nothing
    for key in await ward.sent_keys(summaries=True):
        seen.setdefault(key, (date(2026, 12, 10), 9, 0))

    expected = {}
    for leader in (LEADER, "leader-2"):
        for covered, when in (
            (date(2026, 12, 7), (date(2026, 12, 8), 7, 30)),
            (date(2026, 12, 8), (date(2026, 12, 9), 7, 35)),
            (date(2026, 12, 9), (date(2026, 12, 10), 9, 0)),
        ):
            expected[f"daily-summary:telegram:{leader}:{covered.isoformat()}"] = when
    assert seen == expected

    outbox = [s for s in await ward.outbox() if s.chat_id == LEADER]
    assert [(s.kind, s.day) for s in outbox] == [
        ("text", date(2026, 12, 8)),
        ("photo", date(2026, 12, 8)),
        ("text", date(2026, 12, 9)),
        ("photo", date(2026, 12, 9)),
        ("text", date(2026, 12, 10)),
        ("photo", date(2026, 12, 10)),
    ]
    photo = outbox[1]
    assert photo.media is not None and Path(photo.media).is_file()
    assert Path(photo.media).parent == ward.charts.resolve()
    assert "07/12/2026" in photo.text  # the caption names the day covered
    assert not [s for s in await ward.outbox() if s.chat_id == OFFICER]
