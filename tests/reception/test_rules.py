"""The reception rules on the calendar: weekly sessions across holidays (moved or skipped),
publication 5 working days before, reminder times."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.config import Config, HolidayPolicy
from core.deadlines import build_calendar
from core.dialogue import DialogueRules
from core.reception import CitizenReminder, ReceptionRules


def rules(config: Config, policy: HolidayPolicy = HolidayPolicy.MOVE) -> ReceptionRules:
    reception = config.reception.model_copy(update={"on_holiday": policy})
    return ReceptionRules(reception, build_calendar(config.holidays), config.ward.timezone)


def test_a_weekly_session_on_a_holiday_moves_to_the_next_working_day(config: Config) -> None:
    planned = rules(config).plan(date(2027, 8, 23), date(2027, 9, 12))
    # Thu 02/09/2027 (Quốc khánh, and Fri 03/09 off): held Mon 06/09
    assert [(p.rule_date, p.day) for p in planned] == [
        (date(2027, 8, 26), date(2027, 8, 26)),
        (date(2027, 9, 2), date(2027, 9, 6)),
        (date(2027, 9, 9), date(2027, 9, 9)),
    ]
    assert planned[1].moved and planned[1].rule_key == "thursday-0800"


def test_skip_policy_and_a_move_that_would_reach_next_week(config: Config) -> None:
    skipping = rules(config, HolidayPolicy.SKIP).plan(date(2027, 8, 30), date(2027, 9, 12))
    assert [p.day for p in skipping] == [date(2027, 9, 9)]
    # Tết: Thu 04/02/2027 would move to Thu 11/02, its own next session: skipped
    tet = rules(config).plan(date(2027, 2, 1), date(2027, 2, 14))
    assert [(p.rule_date, p.day) for p in tet] == [(date(2027, 2, 11), date(2027, 2, 11))]


def test_publication_is_five_working_days_before(config: Config) -> None:
    reception = rules(config)
    assert reception.publish_on(date(2026, 12, 10)) == date(2026, 12, 3)
    assert reception.publish_on(date(2027, 9, 6)) == date(2027, 8, 26)  # over the holiday
    start = reception.at(date(2026, 12, 10), config.reception.weekly[0].start)
    assert not reception.publication_due(date(2026, 12, 3), start - timedelta(days=7, hours=0.1))
    assert reception.publication_due(date(2026, 12, 3), start - timedelta(days=7))
    late = reception.at(date(2026, 12, 7), config.reception.announce_at)
    assert reception.published_late(date(2026, 12, 10), late)
    assert reception.notice_working_days(date(2026, 12, 10), late) == 3


def test_reminder_times(config: Config) -> None:
    reception = rules(config)
    start = reception.at(date(2026, 12, 10), config.reception.weekly[0].start)
    evening = reception.at(date(2026, 12, 9), config.reception.remind_day_before_at)
    assert reception.citizen_reminder(start, evening - timedelta(minutes=1)) is None
    assert reception.citizen_reminder(start, evening) is CitizenReminder.DAY_BEFORE
    assert reception.citizen_reminder(start, start - timedelta(hours=1)) is (
        CitizenReminder.HOUR_BEFORE
    )
    assert reception.citizen_reminder(start, start) is None
    briefing = reception.at(date(2026, 12, 9), config.reception.host_briefing_at)
    assert not reception.briefing_due(start, briefing - timedelta(minutes=1))
    assert reception.briefing_due(start, briefing)
    assert reception.booking_closes_at(date(2026, 12, 10)) == reception.at(
        date(2026, 12, 9), config.reception.booking_closes
    )


def test_dialogue_dates(config: Config) -> None:
    dialogue = DialogueRules(config.dialogue, config.ward.timezone)
    starts = datetime(2026, 12, 20, 1, 0, tzinfo=dialogue.zone)
    assert dialogue.announce_on(starts) == date(2026, 12, 13)
    assert dialogue.results_due(starts) == date(2026, 12, 30)
    assert dialogue.questions_close_at(starts) == starts - timedelta(hours=24)
