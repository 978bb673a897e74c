"""The Zalo channel: the signed webhook in, the shared outbox out.

* **Webhook** (aiohttp, ``zalo.webhook_host:webhook_port`` + ``webhook_path``): every
  request's ``X-ZEvent-Signature`` is checked first (events.py); a missing or wrong one is
  answered 401 and nothing is processed. An event whose ``timestamp`` is further than
  ``zalo.replay_window_seconds`` from now is refused (400): a replayed request, even
  correctly signed, does nothing. A known message id is ignored (the dispatcher
  de-duplicates by channel and external id, as for Telegram's update ids). A failure to
  store answers 500 so that Zalo sends the event again.
* **Replies** join the outbox in the turn's transaction. Before them, the notices held
  while the reply window was closed are queued again after a short note
  (storage.outbox.release_held): the citizen is told in their next message, whatever it
  is (a sticker the bot cannot read too).
* **Sending**: the shared OutboxSender with :class:`ZaloTransport` and our own pace.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import timedelta

from aiohttp import web

from bot.channels.outbox_sender import OutboxSender, Sleep, queue_replies, record_unhandled
from bot.channels.ratelimit import RateLimiter
from bot.channels.web import healthz, serve
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.events import (
    CHANNEL,
    SIGNATURE_HEADER,
    BadEvent,
    ZaloEvent,
    convert,
    event_time,
    signature_ok,
)
from bot.channels.zalo.settings import ZaloSettings, ZaloStartError
from bot.channels.zalo.tokens import TokenKeeper, TokensDead, TokensUnavailable
from bot.channels.zalo.transport import ZaloTransport
from bot.channels.zalo.window import ReplyWindow
from core.clock import Clock, SystemClock
from core.ports import Repository
from handlers import texts
from handlers.channel import Incoming, Reply, Sender
from handlers.dispatch import Dispatcher
from handlers.services import Services
from storage.officers import SqlOfficers
from storage.reminders import claim
from storage.repository import SqlStore

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024
DEAD_ALERT_KIND = "zalo-token-dead"


class ZaloChannel:
    """One Official Account: its client and tokens, the webhook, the outbox sender."""

    def __init__(
        self,
        services: Services,
        store: SqlStore,
        settings: ZaloSettings,
        *,
        clock: Clock | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.services, self.store, self.settings = services, store, settings
        self.config = settings.config
        self.clock = clock or SystemClock()
        self.client = ZaloClient(
            settings.app_id, settings.app_secret, settings.api_base, settings.oauth_base
        )
        self.tokens = TokenKeeper(
            store.engine,
            self.client,
            self.clock,
            refresh_ahead=timedelta(minutes=self.config.refresh_ahead_minutes),
            on_dead=self.alert_dead_tokens,
            sleep=sleep,
        )
        window = ReplyWindow(
            store.engine,
            self.clock,
            self.config.reply_window_hours,
            self.config.reply_window_max_messages,
        )
        limiter = RateLimiter(
            lambda: self.clock.now().timestamp(),
            per_chat_per_second=self.config.per_user_per_second,
            per_chat_burst=self.config.per_user_burst,
            global_per_second=self.config.global_per_second,
        )
        self.sender = OutboxSender(
            store.engine,
            CHANNEL,
            ZaloTransport(self.client, self.tokens, window),
            limiter,
            self.clock,
            sleep,
        )
        self.handlers = Dispatcher(
            services, reply_sink=self._reply_sink, officer_repository=SqlOfficers.of
        )

    # --- start-up and shutdown -----------------------------------------------------------

    async def check(self) -> None:
        """Store the first token pair if needed; ZaloStartError when none is usable."""
        try:
            await self.tokens.seed(self.settings.access_token, self.settings.refresh_token)
        except (TokensDead, TokensUnavailable) as exc:
            raise ZaloStartError(str(exc)) from None

    def start_sender(self) -> None:
        """Send the outbox in the background (unsent rows of earlier runs too)."""
        self.sender.start()

    async def close(self) -> None:
        """Stop the sender (the send in progress is finished and recorded, for a while at
        most) and close the HTTP client."""
        await self.sender.close()
        await self.client.close()

    # --- the webhook ---------------------------------------------------------------------

    def webhook_app(self) -> web.Application:
        """The aiohttp application serving the webhook (and ``/healthz``)."""
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self.config.webhook_path, self._webhook)
        app.router.add_get("/healthz", healthz)
        return app

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.read()
        given = request.headers.get(SIGNATURE_HEADER, "")
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                raise BadEvent("not an object")
            raw_time, sent_at = event_time(data)
        except (ValueError, BadEvent):
            return web.Response(status=400 if given else 401, text="Bad Request: not an event")
        settings = self.settings
        if not given or not signature_ok(
            settings.app_id, body, raw_time, settings.oa_secret_key, given
        ):
            log.warning("Zalo webhook: a request with a missing or wrong signature was refused")
            return web.Response(status=401, text="Unauthorized")
        now = self.clock.now()
        if abs((now - sent_at).total_seconds()) > self.config.replay_window_seconds:
            log.warning("Zalo webhook: an event of %s was refused as stale", sent_at.isoformat())
            return web.Response(status=400, text="Bad Request: stale event")
        if str(data.get("app_id", settings.app_id)) != settings.app_id:
            return web.Response(status=401, text="Unauthorized: another app")
        try:
            event = convert(data, raw_time, sent_at, now)
        except BadEvent as exc:
            return web.Response(status=400, text=f"Bad Request: {exc}")
        if event is None:
            return web.json_response({"message": "ignored"})
        try:
            await self.process(event)
        except Exception:
            log.exception("Zalo event %s could not be stored; Zalo will resend it", event.kind)
            return web.Response(status=500, text="not stored, send again")
        return web.json_response({"message": "ok"})

    async def process(self, event: ZaloEvent) -> None:
        """Hand an event to the conversations (or record it). Raises only when nothing
        could be stored."""
        if event.incoming is not None:
            await self.handlers.handle(event.incoming)
        else:
            await self._record_only(event)
        self.sender.notify()

    async def _record_only(self, event: ZaloEvent) -> None:
        """An unfollow, or a message the bot cannot read (answered once, after what was
        held, like any message): recorded, so a re-delivery finds it and does nothing
        twice."""
        kind = "unfollow" if event.kind == "unfollow" else "unsupported"
        now = self.clock.now()
        async with self.store.transaction() as repo:
            sender = Sender(CHANNEL, event.user_id)
            if not await record_unhandled(
                repo, sender, kind, event.external_id, event.sent_at, now
            ):
                return
            if kind == "unsupported":
                await self._queue_replies(repo, event.user_id, [Reply(texts.ZALO_UNSUPPORTED)])

    async def _reply_sink(self, repo: Repository, incoming: Incoming, replies: list[Reply]) -> None:
        """The dispatcher's reply sink (see :meth:`_queue_replies`)."""
        await self._queue_replies(repo, incoming.sender.external_id, replies)

    async def _queue_replies(self, repo: Repository, user_id: str, replies: list[Reply]) -> None:
        """What was held is released first, then the replies, in ``repo``'s transaction."""
        await queue_replies(
            repo,
            CHANNEL,
            user_id,
            False,
            replies,
            self.clock.now(),
            release_note=texts.HELD_RELEASED,
        )

    # --- tokens --------------------------------------------------------------------------

    async def alert_dead_tokens(self, reason: str) -> None:
        """Tell the leaders (the ward's administrators in chat) once a day that Zalo needs
        a new authorisation; always logged at CRITICAL by the token keeper. With no leader
        registered nothing is recorded: the keeper calls this again at each scheduled check
        while the pair is dead (TokenKeeper.refresh_if_due), so a leader who registers
        later is told then."""
        now = self.clock.now()
        key = f"{DEAD_ALERT_KIND}:{self.settings.app_id}:{now.date().isoformat()}"
        try:
            async with self.store.transaction() as repo:
                leaders = await SqlOfficers(repo.session).leaders()
                if not leaders:
                    log.warning("no leader is registered to be told that the Zalo tokens are dead")
                    return
                if not await claim(repo.session, key, DEAD_ALERT_KIND, None, now):
                    return
                for leader in leaders:
                    await repo.post_message(leader, texts.ZALO_TOKEN_DEAD, (), now)
        except Exception:
            log.exception("could not alert the leaders that the Zalo tokens are dead")


async def run_channel(channel: ZaloChannel, stop: asyncio.Event) -> None:
    """Serve the webhook and send the outbox until ``stop`` is set."""
    config = channel.config
    channel.start_sender()
    try:
        runner = await serve(
            channel.webhook_app(),
            config.webhook_host,
            config.webhook_port,
            "zalo.webhook_host/webhook_port",
        )
    except OSError as exc:
        raise ZaloStartError(exc.strerror) from None
    log.info(
        "Zalo webhook: listening on %s:%s%s",
        config.webhook_host,
        config.webhook_port,
        config.webhook_path,
    )
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
