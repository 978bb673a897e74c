"""The reminder rules alone (core/reminders.py): no database, no scheduler."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from core.config import Config
from core.deadlines import build_calendar
from core.lifecycle import Status
from core.reminders import PetitionFacts, ReminderKind, ReminderPolicy
from tests.scheduler.conftest import local

KINDS = (
    ReminderKind.DUE_SOON,
    ReminderKind.DUE_TODAY,
    ReminderKind.OVERDUE_HEAD,
    ReminderKind.OVERDUE_LEADER,
)


def policy(config: Config, **rules: object) -> ReminderPolicy:
    return ReminderPolicy(
        config.reminders.model_copy(update=rules),
        config.deadlines,
        build_calendar(config.holidays),
        config.ward.timezone,
    )


def facts(due: date, status: Status = Status.ROUTED, **more: object) -> PetitionFacts:
    values: dict[str, object] = {
        "id": 7,
        "status": status,
        "unit_code": "kt",
        "due_date": due,
        "due_rule": "phan_anh_tra_loi",
        "received_at": local(date(2026, 12, 1)),
    }
    values.update(more)
    return PetitionFacts(**values)  # type: ignore[arg-type]


def test_schedule_around_tet_2027(config: Config) -> None:
    """Tết: Thu 04/02 to Wed 10/02/2027 are days off (the holidays library)."""
    schedule = policy(config).schedule(date(2027, 2, 11))
    assert schedule == list(
        zip(
            KINDS,
            [date(2027, 2, 2), date(2027, 2, 11), date(2027, 2, 12), date(2027, 2, 16)],
            strict=True,
        )
    )
    # a due date on a rest day counts from the next working day
    assert policy(config).schedule(date(2027, 2, 6)) == schedule


def test_settings_change_the_schedule(config: Config) -> None:
    rules = policy(
        config,
        before_due_working_days=0,
        on_due_day=False,
        head_when_overdue=False,
        leader_after_overdue_working_days=0,
    )
    assert rules.schedule(date(2026, 12, 31)) == [(ReminderKind.OVERDUE_LEADER, date(2027, 1, 4))]
    # the head and the leaders on the same day: both are sent
    same_day = policy(config, leader_after_overdue_working_days=0)
    due = same_day.deadline_reminders(facts(date(2026, 12, 31)), local(date(2027, 1, 4), 8))
    assert [r.kind for r in due] == [ReminderKind.OVERDUE_HEAD, ReminderKind.OVERDUE_LEADER]


def test_sending_hours_working_days_and_catch_up(config: Config) -> None:
    rules = policy(config, send_at=time(8, 0))
    petition = facts(date(2026, 12, 31))
    assert rules.deadline_reminders(petition, local(date(2026, 12, 29), 7, 59)) == []
    [soon] = rules.deadline_reminders(petition, local(date(2026, 12, 29), 8, 0))
    assert (soon.key, soon.working_days) == ("due-soon:7:2026-12-31", 2)
    # late but before the due day: still the advance reminder, with the days left
    [late] = rules.deadline_reminders(petition, local(date(2026, 12, 30), 15))
    assert (late.kind, late.working_days) == (ReminderKind.DUE_SOON, 1)
    # never on a rest day, however late
    assert rules.deadline_reminders(petition, local(date(2027, 1, 2), 12)) == []
    # after downtime, only the latest stage
    [leader] = rules.deadline_reminders(petition, local(date(2027, 3, 1), 9))
    assert leader.kind is ReminderKind.OVERDUE_LEADER and leader.working_days > 30


def test_no_reminder_on_the_day_of_receipt_closed_or_paused(config: Config) -> None:
    rules = policy(config)
    at = local(date(2026, 12, 29), 9)
    received_today = facts(date(2026, 12, 31), received_at=local(date(2026, 12, 29), 7))
    assert rules.deadline_reminders(received_today, at) == []
    for status in (Status.ANSWERED, Status.CLOSED, Status.FILED, Status.WAITING_CITIZEN):
        assert rules.deadline_reminders(facts(date(2026, 12, 31), status), at) == []
    not_paused = facts(date(2026, 12, 31), Status.WAITING_CITIZEN, due_rule="khieu_nai_thu_ly")
    assert [r.kind for r in rules.deadline_reminders(not_paused, at)] == [ReminderKind.DUE_SOON]
    assert rules.deadline_reminders(facts(date(2026, 12, 31), unit_code=None), at) == []


@pytest.mark.parametrize(
    ("minutes", "key"),
    [(0, None), (29, None), (30, "urgent:7:1"), (59, "urgent:7:1"), (95, "urgent:7:3")],
)
def test_urgent_realerts_count_from_the_filing(
    config: Config, minutes: int, key: str | None
) -> None:
    filed = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)
    urgent = facts(
        date(2026, 12, 21), urgent=True, received_at=filed - timedelta(hours=3), filed_at=filed
    )
    found = policy(config).urgent_reminder(urgent, filed + timedelta(minutes=minutes))
    assert (found.key if found else None) == key


def test_urgent_realerts_stop_once_accepted(config: Config) -> None:
    filed = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)
    later = filed + timedelta(hours=2)
    rules = policy(config)
    base = {"urgent": True, "filed_at": filed}
    assert rules.urgent_reminder(facts(date(2026, 12, 21), Status.ACCEPTED, **base), later) is None
    accepted = facts(date(2026, 12, 21), Status.TRANSFERRED, accepted_at=filed, **base)
    assert rules.urgent_reminder(accepted, later) is None
    assert rules.urgent_reminder(facts(date(2026, 12, 21), Status.TRANSFERRED, **base), later)


def test_the_sweep_looks_no_further_than_needed(config: Config) -> None:
    rules = policy(config)
    assert rules.due_date_horizon(date(2026, 12, 31)) == date(2027, 1, 5)
    assert policy(config, before_due_working_days=0).due_date_horizon(date(2027, 1, 2)) == date(
        2027, 1, 2
    )


def test_urgent_realerts_stop_at_the_cap_then_the_head_once(config: Config) -> None:
    filed = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)
    urgent = facts(date(2026, 12, 21), urgent=True, filed_at=filed)
    rules = policy(config)  # the shipped cap: 8 re-alerts

    def at(minutes: int, found: ReminderPolicy = rules) -> tuple[str, int] | None:
        reminder = found.urgent_reminder(urgent, filed + timedelta(minutes=minutes))
        return None if reminder is None else (reminder.key, reminder.realerts)

    assert at(8 * 30 + 29) == ("urgent:7:8", 0)
    assert at(9 * 30) == ("urgent-head:7", 8)
    assert at(24 * 60) == ("urgent-head:7", 8)  # one key: told once
    assert rules.urgent_reminder(urgent, filed + timedelta(hours=5))
    assert at(24 * 60, policy(config, urgent_max_realerts=0)) == ("urgent:7:48", 0)  # no cap
    assert at(90, policy(config, urgent_max_realerts=2)) == ("urgent-head:7", 2)
