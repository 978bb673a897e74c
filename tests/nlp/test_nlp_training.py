"""Training: reproducible, shipped file up to date, run time equals scikit-learn, CV thresholds."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nlp.model import DEFAULT_MODEL_PATH, load_model
from nlp.train import (
    TARGETS,
    TEST_PATH,
    TRAIN_PATH,
    choose_urgent_thresholds,
    fold_ids,
    load_jsonl,
    train,
    write_model,
)


@pytest.fixture(scope="module")
def trained() -> tuple[Any, dict[str, Any], dict[str, Any]]:
    # One training run (about 20 s) serves every test below.
    return train(load_jsonl(TRAIN_PATH))


def test_training_reproduces_the_shipped_model(
    trained: tuple[Any, dict[str, Any], dict[str, Any]], tmp_path: Path
) -> None:
    # The shipped file was written by another process, maybe with other numpy/scipy
    # releases: the same structure, vocabulary and labels, and every number equal up to
    # floating-point noise (1e-9), prove that training is deterministic and the file fresh.
    out = tmp_path / "model.json.gz"
    write_model(trained[2], out)
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        retrained = json.load(fh)
    with gzip.open(DEFAULT_MODEL_PATH, "rt", encoding="utf-8") as fh:
        shipped = json.load(fh)
    stale = (
        "nlp/model/classifier.json.gz is stale: run python -m nlp.build_data && python -m nlp.train"
    )
    _assert_same(retrained, shipped, "model", stale)


def _assert_same(got: Any, want: Any, where: str, hint: str) -> None:
    """Equal JSON trees, floats compared to 1e-9 (relative or absolute)."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), f"{where}: keys differ; {hint}"
        for key in want:
            _assert_same(got[key], want[key], f"{where}.{key}", hint)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{where}: length; {hint}"
        if want and all(isinstance(v, float) for v in want):
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9, err_msg=f"{where}; {hint}")
        else:
            for index, (g, w) in enumerate(zip(got, want, strict=True)):
                _assert_same(g, w, f"{where}[{index}]", hint)
    elif isinstance(want, float):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-9), f"{where}; {hint}"
    else:
        assert got == want, f"{where}: {got!r} != {want!r}; {hint}"


def test_runtime_probabilities_equal_sklearn(
    trained: tuple[Any, dict[str, Any], dict[str, Any]],
) -> None:
    feat, models, _doc = trained
    texts = [r["text"] for r in load_jsonl(TEST_PATH)][:150]
    texts += ["", "😀", "KHÔNG CÓ NƯỚC", "x" * 20_000]
    x = feat.transform(texts)
    runtime = load_model()
    probs = [runtime.predict_proba(t) for t in texts]
    for target in TARGETS:
        expected = models[target].predict_proba(x)
        classes = [str(c) for c in models[target].classes_]
        got = np.array([[p[target][c] for c in classes] for p in probs])
        np.testing.assert_allclose(got, expected, atol=1e-6, rtol=0)


def test_shipped_model_carries_cv_thresholds() -> None:
    with gzip.open(DEFAULT_MODEL_PATH, "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    thresholds = doc["thresholds"]
    assert 0.0 < thresholds["urgent_cue"] <= thresholds["urgent"] < 1.0
    assert load_model().thresholds == thresholds
    assert {b["view"] for b in doc["blocks"]} == {"norm", "plain", "seg"}
    # chosen for recall 0.95 on out-of-fold probabilities: a low bar, but not "everything"
    assert thresholds["urgent"] <= 0.5


def test_choose_urgent_thresholds() -> None:
    gold = [True, True, True, False, False, False, False]
    probs = [0.9, 0.5, 0.2, 0.6, 0.1, 0.1, 0.3]
    cue = [False, False, True, False, False, True, False]
    # Precision 0.75 allows catching everything (one false alarm at 0.6).
    thr, low = choose_urgent_thresholds(gold, probs, cue, min_precision=0.75)
    pred = [p >= thr or (c and p >= low) for p, c in zip(probs, cue, strict=True)]
    assert pred == [True, True, True, True, False, False, False]
    # Precision 0.8: the cue still catches the third message, the model alone only the first.
    thr, low = choose_urgent_thresholds(gold, probs, cue, min_precision=0.8)
    pred = [p >= thr or (c and p >= low) for p, c in zip(probs, cue, strict=True)]
    assert pred == [True, False, True, False, False, False, False]
    thr, low = choose_urgent_thresholds(gold, probs, [False] * 7, min_precision=0.8)
    assert thr > 0.6
    # Recall target (what training uses): all three caught, with as few false alarms as
    # possible: the cue catches the third message without lowering the main threshold to 0.2.
    thr, low = choose_urgent_thresholds(gold, probs, cue, min_recall=1.0)
    pred = [p >= thr or (c and p >= low) for p, c in zip(probs, cue, strict=True)]
    assert pred == [True, True, True, True, False, False, False]
    thr, low = choose_urgent_thresholds(gold, probs, [False] * 7, min_recall=1.0)
    assert 0.1 < thr <= 0.2


def test_urgent_model_reads_only_its_blocks(
    trained: tuple[Any, dict[str, Any], dict[str, Any]],
) -> None:
    from nlp.train import TARGET_BLOCKS

    _feat, _models, doc = trained
    sizes = [len(b["terms"]) for b in doc["blocks"]]
    names = [b["name"] for b in doc["blocks"]]
    offsets = np.cumsum([0, *sizes])
    for target, spec in doc["models"].items():
        shape = spec["coef"]["shape"]
        coef = np.frombuffer(base64.b64decode(spec["coef"]["f4"]), dtype="<f4").reshape(shape)
        wanted = TARGET_BLOCKS.get(target, tuple(names))
        for name, lo, hi in zip(names, offsets[:-1], offsets[1:], strict=True):
            block = coef[:, lo:hi]
            if name in wanted:
                assert np.any(block != 0), (target, name)
            else:
                assert not np.any(block != 0), (target, name)


def test_folds_are_stratified_and_deterministic() -> None:
    rows = load_jsonl(TRAIN_PATH)
    folds = fold_ids(rows)
    assert folds == fold_ids(list(rows))
    urgent_per_fold = [
        sum(1 for r, f in zip(rows, folds, strict=True) if r["urgent"] and f == k) for k in range(5)
    ]
    assert max(urgent_per_fold) - min(urgent_per_fold) <= 4, urgent_per_fold
    sizes = [folds.count(k) for k in range(5)]
    assert max(sizes) - min(sizes) <= 2, sizes


def test_jsonl_files_match_the_seed() -> None:
    from nlp.build_data import load_seed, split

    train_rows, test_rows = split(load_seed())
    assert train_rows == load_jsonl(TRAIN_PATH)
    assert test_rows == load_jsonl(TEST_PATH)
    assert len(train_rows) + len(test_rows) >= 700
    assert not {r["text"] for r in train_rows} & {r["text"] for r in test_rows}


def test_adding_messages_never_moves_old_ones_between_train_and_test() -> None:
    from nlp.build_data import load_seed, split

    rows = load_seed()
    train_before, test_before = split(rows[: len(rows) // 2])
    _, test_after = split(rows)
    after_test = {r["text"] for r in test_after}
    assert all(r["text"] in after_test for r in test_before)
    assert not {r["text"] for r in train_before} & after_test
    assert 0.15 < len(test_after) / len(rows) < 0.25
