"""Zalo has no buttons: options become a numbered list under the text, and the person
answers with the number, the option's words, or something close (handlers.options)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.channels.zalo.events import CHANNEL
from core.text_split import split_text, utf16_len
from handlers import texts
from storage.outbox import MESSAGE_LIMITS

TEXT_LIMIT = MESSAGE_LIMITS[CHANNEL]  # the outbox splits every text to it on the way in


def render(text: str, options: Sequence[tuple[str, str]]) -> list[str]:
    """The messages to send for an outbox row's text (already within TEXT_LIMIT) and its
    options: the numbered list goes under the text when both fit in one message, else in
    messages of its own."""
    if not options:
        return [text] if text else []
    listing = "\n".join(f"{number}. {label}" for number, (_, label) in enumerate(options, 1))
    menu = f"{listing}\n{texts.ZALO_ANSWER_BY_NUMBER}"
    whole = f"{text}\n\n{menu}" if text else menu
    if utf16_len(whole) <= TEXT_LIMIT:
        return [whole]
    return [*([text] if text else []), *split_text(menu, TEXT_LIMIT)]
