"""Text views and n-gram analyzers shared by training and the run-time model.

The same functions are handed to scikit-learn's ``TfidfVectorizer(analyzer=...)`` at training
time and called by :mod:`nlp.model` at run time, so both sides see identical n-grams.

Views of a message (see :func:`views`):

* ``norm``: :func:`nlp.normalize.normalize` output (NFC, lower case, teencode expanded);
* ``plain``: ``norm`` without diacritics (robustness to unaccented typing);
* ``seg``: ``norm`` word-segmented by underthesea's ``word_tokenize`` (compound words joined
  by ``_``, e.g. ``quảng_cáo``); computed only when a model block asks for it.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable

from nlp.normalize import MAX_CHARS, normalize, strip_diacritics

__all__ = [
    "ANALYZERS",
    "VIEWS",
    "char_wb_2_5",
    "compounds",
    "segment",
    "views",
    "word_1_2",
]

_WORD = re.compile(r"\w+")

_segmenter: Callable[[str], str] | None = None
_segmenter_lock = threading.Lock()


def _load_segmenter() -> Callable[[str], str]:
    """underthesea's ``word_tokenize`` in text format (bundled CRF model, no network)."""
    global _segmenter
    if _segmenter is None:
        with _segmenter_lock:
            if _segmenter is None:
                try:
                    from underthesea import word_tokenize

                    def _seg(text: str) -> str:
                        return str(word_tokenize(text, format="text"))

                    _segmenter = _seg
                except Exception:  # pragma: no cover - underthesea is a hard dependency
                    _segmenter = str
    return _segmenter


def segment(text: str) -> str:
    """Word-segment normalised text: ``"quảng cáo"`` -> ``"quảng_cáo"``; never raises."""
    if not text:
        return ""
    try:
        return _load_segmenter()(text)
    except Exception:  # underthesea must never take the bot down
        return text


def views(text: str, names: Iterable[str] | None = None) -> dict[str, str]:
    """The text views the model reads (all of :data:`VIEWS`, or only ``names``).

    Only the first :data:`nlp.normalize.MAX_CHARS` characters of ``text`` are used.
    """
    wanted = set(VIEWS if names is None else names)
    norm = normalize(text, max_chars=MAX_CHARS)
    out = {"norm": norm}
    if "plain" in wanted:
        out["plain"] = strip_diacritics(norm)
    if "seg" in wanted:
        out["seg"] = segment(norm)
    return out


def word_1_2(text: str) -> list[str]:
    """Word unigrams and bigrams (words are ``\\w+`` runs; one-letter words are kept)."""
    tokens = _WORD.findall(text)
    grams = list(tokens)
    grams.extend(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    return grams


def compounds(text: str) -> list[str]:
    """Only the multi-syllable words of segmented text (tokens containing ``_``)."""
    return [tok for tok in _WORD.findall(text) if "_" in tok]


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
    "compounds": compounds,
}

#: View names produced by :func:`views`.
VIEWS: tuple[str, ...] = ("norm", "plain", "seg")
