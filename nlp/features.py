"""Text views and n-gram analyzers shared by training and the run-time model.

The same functions are handed to scikit-learn's ``TfidfVectorizer(analyzer=...)`` at training
time and called by :mod:`nlp.model` at run time, so both sides see identical n-grams.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from nlp.normalize import MAX_CHARS, normalize, strip_diacritics

__all__ = ["ANALYZERS", "VIEWS", "char_wb_2_5", "views", "word_1_2"]

_WORD = re.compile(r"\w+")


def views(text: str) -> dict[str, str]:
    """The text views the model reads: ``norm`` (normalised) and ``plain`` (no diacritics).

    Only the first :data:`nlp.normalize.MAX_CHARS` characters of ``text`` are used.
    """
    norm = normalize(text, max_chars=MAX_CHARS)
    return {"norm": norm, "plain": strip_diacritics(norm)}


def word_1_2(text: str) -> list[str]:
    """Word unigrams and bigrams (words are ``\\w+`` runs; one-letter words are kept)."""
    tokens = _WORD.findall(text)
    grams = list(tokens)
    grams.extend(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    return grams


def char_wb_2_5(text: str) -> list[str]:
    """Character 2..5-grams inside space-padded words (same as sklearn's ``char_wb``)."""
    grams: list[str] = []
    append = grams.append
    for word in text.split():
        w = f" {word} "
        w_len = len(w)
        for n in range(2, 6):
            if w_len <= n:
                append(w)
                break
            for offset in range(w_len - n + 1):
                append(w[offset : offset + n])
    return grams


#: Analyzer name -> function; the exported model names analyzers by these keys.
ANALYZERS: dict[str, Callable[[str], list[str]]] = {
    "word_1_2": word_1_2,
    "char_wb_2_5": char_wb_2_5,
}

#: View names produced by :func:`views`.
VIEWS: tuple[str, ...] = ("norm", "plain")
