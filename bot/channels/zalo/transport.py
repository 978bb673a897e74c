"""Sending outbox rows to Zalo: the reply window first, the token's renewal on -216, and
Zalo's answers mapped to what the shared outbox sender does with a row.

Inside the window every text and image is addressed to the citizen's latest message
(``recipient.message_id``), so that Zalo counts it as a free reply and not as a proactive
message; when that message has no id (a follow) it goes by user id. If Zalo refuses a
message-id send with a code that is not about the window, the token or the rate (the id is
unknown or too old), the same send is made once more by user id, and the log says so; when
that retry is delivered the id is remembered (the last :data:`REFUSED_IDS_KEPT`), and the
later parts and rows for it go by user id straight away, until the citizen writes again."""

from __future__ import annotations

import logging
import mimetypes
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.channels.outbox_sender import Held, Outgoing, RetryLater, Undeliverable
from bot.channels.zalo.client import (
    EXPIRED_TOKEN,
    OUTSIDE_WINDOW,
    RATE_LIMITED,
    ZaloApiError,
    ZaloClient,
    ZaloError,
)
from bot.channels.zalo.render import render
from bot.channels.zalo.tokens import TokenKeeper, TokensDead, TokensUnavailable
from bot.channels.zalo.window import ReplyWindow

log = logging.getLogger(__name__)

RATE_LIMIT_PAUSE = 60.0  # seconds, after Zalo says "too many requests"
DEAD_TOKEN_RETRY = 300.0  # while the tokens are dead, rows wait (and are retried) this long
# Zalo's answers that say nothing about the message id a send was addressed to
NOT_ABOUT_THE_MESSAGE_ID = frozenset({EXPIRED_TOKEN, RATE_LIMITED, *OUTSIDE_WINDOW})
REFUSED_IDS_KEPT = 1000  # message ids Zalo refused, remembered (the most recent) per transport

Request = Callable[[str, str | None], Awaitable[str]]  # (access token, reply_to) -> message id


class ZaloTransport:
    """The Transport of the shared OutboxSender for Zalo."""

    def __init__(self, client: ZaloClient, tokens: TokenKeeper, window: ReplyWindow) -> None:
        self.client, self.tokens, self.window = client, tokens, window
        # (user id, message id) Zalo refused while a send by user id went: least recent first
        self._refused: OrderedDict[tuple[str, str], None] = OrderedDict()

    async def send(self, message: Outgoing) -> str:
        """Send one row (a text with its options as a numbered list, or a photo)."""
        window = await self.window.state(message.chat_id)
        if window.closed is not None:
            raise Held(window.closed)
        try:
            if message.kind == "photo" and message.media:
                return await self._photo(message, window.reply_to)
            sent = ""
            for part in render(message.text or "", message.options):
                sent = await self._text(message, part, window.reply_to)
            return sent
        except TokensDead as exc:
            raise RetryLater(f"Zalo tokens are dead: {exc}", after=DEAD_TOKEN_RETRY) from exc
        except TokensUnavailable as exc:
            raise RetryLater(str(exc)) from exc
        except ZaloApiError as exc:
            if exc.code in OUTSIDE_WINDOW:
                raise Held(str(exc)) from exc
            if exc.code == RATE_LIMITED:
                raise RetryLater(str(exc), after=RATE_LIMIT_PAUSE, flood=True) from exc
            raise Undeliverable(str(exc)) from exc
        except ZaloError as exc:
            raise RetryLater(str(exc)) from exc

    async def _text(self, message: Outgoing, text: str, reply_to: str | None) -> str:
        user_id = message.chat_id
        return await self._addressed(
            message,
            reply_to,
            lambda token, to: self.client.send_text(token, user_id, text, reply_to=to),
        )

    async def _photo(self, message: Outgoing, reply_to: str | None) -> str:
        media = message.media or ""
        caption = message.text or None
        user_id = message.chat_id
        if media.startswith(("http://", "https://")):
            return await self._addressed(
                message,
                reply_to,
                lambda token, to: self.client.send_image(
                    token, user_id, url=media, caption=caption, reply_to=to
                ),
            )
        path = Path(media)
        if not path.is_file():
            raise Undeliverable(f"not a Zalo image: {media[:80]}")
        content = path.read_bytes()
        mime = mimetypes.guess_type(path.name)[0] or "image/png"
        attachment = await self._call(
            lambda token: self.client.upload_image(token, content, path.name, mime)
        )
        return await self._addressed(
            message,
            reply_to,
            lambda token, to: self.client.send_image(
                token, user_id, attachment_id=attachment, caption=caption, reply_to=to
            ),
        )

    async def _addressed(self, message: Outgoing, reply_to: str | None, request: Request) -> str:
        """Send as a reply to ``reply_to`` (by user id when None). If Zalo refuses the
        message id with anything but the window's, the token's or the rate's codes, send
        once more by user id (a proactive message, but delivered), and remember the id: a
        send addressed to a remembered id goes by user id straight away."""
        if reply_to is not None and self._was_refused(message.chat_id, reply_to):
            reply_to = None
        if reply_to is None:
            return await self._call(lambda token: request(token, None))
        try:
            return await self._call(lambda token: request(token, reply_to))
        except ZaloApiError as exc:
            if exc.code in NOT_ABOUT_THE_MESSAGE_ID:
                raise
            refused = exc
        try:
            sent = await self._call(lambda token: request(token, None))
        except Exception as exc:
            log.info(
                "outbox %s: Zalo refused the reply to the citizen's message (%s), and the "
                "retry by user id failed too: %s",
                message.id,
                refused,
                exc,
            )
            raise
        log.info(
            "outbox %s: Zalo refused the reply to the citizen's message (%s); sent by user id "
            "instead (counted by Zalo as a proactive message)",
            message.id,
            refused,
        )
        self._remember_refused(message.chat_id, reply_to)
        return sent

    def _was_refused(self, user_id: str, message_id: str) -> bool:
        """Whether Zalo refused ``message_id`` before (and a send by user id then went)."""
        key = (user_id, message_id)
        if key not in self._refused:
            return False
        self._refused.move_to_end(key)
        return True

    def _remember_refused(self, user_id: str, message_id: str) -> None:
        key = (user_id, message_id)
        self._refused[key] = None
        self._refused.move_to_end(key)
        while len(self._refused) > REFUSED_IDS_KEPT:
            self._refused.popitem(last=False)

    async def _call(self, request: Callable[[str], Awaitable[str]]) -> str:
        """Make a request with the current token; on -216 renew the token once and retry."""
        token = await self.tokens.access_token()
        try:
            return await request(token)
        except ZaloApiError as exc:
            if exc.code != EXPIRED_TOKEN:
                raise
            log.info("Zalo says the access token expired (-216): renewing it once")
        return await request(await self.tokens.refresh(token))
