"""Telegram's outbox: the channel-neutral sender of bot/channels/outbox_sender.py (Telegram
brings its transport, bot/channels/telegram/channel.TelegramTransport). Kept so existing
imports keep working."""

from bot.channels.outbox_sender import (
    LEASE,
    MAX_BACKOFF_SECONDS,
    PENDING,
    SENT,
    UNDELIVERABLE,
    ChatMoved,
    OutboxSender,
    Outgoing,
    RetryLater,
    Sleep,
    Transport,
    Undeliverable,
    enqueue_reply,
    move_chat,
)

__all__ = [
    "LEASE",
    "MAX_BACKOFF_SECONDS",
    "PENDING",
    "SENT",
    "UNDELIVERABLE",
    "ChatMoved",
    "OutboxSender",
    "Outgoing",
    "RetryLater",
    "Sleep",
    "Transport",
    "Undeliverable",
    "enqueue_reply",
    "move_chat",
]
