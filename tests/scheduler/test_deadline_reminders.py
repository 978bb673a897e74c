"""Deadline reminders and escalations on the real scheduler, over a weekend and the New
Year holiday (Fri 01/01/2027), with restarts: each lands on its day, once."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from bot import jobs
from bot.jobs import deadline_sweep, recipients_of
from core.lifecycle import Action
from core.ports import Recipient
from core.reminders import ReminderKind
from storage.officers import SqlOfficers
from tests.scheduler.conftest import HEAD, LEADER, OFFICER, SECRET, Ward, local

# Due Thu 31/12/2026: reminded Tue 29/12; the head hears on Mon 04/01 (after the holiday
# and the weekend), the leaders two working days later, Wed 06/01.
DUE_1 = date(2026, 12, 31)
# Due Tue 05/01/2027: two working days before is Thu 31/12 (not the holiday or the weekend).
DUE_2 = date(2027, 1, 5)
EXPECTED = {
    ("due-soon", 1): date(2026, 12, 29),
    ("due-today", 1): date(2026, 12, 31),
    ("overdue-head", 1): date(2027, 1, 4),
    ("overdue-leader", 1): date(2027, 1, 6),
    ("due-soon", 2): date(2026, 12, 31),
    ("due-today", 2): date(2027, 1, 5),
    ("overdue-head", 2): date(2027, 1, 6),
    ("overdue-leader", 2): date(2027, 1, 8),
}


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


async def seed(ward: Ward, leader: bool = True) -> dict[int, tuple[int, str]]:
    """Officers of kt (an officer and the head), a leader, and two petitions at kt."""
    ward.clock.current = local(date(2026, 12, 17))
    await ward.open()
    await ward.register(OFFICER, HEAD, *([LEADER] if leader else []))
    first = await ward.file(due=DUE_1, received=local(date(2026, 12, 17)))
    second = await ward.file(due=DUE_2, received=local(date(2026, 12, 21)))
    return {1: first, 2: second}


def expected_keys(petitions: dict[int, tuple[int, str]]) -> dict[str, date]:
    due = {1: DUE_1, 2: DUE_2}
    return {
        f"{kind}:{petitions[n][0]}:{due[n].isoformat()}": day for (kind, n), day in EXPECTED.items()
    }


async def test_reminders_fire_on_their_working_days_once_across_a_restart(ward: Ward) -> None:
    petitions = await seed(ward)
    await ward.start()
    first_seen: dict[str, tuple[date, str]] = {}
    for day in days(date(2026, 12, 28), date(2027, 1, 8)):
        for hour, minute in ((7, 59), (8, 0)):
            await ward.at(local(day, hour, minute))
            for key in await ward.sent_keys():
                first_seen.setdefault(key, (day, f"{hour:02d}:{minute:02d}"))
        if day == date(2026, 12, 31):  # the process restarts in the middle
            await ward.stop()
            await ward.start()
    assert first_seen == {key: (day, "08:00") for key, day in expected_keys(petitions).items()}

    outbox = await ward.outbox()
    code_1, code_2 = petitions[1][1], petitions[2][1]
    assert [(s.chat_id, s.day) for s in outbox if code_1 in s.text] == [
        (OFFICER, date(2026, 12, 29)),
        (HEAD, date(2026, 12, 29)),
        (OFFICER, date(2026, 12, 31)),
        (HEAD, date(2026, 12, 31)),
        (HEAD, date(2027, 1, 4)),
        (LEADER, date(2027, 1, 6)),
    ]
    assert [(s.chat_id, s.day) for s in outbox if code_2 in s.text] == [
        (OFFICER, date(2026, 12, 31)),
        (HEAD, date(2026, 12, 31)),
        (OFFICER, date(2027, 1, 5)),
        (HEAD, date(2027, 1, 5)),
        (HEAD, date(2027, 1, 6)),
        (LEADER, date(2027, 1, 8)),
    ]
    texts = [s.text for s in outbox if code_1 in s.text]
    assert "còn 2 ngày làm việc" in texts[0] and "thứ Năm, 31/12/2026" in texts[0]
    assert "Hôm nay, thứ Năm, 31/12/2026" in texts[2]
    assert "quá hạn 1 ngày làm việc" in texts[4] and "trưởng đơn vị" in texts[4]
    assert "quá hạn 3 ngày làm việc" in texts[5] and "Phòng Kinh tế" in texts[5]
    assert all(f"/xem {code_1}" in t for t in texts)
    assert not [s for s in outbox if SECRET in s.text or "Trần Văn Bảy" in s.text]


async def test_after_downtime_only_the_latest_stage_is_sent(ward: Ward) -> None:
    """Down from Mon 28/12 to Wed 06/01: petition 1 is owed its leaders' escalation, petition
    2 its head's; the stale reminders before them are never sent."""
    petitions = await seed(ward)
    await ward.start()
    await ward.at(local(date(2026, 12, 28), 9))
    await ward.stop()
    await ward.start()
    await ward.at(local(date(2027, 1, 2), 10))  # a Saturday: reminders wait for a working day
    assert await ward.sent_keys() == {}
    await ward.at(local(date(2027, 1, 6), 10))
    await ward.at(local(date(2027, 1, 7), 10))
    await ward.at(local(date(2027, 1, 8), 10))
    ids = {n: petitions[n][0] for n in (1, 2)}
    assert await ward.sent_keys() == {
        f"overdue-leader:{ids[1]}:2026-12-31": date(2027, 1, 6),
        f"overdue-head:{ids[2]}:2027-01-05": date(2027, 1, 6),
        f"overdue-leader:{ids[2]}:2027-01-05": date(2027, 1, 8),
    }


async def test_no_reminder_once_answered_and_a_new_due_date_starts_over(ward: Ward) -> None:
    petitions = await seed(ward, leader=False)
    first, second = petitions[1][0], petitions[2][0]
    await ward.start()
    await ward.at(local(date(2026, 12, 29), 8))  # petition 1: due soon
    await ward.act(first, Action.ANSWER)
    await ward.act(second, Action.ACCEPT)
    await ward.act(second, Action.REQUEST_INFO)  # its rule stops the clock while waiting
    for day in days(date(2026, 12, 30), date(2027, 1, 8)):
        await ward.at(local(day, 9))
    assert await ward.sent_keys() == {f"due-soon:{first}:2026-12-31": date(2026, 12, 29)}
    # the citizen answers on Fri 08/01; the unit now has until Wed 20/01
    await ward.act(second, Action.PROVIDE_INFO, due_date=date(2027, 1, 20), due_rule="x")
    await ward.at(local(date(2027, 1, 18), 9))
    assert f"due-soon:{second}:2027-01-20" in await ward.sent_keys()


async def test_two_schedulers_and_concurrent_sweeps_send_once(ward: Ward) -> None:
    petitions = await seed(ward, leader=False)
    await ward.start()
    other = Ward(ward.url, ward.config, ward.clock, ward.charts)  # a second process
    try:
        await other.start()
        ward.clock.current = local(date(2026, 12, 31), 9)
        assert ward.scheduler is not None and other.scheduler is not None
        await asyncio.gather(ward.scheduler.run_due(), other.scheduler.run_due())
        # and two sweeps at the very same moment, whatever the schedulers decided
        await asyncio.gather(deadline_sweep(), deadline_sweep(), deadline_sweep())
    finally:
        await other.stop()
    sent = await ward.sent_keys()
    assert sorted(sent) == sorted(
        [f"due-today:{petitions[1][0]}:2026-12-31", f"due-soon:{petitions[2][0]}:2027-01-05"]
    )
    codes = (petitions[1][1], petitions[2][1])
    reminders = [s for s in await ward.outbox() if any(code in s.text for code in codes)]
    assert len(reminders) == 4  # two reminders, each to the officer and the head


async def test_a_reminder_waits_for_someone_to_receive_it(ward: Ward) -> None:
    """With no officer registered nothing is recorded; once one registers, the reminder
    due then goes out."""
    ward.clock.current = local(date(2026, 12, 17))
    await ward.open()
    petition, _ = await ward.file(due=DUE_1, received=local(date(2026, 12, 17)))
    await ward.start()
    await ward.at(local(date(2026, 12, 29), 9))
    assert await ward.sent_keys() == {}
    await ward.register(OFFICER)
    await ward.at(local(date(2026, 12, 29), 9, 5))
    assert list(await ward.sent_keys()) == [f"due-soon:{petition}:2026-12-31"]
    assert [s.chat_id for s in await ward.outbox()] == [OFFICER]


async def test_a_sweep_looks_up_each_audience_once(
    ward: Ward, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three petitions at one unit due the same day: one look-up of who gets them per
    sweep, and none for what was already sent."""
    asked: list[tuple[str, str]] = []

    async def counted(officers: SqlOfficers, kind: ReminderKind, unit: str) -> list[Recipient]:
        asked.append((kind.value, unit))
        return await recipients_of(officers, kind, unit)

    monkeypatch.setattr(jobs, "recipients_of", counted)
    ward.clock.current = local(date(2026, 12, 17))
    await ward.open()
    for _ in range(3):
        await ward.file(due=DUE_1, received=local(date(2026, 12, 17)))
    await ward.start()
    await ward.at(local(date(2026, 12, 29), 9))  # nobody registered yet: nothing sent
    assert asked == [("due-soon", "kt")] and await ward.sent_keys() == {}
    await ward.register(OFFICER)
    await ward.at(local(date(2026, 12, 29), 9, 5))
    assert asked == [("due-soon", "kt")] * 2 and len(await ward.sent_keys()) == 3
    await ward.at(local(date(2026, 12, 29), 9, 10))  # all sent: nothing looked up
    assert len(asked) == 2
