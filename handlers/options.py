"""Understanding which offered option a person meant, whether pressed, numbered or typed."""

import re
from collections.abc import Sequence

from handlers.channel import Choice, Event, Option, Text
from nlp.normalize import strip_diacritics

YES, NO = "yes", "no"  # option values that everyday answers ("ok", "đúng rồi", "ko") select
_EVERYDAY = {
    YES: frozenset(
        {
            "co",
            "dong y",
            "toi dong y",
            "ok",
            "oke",
            "okay",
            "u",
            "uh",
            "um",
            "vang",
            "da",
            "dung",
            "dung roi",
            "dung roi gui di",
            "gui",
            "gui di",
            "yes",
            "y",
        }
    ),
    NO: frozenset({"khong", "ko", "k", "hong", "khong dong y", "tu choi", "no"}),
}
_PUNCTUATION = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower-case, without diacritics, single-spaced: for forgiving comparisons."""
    return " ".join(strip_diacritics(text).lower().split())


def chosen(options: Sequence[Option], event: Event) -> Option | None:
    """The option an event selects: a pressed button, its number ("1", "1."), its label
    (with or without diacritics), or for yes/no options an everyday "ok", "đúng rồi", "ko"."""
    if isinstance(event, Choice):
        return next((o for o in options if o.value == event.value), None)
    if not isinstance(event, Text):
        return None
    answer = event.text.strip().rstrip(".)")
    if answer.isdecimal():
        index = int(answer) - 1
        return options[index] if 0 <= index < len(options) else None
    folded = fold(answer)
    by_label = next((o for o in options if fold(o.label) == folded), None)
    if by_label is not None:
        return by_label
    words = " ".join(_PUNCTUATION.sub(" ", folded).split())
    value = next((v for v, said in _EVERYDAY.items() if words in said), None)
    return next((o for o in options if o.value == value), None)
