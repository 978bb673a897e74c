"""``/baocao`` through handlers.leader.report_command: leaders see every unit, unit heads
their own, other officers are refused; the period is read from what was typed."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import App
from core.config import Role
from core.ports import Citizen
from core.roles import Officer
from handlers import texts
from handlers.channel import Sender
from handlers.leader import report_command
from handlers.state import ConversationState
from handlers.turn import Turn
from tests.conftest import FakeClock
from tests.reports import seed as s


async def baocao(app: App, officer: Officer, args: str = "") -> str:
    async with app.store.transaction() as repo:
        turn = Turn(
            services=app.services,
            repo=repo,
            sender=Sender("test", "officer", "Officer"),
            citizen=Citizen(0, "Officer", None, None),
            message_id=0,
            received_at=app.services.clock.now(),
            state=ConversationState(),
        )
        await report_command(turn, officer, args)
    assert len(turn.replies) == 1
    return turn.replies[0].text


LEADER = Officer(1, "vp", Role.LEADER, "Chủ tịch")
KT_HEAD = Officer(2, "kt", Role.UNIT_HEAD, "Trưởng phòng")


async def test_baocao_for_leaders_heads_and_others(app: App, clock: FakeClock) -> None:
    await s.seed(app)
    assert clock.now() == datetime(2026, 12, 1, 2, tzinfo=UTC)  # 09:00 on 01/12: D was yesterday

    day = await baocao(app, LEADER)  # default: yesterday, every unit
    assert day.startswith("TỔNG HỢP NGÀY thứ Hai, 30/11/2026\nPhường Bến Thành\n")
    assert "ĐƠN MỚI: 4" in day and "QUÁ HẠN đến hết 30/11/2026: 6" in day

    # a unit head: Phòng Kinh tế only (received P1; answered P1 P2 P8; overdue P4 P13 P17)
    head = (await baocao(app, KT_HEAD, "ngày")).splitlines()
    assert head[1] == "Phòng Kinh tế - Hạ tầng - Đô thị"
    assert "ĐƠN MỚI: 1" in head and "ĐÃ TRẢ LỜI: 3 (đúng hạn 2, trễ hạn 1)" in head
    assert "QUÁ HẠN đến hết 30/11/2026: 3" in head
    assert "• Văn phòng HĐND và UBND phường: 2" not in head

    # the month to yesterday: 01/11 - 30/11 (all received but P6 and P16, which is October's)
    month = await baocao(app, LEADER, "thang")
    assert month.startswith("TỔNG HỢP THÁNG 11/2026 (01/11/2026 – 30/11/2026)")
    assert "ĐƠN MỚI: 16" in month
    quarter = await baocao(app, LEADER, "QUÝ")
    assert quarter.startswith("TỔNG HỢP QUÝ IV/2026 (01/10/2026 – 30/11/2026)")
    assert "ĐƠN MỚI: 17" in quarter and "HÀI LÒNG: 2/3 lượt đánh giá (67%)" in quarter
    week = await baocao(app, LEADER, "tuan")  # 01/12 is a Tuesday: the week of Monday 30/11
    assert week.startswith("TỔNG HỢP TUẦN 30/11/2026 – 30/11/2026")

    assert await baocao(app, LEADER, "năm") == texts.REPORT_USAGE


async def test_baocao_is_refused_to_other_officers(app: App) -> None:
    for officer in (Officer(3, "kt", Role.OFFICER), Officer(4, "tocao", Role.CONFIDENTIAL_HANDLER)):
        assert await baocao(app, officer, "quy") == texts.REPORT_NOT_ALLOWED
