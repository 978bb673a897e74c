"""The Telegram channel: aiogram 3 talking to the Bot API (or any server with its layout).

Updates come by long polling or by webhook; each becomes an :class:`Incoming` for the
channel-neutral conversations (handlers.dispatch), which persist it first and de-duplicate
it by update_id. Replies are written to the outbox in the same transaction as the turn and
sent by :class:`OutboxSender`. Buttons are inline keyboards with versioned callback data.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiogram import Bot, Router
from aiogram import Dispatcher as AiogramDispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    AiogramError,
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import (
    CallbackQuery,
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from aiogram.utils.token import TokenValidationError
from aiohttp import web
from pydantic import ValidationError

from bot.channels.outbox_sender import (
    LEASE,
    ChatMoved,
    OutboxSender,
    Outgoing,
    RetryLater,
    Sleep,
    Undeliverable,
    enqueue_reply,
    move_chat,
    queue_replies,
    record_unhandled,
)
from bot.channels.ratelimit import RateLimiter
from bot.channels.telegram.render import encode_option
from bot.channels.telegram.settings import (
    API_BASE_ENV,
    REDIS_ENV,
    TOKEN_ENV,
    TelegramSettings,
    TelegramStartError,
)
from bot.channels.telegram.updates import ALLOWED_UPDATES, CHANNEL, Converted, convert
from bot.channels.web import healthz, serve
from core.clock import Clock, SystemClock
from core.config import TelegramMode
from core.ports import Repository
from handlers import texts
from handlers.channel import Incoming, Reply
from handlers.dispatch import Dispatcher
from handlers.officer_work import keeps_buttons
from handlers.officers import is_group
from handlers.services import Services
from storage.officers import SqlOfficers
from storage.repository import SqlStore

if TYPE_CHECKING:
    from aiogram.fsm.storage.redis import RedisEventIsolation

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# A send gives up well before its outbox lease runs out, so no other worker can take the
# row over while it may still be delivered: a slow send is not sent twice.
SEND_TIMEOUT = int(LEASE.total_seconds() // 2)
MAX_UPDATE_ATTEMPTS = 5  # polling: an update that cannot be stored is retried this often


class TelegramTransport:
    """Sends outbox rows with aiogram and classifies the Bot API's answers."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, message: Outgoing) -> str:
        """Send one message; return its Telegram message id."""
        markup = keyboard(message.options)
        chat_id = int(message.chat_id)
        try:
            if message.kind == "photo" and message.media:
                photo: Any = message.media
                if Path(message.media).is_file():
                    photo = FSInputFile(message.media)
                sent = await self.bot.send_photo(
                    chat_id,
                    photo,
                    caption=message.text or None,
                    reply_markup=markup,
                    request_timeout=SEND_TIMEOUT,
                )
            else:
                sent = await self.bot.send_message(
                    chat_id, message.text or "", reply_markup=markup, request_timeout=SEND_TIMEOUT
                )
        except TelegramRetryAfter as exc:
            raise RetryLater(
                exc.message, after=float(exc.retry_after), flood=True, chat_id=message.chat_id
            ) from exc
        except TelegramMigrateToChat as exc:
            raise ChatMoved(str(exc.migrate_to_chat_id)) from exc
        except (TelegramForbiddenError, TelegramBadRequest, TelegramEntityTooLarge) as exc:
            raise Undeliverable(exc.message) from exc
        except (TelegramUnauthorizedError, TelegramNotFound, TelegramConflictError) as exc:
            log.error("the Bot API refuses to send (token or api_base?): %s", exc.message)
            raise RetryLater(exc.message) from exc
        except (TelegramNetworkError, TelegramServerError) as exc:
            raise RetryLater(exc.message) from exc
        except (TelegramAPIError, AiogramError) as exc:
            raise RetryLater(str(exc)) from exc
        return str(sent.message_id)


def keyboard(options: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    """Options as an inline keyboard, one button per row (labels are sentences)."""
    if not options:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=encode_option(value, index))]
            for index, (value, label) in enumerate(options)
        ]
    )


class TelegramChannel:
    """One bot: its aiogram client and dispatcher, the outbox sender, polling or webhook."""

    def __init__(
        self,
        services: Services,
        store: SqlStore,
        settings: TelegramSettings,
        *,
        clock: Clock | None = None,
        sleep: Sleep = asyncio.sleep,
        retry_base_seconds: float = 1.0,
    ) -> None:
        self.services = services
        self.settings = settings
        self.config = settings.config
        self.clock = clock or SystemClock()
        self.retry_base_seconds = retry_base_seconds
        try:
            session = AiohttpSession(api=TelegramAPIServer.from_base(settings.api_base))
            self.bot = Bot(settings.token, session=session)
        except TokenValidationError:
            raise TelegramStartError(
                f"{TOKEN_ENV} does not look like a bot token (expected 123456789:ABC..., as "
                "@BotFather gives it)"
            ) from None
        self.username: str | None = None
        self.isolation: RedisEventIsolation | None = None
        if settings.redis_url is not None:
            from aiogram.fsm.storage.redis import RedisEventIsolation

            self.isolation = RedisEventIsolation.from_url(settings.redis_url)
        self.handlers = Dispatcher(
            services, reply_sink=self._queue_replies, officer_repository=SqlOfficers.of
        )
        limiter = RateLimiter(
            lambda: self.clock.now().timestamp(),
            per_chat_per_second=self.config.per_chat_per_second,
            per_chat_burst=self.config.per_chat_burst,
            per_group_per_minute=self.config.per_group_per_minute,
            global_per_second=self.config.global_per_second,
        )
        self.sender = OutboxSender(
            store.engine, CHANNEL, TelegramTransport(self.bot), limiter, self.clock, sleep
        )
        self.store = store
        router = Router(name="danvan")
        router.message.register(self._on_message)
        router.callback_query.register(self._on_callback)
        self.dispatcher = AiogramDispatcher()
        self.dispatcher.include_router(router)
        self._tasks: list[asyncio.Task[None]] = []  # polling

    # --- start-up and shutdown -----------------------------------------------------------

    async def check(self) -> User:
        """Ask the server who the bot is (getMe); a clear TelegramStartError if that fails."""
        where = f"the Bot API server at {self.settings.api_base}"
        try:
            me = await self.bot.get_me(request_timeout=15)
        except TelegramUnauthorizedError:
            raise TelegramStartError(
                f"{where} rejected the bot token (401 Unauthorized): check {TOKEN_ENV}"
            ) from None
        except TelegramNotFound:
            raise TelegramStartError(
                f"{where} answered 404 Not Found: the token is wrong or the address is not a "
                f"Bot API server (check {TOKEN_ENV} and {API_BASE_ENV} / telegram.api_base)"
            ) from None
        except TelegramNetworkError as exc:
            raise TelegramStartError(
                f"cannot reach {where}: {exc.message} (check {API_BASE_ENV} / "
                "telegram.api_base and the network)"
            ) from None
        except (TelegramAPIError, AiogramError, ValidationError) as exc:
            raise TelegramStartError(
                f"{where} did not answer like a Telegram Bot API server: {exc}"
            ) from None
        self.username = me.username
        await self._check_redis()
        return me

    async def _check_redis(self) -> None:
        if self.isolation is None:
            return
        try:
            await self.isolation.redis.ping()
        except Exception as exc:  # redis raises its own family of errors
            raise TelegramStartError(
                f"cannot reach Redis at {self.settings.redis_url} ({REDIS_ENV} or "
                f"telegram.redis_url): {exc}"
            ) from None

    def start_sender(self) -> None:
        """Start sending the outbox in the background (unsent rows of earlier runs too)."""
        self.sender.start()

    def start_polling(self) -> asyncio.Task[None]:
        """Start long polling in the background."""
        task = asyncio.get_running_loop().create_task(self.poll())
        self._tasks.append(task)
        return task

    async def close(self) -> None:
        """Stop polling, let the send in progress finish and be recorded (a send cut off
        between Telegram's answer and its record would be sent again after a restart),
        and close the HTTP session."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self.sender.close()
        await self.bot.session.close()
        if self.isolation is not None:
            await self.isolation.redis.aclose()

    # --- updates -------------------------------------------------------------------------

    async def process_update(self, update: Update) -> None:
        """Handle one update. Raises only when nothing could be stored (then the update
        must be delivered again: polling retries it, the webhook answers 500)."""
        await self.dispatcher.feed_update(self.bot, update)

    async def _on_message(self, message: Message, event_update: Update) -> None:
        await self._handle(event_update)

    async def _on_callback(self, query: CallbackQuery, event_update: Update) -> None:
        await self._handle(event_update)

    async def _handle(self, update: Update) -> None:
        converted = convert(update, self.services.clock.now(), self.username)
        if converted is None:
            return
        async with self._one_at_a_time(converted.chat_id):
            await self._handle_converted(converted)

    def _one_at_a_time(self, chat_id: int) -> AbstractAsyncContextManager[None]:
        """With Redis, a lock per chat across workers (aiogram's RedisEventIsolation): the
        chat's updates are handled one after the other, in the order they are taken. The
        database lock of the conversation keeps that true within a transaction anyway;
        Redis makes the other workers wait outside the database instead of inside it."""
        if self.isolation is None:
            return contextlib.nullcontext()
        key = StorageKey(bot_id=self.bot.id, chat_id=chat_id, user_id=chat_id)
        return self.isolation.lock(key)

    async def _handle_converted(self, converted: Converted) -> None:
        if converted.migrated is not None:
            await self._chat_moved(*converted.migrated)
            return
        if converted.callback_id is not None:
            await self._answer_callback(converted)
        if converted.incoming is None:
            if converted.unsupported:
                await self._queue_unsupported(converted)
            elif converted.expired:
                await self._drop_keyboard(converted)
            return
        replies = await self.handlers.handle(converted.incoming)
        self.sender.notify()
        keep = keeps_buttons(converted.incoming.event)
        if replies and converted.callback_message_id is not None and not keep:
            await self._drop_keyboard(converted)

    async def _chat_moved(self, old_chat_id: str, new_chat_id: str) -> None:
        """A group became a supergroup (the service message in the old or the new chat):
        its pending messages and the unit's binding move to the new id."""
        async with self.store.transaction() as repo:
            await move_chat(repo.session, CHANNEL, old_chat_id, new_chat_id)
        self.sender.limiter.moved(old_chat_id, new_chat_id)
        self.sender.notify()

    async def _answer_callback(self, converted: Converted) -> None:
        """Always answer a button press (stops the client's spinner); best effort."""
        assert converted.callback_id is not None
        text = texts.BUTTON_EXPIRED if converted.expired else None
        try:
            await self.bot.answer_callback_query(converted.callback_id, text=text)
        except (TelegramAPIError, AiogramError) as exc:
            log.info("could not answer callback query: %s", exc)

    async def _drop_keyboard(self, converted: Converted) -> None:
        """Remove the buttons of a message once one was pressed (no double answers)."""
        if converted.callback_message_id is None:
            return
        try:
            await self.bot.edit_message_reply_markup(
                chat_id=converted.chat_id, message_id=converted.callback_message_id
            )
        except (TelegramAPIError, AiogramError) as exc:
            log.info("could not remove a keyboard: %s", exc)

    async def _queue_replies(
        self, repo: Repository, incoming: Incoming, replies: list[Reply]
    ) -> None:
        """The dispatcher's reply sink: replies join the outbox inside the turn's transaction."""
        sender = incoming.sender
        await queue_replies(
            repo, CHANNEL, sender.external_id, is_group(sender), replies, self.clock.now()
        )

    async def _queue_unsupported(self, converted: Converted) -> None:
        """Say once that the bot cannot read this kind of message: the update is recorded
        (kind "unsupported") in the transaction that queues the answer, and a re-delivered
        update finds it recorded and gets no second answer."""
        async with self.store.transaction() as repo:
            now = self.clock.now()
            sender = converted.sender
            external_id = converted.external_id
            if sender is not None and external_id is not None:
                at = converted.received_at or now
                if not await record_unhandled(repo, sender, "unsupported", external_id, at, now):
                    log.info("ignoring re-sent unsupported update %s", external_id)
                    return
            enqueue_reply(
                repo.session,
                CHANNEL,
                str(converted.chat_id),
                converted.is_group,
                Reply(texts.TELEGRAM_UNSUPPORTED),
                now,
            )
        self.sender.notify()

    # --- long polling ----------------------------------------------------------------------

    async def poll(self) -> None:
        """Long polling until cancelled. An update is confirmed to Telegram (the next
        offset) only after it is stored; one that cannot be stored is retried, then the
        person is told to send it again."""
        await self._delete_webhook()
        offset: int | None = None
        failures = 0
        timeout = self.config.polling_timeout
        while True:
            try:
                batch: list[tuple[int, Update | None]] = [
                    (update.update_id, update)
                    for update in await self.bot.get_updates(
                        offset=offset,
                        timeout=timeout,
                        allowed_updates=ALLOWED_UPDATES,
                        request_timeout=timeout + 15,
                    )
                ]
                failures = 0
            except ClientDecodeError as exc:
                parsed = self._parse_individually(exc.data)
                if parsed is None:
                    failures += 1
                    delay = min(self.retry_base_seconds * 2 ** min(failures, 6), 60.0)
                    log.warning("getUpdates answer unreadable (%s); retrying in %.1f s", exc, delay)
                    await asyncio.sleep(delay)
                    continue
                batch = parsed
                failures = 0
            except TelegramRetryAfter as exc:
                await asyncio.sleep(exc.retry_after)
                continue
            except (TelegramAPIError, AiogramError) as exc:
                failures += 1
                delay = min(self.retry_base_seconds * 2 ** min(failures, 6), 60.0)
                log.warning("getUpdates failed (%s); retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                continue
            for update_id, parsed_update in batch:
                if parsed_update is not None:
                    await self._process_with_retries(parsed_update)
                offset = update_id + 1

    def _parse_individually(self, data: Any) -> list[tuple[int, Update | None]] | None:
        """A getUpdates answer aiogram could not read as a whole (one update of a kind or
        shape it does not know): read each update alone, so that one bad update is skipped
        (None) instead of blocking polling forever. None if the answer has no update list."""
        if not isinstance(data, dict) or data.get("ok") is not True:
            return None
        raw = data.get("result")
        if not isinstance(raw, list):
            return None
        batch: list[tuple[int, Update | None]] = []
        for item in raw:
            update_id = item.get("update_id") if isinstance(item, dict) else None
            if not isinstance(update_id, int) or isinstance(update_id, bool):
                log.error("getUpdates returned an update without update_id; ignoring it")
                continue
            try:
                update: Update | None = Update.model_validate(item, context={"bot": self.bot})
            except ValidationError as exc:
                log.error(
                    "update %s cannot be read and is skipped: %s",
                    update_id,
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                )
                update = None
            batch.append((update_id, update))
        if not batch:
            return None
        return batch

    async def _process_with_retries(self, update: Update) -> None:
        for attempt in range(1, MAX_UPDATE_ATTEMPTS + 1):
            try:
                await self.process_update(update)
                return
            except Exception:
                log.exception(
                    "update %s could not be stored (attempt %d)", update.update_id, attempt
                )
                if attempt < MAX_UPDATE_ATTEMPTS:
                    await asyncio.sleep(self.retry_base_seconds * 2 ** (attempt - 1))
        await self._tell_not_saved(update)

    async def _tell_not_saved(self, update: Update) -> None:
        """Nothing was stored and the database is down: tell the person directly."""
        converted = convert(update, self.clock.now(), self.username)
        if converted is None or converted.incoming is None:
            return
        try:
            await self.bot.send_message(converted.chat_id, texts.NOT_SAVED)
        except (TelegramAPIError, AiogramError) as exc:
            log.warning(
                "could not tell chat %s its message was not saved: %s", converted.chat_id, exc
            )

    async def _delete_webhook(self) -> None:
        try:
            await self.bot.delete_webhook(drop_pending_updates=False)
        except (TelegramAPIError, AiogramError) as exc:
            log.warning("deleteWebhook failed: %s", exc)

    # --- webhook ---------------------------------------------------------------------------

    async def set_webhook(self) -> None:
        """Tell Telegram where to post updates, with the secret it must send back."""
        url = self.config.webhook_url
        if not url:
            raise TelegramStartError("telegram.webhook_url is not set in config.yaml")
        try:
            await self.bot.set_webhook(
                url,
                secret_token=self.settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
                request_timeout=15,
            )
        except (TelegramAPIError, AiogramError) as exc:
            raise TelegramStartError(f"setWebhook to {url} failed: {exc}") from None

    def webhook_app(self) -> web.Application:
        """The aiohttp application serving the webhook (and ``/healthz``)."""
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post(self.config.webhook_path, self._webhook)
        app.router.add_get("/healthz", healthz)
        return app

    async def _webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.settings.webhook_secret.encode()):
            return web.Response(status=401, text="Unauthorized")
        try:
            data = await request.json()
            update = Update.model_validate(data, context={"bot": self.bot})
        except (ValueError, ValidationError):
            return web.Response(status=400, text="Bad Request: not an update")
        try:
            await self.process_update(update)
        except Exception:
            log.exception(
                "update %s could not be stored; Telegram will resend it", update.update_id
            )
            return web.Response(status=500, text="not stored, send again")
        return web.json_response({})


async def run_channel(channel: TelegramChannel, stop: asyncio.Event) -> None:
    """Run the channel in its configured mode until ``stop`` is set."""
    config = channel.config
    channel.start_sender()
    runner: web.AppRunner | None = None
    if config.mode is TelegramMode.WEBHOOK:
        try:
            runner = await serve(
                channel.webhook_app(),
                config.webhook_host,
                config.webhook_port,
                "telegram.webhook_host/webhook_port",
            )
        except OSError as exc:
            raise TelegramStartError(exc.strerror) from None
        await channel.set_webhook()
        log.info(
            "webhook: listening on %s:%s%s, public %s",
            config.webhook_host,
            config.webhook_port,
            config.webhook_path,
            config.webhook_url,
        )
    else:
        channel.start_polling()
        log.info("long polling %s", channel.settings.api_base)
    try:
        await stop.wait()
    finally:
        if runner is not None:
            await runner.cleanup()
