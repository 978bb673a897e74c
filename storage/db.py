"""Engine, sessions and schema upgrades (Alembic) for any SQLAlchemy async URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection, event, make_url, text
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

MIGRATIONS = Path(__file__).with_name("migrations")
ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}
# Held while the schema or the units table is set up, so two workers starting together on
# one PostgreSQL database do not both do it (SQLite serialises writers by itself).
SETUP_LOCK_KEY = 0x64616E76  # "danv"


class DatabaseUrlError(ValueError):
    """A database URL danvan cannot use; the message says what to write instead."""


def async_url(url: str) -> str:
    """The URL with its async driver: ``postgresql://`` gets asyncpg, ``sqlite://`` aiosqlite."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(f"not a database URL: {url!r}") from None
    if parsed.drivername in ASYNC_DRIVERS.values():
        return url
    driver = ASYNC_DRIVERS.get(parsed.drivername)
    if driver is None:
        raise DatabaseUrlError(
            f"unsupported database driver {parsed.drivername!r}: use sqlite+aiosqlite:///FILE "
            "or postgresql+asyncpg://USER@HOST/DB"
        )
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


async def hold_setup_lock(connection: AsyncConnection) -> None:
    """On PostgreSQL, wait for the set-up lock until the transaction ends; no-op on SQLite."""
    if connection.dialect.name == "postgresql":
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY}
        )


def make_engine(url: str) -> AsyncEngine:
    """An async engine; SQLite gets foreign keys and a busy timeout for concurrent writers.

    SQL parameters are never written into error messages or logs: they hold what citizens
    wrote, names and phone numbers included. Raises DatabaseUrlError for an unusable URL.
    """
    url = async_url(url)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # the "begin" hook below starts transactions
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _begin_immediate(connection):  # type: ignore[no-untyped-def]
            # One writer at a time, decided when the transaction starts: a transaction never
            # reads a state that another one is about to change (SQLite's deferred default
            # would let two workers read the same conversation and both act on it).
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True)


def alembic_config() -> AlembicConfig:
    """The Alembic configuration of the shipped migrations."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Apply migrations up to ``revision`` on the engine's database."""
    async with engine.begin() as connection:
        await hold_setup_lock(connection)
        await connection.run_sync(_upgrade, revision)


def _current_matches_head(connection: Connection) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    return set(MigrationContext.configure(connection).get_current_heads()) == heads


async def is_up_to_date(engine: AsyncEngine) -> bool:
    """Whether the database is at the newest migration."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current_matches_head)
