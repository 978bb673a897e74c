"""The Alembic migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, select

from core.labels import Category, Kind
from core.lifecycle import Action, FilingReason, IllegalTransition, Status
from core.ports import Actor, Contact, NewPetition
from storage import models as m
from storage.db import DatabaseUrlError, async_url, is_up_to_date, make_engine, upgrade
from storage.repository import SqlStore

AT = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
TABLES = {
    "alembic_version",
    "announcement_subscriptions",
    "apscheduler_jobs",
    "attachments",
    "citizen_identities",
    "citizens",
    "consents",
    "identity_accesses",
    "conversations",
    "dialogue_questions",
    "dialogues",
    "inbound_messages",
    "label_corrections",
    "link_codes",
    "officers",
    "outbox",
    "petition_contacts",
    "petition_events",
    "petition_subscriptions",
    "petitions",
    "reception_bookings",
    "reception_sessions",
    "sent_reminders",
    "unit_chats",
    "units",
    "zalo_tokens",
}


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, m.Base.metadata))


async def test_migrations_build_the_models_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert not await is_up_to_date(engine)
        await upgrade(engine)
        await upgrade(engine)  # running it again is harmless
        assert await is_up_to_date(engine)
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            differences = await connection.run_sync(_differences)
        assert tables == TABLES
        assert differences == []
    finally:
        await engine.dispose()


@pytest.fixture
async def store(migrated_url: str, config) -> SqlStore:  # type: ignore[no-untyped-def]
    engine = make_engine(migrated_url)
    store = SqlStore(engine)
    await store.sync_units(config.units)
    yield store
    await engine.dispose()


def _new(citizen_id: int, kind: Kind = Kind.KIEN_NGHI_PHAN_ANH) -> NewPetition:
    return NewPetition(
        citizen_id=citizen_id,
        channel="test",
        kind=kind,
        category=Category.MOI_TRUONG,
        urgent=False,
        confidence=0.9,
        text="Rác ở hẻm 12 không ai thu",
        received_at=AT,
        code_year=2026,
        anonymous=False,
        contact=Contact("Nguyễn Văn An", "0912345678", None, confidential=False),
    )


async def test_petition_lifecycle_is_recorded_and_illegal_steps_change_nothing(
    store: SqlStore,
) -> None:
    async with store.transaction() as repo:
        citizen = await repo.identify("test", "an", "An", AT)
        petition = await repo.create_petition(_new(citizen.id), Actor("citizen", citizen.id))
        assert petition.code == f"PA-2026-{petition.id:06d}"
        await repo.apply(petition.id, Action.ROUTE, Actor.system(), AT, unit_code="kt")
        accepted = await repo.apply(petition.id, Action.ACCEPT, Actor("officer", 7), AT)
        assert accepted.status is Status.ACCEPTED and accepted.unit_code == "kt"
    with pytest.raises(IllegalTransition, match="cannot close a petition that is accepted"):
        async with store.transaction() as repo:
            await repo.apply(petition.id, Action.CLOSE, Actor("officer", 7), AT)
    async with store.transaction() as repo:
        filed = await repo.apply(
            petition.id,
            Action.TRANSFER,
            Actor("officer", 7),
            AT,
            "Không thuộc lĩnh vực",
            unit_code="vhxh",
        )
        assert filed.status is Status.TRANSFERRED and filed.unit_code == "vhxh"
        done = await repo.apply(
            petition.id, Action.FILE, Actor("officer", 8), AT, reason=FilingReason.DUPLICATE
        )
        assert done.status is Status.FILED
        found = await repo.petition_for_owner(petition.code, citizen.id)
        assert found is not None
        actions = [event.action for event in found[1]]
        assert actions == ["receive", "route", "accept", "transfer", "file"]
        assert found[1][3].note == "Không thuộc lĩnh vực"
        assert await repo.petition_for_owner(petition.code, citizen.id + 1) is None


async def test_one_citizen_per_channel_identity(store: SqlStore) -> None:
    async with store.transaction() as repo:
        first = await repo.identify("telegram", "42", "An", AT)
        again = await repo.identify("telegram", "42", "An Nguyễn", AT)
        other = await repo.identify("zalo", "42", "An", AT)
    assert first.id == again.id != other.id
    assert again.display_name == "An Nguyễn"


async def test_units_follow_the_config(store: SqlStore, config) -> None:  # type: ignore[no-untyped-def]
    await store.sync_units(config.units[1:])
    async with store.transaction() as repo:
        rows = {u.code: u.active for u in (await repo.session.scalars(select(m.Unit))).all()}
    assert rows[config.units[0].code] is False
    assert all(rows[u.code] for u in config.units[1:])


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("sqlite:///danvan.db", "sqlite+aiosqlite:///danvan.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://u:p@h/db", "postgresql+asyncpg://u:p@h/db"),
        ("postgres://u@h:5433/db", "postgresql+asyncpg://u@h:5433/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_database_urls_get_their_async_driver(given: str, used: str) -> None:
    assert async_url(given) == used


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql+psycopg2://u@h/db", "nonsense"])
def test_unusable_database_urls_are_refused_plainly(url: str) -> None:
    with pytest.raises(DatabaseUrlError, match=r"unsupported|not a database URL"):
        async_url(url)


async def test_two_workers_starting_together_set_up_once(database_url: str, config) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    engines = [make_engine(database_url), make_engine(database_url)]
    try:
        await asyncio.gather(*(upgrade(e) for e in engines))
        await asyncio.gather(*(SqlStore(e).sync_units(config.units) for e in engines))
        async with SqlStore(engines[0]).transaction() as repo:
            codes = (await repo.session.scalars(select(m.Unit.code))).all()
        assert sorted(codes) == sorted(u.code for u in config.units)
    finally:
        for engine in engines:
            await engine.dispose()
