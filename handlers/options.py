"""Understanding which offered option a person meant, whether pressed, numbered or typed."""

from collections.abc import Sequence

from handlers.channel import Choice, Event, Option, Text
from nlp.normalize import strip_diacritics


def fold(text: str) -> str:
    """Lower-case, without diacritics, single-spaced: for forgiving comparisons."""
    return " ".join(strip_diacritics(text).lower().split())


def chosen(options: Sequence[Option], event: Event) -> Option | None:
    """The option an event selects: a pressed button, its number ("1", "1.") or its label."""
    if isinstance(event, Choice):
        return next((o for o in options if o.value == event.value), None)
    if not isinstance(event, Text):
        return None
    answer = event.text.strip().rstrip(".)")
    if answer.isdecimal():
        index = int(answer) - 1
        return options[index] if 0 <= index < len(options) else None
    folded = fold(answer)
    return next((o for o in options if fold(o.label) == folded), None)
