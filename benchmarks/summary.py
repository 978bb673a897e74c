"""Benchmark of the leaders' daily summary and quarterly report on a large database.

Reproduce with::

    DANVAN_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python benchmarks/summary.py [--petitions 1000000] [--runs 5]

Builds a database of ``--petitions`` petitions (default 1,000,000) received over the two
years ending on D = 30/11/2026 (more on weekdays, a realistic mix of kinds, categories,
units by the routing table, urgent ones, legal due dates from the work calendar, answers
with a lognormal delay, filings, closures, reopenings, ratings, a small backlog of
overdue work) on SQLite (a file in a temporary directory) and on PostgreSQL (a
throw-away database on the server of ``--postgres`` or DANVAN_TEST_POSTGRES_URL, dropped
afterwards; skipped, saying why, when neither is given). Rows are loaded in bulk
(sqlite3 ``executemany`` in batches; asyncpg ``COPY``); PostgreSQL is then vacuumed and
analysed, as autovacuum would; SQLite is not analysed, as danvan never does.

Timed, ``--runs`` times each, median and fastest: a baseline measured in the same run
(``SELECT count(*) FROM petitions``, a full scan), the daily summary of D (the queries,
then the text), the daily chart (queries, then the PNG), and the quarterly report of Q3 2026
(the queries, then the Excel file); each with its ratio to the baseline.

While loading, the figures of D are counted in Python from the generated rows (an
independent implementation of core/summary.py's definitions) and compared with what the
SQL returns: the benchmark doubles as a randomised check of the queries.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import make_url, text  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine  # noqa: E402

from core.clock import SystemClock  # noqa: E402
from core.codes import format_code  # noqa: E402
from core.config import Config, load_config  # noqa: E402
from core.deadlines import build_calendar  # noqa: E402
from core.labels import Category, Kind  # noqa: E402
from core.lifecycle import OPEN_STATUSES  # noqa: E402
from core.routing import route  # noqa: E402
from core.summary import Period, Tally, local_midnight  # noqa: E402
from storage import models as m  # noqa: E402
from storage.db import make_engine, upgrade  # noqa: E402
from storage.repository import SqlStore  # noqa: E402

D = date(2026, 11, 30)  # the summary's day: the last day of data
QUARTER = Period(date(2026, 7, 1), date(2026, 9, 30))
YEARS = 2
FIRST = D - timedelta(days=365 * YEARS - 1)  # the first day of data
BATCH = 20_000
ZONE = "Asia/Ho_Chi_Minh"
POSTGRES_ENV = "DANVAN_TEST_POSTGRES_URL"

KINDS = {Kind.KIEN_NGHI_PHAN_ANH: 70, Kind.HOI_DAP: 15, Kind.KHIEU_NAI: 10, Kind.TO_CAO: 5}
CATEGORIES = {
    Category.HA_TANG_GIAO_THONG: 16,
    Category.MOI_TRUONG: 14,
    Category.TRAT_TU_DO_THI: 12,
    Category.AN_NINH_TRAT_TU: 9,
    Category.THU_TUC_HANH_CHINH: 9,
    Category.DAT_DAI: 8,
    Category.XAY_DUNG: 7,
    Category.CHINH_SACH_XA_HOI: 5,
    Category.Y_TE: 4,
    Category.KHAC: 4,
    Category.CAN_BO_CONG_CHUC: 3,
    Category.GIAO_DUC: 3,
    Category.LAO_DONG_VIEC_LAM: 3,
    Category.KINH_TE_THUONG_MAI: 3,
}
TEXTS = [  # what a petition's text weighs in a row (the queries must not read it)
    "Đường trước nhà số 12 hẻm 45 Lê Lợi có ổ gà rất lớn, trời mưa đọng nước, xe máy té "
    "liên tục mấy hôm nay. Đề nghị phường cho người kiểm tra và sửa chữa sớm giúp bà con.",
    "Quán karaoke ở đầu hẻm hát đến 1-2 giờ sáng, nhiều hộ dân có người già và trẻ nhỏ "
    "không ngủ được. Bà con đã nhắc nhiều lần nhưng không có kết quả, đề nghị phường xử lý.",
    "Cho tôi hỏi làm lại giấy khai sinh cho con bị mất thì cần những giấy tờ gì, nộp ở đâu "
    "và mất bao lâu ạ? Tôi đi làm giờ hành chính nên muốn biết có nộp trực tuyến được không.",
    "Rác thải tập kết trái phép ở góc đường đã hơn một tuần không ai thu gom, bốc mùi hôi "
    "thối, ruồi muỗi nhiều, ảnh hưởng sức khỏe người dân và học sinh trường tiểu học gần đó.",
]
COLUMNS = [c.name for c in m.Petition.__table__.columns]


# --- generation ----------------------------------------------------------------------------


@dataclass
class Oracle:
    """The figures of D, counted in Python from the generated rows (core/summary.py)."""

    start: datetime
    end: datetime
    tally: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Tally.__annotations__, 0))
    rated: int = 0

    def count(self, row: dict[str, Any]) -> None:
        """Add one generated row."""
        start, end, t = self.start, self.end, self.tally

        def on_time(at: datetime) -> bool:
            return row["due_date"] is None or _local(at) <= row["due_date"]

        if start <= row["received_at"] < end:
            t["received"] += 1
        answered, status = row["answered_at"], row["status"]
        if answered is not None and start <= answered < end:
            t["answered"] += 1
            t["answered_on_time"] += on_time(answered)
        filed = status == "filed" and answered is None
        if filed and start <= row["filed_at"] < end:
            t["filed"] += 1
            t["filed_on_time"] += on_time(row["filed_at"])
        settled_after = (status in ("answered", "closed") and answered >= end) or (
            filed and row["filed_at"] >= end
        )
        if row["received_at"] < end and (status in OPEN_VALUES or settled_after):
            t["open_at_end"] += 1
            t["overdue_at_end"] += row["due_date"] is not None and row["due_date"] <= D
        if row["rated_at"] is not None and start <= row["rated_at"] < end:
            self.rated += 1


OPEN_VALUES = {s.value for s in OPEN_STATUSES}


def _local(at: datetime) -> date:
    return (at + timedelta(hours=7)).date()  # Asia/Ho_Chi_Minh has no daylight saving


def generate(count: int, config: Config, unit_ids: dict[str, int]) -> Iterator[dict[str, Any]]:
    """``count`` petitions in the order received (ids are chronological)."""
    rng = random.Random(20261130)
    calendar = build_calendar(config.holidays)
    days = [FIRST + timedelta(days=i) for i in range(365 * YEARS)]
    weights = [0.25 if d.weekday() == 6 else 0.5 if d.weekday() == 5 else 1.0 for d in days]
    received_days = sorted(rng.choices(days, weights=weights, k=count))
    now = local_midnight(D + timedelta(days=1), ZONE) + timedelta(hours=7, minutes=30)
    kinds, kind_weights = list(KINDS), list(KINDS.values())
    categories, category_weights = list(CATEGORIES), list(CATEGORIES.values())

    @cache
    def due(received: date, kind: Kind) -> date:
        rule = config.deadlines.rules[config.deadlines.on_receipt[kind]]
        return calendar.deadline(received, rule.limit, rule.unit)

    for number, day in enumerate(received_days, 1):
        kind = rng.choices(kinds, kind_weights)[0]
        category = rng.choices(categories, category_weights)[0]
        # mostly office hours, some evenings and nights
        seconds = rng.uniform(7, 22) * 3600 if rng.random() < 0.9 else rng.uniform(0, 24) * 3600
        received_at = local_midnight(day, ZONE) + timedelta(seconds=seconds)
        row = _settle(rng, received_at, due(day, kind), now)
        row.update(
            id=number,
            code=format_code(kind, day.year, number),
            kind=kind.value,
            category=category.value,
            urgent=rng.random() < 0.03,
            confidence=round(rng.uniform(0.4, 0.99), 3),
            unit_id=unit_ids[route(config.routing, kind, category)],
            channel="telegram" if rng.random() < 0.8 else "zalo",
            text=TEXTS[number % len(TEXTS)],
            anonymous=rng.random() < 0.05,
            received_at=received_at,
            due_date=due(day, kind),
            due_rule=config.deadlines.on_receipt[kind],
        )
        yield {column: row.get(column) for column in COLUMNS}


def _settle(rng: random.Random, received_at: datetime, due: date, now: datetime) -> dict[str, Any]:
    """Status and milestones of a petition received at ``received_at``, as of ``now``."""
    row: dict[str, Any] = {"status": "accepted", "updated_at": received_at, "version": 3}
    row.update(uncertain=False, source=None, place=None, latitude=None, longitude=None)
    row.update(redacted_text=None, cluster_id=None, filing_reason=None, rating=None)
    row.update(accepted_at=None, answered_at=None, closed_at=None, rated_at=None)
    draw = rng.random()
    if draw < 0.09:  # filed (lưu đơn) within a few days
        filed_at = received_at + timedelta(days=rng.uniform(0.2, 6))
        if filed_at < now:
            row.update(
                status="filed", filed_at=filed_at, updated_at=filed_at, filing_reason="not_eligible"
            )
        else:
            row["status"] = "routed"
        return row
    elif draw < 0.10:  # forgotten: stays open, overdue for ever
        row["accepted_at"] = received_at + timedelta(days=1)
        return row
    answered_at = received_at + timedelta(days=rng.lognormvariate(math.log(6), 0.8))
    if answered_at >= now:  # still being worked on
        age = now - received_at
        status = (
            "received"
            if age < timedelta(hours=2)
            else "routed"
            if age < timedelta(1)
            else (
                rng.choice(("accepted", "accepted", "accepted", "waiting_citizen", "transferred"))
            )
        )
        row["status"] = status
        return row
    row.update(status="answered", answered_at=answered_at, updated_at=answered_at)
    row["accepted_at"] = received_at + (answered_at - received_at) / 3
    if rng.random() < 0.4:
        rated_at = answered_at + timedelta(days=rng.uniform(0, 3))
        if rated_at < now:
            satisfied = rng.random() < 0.8
            row.update(rating="satisfied" if satisfied else "unsatisfied", rated_at=rated_at)
            if not satisfied and rng.random() < 0.1:
                row["status"] = "reopened"
                return row
    closed_at = answered_at + timedelta(days=2)
    if rng.random() < 0.5 and closed_at < now:
        row.update(status="closed", closed_at=closed_at, updated_at=closed_at)
    return row


# --- loading ------------------------------------------------------------------------------


def _sqlite_value(value: Any) -> Any:
    """What SQLAlchemy stores on SQLite: naive UTC 'YYYY-MM-DD HH:MM:SS.ffffff', ISO dates."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _batches(rows: Iterator[dict[str, Any]], oracle: Oracle) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        oracle.count(row)
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def load_sqlite(path: Path, rows: Iterator[dict[str, Any]], oracle: Oracle) -> None:
    """Insert with sqlite3's executemany, in batches, in one transaction. No ANALYZE:
    danvan never runs it, so SQLite plans without statistics, as in a deployment."""
    connection = sqlite3.connect(path)
    try:
        placeholders = ", ".join("?" for _ in COLUMNS)
        insert = f"INSERT INTO petitions ({', '.join(COLUMNS)}) VALUES ({placeholders})"
        with connection:
            for batch in _batches(rows, oracle):
                connection.executemany(
                    insert, [tuple(_sqlite_value(r[c]) for c in COLUMNS) for r in batch]
                )
    finally:
        connection.close()


async def load_postgres(
    engine: AsyncEngine, rows: Iterator[dict[str, Any]], oracle: Oracle
) -> None:
    """COPY the rows in batches (asyncpg's copy_records_to_table); then VACUUM ANALYZE, as
    autovacuum soon would (the first reads of fresh rows would otherwise write)."""
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        for batch in _batches(rows, oracle):
            records = [tuple(r[c] for c in COLUMNS) for r in batch]
            await raw.copy_records_to_table("petitions", records=records, columns=COLUMNS)
        await raw.execute("SELECT setval('petitions_id_seq', (SELECT max(id) FROM petitions))")
        await raw.execute("VACUUM ANALYZE petitions")


# --- timing --------------------------------------------------------------------------------


@dataclass
class Timing:
    """Several runs of one measurement, in seconds."""

    name: str
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


async def timed(name: str, runs: int, work: Callable[[], Awaitable[Any]]) -> Timing:
    """Run ``work`` once to warm up, then ``runs`` times, timing each."""
    await work()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        await work()
        seconds.append(time.perf_counter() - started)
    return Timing(name, seconds)


async def measure(engine: AsyncEngine, config: Config, runs: int, oracle: Oracle) -> list[Timing]:
    """Time the baseline, the daily summary and the quarterly report; check D's figures."""
    from bot.reports import LazyCharts
    from bot.reports.tables import document
    from bot.reports.xlsx import write_xlsx
    from handlers import leader
    from handlers.services import Services
    from storage.stats import SqlStats

    store = SqlStore(engine)
    services = Services(
        config=config,
        store=store,
        classify=lambda _text: None,  # type: ignore[arg-type,return-value]
        route=partial(route, config.routing),
        calendar=build_calendar(config.holidays),
        clock=SystemClock(),
        stats=SqlStats.of,
        charts=LazyCharts(),
    )
    made_on = D + timedelta(days=1)
    day = Period.day(D)
    scratch = Path(tempfile.mkdtemp(prefix="danvan-bench-"))

    async def in_transaction(work: Callable[[Any], Awaitable[Any]]) -> Any:
        async with store.transaction() as repo:
            return await work(repo)

    async def count(repo: Any) -> int:
        return int(await repo.session.scalar(text("SELECT count(*) FROM petitions")))

    async def day_figures(repo: Any) -> Any:
        return await SqlStats.of(repo, ZONE).figures(day)

    async def day_text(repo: Any) -> str:
        return await leader.daily_summary_text(repo, services, D)

    async def chart_queries(repo: Any) -> Any:
        return await leader.chart_data(repo, services, D)

    async def day_chart() -> Any:
        # drawn after the transaction, as the scheduler does
        data = await in_transaction(chart_queries)
        return await leader.draw_chart(services, data, scratch / "units.png")

    async def quarter_queries(repo: Any) -> Any:
        return await SqlStats.of(repo, ZONE).report(QUARTER, made_on)

    report = await in_transaction(quarter_queries)

    async def quarter_xlsx() -> Any:
        return await asyncio.to_thread(write_xlsx, document(report, config), scratch / "q3.xlsx")

    figures = await in_transaction(day_figures)
    expected = Tally(**oracle.tally)
    if figures.total != expected or figures.ratings.rated != oracle.rated:
        raise AssertionError(f"SQL {figures.total} != Python {expected} (rated {oracle.rated})")

    return [
        await timed(
            "baseline: SELECT count(*) FROM petitions", runs, partial(in_transaction, count)
        ),
        await timed("daily summary: queries", runs, partial(in_transaction, day_figures)),
        await timed("daily summary: queries + text", runs, partial(in_transaction, day_text)),
        await timed("daily chart (units): queries + PNG", runs, day_chart),
        await timed("quarterly report: queries", runs, partial(in_transaction, quarter_queries)),
        await timed(
            f"quarterly report: xlsx ({len(report.overdue)} overdue rows)", runs, quarter_xlsx
        ),
    ]


# --- the two databases ------------------------------------------------------------------------


async def prepare(engine: AsyncEngine, config: Config) -> dict[str, int]:
    """Schema and units, as `danvan` leaves them; the units' ids by code."""
    await upgrade(engine)
    await SqlStore(engine).sync_units(config.units)
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT code, id FROM units"))
        return {code: unit_id for code, unit_id in rows.all()}


def _oracle() -> Oracle:
    return Oracle(*Period.day(D).bounds(ZONE))


async def run_sqlite(count: int, config: Config, runs: int) -> tuple[float, list[Timing]]:
    """Build, load and time a SQLite file database."""
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as directory:
        path = Path(directory) / "bench.db"
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        try:
            units = await prepare(engine, config)
            oracle = _oracle()
            started = time.perf_counter()
            await asyncio.to_thread(load_sqlite, path, generate(count, config, units), oracle)
            loaded = time.perf_counter() - started
            timings = await measure(engine, config, runs, oracle)
        finally:
            await engine.dispose()
    return loaded, timings


async def run_postgres(
    url: str, count: int, config: Config, runs: int
) -> tuple[float, list[Timing]]:
    """Build, load and time a throw-away PostgreSQL database."""
    name = f"danvan_bench_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(make_url(url).set(database=name).render_as_string(hide_password=False))
        try:
            units = await prepare(engine, config)
            oracle = _oracle()
            started = time.perf_counter()
            await load_postgres(engine, generate(count, config, units), oracle)
            loaded = time.perf_counter() - started
            timings = await measure(engine, config, runs, oracle)
        finally:
            await engine.dispose()
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
    return loaded, timings


def report(title: str, count: int, loaded: float, timings: list[Timing]) -> None:
    """Print one database's figures."""
    baseline = timings[0].median
    print(f"\n{title}: {count:,} petitions loaded in {loaded:.1f} s ({count / loaded:,.0f} rows/s)")
    print(f"  {'measurement':<40} {'median':>10} {'fastest':>10} {'/baseline':>10}")
    for timing in timings:
        print(
            f"  {timing.name:<40} {timing.median * 1000:>8.1f}ms"
            f" {min(timing.runs) * 1000:>8.1f}ms {timing.median / baseline:>9.2f}x"
        )


async def main_async(args: argparse.Namespace) -> int:
    """Run the benchmark as asked (see the module docstring)."""
    config = load_config(ROOT / "config.yaml")
    count, runs = args.petitions, args.runs
    print(
        f"danvan summary benchmark: {count:,} petitions received {FIRST} .. {D};"
        f" daily summary of {D}, quarterly report {QUARTER.first} .. {QUARTER.last};"
        f" {runs} runs each after a warm-up"
    )
    if "sqlite" in args.databases:
        report("SQLite (file)", count, *await run_sqlite(count, config, runs))
    if "postgresql" in args.databases:
        url = args.postgres or os.environ.get(POSTGRES_ENV)
        if not url:
            print(f"\nPostgreSQL: skipped (give --postgres URL or set {POSTGRES_ENV})")
        else:
            report("PostgreSQL", count, *await run_postgres(url, count, config, runs))
    command = f".venv/bin/python benchmarks/summary.py --petitions {count} --runs {runs}"
    print(f"\nReproduce: {POSTGRES_ENV}=<server URL> {command}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--petitions", type=int, default=1_000_000, help="how many petitions")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each measurement")
    parser.add_argument("--postgres", help=f"PostgreSQL server URL (default: ${POSTGRES_ENV})")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (default: both)",
    )
    args = parser.parse_args(argv)
    if args.petitions < 1 or args.runs < 1:
        parser.error("--petitions and --runs must be at least 1")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
