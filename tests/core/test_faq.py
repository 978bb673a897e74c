"""Tests for core.faq: matching folded questions against the shipped FAQ and small tables."""

from __future__ import annotations

import pytest

from core.config import Config, FaqEntry
from core.faq import best_faq_match
from nlp.normalize import normalize, strip_diacritics


def fold(text: str) -> str:
    """What the citizen handler passes: normalised, lower-case, without diacritics."""
    return strip_diacritics(normalize(text))


def test_fold_gives_lower_case_without_diacritics() -> None:
    assert fold("Làm giấy khai sinh cho con cần gì?") == "lam giay khai sinh cho con can gi ?"


def test_shipped_keywords_are_folded(config: Config) -> None:
    for entry in config.faq:
        for keyword in entry.keywords:
            assert keyword == strip_diacritics(keyword).lower().strip(), (entry.id, keyword)


# (citizen text, expected entry id, expected score) with the shipped config.yaml FAQ.
SHIPPED_CASES = [
    # whole phrases
    ("Làm giấy khai sinh cho con cần gì?", "khai_sinh", 1.0),
    ("lam giay khai sinh cho con can gi", "khai_sinh", 1.0),
    ("KHAI SINH", "khai_sinh", 1.0),
    ("Đăng ký tạm trú ở đâu?", "tam_tru", 1.0),
    ("cư trú", "tam_tru", 1.0),
    ("Chứng thực bản sao mất bao lâu", "chung_thuc", 1.0),
    ("Lịch tiếp công dân tuần này?", "lich_tiep_dan", 1.0),
    ("tôi muốn gặp chủ tịch phường", "lich_tiep_dan", 1.0),
    # partial overlap: the share of the best keyword's words
    ("đăng ký tạm", "tam_tru", 0.75),  # "dang ky tam tru": 3 of 4
    ("sinh con thứ hai", "khai_sinh", 0.5),  # "khai sinh": 1 of 2
    ("tiếp", "lich_tiep_dan", 0.5),  # "tiep dan": 1 of 2
    ("tạm trường", "tam_tru", 0.5),  # words, not substrings: "truong" is not "tru"
    ("tôi muốn bán nhà", "chung_thuc", 0.5),  # a weak false friend: "ban sao" 1 of 2
]


@pytest.mark.parametrize(("text", "entry_id", "score"), SHIPPED_CASES)
def test_shipped_faq(config: Config, text: str, entry_id: str, score: float) -> None:
    match = best_faq_match(config.faq, fold(text))
    assert match is not None
    assert match.entry.id == entry_id
    assert match.score == pytest.approx(score)


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("Làm giấy khai sinh cho con cần gì?", True),
        ("đăng ký tạm", True),  # 0.75 >= 0.6
        ("sinh con thứ hai", False),  # 0.5 < 0.6
        ("tôi muốn bán nhà", False),
    ],
)
def test_min_score_of_the_shipped_config(config: Config, text: str, answered: bool) -> None:
    match = best_faq_match(config.faq, fold(text))
    assert match is not None
    assert (match.score >= config.nlp.faq_min_score) is answered


@pytest.mark.parametrize(
    "text",
    [
        "Đường có ổ gà rất nguy hiểm",
        "khaisinh",  # glued words are not the phrase nor its words
        "",
        "   ",
        "?",
    ],
)
def test_unrelated_text_has_no_match(config: Config, text: str) -> None:
    assert best_faq_match(config.faq, fold(text)) is None


def test_no_entries_no_match() -> None:
    assert best_faq_match([], "khai sinh") is None


def _entry(entry_id: str, *keywords: str) -> FaqEntry:
    return FaqEntry(id=entry_id, question=entry_id, keywords=keywords, answer="...")


A = _entry("a", "dang ky ket hon", "ket hon")
B = _entry("b", "dang ky khai tu", "khai tu")
C = _entry("c", "Ho Chieu")  # upper case in config is lowered


@pytest.mark.parametrize(
    ("entries", "text", "entry_id", "score"),
    [
        # a tie keeps the earlier entry (order of config.yaml)
        ([A, B], "dang ky", "a", 0.5),
        ([B, A], "dang ky", "b", 0.5),
        # both whole phrases: again the earlier entry
        ([A, B], "ket hon va khai tu", "a", 1.0),
        ([B, A], "ket hon va khai tu", "b", 1.0),
        # a strictly better later entry wins
        ([A, B], "dang ky khai", "b", 0.75),
        # an entry scores its best keyword, not the sum
        ([A], "ket", "a", 0.5),
        # keyword case does not matter, the text is expected folded already
        ([C], "lam ho chieu o dau", "c", 1.0),
        # a repeated text word counts once: "dang ky ket hon" 1 of 4
        ([A], "dang dang dang", "a", 0.25),
        # word order does not matter for the share: "ket hon" 2 of 2 words present
        ([A], "hon ket", "a", 1.0),
        # "dang ky ket hon" 2 of 4 (out of order), "ket hon" 0 of 2
        ([A], "ky dang", "a", 0.5),
        # a keyword of three words: 1 of 3
        ([_entry("d", "giay xac nhan")], "xac minh", "d", 1 / 3),
    ],
)
def test_ordering_and_scores(
    entries: list[FaqEntry], text: str, entry_id: str, score: float
) -> None:
    match = best_faq_match(entries, text)
    assert match is not None
    assert match.entry.id == entry_id
    assert match.score == pytest.approx(score)


def test_text_is_not_lowered_by_the_matcher() -> None:
    """The caller folds the text; upper-case text words do not match lower-case keywords."""
    assert best_faq_match([A], "KET HON") is None
