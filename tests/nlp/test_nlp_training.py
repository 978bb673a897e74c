"""Training: determinism, shipped file up to date, run time equals scikit-learn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nlp.model import DEFAULT_MODEL_PATH, load_model
from nlp.train import TARGETS, TEST_PATH, TRAIN_PATH, fit_models, load_jsonl, main


@pytest.fixture(scope="module")
def sklearn_models() -> tuple[Any, dict[str, Any]]:
    return fit_models(load_jsonl(TRAIN_PATH))


def test_training_is_deterministic_and_shipped_model_is_current(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    assert main(["--out", str(first)]) == 0
    assert main(["--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == DEFAULT_MODEL_PATH.read_bytes(), (
        "nlp/model/classifier.json.gz is stale: run python -m nlp.train"
    )


def test_runtime_probabilities_equal_sklearn(sklearn_models: tuple[Any, dict[str, Any]]) -> None:
    feat, models = sklearn_models
    texts = [r["text"] for r in load_jsonl(TEST_PATH)]
    texts += ["", "😀", "KHÔNG CÓ NƯỚC", "x" * 20_000]
    x = feat.transform(texts)
    runtime = load_model()
    for target in TARGETS:
        expected = models[target].predict_proba(x)
        classes = [str(c) for c in models[target].classes_]
        got = np.array([[runtime.predict_proba(t)[target][c] for c in classes] for t in texts])
        np.testing.assert_allclose(got, expected, atol=1e-6, rtol=0)


def test_jsonl_files_match_the_seed() -> None:
    from nlp.build_data import load_seed, split

    train, test = split(load_seed())
    assert train == load_jsonl(TRAIN_PATH)
    assert test == load_jsonl(TEST_PATH)
    assert len(train) + len(test) >= 700
    assert not {r["text"] for r in train} & {r["text"] for r in test}
