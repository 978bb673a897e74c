"""The scheduler's machinery: the clock inside APScheduler, the persistent jobs, the
election of the one worker that runs it, and `danvan run` starting it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers import base as scheduler_base
from sqlalchemy import select

from bot.app import open_app
from bot.jobs import JobContext
from bot.run import run
from bot.scheduler import (
    SUMMARY_JOB,
    SWEEP_JOB,
    Leadership,
    SchedulerRunner,
    sync_url,
    use_clock,
)
from bot.settings import Settings
from core.clock import SystemClock
from core.config import Config
from storage import models as m
from storage.db import make_engine, upgrade
from tests.conftest import ROOT, FakeClock, keyword_classifier
from tests.scheduler.conftest import OFFICER, Ward, local
from tests.scheduler.test_urgent_and_summary import put_on_duty
from tests.telegram.conftest import expect
from tests.telegram.fake_bot_api import TOKEN, FakeBotAPI


def test_sync_url_keeps_the_database_and_swaps_the_driver() -> None:
    assert sync_url("sqlite+aiosqlite:////tmp/d.db") == "sqlite:////tmp/d.db"
    assert sync_url("sqlite:///d.db") == "sqlite:///d.db"
    assert sync_url("postgresql+asyncpg://u:p@h:5433/db") == "postgresql+psycopg://u:p@h:5433/db"


def test_apscheduler_tells_the_time_by_the_installed_clock() -> None:
    clock = FakeClock(datetime(2027, 2, 6, 1, 0, tzinfo=UTC))
    use_clock(clock)
    try:
        now = scheduler_base.datetime.now(UTC)
        assert now == clock.current
        clock.advance(days=3)
        assert scheduler_base.datetime.now(UTC) == clock.current
    finally:
        use_clock(SystemClock())
    assert abs(scheduler_base.datetime.now(UTC) - datetime.now(UTC)) < timedelta(minutes=1)


async def stored_jobs(ward: Ward) -> dict[str, float | None]:
    async with ward.store().store.transaction() as repo:
        rows = await repo.session.execute(select(m.SchedulerJob.id, m.SchedulerJob.next_run_time))
    return {job_id: next_run for job_id, next_run in rows.all()}


async def test_jobs_persist_and_a_changed_config_replaces_them(ward: Ward, config: Config) -> None:
    ward.clock.current = local(date(2026, 12, 7), 9, 2)
    await ward.start()
    # a new sweep runs at start (as of its 09:00 slot), once, then every 5 minutes
    assert await ward.at(local(date(2026, 12, 7), 9, 2)) == [SWEEP_JOB]
    assert await ward.at(local(date(2026, 12, 7), 9, 4)) == []
    assert await ward.at(local(date(2026, 12, 7), 9, 5)) == [SWEEP_JOB]
    jobs = await stored_jobs(ward)
    assert set(jobs) == {SWEEP_JOB, SUMMARY_JOB}
    assert jobs[SWEEP_JOB] == local(date(2026, 12, 7), 9, 10).timestamp()
    assert jobs[SUMMARY_JOB] == local(date(2026, 12, 8), 7, 30).timestamp()
    await ward.stop()
    # a restart keeps them as they are; a new sweep interval replaces the sweep
    ward.config = config.model_copy(
        update={"reminders": config.reminders.model_copy(update={"sweep_minutes": 15})}
    )
    ward.clock.current = local(date(2026, 12, 7), 9, 7)
    await ward.start()
    await ward.at(local(date(2026, 12, 7), 9, 7))
    jobs = await stored_jobs(ward)
    assert jobs[SWEEP_JOB] == local(date(2026, 12, 7), 9, 15).timestamp()
    assert jobs[SUMMARY_JOB] == local(date(2026, 12, 8), 7, 30).timestamp()


async def test_a_busy_sqlite_database_delays_a_round_without_blocking(
    ward: Ward, caplog: pytest.LogCaptureFixture
) -> None:
    """A turn holding SQLite's write lock while the scheduler wakes: the job store does
    not wait for it (that would block the event loop, and so the turn, for good), the
    round is retried, and the reminder still goes out once."""
    if not ward.url.startswith("sqlite"):
        pytest.skip("SQLite's single writer only")
    ward.clock.current = local(date(2026, 12, 17))
    await ward.open()
    await ward.register(OFFICER)
    petition, _ = await ward.file(due=date(2026, 12, 31), received=ward.clock.now())
    await ward.start()
    await ward.at(local(date(2026, 12, 17), 9, 1))
    assert ward.scheduler is not None
    scheduler = ward.scheduler._scheduler  # white box: wake it without waiting for its jobs
    assert scheduler is not None
    ward.clock.current = local(date(2026, 12, 29), 9)
    async with ward.store().store.transaction() as repo:
        await repo.session.execute(select(m.Unit.id))  # BEGIN IMMEDIATE: the lock is ours
        scheduler.wakeup()
        for _ in range(3):
            await asyncio.sleep(0)  # the round ran on the loop and gave up at once
    assert "scheduler round failed" in caplog.text and "database is locked" in caplog.text
    await ward.at(ward.clock.now())
    await ward.at(local(date(2026, 12, 29), 9, 5))
    assert await ward.sent_keys() == {f"due-soon:{petition}:2026-12-31": date(2026, 12, 29)}
    assert len(await ward.outbox()) == 1


@pytest.fixture
async def migrated_postgres(postgres_url: str) -> str:
    engine = make_engine(postgres_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    return postgres_url


async def test_one_advisory_lock_holder_on_postgresql(migrated_postgres: str) -> None:
    engines = [make_engine(migrated_postgres) for _ in range(2)]
    first, second = (Leadership(engine) for engine in engines)
    try:
        assert await first.acquire()
        assert not await second.acquire()
        assert await first.held() and not await second.held()
        await first.release()
        assert await second.acquire()
        assert not await first.acquire()
    finally:
        await first.release()
        await second.release()
        for engine in engines:
            await engine.dispose()


async def test_sqlite_always_leads(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    try:
        leadership = Leadership(engine)
        assert await leadership.acquire() and await leadership.held()
    finally:
        await engine.dispose()


@pytest.fixture
async def two_workers(
    migrated_postgres: str, config: Config
) -> AsyncIterator[list[SchedulerRunner]]:
    settings = Settings(ROOT / "config.yaml", config, migrated_postgres)
    apps = [await open_app(settings, classifier=keyword_classifier) for _ in range(2)]
    yield [
        SchedulerRunner(JobContext(a.services, a.store), migrated_postgres, check_seconds=0.05)
        for a in apps
    ]
    for application in apps:
        await application.close()


async def test_the_scheduler_runs_on_one_worker_and_moves_when_it_stops(
    two_workers: list[SchedulerRunner],
) -> None:
    first, second = two_workers
    stops = [asyncio.Event(), asyncio.Event()]
    first_task = asyncio.create_task(first.run(stops[0]))
    await asyncio.wait_for(first.leading.wait(), 10)
    second_task = asyncio.create_task(second.run(stops[1]))
    took_over = asyncio.create_task(second.leading.wait())
    done, _ = await asyncio.wait({took_over}, timeout=0.3)  # several campaigns lost meanwhile
    assert not done and first.leading.is_set() and second.scheduler is None
    stops[0].set()
    await asyncio.wait_for(first_task, 10)
    assert not first.leading.is_set()
    await asyncio.wait_for(took_over, 10)
    assert second.scheduler is not None and second.scheduler.running
    stops[1].set()
    await asyncio.wait_for(second_task, 10)
    assert not second.leading.is_set()


async def test_danvan_run_starts_the_scheduler_and_telegram_delivers_its_alerts(
    ward: Ward, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`danvan run` on the real clock: an urgent petition filed 31 minutes ago and not yet
    accepted gets its re-alert to the on-duty officer's Telegram chat at start-up."""
    now = datetime.now(UTC)
    ward.clock.current = now - timedelta(minutes=31)
    await ward.open()
    await ward.register(OFFICER)
    await put_on_duty(ward, OFFICER)
    async with ward.store().store.transaction() as repo:  # a Telegram account: a number
        officer = await repo.session.scalar(select(m.Officer))
        assert officer is not None
        officer.external_id = "901"
    _, code = await ward.file(
        due=date.today() + timedelta(days=30), received=ward.clock.now(), urgent=True
    )
    await ward.stop()

    server = FakeBotAPI()
    await server.start()
    server.user(901, "Quang")  # the officer's private chat with the bot
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE", server.base_url)
    stop = asyncio.Event()
    running = asyncio.create_task(run(Settings(ROOT / "config.yaml", ward.config, ward.url), stop))
    try:
        alert = await expect(server, 901, code, timeout=30)
        assert "KHẨN" in (alert.text or "") and "chưa được thụ lý" in (alert.text or "")
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 30) == 0
        await server.stop()
