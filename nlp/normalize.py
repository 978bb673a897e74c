"""Normalisation of citizens' Vietnamese text (phone typing, teencode, no diacritics)."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable

from nlp.teencode import TEENCODE

__all__ = ["MAX_CHARS", "normalize", "strip_diacritics"]

#: Classification only looks at this many characters of a message.
MAX_CHARS = 5000

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
# Repeated letters used for emphasis ("quáaaaa", "điiii"): keep at most two.
_REPEATS = re.compile(r"(\w)\1{2,}")
# Control, format (zero-width), surrogate, private-use and unassigned code points.
_JUNK_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})

_underthesea_normalize: Callable[[str], str] | None = None


def _token_normalizer() -> Callable[[str], str]:
    """Return underthesea's ``text_normalize`` (imported lazily; identity if unavailable)."""
    global _underthesea_normalize
    if _underthesea_normalize is None:
        try:
            from underthesea import text_normalize

            _underthesea_normalize = text_normalize
        except Exception:  # pragma: no cover - underthesea is a hard dependency
            _underthesea_normalize = str
    return _underthesea_normalize


def _clean_code_points(text: str) -> str:
    """Replace control/format/surrogate/private code points with a space."""
    if text.isprintable():
        return text
    return "".join(
        " " if unicodedata.category(ch) in _JUNK_CATEGORIES and not ch.isspace() else ch
        for ch in text
    )


def _expand(match: re.Match[str]) -> str:
    word = match.group(0)
    return TEENCODE.get(word, word)


def normalize(text: str, *, max_chars: int | None = None) -> str:
    """Normalise a citizen's message for matching and classification.

    Steps: Unicode NFC, removal of control/zero-width/binary junk, lower-casing,
    squeezing letters repeated for emphasis, teencode/abbreviation expansion
    (``ko`` -> ``không``, ``dc`` -> ``được``, standalone ``a/e/c`` -> ``anh/em/chị``; see
    :mod:`nlp.teencode`), underthesea ``text_normalize`` (tone-mark placement such as
    ``thuỷ`` -> ``thủy``, punctuation split off words) and whitespace collapsing.
    Never raises on ``str`` input; returns ``""`` for empty or whitespace-only text.

    Args:
        text: the raw message.
        max_chars: if given, only the first ``max_chars`` characters are processed.
    """
    if not isinstance(text, str):
        text = str(text)
    if max_chars is not None:
        text = text[:max_chars]
    text = _clean_code_points(text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.lower())
    text = _REPEATS.sub(r"\1\1", text)
    # Expand before underthesea tokenises, so "50k" / "p5" stay single words here.
    text = _WORD.sub(_expand, text)
    with contextlib.suppress(Exception):  # underthesea must never take the bot down
        text = unicodedata.normalize("NFC", _token_normalizer()(text))
    return _SPACES.sub(" ", text).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics: ``Đường phố`` -> ``Duong pho`` (đ/Đ become d/D)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)
