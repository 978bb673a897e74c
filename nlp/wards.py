"""Ward and commune mentions in a citizen's message, and the current unit they map to.

Mentions of ``phường``/``xã``/``thị trấn``/``đặc khu`` (also ``P.3``, ``p3``, ``F12``,
unaccented) with an optional district (``quận``, ``huyện``, ``thị xã``, ``thành phố``,
``q.``, ``q1``, ``q ``, ``tx``, ``h.``, or the bare name when the data has that ward in
that district: "phuong 12 go vap") and province (``tỉnh``/``tp``/``thành phố`` + name, a
province name alone, or an alias: ``tphcm``, ``hcm``, ``sài gòn``, ``hn``; not ``dn``,
which is Đà Nẵng, Đồng Nai or Đắk Nông). Names are checked against underthesea's address
data (bundled with the package, local file, no network; indexed once, about 0.2 s):

- capitalised names are read as before (up to a glued abbreviation: "P.Tân Định Q.1");
  lower-case ones (``phuong ben nghe``, ``quan go vap``, ``huyen cu chi``) only when the
  keyword and the name form a unit that exists, so "quán ăn", "quan ao", "xa lo", "xã
  hội", "phương án" are not units. A lower-case unaccented name needs two words, and one
  starting with a word that is usually a verb there ("xa cho don" = xã cho dọn,
  "phuong an hoa giai" = phương án hòa giải) needs a district or province after it.
  Accented names must have the data's diacritics ("Hưng Lợi" is not "Hùng Lợi"; tone
  placement "hoà"/"hòa" does not matter). "thị xã X", "hợp tác xã X", "cu xa" are not
  communes. A "TP ..." that names a province is the province, not a district.
- ``ward``/``district``/``province`` carry the data's spelling when it is unambiguous
  ("phuong ben nghe" -> "Phường Bến Nghé"), else the name as written, title-cased.
- ``current`` (the post-2025 unit) is set only when exactly one current ward fits, from
  the old 3-level unit (province + district + ward; the province may be implied by a
  district/ward pair that exists in one province only) or from a current ward's own name
  (``Phường Sài Gòn``, ``phường An Hội Tây``). The province comes from the text, else
  ``default_province`` (if the ward is not there, the other readings are tried), else
  uniqueness: a current name found in one province only and nowhere else as an old ward.
  A province named in the text is binding; an old one (``Bình Dương``) means its territory
  inside the current province. Districts renamed before 2025 still work (Quận 2/Quận 9/
  Quận Thủ Đức -> Thành phố Thủ Đức; "Thị xã Thuận An", now a thành phố, when the ward
  pins it down). ``current`` stays ``None`` when the data allows more than one answer or
  none: an old ward with neither district nor province; a name that is current in one
  province and old in another ("phường Ba Đình"); an old ward split between current
  wards ("Phường Dịch Vọng, Quận Cầu Giấy": underthesea's ``convert_address`` picks a
  "default" part, which is a guess); a ward already gone before 2025 ("Phường 3, Quận 5",
  merged in 2020, is not mapped to Quận 3's Phường 3 as ``convert_address`` would); and a
  lower-case unaccented name whose province would only come from uniqueness ("phuong sai
  gon" alone: the data is then the only evidence that it is a ward at all).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from nlp.names import cap_run
from nlp.normalize import strip_diacritics

__all__ = ["Ward", "find_wards", "to_current_unit"]


@dataclass(frozen=True)
class Ward:
    """A ward/commune mention and, when it can be mapped, the current (post-2025) unit."""

    text: str
    start: int
    end: int
    #: The ward as written, normalised ("Phường 3", "Xã Đại Lộc"; the data's spelling when
    #: the name is known unambiguously: "phuong ben nghe" -> "Phường Bến Nghé").
    ward: str
    #: The district if written ("Quận 5", "Quận Gò Vấp" for "q.go vap"), else "".
    district: str
    #: The province if written ("Thành phố Hồ Chí Minh" for "tphcm"), else "".
    province: str
    #: The current unit, e.g. "Phường Bàn Cờ, Thành phố Hồ Chí Minh", or None when the
    #: data does not give exactly one.
    current: str | None


#: Full-word keywords must not run into a letter ("xanh" is not "xa nh", "quang" not "quan g").
_WARD_KW = (
    r"(?P<wkw>(?:phường|phuong|thị trấn|thi tran|đặc khu|dac khu)(?![^\W\d_])"
    # "thị xã" is a district; "hợp tác xã" a cooperative; "cu xa", "ky tuc xa" cư xá, ký túc xá
    r"|(?<!thị[ \t])(?<!thi[ \t])(?<!tác[ \t])(?<!tac[ \t])(?<!cu[ \t])(?<!tuc[ \t])"
    r"(?:xã|xa)(?![^\W\d_])"
    r"|p\.|p(?=\d)|f\.|f(?=\d)|tt\.)"
)
_DIST_KW = (
    r"(?P<dkw>(?:quận|quan|huyện|huyen|thị xã|thi xa|thành phố|thanh pho)(?![^\W\d_])"
    r"|tp\.?|q\.|q(?=\d)|q(?=[ \t])|tx\.|tx(?=[ \t])|h\.)"
)
_PROV_KW = r"(?P<pkw>(?:tỉnh|tinh|thành phố|thanh pho)(?![^\W\d_])|tp\.?)"
_WARD_RE = re.compile(rf"(?<!\w){_WARD_KW}[ \t]*", re.IGNORECASE)
_DIST_RE = re.compile(rf"[ \t]*[,\-]?[ \t]*(?<!\w){_DIST_KW}[ \t]*", re.IGNORECASE)
_PROV_RE = re.compile(rf"[ \t]*[,\-]?[ \t]*(?:(?<!\w){_PROV_KW}[ \t]*)?", re.IGNORECASE)
_PROV_KW_RE = re.compile(rf"[ \t]*[,\-]?[ \t]*(?<!\w){_PROV_KW}", re.IGNORECASE)
_SEP_RE = re.compile(r"[ \t]*[,\-]?[ \t]*")
_UNIT_NUM = re.compile(r"0?\d{1,2}(?!\d)")
_WORD_RE = re.compile(r"[^\W_][\w']*")
_WORD_GAP = re.compile(r"[ \t]+-[ \t]+|[ \t]+|-")
#: Longest unit name after its prefix, in words ("Văn Miếu - Quốc Tử Giám").
_MAX_NAME_WORDS = 5

_WARD_PREFIX = {"phuong": "Phường", "p": "Phường", "f": "Phường", "xa": "Xã"}
_WARD_PREFIX.update({"thi tran": "Thị trấn", "tt": "Thị trấn", "dac khu": "Đặc khu"})
_DIST_PREFIX = {"quan": "Quận", "q": "Quận", "huyen": "Huyện", "h": "Huyện"}
_DIST_PREFIX.update({"thi xa": "Thị xã", "tx": "Thị xã", "thanh pho": "Thành phố"})
_DIST_PREFIX["tp"] = "Thành phố"
_UNIT_PREFIXES = ("Phường", "Xã", "Thị trấn", "Đặc khu", "Quận", "Huyện", "Thị xã", "Thành phố")
_DIST_PREFIX_BY_KEY = {"quan": "Quận", "huyen": "Huyện", "thixa": "Thị xã", "thanhpho": "Thành phố"}
#: Keywords written as full unaccented words: an accented name after them must be one the
#: data knows ("Xa Lộ Hà Nội" is a highway, not a commune).
_PLAIN_KW = frozenset(["phuong", "xa", "thi tran", "dac khu", "quan", "huyen", "thi xa"])
#: District keywords too short to trust: only names the data knows may follow them.
_STRICT_DIST_KW = frozenset(["q", "tx", "h."])
#: Unaccented words that, after "xa"/"phuong", are far more often a verb or particle than
#: the start of a name ("xa cho don" = xã cho dọn, "phuong an giai quyet" = phương án...):
#: such a two-word lower-case name counts only when a district or province follows it.
_VERB_AFTER_UNIT = frozenset(
    re.findall(
        r"\w+",
        "an ban bao bat bi bo can cap cho chua co con cu cung da dang de den di do doi dua duoc "
        "giup hoi hong khong ky la lam lay len ma moi mo nay nhan noi nhu o phat quan ra se tra "
        "thi thu tiep toi tu van vao ve xay xin xu xuong",
    )
)
#: Short province names citizens write without a "tỉnh"/"thành phố" keyword. Only
#: unambiguous ones: "dn" (Đà Nẵng, Đồng Nai, Đắk Nông) and "hp" are not here.
_PROVINCE_ALIASES = {
    "hcm": "Thành phố Hồ Chí Minh",
    "tphcm": "Thành phố Hồ Chí Minh",
    "hcmc": "Thành phố Hồ Chí Minh",
    "sai gon": "Thành phố Hồ Chí Minh",
    "sg": "Thành phố Hồ Chí Minh",
    "ho chi minh": "Thành phố Hồ Chí Minh",
    "ha noi": "Thành phố Hà Nội",
    "hn": "Thành phố Hà Nội",
    "da nang": "Thành phố Đà Nẵng",
    "hai phong": "Thành phố Hải Phòng",
    "can tho": "Thành phố Cần Thơ",
    "thua thien hue": "Thành phố Huế",
    "brvt": "Tỉnh Bà Rịa - Vũng Tàu",
}
#: Districts that citizens still name but the data (mid-2025) knows under their successor:
#: Quận 2, Quận 9 and Quận Thủ Đức became Thành phố Thủ Đức in 2021, keeping their wards'
#: names (wards merged away then are absent from the data, so they stay unmapped).
_DISTRICT_ALIASES = {"quan2": "thanhphothuduc", "quan9": "thanhphothuduc"}
_DISTRICT_ALIASES["quanthuduc"] = "thanhphothuduc"

#: Tone marks (grave, acute, tilde, hook, dot below); other marks (^, breve, horn) stay.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TONE_RE = re.compile(f"[{_TONE_MARKS}]")
_NO_TONES = {ord(mark): None for mark in _TONE_MARKS}
_NOT_PLAIN_CHAR = re.compile(r"[^a-z0-9]")
_NOT_KEY_CHAR = re.compile(r"[^\w\u0300-\u036f]|_")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", strip_diacritics(text).lower()).strip()


def _pkey(text: str) -> str:
    """Lookup key without diacritics, case, spaces or punctuation ("Gò Vấp" -> "govap")."""
    return _NOT_PLAIN_CHAR.sub("", unicodedata.normalize("NFD", text.lower().replace("đ", "d")))


_ALIAS_KEYS = frozenset(_pkey(a) for a in _PROVINCE_ALIASES)


def _tone_key(text: str) -> str:
    """Key that keeps diacritics but not where the tone sits ("Hoà" and "Hòa" are equal)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    base = _NOT_KEY_CHAR.sub("", decomposed.translate(_NO_TONES))
    return base + "|" + "".join(_TONE_RE.findall(decomposed))


def _accented(text: str) -> bool:
    return strip_diacritics(text) != text


def _title(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip(" ."))
    if name.isdigit():
        return str(int(name))
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))


def _split_prefix(name: str) -> tuple[str, str]:
    for prefix in _UNIT_PREFIXES:
        if name.startswith(prefix + " "):
            return prefix, name[len(prefix) + 1 :]
    return "", name


class _Rec(NamedTuple):
    """One row of underthesea's mapping: an old ward (or part of one) -> a current ward."""

    old_prov: str
    old_dist: str
    old_ward: str
    old_tone: str
    new_prov: str
    new_ward: str  # display name; "" when the data lost it
    new_tone: str


@dataclass
class _Lexicon:
    """underthesea's address data indexed for reading names and mapping wards."""

    #: plain key ("phuongbennghe") -> {tone key: display name ("" if unknown)}, old and new
    ward_names: dict[str, dict[str, str]]
    #: the same for old districts, plus the other types of each district's name ("Thị xã
    #: Bến Cát" for Thành phố Bến Cát, a town until 2023), which ``district_alternates`` maps
    district_names: dict[str, dict[str, str]]
    district_alternates: dict[str, list[str]]
    real_districts: frozenset[str]
    #: plain key of a province's name, short name or alias -> province key (old or current)
    provinces: dict[str, str]
    province_display: dict[str, str]
    old_to_new: dict[str, str]
    new_to_old: dict[str, frozenset[str]]
    by_district_ward: dict[tuple[str, str], list[_Rec]]
    by_old_ward: dict[str, list[_Rec]]
    by_new_ward: dict[str, list[_Rec]]


_lexicon_cache: list[_Lexicon | None] = []
_lexicon_lock = threading.Lock()


def _underthesea_address() -> Any:
    from underthesea.address import converter

    converter._load_data()  # bundled mapping.json; reads a local file only
    return converter


def _build_lexicon(data: dict[str, Any]) -> _Lexicon:
    old_to_new: dict[str, str] = dict(data["province_mapping"])
    merged: dict[str, set[str]] = {}
    for old, new in old_to_new.items():
        merged.setdefault(new, set()).add(old)
    provinces: dict[str, str] = {}
    display: dict[str, str] = {}
    for names in (data["old_province_names"], data["province_names"]):  # current names win
        for key, info in names.items():
            display[key] = info["name"]
            provinces[_pkey(info["name"])] = key
            provinces[_pkey(info["short"])] = key
    for alias, name in _PROVINCE_ALIASES.items():
        target = provinces.get(_pkey(name))
        if target:
            provinces[_pkey(alias)] = target

    rows = data["ward_mapping"]
    # Some rows lost a display name (two current communes of a province whose names differ
    # only by diacritics, e.g. Xã Cẩm Giang and Xã Cẩm Giàng); their raw key keeps the
    # diacritics ("xãcẩmgiàng"), so the name is recovered from other names in the data.
    spelled: dict[str, str] = {}
    seen: set[str] = set()
    for row in rows:
        for field in ("old_ward", "new_ward", "old_district"):
            bare = _split_prefix(row[field])[1]
            if bare and bare not in seen:
                seen.add(bare)
                spelled.setdefault(_tone_key(bare), bare)

    def recover(raw_key: str) -> str:
        low = unicodedata.normalize("NFC", raw_key.lower())
        for prefix in _UNIT_PREFIXES:
            flat = prefix.lower().replace(" ", "")
            if low.startswith(flat) and len(low) > len(flat):
                bare = spelled.get(_tone_key(low[len(flat) :]))
                return f"{prefix} {bare}" if bare else ""
        return ""

    ward_names: dict[str, dict[str, str]] = {}
    district_names: dict[str, dict[str, str]] = {}

    keys: dict[str, tuple[str, str]] = {}

    def entry(table: dict[str, dict[str, str]], name: str, raw_key: str) -> tuple[str, str, str]:
        name = name or recover(raw_key)
        source = name or raw_key
        if source not in keys:
            keys[source] = (_pkey(source), _tone_key(source))
        plain, tone = keys[source]
        if plain:
            slot = table.setdefault(plain, {})
            if name or tone not in slot:
                slot[tone] = name
        return plain, tone, name

    by_district_ward: dict[tuple[str, str], list[_Rec]] = {}
    by_old_ward: dict[str, list[_Rec]] = {}
    by_new_ward: dict[str, list[_Rec]] = {}
    for row in rows:
        dist = entry(district_names, row["old_district"], row["old_district_key"])[0]
        old_ward, old_tone, _name = entry(ward_names, row["old_ward"], row["old_ward_key"])
        new_ward, new_tone, new_name = entry(ward_names, row["new_ward"], row["new_ward_key"])
        rec = _Rec(
            row["old_province_key"],
            dist,
            old_ward,
            old_tone,
            row["new_province_key"],
            new_name,
            new_tone,
        )
        if old_ward and dist:
            by_district_ward.setdefault((dist, old_ward), []).append(rec)
        if old_ward:
            by_old_ward.setdefault(old_ward, []).append(rec)
        if new_ward:
            by_new_ward.setdefault(new_ward, []).append(rec)

    real = frozenset(district_names)
    alternates: dict[str, list[str]] = {}
    for key, spellings in list(district_names.items()):
        for name in spellings.values():
            prefix, bare = _split_prefix(name)
            if not prefix or prefix == "Quận":
                continue  # urban districts were never called otherwise
            for other in ("Huyện", "Thị xã", "Thành phố"):
                alt = f"{other} {bare}"
                if other != prefix and _pkey(alt) not in real:
                    alternates.setdefault(_pkey(alt), []).append(key)
                    district_names.setdefault(_pkey(alt), {})[_tone_key(alt)] = alt
    district_names.setdefault("quanthuduc", {_tone_key("Quận Thủ Đức"): "Quận Thủ Đức"})
    return _Lexicon(
        ward_names=ward_names,
        district_names=district_names,
        district_alternates=alternates,
        real_districts=real,
        provinces=provinces,
        province_display=display,
        old_to_new=old_to_new,
        new_to_old={k: frozenset(v) for k, v in merged.items()},
        by_district_ward=by_district_ward,
        by_old_ward=by_old_ward,
        by_new_ward=by_new_ward,
    )


def _lexicon() -> _Lexicon | None:
    """The address lexicon, built once (about 0.1 s); None if the data cannot be read."""
    if not _lexicon_cache:
        with _lexicon_lock:
            if not _lexicon_cache:
                lexicon: _Lexicon | None
                try:
                    lexicon = _build_lexicon(_underthesea_address()._mapping_data)
                except Exception:  # pragma: no cover - data missing or layout changed
                    lexicon = None
                _lexicon_cache.append(lexicon)
    return _lexicon_cache[0]


# ------------------------------------------------------------ reading unit names


class _Unit(NamedTuple):
    end: int
    name: str  # with its prefix: "Phường 12", "Quận Gò Vấp"
    #: written in lower case without diacritics: the data is the only evidence
    weak: bool = False


def _words_at(text: str, pos: int, limit: int = _MAX_NAME_WORDS) -> list[int]:
    """End offsets of up to ``limit`` words starting exactly at ``pos``."""
    ends: list[int] = []
    i = pos
    while len(ends) < limit:
        if ends:
            gap = _WORD_GAP.match(text, i)
            if not gap:
                break
            i = gap.end()
        w = _WORD_RE.match(text, i)
        if not w:
            break
        ends.append(w.end())
        i = w.end()
    return ends


def _lexicon_name(
    text: str, pos: int, ends: list[int], prefix: str, table: dict[str, dict[str, str]]
) -> tuple[int, str] | None:
    """Longest run of words at ``pos`` that, after ``prefix``, names a unit in ``table``;
    a name written with diacritics must have the data's diacritics."""
    pkey = _pkey(prefix)
    for end in reversed(ends):
        written = text[pos:end]
        spellings = table.get(pkey + _pkey(written))
        if not spellings:
            continue
        if _accented(written):
            name = spellings.get(_tone_key(f"{prefix} {written}"))
            if name is None:
                continue  # "Hưng Lợi" is not "Hùng Lợi"
        else:
            names = set(spellings.values())
            name = names.pop() if len(names) == 1 else ""
        return end, name or f"{prefix} {_title(written)}"
    return None


def _cut_abbreviation(text: str, pos: int, end: int) -> int:
    """End of a capitalised run before a glued unit abbreviation ("Tân Định Q.1", "Q1")."""
    for w in _WORD_RE.finditer(text, pos, end):
        word = w.group(0).lower()
        dotted = text[w.end() : w.end() + 1] == "."
        if (dotted and word in ("q", "p", "f", "tp", "tx", "h", "tt")) or re.fullmatch(
            r"[qpf]\d+", word
        ):
            return max(pos, len(text[: w.start()].rstrip(" \t,-")))
    return end


def _place_follows(text: str, pos: int, lexicon: _Lexicon) -> bool:
    """A district or province keyword or name right after ``pos``."""
    if _DIST_RE.match(text, pos) or _PROV_KW_RE.match(text, pos):
        return True
    gap = _SEP_RE.match(text, pos)
    start = gap.end() if gap else pos
    for end in _words_at(text, start):
        key = _pkey(text[start:end])
        if key in lexicon.provinces or any(
            p + key in lexicon.real_districts for p in _DIST_PREFIX_BY_KEY
        ):
            return True
    return False


def _read_unit(
    text: str,
    pos: int,
    prefix: str,
    table: dict[str, dict[str, str]] | None,
    lexicon: _Lexicon | None,
    *,
    numeric_ok: bool,
    plain_kw: bool,
    strict: bool,
    min_plain_words: int,
) -> _Unit | None:
    """A unit name at ``pos`` (after its keyword), or None."""
    if numeric_ok:
        m = _UNIT_NUM.match(text, pos)
        if m:
            return _Unit(m.end(), f"{prefix} {int(m.group(0))}")
    cap_end = cap_run(text, pos)
    if cap_end is not None:
        cap_end = _cut_abbreviation(text, pos, cap_end)
        if cap_end <= pos:
            return None
        if table is None or lexicon is None:
            return None if strict else _Unit(cap_end, f"{prefix} {_title(text[pos:cap_end])}")
        # Capitalised words may go on past the run when the data says so ("Phường Thạch
        # Thang": "Thang" stops a person's name), and a shorter name is taken when a place
        # follows ("Phường Tân Định Hồ Chí Minh") or the text is shouted in capitals.
        all_ends = _words_at(text, pos)
        ends = [e for e in all_ends if e <= cap_end]
        for end in all_ends[len(ends) :]:
            glued = text[ends[-1] : end].lstrip(" \t-") if ends else ""
            if not (glued[:1].isupper() or text[end - 1].isdigit()):
                break
            ends.append(end)
        found = _lexicon_name(text, pos, ends, prefix, table)
        if found and (
            found[0] >= cap_end
            or text[pos:cap_end].isupper()
            or _place_follows(text, found[0], lexicon)
        ):
            return _Unit(*found)
        if strict or (plain_kw and _accented(text[pos:cap_end])):
            return None  # "Xa Lộ Hà Nội"
        return _Unit(cap_end, f"{prefix} {_title(text[pos:cap_end])}")
    if table is None:
        return None
    found = _lexicon_name(text, pos, _words_at(text, pos), prefix, table)
    if found is None:
        return None
    written = text[pos : found[0]]
    if _accented(written):
        if plain_kw:
            return None  # "xa lộ"
        return _Unit(*found)
    if len(_WORD_RE.findall(written)) < min_plain_words:
        return None  # "phuong an", "xa hoi": one unaccented word is too little
    return _Unit(found[0], found[1], weak=True)


def _province_key(lexicon: _Lexicon, name: str) -> str | None:
    key = _pkey(name)
    for prefix in ("", "tinh", "thanhpho", "tp"):
        if key.startswith(prefix) and key[len(prefix) :] in lexicon.provinces:
            return lexicon.provinces[key[len(prefix) :]]
    return None


def _read_province(
    text: str, pos: int, keyword: str, lexicon: _Lexicon | None
) -> tuple[int, str] | None:
    ends = _words_at(text, pos)
    for end in reversed(ends):
        written = text[pos:end]
        key = _pkey(written)
        if lexicon is None:
            if _key(written) in _PROVINCE_ALIASES:
                return end, _PROVINCE_ALIASES[_key(written)]
            continue
        if key in lexicon.provinces:
            lone = not keyword and end == ends[0] and not written[:1].isupper()
            if lone and key not in _ALIAS_KEYS:
                continue  # a lone lower-case word needs "tỉnh"/"tp" before it
            return end, lexicon.province_display[lexicon.provinces[key]]
    if keyword:
        cap_end = cap_run(text, pos)
        if cap_end is not None:
            prefix = "Tỉnh" if _key(keyword) == "tinh" else "Thành phố"
            return cap_end, f"{prefix} {_title(text[pos:cap_end])}"
    return None


def _is_province(lexicon: _Lexicon | None, district: str) -> bool:
    """A "TP ..." that names a province ("TP HCM", "TP Cần Thơ"), not a district."""
    name = _split_prefix(district)[1]
    if lexicon is None:
        return _key(name) in _PROVINCE_ALIASES
    if _pkey(district) in lexicon.real_districts:
        return False  # "TP Thủ Đức", "TP Vinh"
    return _province_key(lexicon, name) is not None


def _bare_district(text: str, pos: int, ward: str, lexicon: _Lexicon | None) -> _Unit | None:
    """A district written without its keyword ("phuong 12 go vap"), taken only when the data
    has that ward in exactly one district of that name."""
    if lexicon is None:
        return None
    gap = _SEP_RE.match(text, pos)
    if gap is None or gap.end() == pos:
        return None
    start = gap.end()
    ward_key = _pkey(ward)
    ends = _words_at(text, start, 4)
    for end in reversed(ends[1:]):  # two words at least
        written = text[start:end]
        found = [
            (prefix, p + _pkey(written))
            for p, prefix in _DIST_PREFIX_BY_KEY.items()
            if (p + _pkey(written), ward_key) in lexicon.by_district_ward
        ]
        if len(found) == 1:
            prefix, key = found[0]
            names = {n for n in lexicon.district_names[key].values() if n}
            if _accented(written) and _tone_key(written) not in {
                _tone_key(_split_prefix(n)[1]) for n in names
            }:
                continue
            name = names.pop() if len(names) == 1 else f"{prefix} {_title(written)}"
            return _Unit(end, name)
    return None


def _read_ward(text: str, m: re.Match[str], lexicon: _Lexicon | None) -> tuple[Ward, bool] | None:
    """The mention at the ward keyword matched by ``m`` (``current`` left None) and whether
    its ward name is weak evidence (lower case, no diacritics)."""
    kw_text = m.group("wkw")
    kw = _key(kw_text)
    ward = _read_unit(
        text,
        m.end(),
        _WARD_PREFIX.get(kw, "Phường"),
        lexicon.ward_names if lexicon else None,
        lexicon,
        numeric_ok=kw in ("phuong", "p", "f"),
        plain_kw=kw in _PLAIN_KW and not _accented(kw_text),
        strict=False,
        min_plain_words=2,
    )
    if ward is None:
        return None
    end = ward.end
    district = province = ""
    d = _DIST_RE.match(text, end)
    if d:
        dkw = _key(d.group("dkw"))
        found = _read_unit(
            text,
            d.end(),
            _DIST_PREFIX.get(dkw, "Quận"),
            lexicon.district_names if lexicon else None,
            lexicon,
            numeric_ok=dkw in ("quan", "q"),
            plain_kw=dkw in _PLAIN_KW and not _accented(d.group("dkw")),
            strict=d.group("dkw").lower() in _STRICT_DIST_KW,
            min_plain_words=1,
        )
        if found and not (dkw in ("tp", "thanh pho") and _is_province(lexicon, found.name)):
            end, district = found.end, found.name
    if not district:
        bare = _bare_district(text, end, ward.name, lexicon)
        if bare:
            end, district = bare.end, bare.name
    p = _PROV_RE.match(text, end)
    if p and p.end() > end:
        found_province = _read_province(text, p.end(), p.group("pkw") or "", lexicon)
        if found_province:
            end, province = found_province
    words = _key(text[m.end() : ward.end]).split()
    verbish = len(words) <= 2 and words[0] in _VERB_AFTER_UNIT
    if ward.weak and verbish and not (district or province):
        return None  # "xa cho don ve sinh": the commune lets someone clean
    mention = Ward(text[m.start() : end], m.start(), end, ward.name, district, province, None)
    return mention, ward.weak


def find_wards(text: str, *, default_province: str = "", convert: bool = True) -> list[Ward]:
    """Ward/commune mentions with their district/province and current unit."""
    out: list[Ward] = []
    lexicon: _Lexicon | None = None
    resume = 0
    for m in _WARD_RE.finditer(text):
        if m.start() < resume:
            continue  # "Thị xã ..." inside the previous mention
        if lexicon is None:
            lexicon = _lexicon()
        try:
            found = _read_ward(text, m, lexicon)
        except Exception:  # pragma: no cover - never let odd text break extraction
            continue
        if found is None:
            continue
        mention, weak = found
        if convert:
            current = _current_unit(
                mention.ward,
                mention.district,
                mention.province,
                default_province,
                infer_province=not weak,
            )
            mention = replace(mention, current=current)
        out.append(mention)
        resume = mention.end
    return out


# ------------------------------------------------------- mapping to current units

#: (old province keys, current province keys, whether a current ward must cover one of
#: those old provinces)
_Scope = tuple[frozenset[str], frozenset[str], bool]


def _scope(lexicon: _Lexicon, province: str) -> _Scope | None:
    """Where a province as written (old or current name) may put a ward; None if unknown."""
    key = _province_key(lexicon, province)
    if key is None:
        return None
    if key in lexicon.new_to_old:  # a current province: the old ones merged into it too
        return lexicon.new_to_old[key], frozenset([key]), False
    return frozenset([key]), frozenset([lexicon.old_to_new[key]]), True


def _canonical(text: str, regex: re.Pattern[str], group: str, prefixes: dict[str, str]) -> str:
    """Keyword spelled out for lookups: "P.12" -> "Phường 12", "q.go vap" -> "Quận go vap"."""
    text = text.strip()
    m = regex.match(text)
    if m is None or not m.group(group):
        return text
    rest = text[m.end() :]
    rest = str(int(rest)) if rest.isdigit() else rest
    return f"{prefixes.get(_key(m.group(group)), '')} {rest}"


def _district_key(lexicon: _Lexicon, district: str, ward_key: str) -> str:
    key = _pkey(district)
    key = _DISTRICT_ALIASES.get(key, key)
    if key and key not in lexicon.real_districts:
        # "Thị xã Bến Cát", a town until 2023: the district of that name holding that ward.
        options = [
            k
            for k in lexicon.district_alternates.get(key, [])
            if (k, ward_key) in lexicon.by_district_ward
        ]
        if len(set(options)) == 1:
            return options[0]
    return key


def _candidates(
    lexicon: _Lexicon, ward: str, district: str, scope: _Scope | None, infer_province: bool
) -> set[tuple[str, str]]:
    """Every (current ward, current province key) that the mention may mean."""
    ward_key = _pkey(ward)
    dist_key = _district_key(lexicon, district, ward_key) if district else ""
    olds, news, covering_old = scope if scope else (None, None, False)
    new = lexicon.by_new_ward.get(ward_key, [])
    if dist_key:
        old = lexicon.by_district_ward.get((dist_key, ward_key), [])
    else:
        old = lexicon.by_old_ward.get(ward_key, [])
    if _accented(_split_prefix(ward)[1]):  # the diacritics tell similar names apart
        tone = _tone_key(ward)
        old = [r for r in old if r.old_tone == tone]
        new = [r for r in new if r.new_tone == tone]
    if news is not None:
        new = [r for r in new if r.new_prov in news]
        if covering_old:  # an old province named: the current ward must cover part of it
            new = [r for r in new if r.old_prov in (olds or ())]
    if olds is not None:
        old = [r for r in old if r.old_prov in olds]
    if dist_key:
        # A current ward written with an old district must cover part of that district.
        covering = {(r.new_prov, r.new_tone) for r in new if r.old_dist == dist_key}
        new = [r for r in new if (r.new_prov, r.new_tone) in covering]
    elif scope is None and not (new and infer_province):
        return set()  # an old ward alone needs a province (or a district)
    return {(r.new_ward, r.new_prov) for r in old} | {(r.new_ward, r.new_prov) for r in new}


def _current_unit(
    ward: str,
    district: str,
    province: str,
    default_province: str = "",
    *,
    infer_province: bool = True,
) -> str | None:
    try:
        lexicon = _lexicon()
        if lexicon is None:
            return None
        ward = _canonical(ward, _WARD_RE, "wkw", _WARD_PREFIX)
        district = _canonical(district, _DIST_RE, "dkw", _DIST_PREFIX) if district else ""
        scopes: list[_Scope | None]
        if province:
            scopes = [_scope(lexicon, province)]
            if scopes[0] is None:
                return None  # a province the data does not know
        else:
            default = _scope(lexicon, default_province) if default_province else None
            scopes = [default, None] if default else [None]
        for scope in scopes:
            found = _candidates(lexicon, ward, district, scope, infer_province)
            if not found:
                continue  # not in the assumed province: try without it
            if len(found) != 1:
                return None  # several current wards fit (or an old ward was split)
            ((name, prov),) = found
            return f"{name}, {lexicon.province_display[prov]}" if name else None
        return None
    except Exception:
        return None


def to_current_unit(ward: str, district: str = "", province: str = "") -> str | None:
    """The current (post-2025) unit meant by a ward, e.g. ``("Phường 12", "Quận Gò Vấp")``
    -> ``"Phường An Hội Tây, Thành phố Hồ Chí Minh"``, ``("Phường Sài Gòn", "", "TP HCM")``
    -> ``"Phường Sài Gòn, Thành phố Hồ Chí Minh"``.

    ``None`` unless exactly one current ward fits: an unknown unit or province, an old ward
    with neither district nor province, a current name found in several provinces (or also
    an old ward's name elsewhere), an old ward split between current wards, a ward that no
    longer existed in 2025 ("Phường 3, Quận 5", merged in 2020), or diacritics that do not
    match the data ("Hưng Lợi" is not "Hùng Lợi")."""
    return _current_unit(ward, district, province)
