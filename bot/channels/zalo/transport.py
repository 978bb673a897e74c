"""Sending outbox rows to Zalo: the reply window first, the token's renewal on -216, and
Zalo's answers mapped to what the shared outbox sender does with a row."""

from __future__ import annotations

import logging
import mimetypes
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


class ZaloTransport:
    """The Transport of the shared OutboxSender for Zalo."""

    def __init__(self, client: ZaloClient, tokens: TokenKeeper, window: ReplyWindow) -> None:
        self.client, self.tokens, self.window = client, tokens, window

    async def send(self, message: Outgoing) -> str:
        """Send one row (a text with its options as a numbered list, or a photo)."""
        closed = await self.window.closed_because(message.chat_id)
        if closed is not None:
            raise Held(closed)
        try:
            if message.kind == "photo" and message.media:
                return await self._photo(message)
            sent = ""
            for part in render(message.text or "", message.options):
                sent = await self._text(message.chat_id, part)
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

    async def _text(self, user_id: str, text: str) -> str:
        return await self._call(lambda token: self.client.send_text(token, user_id, text))

    async def _photo(self, message: Outgoing) -> str:
        media = message.media or ""
        caption = message.text or None
        if media.startswith(("http://", "https://")):
            return await self._call(
                lambda token: self.client.send_image(
                    token, message.chat_id, url=media, caption=caption
                )
            )
        path = Path(media)
        if not path.is_file():
            raise Undeliverable(f"not a Zalo image: {media[:80]}")
        content = path.read_bytes()
        mime = mimetypes.guess_type(path.name)[0] or "image/png"
        attachment = await self._call(
            lambda token: self.client.upload_image(token, content, path.name, mime)
        )
        return await self._call(
            lambda token: self.client.send_image(
                token, message.chat_id, attachment_id=attachment, caption=caption
            )
        )

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
