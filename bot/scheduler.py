"""The scheduler: APScheduler (AsyncIOScheduler) with its jobs in the application's database.

* **Persistent jobs.** The job store is APScheduler's SQLAlchemyJobStore on the same
  database, table ``apscheduler_jobs`` (created by our migrations, storage.models.
  SchedulerJob). It is synchronous, so it gets the sync driver of the configured URL
  (``sqlite+aiosqlite`` -> ``sqlite``, ``postgresql+asyncpg`` -> ``postgresql+psycopg``).
  The recurring jobs (:func:`recurring_jobs`) have stable ids; at start a stored job whose
  schedule is unchanged is kept with its next run time, so a run missed while no process
  was up happens at once (coalesced into one run, within its misfire grace time), and a
  changed one (config.yaml edited) is replaced.
* **Idempotent jobs.** What jobs send is recorded as sent in the transaction that queues
  it (bot/jobs.py, storage/reminders.py): running a job twice sends nothing twice.
* **One scheduler.** With several workers on one PostgreSQL database, the scheduler runs in
  exactly one: the one holding a session-level advisory lock on a dedicated connection
  (:class:`Leadership`); the others try again every ``check_seconds``. If the leader's
  connection breaks, its lock is gone: it stops its scheduler and campaigns again. A short
  overlap while that is noticed is harmless (the jobs are idempotent). SQLite serves one
  process, which always runs it.
* **The application's clock.** APScheduler 3 reads the time through ``datetime.now()`` in
  two modules (apscheduler.schedulers.base: which jobs are due; apscheduler.executors.base:
  whether a run is late). :func:`use_clock` replaces the ``datetime`` name in those two
  modules with a subclass whose ``now()`` asks our :class:`core.clock.Clock` (the real
  clock in production, a FakeClock in tests), so the real scheduler runs on the
  application's time. Nothing else in them uses the name. The check in :func:`use_clock`
  fails loudly if a new APScheduler release changes that.
* **No stalls on SQLite.** The job store's writes run on the event loop thread. On SQLite
  a write must wait while a transaction of this very process holds the database, which
  cannot end while the loop is blocked: the job store therefore does not wait
  (busy timeout 0), and a failed round of the scheduler is retried after
  ``jobstore_retry_interval`` instead of stopping it (APScheduler 3 would otherwise stop
  waking up).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobEvent,
    JobExecutionEvent,
)
from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import obj_to_ref
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.jobs import (
    JobContext,
    bind,
    daily_summary,
    deadline_sweep,
    refresh_credentials,
    unbind,
)
from core.clock import Clock, SystemClock
from core.config import Config
from storage.db import async_url
from storage.models import SchedulerJob

log = logging.getLogger(__name__)

# Held (session-level) by the worker that runs the scheduler; "danvs".
SCHEDULER_LOCK_KEY = 0x64616E7673
SWEEP_JOB, SUMMARY_JOB = "deadline-sweep", "daily-summary"
CREDENTIALS_JOB = "credentials-refresh"  # Zalo's access token, when Zalo is enabled
SUMMARY_GRACE_SECONDS = 12 * 3600  # a summary missed at 07:30 still goes out until 19:30
JOBSTORE_RETRY_SECONDS = 10.0
STOP_GRACE_SECONDS = 30.0  # how long stopping waits for running jobs to finish
_SYNC_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}
_JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
_FINISHED = EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED


# --- the application's clock inside APScheduler ----------------------------------------------

_clock: Clock = SystemClock()
_CLOCKED_MODULES = ("apscheduler.schedulers.base", "apscheduler.executors.base")


class _ClockDatetime(datetime):
    """``datetime`` whose ``now()`` is the installed application clock's."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        instant = _clock.now()
        return (
            instant.astimezone(tz) if tz is not None else instant.astimezone().replace(tzinfo=None)
        )


def use_clock(clock: Clock) -> None:
    """Make APScheduler tell the time by ``clock`` (the process has one scheduler clock:
    the one installed last)."""
    global _clock
    _clock = clock
    for name in _CLOCKED_MODULES:
        module = importlib.import_module(name)
        found = getattr(module, "datetime", None)
        if found is _ClockDatetime:
            continue
        if found is not datetime:
            raise RuntimeError(
                f"{name} no longer reads the time through datetime.now(): this APScheduler "
                "release needs a new clock shim in bot/scheduler.py"
            )
        module.datetime = _ClockDatetime  # type: ignore[attr-defined]


# --- the job store and the recurring jobs ----------------------------------------------------


def sync_url(database_url: str) -> str:
    """The URL of the same database for a synchronous driver (APScheduler's job store)."""
    url = make_url(async_url(database_url))
    return url.set(drivername=_SYNC_DRIVERS[url.get_backend_name()]).render_as_string(
        hide_password=False
    )


def job_store_engine(database_url: str) -> Engine:
    """The job store's engine: never waits for SQLite's lock (see the module docstring)."""
    url = sync_url(database_url)
    if url.startswith("sqlite"):
        return create_engine(url, connect_args={"timeout": 0}, hide_parameters=True)
    return create_engine(
        url, pool_pre_ping=True, hide_parameters=True, connect_args={"connect_timeout": 10}
    )


@dataclass(frozen=True)
class JobSpec:
    """A recurring job: a module-level coroutine function and when it runs."""

    id: str
    func: Callable[[], Awaitable[int]]
    trigger: Any  # an APScheduler trigger
    misfire_grace_time: int | None = None  # None: a late run still runs (coalesced)
    first_run: datetime | None = None  # when a new job first runs (None: as its trigger says)


def recurring_jobs(config: Config, now: datetime) -> list[JobSpec]:
    """The jobs of config.yaml: the deadline sweep every ``reminders.sweep_minutes``, the
    leaders' summary daily at ``summary.send_at`` (local time).

    The sweep's runs are aligned on local midnight (08:00, 08:05, ... for 5 minutes, so
    reminders due at 08:00 go at 08:00), and a new sweep job runs at once (the latest
    aligned time is already due), catching up on whatever came due meanwhile.
    """
    zone = ZoneInfo(config.ward.timezone)
    local = now.astimezone(zone)
    midnight = datetime(local.year, local.month, local.day, tzinfo=zone)
    every = timedelta(minutes=config.reminders.sweep_minutes)
    at = config.summary.send_at
    jobs = [
        JobSpec(
            SWEEP_JOB,
            deadline_sweep,
            IntervalTrigger(minutes=config.reminders.sweep_minutes, start_date=midnight),
            first_run=midnight + (local - midnight) // every * every,
        ),
        JobSpec(
            SUMMARY_JOB,
            daily_summary,
            CronTrigger(hour=at.hour, minute=at.minute, second=at.second, timezone=zone),
            misfire_grace_time=SUMMARY_GRACE_SECONDS,
        ),
    ]
    if config.zalo.enabled:
        minutes = config.zalo.refresh_check_minutes
        jobs.append(JobSpec(CREDENTIALS_JOB, refresh_credentials, IntervalTrigger(minutes=minutes)))
    return jobs


def _unchanged(job: Job, spec: JobSpec) -> bool:
    """Whether a stored job already runs ``spec`` on the same schedule."""
    return bool(
        job.func_ref == obj_to_ref(spec.func)
        and type(job.trigger) is type(spec.trigger)
        and str(job.trigger) == str(spec.trigger)
        and str(job.trigger.timezone) == str(spec.trigger.timezone)
        and job.misfire_grace_time == spec.misfire_grace_time
    )


class _Scheduler(AsyncIOScheduler):  # type: ignore[misc]
    """AsyncIOScheduler that survives a failed round (a job store error after the jobs
    were submitted would otherwise leave it asleep for good)."""

    def wakeup(self) -> None:
        self._eventloop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if self.state == STATE_STOPPED:
            return
        self._stop_timer()
        try:
            wait_seconds = self._process_jobs()
        except Exception as exc:  # e.g. SQLite busy: the jobs are idempotent, try again
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.warning(
                "scheduler round failed (%s); retrying in %.0f s",
                first_line,
                self.jobstore_retry_interval,
            )
            wait_seconds = self.jobstore_retry_interval
        self._start_timer(wait_seconds)


class _Executor(AsyncIOExecutor):  # type: ignore[misc]
    """AsyncIOExecutor that tells its owner about every job it starts, so that the owner
    knows when all have finished (APScheduler's "submitted" events are dispatched at the
    end of a round, and lost when the round fails after submitting)."""

    def __init__(self, started: Callable[[], None]) -> None:
        super().__init__()
        self._started = started

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        super()._do_submit_job(job, run_times)
        self._started()


class ReminderScheduler:
    """The running scheduler of one process: start it, stop it, and (tests) run what is
    due now at once."""

    def __init__(self, context: JobContext, database_url: str) -> None:
        self.context = context
        self.database_url = database_url
        self._scheduler: _Scheduler | None = None
        self._running_jobs = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._collect: list[JobExecutionEvent] | None = None

    @property
    def running(self) -> bool:
        """Whether the scheduler is started."""
        return self._scheduler is not None

    async def start(self) -> None:
        """Start on the application's clock with the recurring jobs in the job store."""
        services = self.context.services
        use_clock(services.clock)
        store = SQLAlchemyJobStore(
            engine=job_store_engine(self.database_url), tablename=SchedulerJob.__tablename__
        )
        scheduler = _Scheduler(
            timezone=ZoneInfo(services.config.ward.timezone),
            jobstores={"default": store},
            executors={"default": _Executor(self._job_started)},
            job_defaults=dict(_JOB_DEFAULTS),
            jobstore_retry_interval=JOBSTORE_RETRY_SECONDS,
        )
        scheduler.add_listener(self._job_finished, _FINISHED)
        bind(self.context)
        try:
            scheduler.start(paused=True)
            self._install(scheduler, services.clock.now())
        except BaseException:
            if scheduler.running:
                scheduler.shutdown(wait=False)
                await _next_turn()
            unbind(self.context)
            raise
        self._scheduler = scheduler
        scheduler.resume()
        log.info("scheduler started: %s", ", ".join(job.id for job in scheduler.get_jobs()))

    def _install(self, scheduler: _Scheduler, now: datetime) -> None:
        for spec in recurring_jobs(self.context.services.config, now):
            stored = scheduler.get_job(spec.id)
            if stored is not None and _unchanged(stored, spec):
                continue
            options: dict[str, Any] = {}
            if spec.first_run is not None:
                options["next_run_time"] = spec.first_run
            scheduler.add_job(
                spec.func,
                spec.trigger,
                id=spec.id,
                name=spec.id,
                replace_existing=True,
                misfire_grace_time=spec.misfire_grace_time,
                **options,
            )

    async def stop(self) -> None:
        """Stop taking jobs, let running ones finish (a while), shut down."""
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is None:
            return
        try:
            scheduler.pause()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), STOP_GRACE_SECONDS)
            scheduler.shutdown(wait=False)
            await _next_turn()  # AsyncIOScheduler shuts down in a loop callback
        finally:
            unbind(self.context)
        log.info("scheduler stopped")

    async def run_due(self) -> list[JobExecutionEvent]:
        """Wake the scheduler and return once every job it started has finished, with their
        outcomes (tests: after moving a FakeClock on; no waiting on wall-clock time)."""
        if self._scheduler is None:
            raise RuntimeError("the scheduler is not running")
        collected: list[JobExecutionEvent] = []
        self._collect = collected
        try:
            self._scheduler.wakeup()
            await _next_turn()  # the round has run and submitted what was due
            await self._idle.wait()
        finally:
            self._collect = None
        return collected

    def _job_started(self) -> None:
        self._running_jobs += 1
        self._idle.clear()

    def _job_finished(self, event: JobEvent) -> None:
        self._running_jobs = max(0, self._running_jobs - 1)
        if self._collect is not None and isinstance(event, JobExecutionEvent):
            self._collect.append(event)
        if not self._running_jobs:
            self._idle.set()


async def _next_turn() -> None:
    """Return after the callbacks already queued on the event loop have run."""
    loop = asyncio.get_running_loop()
    turn: asyncio.Future[None] = loop.create_future()
    loop.call_soon(turn.set_result, None)
    await turn


# --- which worker runs it --------------------------------------------------------------------


class Leadership:
    """The right to run the scheduler: on PostgreSQL a session-level advisory lock held
    on a dedicated connection for as long as this process leads; on SQLite always ours."""

    def __init__(self, engine: AsyncEngine, key: int = SCHEDULER_LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._connection: AsyncConnection | None = None

    @property
    def shared(self) -> bool:
        """Whether other processes may use the database (PostgreSQL)."""
        return self.engine.dialect.name == "postgresql"

    async def acquire(self) -> bool:
        """Try to become the leader, without waiting; True when this process leads."""
        if not self.shared:
            return True
        if self._connection is not None:
            return True
        connection = await self.engine.connect()
        try:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            won = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
            )
        except BaseException:
            await connection.close()
            raise
        if not won:
            await connection.close()
            return False
        self._connection = connection
        return True

    async def held(self) -> bool:
        """Whether this process still leads (its lock connection is alive)."""
        if not self.shared:
            return True
        if self._connection is None:
            return False
        try:
            await self._connection.scalar(text("SELECT 1"))
        except Exception:
            log.warning("lost the scheduler lock's database connection")
            await self._drop()
            return False
        return True

    async def release(self) -> None:
        """Stop leading: unlock, and close the connection for good (no pooled lock)."""
        if self._connection is None:
            return
        with contextlib.suppress(Exception):
            await self._connection.scalar(
                text("SELECT pg_advisory_unlock(:key)"), {"key": self.key}
            )
        await self._drop()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.invalidate()
            with contextlib.suppress(Exception):
                await connection.close()


class SchedulerRunner:
    """Runs the scheduler in this process whenever it leads, until stopped."""

    def __init__(
        self, context: JobContext, database_url: str, *, check_seconds: float = 30.0
    ) -> None:
        self.context = context
        self.database_url = database_url
        self.check_seconds = check_seconds
        self.leading = asyncio.Event()  # set while this process runs the scheduler
        self.scheduler: ReminderScheduler | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Campaign, lead, and campaign again after losing the lead, until ``stop``."""
        leadership = Leadership(self.context.store.engine)
        while not stop.is_set():
            try:
                if await leadership.acquire():
                    await self._lead(leadership, stop)
            except Exception:
                log.exception("the scheduler failed; trying again in %.0f s", self.check_seconds)
                await leadership.release()
            await _wait(stop, self.check_seconds)

    async def _lead(self, leadership: Leadership, stop: asyncio.Event) -> None:
        scheduler = ReminderScheduler(self.context, self.database_url)
        try:
            await scheduler.start()
            self.scheduler = scheduler
            self.leading.set()
            while not stop.is_set():
                await _wait(stop, self.check_seconds)
                if not stop.is_set() and not await leadership.held():
                    break
        finally:
            self.leading.clear()
            self.scheduler = None
            await scheduler.stop()
            await leadership.release()


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    """Sleep ``seconds``, or less when ``stop`` is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
