"""The terminal channel: chat with the bot as a citizen, interactively or from a pipe."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from core.clock import Clock
from handlers import texts
from handlers.channel import (
    Event,
    Incoming,
    Location,
    Media,
    Reply,
    Sender,
    Text,
    parse_command,
)
from handlers.dispatch import Dispatcher

log = logging.getLogger(__name__)

CHANNEL = "console"


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
) -> None:
    """Feed each line to the bot as ``user`` and print the replies."""
    sender = Sender(CHANNEL, user, user)
    print(texts.CONSOLE_BANNER.format(user=user), file=out, flush=True)
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


def default_user() -> str:
    """The terminal user's login name, as the default chat identity."""
    return os.environ.get("USER") or os.environ.get("USERNAME") or "nguoidan"
