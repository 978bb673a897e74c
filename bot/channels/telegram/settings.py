"""The Telegram channel's settings: config.yaml's ``telegram`` section plus the secrets,
which come only from the environment. No aiogram here: `danvan run` checks these first,
so a missing token is reported at once."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from core.config import Telegram as TelegramConfig

TOKEN_ENV, API_BASE_ENV, SECRET_ENV, REDIS_ENV = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE",
    "TELEGRAM_WEBHOOK_SECRET",
    "DANVAN_REDIS_URL",
)


class TelegramStartError(Exception):
    """The channel cannot start; the message says what to fix (no stack trace needed)."""


@dataclass(frozen=True)
class TelegramSettings:
    """Everything the channel needs: config.yaml's ``telegram`` plus secrets from the env."""

    token: str
    config: TelegramConfig
    api_base: str
    webhook_secret: str
    redis_url: str | None = None  # several workers: one chat's updates at a time across them

    @classmethod
    def from_environment(
        cls, config: TelegramConfig, environ: dict[str, str] | None = None
    ) -> TelegramSettings:
        """Read TELEGRAM_BOT_TOKEN (required), TELEGRAM_API_BASE, TELEGRAM_WEBHOOK_SECRET and
        DANVAN_REDIS_URL (over telegram.redis_url)."""
        env = dict(os.environ if environ is None else environ)
        token = env.get(TOKEN_ENV, "").strip()
        if not token:
            raise TelegramStartError(
                f"{TOKEN_ENV} is not set: create a bot with @BotFather in Telegram and "
                f"export {TOKEN_ENV}=<the token it gives you>"
            )
        api_base = (env.get(API_BASE_ENV) or config.api_base).strip().rstrip("/")
        if not api_base.startswith(("http://", "https://")):
            raise TelegramStartError(
                f"the Bot API address {api_base!r} ({API_BASE_ENV} or telegram.api_base) must "
                "start with http:// or https://"
            )
        secret = env.get(SECRET_ENV, "").strip() or webhook_secret_for(token)
        redis_url = (env.get(REDIS_ENV) or config.redis_url or "").strip() or None
        if redis_url is not None and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise TelegramStartError(
                f"the Redis address {redis_url!r} ({REDIS_ENV} or telegram.redis_url) must start "
                "with redis://, rediss:// or unix://"
            )
        return cls(token, config, api_base, secret, redis_url)


def webhook_secret_for(token: str) -> str:
    """The webhook's secret_token derived from the bot token: the same on every worker,
    never the token itself, and only characters Telegram allows."""
    return hashlib.sha256(f"danvan-webhook:{token}".encode()).hexdigest()[:48]
