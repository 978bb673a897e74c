"""Deadline reminders and escalations: what a petition is owed now (pure, no I/O).

The scheduler's sweep (bot/jobs.py) asks :class:`ReminderPolicy` which reminders are due
for each open petition, then records and queues each one at most once under its
:attr:`Reminder.key` (storage/reminders.py). Every rule is data in config.yaml
(``reminders``); days are working days of the ward's calendar (core/calendar.py).

The schedule of one due date ``D`` (``E`` is ``D``, or the next working day when ``D`` is a
rest day: a deadline on a rest day moves to the next working day, DOMAIN.md section 2):

* ``due-soon``: the unit, ``before_due_working_days`` working days before ``E``. Counting
  in working days makes that day a working day by construction: when the day "two days
  before" would be a weekend or a holiday, the reminder goes on the working day before it
  (e.g. due Tuesday 05/01/2027: reminded Thursday 31/12/2026, before New Year and the
  weekend, not on Saturday).
* ``due-today``: the unit, on ``E`` (``on_due_day``).
* ``overdue-head``: the unit's head, on the first working day after ``E``
  (``head_when_overdue``).
* ``overdue-leader``: the leaders, ``leader_after_overdue_working_days`` working days
  after that (0: the same day as the head).

Deadline reminders go out on working days only, at or after ``send_at`` (local time of
``ward.timezone``), and never on or before the day the petition was received (the unit got
the petition's card that day). They stop when the petition is no longer open, and pause
while the unit waits for the citizen under a rule whose clock stops meanwhile.

Catch-up: after downtime several stages may be due at once. Only the latest one (all the
stages of the latest due day, when two share a day) is sent, the others never: a unit is
not told "due in two days" about a petition that is already overdue. Each stage is sent
once: its key names the kind, the petition and the due date, so a changed due date
(accepted with a new rule, resumed after a pause, transferred) starts a fresh schedule.

Urgent petitions: the unit's on-duty officers are alerted at once when the petition is
filed (handlers), then re-alerted every ``urgent_realert_minutes`` after that, at any
hour, until a unit accepts it (thụ lý) or it is no longer open. The re-alerts count from
the filing, not from the legal receipt: receipt may precede filing by a whole
conversation (or a night), and the first re-alert must come one interval after the
alert, never right after it. After ``urgent_max_realerts`` re-alerts (0: no limit) the
on-duty officers are not re-alerted again: the unit's head is told once instead
(``urgent-head``), when the next re-alert would have been due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.calendar import WorkCalendar
from core.config import Deadlines, Reminders
from core.lifecycle import Action, Status, allowed_actions, is_open

__all__ = [
    "AWAITING_ACCEPTANCE",
    "PetitionFacts",
    "Reminder",
    "ReminderKind",
    "ReminderPolicy",
]


class ReminderKind(StrEnum):
    """What a reminder says, and so who gets it."""

    DUE_SOON = "due-soon"  # the unit: the due date is near
    DUE_TODAY = "due-today"  # the unit: the due date is today
    OVERDUE_HEAD = "overdue-head"  # the unit's head: overdue
    OVERDUE_LEADER = "overdue-leader"  # the leaders: still overdue
    URGENT = "urgent"  # the on-duty officers: an urgent petition nobody accepted yet
    URGENT_HEAD = "urgent-head"  # the unit's head: still not accepted after every re-alert


# Where a unit still has to accept (thụ lý) the petition: urgent re-alerts go on there.
AWAITING_ACCEPTANCE = frozenset(s for s in Status if Action.ACCEPT in allowed_actions(s))


@dataclass(frozen=True)
class PetitionFacts:
    """What the reminder rules need to know about one petition."""

    id: int
    status: Status
    unit_code: str | None
    due_date: date | None
    due_rule: str | None
    received_at: datetime
    urgent: bool = False
    accepted_at: datetime | None = None
    filed_at: datetime | None = None  # when the unit was first told (the routing)


@dataclass(frozen=True)
class Reminder:
    """One reminder due now; ``key`` names it exactly (it is sent once per key)."""

    key: str
    kind: ReminderKind
    petition_id: int
    due_date: date | None = None
    working_days: int = 0  # due-soon/today: working days left; overdue: working days late
    minutes: int = 0  # urgent: minutes since the unit was first alerted
    realerts: int = 0  # urgent-head: how many re-alerts went unanswered


class ReminderPolicy:
    """The reminder rules of one deployment (config.yaml) on its work calendar."""

    def __init__(
        self, rules: Reminders, deadlines: Deadlines, calendar: WorkCalendar, timezone: str
    ) -> None:
        self.rules = rules
        self.deadlines = deadlines
        self.calendar = calendar
        self.zone = ZoneInfo(timezone)

    def schedule(self, due_date: date) -> list[tuple[ReminderKind, date]]:
        """The deadline stages of a due date and the working day each one is due on, in
        escalation order (a later stage escalates further)."""
        calendar, rules = self.calendar, self.rules
        due = calendar.next_working_day(due_date)
        stages: list[tuple[ReminderKind, date]] = []
        if rules.before_due_working_days > 0:
            before = calendar.add_working_days(due, -rules.before_due_working_days)
            stages.append((ReminderKind.DUE_SOON, before))
        if rules.on_due_day:
            stages.append((ReminderKind.DUE_TODAY, due))
        first_overdue = calendar.add_working_days(due, 1)
        if rules.head_when_overdue:
            stages.append((ReminderKind.OVERDUE_HEAD, first_overdue))
        leaders = first_overdue
        if rules.leader_after_overdue_working_days > 0:
            leaders = calendar.add_working_days(
                first_overdue, rules.leader_after_overdue_working_days
            )
        stages.append((ReminderKind.OVERDUE_LEADER, leaders))
        return stages

    def due_date_horizon(self, today: date) -> date:
        """The latest due date that can owe a reminder on ``today``: petitions due later
        need not be looked at (the sweep's query bound)."""
        ahead = self.rules.before_due_working_days
        return self.calendar.add_working_days(today, ahead) if ahead > 0 else today

    def due_now(self, facts: PetitionFacts, now: datetime) -> list[Reminder]:
        """Every reminder the petition is owed at ``now`` (sent or not: the caller skips
        the keys already recorded)."""
        reminders = self.deadline_reminders(facts, now)
        urgent = self.urgent_reminder(facts, now)
        if urgent is not None:
            reminders.append(urgent)
        return reminders

    def deadline_reminders(self, facts: PetitionFacts, now: datetime) -> list[Reminder]:
        """The latest deadline stage(s) due at ``now``; empty outside sending hours."""
        if facts.due_date is None or facts.unit_code is None or not self._clock_runs(facts):
            return []
        local = now.astimezone(self.zone)
        today = local.date()
        if local.time() < self.rules.send_at or not self.calendar.is_working_day(today):
            return []
        received = facts.received_at.astimezone(self.zone).date()
        due_days = [
            (kind, day) for kind, day in self.schedule(facts.due_date) if received < day <= today
        ]
        if not due_days:
            return []
        latest = max(day for _, day in due_days)
        due = self.calendar.next_working_day(facts.due_date)
        return [
            Reminder(
                key=f"{kind.value}:{facts.id}:{facts.due_date.isoformat()}",
                kind=kind,
                petition_id=facts.id,
                due_date=facts.due_date,
                working_days=abs(self.calendar.working_days_between(today, due)),
            )
            for kind, day in due_days
            if day == latest
        ]

    def urgent_reminder(self, facts: PetitionFacts, now: datetime) -> Reminder | None:
        """The re-alert of an urgent petition no unit accepted yet, if one is due; once
        the re-alerts are used up, the unit head's alert instead."""
        if (
            not facts.urgent
            or facts.unit_code is None
            or facts.accepted_at is not None
            or facts.status not in AWAITING_ACCEPTANCE
        ):
            return None
        since = facts.filed_at or facts.received_at
        interval = timedelta(minutes=self.rules.urgent_realert_minutes)
        elapsed = now - since
        slot = elapsed // interval
        if slot < 1:
            return None
        most = self.rules.urgent_max_realerts
        head = bool(most) and slot > most  # re-alerts used up: the head, once (one key)
        kind = ReminderKind.URGENT_HEAD if head else ReminderKind.URGENT
        return Reminder(
            key=f"{kind.value}:{facts.id}" if head else f"{kind.value}:{facts.id}:{slot}",
            kind=kind,
            petition_id=facts.id,
            due_date=facts.due_date,
            minutes=int(elapsed.total_seconds() // 60),
            realerts=most if head else 0,
        )

    def _clock_runs(self, facts: PetitionFacts) -> bool:
        """Open, and not waiting for the citizen under a rule that stops the clock."""
        if not is_open(facts.status):
            return False
        if facts.status is Status.WAITING_CITIZEN and facts.due_rule is not None:
            rule = self.deadlines.rules.get(facts.due_rule)
            return rule is None or not rule.pauses_while_waiting
        return True
