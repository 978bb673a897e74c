"""Deadlines of petitions: the rule table of config.yaml applied on the work calendar."""

from dataclasses import dataclass
from datetime import date, timedelta

from core.calendar import DayUnit, WorkCalendar
from core.config import DeadlineRule, Deadlines, HolidayOverrides
from core.labels import Kind


@dataclass(frozen=True)
class Deadline:
    """A due date and the rule it came from."""

    rule_id: str
    rule: DeadlineRule
    due: date


def build_calendar(overrides: HolidayOverrides) -> WorkCalendar:
    """The Vietnamese work calendar with the deployment's announced changes."""
    return WorkCalendar(
        extra_days_off={note.date: note.name for note in overrides.extra_days_off},
        extra_working_days=[note.date for note in overrides.extra_working_days],
    )


def apply_rule(calendar: WorkCalendar, rule_id: str, rule: DeadlineRule, start: date) -> Deadline:
    """The deadline of ``rule`` for a clock started on ``start`` (a local date)."""
    return Deadline(rule_id, rule, calendar.deadline(start, rule.limit, rule.unit))


def due_on_receipt(
    deadlines: Deadlines, calendar: WorkCalendar, kind: Kind, received: date
) -> Deadline:
    """The deadline a new petition of ``kind`` received on ``received`` (local date) gets."""
    rule_id = deadlines.on_receipt[kind]
    return apply_rule(calendar, rule_id, deadlines.rules[rule_id], received)


def due_on_acceptance(
    deadlines: Deadlines, calendar: WorkCalendar, kind: Kind, accepted: date
) -> Deadline | None:
    """The deadline that replaces a petition's when a unit accepts it (None: keep it)."""
    rule_id = deadlines.on_acceptance.get(kind)
    if rule_id is None:
        return None
    return apply_rule(calendar, rule_id, deadlines.rules[rule_id], accepted)


def resume_after_pause(
    calendar: WorkCalendar, rule: DeadlineRule, due: date, paused: date, resumed: date
) -> date:
    """The due date after waiting for the citizen from ``paused`` to ``resumed`` (local
    dates) under a rule whose clock stops meanwhile: pushed back by the time waited, in the
    rule's own unit (working days, or calendar days then onto a working day)."""
    if resumed <= paused:
        return due
    if rule.unit is DayUnit.WORKING_DAYS:
        return calendar.add_working_days(due, calendar.working_days_between(paused, resumed))
    return calendar.next_working_day(due + timedelta(days=(resumed - paused).days))
