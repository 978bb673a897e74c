"""Teencode and abbreviation table used by :func:`nlp.normalize.normalize`.

Keys are lower-case whole words (matched on ``\\w+`` boundaries, so ``50k`` or ``p5`` are
left alone); values are their expansions. Keep this as data: add rows, not code.
Ambiguous short forms (``hs`` = hồ sơ / học sinh, ``dk`` = đăng ký / điều kiện,
``ca`` = công an / ca trực, ``hem`` = không / hẻm and ``hong`` = không / hỏng / hồng
written without diacritics: "den bi hong", "so hong") are deliberately absent.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["TEENCODE", "TEENCODE_MARKERS", "teencode_tokens"]

_WORD = re.compile(r"\w+")

TEENCODE: dict[str, str] = {
    # negation
    "ko": "không",
    "k": "không",
    "kh": "không",
    "hk": "không",
    "kg": "không",
    "k0": "không",
    "hok": "không",
    "hông": "không",
    "khong": "không",
    "khum": "không",
    "kô": "không",
    "hơm": "không",
    # được / gì / như thế nào
    "dc": "được",
    "đc": "được",
    "duoc": "được",
    "j": "gì",
    "gi": "gì",
    "ji": "gì",
    "ntn": "như thế nào",
    # pronouns and address terms (only when standalone words)
    "a": "anh",
    "e": "em",
    "c": "chị",
    "mk": "mình",
    "mik": "mình",
    "mn": "mọi người",
    "mng": "mọi người",
    "ng": "người",
    "ngta": "người ta",
    "vk": "vợ",
    "ck": "chồng",
    # particles and function words
    "ak": "ạ",
    "ah": "ạ",
    "vs": "với",
    "z": "vậy",
    "v": "vậy",
    "zậy": "vậy",
    "r": "rồi",
    "rùi": "rồi",
    "roài": "rồi",
    "oy": "rồi",
    "cx": "cũng",
    "cg": "cũng",
    "ms": "mới",
    "mún": "muốn",
    "bít": "biết",
    "bik": "biết",
    "bjo": "bây giờ",
    "bh": "bây giờ",
    "bg": "bây giờ",
    "bn": "bao nhiêu",
    "bnhiu": "bao nhiêu",
    "nhiu": "nhiêu",
    "nhìu": "nhiều",
    "wa": "quá",
    "qá": "quá",
    "lun": "luôn",
    "thui": "thôi",
    "chx": "chưa",
    "trc": "trước",
    "nc": "nước",
    "bt": "bình thường",
    "tks": "cảm ơn",
    "thanks": "cảm ơn",
    "thank": "cảm ơn",
    "ns": "nói",
    "đag": "đang",
    "dag": "đang",
    "dg": "đường",
    "đg": "đường",
    # public-administration abbreviations
    "sdt": "số điện thoại",
    "sđt": "số điện thoại",
    "đt": "điện thoại",
    "dt": "điện thoại",
    "ubnd": "ủy ban nhân dân",
    "ub": "ủy ban",
    "cb": "cán bộ",
    "cbcc": "cán bộ công chức",
    "csgt": "cảnh sát giao thông",
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "bhtn": "bảo hiểm thất nghiệp",
    "gcn": "giấy chứng nhận",
    "qsdđ": "quyền sử dụng đất",
    "qsdd": "quyền sử dụng đất",
    "cccd": "căn cước công dân",
    "cmnd": "chứng minh nhân dân",
    "tdp": "tổ dân phố",
    "kp": "khu phố",
    "cty": "công ty",
    "ttyt": "trung tâm y tế",
    "pccc": "phòng cháy chữa cháy",
    "tp": "thành phố",
    "q": "quận",
    "p": "phường",
}


def _is_plain_spelling(key: str, value: str) -> bool:
    """Whether ``key`` is just ``value`` typed without diacritics (``khong`` for ``không``)."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return key == plain


#: Teencode/abbreviation keys that are not merely an unaccented spelling of their expansion
#: (``ko``, ``dc``, ``j``, ``sdt`` count; ``khong``, ``duoc`` do not).
TEENCODE_MARKERS: frozenset[str] = frozenset(
    k for k, v in TEENCODE.items() if not _is_plain_spelling(k, v)
)


def teencode_tokens(text: str) -> list[str]:
    """The words of ``text`` (lower-cased, ``\\w+`` runs) that are teencode markers."""
    return [w for w in _WORD.findall(text.lower()) if w in TEENCODE_MARKERS]
