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


async def test_urgent_realerts_stop_after_eight_and_the_head_is_told_once(ward: Ward) -> None:
    """``reminders.urgent_max_realerts`` (8 by default: 4 hours at 30 minutes): after the
    eighth re-alert the on-duty officer is left alone and the unit head is told once."""
    filed = local(date(2026, 12, 5), 22, 0)
    ward.clock.current = filed
    await ward.open()
    await ward.register(OFFICER, HEAD)
    await put_on_duty(ward, OFFICER)
    petition, code = await ward.file(due=date(2026, 12, 21), received=filed, urgent=True)
    await ward.start()
    for minutes in range(0, 8 * 60 + 1, 15):  # every 15 minutes for 8 hours
        await ward.at(filed + timedelta(minutes=minutes))
    keys = await ward.sent_keys()
    assert sorted(keys) == sorted(
        [f"urgent:{petition}:{slot}" for slot in range(1, 9)] + [f"urgent-head:{petition}"]
    )
    outbox = [s for s in await ward.outbox() if code in s.text]
    assert [s.chat_id for s in outbox] == [OFFICER] * 8 + [HEAD]
    told = outbox[-1].text
    assert "4 giờ 30 phút" in told and "8 lần" in told and "trưởng đơn vị" in told
    assert f"/xem {code}" in told and SECRET not in told


async def test_after_downtime_past_the_cap_only_the_head_is_told(ward: Ward) -> None:
    filed = local(date(2026, 12, 7), 9, 0)
    ward.config = ward.config.model_copy(
        update={"reminders": ward.config.reminders.model_copy(update={"urgent_max_realerts": 2})}
    )
    ward.clock.current = filed
    await ward.open()
    await ward.register(OFFICER)  # no head registered: the unit's officers hear it
    petition, _ = await ward.file(due=date(2026, 12, 21), received=filed, urgent=True)
    await ward.start()
    await ward.at(filed + timedelta(minutes=30))
    await ward.at(filed + timedelta(hours=6))  # down meanwhile
    await ward.at(filed + timedelta(hours=7))
    assert sorted(await ward.sent_keys()) == [f"urgent-head:{petition}", f"urgent:{petition}:1"]
    assert [s.chat_id for s in await ward.outbox()] == [OFFICER, OFFICER]


async def test_no_summary_on_rest_days_and_the_next_one_covers_them(ward: Ward) -> None:
    """``summary.working_days_only`` (the default): nothing on Saturday and Sunday; Monday's
    summary covers Friday to Sunday; Tuesday's is Monday's again."""
    friday = date(2026, 12, 11)
    ward.clock.current = local(friday, 9)
    await ward.open()
    await ward.register(OFFICER, LEADER)
    await ward.file(due=date(2026, 12, 21), received=local(friday, 9))
    await ward.file(due=date(2026, 12, 21), received=local(date(2026, 12, 12), 10))  # Saturday
    await ward.start()
    sent_on: dict[date, list[str]] = {}
    for day in (friday + timedelta(days=n) for n in range(1, 5)):  # Sat to Tue
        await ward.at(local(day, 7, 30))
        await ward.at(local(day, 12, 0))
        sent_on[day] = [s.text for s in await ward.outbox() if s.day == day]
    assert sent_on[date(2026, 12, 12)] == [] and sent_on[date(2026, 12, 13)] == []
    monday = sent_on[date(2026, 12, 14)]
    assert monday[0].startswith("TỔNG HỢP CÁC NGÀY 11/12/2026 – 13/12/2026")
    assert "ĐƠN MỚI: 2" in monday[0]  # Friday's and Saturday's
    assert "11/12/2026 – 13/12/2026" in monday[1]  # the chart's caption
    assert monday[1] == "📊 Biểu đồ kèm báo cáo các ngày 11/12/2026 – 13/12/2026"
    assert sent_on[date(2026, 12, 15)][0].startswith("TỔNG HỢP NGÀY thứ Hai, 14/12/2026")
    assert sent_on[date(2026, 12, 15)][1] == "📊 Biểu đồ kèm báo cáo ngày thứ Hai, 14/12/2026"
    assert sorted(await ward.sent_keys(summaries=True)) == [
        f"daily-summary:telegram:{LEADER}:2026-12-13",
        f"daily-summary:telegram:{LEADER}:2026-12-14",
    ]


async def test_the_summary_can_go_out_every_day(ward: Ward) -> None:
    saturday = date(2026, 12, 12)
    every_day = ward.config.summary.model_copy(update={"working_days_only": False})
    ward.config = ward.config.model_copy(update={"summary": every_day})
    ward.clock.current = local(saturday, 7)
    await ward.open()
    await ward.register(LEADER)
    await ward.start()
    await ward.at(local(saturday, 7, 30))
    assert list(await ward.sent_keys(summaries=True)) == [
        f"daily-summary:telegram:{LEADER}:2026-12-11"
    ]
