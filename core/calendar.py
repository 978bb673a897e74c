"""Working-day calendar and deadline arithmetic (DOMAIN.md section 2).

Counting rule:

* a period starts the day AFTER the event (usually the receipt of the đơn);
* calendar days: the deadline is ``received + amount`` days; when that day is a rest
  day it moves to the next working day;
* working days: the deadline is the ``amount``-th working day counted from the day
  after receipt;
* ``amount == 0`` (either unit) means "no grace period": the deadline is the receipt
  day itself when it is a working day, otherwise the next working day.

Rest days are the weekend plus Vietnamese public holidays taken from the ``holidays``
library (including its observed days and government substitutions), adjusted by
configuration: ``extra_days_off`` (an announced day off) and ``extra_working_days``
(a make-up working day, e.g. a Saturday). A government swap is one of each.

Precedence when deciding whether a day is a working day, first match wins:

1. configured ``extra_working_days``  -> working;
2. configured ``extra_days_off``      -> rest;
3. a library public holiday           -> rest;
4. a library make-up working day      -> working (e.g. Saturday 22/08/2026, swapped
   for Monday 31/08/2026 in the library's data);
5. a weekend day                      -> rest;
6. otherwise                          -> working.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from enum import StrEnum

import holidays

__all__ = ["DayUnit", "WorkCalendar"]

_ONE_DAY = timedelta(days=1)

_DEFAULT_DAY_OFF_NAME = {
    "vi": "Ngày nghỉ theo thông báo",
}
_DEFAULT_DAY_OFF_NAME_FALLBACK = "Announced day off"


class DayUnit(StrEnum):
    """Unit in which a deadline rule counts its amount."""

    DAYS = "days"  # calendar days
    WORKING_DAYS = "working_days"


class WorkCalendar:
    """Working days for one country, with configured days off and make-up working days.

    Holiday data is loaded lazily, one year at a time, as dates are asked about.
    Instances are cheap to query and safe to share (the per-year cache only grows).
    """

    def __init__(
        self,
        *,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
        weekend: Iterable[int] = (5, 6),
        country: str = "VN",
        language: str | None = "vi",
    ) -> None:
        """Build a calendar.

        Args:
            extra_days_off: announced days off. A ``Mapping[date, str]`` may be given
                instead to name them (the name is returned by :meth:`holiday_name`).
            extra_working_days: make-up working days; they are working days even when
                they fall on a weekend or a library holiday.
            weekend: weekday numbers of the weekly rest days (Monday=0 ... Sunday=6).
            country: ISO 3166-1 alpha-2 code passed to ``holidays.country_holidays``.
            language: language of holiday names (``"vi"`` by default); the library
                falls back to its default language when it lacks a translation.

        Raises:
            ValueError: a weekday number is out of range, every weekday is a rest day,
                or a date is configured both as a day off and as a working day.
        """
        weekend_set = frozenset(weekend)
        bad = sorted(d for d in weekend_set if not 0 <= d <= 6)
        if bad:
            raise ValueError(f"weekend day numbers must be 0 (Monday) to 6 (Sunday), got {bad}")
        if len(weekend_set) == 7:
            raise ValueError("weekend cannot contain all seven weekdays")

        default_name = _DEFAULT_DAY_OFF_NAME.get(language or "", _DEFAULT_DAY_OFF_NAME_FALLBACK)
        if isinstance(extra_days_off, Mapping):
            days_off: dict[date, str] = {
                _as_date(d): str(name) for d, name in extra_days_off.items()
            }
        else:
            days_off = {_as_date(d): default_name for d in extra_days_off}
        working = frozenset(_as_date(d) for d in extra_working_days)
        clash = sorted(working & days_off.keys())
        if clash:
            shown = ", ".join(d.isoformat() for d in clash)
            raise ValueError(f"dates configured both as day off and working day: {shown}")

        self._weekend = weekend_set
        self._country = country
        self._language = language
        self._extra_days_off = days_off
        self._extra_working_days = working
        self._holidays_by_year: dict[int, dict[date, str]] = {}
        self._library_workdays: set[date] = set()

    # ------------------------------------------------------------------ holidays

    def _year(self, year: int) -> dict[date, str]:
        """Return the library's holidays of ``year``, loading them on first use."""
        cached = self._holidays_by_year.get(year)
        if cached is not None:
            return cached
        loaded = holidays.country_holidays(self._country, years=year, language=self._language)
        by_day: dict[date, str] = {day: str(name) for day, name in loaded.items()}
        # Make-up working days the library knows about (substitutions). The attribute
        # is not year-filtered and older library versions may lack it.
        workdays: Iterable[date] = getattr(loaded, "weekend_workdays", ())
        self._library_workdays.update(d for d in workdays if d.year == year)
        self._holidays_by_year[year] = by_day
        return by_day

    def holiday_name(self, day: date) -> str | None:
        """Return the name of the holiday or announced day off on ``day``.

        Returns ``None`` when ``day`` is not a holiday, including a library holiday
        overridden by a configured make-up working day. Plain weekends have no name.
        """
        day = _as_date(day)
        if day in self._extra_working_days:
            return None
        configured = self._extra_days_off.get(day)
        if configured is not None:
            return configured
        return self._year(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        """Return whether ``day`` is a working day (see the module docstring)."""
        day = _as_date(day)
        if day in self._extra_working_days:
            return True
        if day in self._extra_days_off:
            return False
        if day in self._year(day.year):
            return False
        if day in self._library_workdays:
            return True
        return day.weekday() not in self._weekend

    # ------------------------------------------------------------------ arithmetic

    def next_working_day(self, day: date) -> date:
        """Return ``day`` itself when it is a working day, otherwise the next one."""
        current = _as_date(day)
        while not self.is_working_day(current):
            current += _ONE_DAY
        return current

    def add_working_days(self, day: date, amount: int) -> date:
        """Move ``amount`` working days from ``day``.

        * ``amount > 0``: the ``amount``-th working day strictly after ``day``;
        * ``amount < 0``: the ``-amount``-th working day strictly before ``day``
          (e.g. ``add_working_days(deadline, -2)`` for "2 working days before");
        * ``amount == 0``: :meth:`next_working_day` of ``day``.

        ``day`` itself need not be a working day.
        """
        current = _as_date(day)
        if amount == 0:
            return self.next_working_day(current)
        step = _ONE_DAY if amount > 0 else -_ONE_DAY
        remaining = abs(amount)
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def deadline(self, received: date, amount: int, unit: DayUnit) -> date:
        """Return the last day of a period of ``amount`` ``unit`` starting after ``received``.

        Calendar days: ``received + amount``, moved to the next working day when it is a
        rest day. Working days: the ``amount``-th working day after ``received``.
        ``amount == 0`` gives ``received`` when it is a working day, else the next
        working day (both units).

        Raises:
            ValueError: ``amount`` is negative.
        """
        if amount < 0:
            raise ValueError(
                f"deadline amount must be >= 0, got {amount}; "
                "use add_working_days() to move backwards"
            )
        received = _as_date(received)
        unit = DayUnit(unit)
        if unit is DayUnit.DAYS:
            return self.next_working_day(received + timedelta(days=amount))
        return self.add_working_days(received, amount)

    def working_days_between(self, start: date, end: date) -> int:
        """Count the working days in ``(start, end]`` (``start`` excluded, ``end`` included).

        When ``end`` is before ``start`` the result is the negated count of working days
        in ``(end, start]``, so the function is antisymmetric.
        """
        start = _as_date(start)
        end = _as_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start + _ONE_DAY
        while current <= end:
            if self.is_working_day(current):
                count += 1
            current += _ONE_DAY
        return count


def _as_date(value: date) -> date:
    """Drop the time part of a ``datetime`` so that set and dict look-ups match."""
    return date(value.year, value.month, value.day)
