"""Near-duplicate score: contract, helper, and precision on the labelled pairs."""

from __future__ import annotations

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

# Measured at THRESHOLD on nlp/data/pairs.jsonl (521 pairs): precision 0.645, recall 0.653
# (see the module docstring: below the 0.85 precision target). The idf comes from the
# shipped classifier and the places from nlp.extract, so the figures move a little when
# either changes; the floors sit below and only guard against regressions.
PRECISION_FLOOR = 0.60
RECALL_FLOOR = 0.60


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


def test_score_properties() -> None:
    a = "Đèn đường hẻm 45 Lê Văn Sỹ hư cả tuần"
    assert similarity(a, a) > 0.99
    assert abs(similarity(a, "den duong hem 45 le van sy hu ca tuan") - 1.0) < 0.01
    assert similarity(a, "") == 0.0
    assert similarity("   ", "...") == 0.0
    other_place = "Đèn đường hẻm 12 Nguyễn Trãi hư cả tuần"
    assert similarity(a, other_place) < THRESHOLD <= similarity(
        a, "den duong hem 45 le van sy tat may hom r, toi om ko thay duong"
    ) or similarity(a, other_place) < similarity(a, "đèn đường ở hẻm 45 Lê Văn Sỹ bị hư")


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
