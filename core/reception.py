"""Tiếp công dân sessions: the schedule rules of config.yaml on the work calendar (pure).

* **Weekly rules** (``reception.weekly``) become one session a week. A session whose day is
  a rest day (weekend, holiday, announced day off) is skipped or moved to the next working
  day (``reception.on_holiday``); a move that would reach the rule's next occurrence is a
  skip (a long Tết break never puts two sessions of one rule in one week). A session is
  named by its rule's key and the rule's own date, so it is planned once however often the
  planner runs (storage keeps them unique on that pair).
* **Publication** (DOMAIN.md section 5): the ``publish_working_days``-th working day before
  the session, at ``announce_at``. A session published later than that (added late in
  chat, or the bot was down) is published at once and the leaders are warned.
* **Booking** closes at ``booking_closes`` on the day before the session.
* **Reminders**: the citizen the day before (``remind_day_before_at``) and
  ``remind_hours_before`` hours before the start; the host the day before
  (``host_briefing_at``) with the list of booked citizens. Nothing is sent once the
  session has started; after downtime only the latest citizen reminder goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.calendar import WorkCalendar
from core.config import HolidayPolicy, Reception, ReceptionSlot, Weekday
from core.reception_ports import NewSession

__all__ = [
    "CitizenReminder",
    "Outcome",
    "PlannedSession",
    "ReceptionRules",
    "rule_key",
]

_WEEKDAYS = tuple(Weekday)  # Monday first, as date.weekday() counts
_WEEK = timedelta(days=7)


class Outcome(StrEnum):
    """What the host recorded about one booked citizen after the session."""

    RECEIVED = "received"  # heard; the ward will tell them the result
    ANSWERED = "answered"  # answered on the spot
    PETITION = "petition"  # a petition was created from the matter
    REFERRED = "referred"  # referred to the competent body


# Outcomes that start the clock for telling the citizen the result (reception.result_rule).
RESULT_CLOCK = frozenset({Outcome.RECEIVED, Outcome.PETITION, Outcome.REFERRED})


class CitizenReminder(StrEnum):
    """The two reminders a booked citizen gets (values prefix their sent_reminders keys)."""

    DAY_BEFORE = "reception-remind-day"
    HOUR_BEFORE = "reception-remind-hour"


@dataclass(frozen=True)
class PlannedSession:
    """A session a weekly rule asks for."""

    rule_key: str
    rule_date: date  # the rule's own day (before any move)
    day: date  # the day it is held
    slot: ReceptionSlot

    @property
    def moved(self) -> bool:
        """Whether a rest day moved it off its rule's day."""
        return self.day != self.rule_date


def rule_key(slot: ReceptionSlot) -> str:
    """A weekly rule's stable name, e.g. ``thursday-0800``."""
    return f"{slot.weekday.value}-{slot.start:%H%M}"


class ReceptionRules:
    """The reception rules of one deployment on its calendar and time zone."""

    def __init__(self, reception: Reception, calendar: WorkCalendar, timezone: str) -> None:
        self.rules = reception
        self.calendar = calendar
        self.zone = ZoneInfo(timezone)

    # --- planning --------------------------------------------------------------------

    def plan(self, first: date, last: date) -> list[PlannedSession]:
        """The weekly sessions held from ``first`` to ``last`` (both included), by day."""
        planned: list[PlannedSession] = []
        for slot in self.rules.weekly:
            weekday = _WEEKDAYS.index(slot.weekday)
            start = first - _WEEK  # a session moved into the range may come from before it
            rule_day = start + timedelta(days=(weekday - start.weekday()) % 7)
            while rule_day <= last:
                day = self._held_on(rule_day)
                if day is not None and first <= day <= last:
                    planned.append(PlannedSession(rule_key(slot), rule_day, day, slot))
                rule_day += _WEEK
        return sorted(planned, key=lambda p: (p.day, p.slot.start, p.rule_key))

    def _held_on(self, rule_day: date) -> date | None:
        if self.calendar.is_working_day(rule_day):
            return rule_day
        if self.rules.on_holiday is HolidayPolicy.SKIP:
            return None
        moved = self.calendar.next_working_day(rule_day)
        return moved if moved < rule_day + _WEEK else None

    def planned_session(self, planned: PlannedSession) -> NewSession:
        """The session to store for a planned one."""
        slot = planned.slot
        return self.new_session(
            planned.day,
            slot.start,
            slot.end,
            host=slot.host,
            place=slot.place,
            capacity=slot.capacity,
            host_unit=slot.host_unit,
            rule_key=planned.rule_key,
            rule_date=planned.rule_date,
            moved_from=planned.rule_date if planned.moved else None,
        )

    def new_session(
        self,
        day: date,
        start: time,
        end: time,
        *,
        host: str,
        place: str,
        capacity: int,
        host_unit: str | None = None,
        rule_key: str | None = None,
        rule_date: date | None = None,
        moved_from: date | None = None,
        created_by: int | None = None,
    ) -> NewSession:
        """A session held on ``day`` from ``start`` to ``end`` with its derived times."""
        return NewSession(
            day=day,
            starts_at=self.at(day, start),
            ends_at=self.at(day, end),
            host=host,
            host_unit=host_unit,
            place=place,
            capacity=capacity,
            booking_closes_at=self.booking_closes_at(day),
            publish_on=self.publish_on(day),
            rule_key=rule_key,
            rule_date=rule_date,
            moved_from=moved_from,
            created_by=created_by,
        )

    def horizon(self, today: date) -> date:
        """The last day sessions are planned for on ``today``."""
        return today + timedelta(days=self.rules.horizon_days)

    # --- times -----------------------------------------------------------------------

    def at(self, day: date, clock_time: time) -> datetime:
        """A local day and time as an aware instant of the ward's zone."""
        return datetime.combine(day, clock_time, tzinfo=self.zone)

    def local_date(self, instant: datetime) -> date:
        """The ward's calendar date of ``instant``."""
        return instant.astimezone(self.zone).date()

    def publish_on(self, day: date) -> date:
        """The day a session held on ``day`` must be published by."""
        return self.calendar.add_working_days(day, -self.rules.publish_working_days)

    def publication_due(self, publish_on: date, now: datetime) -> bool:
        """Whether a session to publish on ``publish_on`` is due for publication at ``now``."""
        return now >= self.at(publish_on, self.rules.announce_at)

    def published_late(self, day: date, published: datetime) -> bool:
        """Whether publication at ``published`` comes less than the required working days
        before a session held on ``day`` (the leaders are warned)."""
        return self.local_date(published) > self.publish_on(day)

    def notice_working_days(self, day: date, published: datetime) -> int:
        """Working days of notice a publication at ``published`` gives (for the warning)."""
        return max(0, self.calendar.working_days_between(self.local_date(published), day))

    def booking_closes_at(self, day: date) -> datetime:
        """When booking ends for a session held on ``day``."""
        return self.at(day - timedelta(days=1), self.rules.booking_closes)

    def briefing_due(self, starts_at: datetime, now: datetime) -> bool:
        """Whether the host's briefing is due at ``now`` (from the day before until start)."""
        day = self.local_date(starts_at)
        return self.at(day - timedelta(days=1), self.rules.host_briefing_at) <= now < starts_at

    def citizen_reminder(self, starts_at: datetime, now: datetime) -> CitizenReminder | None:
        """The latest citizen reminder due at ``now`` for a session starting ``starts_at``."""
        if now >= starts_at:
            return None
        hours = self.rules.remind_hours_before
        if hours and now >= starts_at - timedelta(hours=hours):
            return CitizenReminder.HOUR_BEFORE
        day = self.local_date(starts_at)
        if now >= self.at(day - timedelta(days=1), self.rules.remind_day_before_at):
            return CitizenReminder.DAY_BEFORE
        return None
