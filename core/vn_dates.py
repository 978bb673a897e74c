"""Vietnamese date formatting for messages shown to citizens and officials."""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["VN_WEEKDAYS", "format_vn_date", "format_vn_datetime"]

# Indexed by date.weekday(): Monday=0 ... Sunday=6.
VN_WEEKDAYS: tuple[str, ...] = (
    "thứ Hai",
    "thứ Ba",
    "thứ Tư",
    "thứ Năm",
    "thứ Sáu",
    "thứ Bảy",
    "Chủ nhật",
)


def format_vn_date(day: date) -> str:
    """Format a date the Vietnamese way, e.g. ``"thứ Sáu, 04/12/2026"``.

    A ``datetime`` is accepted too; only its date part is shown.
    """
    return f"{VN_WEEKDAYS[day.weekday()]}, {day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_vn_datetime(dt: datetime) -> str:
    """Format a date and time, e.g. ``"08:30 thứ Sáu, 04/12/2026"`` (24-hour clock).

    The value is shown in its own time zone; convert an aware value to
    ``Asia/Ho_Chi_Minh`` first when it is meant for Vietnamese readers.
    """
    return f"{dt.hour:02d}:{dt.minute:02d} {format_vn_date(dt)}"
