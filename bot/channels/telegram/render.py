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
