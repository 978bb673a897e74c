"""Shared fixtures: the project's config, databases (SQLite always, PostgreSQL when given),
a controllable clock, and a keyword classifier for flow tests that must not depend on the
model's current quality."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import App, open_app
from bot.settings import Settings
from core.config import Config, load_config
from core.labels import Category, Kind
from handlers.channel import Event, Incoming, Option, Reply, Sender, Text, parse_command
from storage.db import make_engine, upgrade
from storage.outbox import take_pending

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ENV = "DANVAN_TEST_POSTGRES_URL"
REDIS_ENV = "DANVAN_TEST_REDIS_URL"


@pytest.fixture(scope="session")
def config() -> Config:
    """The repository's own config.yaml: tests exercise the shipped defaults."""
    return load_config(ROOT / "config.yaml")


@dataclass
class FakeClock:
    """A clock tests move by hand."""

    current: datetime = field(default_factory=lambda: datetime(2026, 12, 1, 2, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@dataclass(frozen=True)
class KeywordPrediction:
    kind: Kind
    category: Category
    urgent: bool
    confidence: float
    categories: tuple[tuple[Category, float], ...]


def keyword_classifier(text: str) -> KeywordPrediction:
    """A transparent stand-in for the model: flow tests choose the labels by their words."""
    lowered = text.lower()
    kind = Kind.KIEN_NGHI_PHAN_ANH
    if "tố cáo" in lowered or "đòi tiền" in lowered:
        kind = Kind.TO_CAO
    elif "quyết định" in lowered:
        kind = Kind.KHIEU_NAI
    elif "?" in lowered or "thủ tục" in lowered:
        kind = Kind.HOI_DAP
    category = Category.KHAC
    for word, label in (
        ("ổ gà", Category.HA_TANG_GIAO_THONG),
        ("rác", Category.MOI_TRUONG),
        ("đất", Category.DAT_DAI),
        ("cán bộ", Category.CAN_BO_CONG_CHUC),
        ("khai sinh", Category.THU_TUC_HANH_CHINH),
        ("cháy", Category.AN_NINH_TRAT_TU),
    ):
        if word in lowered:
            category = label
            break
    confidence = 0.3 if "không rõ" in lowered else 0.9
    ranked = [category, *[c for c in Category if c is not category]]
    scores = tuple((c, confidence if i == 0 else 0.01) for i, c in enumerate(ranked))
    return KeywordPrediction(kind, category, "cháy" in lowered, confidence, scores)


def _postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite, and PostgreSQL when DANVAN_TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'danvan.db'}"
        return
    yield from _postgres_or_skip()


@pytest.fixture
def redis_url() -> str:
    """The test Redis server (several workers' per-chat locks), or skip saying why."""
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"Redis not configured: set {REDIS_ENV} (CI sets it)")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database, for what only a server database shows."""
    yield from _postgres_or_skip()


def _postgres_or_skip() -> Iterator[str]:
    url = _postgres_url()
    if url is None:
        pytest.skip(f"PostgreSQL not configured: set {POSTGRES_ENV} (CI sets it)")
    yield from _fresh_postgres_database(url)


def _fresh_postgres_database(url: str) -> Iterator[str]:
    """A throw-away database on the PostgreSQL server, dropped after the test."""
    import asyncio

    name = f"danvan_test_{uuid.uuid4().hex[:12]}"

    async def run(statement: str) -> None:
        engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[object]:
    engine = make_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def migrated_url(database_url: str) -> str:
    """A fresh database with the schema applied, as `danvan db upgrade` leaves it."""
    engine = make_engine(database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    return database_url


@pytest.fixture
async def app(migrated_url: str, config: Config, clock: FakeClock) -> AsyncIterator[App]:
    """The wired application on a fresh database, with the keyword classifier."""
    settings = Settings(ROOT / "config.yaml", config, migrated_url)
    application = await open_app(settings, clock=clock, classifier=keyword_classifier)
    yield application
    await application.close()


class Chat:
    """One person's chat with the bot through the channel-neutral interface."""

    def __init__(
        self,
        app: App,
        clock: FakeClock,
        user: str,
        channel: str = "test",
        member_id: str | None = None,
    ) -> None:
        self.app, self.clock = app, clock
        self.sender = Sender(channel, user, user.capitalize(), member_id)
        self.exchanges = 0

    async def send(self, event: Event | str, external_id: str | None = None) -> list[Reply]:
        """Send text (a str), or any event; return the replies."""
        if isinstance(event, str):
            event = parse_command(event) or Text(event)
        self.exchanges += 1
        self.clock.advance(seconds=30)
        return await self.app.dispatcher.handle(
            Incoming(self.sender, event, self.clock.now(), external_id)
        )

    async def inbox(self) -> list[Reply]:
        """The messages queued for this chat by others (notices, cards), marked sent.

        A group's messages are queued on its people's channel (``test`` for ``test_group``)."""
        channel = self.sender.channel.removesuffix("_group")
        async with self.app.store.transaction() as repo:
            rows = await take_pending(
                repo.session, channel, self.sender.external_id, self.clock.now()
            )
        return [
            Reply(row.text or "", tuple(Option(str(v), str(label)) for v, label in row.options))
            for row in rows
        ]

    async def inbox_text(self) -> str:
        """:meth:`inbox` as one string (texts and option labels), for assertions."""
        return "\n".join(
            "\n".join([reply.text, *(o.label for o in reply.options)])
            for reply in await self.inbox()
        )

    async def say(self, event: Event | str) -> str:
        """Send and return all reply texts and option labels joined, for assertions."""
        return "\n".join(
            "\n".join([reply.text, *(o.label for o in reply.options)])
            for reply in await self.send(event)
        )


@pytest.fixture
def chat_as(app: App, clock: FakeClock) -> Callable[[str], Chat]:
    """Factory: chat_as("an") is An's chat."""
    return lambda user: Chat(app, clock, user)
