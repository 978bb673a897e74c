"""The terminal channel: chat with the bot as a citizen, interactively or from a pipe."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TextIO

from core.clock import Clock
from handlers import texts
from handlers.channel import (
    Event,
    Incoming,
    Location,
    Media,
    Option,
    Reply,
    Sender,
    Text,
    parse_command,
)
from handlers.dispatch import Dispatcher
from storage.outbox import take_pending
from storage.repository import SqlStore

log = logging.getLogger(__name__)

CHANNEL = "console"

# The messages others queued for a console user (cards, notices), taken once.
Inbox = Callable[[str], Awaitable[list[Reply]]]


def outbox_inbox(store: SqlStore, clock: Clock) -> Inbox:
    """Read a console user's queued messages from the outbox (and mark them sent)."""

    async def take(user: str) -> list[Reply]:
        async with store.transaction() as repo:
            rows = await take_pending(repo.session, CHANNEL, user, clock.now())
        return [
            Reply(row.text or "", tuple(Option(str(v), str(label)) for v, label in row.options))
            for row in rows
        ]

    return take


def console_event(line: str) -> Event | str:
    """What a typed line means; a string is an error to show without sending anything."""
    command = parse_command(line)
    if command is None:
        return Text(line)
    if command.name == "anh":
        path = Path(command.args).expanduser()
        if not command.args or not path.is_file():
            return texts.CONSOLE_BAD_PHOTO.format(path=command.args or "(trống)")
        return Media("photo", str(path.resolve()), path.stat().st_size)
    if command.name == "vitri":
        try:
            latitude, longitude = (float(part) for part in command.args.split(","))
        except ValueError:
            return texts.CONSOLE_BAD_LOCATION
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return texts.CONSOLE_BAD_LOCATION
        return Location(latitude, longitude)
    return command


def render(reply: Reply) -> str:
    """A reply as terminal text, options numbered from 1."""
    lines = [reply.text]
    lines += [f"  {number}. {option.label}" for number, option in enumerate(reply.options, 1)]
    return "\n".join(lines)


async def chat(
    dispatcher: Dispatcher,
    clock: Clock,
    user: str,
    lines: Iterable[str],
    out: TextIO,
    echo: bool,
    inbox: Inbox | None = None,
) -> None:
    """Feed each line to the bot as ``user`` and print the replies, and the messages others
    sent this user meanwhile (an officer's cards, a citizen's answers) from ``inbox``."""
    sender = Sender(CHANNEL, user, user)
    print(texts.CONSOLE_BANNER.format(user=user), file=out, flush=True)
    await _print_inbox(inbox, user, out)
    for raw in lines:
        line = raw.rstrip("\r\n")
        if echo:
            print(f"> {line}", file=out)
        event = console_event(line)
        if isinstance(event, str):
            print(event, file=out, flush=True)
            continue
        try:
            replies = await dispatcher.handle(Incoming(sender, event, clock.now()))
        except Exception:  # nothing could be stored: say so, keep the chat open
            log.exception("could not store the message")
            replies = [Reply(texts.NOT_SAVED)]
        for reply in replies:
            print(render(reply), file=out)
        print(file=out, flush=True)
        await _print_inbox(inbox, user, out)


async def _print_inbox(inbox: Inbox | None, user: str, out: TextIO) -> None:
    if inbox is None:
        return
    try:
        notices = await inbox(user)
    except Exception:  # the chat goes on; the messages stay queued
        log.exception("could not read the messages queued for %s", user)
        return
    for notice in notices:
        print(texts.CONSOLE_NOTICE, file=out)
        print(render(notice), file=out)
        print(file=out, flush=True)


def default_user() -> str:
    """The terminal user's login name, as the default chat identity."""
    return os.environ.get("USER") or os.environ.get("USERNAME") or "nguoidan"
