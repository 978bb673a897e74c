"""Tests for core.vn_dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from core.vn_dates import format_vn_date, format_vn_datetime

# Mon 30/11/2026 ... Sun 06/12/2026: one row per weekday.
WEEKDAY_CASES = [
    pytest.param(date(2026, 11, 30), "thứ Hai, 30/11/2026", id="monday"),
    pytest.param(date(2026, 12, 1), "thứ Ba, 01/12/2026", id="tuesday"),
    pytest.param(date(2026, 12, 2), "thứ Tư, 02/12/2026", id="wednesday"),
    pytest.param(date(2026, 12, 3), "thứ Năm, 03/12/2026", id="thursday"),
    pytest.param(date(2026, 12, 4), "thứ Sáu, 04/12/2026", id="friday"),
    pytest.param(date(2026, 12, 5), "thứ Bảy, 05/12/2026", id="saturday"),
    pytest.param(date(2026, 12, 6), "Chủ nhật, 06/12/2026", id="sunday"),
    # Lunar new year 2027 falls on a Saturday; day and month are zero-padded.
    pytest.param(date(2027, 2, 6), "thứ Bảy, 06/02/2027", id="tet-2027"),
]


@pytest.mark.parametrize(("day", "expected"), WEEKDAY_CASES)
def test_format_vn_date(day: date, expected: str) -> None:
    assert format_vn_date(day) == expected


DATETIME_CASES = [
    pytest.param(datetime(2026, 12, 3, 8, 30), "08:30 thứ Năm, 03/12/2026", id="morning"),
    pytest.param(datetime(2026, 12, 4, 17, 5, 59), "17:05 thứ Sáu, 04/12/2026", id="seconds"),
    pytest.param(datetime(2026, 12, 6, 0, 0), "00:00 Chủ nhật, 06/12/2026", id="midnight"),
    # An aware value is shown in its own zone (UTC+7 here), not converted.
    pytest.param(
        datetime(2026, 9, 2, 7, 0, tzinfo=timezone(timedelta(hours=7))),
        "07:00 thứ Tư, 02/09/2026",
        id="aware",
    ),
]


@pytest.mark.parametrize(("dt", "expected"), DATETIME_CASES)
def test_format_vn_datetime(dt: datetime, expected: str) -> None:
    assert format_vn_datetime(dt) == expected


def test_format_vn_date_accepts_datetime() -> None:
    assert format_vn_date(datetime(2026, 12, 3, 8, 30)) == "thứ Năm, 03/12/2026"
