"""Đối thoại with residents: when a dialogue is announced, when questions close, when its
results are due and when the host is reminded of them (pure; DOMAIN.md section 5).

* Announced ``dialogue.announce_days`` days before its day (calendar days, at
  ``remind_at``); a dialogue scheduled later than that is announced at once.
* Citizens send questions until ``questions_close_hours`` before the start; the host then
  gets them grouped by topic (category), near-duplicates merged.
* Results are published within ``results_days`` days after the day; until they are, the
  host is reminded once a day at ``remind_at`` from the day after the dialogue.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.config import Dialogue

__all__ = ["DialogueRules"]


class DialogueRules:
    """The dialogue rules of one deployment in its time zone."""

    def __init__(self, rules: Dialogue, timezone: str) -> None:
        self.rules = rules
        self.zone = ZoneInfo(timezone)

    def local_date(self, instant: datetime) -> date:
        """The ward's calendar date of ``instant``."""
        return instant.astimezone(self.zone).date()

    def announce_on(self, starts_at: datetime) -> date:
        """The day a dialogue starting at ``starts_at`` must be announced by."""
        return self.local_date(starts_at) - timedelta(days=self.rules.announce_days)

    def announcement_due(self, starts_at: datetime, now: datetime) -> bool:
        """Whether the announcement is due at ``now`` (until the dialogue starts)."""
        when = datetime.combine(self.announce_on(starts_at), self.rules.remind_at, self.zone)
        return when <= now < starts_at

    def questions_close_at(self, starts_at: datetime) -> datetime:
        """When citizens can no longer send questions."""
        return starts_at - timedelta(hours=self.rules.questions_close_hours)

    def results_due(self, starts_at: datetime) -> date:
        """The last day to publish the results of a dialogue starting at ``starts_at``."""
        return self.local_date(starts_at) + timedelta(days=self.rules.results_days)

    def results_reminder(self, starts_at: datetime, now: datetime) -> date | None:
        """The day whose results reminder is due at ``now`` (one a day from the day after
        the dialogue, at ``remind_at``), or None before then."""
        today = self.local_date(now)
        if today <= self.local_date(starts_at) or now.astimezone(self.zone).time() < (
            self.rules.remind_at
        ):
            return None
        return today
