"""The leaders' figures, text, chart and report from a hand-made database (tests/reports/
seed.py), on SQLite and PostgreSQL: every count is checked against a count made by hand."""

from __future__ import annotations

import warnings
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from bot.app import App
from bot.reports.markdown import render_markdown
from bot.reports.tables import document
from bot.reports.xlsx import write_xlsx
from core.config import ChartKind, Summary
from core.summary import Figures, Period, ReceptionTally, Report
from handlers import leader, texts
from storage import models as m
from storage.stats import SqlStats
from tests.reports import seed as s

PNG = b"\x89PNG\r\n\x1a\n"
ZONE = "Asia/Ho_Chi_Minh"


async def figures_of(app: App, period: Period, unit: str | None = None) -> Figures:
    async with app.store.transaction() as repo:
        return await SqlStats.of(repo, ZONE).figures(period, unit)


async def test_daily_figures_match_the_hand_count(app: App) -> None:
    await s.seed(app)
    figures = await figures_of(app, Period.day(s.D))
    total = figures.total
    assert total.received == s.RECEIVED_ON_D
    received = {k.value: t.received for k, t in figures.by_kind().items() if t.received}
    assert received == s.RECEIVED_ON_D_BY_KIND
    assert (total.answered, total.answered_on_time) == (s.ANSWERED_ON_D, s.ANSWERED_ON_D_ON_TIME)
    assert (total.filed, total.filed_on_time) == (s.FILED_ON_D, s.FILED_ON_D)
    assert (total.open_at_end, total.overdue_at_end) == (s.OPEN_AT_END_OF_D, s.OVERDUE_AT_END_OF_D)
    by_unit = figures.by_unit()
    assert {u: t.overdue_at_end for u, t in by_unit.items() if t.overdue_at_end} == (
        s.OVERDUE_BY_UNIT
    )
    assert {u: by_unit[u].open_at_end if u in by_unit else 0 for u in s.OPEN_BY_UNIT} == (
        s.OPEN_BY_UNIT
    )
    assert [i.code for i in figures.urgent_received] == s.URGENT_RECEIVED_ON_D
    assert [i.code for i in figures.urgent_open] == s.URGENT_OPEN_AT_END
    assert (figures.ratings.satisfied, figures.ratings.unsatisfied) == s.RATINGS_ON_D
    assert total.answer_rate == pytest.approx(2 / (3 + 6))

    # PostgreSQL plans these queries for their values, never with a generic plan
    async with app.store.transaction() as repo:
        await SqlStats.of(repo, ZONE).figures(Period.day(s.D))
        if repo.session.get_bind().dialect.name == "postgresql":
            mode = await repo.session.scalar(text("SHOW plan_cache_mode"))
            assert mode == "force_custom_plan"

    # the day before: P8 (23:50 on 29/11) is received then, P14 answered then
    before = (await figures_of(app, Period.day(date(2026, 11, 29)))).total
    assert (before.received, before.answered) == (1, 1)
    # a unit head's scope: Phòng Kinh tế only (received P1; answered P1 P2 P8; P4 P13 P17)
    kt = (await figures_of(app, Period.day(s.D), "kt")).total
    assert (kt.received, kt.answered, kt.overdue_at_end) == (1, 3, 3)


async def test_daily_text_chart_and_an_empty_day(app: App, tmp_path: Path) -> None:
    await s.seed(app)
    services = app.services
    async with app.store.transaction() as repo:
        text = await leader.daily_summary_text(repo, services, s.D)
        units = await leader.chart_data(repo, services, s.D)
        empty = await leader.daily_summary_text(repo, services, date(2026, 6, 1))
        blank = await leader.chart_data(repo, services, date(2026, 6, 1))
    # drawn after the transaction, as the scheduler and `danvan summary` do
    chart = await leader.draw_chart(services, units, tmp_path / "units.png")
    nothing = await leader.draw_chart(services, blank, tmp_path / "no.png")
    lines = text.splitlines()
    assert lines[:2] == ["TỔNG HỢP NGÀY thứ Hai, 30/11/2026", "Phường Bến Thành"]
    for line in (
        "ĐƠN MỚI: 4",
        "• Kiến nghị, phản ánh: 3",
        "• Câu hỏi cần giải đáp: 1",
        "ĐÃ TRẢ LỜI: 3 (đúng hạn 2, trễ hạn 1)",
        "Lưu đơn: 1",
        "QUÁ HẠN đến hết 30/11/2026: 6",
        "Nhận mới: 1",
        "• PA-2026-000005 · An ninh trật tự, phòng cháy · Công an phường · Đang giải quyết",
        "HÀI LÒNG: 1/2 lượt đánh giá (50%); chưa hài lòng: 1",
        "TỶ LỆ ĐÚNG HẠN: 22% (2 đúng hạn / 3 đã trả lời + 6 quá hạn)",
    ):
        assert line in lines, line
    # units worst first, by their Vietnamese names
    overdue = lines.index("QUÁ HẠN đến hết 30/11/2026: 6")
    assert lines[overdue + 1 : overdue + 4] == [
        "• Phòng Kinh tế - Hạ tầng - Đô thị: 3",
        "• Văn phòng HĐND và UBND phường: 2",
        "• Chủ tịch UBND phường (bộ phận xử lý tố cáo): 1",
    ]
    assert "nội dung" not in text and max(len(line) for line in lines) < 90
    assert chart == tmp_path / "units.png"
    assert chart.read_bytes().startswith(PNG) and chart.stat().st_size > 10_000
    # an empty day (nothing received, settled, overdue or rated) says so in one line
    assert empty == (
        "TỔNG HỢP NGÀY thứ Hai, 01/06/2026 (Phường Bến Thành): không có đơn mới, "
        "không có đơn được giải quyết, không có đơn quá hạn."
    )
    assert nothing is None and not (tmp_path / "no.png").exists()


async def test_trend_chart_days_are_local_days(app: App, tmp_path: Path) -> None:
    await s.seed(app)
    async with app.store.transaction() as repo:
        days = await SqlStats.of(repo, ZONE).trend(Period(date(2026, 11, 28), date(2026, 12, 1)))
    # 28/11: P14; 29/11: P8 (23:50) received, P14 answered; 30/11: P1 P5 P7 P10 received,
    # P1 P2 P8 (00:05) answered; 01/12: P6 (00:30) received, P13 answered
    assert [(d.day.day, d.received, d.answered) for d in days] == [
        (28, 1, 0),
        (29, 1, 1),
        (30, 4, 3),
        (1, 1, 1),
    ]


async def test_trend_is_the_chart_when_configured(app: App, tmp_path: Path) -> None:
    await s.seed(app)
    config = app.services.config
    trend = config.model_copy(update={"summary": Summary(chart=ChartKind.TREND)})
    services = replace(app.services, config=trend)
    async with app.store.transaction() as repo:
        trend_data = await leader.chart_data(repo, services, s.D)
        blank = await leader.chart_data(repo, services, date(2025, 6, 1))
    chart = await leader.draw_chart(services, trend_data, tmp_path / "trend.png")
    nothing = await leader.draw_chart(services, blank, tmp_path / "no.png")
    assert chart is not None and chart.read_bytes().startswith(PNG)
    assert nothing is None  # 30 days without a petition


async def test_local_days_follow_daylight_saving_time(app: App) -> None:
    """SQLite has no time zones: the offset changes inside a period must still be right."""
    berlin = [  # 29/03/2026: CET (UTC+1) until 01:00 UTC, then CEST (UTC+2)
        datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # 00:30 on 29/03 (CET)
        datetime(2026, 3, 29, 21, 30, tzinfo=UTC),  # 23:30 on 29/03 (CEST)
        datetime(2026, 3, 29, 22, 30, tzinfo=UTC),  # 00:30 on 30/03 (CEST)
    ]
    petitions = [
        s.Seed(f"PA-2026-90000{n}", "kien_nghi_phan_anh", "khac", "vp", "answered", at,
               date(2026, 3, 29), answered_at=at)
        for n, at in enumerate(berlin)
    ]  # fmt: skip
    await s.seed(app, petitions)
    async with app.store.transaction() as repo:
        stats = SqlStats.of(repo, "Europe/Berlin")
        days = await stats.trend(Period(date(2026, 3, 28), date(2026, 3, 30)))
        figures = await stats.figures(Period(date(2026, 3, 28), date(2026, 3, 30)))
    assert [(d.received, d.answered) for d in days] == [(0, 0), (2, 2), (1, 1)]
    # due 29/03: answered on 29/03 twice (on time), on 30/03 once (late)
    assert (figures.total.answered, figures.total.answered_on_time) == (3, 2)


async def _seed_reception(app: App) -> None:
    """Sessions on 30/09 (before), 05/11 and 26/11 (in the period), 03/12 (after); dialogues
    on 20/11 and 05/12. Bookings: three on 05/11 (one cancelled, one with an outcome), one
    on 26/11 (with an outcome), one on 03/12."""
    at = datetime(2026, 9, 1, tzinfo=UTC)
    async with app.store.transaction() as repo:
        citizen = m.Citizen(display_name="Dân", created_at=at)
        repo.session.add(citizen)
        await repo.session.flush()
        bookings = {
            date(2026, 9, 30): [],
            date(2026, 11, 5): [None, "received", "cancel"],
            date(2026, 11, 26): ["answered"],
            date(2026, 12, 3): [None],
        }
        for day, outcomes in bookings.items():
            start = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
            session = m.ReceptionSession(
                day=day,
                starts_at=start,
                ends_at=start,
                host="Chủ tịch",
                place="UBND",
                capacity=10,
                booking_closes_at=start,
                publish_on=day,
                created_at=at,
                host_unit="kt" if day.day == 26 else None,
            )
            repo.session.add(session)
            await repo.session.flush()
            for number, outcome in enumerate(outcomes, 1):
                repo.session.add(
                    m.ReceptionBooking(
                        session_id=session.id,
                        citizen_id=citizen.id,
                        channel="test",
                        chat_id="dan",
                        queue_number=number,
                        matter="việc",
                        kind="khieu_nai",
                        category="dat_dai",
                        created_at=at,
                        cancelled_at=at if outcome == "cancel" else None,
                        outcome=outcome if outcome != "cancel" else None,
                    )
                )
        for day in (date(2026, 11, 20), date(2026, 12, 5)):
            start = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
            repo.session.add(
                m.Dialogue(
                    topic="Vỉa hè",
                    starts_at=start,
                    place="Hội trường",
                    questions_close_at=start,
                    host_channel="test",
                    host_chat_id="chutich",
                    created_at=at,
                )
            )


async def test_periodic_report_in_excel_and_markdown(app: App, tmp_path: Path) -> None:
    await s.seed(app)
    await _seed_reception(app)
    period = Period(date(2026, 10, 1), s.D)
    async with app.store.transaction() as repo:
        report = await SqlStats.of(repo, ZONE).report(period, date(2026, 12, 1))
        kt_report = await SqlStats.of(repo, ZONE).report(period, date(2026, 12, 1), "kt")
    # 05/11 and 26/11 held; 3 booked (one cancelled is not), 2 outcomes; the 20/11 dialogue
    assert report.reception == ReceptionTally(2, 3, 2, 1)
    assert kt_report.reception == ReceptionTally(1, 1, 1, 0)  # the unit hosts 26/11 only
    total = report.figures.total
    assert total.received == s.REPORT_RECEIVED
    received = {k.value: t.received for k, t in report.figures.by_kind().items()}
    assert received == s.REPORT_RECEIVED_BY_KIND
    assert (total.settled, total.settled_on_time) == (s.REPORT_SETTLED, s.REPORT_SETTLED_ON_TIME)
    assert total.overdue_at_end == len(s.REPORT_OVERDUE)
    ratings = report.figures.ratings
    assert (ratings.satisfied, ratings.unsatisfied) == s.REPORT_RATINGS
    overdue = [(i.code, (period.after - (i.due_date or period.after)).days) for i in report.overdue]
    assert overdue == s.REPORT_OVERDUE
    doc = document(report, app.services.config)
    _check_workbook(write_xlsx(doc, tmp_path / "report.xlsx"), report)
    _check_markdown(render_markdown(doc))


def _check_workbook(path: Path, report: Report) -> None:
    book = load_workbook(path)
    assert book.sheetnames == ["Tổng hợp", "Theo lĩnh vực", "Theo đơn vị", "Đơn quá hạn"]
    summary = book["Tổng hợp"]
    assert summary["A1"].value == "UBND PHƯỜNG BẾN THÀNH"
    assert summary["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert summary["D3"].value == "Thành phố Hồ Chí Minh, ngày 01 tháng 12 năm 2026"
    assert summary["A5"].value == "BÁO CÁO"
    assert summary["A7"].value == "Từ ngày 01/10/2026 đến ngày 30/11/2026"
    assert summary["A8"].value == "Phạm vi: Toàn phường"
    header = [c.value for c in summary[11]]
    assert header[:4] == ["STT", "Loại đơn", "Tiếp nhận", "Đã giải quyết"]
    assert summary["A11"].font.b and summary.freeze_panes == "A12"
    assert summary.column_dimensions["B"].width >= 30
    # kiến nghị, phản ánh: 13 received, 6 settled (5 on time), 8 open, 4 overdue: 5/(6+4)
    assert [c.value for c in summary[12]][:8] == [1, "Kiến nghị, phản ánh", 13, 6, 5, 1, 8, 4]
    assert summary["I12"].value == pytest.approx(0.5) and summary["I12"].number_format == "0%"
    totals = [c.value for c in summary[16]]
    assert totals[1:8] == ["Tổng cộng", 17, 8, 6, 2, 10, 6] and summary["B16"].font.b
    cells = [c.value for row in summary.iter_rows() for c in row]
    assert texts.REPORT_RECEPTION_BOOKED in cells and texts.REPORT_DIALOGUES in cells
    assert 3 in cells and 2 in cells  # ratings: 3 given, 2 satisfied
    overdue = book["Đơn quá hạn"]
    assert overdue.freeze_panes == "A12"
    first = [c.value for c in overdue[12]]
    # a tố cáo shows only its code, category, unit and dates
    assert first[1:3] == ["TC-2026-000009", texts.REPORT_HIDDEN]
    assert first[8] == texts.REPORT_HIDDEN and first[7] == 20
    assert first[6] == datetime(2026, 11, 11) and overdue["G12"].number_format == "dd/mm/yyyy"
    assert [c.value for c in overdue[13]][1:3] == ["PA-2026-000017", "Kiến nghị, phản ánh"]
    assert overdue.max_row == 11 + len(report.overdue)
    assert not any(
        isinstance(v, str) and "nội dung không" in v
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for v in row
    )


def _check_markdown(text: str) -> None:
    assert "# BÁO CÁO" in text and "Từ ngày 01/10/2026 đến ngày 30/11/2026" in text
    assert "| 1 | Kiến nghị, phản ánh | 13 | 6 | 5 | 1 | 8 | 4 | 50% |" in text
    assert (
        "|  | **Tổng cộng** | **17** | **8** | **6** | **2** | **10** | **6** | **43%** |" in text
    )
    assert "| 1 | TC-2026-000009 | — | Thái độ, trách nhiệm của cán bộ |" in text
    assert f"| 2 | {texts.REPORT_RECEPTION_BOOKED} | 3 |" in text


def test_chart_renders_vietnamese_without_missing_glyphs(tmp_path: Path) -> None:
    from bot.reports.chart import trend_chart, units_chart
    from core.summary import DayCount

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        bars = [("Phòng Kinh tế - Hạ tầng - Đô thị", 12, 3), ("Công an phường", 2, 0)]
        units = units_chart(bars, "Đơn quá hạn: Ưu tiên xử lý ỗ ữ ặ Ỷ đ Đ", tmp_path / "u.png")
        days = [DayCount(date(2026, 11, d), d % 3, d % 2) for d in range(1, 31)]
        trend = trend_chart(days, "Đơn nhận mới và đã trả lời mỗi ngày", tmp_path / "t.png")
    for path in (units, trend):
        assert path is not None and path.read_bytes().startswith(PNG)
    assert units_chart([("Công an phường", 0, 0)], "x", tmp_path / "none.png") is None
