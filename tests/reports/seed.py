"""A hand-made set of petitions around one day, D = Monday 30/11/2026 in Asia/Ho_Chi_Minh
(UTC+7: D runs from 29/11 17:00 UTC to 30/11 17:00 UTC), with the counts expected of it.

Each petition is written with its milestone columns as the officers' actions leave them.
The comments give each one's role in the counts; the EXPECTED_* figures are counted by
hand from this table, not computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.app import App
from storage import models as m

D = date(2026, 11, 30)
VN = timedelta(hours=7)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A local (UTC+7) wall time as an aware UTC datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - VN


def nov(day: int) -> date:
    return date(2026, 11, day)


@dataclass(frozen=True)
class Seed:
    code: str
    kind: str
    category: str
    unit: str | None
    status: str
    received_at: datetime
    due_date: date | None
    urgent: bool = False
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    filed_at: datetime | None = None
    rating: str | None = None
    rated_at: datetime | None = None


DEC1 = date(2026, 12, 1)
PETITIONS = [
    # P1 received on D, answered on D on time, rated satisfied on D
    Seed("PA-2026-000001", "kien_nghi_phan_anh", "ha_tang_giao_thong", "kt", "answered",
         local(D, 8), date(2026, 12, 10), answered_at=local(D, 15),
         rating="satisfied", rated_at=local(D, 16)),
    # P2 answered on D after its due date (late), closed, rated unsatisfied on D
    Seed("PA-2026-000002", "kien_nghi_phan_anh", "moi_truong", "kt", "closed",
         local(nov(10), 9), nov(24), answered_at=local(D, 10), closed_at=local(D, 11),
         rating="unsatisfied", rated_at=local(D, 12)),
    # P3 khiếu nại open past due (due 20/11): overdue 11 days at the end of D
    Seed("KN-2026-000003", "khieu_nai", "dat_dai", "vp", "accepted",
         local(nov(1), 9), nov(20)),
    # P4 open past due (due 26/11): overdue 5 days
    Seed("PA-2026-000004", "kien_nghi_phan_anh", "trat_tu_do_thi", "kt", "routed",
         local(nov(12), 9), nov(26)),
    # P5 URGENT, received at 23:30 on D (16:30 UTC): on D; open, not due
    Seed("PA-2026-000005", "kien_nghi_phan_anh", "an_ninh_trat_tu", "ca", "accepted",
         local(D, 23, 30), date(2026, 12, 14), urgent=True),
    # P6 URGENT, received at 00:30 on D+1 (17:30 UTC on D): NOT on D, not open at its end
    Seed("PA-2026-000006", "kien_nghi_phan_anh", "y_te", "vhxh", "routed",
         local(DEC1, 0, 30), date(2026, 12, 15), urgent=True),
    # P7 received at 00:10 on D (29/11 17:10 UTC): on D; open, not due
    Seed("PA-2026-000007", "kien_nghi_phan_anh", "giao_duc", "vhxh", "routed",
         local(D, 0, 10), date(2026, 12, 14)),
    # P8 received at 23:50 on D-1 (NOT on D); answered at 00:05 on D (29/11 17:05 UTC):
    # answered on D, on time
    Seed("PA-2026-000008", "kien_nghi_phan_anh", "xay_dung", "kt", "answered",
         local(nov(29), 23, 50), date(2026, 12, 12), answered_at=local(D, 0, 5)),
    # P9 tố cáo open past due (due 11/11): overdue 20 days; listed without its kind
    Seed("TC-2026-000009", "to_cao", "can_bo_cong_chuc", "tocao", "accepted",
         local(nov(2), 9), nov(11)),
    # P10 question received on D and filed on D, on time
    Seed("HD-2026-000010", "hoi_dap", "thu_tuc_hanh_chinh", "hcc", "filed",
         local(D, 9), date(2026, 12, 14), filed_at=local(D, 11)),
    # P11 due ON D and still open at its end: overdue 1 day
    Seed("PA-2026-000011", "kien_nghi_phan_anh", "khac", "vp", "accepted",
         local(nov(20), 9), D),
    # P12 open, not due yet
    Seed("PA-2026-000012", "kien_nghi_phan_anh", "ha_tang_giao_thong", "kt", "accepted",
         local(nov(25), 9), date(2026, 12, 9)),
    # P13 due 19/11, answered only on D+1 (01:00): open and overdue (12 days) at D's end
    Seed("PA-2026-000013", "kien_nghi_phan_anh", "moi_truong", "kt", "answered",
         local(nov(5), 9), nov(19), answered_at=local(DEC1, 1)),
    # P14 URGENT, received and answered before D: neither received on D nor open
    Seed("PA-2026-000014", "kien_nghi_phan_anh", "dat_dai", "kt", "answered",
         local(nov(28), 9), date(2026, 12, 5), urgent=True, answered_at=local(nov(29), 9)),
    # P15 khiếu nại filed on 27/11 after its due date (25/11): settled late, before D
    Seed("KN-2026-000015", "khieu_nai", "dat_dai", "vp", "filed",
         local(nov(15), 9), nov(25), filed_at=local(nov(27), 9)),
    # P16 an October petition answered on time and rated satisfied in October
    Seed("PA-2026-000016", "kien_nghi_phan_anh", "ha_tang_giao_thong", "kt", "answered",
         local(date(2026, 10, 1), 9), date(2026, 10, 15),
         answered_at=local(date(2026, 10, 5), 9),
         rating="satisfied", rated_at=local(date(2026, 10, 6), 9)),
    # P17 answered on 16/11 (on time, due 17/11), then reopened: open and overdue (14 days)
    Seed("PA-2026-000017", "kien_nghi_phan_anh", "moi_truong", "kt", "reopened",
         local(nov(3), 9), nov(17), answered_at=local(nov(16), 9)),
    # P18 filed on D+1: open at the end of D, not due (due 04/12)
    Seed("PA-2026-000018", "kien_nghi_phan_anh", "khac", "vp", "filed",
         local(nov(20), 10), date(2026, 12, 4), filed_at=local(DEC1, 8)),
]  # fmt: skip

# --- the daily summary of D (every unit) -----------------------------------------------------
RECEIVED_ON_D = 4  # P1 P5 P7 P10 (not P6: after midnight; not P8: before it)
RECEIVED_ON_D_BY_KIND = {"kien_nghi_phan_anh": 3, "hoi_dap": 1}  # P1 P5 P7 | P10
ANSWERED_ON_D = 3  # P1 P2 P8
ANSWERED_ON_D_ON_TIME = 2  # P1 P8 (P2 late)
FILED_ON_D = 1  # P10
OPEN_AT_END_OF_D = 10  # P3 P4 P5 P7 P9 P11 P12 P13 P17 P18
OVERDUE_AT_END_OF_D = 6  # P3 P4 P9 P11 P13 P17
OVERDUE_BY_UNIT = {"kt": 3, "vp": 2, "tocao": 1}  # P4 P13 P17 | P3 P11 | P9
OPEN_BY_UNIT = {"kt": 4, "vp": 3, "ca": 1, "vhxh": 1, "tocao": 1, "hcc": 0}
URGENT_RECEIVED_ON_D = ["PA-2026-000005"]  # not P6 (D+1), not P14 (28/11)
URGENT_OPEN_AT_END = ["PA-2026-000005"]  # P14 answered, P6 not yet received
RATINGS_ON_D = (1, 1)  # satisfied P1, unsatisfied P2
# answered on time / (answered + overdue) = 2 / (3 + 6) = 22%

# --- the report of 01/10/2026 - 30/11/2026 ---------------------------------------------------
REPORT_RECEIVED = 17  # all but P6
REPORT_RECEIVED_BY_KIND = {"kien_nghi_phan_anh": 13, "khieu_nai": 2, "to_cao": 1, "hoi_dap": 1}
REPORT_SETTLED = 8  # answered P1 P2 P8 P14 P16 P17, filed P10 P15
REPORT_SETTLED_ON_TIME = 6  # all but P2 (late) and P15 (filed late)
# on time / (settled + overdue) = 6 / (8 + 6) = 43%
REPORT_RATINGS = (2, 1)  # satisfied P1 P16, unsatisfied P2
# longest overdue first: (code, days overdue at the end of 30/11)
REPORT_OVERDUE = [
    ("TC-2026-000009", 20),
    ("PA-2026-000017", 14),
    ("PA-2026-000013", 12),
    ("KN-2026-000003", 11),
    ("PA-2026-000004", 5),
    ("PA-2026-000011", 1),
]


async def seed(app: App, petitions: list[Seed] = PETITIONS) -> None:
    """Insert the petitions (the units come from config.yaml, synced by open_app)."""
    async with app.store.transaction() as repo:
        session = repo.session
        units = dict((await session.execute(select(m.Unit.code, m.Unit.id))).all())
        for p in petitions:
            updated = max(t for t in (p.received_at, p.answered_at, p.closed_at, p.filed_at) if t)
            session.add(
                m.Petition(
                    code=p.code,
                    kind=p.kind,
                    category=p.category,
                    urgent=p.urgent,
                    confidence=0.9,
                    status=p.status,
                    unit_id=units[p.unit] if p.unit else None,
                    channel="test",
                    text="nội dung không được xuất hiện trong báo cáo",
                    anonymous=False,
                    received_at=p.received_at,
                    due_date=p.due_date,
                    due_rule="test",
                    answered_at=p.answered_at,
                    closed_at=p.closed_at,
                    filed_at=p.filed_at,
                    rating=p.rating,
                    rated_at=p.rated_at,
                    filing_reason="not_eligible" if p.filed_at else None,
                    updated_at=updated,
                )
            )
