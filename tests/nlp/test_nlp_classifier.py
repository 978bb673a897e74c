"""The classify() contract and a floor on test-set quality."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.labels import Category, Kind
from nlp import Prediction, classify, strip_diacritics
from nlp.evaluate import (
    DEFAULT_PATH,
    evaluate,
    expected_calibration_error,
    has_teencode,
    is_unaccented,
    label_scores,
    load_rows,
    macro_f1,
    subset_report,
    summarize,
)

# Measured on nlp/data/test.jsonl (920 messages) with the shipped model: kind macro-F1
# 0.919, category macro-F1 0.867, urgent recall 0.943 at precision 0.856, accuracy 0.98;
# the same messages with diacritics removed: 0.912, 0.855. (First floors were set on 456
# messages: 0.920, 0.798, recall 0.833.) The seed data grows while others write it, so
# floors sit several points below to catch regressions only.
KIND_F1_FLOOR = 0.86
CATEGORY_F1_FLOOR = 0.80
URGENT_ACC_FLOOR = 0.95
URGENT_RECALL_FLOOR = 0.85
PLAIN_KIND_F1_FLOOR = 0.85
PLAIN_CATEGORY_F1_FLOOR = 0.71


def _check_contract(pred: Prediction) -> None:
    assert isinstance(pred.kind, Kind)
    assert isinstance(pred.category, Category)
    assert isinstance(pred.urgent, bool)
    assert 0.0 <= pred.confidence <= 1.0
    assert [c for c, _ in pred.categories] and len(pred.categories) == len(Category)
    assert {c for c, _ in pred.categories} == set(Category)
    assert {k for k, _ in pred.kinds} == set(Kind)
    assert pred.categories[0][0] is pred.category
    assert pred.kinds[0][0] is pred.kind
    cat_probs = [p for _, p in pred.categories]
    kind_probs = [p for _, p in pred.kinds]
    assert cat_probs == sorted(cat_probs, reverse=True)
    assert kind_probs == sorted(kind_probs, reverse=True)
    assert sum(cat_probs) == pytest.approx(1.0)
    assert sum(kind_probs) == pytest.approx(1.0)
    assert pred.confidence == pytest.approx(min(cat_probs[0], kind_probs[0]))


@pytest.mark.parametrize(
    "text",
    [
        "cán bộ địa chính tên Hùng đòi 15 triệu mới ký",
        "tôi khiếu nại việc rác không ai thu",
        "muốn tố cáo cán bộ thì nộp đơn ở đâu",
        "CHÁY NHÀ Ở HẺM 45, CỨU VỚI",
        "ko co nuoc 3 ngay r",
    ],
)
def test_contract_on_real_text(text: str) -> None:
    _check_contract(classify(text))


@pytest.mark.parametrize(
    "text", ["", "   ", "😀😀😀", "\x00\x01\xff\ufffd", "\ud800", "????", "đ" * 100_000]
)
def test_garbage_gives_valid_low_confidence_prediction(text: str) -> None:
    pred = classify(text)
    _check_contract(pred)
    assert pred.urgent is False
    if not text.startswith("đ"):
        assert pred.category is Category.KHAC


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "\x00\x01", "\ud800", "🙂"])
def test_no_content_gives_default_low_confidence(text: str) -> None:
    pred = classify(text)
    _check_contract(pred)
    assert pred.category is Category.KHAC
    assert pred.kind is Kind.KIEN_NGHI_PHAN_ANH
    assert pred.confidence < 0.2


def test_taxonomy_examples() -> None:
    assert classify("tôi khiếu nại việc rác không ai thu gom cả tuần").category is (
        Category.MOI_TRUONG
    )
    assert classify("muốn tố cáo cán bộ thì nộp đơn ở đâu").kind is Kind.HOI_DAP
    assert classify("dây điện đứt rơi xuống đường đang tóe lửa").urgent is True


def test_floor_on_test_set() -> None:
    rows = load_rows(DEFAULT_PATH)
    preds = [classify(r["text"]) for r in rows]
    kind_f1 = macro_f1([r["kind"] for r in rows], [p.kind.value for p in preds])
    cat_f1 = macro_f1([r["category"] for r in rows], [p.category.value for p in preds])
    urg = sum(p.urgent == r["urgent"] for p, r in zip(preds, rows, strict=True)) / len(rows)
    n_urgent = sum(1 for r in rows if r["urgent"])
    caught = sum(1 for p, r in zip(preds, rows, strict=True) if r["urgent"] and p.urgent)
    assert kind_f1 >= KIND_F1_FLOOR, kind_f1
    assert cat_f1 >= CATEGORY_F1_FLOOR, cat_f1
    assert urg >= URGENT_ACC_FLOOR, urg
    assert caught / n_urgent >= URGENT_RECALL_FLOOR, caught / n_urgent


def test_floor_on_test_set_without_diacritics() -> None:
    rows = load_rows(DEFAULT_PATH)
    preds = [classify(strip_diacritics(r["text"])) for r in rows]
    kind_f1 = macro_f1([r["kind"] for r in rows], [p.kind.value for p in preds])
    cat_f1 = macro_f1([r["category"] for r in rows], [p.category.value for p in preds])
    assert kind_f1 >= PLAIN_KIND_F1_FLOOR, kind_f1
    assert cat_f1 >= PLAIN_CATEGORY_F1_FLOOR, cat_f1


def test_label_scores_plain_python() -> None:
    scores = label_scores(["a", "a", "b"], ["a", "b", "b"], ["a", "b"])
    assert scores[0].precision == 1.0 and scores[0].recall == 0.5
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0


def test_evaluate_report(tmp_path: Path) -> None:
    path = tmp_path / "mini.jsonl"
    path.write_text(
        '{"text": "đèn đường hẻm 5 hư", "kind": "kien_nghi_phan_anh", '
        '"category": "ha_tang_giao_thong", "urgent": false}\n',
        encoding="utf-8",
    )
    report = evaluate(path)
    assert "kind macro-F1" in report and "category macro-F1" in report
    assert "urgent accuracy" in report and "confusion" in report
    for subset in ("no-diacritics", "teencode", "stripped copy of all", "calibration"):
        assert subset in report


def test_subset_definitions() -> None:
    assert is_unaccented("ko co nuoc 3 ngay r")
    assert not is_unaccented("không có nước")
    assert not is_unaccented("dđ")  # đ is a diacritic letter
    assert not is_unaccented("123 ???")
    assert has_teencode("ko co nuoc")
    assert has_teencode("SĐT của em")
    assert not has_teencode("khong co nuoc")  # an unaccented spelling, not teencode
    assert not has_teencode("không có nước")


def test_subset_report_counts(tmp_path: Path) -> None:
    rows = [
        {
            "text": "ko co nuoc 3 ngay r",
            "kind": "kien_nghi_phan_anh",
            "category": "ha_tang_giao_thong",
            "urgent": False,
        },
        {
            "text": "Cháy nhà ở hẻm 5, cứu với",
            "kind": "kien_nghi_phan_anh",
            "category": "an_ninh_trat_tu",
            "urgent": True,
        },
    ]
    preds = [classify(r["text"]) for r in rows]
    lines = subset_report(rows, preds)
    no_diacritics = next(line for line in lines if line.startswith("no-diacritics"))
    teencode = next(line for line in lines if line.startswith("teencode"))
    assert no_diacritics.split()[1] == "1" and teencode.split()[1] == "1"
    assert summarize(rows, preds).n_urgent == 1
    assert expected_calibration_error([1.0, 0.0], [True, False]) == 0.0
    assert expected_calibration_error([0.9], [False]) == pytest.approx(0.9)


def test_runtime_imports_no_heavy_libraries() -> None:
    code = (
        "import sys, nlp; nlp.classify('mất điện cả ngày');"
        "bad = [m for m in ('sklearn', 'scipy', 'aiogram', 'sqlalchemy') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
