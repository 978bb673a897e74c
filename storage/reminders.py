"""What the reminder sweep reads and records (sent_reminders), inside one session.

:func:`claim` is what makes every scheduled job idempotent: a reminder's key is inserted
in the transaction that queues its messages in the outbox, so "recorded as sent" and
"queued to send" commit together, and a second scheduler, a restart or a re-run finds the
key taken and sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.labels import Category, Kind
from core.lifecycle import OPEN_STATUSES, Action, Status
from core.reminders import AWAITING_ACCEPTANCE, PetitionFacts
from storage import models as m

_CHUNK = 500  # keys per IN (...) list


@dataclass(frozen=True)
class ReminderCandidate:
    """A petition the sweep looks at: the facts the rules need and what a reminder shows
    (never the text, never the sender)."""

    facts: PetitionFacts
    code: str
    kind: Kind
    category: Category


async def reminder_candidates(session: AsyncSession, due_by: date) -> list[ReminderCandidate]:
    """Open petitions at a unit due on or before ``due_by`` (uses the (status, due_date)
    index), and urgent ones no unit accepted yet, each once."""
    columns = select(
        m.Petition.id,
        m.Petition.code,
        m.Petition.kind,
        m.Petition.category,
        m.Petition.status,
        m.Petition.urgent,
        m.Petition.due_date,
        m.Petition.due_rule,
        m.Petition.received_at,
        m.Petition.accepted_at,
        m.Unit.code.label("unit_code"),
    ).join(m.Unit, m.Unit.id == m.Petition.unit_id)
    due = columns.where(
        m.Petition.status.in_([s.value for s in OPEN_STATUSES]),
        m.Petition.due_date <= due_by,
    )
    filed_at = (
        select(func.min(m.PetitionEvent.at))
        .where(
            m.PetitionEvent.petition_id == m.Petition.id,
            m.PetitionEvent.action == Action.ROUTE.value,
        )
        .correlate(m.Petition)
        .scalar_subquery()
    )
    urgent = columns.add_columns(filed_at).where(
        m.Petition.status.in_([s.value for s in AWAITING_ACCEPTANCE]),
        m.Petition.urgent.is_(True),
        m.Petition.accepted_at.is_(None),
    )
    found: dict[int, ReminderCandidate] = {}
    for row in (await session.execute(due)).all():
        found[row.id] = _candidate(row, None)
    for row in (await session.execute(urgent)).all():
        found[row.id] = _candidate(row, row[-1])  # the urgent row knows when it was filed
    return [found[key] for key in sorted(found)]


async def sent_keys(session: AsyncSession, keys: Iterable[str]) -> set[str]:
    """Which of these reminder keys are already recorded as sent."""
    wanted = sorted(set(keys))
    sent: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = await session.scalars(
            select(m.SentReminder.key).where(m.SentReminder.key.in_(chunk))
        )
        sent.update(rows.all())
    return sent


async def claim(
    session: AsyncSession, key: str, kind: str, petition_id: int | None, at: datetime
) -> bool:
    """Record a reminder as sent; False when it already was (by this or another scheduler).

    Call it in the transaction that queues the reminder's messages. The insert runs in a
    savepoint, so a taken key leaves the rest of the transaction usable; on PostgreSQL a
    concurrent claim of the same key waits for the other transaction and then loses.
    """
    try:
        async with session.begin_nested():
            session.add(m.SentReminder(key=key, petition_id=petition_id, kind=kind, sent_at=at))
    except IntegrityError:
        return False
    return True


def _candidate(row: Any, filed_at: datetime | None) -> ReminderCandidate:
    facts = PetitionFacts(
        id=row.id,
        status=Status(row.status),
        unit_code=row.unit_code,
        due_date=row.due_date,
        due_rule=row.due_rule,
        received_at=row.received_at,
        urgent=row.urgent,
        accepted_at=row.accepted_at,
        filed_at=filed_at,
    )
    return ReminderCandidate(facts, row.code, Kind(row.kind), Category(row.category))
