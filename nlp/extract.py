"""Extract details from a citizen's message: phones, addresses, wards, dates, person names.

``extract(text)`` returns an :class:`Extraction` whose items carry their exact character
span in ``text`` (so :mod:`nlp.redact` can replace them) and, where it makes sense, a
normalised value:

* **phones**: Vietnamese mobile (``0[35789]`` + 8 digits) and landline (``02`` + 9 digits)
  numbers, written with spaces, dots or dashes, with ``+84``/``84`` or ``0``; value = the
  digits in national form (``0909123456``).
* **addresses**: street-level places: house numbers (``số nhà 12``, ``56/3``), ``hẻm``,
  ``ngõ``, ``ngách``, ``kiệt``, ``đường``, ``khu phố``, ``tổ (dân phố)``, ``ấp``, ``thôn``,
  ``xóm``, ``khóm``, ``chung cư``, ``lô``... with a number or a capitalised name; adjacent
  parts are merged into one span. Administrative units are reported separately, as wards.
* **wards**: ``phường``/``xã``/``thị trấn``/``đặc khu`` mentions with their district and
  province and, when exactly one fits, the current (post-2025) unit: see :mod:`nlp.wards`.
* **dates**: ``dd/mm``, ``dd/mm/yyyy`` (also ``-`` and ``.``), ``ngày 5 tháng 3 (năm
  2025)`` and relative expressions (``hôm qua``, ``sáng nay``, ``tối qua``, ``hôm kia``...),
  as text spans, with the calendar date resolved against ``today`` (``dd/mm`` without a
  year takes the latest such date not after ``today``).
* **persons**: capitalised words after ``tên (là)``, ``ông``, ``bà``, ``anh``, ``chị``,
  ``cô``, ``chú``, ``bác``, ``cán bộ``, ``chủ tịch``... (with or without diacritics).
  underthesea's NER works offline too and can be added with ``use_ner=True`` (its model
  takes about 0.7 s to load; it finds untitled full names but also mislabels unaccented
  text, so it is off by default).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from nlp.names import cap_run
from nlp.normalize import strip_diacritics
from nlp.wards import Ward, find_wards

__all__ = ["DateMention", "Extraction", "Span", "extract"]


@dataclass(frozen=True)
class Span:
    """A piece of the message: its text, ``[start, end)`` offsets and a normalised value."""

    text: str
    start: int
    end: int
    value: str = ""


@dataclass(frozen=True)
class DateMention:
    """A date expression; ``date`` is the calendar day when it can be resolved."""

    text: str
    start: int
    end: int
    relative: bool
    date: dt.date | None


@dataclass(frozen=True)
class Extraction:
    """Everything :func:`extract` found, each tuple in text order."""

    phones: tuple[Span, ...]
    addresses: tuple[Span, ...]
    wards: tuple[Ward, ...]
    dates: tuple[DateMention, ...]
    persons: tuple[Span, ...]


# --------------------------------------------------------------------------- phones

_PHONE = re.compile(r"(?<![\w+])(?:\+\s?84|84|0)(?:[\s.\-]?\d){8,10}(?!\w)")


def _phone_value(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw)
    if raw.lstrip().startswith("+") or (digits.startswith("84") and len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    if len(digits) == 10 and digits[1] in "35789":
        return digits
    if len(digits) == 11 and digits.startswith("02"):
        return digits
    return None


def find_phones(text: str) -> list[Span]:
    """Vietnamese phone numbers in ``text`` (value: national digits)."""
    out = []
    for m in _PHONE.finditer(text):
        raw = m.group(0).rstrip(" .-")
        value = _phone_value(raw)
        if value:
            out.append(Span(raw, m.start(), m.start() + len(raw), value))
    return out


# ---------------------------------------------------------------------- addresses

_NUM = r"\d+[a-zA-Z]?(?:\s?/\s?\d+[a-zA-Z]?)*"
#: (keyword pattern, whether a capitalised name may follow, whether a number may follow)
_ADDR_KEYWORDS: tuple[tuple[str, bool, bool], ...] = (
    (r"số nhà|so nha|nhà số|nha so", False, True),
    (r"hẻm|hẽm|hem|ngõ|ngo|ngách|ngach|kiệt|kiet|kiết", True, True),
    (r"phố|pho", True, False),
    (r"đường số|duong so|đường|duong|đg|dg", True, True),
    (r"khu phố|khu pho|kp|tổ dân phố|to dan pho|tdp|khu dân cư|khu dan cu|kdc", True, True),
    (r"tổ|to", False, True),
    (r"ấp|ap|thôn|thon|xóm|xom|khóm|khom|buôn|bản|làng", True, True),
    (r"chung cư|chung cu|cc|lô|lo|block|tòa|toa|căn hộ|can ho|phòng|phong", True, True),
)
_ADDR_RES = [
    (re.compile(rf"(?<!\w)(?:{kw})(?!\w)\.?", re.IGNORECASE), name_ok, num_ok)
    for kw, name_ok, num_ok in _ADDR_KEYWORDS
]
_NUM_RE = re.compile(rf"[ \t]*(?:số[ \t]*|so[ \t]+)?({_NUM})(?!\w)")
_SLASH_NUM = re.compile(r"(?<![\w/])\d+[a-zA-Z]?(?:/\d+[a-zA-Z]?)+(?![\w/])")
_HOUSE_NUM = re.compile(r"(?<![\w/])(?:số[ \t]+)?\d+[a-zA-Z]?(?![\w/])")
_JOIN = re.compile(r"[ \t]*[,\-]?[ \t]*")


def _address_parts(text: str) -> list[tuple[int, int, bool]]:
    """Address components as ``(start, end, strong)``; weak parts need a strong neighbour."""
    parts: list[tuple[int, int, bool]] = []
    for regex, name_ok, num_ok in _ADDR_RES:
        for m in regex.finditer(text):
            end = None
            if num_ok:
                n = _NUM_RE.match(text, m.end())
                if n:
                    end = n.end()
            if end is None and name_ok:
                end = cap_run(text, m.end())
            if end is not None:
                parts.append((m.start(), end, True))
    for m in _SLASH_NUM.finditer(text):
        if not _looks_like_date(m.group(0)):
            parts.append((m.start(), m.end(), True))
    for m in _HOUSE_NUM.finditer(text):
        parts.append((m.start(), m.end(), False))
    # Capitalised street name right after a house number: "12 Lê Lợi".
    extra = []
    for start, end, _strong in parts:
        if re.fullmatch(r"(?:số[ \t]+)?" + _NUM, text[start:end]):
            name_end = cap_run(text, end)
            if name_end is not None and text[end:name_end].startswith(" "):
                extra.append((start, name_end, True))
    return parts + extra


def _looks_like_date(token: str) -> bool:
    nums = token.split("/")
    if len(nums) not in (2, 3) or not all(n.isdigit() for n in nums):
        return False
    day, month = int(nums[0]), int(nums[1])
    return 1 <= day <= 31 and 1 <= month <= 12


def find_addresses(text: str) -> list[Span]:
    """Street-level address spans (adjacent components merged)."""
    parts = sorted(_address_parts(text))
    groups: list[list[int]] = []  # [start, end, strong (0/1)] per merged group
    for start, end, strong in parts:
        if groups:
            last = groups[-1]
            gap = text[last[1] : start] if start > last[1] else ""
            if start <= last[1] or _JOIN.fullmatch(gap):
                last[1] = max(last[1], end)
                last[2] = max(last[2], int(strong))
                continue
        groups.append([start, end, int(strong)])
    out = []
    for g_start, g_end, g_strong in groups:
        if not g_strong:
            continue
        raw = text[g_start:g_end]
        out.append(Span(raw, g_start, g_end, re.sub(r"\s+", " ", raw)))
    return out


# -------------------------------------------------------------------------- dates

_DATE_NUM = re.compile(
    r"(?<![\w/])(?:ngày[ \t]*|ngay[ \t]+)?(\d{1,2})[/.\-](\d{1,2})"
    r"(?:[/.\-](\d{4}|\d{2}))?(?![\w/])",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"(?<!\w)(?:ngày|ngay)[ \t]+(\d{1,2})[ \t]+(?:tháng|thang)[ \t]+(\d{1,2})"
    r"(?:[ \t]+(?:năm|nam)[ \t]+(\d{4}))?(?!\w)",
    re.IGNORECASE,
)
#: Relative expressions as written with diacritics -> days before ``today`` (None: vague).
_RELATIVE_WORDS: dict[str, int | None] = {
    "hôm nay": 0,
    "sáng nay": 0,
    "trưa nay": 0,
    "chiều nay": 0,
    "tối nay": 0,
    "đêm nay": 0,
    "bữa nay": 0,
    "hôm qua": 1,
    "sáng qua": 1,
    "trưa qua": 1,
    "chiều qua": 1,
    "tối qua": 1,
    "đêm qua": 1,
    "bữa qua": 1,
    "tối hôm qua": 1,
    "sáng hôm qua": 1,
    "chiều hôm qua": 1,
    "hôm kia": 2,
    "tuần trước": None,
    "tuần qua": None,
    "tháng trước": None,
    "tháng qua": None,
    "năm ngoái": None,
    "năm trước": None,
}
_RELATIVE_PLAIN = {strip_diacritics(k): k for k in _RELATIVE_WORDS}
_RELATIVE_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted((re.escape(k) for k in _RELATIVE_PLAIN), key=len, reverse=True))
    + r")(?!\w)"
)


def _make_date(day: int, month: int, year: int | None, today: dt.date) -> dt.date | None:
    try:
        if year is not None:
            if year < 100:
                year += 2000
            return dt.date(year, month, day)
        candidate = dt.date(today.year, month, day)
        if candidate > today:
            candidate = dt.date(today.year - 1, month, day)
        return candidate
    except ValueError:
        return None


def find_dates(text: str, today: dt.date | None = None) -> list[DateMention]:
    """Date expressions in ``text``, resolved against ``today`` (default: the current day)."""
    today = today or dt.date.today()
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for regex in (_DATE_WORDS, _DATE_NUM):
        for m in regex.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            day, month = int(m.group(1)), int(m.group(2))
            year = int(m.group(3)) if m.group(3) else None
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            # "56/3 hẻm 8": a house number, not a date.
            if regex is _DATE_NUM and not m.group(3) and _address_after(text, m.end()):
                continue
            date = _make_date(day, month, year, today)
            if date is None:
                continue
            out.append(DateMention(m.group(0), m.start(), m.end(), False, date))
            taken.append((m.start(), m.end()))
    plain = strip_diacritics(text).lower()  # same length as text: offsets carry over
    if len(plain) == len(text):
        for m in _RELATIVE_RE.finditer(plain):
            written = text[m.start() : m.end()]
            accented = _RELATIVE_PLAIN[m.group(0)]
            # "tới nay" is not "tối nay": accept the exact words or a fully unaccented copy.
            if written.lower() != accented and strip_diacritics(written) != written:
                continue
            days = _RELATIVE_WORDS[accented]
            date = today - dt.timedelta(days=days) if days is not None else None
            out.append(DateMention(written, m.start(), m.end(), True, date))
    out.sort(key=lambda d: d.start)
    return out


def _address_after(text: str, pos: int) -> bool:
    return bool(
        re.match(r"[ \t]*(?:hẻm|hem|ngõ|ngo|kiệt|kiet|đường|duong|ngách)(?!\w)", text[pos:], re.I)
    )


# ------------------------------------------------------------------------ persons

_TITLES = (
    "tên là|ten la|tên|ten|tên gọi là|tôi là|toi la|em là|mình là|minh la|"
    "chủ tịch|chu tich|phó chủ tịch|pho chu tich|cán bộ|can bo|cb|công an|cong an|"
    "trưởng công an|truong cong an|tổ trưởng|to truong|trưởng ấp|truong ap|trưởng thôn|"
    "truong thon|khu trưởng|khu truong|thầy|thay|cô giáo|co giao|bác sĩ|bac si|"
    "ông|ong|bà|ba|anh|chị|chi|cô|co|chú|chu|bác|bac|em|cháu|chau|vợ|vo|chồng|chong|"
    "con trai|con gái|con gai|mẹ|me|bố|bo|ba"
)
_TITLE_RE = re.compile(rf"(?<!\w)(?:{_TITLES})(?!\w)[ \t]*(?:là[ \t]+|la[ \t]+)?", re.IGNORECASE)


def find_persons(text: str, *, use_ner: bool = False) -> list[Span]:
    """Person names: capitalised words after a title or ``tên`` (and NER if asked)."""
    out: list[Span] = []
    for m in _TITLE_RE.finditer(text):
        end = cap_run(text, m.end())
        if end is None:
            continue
        name = text[m.end() : end]
        if len(name) < 2 and not name.isalpha():
            continue
        out.append(Span(name, m.end(), end, name))
    if use_ner:
        out.extend(_ner_persons(text))
    return _dedupe(out)


def _ner_persons(text: str) -> list[Span]:
    try:
        from underthesea import ner

        tags = ner(text)
    except Exception:  # pragma: no cover - optional
        return []
    out = []
    pos = 0
    for item in tags:
        word, label = str(item[0]), str(item[-1])
        idx = text.find(word, pos)
        if idx < 0:
            continue
        pos = idx + len(word)
        if label.endswith("PER") and word[:1].isupper():
            out.append(Span(word, idx, idx + len(word), word))
    return out


def _dedupe(spans: Iterable[Span]) -> list[Span]:
    """Drop spans contained in another one; keep text order."""
    items = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Span] = []
    for s in items:
        if out and s.start >= out[-1].start and s.end <= out[-1].end:
            continue
        out.append(s)
    return out


# --------------------------------------------------------------------------- entry


def extract(
    text: str,
    *,
    today: dt.date | None = None,
    default_province: str = "",
    use_ner: bool = False,
    convert_wards: bool = True,
    wards: bool = True,
) -> Extraction:
    """Find phones, addresses, wards, dates and person names in ``text``.

    Args:
        text: the raw message (offsets in the result refer to it).
        today: reference day for relative dates and ``dd/mm`` (default: today).
        default_province: province assumed for wards written without one (e.g. the
            bot's own province), used for mapping to the current unit.
        use_ner: also add person names found by underthesea's NER.
        convert_wards: map wards to current units. underthesea's address data is loaded
            (once) either way when the text has a ward keyword: names are checked
            against it.
        wards: read wards at all; ``False`` leaves ``wards`` empty and never loads the
            address data (for callers that only want places and phones).
    """
    if not isinstance(text, str):
        text = str(text)
    phones = find_phones(text)
    phone_spans = [(p.start, p.end) for p in phones]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in phone_spans)

    dates = [d for d in find_dates(text, today) if free(d.start, d.end)]
    date_spans = [(d.start, d.end) for d in dates if not d.relative]
    addresses = [
        a
        for a in find_addresses(text)
        if free(a.start, a.end) and not any(s <= a.start and a.end <= e for s, e in date_spans)
    ]
    found_wards = (
        find_wards(text, default_province=default_province, convert=convert_wards) if wards else []
    )
    persons = find_persons(text, use_ner=use_ner)
    return Extraction(
        phones=tuple(phones),
        addresses=tuple(addresses),
        wards=tuple(found_wards),
        dates=tuple(dates),
        persons=tuple(persons),
    )
