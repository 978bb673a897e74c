"""Tests for core.calendar, with real Vietnamese dates.

Library holidays used below (holidays.country_holidays("VN"), checked by hand):

2026: Thu 01/01; Tết Mon 16/02 - Fri 20/02; Giỗ Tổ Sun 26/04 + observed Mon 27/04;
      Thu 30/04; Fri 01/05; Mon 31/08 (swapped with Sat 22/08, a make-up working day);
      Tue 01/09; Wed 02/09; Tue 24/11 (Ngày Văn hóa Việt Nam).
2027: Fri 01/01; Tết Thu 04/02 - Wed 10/02 (lunar new year Sat 06/02); Giỗ Tổ Fri 16/04;
      Fri 30/04; Sat 01/05 + observed Mon 03/05; Thu 02/09; Fri 03/09; Wed 24/11.
March 2026 has no holiday: Sun 01/03, Mon 02/03, ..., Fri 06/03, Sat 07/03, Sun 08/03.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.calendar import DayUnit, WorkCalendar

D = DayUnit.DAYS
W = DayUnit.WORKING_DAYS


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    """The default Vietnamese calendar, without configured overrides."""
    return WorkCalendar()


# (received, amount, unit, expected) -- each row reasoned by hand in its comment.
DEADLINE_CASES = [
    # Plain weekday, 10 working days (xử lý đơn): Tue 10/03 -> Wed 11 (1), Thu 12, Fri 13,
    # Mon 16, Tue 17, Wed 18, Thu 19, Fri 20, Mon 23, Tue 24 (10).
    pytest.param(date(2026, 3, 10), 10, W, date(2026, 3, 24), id="weekday-10wd"),
    # Friday receipt: Fri 06/03 -> Mon 09 (1) ... Fri 13 (5), Mon 16 (6) ... Fri 20 (10).
    pytest.param(date(2026, 3, 6), 10, W, date(2026, 3, 20), id="friday-10wd"),
    # Saturday receipt: the weekend adds nothing, Mon 09 is again the 1st -> Fri 20.
    pytest.param(date(2026, 3, 7), 10, W, date(2026, 3, 20), id="saturday-10wd"),
    # Friday receipt, 10 calendar days: Fri 06/03 + 10 = Mon 16/03, a working day.
    pytest.param(date(2026, 3, 6), 10, D, date(2026, 3, 16), id="friday-10d"),
    # Saturday receipt, 10 calendar days: Sat 07/03 + 10 = Tue 17/03.
    pytest.param(date(2026, 3, 7), 10, D, date(2026, 3, 17), id="saturday-10d"),
    # khiếu nại thụ lý (10 days) landing on a Sunday: Thu 05/03 + 10 = Sun 15/03 -> Mon 16.
    pytest.param(date(2026, 3, 5), 10, D, date(2026, 3, 16), id="khieu-nai-10d-sunday"),
    # khiếu nại thụ lý landing on a Saturday: Wed 04/03 + 10 = Sat 14/03 -> Mon 16.
    pytest.param(date(2026, 3, 4), 10, D, date(2026, 3, 16), id="khieu-nai-10d-saturday"),
    # khiếu nại thụ lý, plain: Mon 02/03 + 10 = Thu 12/03.
    pytest.param(date(2026, 3, 2), 10, D, date(2026, 3, 12), id="khieu-nai-10d-plain"),
    # tố cáo (7 working days): Mon 02/03 -> Tue 03 (1), Wed 04, Thu 05, Fri 06,
    # Mon 09, Tue 10, Wed 11 (7).
    pytest.param(date(2026, 3, 2), 7, W, date(2026, 3, 11), id="to-cao-7wd"),
    # Tết 2027, working days: Wed 03/02; Thu 04 - Wed 10/02 off -> Thu 11 (1), Fri 12,
    # Mon 15, Tue 16, Wed 17, Thu 18, Fri 19 (7), Mon 22, Tue 23, Wed 24 (10).
    pytest.param(date(2027, 2, 3), 10, W, date(2027, 2, 24), id="tet-2027-10wd"),
    # Tết 2027, calendar days: Fri 29/01 + 10 = Mon 08/02 (Tết), Tue 09, Wed 10 off
    # -> Thu 11/02.
    pytest.param(date(2027, 1, 29), 10, D, date(2027, 2, 11), id="tet-2027-10d"),
    # tố cáo received on Tết day itself (Sat 06/02/2027): Thu 11 (1) ... Fri 19 (7).
    pytest.param(date(2027, 2, 6), 7, W, date(2027, 2, 19), id="tet-2027-to-cao-7wd"),
    # Tết 2026, data-subject request (2 working days): Fri 13/02; Mon 16 - Fri 20 Tết,
    # weekend -> Mon 23 (1), Tue 24 (2).
    pytest.param(date(2026, 2, 13), 2, W, date(2026, 2, 24), id="tet-2026-2wd"),
    # 30/4-1/5 2027, tố cáo forward (5 working days): Thu 29/04; Fri 30/04, Sat 01/05,
    # Sun 02, Mon 03 (observed 1/5) off -> Tue 04 (1), Wed 05, Thu 06, Fri 07, Mon 10 (5).
    pytest.param(date(2027, 4, 29), 5, W, date(2027, 5, 10), id="30-4-2027-5wd"),
    # 30/4-1/5 2027, calendar days landing on the observed day: Fri 23/04 + 10
    # = Mon 03/05 (observed Labour Day) -> Tue 04/05.
    pytest.param(date(2027, 4, 23), 10, D, date(2027, 5, 4), id="1-5-2027-observed-10d"),
    # 30/4-1/5 2026: Wed 29/04; Thu 30, Fri 01/05, weekend -> Mon 04 (1), Tue 05 (2).
    pytest.param(date(2026, 4, 29), 2, W, date(2026, 5, 5), id="30-4-2026-2wd"),
    # 2/9 2026: Fri 28/08; weekend, Mon 31/08 (swap), Tue 01/09, Wed 02/09 off
    # -> Thu 03 (1), Fri 04 (2).
    pytest.param(date(2026, 8, 28), 2, W, date(2026, 9, 4), id="2-9-2026-2wd"),
    # 2/9 2026, calendar days: Fri 21/08 + 10 = Mon 31/08; Tue 01, Wed 02/09 off
    # -> Thu 03/09.
    pytest.param(date(2026, 8, 21), 10, D, date(2026, 9, 3), id="2-9-2026-10d"),
    # Library make-up working day: Fri 21/08/2026 + 1 working day = Sat 22/08/2026,
    # worked in exchange for Mon 31/08.
    pytest.param(date(2026, 8, 21), 1, W, date(2026, 8, 22), id="makeup-sat-22-8-2026"),
    # 2/9 2027, tố cáo (7 working days): Wed 01/09; Thu 02, Fri 03 off, weekend
    # -> Mon 06 (1), Tue 07, Wed 08, Thu 09, Fri 10, Mon 13, Tue 14 (7).
    pytest.param(date(2027, 9, 1), 7, W, date(2027, 9, 14), id="2-9-2027-to-cao-7wd"),
    # 2/9 2027, calendar days: Mon 23/08 + 10 = Thu 02/09; Fri 03 off, weekend
    # -> Mon 06/09.
    pytest.param(date(2027, 8, 23), 10, D, date(2027, 9, 6), id="2-9-2027-10d"),
    # Giỗ Tổ 2027 (Fri 16/04), calendar days: Tue 06/04 + 10 = Fri 16/04 -> Mon 19/04.
    pytest.param(date(2027, 4, 6), 10, D, date(2027, 4, 19), id="gio-to-2027-10d"),
    # Giỗ Tổ 2027 then 30/4-1/5: Thu 15/04; Fri 16 off -> Mon 19 (1), Tue 20, Wed 21,
    # Thu 22, Fri 23 (5), Mon 26, Tue 27, Wed 28, Thu 29 (9); Fri 30/04 - Mon 03/05 off
    # -> Tue 04/05 (10).
    pytest.param(date(2027, 4, 15), 10, W, date(2027, 5, 4), id="gio-to-2027-10wd"),
    # Giỗ Tổ 2026 on a Sunday: Thu 16/04 + 10 = Sun 26/04 (Giỗ Tổ); Mon 27 (observed)
    # -> Tue 28/04.
    pytest.param(date(2026, 4, 16), 10, D, date(2026, 4, 28), id="gio-to-2026-10d"),
    # Giỗ Tổ 2026 then 30/4-1/5, 3 working days (Đà Nẵng portal): Fri 24/04; weekend,
    # Mon 27 off -> Tue 28 (1), Wed 29 (2); Thu 30, Fri 01/05, weekend -> Mon 04/05 (3).
    pytest.param(date(2026, 4, 24), 3, W, date(2026, 5, 4), id="gio-to-2026-3wd"),
    # New Year across the year boundary: Thu 31/12/2026; Fri 01/01/2027 off, weekend
    # -> Mon 04/01/2027.
    pytest.param(date(2026, 12, 31), 1, W, date(2027, 1, 4), id="new-year-2027-1wd"),
    # Ngày Văn hóa Việt Nam: Mon 23/11/2026; Tue 24/11 off -> Wed 25/11.
    pytest.param(date(2026, 11, 23), 1, W, date(2026, 11, 25), id="van-hoa-2026-1wd"),
    # amount 0 = no grace period: a working receipt day is its own deadline ...
    pytest.param(date(2026, 3, 10), 0, W, date(2026, 3, 10), id="zero-wd-working"),
    pytest.param(date(2026, 3, 10), 0, D, date(2026, 3, 10), id="zero-d-working"),
    # ... and a rest receipt day moves to the next working day (Sat 07/03 -> Mon 09/03;
    # Fri 05/02/2027 in Tết -> Thu 11/02/2027).
    pytest.param(date(2026, 3, 7), 0, W, date(2026, 3, 9), id="zero-wd-saturday"),
    pytest.param(date(2026, 3, 7), 0, D, date(2026, 3, 9), id="zero-d-saturday"),
    pytest.param(date(2027, 2, 5), 0, W, date(2027, 2, 11), id="zero-wd-tet"),
]


@pytest.mark.parametrize(("received", "amount", "unit", "expected"), DEADLINE_CASES)
def test_deadline(
    cal: WorkCalendar, received: date, amount: int, unit: DayUnit, expected: date
) -> None:
    assert cal.deadline(received, amount, unit) == expected


@pytest.mark.parametrize(("received", "amount", "unit", "expected"), DEADLINE_CASES)
def test_deadline_is_a_working_day(
    cal: WorkCalendar, received: date, amount: int, unit: DayUnit, expected: date
) -> None:
    assert cal.is_working_day(cal.deadline(received, amount, unit))


# Configured overrides: (extra_days_off, extra_working_days, received, amount, unit,
# expected). The overrides are hypothetical announcements on real weekdays.
SAT_14_03 = date(2026, 3, 14)
MON_16_03 = date(2026, 3, 16)
OVERRIDE_CASES = [
    # Extra day off Fri 20/03/2026: Friday receipt 06/03, 10 working days was Fri 20/03
    # (see friday-10wd); the 10th working day is now Mon 23/03.
    pytest.param(
        [date(2026, 3, 20)], [], date(2026, 3, 6), 10, W, date(2026, 3, 23), id="day-off-10wd"
    ),
    # Make-up Saturday 14/03/2026: Tue 10/03 -> Wed 11 (1), Thu 12, Fri 13, Sat 14 (4),
    # Mon 16 (5) ... Fri 20 (9), Mon 23 (10); without it the result is Tue 24.
    pytest.param([], [SAT_14_03], date(2026, 3, 10), 10, W, date(2026, 3, 23), id="makeup-10wd"),
    # Make-up Saturday 14/03/2026, calendar days: Wed 04/03 + 10 = Sat 14/03, now a
    # working day, so it no longer moves to Mon 16.
    pytest.param([], [SAT_14_03], date(2026, 3, 4), 10, D, date(2026, 3, 14), id="makeup-10d"),
    # Swap (work Sat 14/03, rest Mon 16/03): Tue 10/03 -> 11, 12, 13, Sat 14 (4),
    # Mon 16 off, Tue 17 (5) ... Fri 20 (8), Mon 23, Tue 24 (10): unchanged overall.
    pytest.param(
        [MON_16_03], [SAT_14_03], date(2026, 3, 10), 10, W, date(2026, 3, 24), id="swap-10wd"
    ),
    # Same swap, khiếu nại 10 days: Thu 05/03 + 10 = Sun 15/03; Mon 16 is now off
    # -> Tue 17/03 (was Mon 16).
    pytest.param(
        [MON_16_03], [SAT_14_03], date(2026, 3, 5), 10, D, date(2026, 3, 17), id="swap-10d"
    ),
    # A configured working day beats a library holiday: Tue 24/11/2026 declared worked,
    # so Mon 23/11 + 1 working day = Tue 24/11 (was Wed 25/11).
    pytest.param(
        [],
        [date(2026, 11, 24)],
        date(2026, 11, 23),
        1,
        W,
        date(2026, 11, 24),
        id="working-day-beats-holiday",
    ),
]


@pytest.mark.parametrize(
    ("days_off", "working_days", "received", "amount", "unit", "expected"), OVERRIDE_CASES
)
def test_deadline_with_overrides(
    days_off: list[date],
    working_days: list[date],
    received: date,
    amount: int,
    unit: DayUnit,
    expected: date,
) -> None:
    cal = WorkCalendar(extra_days_off=days_off, extra_working_days=working_days)
    assert cal.deadline(received, amount, unit) == expected


WORKING_DAYS_BETWEEN_CASES = [
    # (start, end] = Wed 11 ... Tue 24/03/2026: the 10 days of weekday-10wd.
    pytest.param(date(2026, 3, 10), date(2026, 3, 24), 10, id="ten-weekdays"),
    # Fri 06/03 -> Mon 09/03: only Monday counts.
    pytest.param(date(2026, 3, 6), date(2026, 3, 9), 1, id="over-weekend"),
    # Sat 07 -> Sun 08/03: no working day.
    pytest.param(date(2026, 3, 7), date(2026, 3, 8), 0, id="weekend-only"),
    # Empty interval.
    pytest.param(date(2026, 3, 10), date(2026, 3, 10), 0, id="same-day"),
    # The Tết 2027 stretch (tet-2027-10wd).
    pytest.param(date(2027, 2, 3), date(2027, 2, 24), 10, id="tet-2027"),
    # Wed 03/02 -> Wed 10/02/2027: all Tết or weekend.
    pytest.param(date(2027, 2, 3), date(2027, 2, 10), 0, id="inside-tet-2027"),
    # Fri 28/08 -> Fri 04/09/2026: only Thu 03 and Fri 04.
    pytest.param(date(2026, 8, 28), date(2026, 9, 4), 2, id="2-9-2026"),
    # Fri 21/08 -> Mon 24/08/2026: Sat 22 (library make-up day) and Mon 24.
    pytest.param(date(2026, 8, 21), date(2026, 8, 24), 2, id="library-makeup-saturday"),
    # Reversed interval gives the negated count.
    pytest.param(date(2026, 3, 24), date(2026, 3, 10), -10, id="reversed"),
    # Whole of 2026: 365 days - 104 weekend days (52 Sat + 52 Sun) - 13 weekday holidays
    # (01/01, 16-20/02, 27/04, 30/04, 01/05, 31/08, 01/09, 02/09, 24/11 = 13) + 1 make-up
    # Saturday (22/08) = 365 - 104 - 13 + 1 = 249.
    pytest.param(date(2025, 12, 31), date(2026, 12, 31), 249, id="year-2026"),
]


@pytest.mark.parametrize(("start", "end", "expected"), WORKING_DAYS_BETWEEN_CASES)
def test_working_days_between(cal: WorkCalendar, start: date, end: date, expected: int) -> None:
    assert cal.working_days_between(start, end) == expected


ADD_WORKING_DAYS_CASES = [
    # Reminder "2 working days before" Tue 24/03/2026: Mon 23 (-1), Fri 20 (-2).
    pytest.param(date(2026, 3, 24), -2, date(2026, 3, 20), id="minus-2-over-weekend"),
    # Mon 09/03/2026 - 1 = Fri 06/03.
    pytest.param(date(2026, 3, 9), -1, date(2026, 3, 6), id="monday-minus-1"),
    # From a rest day: Sun 08/03/2026 - 1 = Fri 06/03.
    pytest.param(date(2026, 3, 8), -1, date(2026, 3, 6), id="sunday-minus-1"),
    # Back over Tết 2027: Thu 11/02 - 1 = Wed 03/02 (04 - 10/02 off).
    pytest.param(date(2027, 2, 11), -1, date(2027, 2, 3), id="back-over-tet-2027"),
    # Back over 30/4-1/5 2026: Mon 04/05 - 1 = Wed 29/04.
    pytest.param(date(2026, 5, 4), -1, date(2026, 4, 29), id="back-over-30-4-2026"),
    # Back over 2/9 2026: Thu 03/09 - 3 = Wed 02, Tue 01, Mon 31/08 off, weekend,
    # Fri 28 (-1), Thu 27 (-2), Wed 26/08 (-3).
    pytest.param(date(2026, 9, 3), -3, date(2026, 8, 26), id="back-over-2-9-2026"),
    # Back over the year boundary: Mon 04/01/2027 - 1 = Thu 31/12/2026.
    pytest.param(date(2027, 1, 4), -1, date(2026, 12, 31), id="back-over-new-year"),
    # Forward: Fri 06/03/2026 + 1 = Mon 09/03.
    pytest.param(date(2026, 3, 6), 1, date(2026, 3, 9), id="plus-1"),
    # Zero: the day itself when working, else the next working day.
    pytest.param(date(2026, 3, 10), 0, date(2026, 3, 10), id="zero-working"),
    pytest.param(date(2026, 3, 8), 0, date(2026, 3, 9), id="zero-sunday"),
]


@pytest.mark.parametrize(("day", "amount", "expected"), ADD_WORKING_DAYS_CASES)
def test_add_working_days(cal: WorkCalendar, day: date, amount: int, expected: date) -> None:
    assert cal.add_working_days(day, amount) == expected


@pytest.mark.parametrize("amount", [1, 2, 7, 10, 30, 250])
@pytest.mark.parametrize("start", [date(2026, 3, 10), date(2027, 2, 5), date(2026, 8, 29)])
def test_add_and_count_round_trip(cal: WorkCalendar, start: date, amount: int) -> None:
    end = cal.add_working_days(start, amount)
    assert cal.working_days_between(start, end) == amount
    assert cal.add_working_days(end, -amount) <= start


IS_WORKING_DAY_CASES = [
    pytest.param(date(2026, 3, 10), True, id="tuesday"),
    pytest.param(date(2026, 3, 7), False, id="saturday"),
    pytest.param(date(2026, 3, 8), False, id="sunday"),
    pytest.param(date(2026, 2, 17), False, id="tet-2026"),
    pytest.param(date(2027, 2, 4), False, id="29-tet-2027"),
    pytest.param(date(2027, 2, 10), False, id="mung-5-tet-2027"),
    pytest.param(date(2027, 2, 11), True, id="after-tet-2027"),
    pytest.param(date(2026, 4, 27), False, id="gio-to-2026-observed"),
    pytest.param(date(2027, 5, 3), False, id="1-5-2027-observed"),
    pytest.param(date(2026, 8, 22), True, id="library-makeup-saturday"),
    pytest.param(date(2026, 8, 31), False, id="library-swapped-monday"),
    pytest.param(date(2027, 9, 3), False, id="2-9-2027-second-day"),
]


@pytest.mark.parametrize(("day", "expected"), IS_WORKING_DAY_CASES)
def test_is_working_day(cal: WorkCalendar, day: date, expected: bool) -> None:
    assert cal.is_working_day(day) is expected


HOLIDAY_NAME_CASES = [
    pytest.param(date(2027, 2, 6), "Tết Nguyên Đán", id="tet-2027"),
    pytest.param(date(2026, 4, 26), "Ngày Giỗ Tổ Hùng Vương", id="gio-to-2026"),
    pytest.param(date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)", id="gio-to-observed"),
    pytest.param(date(2026, 9, 2), "Quốc khánh", id="quoc-khanh-2026"),
    pytest.param(date(2026, 3, 7), None, id="plain-saturday"),
    pytest.param(date(2026, 3, 10), None, id="plain-tuesday"),
    pytest.param(date(2026, 8, 22), None, id="makeup-saturday"),
]


@pytest.mark.parametrize(("day", "expected"), HOLIDAY_NAME_CASES)
def test_holiday_name(cal: WorkCalendar, day: date, expected: str | None) -> None:
    assert cal.holiday_name(day) == expected


def test_holiday_name_overrides() -> None:
    cal = WorkCalendar(extra_days_off=[date(2026, 3, 20)], extra_working_days=[date(2026, 11, 24)])
    assert cal.holiday_name(date(2026, 3, 20)) == "Ngày nghỉ theo thông báo"
    assert cal.holiday_name(date(2026, 11, 24)) is None  # worked despite the library
    assert not cal.is_working_day(date(2026, 3, 20))
    assert cal.is_working_day(date(2026, 11, 24))


def test_named_extra_days_off() -> None:
    cal = WorkCalendar(extra_days_off={date(2026, 3, 20): "Nghỉ bù Tết Dương lịch"})
    assert cal.holiday_name(date(2026, 3, 20)) == "Nghỉ bù Tết Dương lịch"
    assert not cal.is_working_day(date(2026, 3, 20))


def test_holiday_name_language() -> None:
    cal = WorkCalendar(language="en_US")
    assert cal.holiday_name(date(2027, 2, 6)) == "Lunar New Year"


def test_next_working_day(cal: WorkCalendar) -> None:
    assert cal.next_working_day(date(2026, 3, 10)) == date(2026, 3, 10)
    assert cal.next_working_day(date(2026, 3, 7)) == date(2026, 3, 9)
    # Thu 04/02/2027 (29 Tết) -> Thu 11/02/2027.
    assert cal.next_working_day(date(2027, 2, 4)) == date(2027, 2, 11)


def test_custom_weekend() -> None:
    # Sunday-only weekend: Sat 07/03/2026 becomes a working day.
    cal = WorkCalendar(weekend=[6])
    assert cal.is_working_day(date(2026, 3, 7))
    assert cal.deadline(date(2026, 3, 6), 1, W) == date(2026, 3, 7)


def test_datetime_and_string_unit_accepted(cal: WorkCalendar) -> None:
    received = datetime(2026, 3, 10, 23, 59)
    assert cal.deadline(received, 10, W) == date(2026, 3, 24)
    assert cal.deadline(date(2026, 3, 5), 10, DayUnit("days")) == date(2026, 3, 16)
    assert not cal.is_working_day(datetime(2027, 2, 8, 9, 0))


def test_negative_amount_rejected(cal: WorkCalendar) -> None:
    for unit in DayUnit:
        with pytest.raises(ValueError, match="must be >= 0, got -1"):
            cal.deadline(date(2026, 3, 10), -1, unit)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"weekend": [7]}, "weekend day numbers", id="weekday-out-of-range"),
        pytest.param({"weekend": range(7)}, "all seven", id="no-working-weekday"),
        pytest.param(
            {"extra_days_off": [date(2026, 3, 14)], "extra_working_days": [date(2026, 3, 14)]},
            "2026-03-14",
            id="day-off-and-working",
        ),
    ],
)
def test_invalid_configuration(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WorkCalendar(**kwargs)  # type: ignore[arg-type]
