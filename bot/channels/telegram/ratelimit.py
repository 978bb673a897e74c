"""Telegram's sending limits: the channel-neutral token buckets of bot/channels/ratelimit.py
(its defaults are Telegram's limits). Kept so existing imports keep working."""

from bot.channels.ratelimit import RateLimiter

__all__ = ["RateLimiter"]
