"""Matching a question against the FAQ of config.yaml."""

from collections.abc import Sequence
from dataclasses import dataclass

from core.config import FaqEntry


@dataclass(frozen=True)
class FaqMatch:
    """The best entry and how well it matched (0..1)."""

    entry: FaqEntry
    score: float


def best_faq_match(entries: Sequence[FaqEntry], folded_text: str) -> FaqMatch | None:
    """The entry whose keywords best cover the text, or None.

    ``folded_text`` is lower-case without diacritics, as the keywords are. A keyword
    scores the share of its words present in the text, and 1.0 when it appears as a
    whole phrase; an entry scores its best keyword.
    """
    words = folded_text.split()
    padded = f" {' '.join(words)} "
    present = set(words)
    best: FaqMatch | None = None
    for entry in entries:
        score = 0.0
        for keyword in entry.keywords:
            key_words = keyword.lower().split()
            if not key_words:
                continue
            if f" {' '.join(key_words)} " in padded:
                score = 1.0
                break
            score = max(score, sum(w in present for w in key_words) / len(key_words))
        if score > 0 and (best is None or score > best.score):
            best = FaqMatch(entry, score)
    return best
