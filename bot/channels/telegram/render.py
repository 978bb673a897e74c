"""Pure rendering rules for Telegram: text splitting and versioned callback data.

Kept free of aiogram so the rules are cheap to test and reuse.
"""

from __future__ import annotations

from handlers.channel import Choice, Event, Text

MAX_TEXT = 4096  # Bot API limit of a message, in UTF-16 code units
MAX_CAPTION = 1024  # of a photo's caption
MAX_CALLBACK_DATA = 64  # bytes

# The version of the buttons' callback data. Bump it whenever option values change
# meaning: buttons sent by an older release then get a polite "this button has expired".
CALLBACK_VERSION = "d1"


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: most emoji count twice)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` UTF-16 units, on line boundaries
    where possible, then on spaces, then anywhere; nothing is lost but the cut newlines."""
    if utf16_len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        while utf16_len(line) > limit:
            head = _cut(line, limit)
            pieces.append(head.rstrip())
            line = line[len(head) :].lstrip(" ")
        current = line
    if current or not pieces:
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()] or [text[:limit]]


def _cut(line: str, limit: int) -> str:
    """The longest prefix of ``line`` within ``limit``, ending at a space if there is one."""
    end = 0
    used = 0
    for index, char in enumerate(line):
        used += utf16_len(char)
        if used > limit:
            break
        end = index + 1
    head = line[:end]
    space = head.rfind(" ")
    return head[: space + 1] if space > limit // 2 else head


def encode_option(value: str, index: int) -> str:
    """Callback data of the ``index``-th option (from 0): the version and the value, or,
    for a value too long to fit in 64 bytes, the version and the option's number."""
    data = f"{CALLBACK_VERSION}:{value}"
    if len(data.encode()) <= MAX_CALLBACK_DATA:
        return data
    return f"{CALLBACK_VERSION}#{index + 1}"


def decode_option(data: str | None) -> Event | None:
    """The event a pressed button means; None for a button of another version (expired)."""
    if not data:
        return None
    version, separator, rest = data.partition(":")
    if separator and version == CALLBACK_VERSION and rest:
        return Choice(rest)
    version, separator, number = data.partition("#")
    if separator and version == CALLBACK_VERSION and number.isdigit():
        return Text(number)  # handlers read a number as the option with that number
    return None
