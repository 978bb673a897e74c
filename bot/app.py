"""Wiring: the database, the classifier and the conversations, put together once."""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from bot.reports import LazyCharts
from bot.settings import Settings
from core.clock import Clock, SystemClock
from core.deadlines import build_calendar
from core.ports import Classifier
from core.routing import route
from handlers.dispatch import Dispatcher
from handlers.services import Services
from storage.db import is_up_to_date, make_engine, upgrade
from storage.officers import SqlOfficers
from storage.reception import SqlReception
from storage.repository import SqlStore
from storage.stats import SqlStats

log = logging.getLogger(__name__)


class SchemaOutdated(RuntimeError):
    """The database schema is older than this release; run `danvan db upgrade`."""


@dataclass
class App:
    """A running application: close it when done."""

    services: Services
    store: SqlStore
    dispatcher: Dispatcher

    async def close(self) -> None:
        """Release the database connections."""
        await self.store.engine.dispose()


def default_classifier() -> Classifier:
    """The shipped NLP model (imported here so other commands do not pay for it)."""
    from nlp import classify

    return classify


async def open_app(
    settings: Settings, *, clock: Clock | None = None, classifier: Classifier | None = None
) -> App:
    """Connect, migrate (automatically on SQLite), sync units from config and wire handlers."""
    engine = make_engine(settings.database_url)
    try:
        if engine.dialect.name == "sqlite":
            await upgrade(engine)
        elif not await is_up_to_date(engine):
            raise SchemaOutdated(
                "the database schema is not up to date: run `danvan db upgrade` first"
            )
        store = SqlStore(engine)
        config = settings.config
        await store.sync_units(config.units)
    except BaseException:
        await engine.dispose()
        raise
    services = Services(
        config=config,
        store=store,
        classify=classifier or default_classifier(),
        route=partial(route, config.routing),
        calendar=build_calendar(config.holidays),
        clock=clock or SystemClock(),
        stats=SqlStats.of,
        charts=LazyCharts(),
        reception=SqlReception.of,
    )
    return App(services, store, Dispatcher(services, officer_repository=SqlOfficers.of))


async def open_app_or_explain(settings: Settings, command: str) -> App | None:
    """:func:`open_app`, or None after saying on stderr, in one line, why it cannot start."""
    from sqlalchemy.exc import DBAPIError

    from storage.db import DatabaseUrlError

    try:
        return await open_app(settings)
    except SchemaOutdated as exc:
        problem = str(exc)
    except (OSError, DBAPIError, DatabaseUrlError) as exc:
        problem = database_problem(settings, exc)
    print(f"danvan {command}: {problem}", file=sys.stderr)
    return None


async def run_on_app(
    settings: Settings, command: str, work: Callable[[App], Awaitable[None]]
) -> int:
    """Open the app, do ``work`` with it and close it: a command's exit status.
    An unusable database, or a file ``work`` cannot write, is one line on stderr and 2."""
    from sqlalchemy.exc import DBAPIError

    app = await open_app_or_explain(settings, command)
    if app is None:
        return 2
    try:
        await work(app)
    except (OSError, DBAPIError) as exc:
        problem = database_problem(settings, exc) if isinstance(exc, DBAPIError) else str(exc)
        print(f"danvan {command}: {problem}", file=sys.stderr)
        return 2
    finally:
        await app.close()
    return 0


def database_problem(settings: Settings, exc: Exception) -> str:
    """Why the configured database cannot be used, naming where it is configured."""
    return (
        f"cannot use the database (DANVAN_DATABASE_URL or database.url in "
        f"{settings.config_path}): {exc}"
    )
