"""The pure parts of the leaders' figures: periods, tallies and rates, local-day offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.config import Config
from core.deadlines import build_calendar
from core.labels import Category, Kind
from core.summary import (
    Cell,
    Figures,
    Period,
    PeriodKind,
    Ratings,
    Tally,
    daily_summary_period,
    days_overdue,
    local_midnight,
    period_ending,
)
from handlers.leader import parse_period
from storage.stats import offset_segments


@pytest.mark.parametrize(
    ("kind", "today", "first", "last"),
    [
        (PeriodKind.DAY, date(2026, 12, 1), date(2026, 11, 30), date(2026, 11, 30)),
        # a Wednesday: the ISO week from Monday up to yesterday
        (PeriodKind.WEEK, date(2026, 12, 2), date(2026, 11, 30), date(2026, 12, 1)),
        # a Monday: the whole previous week, Monday to Sunday
        (PeriodKind.WEEK, date(2026, 11, 30), date(2026, 11, 23), date(2026, 11, 29)),
        (PeriodKind.MONTH, date(2026, 11, 15), date(2026, 11, 1), date(2026, 11, 14)),
        # the first of the month: the whole previous month
        (PeriodKind.MONTH, date(2026, 12, 1), date(2026, 11, 1), date(2026, 11, 30)),
        (PeriodKind.QUARTER, date(2026, 11, 15), date(2026, 10, 1), date(2026, 11, 14)),
        # the first day of a quarter (and of a year): the whole previous quarter
        (PeriodKind.QUARTER, date(2027, 1, 1), date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_baocao_periods_end_yesterday(
    kind: PeriodKind, today: date, first: date, last: date
) -> None:
    assert period_ending(kind, today) == Period(first, last)


def test_period_bounds_are_local_midnights_in_utc() -> None:
    period = Period.day(date(2026, 11, 30))
    start, end = period.bounds("Asia/Ho_Chi_Minh")
    assert start == datetime(2026, 11, 29, 17, tzinfo=UTC)  # 00:00 on 30/11 at UTC+7
    assert end == datetime(2026, 11, 30, 17, tzinfo=UTC)
    assert local_midnight(date(2026, 11, 30), "UTC") == datetime(2026, 11, 30, tzinfo=UTC)
    assert days_overdue(date(2026, 11, 30), period) == 1  # due on the day: 1 day at its end
    with pytest.raises(ValueError):
        Period(date(2026, 12, 2), date(2026, 12, 1))


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("", PeriodKind.DAY),
        ("ngay", PeriodKind.DAY),
        ("Tuần", PeriodKind.WEEK),
        (" THÁNG ", PeriodKind.MONTH),
        ("quý", PeriodKind.QUARTER),
        ("nam", None),
        ("tuan 2", None),
    ],
)
def test_baocao_reads_the_period_with_or_without_diacritics(
    typed: str, kind: PeriodKind | None
) -> None:
    assert parse_period(typed) is kind


def test_tallies_add_up_and_rates_count_overdue_work() -> None:
    a = Tally(received=3, answered=2, answered_on_time=1, overdue_at_end=2)
    b = Tally(received=1, filed=1, filed_on_time=1, open_at_end=4, overdue_at_end=1)
    total = a + b
    assert total == Tally(3 + 1, 2, 1, 1, 1, 4, 2 + 1)
    assert total.settled == 3 and total.settled_on_time == 2
    assert total.answer_rate == pytest.approx(
        1 / (2 + 3)
    )  # answered on time / (answered + overdue)
    assert total.settle_rate == pytest.approx(2 / (3 + 3))  # settled on time / (settled + overdue)
    assert Tally().answer_rate is None and Ratings().satisfied_rate is None
    assert Ratings(3, 1).rated == 4 and Ratings(3, 1).satisfied_rate == 0.75


def test_figures_group_cells_in_the_order_asked_with_unknown_units_last() -> None:
    one = Tally(received=1)
    cells = (
        Cell(Kind.TO_CAO, Category.DAT_DAI, None, one),
        Cell(Kind.KHIEU_NAI, Category.DAT_DAI, "old_unit", one),
        Cell(Kind.KHIEU_NAI, Category.Y_TE, "kt", one),
    )
    figures = Figures(Period.day(date(2026, 11, 30)), None, cells, Ratings(), (), ())
    assert list(figures.by_unit(["vp", "kt"])) == ["vp", "kt", "old_unit", None]
    assert figures.by_unit(["vp", "kt"])["vp"] == Tally()
    assert list(figures.by_kind()) == list(Kind)
    assert figures.by_category()[Category.DAT_DAI].received == 2
    assert figures.total.received == 3 and not figures.is_empty()
    empty = Figures(figures.period, None, (), Ratings(), (), ())
    assert empty.is_empty()


def test_offset_segments_find_daylight_saving_changes_to_the_microsecond() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    end = datetime(2027, 1, 1, tzinfo=UTC)
    assert offset_segments("Asia/Ho_Chi_Minh", start, end) == [(None, timedelta(hours=7))]
    # Europe/Berlin: CET -> CEST on 29/03/2026 01:00 UTC, back on 25/10/2026 01:00 UTC
    assert offset_segments("Europe/Berlin", start, end) == [
        (datetime(2026, 3, 29, 1, tzinfo=UTC), timedelta(hours=1)),
        (datetime(2026, 10, 25, 1, tzinfo=UTC), timedelta(hours=2)),
        (None, timedelta(hours=1)),
    ]


def test_the_daily_summary_skips_rest_days_and_then_covers_them(config: Config) -> None:
    calendar = build_calendar(config.holidays)

    def covered(today: date, working_days_only: bool = True) -> tuple[date, date] | None:
        period = daily_summary_period(today, calendar, working_days_only)
        return None if period is None else (period.first, period.last)

    assert covered(date(2026, 12, 15)) == (date(2026, 12, 14), date(2026, 12, 14))  # Tue
    assert covered(date(2026, 12, 12)) is None  # Sat
    assert covered(date(2026, 12, 13)) is None  # Sun
    assert covered(date(2026, 12, 14)) == (date(2026, 12, 11), date(2026, 12, 13))  # Mon
    assert covered(date(2027, 1, 1)) is None  # New Year's Day
    assert covered(date(2027, 1, 4)) == (date(2026, 12, 31), date(2027, 1, 3))
    assert covered(date(2026, 12, 12), False) == (date(2026, 12, 11), date(2026, 12, 11))
