"""The channel-neutral interface: what channels hand to handlers and what they get back.

A channel adapter (console, Telegram, Zalo) turns its platform's updates into
:class:`Incoming` events and renders :class:`Reply` objects; handlers never see a
platform type. Options are rendered as buttons where the platform has them and as a
numbered list elsewhere; handlers accept both a pressed option and a typed answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Sender:
    """Who wrote: the channel's name and the chat's id on it (the person's, or a group's).

    In a group (channel ``<name>_group``), ``member_id`` is the person who wrote or pressed
    a button, as their id on ``<name>``: officers act from their unit's group."""

    channel: str
    external_id: str
    display_name: str | None = None
    member_id: str | None = None


@dataclass(frozen=True)
class Text:
    """Free text typed by the person."""

    text: str


@dataclass(frozen=True)
class Choice:
    """An option the person pressed (its ``value``)."""

    value: str


@dataclass(frozen=True)
class Media:
    """A photo, document, video or voice message (kept on the channel, referenced by id)."""

    media_type: str  # "photo", "document", "video", "voice"
    file_id: str
    size: int | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Location:
    """A shared map location."""

    latitude: float
    longitude: float


@dataclass(frozen=True)
class Command:
    """A slash command such as ``/tracuu PA-2026-000123``."""

    name: str
    args: str = ""


Event = Text | Choice | Media | Location | Command


@dataclass(frozen=True)
class Incoming:
    """One event from one person; ``external_id`` de-duplicates platform re-sends."""

    sender: Sender
    event: Event
    received_at: datetime
    external_id: str | None = None


@dataclass(frozen=True)
class Option:
    """A choice offered to the person: ``value`` comes back in :class:`Choice`."""

    value: str
    label: str


@dataclass(frozen=True)
class Reply:
    """A message to send, with the options to offer (if any)."""

    text: str
    options: tuple[Option, ...] = field(default_factory=tuple)


def parse_command(text: str) -> Command | None:
    """``"/tracuu@danvan_bot PA-1"`` -> Command("tracuu", "PA-1"); None for non-commands."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2:
        return None
    head, _, args = stripped[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name.isascii() or not name.replace("_", "").isalnum():
        return None
    return Command(name, args.strip())
