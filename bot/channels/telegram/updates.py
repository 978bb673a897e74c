"""Telegram updates as channel-neutral events (handlers.channel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bot.channels.telegram.render import decode_option
from core.ports import GROUP_SUFFIX
from handlers.channel import (
    Command,
    Event,
    Incoming,
    Location,
    Media,
    Sender,
    Text,
    parse_command,
)

CHANNEL = "telegram"
GROUP_CHANNEL = CHANNEL + GROUP_SUFFIX
ALLOWED_UPDATES = ["message", "callback_query"]


@dataclass(frozen=True)
class Converted:
    """What an update means for the bot.

    ``incoming`` is None when there is nothing to hand to the conversations: an expired
    button (``expired``), or a message of a kind the bot cannot read (``unsupported``).
    """

    chat_id: int
    is_group: bool
    incoming: Incoming | None
    callback_id: str | None = None
    callback_message_id: int | None = None
    expired: bool = False
    unsupported: bool = False
    # for an unsupported message: who sent it, its update id and receipt time, so that the
    # "cannot read this" answer is recorded once and not repeated for a re-delivery
    sender: Sender | None = None
    external_id: str | None = None
    received_at: datetime | None = None
    # a group became a supergroup: (old chat id, new chat id)
    migrated: tuple[str, str] | None = None


def display_name(user: User) -> str:
    """The person's name as Telegram shows it."""
    return " ".join(part for part in (user.first_name, user.last_name) if part).strip()


def _is_group(chat: Chat) -> bool:
    return chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def _sender(chat: Chat, user: User | None) -> Sender | None:
    if _is_group(chat):
        member = str(user.id) if user is not None and not user.is_bot else None
        return Sender(GROUP_CHANNEL, str(chat.id), chat.title, member)
    if chat.type == ChatType.PRIVATE and user is not None and not user.is_bot:
        return Sender(CHANNEL, str(user.id), display_name(user) or None)
    return None


def convert(update: Update, now: datetime, bot_username: str | None = None) -> Converted | None:
    """The meaning of an update; None for updates the bot ignores (edits, channel posts,
    group chatter that is not a command for this bot)."""
    if update.callback_query is not None:
        return _callback(update, update.callback_query, now)
    message = update.message
    if message is None:
        return None
    if message.migrate_to_chat_id is not None:  # the service message in the old group
        new = message.migrate_to_chat_id
        return Converted(new, True, None, migrated=(str(message.chat.id), str(new)))
    if message.migrate_from_chat_id is not None:  # ... and in the new supergroup
        old = message.migrate_from_chat_id
        return Converted(message.chat.id, True, None, migrated=(str(old), str(message.chat.id)))
    sender = _sender(message.chat, message.from_user)
    if sender is None:
        return None
    event = message_event(message)
    group = _is_group(message.chat)
    if group and not (isinstance(event, Command) and _for_this_bot(message, bot_username)):
        return None
    if event is None:
        return Converted(
            message.chat.id,
            group,
            None,
            unsupported=True,
            sender=sender,
            external_id=str(update.update_id),
            received_at=_receipt(message.date, now),
        )
    incoming = Incoming(sender, event, _receipt(message.date, now), str(update.update_id))
    return Converted(message.chat.id, group, incoming)


def _receipt(sent: datetime | None, now: datetime) -> datetime:
    """The legal receipt time: when the person sent it (it may reach us late, e.g. after
    downtime), never later than now (a phone's clock can be ahead)."""
    if sent is None or sent.tzinfo is None:
        return now
    return min(sent, now)


def _for_this_bot(message: Message, bot_username: str | None) -> bool:
    """``/cmd@other_bot`` in a group is for another bot."""
    head = (message.text or "").split(" ", 1)[0]
    _, at, name = head.partition("@")
    return not at or bot_username is None or name.lower() == bot_username.lower()


def message_event(message: Message) -> Event | None:
    """The event a message carries; None when the bot cannot read its kind (stickers...)."""
    if message.text is not None:
        return parse_command(message.text) or Text(message.text)
    caption = message.caption
    if message.photo:
        largest = max(message.photo, key=lambda size: (size.file_size or 0, size.width))
        return Media("photo", largest.file_id, largest.file_size, caption)
    if message.document is not None:
        return Media("document", message.document.file_id, message.document.file_size, caption)
    if message.video is not None:
        return Media("video", message.video.file_id, message.video.file_size, caption)
    if message.video_note is not None:
        note = message.video_note
        return Media("video", note.file_id, note.file_size, None)
    if message.voice is not None:
        return Media("voice", message.voice.file_id, message.voice.file_size, caption)
    if message.audio is not None:
        return Media("voice", message.audio.file_id, message.audio.file_size, caption)
    if message.venue is not None:
        venue = message.venue
        return Location(venue.location.latitude, venue.location.longitude)
    if message.location is not None:
        return Location(message.location.latitude, message.location.longitude)
    if message.contact is not None:
        contact = message.contact
        own = message.from_user is not None and contact.user_id == message.from_user.id
        if own:
            return Text(contact.phone_number)
        name = " ".join(p for p in (contact.first_name, contact.last_name) if p)
        return Text(f"{name} {contact.phone_number}".strip())
    return None


def _callback(update: Update, query: CallbackQuery, now: datetime) -> Converted | None:
    message = query.message
    chat = message.chat if message is not None else None
    if chat is None:  # a button under an inline-mode message: not ours
        return Converted(query.from_user.id, False, None, callback_id=query.id, expired=True)
    sender = _sender(chat, query.from_user)
    group = _is_group(chat)
    message_id = message.message_id if message is not None else None
    event = decode_option(query.data)
    if sender is None or event is None:
        return Converted(
            chat.id, group, None, callback_id=query.id, callback_message_id=message_id, expired=True
        )
    incoming = Incoming(sender, event, now, str(update.update_id))  # a press has no date
    return Converted(chat.id, group, incoming, query.id, message_id)
