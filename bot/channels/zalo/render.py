"""Zalo has no buttons: options become a numbered list under the text, and the person
answers with the number, the option's words, or something close (handlers.options)."""

from __future__ import annotations

from collections.abc import Sequence

from core.text_split import split_text
from handlers import texts

TEXT_LIMIT = 2000  # characters of one Zalo text message


def render(text: str, options: Sequence[tuple[str, str]]) -> list[str]:
    """The messages to send for a text and its options, each within Zalo's limit (the
    list stays whole in the last message when it fits)."""
    if not options:
        return split_text(text, TEXT_LIMIT) if text else []
    listing = "\n".join(f"{number}. {label}" for number, (_, label) in enumerate(options, 1))
    menu = f"{listing}\n{texts.ZALO_ANSWER_BY_NUMBER}"
    whole = f"{text}\n\n{menu}" if text else menu
    if len(whole) <= TEXT_LIMIT:
        return [whole]
    return [*split_text(text, TEXT_LIMIT), *split_text(menu, TEXT_LIMIT)]
