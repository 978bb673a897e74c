"""Runs of capitalised words that can be a name ("Nguyễn Văn An", "Lê Lợi", "Bến Nghé").

Shared by :mod:`nlp.extract` (addresses, persons), :mod:`nlp.wards` (unit names) and
:mod:`nlp.redact`.
"""

from __future__ import annotations

import re

from nlp.normalize import strip_diacritics

__all__ = ["cap_run"]

#: Capitalised words that start something else, never part of a name.
_NAME_STOP = frozenset(
    w.lower()
    for w in [
        "Phường",
        "Quận",
        "Huyện",
        "Xã",
        "Tỉnh",
        "TP",
        "Hẻm",
        "Ngõ",
        "Ngách",
        "Kiệt",
        "Đường",
        "Tổ",
        "Khu",
        "Ấp",
        "Thôn",
        "Xóm",
        "Khóm",
        "Số",
        "UBND",
        "Ủy",
        "Tôi",
        "Em",
        "Anh",
        "Chị",
        "Ông",
        "Bà",
        "Cô",
        "Chú",
        "Bác",
        "Cán",
        "Nhà",
        "Và",
        "Với",
        "Ở",
        "Tại",
        "Đã",
        "Đang",
        "Sẽ",
        "Là",
        "Có",
        "Không",
        "Này",
        "Đó",
        "Xin",
        "Đề",
        "Kính",
        "Gửi",
        "Cảm",
        "Mong",
        "Nhờ",
        "Rất",
        "Cũng",
        "Còn",
        "Thì",
        "Mà",
        "Nên",
        "Vì",
        "Do",
        "Khi",
        "Sau",
        "Trước",
        "Lúc",
        "Hôm",
        "Ngày",
        "Tháng",
    ]
)
#: Unaccented forms that stop a name when the word itself is typed without diacritics.
_NAME_STOP_PLAIN = frozenset(
    [
        "phuong",
        "quan",
        "huyen",
        "xa",
        "tinh",
        "tp",
        "hem",
        "ngo",
        "ngach",
        "kiet",
        "duong",
        "to",
        "khu",
        "ap",
        "thon",
        "xom",
        "khom",
        "so",
        "ubnd",
        "toi",
        "em",
        "ong",
        "ba",
        "co",
        "chu",
        "bac",
        "can",
        "nha",
        "va",
        "voi",
        "o",
        "tai",
        "da",
        "dang",
        "se",
        "la",
        "co",
        "khong",
        "nay",
        "do",
        "xin",
        "de",
        "kinh",
        "gui",
        "cam",
        "mong",
        "nho",
        "rat",
        "cung",
        "con",
        "ma",
        "nen",
        "vi",
        "khi",
        "sau",
        "truoc",
        "luc",
        "hom",
        "ngay",
        "thang",
    ]
)
_CAP_WORD = re.compile(r"[^\W\d_][\w']*")


def cap_run(text: str, pos: int, max_words: int = 4) -> int | None:
    """End offset of 1..max_words capitalised words starting at ``pos`` (after spaces)."""
    end = None
    i = pos
    words = 0
    while words < max_words:
        m = re.compile(r"[ \t]*").match(text, i)
        j = m.end() if m else i
        if words and j == i:
            break
        w = _CAP_WORD.match(text, j)
        if not w:
            break
        word = w.group(0)
        lower = word.lower()
        if (
            not word[0].isupper()
            or lower in _NAME_STOP
            or (lower in _NAME_STOP_PLAIN and strip_diacritics(word) == word)
        ):
            break
        if word.isupper() and len(word) > 1 and words == 0 and len(word) > 4:
            break  # ALL-CAPS shouting, not a name
        end = w.end()
        i = end
        words += 1
    return end
