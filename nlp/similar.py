"""Near-duplicate petitions: the same problem in the same place, written by different people.

``similarity(a, b)`` is ``place * problem``, two scores in ``[0, 1]`` (texts are read in their
normalised, diacritic-free view, teencode expanded by :func:`nlp.normalize.normalize`):

* **place**. A numbered place is a slot and its value: house (``số 45``, ``56/3``, "8/2 Trần
  Não"), lane (``hẻm``/``ngõ``/``kiệt`` 12), ``ngách``, numbered road (``đường số 7``, ĐT, QL),
  ``khu phố``/``kp7``, ``tổ``, ``ấp``/``thôn``/``xóm`` number, block or ``lô`` (A2, B), stall
  (``sạp``), room, class (``lớp 8B``), ``phường``/``quận`` number, land parcel (``thửa``),
  ``km``. When both texts give a slot and share none of its values (hẻm 12 and hẻm 14, số 45
  and số 47), or both name a street, hamlet, area or ward of :mod:`nlp.extract` and neither
  name is found in the other text (nor its initials: "LQĐ" for Lê Quang Định), the places
  differ and the score is 0: a veto, not a discount. Otherwise every place mention of either
  text (slots, the names in nlp.extract's addresses and wards, and other capitalised names:
  "chợ Bến Thành", "Công ty may Hòa Phát") counts as confirmed when the other text has it too,
  and ``place = 0.5 + 0.5 * confirmed / mentions`` (:data:`PLACE_BASE`); 0.5 when neither text
  names a place, since then nothing says it is the same place.
* **problem**: what is left of the two texts once the places are removed, and with them the
  words that both texts put just before a place (at most :data:`OBJECT_WINDOW` words, same
  clause): the object there ("quán cơm tấm đầu hẻm 70", "vỉa hè trước trường ..."), which the
  hard negatives share while their problems differ. ``problem`` is the mean of the cosine of
  character 3-5-grams (inside words) and the idf-weighted share of the lighter text's words that
  the other uses. An n-gram's weight is the idf of the same string in the shipped classifier's
  diacritic-free *word* block (so n-grams that are whole common syllables, "nha", "hem", "bi",
  weigh less); the others, about three n-grams in four, get the largest idf; words are weighted
  by the same idf. Nothing extra is shipped or downloaded.

Identical texts (after normalisation) score 1, an empty one 0. Each text is analysed once
(about 0.6 ms, cached; 17 ms for a text of :data:`nlp.normalize.MAX_CHARS` characters), then a
comparison takes about 0.1 ms (0.5 ms against a text of that length).

Measured on ``nlp/data/pairs.jsonl`` with ``python -m nlp.similar``: 521 labelled pairs, 239
duplicates (the same problem in the same place, written very differently: with and without
diacritics, teencode, short and long, the place named another way or by a landmark). The 282
negatives are hard, the kind one ward sees in one category within the time window: the same
problem a few houses or lanes away, another problem at the same address, the same place and
topic but another event (yesterday's fire and a fire risk; a broken light and a request for a
new one), a follow-up that is a new problem.

* ROC AUC 0.925 (0.936 on the first 121 pairs, 0.923 on the 400 added since); the score this
  replaces (one cosine of the whole texts times a softer place factor) had 0.719;
* fixed split by the SHA-1 of ``a + b`` (:func:`split_halves`), half A 256 pairs (AUC 0.942),
  half B 265 pairs (AUC 0.910). The rule "lowest threshold with precision >= 0.85"
  (:func:`choose_threshold`) picks 0.29 on half A, which gives precision 0.803, recall 0.883
  on half B (106 right links, 26 wrong): **it misses 0.85 on the half it was not chosen on**.
  On half B it picks 0.35, which gives precision 0.920, recall 0.681 on half A (81 right, 7
  wrong);
* :data:`THRESHOLD` = 0.35, the one value the split supports (chosen on one half, above 0.85
  on the other): precision 0.920, recall 0.681 on half A (held out); 0.865, 0.750 on half B
  (90 right, 14 wrong; the half it was chosen on); 0.891, 0.715 on all pairs (171 right links,
  21 wrong). About one link in nine is still wrong on such pairs; 0.29 would make it one in five
  on half B. Only 1 of the 239 duplicates is vetoed by the place rules, 60 of the 282
  negatives are;
* ``dialogue.merge_threshold`` (0.5) uses this score too; at 0.5 these pairs give precision
  0.948, recall 0.305.

Tried and not adopted (worse on half A, or no gain on half B): the classifier's own feature
vectors or its category weights for the problem part (ROC AUC 0.69-0.77 on half A, below the
n-grams' 0.78); other n-gram weights (none, the classifier's character-block idf, the idf of
the word an n-gram comes from); word bigrams; a penalty when one text has an event cue the
other lacks ("xin lắp/kéo", "đã sửa ... nhưng") or when their urgent probabilities differ;
dates and months as place-like slots; expanding a few abbreviations (cv, bv, kdc). What is
weak: paraphrases that share few words ("nẹt pô"/"nẹt bô", "karaoke"/"loa kẹo") score low, and
two problems described with the same words at the same place ("giấy phép xây dựng" delayed,
and building without one) still score high. Texts that name no place link only when their
problems are very alike (problem >= 0.7), which one word can still fool: "mất điện cả khu từ
sáng" and "mất nước cả khu từ sáng" score 0.39.

The threshold favours precision: telling a citizen that their problem "is already being
handled" when it is another problem is worse than opening a second ticket. ``THRESHOLD`` is
also the default of ``nlp.duplicate_threshold`` (core/config.py and config.yaml; a test keeps
them equal), which is what the bot uses; ``nlp.duplicate_window_days = 0`` turns the linking
off. Callers should compare only with open petitions of the same ward and category in the time
window (``nlp.duplicate_window_days``, default 14).
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from nlp.extract import extract
from nlp.features import char_wb_2_5, views, word_1_2
from nlp.normalize import MAX_CHARS, strip_diacritics

__all__ = [
    "THRESHOLD",
    "Match",
    "best_match",
    "choose_threshold",
    "load_pairs",
    "pair_scores",
    "precision_recall",
    "roc_auc",
    "similarity",
    "split_halves",
]

#: Score at or above which two petitions are treated as the same problem.
THRESHOLD = 0.35
#: Place factor when no place of either text is confirmed by the other; it rises to 1 as the
#: share of confirmed place mentions rises, and stays here when neither text names a place.
PLACE_BASE = 0.5
#: Words at most this far before a place mention (same clause) may name the object there.
OBJECT_WINDOW = 6
#: Only n-grams at least this long are used (2-grams are too common to discriminate).
MIN_GRAM = 3

PAIRS_PATH = Path(__file__).resolve().parent / "data" / "pairs.jsonl"

K = TypeVar("K")

# ---------------------------------------------------------------------- numbered places
# Read on the normalised, diacritic-free text, where teencode is expanded ("kp" is "khu pho",
# "p" is "phuong", and a standalone "c"/"a"/"e" has become "chi"/"anh"/"em": hence the block
# letters). Two texts that both give a slot and share none of its values name different
# places (hem 12 and hem 14, so 45 and so 47): the pair scores 0.
_NUM = r"\d+[a-z]?(?:\s?/\s?\d+[a-z]?)*"
_SLOTS: dict[str, str] = {
    "khu_pho": r"(?:khu pho|kp|k\.p\.?)\s*(?:so\s*)?(\d+)",
    "to": r"(?:to dan pho|tdp|to)\s*(?:so\s*)?(\d+)",
    "hem": rf"(?:hem|hxh|kiet|ngo)\s*(?:so\s*)?({_NUM})",
    "ngach": rf"ngach\s*(?:so\s*)?({_NUM})",
    "duong": r"(?:duong so|duong|dg)\s*(?:so\s*)?(\d+[a-z]?)",
    "tinh_lo": r"(?:duong tinh|dt|tinh lo|tl)\s*(\d+[a-z]?)",
    "quoc_lo": r"(?:quoc lo|ql)\s*(\d+[a-z]?)",
    "ap": r"(?:ap|thon|xom|khom)\s*(?:so\s*)?(\d+)",
    "nha": rf"(?:so nha|nha so|so|nha)\s*({_NUM})",
    "lo": r"(?:lo|block|toa|day|khu)\s+([a-z]\d*|anh|em|chi)(?!\w)|(?:lo|block|toa)\s*(\d+[a-z]?)",
    "sap": r"(?:sap|ki ot|kiot|quay)\s*(?:so\s*)?(\d+[a-z]?)",
    "phong": r"(?:phong|can ho)\s*(?:so\s*)?(\d+[a-z]?)",
    "lop": r"lop\s*(\d+[a-z]\d*)",
    "phuong": r"(?:phuong|p\.?)\s*(\d+)",
    "quan": r"(?:quan|q)\s*(\d+)",
    "thua": r"thua\s*(?:dat\s*)?(?:so\s*)?(\d+)",
    "km": r"km\s*(\d+)",
}
# A number followed by one of these counts something ("to 3 nguoi", "nha 3 tang").
_QUANTITY = (
    r"tuan|ngay|thang|nam|gio|h|tuoi|nguoi|lan|con|trieu|nghin|ngan|k|m|met|km|cm|tang|lau|"
    r"phut|dong|hs|chiec|cai|ho"
)
_SLOT_RES = {
    slot: re.compile(rf"(?<![\w/])(?:{pattern})(?![\w/])(?!\s*(?:{_QUANTITY})\b)")
    for slot, pattern in _SLOTS.items()
}
_BLOCK_LETTER = {"anh": "a", "em": "e", "chi": "c"}
# "8/2 Trần Não": a slashed house number before a capitalised street name (not a date).
_SLASH_HOUSE = re.compile(r"(?<![\w/])(\d+[a-zA-Z]?(?:/\d+[a-zA-Z]?)+)\s+[A-ZĐ]")

# --------------------------------------------------------------------------- place names
# Words that introduce a place rather than name it. The diacritic-free forms count only on
# words typed without diacritics ("Ngô Sĩ Liên" is a name, "ngõ 5" and "ngo 5" are lanes),
# and a capitalised keyword inside a name is part of it ("Lý Thường Kiệt", "Lý Thái Tổ").
_KEYWORDS = frozenset(
    [
        "số",
        "nhà",
        "hẻm",
        "hẽm",
        "ngõ",
        "ngách",
        "kiệt",
        "kiết",
        "đường",
        "đg",
        "phố",
        "khu",
        "tổ",
        "dân",
        "ấp",
        "thôn",
        "xóm",
        "khóm",
        "buôn",
        "bản",
        "làng",
        "lô",
        "block",
        "tòa",
        "chung",
        "cư",
        "căn",
        "hộ",
        "phòng",
        "phường",
        "quận",
        "huyện",
        "xã",
        "thị",
        "trấn",
        "thành",
        "tp",
        "kp",
        "tdp",
        "kdc",
        "cc",
        "p",
        "q",
        "f",
    ]
)
_PLAIN_KEYWORDS = frozenset(strip_diacritics(k) for k in _KEYWORDS)
# The kind of name a keyword introduces, for names that contradict each other.
_NAME_KIND = {
    **dict.fromkeys(["duong", "dg", "pho"], "street"),
    **dict.fromkeys(["ap", "thon", "xom", "khom", "buon", "ban", "lang"], "hamlet"),
    **dict.fromkeys(["khu", "cu", "kdc", "cc"], "area"),
}
_WORD = re.compile(r"[^\W_][\w']*")
_ALNUM = re.compile(r"[a-z0-9]+")
_CAP_AFTER = re.compile(r"[ \t]+([^\W\d_][\w']*)")
_SENTENCE_END = frozenset(".!?:;\n")
_PUNCT = frozenset(",.;:!?()[]\"'-/…")


def _plain_word(word: str) -> str:
    return strip_diacritics(word).lower()


def _is_keyword(word: str, in_name: bool) -> bool:
    if in_name and word[:1].isupper():
        return False
    low = word.lower()
    return low in _KEYWORDS or (low == _plain_word(low) and low in _PLAIN_KEYWORDS)


def _name_runs(words: Sequence[str]) -> list[tuple[str, str]]:
    """``(kind, name)`` of the names in ``words``, which keywords and numbers separate.

    The kind ("street", "hamlet", "area" or "") comes from the keyword before the name; a
    name after a number is a street ("hẻm 102 Lạc Long Quân", "200 Điện Biên Phủ").
    """
    runs: list[tuple[str, str]] = []
    current: list[str] = []
    kind = previous = ""
    for word in [*words, "0"]:
        number = any(ch.isdigit() for ch in word)
        if number or _is_keyword(word, bool(current)):
            if current:
                runs.append((kind, " ".join(_plain_word(w) for w in current)))
                current = []
            plain = _plain_word(word)
            if number:
                kind = kind or "street"
            elif plain == "pho" and previous == "khu":
                kind = "area"  # khu phố
            else:
                kind = _NAME_KIND.get(plain, kind)
            previous = plain
        else:
            current.append(word)
    return runs


def _extended_end(text: str, end: int) -> int:
    """``end`` moved over following capitalised words (extract stops at "Bà" in "Hai Bà
    Trưng")."""
    for _ in range(4):
        m = _CAP_AFTER.match(text, end)
        if m is None or not m.group(1)[0].isupper():
            break
        end = m.end()
    return end


def _landmarks(text: str) -> list[str]:
    """Names written with capitals other than at the start of a sentence ("chợ Bến Thành")."""
    runs: list[list[str]] = []
    current: list[str] = []
    last = 0
    for m in _WORD.finditer(text):
        gap = text[last : m.start()]
        sentence_start = last == 0 or any(ch in _SENTENCE_END for ch in gap)
        last = m.end()
        word = m.group(0)
        capital = word[0].isupper() and not sentence_start
        if capital and current and not gap.strip():
            current.append(word)
            continue
        if current:
            runs.append(current)
        current = [word] if capital else []
    if current:
        runs.append(current)
    return [name for words in runs for _kind, name in _name_runs(words)]


@dataclass(frozen=True)
class _Text:
    """What the comparison needs of one text (computed once per text)."""

    tokens: tuple[str, ...]
    #: Token -> its indices in ``tokens``.
    positions: dict[str, tuple[int, ...]]
    #: Numbered places: slot -> values ("hem" -> {"12"}), and the tokens that spell them.
    slots: dict[str, frozenset[str]]
    slot_tokens: frozenset[int]
    #: Place names (diacritic-free): of nlp.extract's addresses and wards, then the other
    #: capitalised names (landmarks: "chợ Bến Thành", "Công ty may Hòa Phát").
    names: tuple[str, ...]
    #: Names that exclude others of their kind: "street"/"hamlet"/"area"/"ward" -> names.
    kinds: dict[str, frozenset[str]]
    #: Counts of the character n-grams of the whole text, and the squared norm of their
    #: idf-weighted vector.
    grams: Counter[str]
    norm2: float


def _positions(tokens: Sequence[str]) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        out.setdefault(token, []).append(i)
    return {token: tuple(idx) for token, idx in out.items()}


@lru_cache(maxsize=65536)
def _token_grams(token: str) -> tuple[str, ...]:
    return tuple(g for g in char_wb_2_5(token) if len(g) >= MIN_GRAM)


@lru_cache(maxsize=4096)
def _analyse(text: str) -> _Text:
    text = text[:MAX_CHARS]
    plain = views(text, ("plain",))["plain"]
    spans = [(m.group(0), m.start()) for m in re.finditer(r"\S+", plain)]
    tokens = tuple(token for token, _start in spans)
    slots: dict[str, set[str]] = {}
    slot_tokens: set[int] = set()
    for slot, regex in _SLOT_RES.items():
        for m in regex.finditer(plain):
            value = re.sub(r"\s+", "", next(g for g in m.groups() if g))
            slots.setdefault(slot, set()).add(_BLOCK_LETTER.get(value, value))
            slot_tokens.update(i for i, (_t, s) in enumerate(spans) if m.start() <= s < m.end())
    for m in _SLASH_HOUSE.finditer(text):
        value = m.group(1).lower()
        slots.setdefault("nha", set()).add(value)
        slot_tokens.update(i for i, token in enumerate(tokens) if token == value)
    names: list[str] = []
    kinds: dict[str, set[str]] = {}
    found = extract(text, convert_wards=False)
    for address in found.addresses:
        words = _WORD.findall(text[address.start : _extended_end(text, address.end)])
        for kind, name in _name_runs(words):
            names.append(name)
            if kind:
                kinds.setdefault(kind, set()).add(name)
    for ward in found.wards:
        names.extend(name for _kind, name in _name_runs(_WORD.findall(ward.text)))
        kinds.setdefault("ward", set()).add(_plain_word(ward.ward))
    names.extend(_landmarks(text))
    positions = _positions(tokens)
    bare = _Text(tokens, positions, {}, frozenset(), (), {}, Counter(), 0.0)
    grams: Counter[str] = Counter()
    for token, idx in positions.items():
        for gram in _token_grams(token):
            grams[gram] += len(idx)
    return _Text(
        tokens=tokens,
        positions=positions,
        slots={slot: frozenset(values) for slot, values in slots.items()},
        slot_tokens=frozenset(slot_tokens),
        # A name the normalised text does not spell ("BHYT", expanded) cannot be matched.
        names=tuple(dict.fromkeys(n for n in names if _occurrences(n, bare))),
        kinds={kind: frozenset(values) for kind, values in kinds.items()},
        grams=grams,
        norm2=sum(_weight(gram, n) ** 2 for gram, n in grams.items()),
    )


def _occurrences(name: str, text: _Text) -> list[range]:
    """Token ranges of ``name`` in ``text``: whole, else a part of two words or more, else its
    initials ("LQĐ" for Lê Quang Định, "LTT" or "LT" for Lý Thái Tổ)."""
    words = tuple(name.split())
    tokens = text.tokens
    for n in range(len(words), 1 if len(words) > 1 else 0, -1):
        for i in range(len(words) - n + 1):
            part = words[i : i + n]
            starts = text.positions.get(part[0], ())
            hits = [range(j, j + n) for j in starts if tokens[j : j + n] == part]
            if hits:
                return hits
    initials = "".join(w[0] for w in words)
    if len(initials) < 2:
        return []
    found = list(text.positions.get(initials, ()))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        found.extend(text.positions.get(initials + letter, ()))
    return [range(j, j + 1) for j in sorted(found)]


def _conflict(a: _Text, b: _Text) -> bool:
    """Whether the texts name different places: another number, street, hamlet or ward."""
    for slot in a.slots.keys() & b.slots.keys():
        if not a.slots[slot] & b.slots[slot]:
            return True
    for kind in a.kinds.keys() & b.kinds.keys():
        if kind == "ward":
            if not a.kinds[kind] & b.kinds[kind]:
                return True
        elif not any(_occurrences(n, b) for n in a.kinds[kind]) and not any(
            _occurrences(n, a) for n in b.kinds[kind]
        ):
            return True
    return False


def _place(a: _Text, b: _Text) -> tuple[float, set[int], set[int]]:
    """Place agreement of two texts without conflicts, and the tokens that spell places."""
    marks_a, marks_b = set(a.slot_tokens), set(b.slot_tokens)
    agree = total = 0
    for this, other, own, theirs in ((a, b, marks_a, marks_b), (b, a, marks_b, marks_a)):
        numbers = {token for token in other.tokens if token[:1].isdigit()}
        for slot, values in this.slots.items():
            total += 1
            agree += bool(values & other.slots.get(slot, numbers))
        for name in this.names:
            for hit in _occurrences(name, this):
                own.update(hit)
            hits = _occurrences(name, other)
            for hit in hits:
                theirs.update(hit)
            total += 1
            agree += bool(hits)
    place = PLACE_BASE + (1 - PLACE_BASE) * agree / total if total else PLACE_BASE
    return place, marks_a, marks_b


def _before(text: _Text, marks: set[int]) -> set[int]:
    """Tokens at most :data:`OBJECT_WINDOW` before a place mention, in the same clause."""
    out: set[int] = set()
    for i in marks:
        j = i - 1
        while j >= 0 and i - j <= OBJECT_WINDOW and j not in marks and text.tokens[j] not in _PUNCT:
            out.add(j)
            j -= 1
    return out


def _removed(a: _Text, b: _Text, marks_a: set[int], marks_b: set[int]) -> tuple[set[int], set[int]]:
    """The tokens that are not the problem: places, and the words that both texts put just
    before a place (the object there: "quán cơm tấm đầu hẻm 70", "vỉa hè trước trường")."""
    near_a, near_b = _before(a, marks_a), _before(b, marks_b)
    shared = {a.tokens[i] for i in near_a} & {b.tokens[i] for i in near_b}
    return (
        marks_a | {i for i in near_a if a.tokens[i] in shared},
        marks_b | {i for i in near_b if b.tokens[i] in shared},
    )


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """The idf of the classifier's diacritic-free word block, and the largest idf."""
    from nlp.classifier import get_model

    model = get_model()
    for block in model.blocks:
        if block.view == "plain" and block.analyzer is word_1_2:
            idf = {term: float(block.idf[j]) for term, j in block.vocabulary.items()}
            return idf, max(idf.values(), default=1.0)
    return {}, 1.0  # pragma: no cover - every shipped model has the block


def _weight(gram: str, count: int) -> float:
    idf, max_idf = _idf()
    return (1.0 + math.log(count)) * idf.get(gram, max_idf) if count > 0 else 0.0


class _Grams:
    """The idf-weighted character n-grams of a text without some of its tokens."""

    def __init__(self, text: _Text, removed: set[int]) -> None:
        self.counts = text.grams
        self.less: Counter[str] = Counter()
        for i in removed:
            self.less.update(_token_grams(text.tokens[i]))
        norm2 = text.norm2
        for gram, n in self.less.items():
            count = self.counts[gram]
            norm2 += _weight(gram, count - n) ** 2 - _weight(gram, count) ** 2
        self.norm = math.sqrt(max(norm2, 0.0))

    def weight(self, gram: str) -> float:
        return _weight(gram, self.counts.get(gram, 0) - self.less.get(gram, 0))


def _cosine(a: _Grams, b: _Grams) -> float:
    """Cosine of the character 3-5-grams of what is left of two texts."""
    if a.norm <= 1e-12 or b.norm <= 1e-12:
        return 0.0
    if len(a.counts) > len(b.counts):
        a, b = b, a
    dot = sum(a.weight(g) * b.weight(g) for g in a.counts if g in b.counts)
    return min(1.0, dot / (a.norm * b.norm))


def _words(text: _Text, removed: set[int]) -> list[str]:
    return [w for i, t in enumerate(text.tokens) if i not in removed for w in _ALNUM.findall(t)]


def _coverage(words_a: list[str], words_b: list[str]) -> float:
    """Share of the lighter text's words (idf-weighted) that the other text uses too."""
    idf, max_idf = _idf()
    weight_a = sum(idf.get(w, max_idf) for w in words_a)
    weight_b = sum(idf.get(w, max_idf) for w in words_b)
    if weight_a > weight_b:
        words_a, words_b, weight_a = words_b, words_a, weight_b
    if not weight_a:
        return 0.0
    other = set(words_b)
    return sum(idf.get(w, max_idf) for w in words_a if w in other) / weight_a


def _parts(a: str, b: str) -> tuple[float, float]:
    """``(place, problem)`` of two texts, each in ``[0, 1]``; both 0 when the places conflict."""
    ta, tb = _analyse(str(a)), _analyse(str(b))
    if not ta.grams or not tb.grams:
        return 0.0, 0.0
    if ta.tokens == tb.tokens:
        return 1.0, 1.0
    if _conflict(ta, tb):
        return 0.0, 0.0
    place, marks_a, marks_b = _place(ta, tb)
    removed_a, removed_b = _removed(ta, tb, marks_a, marks_b)
    words_a, words_b = _words(ta, removed_a), _words(tb, removed_b)
    if not words_a or not words_b:
        # One text is nothing but a place and the object there: keep the object words.
        removed_a, removed_b = marks_a, marks_b
        words_a, words_b = _words(ta, removed_a), _words(tb, removed_b)
    cosine = _cosine(_Grams(ta, removed_a), _Grams(tb, removed_b))
    return place, 0.5 * _coverage(words_a, words_b) + 0.5 * cosine


def similarity(a: str, b: str) -> float:
    """Near-duplicate score of two petition texts, in ``[0, 1]`` (1 = same text).

    The product of a place score (0 when the texts name different places) and a problem score
    (what is left of the texts once their places, and the object both name there, are
    removed); see the module docstring.
    """
    place, problem = _parts(a, b)
    return max(0.0, min(1.0, place * problem))


@dataclass(frozen=True)
class Match:
    """The best candidate for a text: its key and score."""

    key: Any
    score: float


def best_match(
    text: str,
    candidates: Iterable[tuple[K, str]],
    threshold: float = THRESHOLD,
) -> Match | None:
    """The candidate ``(key, text)`` most similar to ``text`` if its score >= ``threshold``.

    Ties keep the first candidate. Returns ``None`` when no candidate reaches the threshold.
    """
    best: Match | None = None
    for key, other in candidates:
        score = similarity(text, other)
        if score >= threshold and (best is None or score > best.score):
            best = Match(key, score)
    return best


def load_pairs(path: Path | str = PAIRS_PATH) -> list[dict[str, Any]]:
    """The labelled pairs ``{"a", "b", "duplicate"}`` of a JSON-lines file."""
    import json

    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pair_scores(pairs: Sequence[dict[str, Any]]) -> list[tuple[float, bool]]:
    """``(similarity, duplicate)`` of every pair."""
    return [(similarity(p["a"], p["b"]), bool(p["duplicate"])) for p in pairs]


def precision_recall(scores: Sequence[tuple[float, bool]], threshold: float) -> tuple[float, float]:
    """Precision and recall of ``score >= threshold`` as the duplicate decision."""
    tp = sum(1 for s, d in scores if s >= threshold and d)
    fp = sum(1 for s, d in scores if s >= threshold and not d)
    fn = sum(1 for s, d in scores if s < threshold and d)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def choose_threshold(scores: Sequence[tuple[float, bool]], min_precision: float = 0.85) -> float:
    """The lowest threshold (grid of 0.01) whose precision is >= ``min_precision``."""
    for step in range(5, 96):
        threshold = step / 100
        precision, recall = precision_recall(scores, threshold)
        if precision >= min_precision and recall > 0:
            return threshold
    return 0.95


def roc_auc(scores: Sequence[tuple[float, bool]]) -> float:
    """Probability that a random duplicate scores above a random non-duplicate."""
    pos = [s for s, d in scores if d]
    neg = [s for s, d in scores if not d]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def split_halves(
    pairs: Sequence[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A fixed split of labelled pairs in two halves by the SHA-1 of ``a + b``.

    The split does not depend on the order of the file, so appending pairs moves none.
    """
    halves: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
    for pair in pairs:
        digest = hashlib.sha1(f"{pair['a']}{pair['b']}".encode()).digest()
        halves[digest[0] % 2].append(pair)
    return halves


def _figures(scores: Sequence[tuple[float, bool]], threshold: float) -> str:
    precision, recall = precision_recall(scores, threshold)
    tp = sum(1 for s, d in scores if s >= threshold and d)
    fp = sum(1 for s, d in scores if s >= threshold and not d)
    return f"precision {precision:.3f}, recall {recall:.3f} ({tp} right links, {fp} wrong)"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures of the module docstring for a pairs file (default: pairs.jsonl)."""
    args = list(sys.argv[1:] if argv is None else argv)
    pairs = load_pairs(args[0] if args else PAIRS_PATH)
    scores = pair_scores(pairs)
    n_dup = sum(d for _s, d in scores)
    print(f"{len(pairs)} pairs, {n_dup} duplicates; ROC AUC {roc_auc(scores):.3f}")
    print(f"threshold {THRESHOLD:.2f}: {_figures(scores, THRESHOLD)}")
    curve = [(precision_recall(scores, t / 100), t / 100) for t in range(5, 96)]
    (precision, _recall), thr = max((c for c in curve if c[0][1] >= 0.1), default=curve[0])
    print(f"highest precision with recall >= 0.1: {precision:.3f} at {thr:.2f}")
    first, second = (pair_scores(half) for half in split_halves(pairs))
    for name, other, tune, held in (("A", "B", first, second), ("B", "A", second, first)):
        print(
            f"half {name} ({len(tune)} pairs, AUC {roc_auc(tune):.3f}) "
            f"at {THRESHOLD:.2f}: {_figures(tune, THRESHOLD)}"
        )
        thr = choose_threshold(tune)
        if precision_recall(tune, thr)[1] == 0:
            thr = _most_precise(tune)
            print(
                f"  no threshold reaches precision 0.85 on half {name}; the most precise with "
                f"recall >= 0.3 is {thr:.2f}; on half {other}: {_figures(held, thr)}"
            )
        else:
            print(f"  chosen on half {name}: {thr:.2f}; on half {other}: {_figures(held, thr)}")
    return 0


def _most_precise(scores: Sequence[tuple[float, bool]], min_recall: float = 0.3) -> float:
    """The threshold (grid of 0.01) of highest precision among those with enough recall."""
    best = (-1.0, 0.05)
    for step in range(5, 96):
        precision, recall = precision_recall(scores, step / 100)
        if recall >= min_recall and precision > best[0]:
            best = (precision, step / 100)
    return best[1]


if __name__ == "__main__":
    sys.exit(main())
