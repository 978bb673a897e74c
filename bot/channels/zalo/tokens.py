"""The OA's tokens: an access token of about 25 hours and a single-use refresh token of
about 3 months (Zalo OAuth v4, see client.py).

The rules, in order of importance:

1. **Saved before used.** A refresh spends the stored refresh token; the new pair is
   written to the database (compare-and-swap on the spent token) before its access token
   is used. A failed save is retried with the pair kept in memory, so a passing database
   error does not lose the only valid refresh token. Only a crash of the process in the
   instant between Zalo's answer and the commit can lose it; then the next refresh is
   refused and rule 4 applies.
2. **One spender.** A worker leases the refresh in the database before calling Zalo, so
   two workers (or the job and a -216 retry) never spend the same token twice; the others
   wait for the new pair and read it from the database.
3. **Ahead of expiry.** The scheduler's job (bot/jobs.py) refreshes when the access token
   has less than ``zalo.refresh_ahead_minutes`` left; on error -216 the channel refreshes
   once and retries (:meth:`TokenKeeper.refresh`, given the token that failed).
4. **A dead refresh token is loud.** When Zalo refuses it, the pair is marked dead, the log
   says so at CRITICAL, and ``on_dead`` alerts the administrators (the leaders, in chat):
   someone must authorise the OA again and set new ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN.
   While the pair stays dead the scheduler's check calls ``on_dead`` again (the alert
   itself goes out at most once a day, and waits for a leader when none is registered).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.channels.zalo.client import DEFAULT_ACCESS_SECONDS, RefreshRefused, TokenPair, ZaloClient
from core.clock import Clock
from storage import zalo as db

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
SAVE_ATTEMPTS = 5


class TokensDead(Exception):
    """The refresh token was refused: nothing can be sent until the OA is authorised again."""


class TokensUnavailable(Exception):
    """No usable access token right now (Zalo unreachable, another worker refreshing too
    long, the database down); try again later."""


class TokenKeeper:
    """Hands out the current access token and renews it (see the module docstring)."""

    def __init__(
        self,
        engine: AsyncEngine,
        client: ZaloClient,
        clock: Clock,
        *,
        refresh_ahead: timedelta,
        on_dead: Callable[[str], Awaitable[None]] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.client, self.clock = client, clock
        self.app_id = client.app_id
        self.refresh_ahead = refresh_ahead
        self.on_dead = on_dead
        self.sleep = sleep
        self._cached: tuple[str, datetime] | None = None
        self._unsaved: tuple[str, TokenPair] | None = None  # (spent refresh token, new pair)
        self._lock = asyncio.Lock()

    async def seed(self, access_token: str | None, refresh_token: str | None) -> bool:
        """Store the environment's first pair if the database has none (or a dead one);
        TokensDead/TokensUnavailable when there is nothing usable at all."""
        now = self.clock.now()
        async with self._sessions() as session, session.begin():
            stored = False
            if access_token and refresh_token:
                expires = now + timedelta(seconds=DEFAULT_ACCESS_SECONDS)
                stored = await db.seed_tokens(
                    session, self.app_id, access_token, refresh_token, expires, now
                )
            row = await db.token_row(session, self.app_id)
            if row is None:
                raise TokensUnavailable(
                    "no Zalo tokens yet: export ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN "
                    "(from the OA's authorisation) for the first start"
                )
            if row.dead:
                raise TokensDead(
                    "the stored Zalo refresh token is dead: authorise the OA again and export "
                    "the new ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN"
                )
        return stored

    async def access_token(self) -> str:
        """A current access token (from memory, else the database)."""
        now = self.clock.now()
        if self._cached is not None and self._cached[1] > now:
            return self._cached[0]
        async with self._sessions() as session:
            row = await db.token_row(session, self.app_id)
        if row is None or row.dead:
            raise TokensDead("the Zalo tokens are missing or dead")
        self._cached = (row.access_token, row.access_expires_at)
        if row.access_expires_at <= now:
            return await self.refresh(row.access_token)
        return row.access_token

    async def refresh_if_due(self) -> bool:
        """The scheduler's check: refresh when the access token is about to expire; while
        the pair is dead, alert again (``on_dead`` decides whether anyone is told)."""
        async with self._sessions() as session:
            row = await db.token_row(session, self.app_id)
        if row is None:
            return False
        if row.dead:
            if self.on_dead is not None:
                await self.on_dead(row.last_error or "the Zalo refresh token is dead")
            return False
        if row.access_expires_at - self.clock.now() > self.refresh_ahead:
            return False
        await self.refresh(row.access_token)
        return True

    async def refresh(self, failed_token: str | None = None) -> str:
        """A new access token. With ``failed_token`` (Zalo said -216 for it): if another
        worker already replaced it, that one is returned without spending anything."""
        async with self._lock:
            if self._unsaved is not None:
                return await self._save(*self._unsaved)
            for _ in range(int(LEASE.total_seconds() * 2)):
                now = self.clock.now()
                async with self._sessions() as session, session.begin():
                    row = await db.token_row(session, self.app_id)
                    if row is None or row.dead:
                        raise TokensDead("the Zalo tokens are missing or dead")
                    if (
                        failed_token is not None
                        and row.access_token != failed_token
                        and row.access_expires_at > now
                    ):
                        self._cached = (row.access_token, row.access_expires_at)
                        return row.access_token
                    spent = row.refresh_token
                    leased = await db.lease_refresh(session, self.app_id, spent, now + LEASE, now)
                if leased:
                    return await self._spend(spent)
                failed_token = failed_token or row.access_token
                await self.sleep(0.5)  # another worker is refreshing: wait for its pair
            raise TokensUnavailable("another worker has been refreshing the Zalo token too long")

    async def _spend(self, spent: str) -> str:
        try:
            pair = await self.client.refresh(spent, self.clock.now())
        except RefreshRefused as exc:
            await self._end_lease(str(exc), dead=True)
            log.critical(
                "Zalo refused the refresh token (%s): nothing can be sent on Zalo until the OA "
                "is authorised again and ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN are set",
                exc,
            )
            if self.on_dead is not None:
                await self.on_dead(str(exc))
            raise TokensDead(str(exc)) from exc
        except Exception as exc:
            await self._end_lease(f"refresh failed: {exc}", dead=False)
            raise TokensUnavailable(f"the Zalo token could not be refreshed: {exc}") from exc
        self._unsaved = (spent, pair)
        return await self._save(spent, pair)

    async def _save(self, spent: str, pair: TokenPair) -> str:
        """Store the new pair (retrying), then hand out its access token."""
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                await self._store(spent, pair)
                break
            except Exception:
                log.exception("saving the new Zalo token pair failed (attempt %d)", attempt)
                if attempt == SAVE_ATTEMPTS:
                    raise TokensUnavailable("the new Zalo token pair is not saved yet") from None
                await self.sleep(0.2 * 2**attempt)
        self._unsaved = None
        self._cached = (pair.access_token, pair.access_expires_at)
        log.info("Zalo access token renewed until %s", pair.access_expires_at.isoformat())
        return pair.access_token

    async def _store(self, spent: str, pair: TokenPair) -> None:
        async with self._sessions() as session, session.begin():
            saved = await db.save_pair(
                session,
                self.app_id,
                spent,
                pair.access_token,
                pair.refresh_token,
                pair.access_expires_at,
                self.clock.now(),
            )
        if not saved:  # the row changed under our lease: never silently drop a live token
            log.critical("the stored Zalo pair changed during a refresh; keeping the new one")
            async with self._sessions() as session, session.begin():
                row = await db.token_row(session, self.app_id)
                if row is not None:
                    row.access_token, row.refresh_token = pair.access_token, pair.refresh_token
                    row.access_expires_at = pair.access_expires_at
                    row.refreshing_until, row.dead = None, False

    async def _end_lease(self, error: str, dead: bool) -> None:
        try:
            async with self._sessions() as session, session.begin():
                await db.end_lease(session, self.app_id, error, dead)
        except Exception:
            log.exception("could not record the failed Zalo refresh")
