"""Tests for core.deadlines: the shipped rule table applied on real Vietnamese dates.

Library holidays used below (holidays.country_holidays("VN"), checked by hand):
2026: Giỗ Tổ Sun 26/04 + observed Mon 27/04; Thu 30/04; Fri 01/05; Sat 22/08 is a make-up
      working day for Mon 31/08 (off); Tue 01/09; Wed 02/09; Tue 24/11 (Ngày Văn hóa VN).
2027: Tết Thu 04/02 - Wed 10/02.
A period starts the day after the event; calendar-day deadlines on a rest day move to the
next working day; working days skip weekends and holidays.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.calendar import DayUnit, WorkCalendar
from core.config import Config, DatedNote, HolidayOverrides
from core.deadlines import Deadline, apply_rule, build_calendar, due_on_receipt
from core.labels import Kind


@pytest.fixture(scope="module")
def calendar(config: Config) -> WorkCalendar:
    return build_calendar(config.holidays)


# rule id in config.yaml -> (limit, unit, start of the clock, expected due date)
RULE_CASES = {
    # 10 wd from Fri 27/11/2026: Mon 30 (1), Tue 01/12 ... Fri 04 (5), Mon 07 ... Fri 11 (10).
    "xu_ly_don": (10, DayUnit.WORKING_DAYS, date(2026, 11, 27), date(2026, 12, 11)),
    # 10 wd from Fri 20/11/2026: Mon 23 (1), Tue 24 off, Wed 25 (2), Thu 26, Fri 27 (4),
    # Mon 30 (5), Tue 01/12, Wed 02, Thu 03, Fri 04 (9), Mon 07/12 (10).
    "tiep_dan_ket_qua": (10, DayUnit.WORKING_DAYS, date(2026, 11, 20), date(2026, 12, 7)),
    # 10 days from Sat 14/11/2026 = Tue 24/11 (Ngày Văn hóa, off) -> Wed 25/11.
    "khieu_nai_thu_ly": (10, DayUnit.DAYS, date(2026, 11, 14), date(2026, 11, 25)),
    # 30 days from Tue 05/01/2027 = Thu 04/02 (Tết, off to Wed 10/02) -> Thu 11/02.
    "khieu_nai_lan_dau": (30, DayUnit.DAYS, date(2027, 1, 5), date(2027, 2, 11)),
    # 45 days from Fri 17/07/2026: 31/07 (14) + 31 = Mon 31/08 (45, off), Tue 01/09 off,
    # Wed 02/09 off -> Thu 03/09.
    "khieu_nai_lan_hai": (45, DayUnit.DAYS, date(2026, 7, 17), date(2026, 9, 3)),
    # 7 wd from Wed 03/02/2027: Tết Thu 04 - Wed 10 off; Thu 11 (1), Fri 12 (2), Mon 15 (3),
    # Tue 16, Wed 17, Thu 18 (6), Fri 19/02 (7).
    "to_cao_thu_ly": (7, DayUnit.WORKING_DAYS, date(2027, 2, 3), date(2027, 2, 19)),
    # 5 wd from Thu 27/08/2026: Fri 28 (1), weekend, Mon 31/08, Tue 01/09, Wed 02/09 off,
    # Thu 03 (2), Fri 04 (3), Mon 07 (4), Tue 08/09 (5).
    "to_cao_chuyen": (5, DayUnit.WORKING_DAYS, date(2026, 8, 27), date(2026, 9, 8)),
    # 30 days from Fri 27/03/2026 = Sun 26/04 (Giỗ Tổ), Mon 27/04 observed -> Tue 28/04.
    "to_cao_giai_quyet": (30, DayUnit.DAYS, date(2026, 3, 27), date(2026, 4, 28)),
    # 10 wd from Mon 20/04/2026: Tue 21 (1) ... Fri 24 (4), Mon 27 off, Tue 28 (5), Wed 29 (6),
    # Thu 30/04 + Fri 01/05 off, Mon 04 (7), Tue 05, Wed 06 (9), Thu 07/05 (10).
    "phan_anh_tra_loi": (10, DayUnit.WORKING_DAYS, date(2026, 4, 20), date(2026, 5, 7)),
    # 2 wd from Fri 21/08/2026: Sat 22/08 is a make-up working day (1), Sun 23, Mon 24/08 (2).
    "du_lieu_ca_nhan": (2, DayUnit.WORKING_DAYS, date(2026, 8, 21), date(2026, 8, 24)),
}


def test_every_shipped_rule_has_a_case(config: Config) -> None:
    assert set(RULE_CASES) == set(config.deadlines.rules)


@pytest.mark.parametrize(("rule_id", "case"), list(RULE_CASES.items()))
def test_apply_each_shipped_rule(
    config: Config,
    calendar: WorkCalendar,
    rule_id: str,
    case: tuple[int, DayUnit, date, date],
) -> None:
    limit, unit, start, expected = case
    rule = config.deadlines.rules[rule_id]
    assert (rule.limit, rule.unit) == (limit, unit)  # the table above matches config.yaml
    deadline = apply_rule(calendar, rule_id, rule, start)
    assert deadline == Deadline(rule_id, rule, expected)
    assert calendar.is_working_day(deadline.due)


# received -> kind -> (rule the config's on_receipt picks, due date)
RECEIPT_CASES = [
    # Wed 03/02/2027, the day before the Tết break (Thu 04 - Wed 10/02 off):
    # 10 wd: Thu 11 (1), Fri 12, Mon 15 ... Fri 19 (7), Mon 22, Tue 23, Wed 24/02 (10).
    (date(2027, 2, 3), Kind.KIEN_NGHI_PHAN_ANH, "phan_anh_tra_loi", date(2027, 2, 24)),
    # 10 days: Sat 13/02 -> Mon 15/02.
    (date(2027, 2, 3), Kind.KHIEU_NAI, "khieu_nai_thu_ly", date(2027, 2, 15)),
    # 7 wd: Thu 11 (1), Fri 12, Mon 15, Tue 16, Wed 17, Thu 18, Fri 19/02 (7).
    (date(2027, 2, 3), Kind.TO_CAO, "to_cao_thu_ly", date(2027, 2, 19)),
    # 10 wd, as for kien_nghi_phan_anh -> Wed 24/02.
    (date(2027, 2, 3), Kind.HOI_DAP, "xu_ly_don", date(2027, 2, 24)),
    # Fri 27/11/2026 (after Tue 24/11, which is off):
    # 10 wd: Mon 30/11 (1), Tue 01 ... Fri 04/12 (5), Mon 07 ... Fri 11/12 (10).
    (date(2026, 11, 27), Kind.KIEN_NGHI_PHAN_ANH, "phan_anh_tra_loi", date(2026, 12, 11)),
    # 10 days: 27/11 + 10 = Mon 07/12, a working day.
    (date(2026, 11, 27), Kind.KHIEU_NAI, "khieu_nai_thu_ly", date(2026, 12, 7)),
    # 7 wd: Mon 30 (1), Tue 01, Wed 02, Thu 03, Fri 04 (5), Mon 07, Tue 08/12 (7).
    (date(2026, 11, 27), Kind.TO_CAO, "to_cao_thu_ly", date(2026, 12, 8)),
    # 10 wd -> Fri 11/12.
    (date(2026, 11, 27), Kind.HOI_DAP, "xu_ly_don", date(2026, 12, 11)),
]


def test_receipt_cases_cover_every_kind() -> None:
    for received in {case[0] for case in RECEIPT_CASES}:
        assert {case[1] for case in RECEIPT_CASES if case[0] == received} == set(Kind)


@pytest.mark.parametrize(("received", "kind", "rule_id", "expected"), RECEIPT_CASES)
def test_due_on_receipt(
    config: Config,
    calendar: WorkCalendar,
    received: date,
    kind: Kind,
    rule_id: str,
    expected: date,
) -> None:
    assert config.deadlines.on_receipt[kind] == rule_id
    deadline = due_on_receipt(config.deadlines, calendar, kind, received)
    assert deadline.rule_id == rule_id
    assert deadline.rule is config.deadlines.rules[rule_id]
    assert deadline.due == expected


def test_apply_rule_with_zero_limit(config: Config, calendar: WorkCalendar) -> None:
    rule = config.deadlines.rules["xu_ly_don"].model_copy(update={"limit": 0})
    # Received on Sat 06/02/2027 (Tết): no grace period -> the next working day, Thu 11/02.
    assert apply_rule(calendar, "now", rule, date(2027, 2, 6)).due == date(2027, 2, 11)


ANNOUNCED_OFF = DatedNote(date=date(2027, 2, 11), name="Nghỉ bù Tết (hoán đổi)")
MAKE_UP_SATURDAY = DatedNote(date=date(2027, 2, 20), name="Làm bù cho ngày 11/02/2027")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # Library only: Thu 11 (1) ... Fri 19/02 (7).
        pytest.param(HolidayOverrides(), date(2027, 2, 19), id="library-only"),
        # Thu 11/02 off as well: Fri 12 (1), Mon 15 ... Fri 19 (6), Mon 22/02 (7).
        pytest.param(
            HolidayOverrides(extra_days_off=(ANNOUNCED_OFF,)), date(2027, 2, 22), id="day-off"
        ),
        # The swap: Thu 11 off, Sat 20 worked: Fri 12 (1) ... Fri 19 (6), Sat 20/02 (7).
        pytest.param(
            HolidayOverrides(
                extra_days_off=(ANNOUNCED_OFF,), extra_working_days=(MAKE_UP_SATURDAY,)
            ),
            date(2027, 2, 20),
            id="swap",
        ),
        # A make-up Saturday alone comes after the 7th working day: still Fri 19/02.
        pytest.param(
            HolidayOverrides(extra_working_days=(MAKE_UP_SATURDAY,)),
            date(2027, 2, 19),
            id="make-up-only",
        ),
    ],
)
def test_build_calendar_applies_overrides(
    config: Config, overrides: HolidayOverrides, expected: date
) -> None:
    calendar = build_calendar(overrides)
    deadline = due_on_receipt(config.deadlines, calendar, Kind.TO_CAO, date(2027, 2, 3))
    assert deadline.due == expected


def test_build_calendar_from_a_config_file(config: Config) -> None:
    """The overrides as written in config.yaml (its commented example) reach the calendar."""
    overrides = HolidayOverrides.model_validate(
        {
            "extra_days_off": [{"date": "2027-02-11", "name": "Nghỉ bù Tết (hoán đổi)"}],
            "extra_working_days": [{"date": "2027-02-20", "name": "Làm bù"}],
        }
    )
    calendar = build_calendar(overrides)
    assert not calendar.is_working_day(date(2027, 2, 11))
    assert calendar.is_working_day(date(2027, 2, 20))
    assert calendar.holiday_name(date(2027, 2, 11)) == "Nghỉ bù Tết (hoán đổi)"
    # khiếu nại thụ lý, 10 days from Mon 01/02/2027 = Thu 11/02: announced off -> Fri 12/02.
    deadline = due_on_receipt(config.deadlines, calendar, Kind.KHIEU_NAI, date(2027, 2, 1))
    assert deadline.due == date(2027, 2, 12)
    # Without the override, Thu 11/02 is the first working day after Tết: due that day.
    default = build_calendar(config.holidays)
    deadline = due_on_receipt(config.deadlines, default, Kind.KHIEU_NAI, date(2027, 2, 1))
    assert deadline.due == date(2027, 2, 11)
