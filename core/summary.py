"""The leaders' figures: periods, what is counted and how, as plain data (no I/O).

Definitions (every count is of petitions, by their columns; local dates are in
``ward.timezone``; a period is a run of whole local days, ``first`` to ``last`` inclusive):

- **received**: ``received_at`` falls in the period.
- **answered**: ``answered_at`` (the latest answer) falls in the period, whatever the
  petition's status is now.
- **filed** (lưu đơn): ``filed_at`` falls in the period and it was never answered.
  **settled** = answered + filed: each
  petition settles once, at its latest answer or, if never answered, when it is filed.
- **on time**: the local date of the answer (or of the filing) is on or before
  ``due_date``, or the petition has no due date.
- **open at the end**: received before the period ended and, at that instant, not yet
  settled: its status is open now, or it is answered/closed with ``answered_at`` after the
  end, or filed after the end. (A petition reopened after the end counts as open at the
  end: the milestone columns keep only the latest answer.)
- **overdue at the end**: open at the end with ``due_date`` before the day after the
  period, i.e. ``due_date <= last``: the deadline ran out by midnight. Days overdue are
  calendar days from the due date to the day after the period (due yesterday: 1 day).
- **on-time rate**, counted honestly so that unanswered work cannot flatter it:
  ``on time / (done + overdue at the end)``. The daily summary counts answers
  (``answered on time / (answered + overdue)``); the periodic report counts settlements.
- **ratings**: ratings given (``rated_at``) in the period: satisfied / rated.
- **urgent**: urgent petitions received in the period, and urgent ones open at the end.

Periods of ``/baocao``: ``ngay`` is yesterday; ``tuan``, ``thang`` and ``quy`` are the
ISO week (Monday to Sunday), the month or the quarter that contains yesterday, up to
yesterday. Only whole days are counted, so the figures do not move while being read; on
the first day of a week, month or quarter that is the whole previous one, which is the
report a leader wants that morning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from core.calendar import WorkCalendar
from core.labels import Category, Kind
from core.lifecycle import Status
from core.ports import Repository

K = TypeVar("K")


class PeriodKind(StrEnum):
    """The periods of ``/baocao`` (the values are what a leader types)."""

    DAY = "ngay"
    WEEK = "tuan"
    MONTH = "thang"
    QUARTER = "quy"


@dataclass(frozen=True)
class Period:
    """Whole local days, ``first`` to ``last`` inclusive."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError(f"a period cannot end ({self.last}) before it starts ({self.first})")

    @classmethod
    def day(cls, day: date) -> Period:
        """One local day."""
        return cls(day, day)

    @property
    def after(self) -> date:
        """The first day after the period (its end is that day's local midnight)."""
        return self.last + timedelta(days=1)

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.last - self.first).days + 1

    def bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """The period as UTC instants ``[start, end)``."""
        return local_midnight(self.first, timezone), local_midnight(self.after, timezone)


def local_midnight(day: date, timezone: str) -> datetime:
    """The instant (UTC) at which ``day`` starts in ``timezone``."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def period_ending(kind: PeriodKind, today: date) -> Period:
    """The ``/baocao`` period of ``kind`` as seen on ``today`` (see the module docstring)."""
    last = today - timedelta(days=1)
    if kind is PeriodKind.DAY:
        first = last
    elif kind is PeriodKind.WEEK:
        first = last - timedelta(days=last.weekday())
    elif kind is PeriodKind.MONTH:
        first = last.replace(day=1)
    else:
        first = date(last.year, 3 * ((last.month - 1) // 3) + 1, 1)
    return Period(first, last)


def daily_summary_period(
    today: date, calendar: WorkCalendar, working_days_only: bool
) -> Period | None:
    """The days the leaders' daily summary sent on ``today`` covers: yesterday. With
    ``working_days_only`` (``summary.working_days_only``) none is sent on a rest day, and
    the one of a working day covers every day since the previous working day (Monday:
    Friday to Sunday), so the days whose summary was not sent are not lost."""
    yesterday = today - timedelta(days=1)
    if not working_days_only:
        return Period.day(yesterday)
    if not calendar.is_working_day(today):
        return None
    return Period(calendar.add_working_days(today, -1), yesterday)


def days_overdue(due: date, period: Period) -> int:
    """Calendar days a petition due on ``due`` is overdue when ``period`` ends."""
    return (period.after - due).days


def rate(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Tally:
    """The counts of one group of petitions (a kind, a category, a unit, or all)."""

    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    filed: int = 0
    filed_on_time: int = 0
    open_at_end: int = 0
    overdue_at_end: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def settled(self) -> int:
        """Answered or filed in the period."""
        return self.answered + self.filed

    @property
    def settled_on_time(self) -> int:
        """Settled in the period by the due date."""
        return self.answered_on_time + self.filed_on_time

    @property
    def answer_rate(self) -> float | None:
        """The daily summary's rate: answered on time / (answered + overdue at the end)."""
        return rate(self.answered_on_time, self.answered + self.overdue_at_end)

    @property
    def settle_rate(self) -> float | None:
        """The report's rate: settled on time / (settled + overdue at the end)."""
        return rate(self.settled_on_time, self.settled + self.overdue_at_end)


@dataclass(frozen=True)
class Cell:
    """The tally of the petitions of one kind and category at one unit (None: no unit)."""

    kind: Kind
    category: Category
    unit: str | None
    tally: Tally


@dataclass(frozen=True)
class Ratings:
    """Citizens' ratings given in the period."""

    satisfied: int = 0
    unsatisfied: int = 0

    @property
    def rated(self) -> int:
        """How many ratings were given."""
        return self.satisfied + self.unsatisfied

    @property
    def satisfied_rate(self) -> float | None:
        """Satisfied / rated."""
        return rate(self.satisfied, self.rated)


@dataclass(frozen=True)
class Item:
    """One petition in a list: codes and labels only, never its text or its sender."""

    code: str
    kind: Kind
    category: Category
    unit: str | None
    status: Status
    received_on: date
    due_date: date | None
    urgent: bool = False


@dataclass(frozen=True)
class Figures:
    """Everything the summaries and reports show about one period (and scope)."""

    period: Period
    unit: str | None  # the scope: one unit's petitions, or None for every unit
    cells: tuple[Cell, ...]
    ratings: Ratings
    urgent_received: tuple[Item, ...]
    urgent_open: tuple[Item, ...]

    @property
    def total(self) -> Tally:
        """All petitions in scope."""
        return sum((c.tally for c in self.cells), Tally())

    def by_kind(self) -> dict[Kind, Tally]:
        """Tallies per kind, in the taxonomy's order, every kind present."""
        return _grouped(self.cells, lambda c: c.kind, Kind)

    def by_category(self) -> dict[Category, Tally]:
        """Tallies per category, in the taxonomy's order, every category present."""
        return _grouped(self.cells, lambda c: c.category, Category)

    def by_unit(self, units: Iterable[str | None] = ()) -> dict[str | None, Tally]:
        """Tallies per unit: ``units`` first (in that order, even when empty), then any
        other unit met in the data (e.g. no longer configured), then None (no unit yet)."""
        return _grouped(self.cells, lambda c: c.unit, units)

    def is_empty(self) -> bool:
        """Nothing to say: no petition received, settled, open past due, rated or urgent."""
        total = self.total
        return not (
            total.received
            or total.settled
            or total.overdue_at_end
            or self.ratings.rated
            or self.urgent_open
        )


def _grouped(cells: Iterable[Cell], key: Callable[[Cell], K], order: Iterable[K]) -> dict[K, Tally]:
    result: dict[K, Tally] = {k: Tally() for k in order}
    extra: dict[K, Tally] = {}
    for cell in cells:
        k = key(cell)
        target = result if k in result else extra
        target[k] = target.get(k, Tally()) + cell.tally
    # None (no unit) goes last; other extras keep their first-seen order
    tail = sorted(extra.items(), key=lambda item: item[0] is None)
    return {**result, **dict(tail)}


def worst_first(tallies: dict[K, int]) -> list[tuple[K, int]]:
    """The non-zero counts, largest first (ties keep their order)."""
    return sorted(((k, n) for k, n in tallies.items() if n), key=lambda item: -item[1])


@dataclass(frozen=True)
class DayCount:
    """Received and answered on one local day (for the trend chart)."""

    day: date
    received: int
    answered: int


@dataclass(frozen=True)
class ReceptionTally:
    """Tiếp công dân and đối thoại in a period, up to the day before the report was made:
    sessions held (scheduled on a day already past), the citizens booked into them (not
    cancelled), those whose outcome the host recorded, and dialogues held."""

    sessions_held: int
    citizens_booked: int
    outcomes_recorded: int
    dialogues_held: int


@dataclass(frozen=True)
class Report:
    """A periodic report: the figures, the overdue list, and when it was made."""

    figures: Figures
    overdue: tuple[Item, ...]
    made_on: date
    reception: ReceptionTally | None = None  # None: not counted (e.g. a hand-made report)


class Stats(Protocol):
    """The figures a summary needs, read inside one transaction (storage/stats.py)."""

    async def figures(self, period: Period, unit: str | None = None) -> Figures:
        """Every figure of a period, for one unit or (None) every unit."""
        ...

    async def trend(self, period: Period, unit: str | None = None) -> list[DayCount]:
        """Received and answered per day of a period."""
        ...


# Builds the Stats of a transaction: (repository, ward time zone) -> Stats.
StatsFactory = Callable[[Repository, str], Stats]


class Charts(Protocol):
    """Draws the daily summary's chart as a PNG file (bot/reports/chart.py)."""

    def units_chart(
        self, bars: Sequence[tuple[str, int, int]], title: str, path: Path
    ) -> Path | None:
        """Open and overdue petitions per unit; None (no file) when all are 0."""
        ...

    def trend_chart(self, days: Sequence[DayCount], title: str, path: Path) -> Path | None:
        """Received and answered per day; None (no file) when all are 0."""
        ...
