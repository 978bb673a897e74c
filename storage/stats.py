"""The SQL behind the leaders' summaries and reports (definitions: core/summary.py).

Every period filter is a range on an indexed UTC column (``received_at``, ``answered_at``,
``(status, due_date)``), with the local day boundaries computed in Python, so no row is
converted to local time to be selected. Local dates are computed in SQL only where a row
must be compared with a local date (on time or not, the trend's days): PostgreSQL
converts with the IANA zone itself; SQLite, which knows no time zones, adds the zone's UTC
offset, split into segments at the zone's offset changes within the range (none for
Asia/Ho_Chi_Minh).

"Open at the end of a period" is the union of disjoint conditions, each read on its own
index, never an OR (which makes a database scan the table). SQLite's planner, which knows
a column only by its average number of rows per value, is given two hints where it would
otherwise read most of the table (see :func:`unindexed` and :func:`rare`); PostgreSQL,
with its histograms, needs none. Ratings and filings in a period are read on their own
milestones (``rated_at``, ``filed_at``, migration 0005).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, case, cast, func, literal, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from core.labels import Category, Kind
from core.lifecycle import OPEN_STATUSES, Status
from core.ports import Repository
from core.summary import (
    Cell,
    DayCount,
    Figures,
    Item,
    Period,
    Ratings,
    ReceptionTally,
    Report,
    Tally,
    local_midnight,
)
from storage import models as m

P = m.Petition
_OPEN = sorted(s.value for s in OPEN_STATUSES)
_ANSWERED = [Status.ANSWERED.value, Status.CLOSED.value]
SATISFIED, UNSATISFIED = "satisfied", "unsatisfied"


_Counts = dict[tuple[Kind, Category, str | None], Counter[str]]


class UnknownUnit(LookupError):
    """The unit code is not in the database."""


class SqlStats:
    """Summary and report queries on one session, for one ward's time zone."""

    def __init__(self, session: AsyncSession, timezone: str) -> None:
        self.session = session
        self.timezone = timezone
        self._unit_codes: dict[int | None, str] | None = None
        self._custom_plans = False

    @classmethod
    def of(cls, repo: Repository, timezone: str) -> SqlStats:
        """The statistics sharing ``repo``'s transaction (a SqlRepository's)."""
        session = getattr(repo, "session", None)
        if not isinstance(session, AsyncSession):
            raise TypeError("SqlStats needs a storage.repository.SqlRepository")
        return cls(session, timezone)

    # --- public queries ------------------------------------------------------------------

    async def figures(self, period: Period, unit: str | None = None) -> Figures:
        """Every figure of ``period`` for one unit's petitions, or all (``unit`` None)."""
        figures, _ = await self._survey(period, unit, list_overdue=False)
        return figures

    async def report(self, period: Period, made_on: date, unit: str | None = None) -> Report:
        """The periodic report of ``period``, with the petitions overdue at its end, the
        longest overdue first."""
        figures, overdue = await self._survey(period, unit, list_overdue=True)
        overdue.sort(key=lambda i: (i.due_date, i.code))
        reception = await self._reception(period, made_on, unit)
        return Report(figures, tuple(overdue), made_on, reception)

    async def _reception(self, period: Period, made_on: date, unit: str | None) -> ReceptionTally:
        """Sessions held in the period before ``made_on`` (a unit's: the ones it hosts) and
        their bookings; dialogues held (the ward's, so only for a whole-ward report)."""
        last = min(period.last, made_on - timedelta(days=1))
        S, B = m.ReceptionSession, m.ReceptionBooking
        held = [S.day >= period.first, S.day <= last]
        if unit is not None:
            held.append(S.host_unit == unit)
        sessions = await self.session.scalar(select(func.count()).select_from(S).where(*held))
        booked, recorded = (
            await self.session.execute(
                select(func.count(B.id), func.count(B.outcome))
                .join(S, S.id == B.session_id)
                .where(*held, B.cancelled_at.is_(None))
            )
        ).one()
        dialogues = 0
        if unit is None:
            start = period.bounds(self.timezone)[0]
            end = local_midnight(last + timedelta(days=1), self.timezone)  # <= start: none
            dialogues = int(
                await self.session.scalar(
                    select(func.count())
                    .select_from(m.Dialogue)
                    .where(*_between(m.Dialogue.starts_at, start, end))
                )
                or 0
            )
        return ReceptionTally(int(sessions or 0), int(booked or 0), int(recorded or 0), dialogues)

    async def trend(self, period: Period, unit: str | None = None) -> list[DayCount]:
        """Received and answered per local day of ``period`` (every day, zeros included)."""
        scope = await self._scope(unit)
        start, end = period.bounds(self.timezone)
        per_day: dict[str, dict[date, int]] = {}
        for name, column in (("received", P.received_at), ("answered", P.answered_at)):
            day = self._local_day(column, start, end)
            rows = await self.session.execute(
                select(day, func.count()).where(*scope, *_between(column, start, end)).group_by(day)
            )
            per_day[name] = {_as_date(d): n for d, n in rows.all()}
        days = (period.first + timedelta(days=i) for i in range(period.days))
        return [
            DayCount(d, per_day["received"].get(d, 0), per_day["answered"].get(d, 0)) for d in days
        ]

    # --- helpers -------------------------------------------------------------------------

    async def _scope(self, unit: str | None) -> list[ColumnElement[bool]]:
        """The condition that keeps one unit's petitions (none for every unit); first, on
        PostgreSQL, custom plans for the rest of the transaction (see _plan_each_query)."""
        await self._plan_each_query()
        if unit is None:
            return []
        unit_id = await self.session.scalar(select(m.Unit.id).where(m.Unit.code == unit))
        if unit_id is None:
            raise UnknownUnit(f"unit {unit!r} is not in the database")
        return [P.unit_id == unit_id]

    async def _plan_each_query(self) -> None:
        """PostgreSQL plans a prepared statement (asyncpg prepares each one) for its
        parameters five times, then may keep a generic plan made without them: for a range
        on a date that plan reads the whole index or table (0.1 s becomes 0.8 s on a million
        petitions). These few reporting queries are planned for their values every time."""
        if self._custom_plans or self.session.get_bind().dialect.name != "postgresql":
            return
        await self.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        self._custom_plans = True

    async def _codes(self) -> dict[int | None, str]:
        """Unit codes by id (no id, no unit: ``get(None)`` is None)."""
        if self._unit_codes is None:
            rows = await self.session.execute(select(m.Unit.id, m.Unit.code))
            self._unit_codes = {unit_id: code for unit_id, code in rows.all()}
        return self._unit_codes

    async def _ratings(
        self, scope: list[ColumnElement[bool]], start: datetime, end: datetime
    ) -> Ratings:
        rows = await self.session.execute(
            select(P.rating, func.count())
            .where(*scope, *_between(P.rated_at, start, end), P.rating.is_not(None))
            .group_by(P.rating)
        )
        counts = dict(rows.all())
        return Ratings(counts.get(SATISFIED, 0), counts.get(UNSATISFIED, 0))

    async def _survey(
        self, period: Period, unit: str | None, *, list_overdue: bool
    ) -> tuple[Figures, list[Item]]:
        """The figures of ``period`` and, with ``list_overdue``, the petitions overdue at
        its end (else an empty list).

        Groups are counted by the database, on an index, except the filings: the
        petitions filed since the start are read once, one by one, and each is counted as
        filed in the period or as open at its end."""
        scope = await self._scope(unit)
        start, end = period.bounds(self.timezone)
        last = period.last
        counts: _Counts = defaultdict(Counter)
        await self._count(counts, [*scope, *_between(P.received_at, start, end)], "received")
        answered_on = self._local_day(P.answered_at, start, end)
        answered = [*scope, *_between(P.answered_at, start, end)]
        await self._count(counts, answered, "answered", _on_time(answered_on), "answered_on_time")

        zone = ZoneInfo(self.timezone)
        before_end = unindexed(P.received_at) < end
        filed_late: list[Item] = []  # filed after the end: open at the end
        for item, filed_at in await self._rows([*scope, *_filed_since(start), before_end]):
            assert filed_at is not None  # _filed_since selects on it
            if filed_at >= end:
                filed_late.append(item)
                continue
            tally = counts[(item.kind, item.category, item.unit)]
            tally["filed"] += 1
            due = item.due_date
            tally["filed_on_time"] += due is None or filed_at.astimezone(zone).date() <= due

        urgent_open = [i for i in filed_late if i.urgent]
        overdue = [i for i in filed_late if _overdue(i, last)] if list_overdue else []
        for item in filed_late:
            tally = counts[(item.kind, item.category, item.unit)]
            tally["open_at_end"] += 1
            tally["overdue_at_end"] += _overdue(item, last)
        for branch in _unsettled_at(end):
            where = [*scope, *branch, before_end]
            await self._count(counts, where, "open_at_end", P.due_date <= last, "overdue_at_end")
            urgent_open += [i for i, _ in await self._rows([*where, P.urgent.is_(True)])]
            if list_overdue:
                due_by = P.due_date if branch is _OPEN_NOW else unindexed(P.due_date)
                overdue += [i for i, _ in await self._rows([*where, due_by <= last])]

        urgent = [*scope, P.urgent.is_(True), *_between(P.received_at, start, end)]
        figures = Figures(
            period=period,
            unit=unit,
            cells=tuple(Cell(*key, Tally(**tally)) for key, tally in counts.items()),
            ratings=await self._ratings(scope, start, end),
            urgent_received=tuple(sorted((i for i, _ in await self._rows(urgent)), key=_code)),
            urgent_open=tuple(sorted(urgent_open, key=_code)),
        )
        return figures, overdue

    async def _count(
        self,
        counts: _Counts,
        where: list[ColumnElement[bool]],
        name: str,
        part: ColumnElement[bool] | None = None,
        part_name: str = "",
    ) -> None:
        """Add the petitions matching ``where`` to ``counts[group][name]``, and those of
        them matching ``part`` to ``counts[group][part_name]``."""
        columns: list[Any] = [P.kind, P.category, P.unit_id, func.count()]
        if part is not None:
            columns.append(func.sum(case((part, 1), else_=0)))
        codes = await self._codes()
        query = select(*columns).where(*where).group_by(P.kind, P.category, P.unit_id)
        for kind, category, unit_id, count, *rest in await self.session.execute(query):
            tally = counts[(Kind(kind), Category(category), codes.get(unit_id))]
            tally[name] += count
            if rest:
                tally[part_name] += int(rest[0] or 0)

    async def _rows(
        self, where: Sequence[ColumnElement[bool]]
    ) -> list[tuple[Item, datetime | None]]:
        """The petitions matching ``where``, each with when it was filed (if it was)."""
        codes = await self._codes()
        rows = await self.session.execute(
            select(
                P.id,
                P.code,
                P.kind,
                P.category,
                P.unit_id,
                P.status,
                P.received_at,
                P.due_date,
                P.urgent,
                P.filed_at,
            ).where(*where)  # no ORDER BY: SQLite would walk an index to avoid sorting
        )
        zone = ZoneInfo(self.timezone)
        return [
            (
                Item(
                    code=code or f"#{petition_id}",  # every filed petition has its code
                    kind=Kind(kind),
                    category=Category(category),
                    unit=codes.get(unit_id),
                    status=Status(status),
                    received_on=received_at.astimezone(zone).date(),
                    due_date=due_date,
                    urgent=urgent,
                ),
                filed_at,
            )
            for (
                petition_id,
                code,
                kind,
                category,
                unit_id,
                status,
                received_at,
                due_date,
                urgent,
                filed_at,
            ) in rows
        ]

    def _local_day(self, column: Any, start: datetime, end: datetime) -> ColumnElement[Any]:
        """SQL for the local date of ``column``, for values in ``[start, end)``."""
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            # inline, so that a GROUP BY repeats the very expression that is selected
            zone = literal(self.timezone, literal_execute=True)
            return cast(func.timezone(zone, column), Date)
        segments = offset_segments(self.timezone, start, end)
        *changes, (_, last_offset) = segments
        expression: ColumnElement[Any] = _sqlite_date(column, last_offset)
        if changes:
            expression = case(
                *((column < until, _sqlite_date(column, offset)) for until, offset in changes),
                else_=expression,
            )
        return expression


class SqliteHint(ColumnElement[Any]):
    """``element`` as it is, except on SQLite, where it is written into ``template``: a
    hint to SQLite's query planner, which knows no more of a column than its average
    row count per value (and, without ANALYZE, nothing)."""

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy's declaration)
        ("element", InternalTraversal.dp_clauseelement),
        ("template", InternalTraversal.dp_string),
    ]

    def __init__(self, element: Any, template: str) -> None:
        self.element, self.template, self.type = element, template, element.type
        # a wrapped comparison stays a comparison: no "= 1" after it on SQLite
        self._is_implicitly_boolean = bool(getattr(element, "_is_implicitly_boolean", False))


@compiles(SqliteHint)
def _hint_elsewhere(element: SqliteHint, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.element, **kw))


@compiles(SqliteHint, "sqlite")
def _hint_sqlite(element: SqliteHint, compiler: Any, **kw: Any) -> str:
    return element.template.format(compiler.process(element.element, **kw))


def unindexed(column: Any) -> Any:
    """``+column`` on SQLite: do not use an index for this term (``+`` changes no value).
    SQLite takes any one-sided range to keep a quarter of the rows, and would walk all of
    ``received_at < end`` (nearly the table) rather than a selective index."""
    return SqliteHint(column, "+{}")


def rare(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """``unlikely(condition)`` on SQLite: few rows match (e.g. open statuses among all),
    so their index beats a scan of the table."""
    return SqliteHint(condition, "unlikely({})")


def _between(column: Any, start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    return [column >= start, column < end]


def _filed_since(start: datetime) -> list[ColumnElement[bool]]:
    """Filed since ``start`` and never answered (see core/summary.py)."""
    # SQLite takes "answered_at IS NULL" for a rare value (its statistics average the
    # non-null values): it would read every unanswered petition through that index
    return [
        unindexed(P.status) == Status.FILED.value,
        unindexed(P.answered_at).is_(None),
        P.filed_at >= start,
    ]


def _code(item: Item) -> str:
    return item.code


def _on_time(local_day: ColumnElement[Any]) -> ColumnElement[bool]:
    return or_(P.due_date.is_(None), local_day <= P.due_date)


_OPEN_NOW = [rare(P.status.in_(_OPEN))]


def _unsettled_at(end: datetime) -> list[list[ColumnElement[bool]]]:
    """Two conditions whose union (with received before ``end``) is "open at the instant
    ``end`` and not filed since": open now, or answered since. Each is read on its own
    index (an OR of them would make the database scan the table): SQLite is told that
    open statuses are rare, which its statistics (an average per status) cannot show,
    and not to read answered petitions by status (nearly all of them are)."""
    return [_OPEN_NOW, [unindexed(P.status).in_(_ANSWERED), P.answered_at >= end]]


def _overdue(item: Item, last: date) -> bool:
    return item.due_date is not None and item.due_date <= last


def _sqlite_date(column: Any, offset: timedelta) -> ColumnElement[Any]:
    minutes = int(offset.total_seconds() // 60)
    modifier = literal(f"{minutes:+d} minutes", literal_execute=True)
    return func.date(column, modifier, type_=Date)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def offset_segments(
    timezone: str, start: datetime, end: datetime
) -> list[tuple[datetime | None, timedelta]]:
    """The UTC offsets of ``timezone`` over ``[start, end)``: ``(until, offset)`` pairs, the
    last with ``until`` None. Offset changes are found day by day, then to the microsecond."""
    zone = ZoneInfo(timezone)

    def offset(at: datetime) -> timedelta:
        return at.astimezone(zone).utcoffset() or timedelta(0)

    segments: list[tuple[datetime | None, timedelta]] = []
    current, at = offset(start), start
    while at < end:
        step = min(at + timedelta(days=1), end)
        if offset(step) != current:
            low, high = at, step  # offset(low) == current != offset(high)
            while high - low > timedelta(microseconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == current else (low, middle)
            segments.append((high.astimezone(UTC), current))
            current = offset(high)
        at = step
    segments.append((None, current))
    return segments
