"""What the Zalo channel keeps and asks of the database: the OA's token pair (single-use
refresh token, saved before it is used) and the facts of a user's reply window (their
latest message: when, and which one, to address replies to it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import models as m
from storage.outbox import SENT


async def token_row(session: AsyncSession, app_id: str) -> m.ZaloToken | None:
    """The stored pair of an app (None before the first start)."""
    return await session.get(m.ZaloToken, app_id, populate_existing=True)


async def seed_tokens(
    session: AsyncSession,
    app_id: str,
    access_token: str,
    refresh_token: str,
    access_expires_at: datetime,
    now: datetime,
) -> bool:
    """Store the environment's first pair when there is none, or when the stored one is
    dead and the environment brings a different refresh token (an administrator authorised
    the OA again). Returns whether it was stored."""
    row = await token_row(session, app_id)
    if row is None:
        session.add(
            m.ZaloToken(
                app_id=app_id,
                access_token=access_token,
                refresh_token=refresh_token,
                access_expires_at=access_expires_at,
                refreshed_at=now,
                dead=False,
            )
        )
        await session.flush()
        return True
    if row.dead and row.refresh_token != refresh_token:
        row.access_token, row.refresh_token = access_token, refresh_token
        row.access_expires_at, row.refreshed_at = access_expires_at, now
        row.dead, row.last_error, row.refreshing_until = False, None, None
        await session.flush()
        return True
    return False


async def lease_refresh(
    session: AsyncSession, app_id: str, refresh_token: str, until: datetime, now: datetime
) -> bool:
    """Claim the right to spend ``refresh_token`` (no other worker may spend it until
    ``until``); False if another worker holds it, or the token changed meanwhile."""
    result = await session.execute(
        update(m.ZaloToken)
        .where(
            m.ZaloToken.app_id == app_id,
            m.ZaloToken.refresh_token == refresh_token,
            m.ZaloToken.dead.is_(False),
            (m.ZaloToken.refreshing_until.is_(None)) | (m.ZaloToken.refreshing_until <= now),
        )
        .values(refreshing_until=until)
    )
    return bool(getattr(result, "rowcount", 0))


async def save_pair(
    session: AsyncSession,
    app_id: str,
    spent_refresh_token: str,
    access_token: str,
    refresh_token: str,
    access_expires_at: datetime,
    now: datetime,
) -> bool:
    """Replace the pair whose refresh token was just spent by the new one (compare and
    swap: False if the stored refresh token is no longer the spent one)."""
    result = await session.execute(
        update(m.ZaloToken)
        .where(m.ZaloToken.app_id == app_id, m.ZaloToken.refresh_token == spent_refresh_token)
        .values(
            access_token=access_token,
            refresh_token=refresh_token,
            access_expires_at=access_expires_at,
            refreshed_at=now,
            refreshing_until=None,
            dead=False,
            last_error=None,
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def end_lease(session: AsyncSession, app_id: str, error: str, dead: bool) -> None:
    """A refresh failed: free the lease and record why (``dead``: the token was refused)."""
    values: dict[str, object] = {"refreshing_until": None, "last_error": error[:500]}
    if dead:
        values["dead"] = True
    await session.execute(update(m.ZaloToken).where(m.ZaloToken.app_id == app_id).values(values))


@dataclass(frozen=True)
class LastInbound:
    """The latest message a person sent on a channel: when, and the event's external id
    (None when it may not be theirs: see :func:`last_inbound`)."""

    at: datetime
    external_id: str | None


async def last_inbound(session: AsyncSession, channel: str, user_id: str) -> LastInbound | None:
    """The latest message of the person with this identity on ``channel`` (None: never, or
    forgotten). Its ``external_id`` is left out when the citizen has another identity on
    the same channel: the message may be the other account's, and a reply addressed to it
    would reach that account."""
    identity = m.CitizenIdentity
    citizen = (
        select(identity.citizen_id)
        .where(identity.channel == channel, identity.external_id == user_id)
        .scalar_subquery()
    )
    identities = (
        await session.execute(
            select(identity.citizen_id, identity.external_id).where(
                identity.channel == channel, identity.citizen_id == citizen
            )
        )
    ).all()
    if not identities:
        return None
    citizen_id = identities[0].citizen_id
    others = any(row.external_id != user_id for row in identities)
    latest = (
        await session.execute(
            select(m.InboundMessage.received_at, m.InboundMessage.external_id)
            .where(m.InboundMessage.citizen_id == citizen_id, m.InboundMessage.channel == channel)
            .order_by(m.InboundMessage.received_at.desc(), m.InboundMessage.id.desc())
            .limit(1)
        )
    ).first()
    if latest is None:
        return None
    return LastInbound(latest.received_at, None if others else latest.external_id)


async def sent_since(session: AsyncSession, channel: str, chat_id: str, since: datetime) -> int:
    """How many messages were sent to a chat since ``since``."""
    count = await session.scalar(
        select(func.count())
        .select_from(m.OutboxMessage)
        .where(
            m.OutboxMessage.channel == channel,
            m.OutboxMessage.chat_id == chat_id,
            m.OutboxMessage.status == SENT,
            m.OutboxMessage.sent_at >= since,
        )
    )
    return int(count or 0)
