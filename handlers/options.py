"""Understanding which offered option a person meant, whether pressed, numbered or typed;
and whether a typed text has letters enough to be read as a request (:data:`MIN_LETTERS`)."""

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

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
_NUMBERED = re.compile(r"^(?:so|chon|lua chon|phuong an|cau)\s*(\d{1,2})$")  # "số 2", "chọn 1"
CLOSE_ENOUGH = 0.8  # how alike a typed answer and an option's words must be (0..1)
_MIN_CLOSE_CHARS = 4
MIN_LETTERS = 4  # fewer letters than this is not a petition's text, a matter or a question


def fold(text: str) -> str:
    """Lower-case, without diacritics, single-spaced: for forgiving comparisons."""
    return " ".join(strip_diacritics(text).lower().split())


def letters(text: str) -> int:
    """How many letters ``text`` has (compared with :data:`MIN_LETTERS`)."""
    return sum(ch.isalpha() for ch in text)


def chosen(options: Sequence[Option], event: Event) -> Option | None:
    """The option an event selects: a pressed button, its number ("1", "1.", "số 1"), its
    label (with or without diacritics), for yes/no options an everyday "ok", "đúng rồi",
    "ko", else a label typed nearly right (:func:`close_match`)."""
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
    words = _words(folded)
    numbered = _NUMBERED.match(words)
    if numbered:
        index = int(numbered.group(1)) - 1
        return options[index] if 0 <= index < len(options) else None
    value = next((v for v, said in _EVERYDAY.items() if words in said), None)
    everyday = next((o for o in options if o.value == value), None)
    return everyday or close_match(options, words)


def _words(folded: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


def close_match(options: Sequence[Option], words: str) -> Option | None:
    """The one option whose words (folded, without emoji or punctuation) the answer
    matches closely: a typo or a missing word ("ha tang giao thog"); None when no option
    is close enough or two are about as close (never a guess between options)."""
    if len(words) < _MIN_CLOSE_CHARS:
        return None
    scored = sorted(
        (
            (SequenceMatcher(None, words, _words(fold(o.label))).ratio(), i)
            for i, o in enumerate(options)
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < CLOSE_ENOUGH:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.1:
        return None
    return options[scored[0][1]]
