"""The redacted copy of a tố cáo that units and officers see (DOMAIN.md section 4).

``redact(text, known)`` replaces with :data:`PLACEHOLDER`:

* the sender's name(s) and any other string given in ``known``, matched case-insensitively
  with and without diacritics; for names of three or more words also the last two words
  ("Thị Lan") and, after a pronoun/title ("chị Lan", "em Lan"), the given name alone;
* phone numbers (see :func:`nlp.extract.find_phones`), e-mail addresses, ID numbers
  (CCCD 12 digits, CMND 9 digits, also after "cccd"/"cmnd"/"căn cước" with spaces/dots);
* street-level addresses (house number, hẻm/ngõ/kiệt/đường, tổ, khu phố, ấp...); the
  ward/commune names are kept (units need to know where; a ward does not identify a person);
* self-identifying phrases: the name after "tôi là", "tôi tên", "tên tôi là", "em là",
  "mình tên", "con trai tôi tên", "vợ tôi là"... and what follows "nhà tôi ở", "tôi ở",
  "tôi sống ở", "địa chỉ" up to the end of the clause.

Everything else stays, in particular the accused's name (units need it): a person named in
the text is removed only when they match ``known`` or a self-identifying phrase.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from nlp.extract import find_addresses, find_phones
from nlp.names import cap_run
from nlp.normalize import strip_diacritics

__all__ = ["PLACEHOLDER", "redact"]

PLACEHOLDER = "[đã ẩn]"

_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63})+")
_ID_NUMBER = re.compile(r"(?<![\w])(?:\d{12}|\d{9})(?![\w])")
_ID_AFTER_KEYWORD = re.compile(
    r"(?:cccd|cmnd|căn cước|can cuoc|chứng minh|chung minh|định danh|dinh danh)"
    r"[^\d\n]{0,25}?(\d[\d .\-]{7,16}\d)",
    re.IGNORECASE,
)

_I = r"(?:tôi|toi|em|mình|minh|tui|tao|cháu|chau)"
_RELATIVE = (
    r"(?:con trai|con gai|con gái|con|vợ|vo|chồng|chong|mẹ|me|bố|bo|ba|má|ma|cha|anh|chị|chi|"
    r"em|ông|ong|bà|ba|cháu|chau|cô|chú|chu)"
)
#: Phrases after which a capitalised name identifies the sender or their family.
_NAME_PHRASE = re.compile(
    rf"(?<!\w)(?:{_I}[ \t]+(?:là|la|tên|ten|tên là|ten la)|"
    rf"tên[ \t]+(?:của[ \t]+)?{_I}[ \t]+(?:là|la)|ten[ \t]+(?:cua[ \t]+)?{_I}[ \t]+la|"
    rf"{_RELATIVE}[ \t]+(?:của[ \t]+|cua[ \t]+)?{_I}[ \t]+(?:tên|ten|là|la)(?:[ \t]+là|[ \t]+la)?|"
    r"họ tên|ho ten|họ và tên|ho va ten)[ \t]*:?[ \t]*",
    re.IGNORECASE,
)
#: Phrases after which the rest of the clause is the sender's address.
_PLACE_PHRASE = re.compile(
    rf"(?<!\w)(?:nhà[ \t]+{_I}[ \t]+(?:ở|o|tại|tai)|nha[ \t]+{_I}[ \t]+(?:o|tai)|"
    rf"{_I}[ \t]+(?:ở|o|sống ở|song o|sống tại|song tai|cư trú tại|cu tru tai|"
    r"thường trú tại|thuong tru tai|tạm trú tại|tam tru tai|trú tại|tru tai)|"
    rf"địa chỉ(?:[ \t]+(?:của[ \t]+)?(?:nhà[ \t]+)?{_I})?|"
    rf"dia chi(?:[ \t]+(?:cua[ \t]+)?(?:nha[ \t]+)?{_I})?)(?!\w)[ \t]*:?[ \t]*",
    re.IGNORECASE,
)
#: End of an address clause: sentence punctuation, or a comma not followed by more address.
_CLAUSE_END = re.compile(
    r"[.;!?\n]|,(?![ \t]*(?:\d|phường|phuong|xã|xa|quận|quan|huyện|huyen|thị|thi|tỉnh|tinh|"
    r"tp|thành phố|thanh pho|hẻm|hem|ngõ|ngo|ngách|kiệt|kiet|đường|duong|phố|pho|tổ|to|"
    r"khu|kp|ấp|ap|thôn|thon|xóm|xom|khóm|số|so|lô|block|chung cư|p\.|q\.)(?!\w))",
    re.IGNORECASE,
)
_MAX_PLACE_CHARS = 80
_TITLE_BEFORE = re.compile(
    r"(?:chị|chi|anh|em|cô|co|bà|ba|ông|ong|chú|chu|bác|bac|cháu|chau|bạn|ban|tên|ten)[ \t]+$",
    re.IGNORECASE,
)


def _plain_lower(text: str) -> str:
    """Diacritic-free lower-case copy with the same length as ``text`` (NFC input)."""
    out = strip_diacritics(text).lower()
    if len(out) != len(text):  # pragma: no cover - NFC Vietnamese keeps lengths
        return "".join(strip_diacritics(ch).lower()[:1] or " " for ch in text)
    return out


def _find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of ``needle`` in ``haystack`` (both diacritic-free)."""
    if not needle.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, needle.split())) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(haystack)]


def _known_spans(text: str, plain: str, known: Sequence[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for raw in known:
        if not isinstance(raw, str):
            continue
        item = unicodedata.normalize("NFC", raw).strip()
        if len(item) < 2:
            continue
        key = _plain_lower(item)
        spans += _find_all(plain, key)
        words = key.split()
        if len(words) >= 3:
            # "Thị Lan" alone, but not inside another full name ("Trần Văn Hùng").
            for start, end in _find_all(plain, " ".join(words[-2:])):
                before = text[max(0, start - 12) : start].rstrip()
                last = before.split()[-1] if before.split() else ""
                if not (last[:1].isupper() and last.isalpha()) or _TITLE_BEFORE.search(
                    before + " "
                ):
                    spans.append((start, end))
        if len(words) >= 2 and item[:1].isupper():
            for start, end in _find_all(plain, words[-1]):
                if _TITLE_BEFORE.search(text[max(0, start - 8) : start]):
                    spans.append((start, end))
    return spans


def _phrase_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _NAME_PHRASE.finditer(text):
        end = cap_run(text, m.end())
        if end is not None:
            spans.append((m.end(), end))
    for m in _PLACE_PHRASE.finditer(text):
        start = m.end()
        stop = _CLAUSE_END.search(text, start)
        end = stop.start() if stop else len(text)
        end = min(end, start + _MAX_PLACE_CHARS)
        if end > start and text[start:end].strip():
            spans.append((start, end))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def sensitive_spans(text: str, known: Sequence[str] = ()) -> list[tuple[int, int]]:
    """The ``[start, end)`` ranges of ``text`` (NFC) that :func:`redact` hides, merged."""
    plain = _plain_lower(text)
    spans = _known_spans(text, plain, known)
    spans += [(p.start, p.end) for p in find_phones(text)]
    if "@" in text:
        spans += [(m.start(), m.end()) for m in _EMAIL.finditer(text)]
    spans += [(m.start(), m.end()) for m in _ID_NUMBER.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in _ID_AFTER_KEYWORD.finditer(text)]
    spans += [(a.start, a.end) for a in find_addresses(text)]
    spans += _phrase_spans(text)
    return _merge([(s, e) for s, e in spans if e > s])


def redact(text: str, known: Sequence[str] = (), placeholder: str = PLACEHOLDER) -> str:
    """The copy of ``text`` that units see: the sender's identity replaced by ``placeholder``.

    Args:
        text: the message (a tố cáo or any petition).
        known: the sender's name(s) and any other identifying strings (e.g. their phone
            or address as registered); matched with and without diacritics.
        placeholder: the replacement text.
    """
    if not isinstance(text, str):
        text = str(text)
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    pos = 0
    for start, end in sensitive_spans(text, known):
        out.append(text[pos:start])
        out.append(placeholder)
        pos = end
    out.append(text[pos:])
    return "".join(out)
