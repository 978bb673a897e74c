"""Near-duplicate score: contract, helper, and precision on the labelled pairs."""

from __future__ import annotations

from pathlib import Path

import yaml

from core.config import Nlp
from nlp.similar import (
    THRESHOLD,
    best_match,
    choose_threshold,
    load_pairs,
    pair_scores,
    precision_recall,
    similarity,
    split_halves,
)

ROOT = Path(__file__).resolve().parents[2]

# Measured at THRESHOLD (0.35) on nlp/data/pairs.jsonl (521 pairs, see the module docstring):
# precision 0.891, recall 0.715 on all pairs; 0.920, 0.681 on half A, where it is held out (the
# threshold was chosen on half B); 0.865, 0.750 on half B. The idf comes from the shipped
# classifier and the places from nlp.extract, so the figures move a little when either
# changes; the floors sit just below and guard against regressions.
PRECISION_FLOOR = 0.88
RECALL_FLOOR = 0.70
HALF_FLOORS = ((0.91, 0.67), (0.85, 0.74))  # (precision, recall) on half A, half B


def test_pairs_file_is_large_and_balanced() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 500
    n_dup = sum(p["duplicate"] for p in pairs)
    assert 0.35 * len(pairs) <= n_dup <= 0.55 * len(pairs)
    assert all(set(p) == {"a", "b", "duplicate"} for p in pairs)
    assert all(isinstance(p["duplicate"], bool) and p["a"] != p["b"] for p in pairs)
    assert len({(p["a"], p["b"]) for p in pairs}) == len(pairs)


def test_split_halves_is_fixed_and_even() -> None:
    pairs = load_pairs()
    first, second = split_halves(pairs)
    assert len(first) + len(second) == len(pairs)
    assert abs(len(first) - len(second)) <= 0.1 * len(pairs)
    for half in (first, second):
        n_dup = sum(p["duplicate"] for p in half)
        assert 0.3 * len(half) <= n_dup <= 0.6 * len(half)
    assert split_halves(pairs[::-1]) == (first[::-1], second[::-1])  # order-free


def test_precision_and_recall_on_pairs_at_threshold() -> None:
    precision, recall = precision_recall(pair_scores(load_pairs()), THRESHOLD)
    assert precision >= PRECISION_FLOOR, precision
    assert recall >= RECALL_FLOOR, recall


def test_threshold_holds_on_each_half() -> None:
    first, second = (pair_scores(half) for half in split_halves(load_pairs()))
    for scores, (precision_floor, recall_floor) in zip((first, second), HALF_FLOORS, strict=True):
        precision, recall = precision_recall(scores, THRESHOLD)
        assert precision >= precision_floor, precision
        assert recall >= recall_floor, recall
    # The protocol behind THRESHOLD: chosen on half B, it keeps precision >= 0.85 on half A.
    chosen = choose_threshold(second)
    assert precision_recall(second, chosen)[1] > 0
    assert precision_recall(first, chosen)[0] >= 0.85


def test_threshold_is_the_bots_default() -> None:
    # core must not import nlp, so the config default is a copy of THRESHOLD: keep them equal.
    assert Nlp().duplicate_threshold == THRESHOLD
    shipped = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    assert shipped["nlp"]["duplicate_threshold"] == THRESHOLD


def test_score_properties() -> None:
    a = "Đèn đường hẻm 45 Lê Văn Sỹ hư cả tuần"
    assert similarity(a, a) > 0.99
    assert abs(similarity(a, "den duong hem 45 le van sy hu ca tuan") - 1.0) < 0.01
    assert similarity(a, "") == 0.0
    assert similarity("   ", "...") == 0.0
    assert similarity(a, "Đèn đường hẻm 12 Nguyễn Trãi hư cả tuần") == 0.0
    same = "den duong hem 45 le van sy tat may hom r, toi om ko thay duong, den hu ca tuan"
    assert similarity(a, same) >= THRESHOLD
    assert similarity(a, same) == similarity(same, a)


def test_another_number_street_or_block_vetoes() -> None:
    smoke = "Tiệm sửa xe đầu hẻm 14 Lê Lai đốt vỏ xe mỗi tối, khói đen bay vào nhà dân"
    assert similarity(smoke, smoke.replace("hẻm 14", "hẻm 16")) == 0.0
    karaoke = "Nhà số 45 Trần Phú mở karaoke tới 1 giờ sáng"
    assert similarity(karaoke, karaoke.replace("45", "47")) == 0.0
    pothole = "Ổ gà lớn trên đường Lê Lợi trước chợ, xe máy té liên tục"
    assert similarity(pothole, pothole.replace("Lê Lợi", "Hai Bà Trưng")) == 0.0
    lift = "Thang máy block A2 chung cư Carina hư từ sáng"
    assert similarity(lift, lift.replace("A2", "A1")) == 0.0
    water = "Chung cư lô B Hòa Bình mất nước từ sáng"  # "C" alone is teencode for "chị"
    assert similarity(water, water.replace("lô B", "lô C")) == 0.0


def test_the_same_place_written_another_way_agrees() -> None:
    dog = "Chó nhà số 52 tổ 3 khu phố 7 sủa cả đêm, rượt người đi đường"
    assert similarity(dog, "tổ 3 kp7 nhà 52 nuôi chó dữ, tối nào cũng sủa, rượt người") >= THRESHOLD
    light = "Đèn đường hẻm 77 Lê Quang Định cháy bóng 2 tuần chưa thay"
    assert similarity(light, "Hẻm 77 LQĐ đã 2 tuần tối thui vì bóng đèn đường cháy") >= THRESHOLD


def test_another_problem_at_the_same_place_scores_low() -> None:
    smoke = "Tiệm sửa xe đầu hẻm 14 Lê Lai đốt vỏ xe mỗi tối, khói đen bay vào nhà dân"
    blocking = "Tiệm sửa xe đầu hẻm 14 Lê Lai để xe khách chiếm hết lối đi, người đi bộ khó đi"
    assert similarity(smoke, blocking) < THRESHOLD
    again = "tiem sua xe dau hem 14 le lai toi nao cung dot vo xe, khoi den mu mit"
    assert similarity(smoke, again) >= THRESHOLD


def test_best_match() -> None:
    candidates = [
        (1, "Rác ở chợ Bà Chiểu không ai thu"),
        (2, "Karaoke số 17 Bàu Cát hát tới 2h sáng, cả xóm không ngủ được"),
        (3, "Ổ gà đường Trần Hưng Đạo"),
    ]
    match = best_match("karaoke o so 17 bau cat dem nao cung hat toi 2h sang", candidates)
    assert match is not None and match.key == 2 and match.score >= THRESHOLD
    assert best_match("mất điện cả khu phố 9", candidates) is None
    assert best_match("x", []) is None


def test_choose_threshold() -> None:
    scores = [(0.9, True), (0.8, True), (0.7, False), (0.6, True), (0.2, False)]
    assert choose_threshold(scores, 1.0) == 0.71
    assert precision_recall(scores, 0.75) == (1.0, 2 / 3)
