"""Reception tests run the real scheduler (tests/scheduler's Ward) on a config whose weekly
session has two places, so that a full session is quick to reach."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.config import Config
from tests.conftest import Chat, FakeClock
from tests.handlers.test_citizen_flow import consented
from tests.scheduler.conftest import Ward

CAPACITY = 2


def small_config(config: Config) -> Config:
    """The shipped config with two places per weekly session."""
    slot = config.reception.weekly[0].model_copy(update={"capacity": CAPACITY})
    reception = config.reception.model_copy(update={"weekly": (slot,)})
    return config.model_copy(update={"reception": reception})


@pytest.fixture
async def ward(
    migrated_url: str, config: Config, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[Ward]:
    """A ward on a fresh database (SQLite, and PostgreSQL when configured)."""
    ward = Ward(migrated_url, small_config(config), clock, tmp_path / "charts")
    yield ward
    await ward.stop()


def chat(ward: Ward, user: str) -> Chat:
    """A person's chat with the ward's running app."""
    return Chat(ward.store(), ward.clock, user)


async def citizen(ward: Ward, user: str) -> Chat:
    """A citizen who has given consent."""
    person = chat(ward, user)
    await consented(person)
    return person


async def leader(ward: Ward, user: str = "chutich") -> Chat:
    """The chairman, registered in chat."""
    person = chat(ward, user)
    assert "Đăng ký thành công" in await person.say("/dangky LD-CT-1S9Q")
    return person
