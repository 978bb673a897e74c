"""Zalo webhook events as channel-neutral events (handlers.channel), and their signature.

Zalo posts every event as JSON with ``app_id``, ``event_name``, ``timestamp`` (milliseconds,
as a string) and the header ``X-ZEvent-Signature: mac=<hex>`` where ``<hex>`` is
``sha256(app_id + raw body + timestamp + OA secret key)`` (Zalo OA webhook documentation,
"Xác thực Webhook", as quoted by public SDKs found with the project's search tool).

Events handled: ``user_send_text`` (a command when it starts with ``/``),
``user_send_image``, ``user_send_location``, ``user_send_file``, ``follow`` (the welcome,
like Telegram's ``/start``) and ``unfollow`` (recorded, nothing answered). The sender is
``sender.id`` (``follower.id`` for follow events); the message id ``message.msg_id``
de-duplicates re-sent events, and replies are addressed to it (:func:`reply_target`). An
event without one (follow, unfollow) gets a made-up id ``event_name:user:timestamp``.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from handlers.channel import Command, Event, Incoming, Location, Media, Sender, Text, parse_command

CHANNEL = "zalo"
SIGNATURE_HEADER = "X-ZEvent-Signature"
MADE_UP_SEPARATOR = ":"  # in the ids of events that carry no msg_id


class BadEvent(ValueError):
    """The body is not a Zalo event the bot can read."""


def signature(app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The value Zalo puts in X-ZEvent-Signature for this body."""
    digest = hashlib.sha256(
        app_id.encode() + body + timestamp.encode() + oa_secret_key.encode()
    ).hexdigest()
    return f"mac={digest}"


def signature_ok(app_id: str, body: bytes, timestamp: str, oa_secret_key: str, given: str) -> bool:
    """Whether ``given`` is the right signature (compared in constant time)."""
    expected = signature(app_id, body, timestamp, oa_secret_key)
    return hmac.compare_digest(given.strip().encode(), expected.encode())


@dataclass(frozen=True)
class ZaloEvent:
    """What one webhook event means: ``incoming`` for the conversations, or (None) an
    event only recorded (``kind``: unfollow, or an event kind the bot cannot read)."""

    user_id: str
    kind: str
    external_id: str
    sent_at: datetime
    incoming: Incoming | None


def event_time(data: dict[str, Any]) -> tuple[str, datetime]:
    """The event's ``timestamp`` as sent (for the signature) and as a time."""
    raw = data.get("timestamp")
    if raw is None or isinstance(raw, bool):
        raise BadEvent("no timestamp")
    text = str(raw)
    try:
        millis = int(text)
    except ValueError:
        raise BadEvent("timestamp is not a number") from None
    return text, datetime.fromtimestamp(millis / 1000, UTC)


def convert(
    data: dict[str, Any], raw_time: str, sent_at: datetime, now: datetime
) -> ZaloEvent | None:
    """The meaning of an event whose time :func:`event_time` read (``raw_time`` as sent,
    ``sent_at``); None for events not about a user's chat with the OA (e.g. the OA's own
    messages)."""
    name = str(data.get("event_name", ""))
    received_at = min(sent_at, now)
    if name in ("follow", "unfollow"):
        user = _id(data.get("follower")) or _id(data.get("sender"))
        if user is None:
            raise BadEvent(f"{name} without follower.id")
        external_id = _made_up_id(name, user, raw_time)
        incoming = None
        if name == "follow":
            incoming = Incoming(Sender(CHANNEL, user), Command("start"), received_at, external_id)
        return ZaloEvent(user, name, external_id, received_at, incoming)
    if not name.startswith("user_send_"):
        return None
    user = _id(data.get("sender"))
    message = data.get("message")
    if user is None or not isinstance(message, dict):
        raise BadEvent(f"{name} without sender.id or message")
    external_id = str(message.get("msg_id") or _made_up_id(name, user, raw_time))
    event = _message_event(name, message)
    incoming = None
    if event is not None:
        incoming = Incoming(Sender(CHANNEL, user), event, received_at, external_id[:64])
    return ZaloEvent(user, name, external_id[:64], received_at, incoming)


def reply_target(external_id: str | None) -> str | None:
    """The Zalo message id in a stored event's external id, to address a reply to; None
    for an id made up for an event without one (a follow: then the reply goes by user
    id). The msg_ids in Zalo's examples have no ``:``; an id that has one is taken as
    made up, which is safe: the reply then goes by user id."""
    if not external_id or MADE_UP_SEPARATOR in external_id:
        return None
    return external_id


def _made_up_id(name: str, user: str, raw_time: str) -> str:
    return MADE_UP_SEPARATOR.join((name, user, raw_time))


def _id(value: Any) -> str | None:
    if isinstance(value, dict) and value.get("id") not in (None, ""):
        return str(value["id"])
    return None


def _message_event(name: str, message: dict[str, Any]) -> Event | None:
    text = message.get("text")
    caption = str(text) if isinstance(text, str) and text.strip() else None
    if name == "user_send_text":
        if caption is None:
            return None
        return parse_command(caption) or Text(caption)
    attachments = message.get("attachments")
    first = attachments[0] if isinstance(attachments, list) and attachments else None
    payload = first.get("payload") if isinstance(first, dict) else None
    if not isinstance(payload, dict):
        return None
    if name == "user_send_location":
        coordinates = payload.get("coordinates")
        if not isinstance(coordinates, dict):
            return None
        try:
            return Location(float(coordinates["latitude"]), float(coordinates["longitude"]))
        except (KeyError, TypeError, ValueError):
            return None
    url = payload.get("url")
    if not isinstance(url, str) or not url:
        return None
    size = payload.get("size")
    size_value = int(size) if isinstance(size, int | str) and str(size).isdigit() else None
    if name == "user_send_image":
        return Media("photo", url[:256], size_value, caption)
    if name == "user_send_file":
        return Media("document", url[:256], size_value, str(payload.get("name") or caption or ""))
    return None
