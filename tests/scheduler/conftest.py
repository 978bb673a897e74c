"""The scheduler under test: the real APScheduler, job store and database (SQLite and
PostgreSQL), driven by a FakeClock moved by hand (no sleeping), and petitions and officers
seeded through the repositories."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.app import App, open_app
from bot.jobs import SUMMARY_KIND, JobContext
from bot.scheduler import ReminderScheduler
from bot.settings import Settings
from core.config import Config
from core.labels import Category, Kind
from core.lifecycle import Action
from core.ports import Actor, Contact, NewPetition
from storage import models as m
from storage.officers import SqlOfficers
from tests.conftest import ROOT, FakeClock, keyword_classifier

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
SECRET = "Nhà ông Tư ở hẻm 7 lấn chiếm vỉa hè"  # must never appear in a reminder
OFFICER, HEAD, LEADER = "kt-officer", "kt-head", "leader"
INVITES = {
    OFFICER: "KT-3HD8-P1",
    HEAD: "KT-TRUONG-5B",
    LEADER: "LD-CT-1S9Q",
    "leader-2": "LD-CT-1S9Q",  # a second leader (the repository does not check codes)
}


def local(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A local time of the ward (Asia/Ho_Chi_Minh) as the UTC instant the clock holds."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE).astimezone(UTC)


@dataclass(frozen=True)
class Sent:
    """An outbox row, as the tests look at it."""

    chat_id: str
    kind: str
    text: str
    media: str | None
    day: date  # local date it was queued


class Ward:
    """One deployment over time: its database, app, scheduler and clock."""

    def __init__(self, url: str, config: Config, clock: FakeClock, charts: Path) -> None:
        self.url, self.config, self.clock, self.charts = url, config, clock, charts
        self.app: App | None = None
        self.scheduler: ReminderScheduler | None = None

    async def open(self) -> App:
        """Open the application (as a process starting would)."""
        settings = Settings(ROOT / "config.yaml", self.config, self.url)
        self.app = await open_app(settings, clock=self.clock, classifier=keyword_classifier)
        return self.app

    async def start(self) -> ReminderScheduler:
        """Open the app if needed and start a scheduler on it."""
        app = self.app or await self.open()
        self.scheduler = ReminderScheduler(
            JobContext(app.services, app.store, self.charts), self.url
        )
        await self.scheduler.start()
        return self.scheduler

    async def stop(self) -> None:
        """Stop the scheduler and close the app (the process ends)."""
        if self.scheduler is not None:
            await self.scheduler.stop()
            self.scheduler = None
        if self.app is not None:
            await self.app.close()
            self.app = None

    async def at(self, instant: datetime) -> list[str]:
        """Move the clock to ``instant``, run what is due; return the ids of the jobs run."""
        assert self.scheduler is not None
        self.clock.current = instant
        events = await self.scheduler.run_due()
        errors = [f"{e.job_id}: {e.exception!r}\n{e.traceback}" for e in events if e.exception]
        assert not errors, "\n".join(errors)
        return [e.job_id for e in events]

    def store(self) -> App:
        assert self.app is not None
        return self.app

    async def sent_keys(self, summaries: bool = False) -> dict[str, date]:
        """The recorded keys of reminders (or of daily summaries) and the local date each
        was sent."""
        async with self.store().store.transaction() as repo:
            rows = (
                await repo.session.execute(select(m.SentReminder.key, m.SentReminder.sent_at))
            ).all()
        return {
            key: at.astimezone(ZONE).date()
            for key, at in rows
            if key.startswith(SUMMARY_KIND) == summaries
        }

    async def outbox(self) -> list[Sent]:
        """Every queued message, oldest first."""
        async with self.store().store.transaction() as repo:
            rows = (
                await repo.session.scalars(select(m.OutboxMessage).order_by(m.OutboxMessage.id))
            ).all()
        return [
            Sent(r.chat_id, r.kind, r.text or "", r.media, r.created_at.astimezone(ZONE).date())
            for r in rows
        ]

    async def register(self, *names: str) -> None:
        """Register officers by the names of INVITES, on Telegram, with those invite codes."""
        invites = {invite.code: invite for invite in self.config.invite_codes}
        async with self.store().store.transaction() as repo:
            officers = SqlOfficers(repo.session)
            for name in names:
                invite = invites[INVITES[name]]
                await officers.register_officer("telegram", name, invite, name, self.clock.now())

    async def file(
        self,
        *,
        due: date | None,
        received: datetime,
        filed: datetime | None = None,
        unit: str = "kt",
        urgent: bool = False,
    ) -> tuple[int, str]:
        """A petition received, then routed to ``unit`` with due date ``due``; (id, code)."""
        async with self.store().store.transaction() as repo:
            citizen = await repo.identify(
                "test", f"citizen-{received.timestamp()}", "Dân", received
            )
            petition = await repo.create_petition(
                NewPetition(
                    citizen_id=citizen.id,
                    channel="test",
                    kind=Kind.KIEN_NGHI_PHAN_ANH,
                    category=Category.TRAT_TU_DO_THI,
                    urgent=urgent,
                    confidence=0.9,
                    text=SECRET,
                    received_at=received,
                    code_year=received.year,
                    anonymous=False,
                    contact=Contact("Trần Văn Bảy", "0912345678", None, confidential=False),
                ),
                Actor("citizen", citizen.id),
            )
            await repo.apply(
                petition.id,
                Action.ROUTE,
                Actor.system(),
                filed or received,
                unit_code=unit,
                due_date=due,
                due_rule="phan_anh_tra_loi" if due else None,
            )
        return petition.id, petition.code

    async def act(self, petition_id: int, action: Action, **kwargs: object) -> None:
        """An officer acts on a petition now."""
        async with self.store().store.transaction() as repo:
            await repo.apply(petition_id, action, Actor("officer", 1), self.clock.now(), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
async def ward(
    migrated_url: str, config: Config, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[Ward]:
    """A ward on a fresh database (SQLite, and PostgreSQL when configured), without weekly
    tiếp công dân sessions (tests/reception covers what the sweep owes them)."""
    no_sessions = config.reception.model_copy(update={"weekly": ()})
    ward = Ward(
        migrated_url,
        config.model_copy(update={"reception": no_sessions}),
        clock,
        tmp_path / "charts",
    )
    yield ward
    await ward.stop()
