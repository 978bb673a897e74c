"""Run-time linear model: TF-IDF + linear scoring from the exported JSON, numpy only.

Reproduces the probabilities of the scikit-learn pipeline built by :mod:`nlp.train`
(``TfidfVectorizer`` with sublinear tf and L2 norm per block, then ``LogisticRegression``
or ``CalibratedClassifierCV(LinearSVC, method="sigmoid", ensemble=False)``) without
importing scikit-learn.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nlp.features import ANALYZERS, views

__all__ = ["DEFAULT_MODEL_PATH", "LinearModel", "load_model"]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "model" / "classifier.json.gz"

FloatArray = npt.NDArray[np.float64]


def _array(spec: dict[str, Any]) -> FloatArray:
    dtype = "f8" if "f8" in spec else "f4"
    raw = base64.b64decode(spec[dtype])
    return np.frombuffer(raw, dtype=f"<{dtype}").astype(np.float64).reshape(spec["shape"])


@dataclass(frozen=True)
class _Block:
    view: str
    analyzer: Callable[[str], list[str]]
    vocabulary: dict[str, int]
    idf: FloatArray
    offset: int
    sublinear_tf: bool
    #: The block's L2-normalised row is multiplied by this (``weight`` in the file, default 1).
    weight: float


@dataclass(frozen=True)
class _Head:
    kind: str  # "softmax", "sigmoid" or "ovr_platt"
    classes: tuple[str, ...]
    coef: FloatArray  # (n_rows, n_features)
    intercept: FloatArray  # (n_rows,)
    platt_a: FloatArray | None
    platt_b: FloatArray | None

    def proba(self, idx: npt.NDArray[np.intp], val: FloatArray) -> FloatArray:
        """Class probabilities (ordered as ``classes``) for one sparse row."""
        decision = self.coef[:, idx] @ val + self.intercept
        if self.kind == "softmax":
            shifted = np.exp(decision - decision.max())
            return np.asarray(shifted / shifted.sum(), dtype=np.float64)
        if self.kind == "sigmoid":
            p1 = _expit(float(decision[0]))
            return np.array([1.0 - p1, p1])
        assert self.platt_a is not None and self.platt_b is not None
        pairs = zip(self.platt_a, self.platt_b, decision, strict=True)
        calibrated = np.array([_expit(-(a * d + b)) for a, b, d in pairs])
        if len(self.classes) == 2:
            return np.array([1.0 - calibrated[0], calibrated[0]])
        total = calibrated.sum()
        if total == 0:
            return np.full(len(self.classes), 1.0 / len(self.classes))
        return np.asarray(calibrated / total, dtype=np.float64)


def _expit(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


class LinearModel:
    """A loaded classifier: ``predict_proba(text)`` gives probabilities per target."""

    def __init__(self, doc: dict[str, Any]) -> None:
        if doc.get("format") != 1:
            raise ValueError(f"unsupported model format {doc.get('format')!r}")
        self.blocks: list[_Block] = []
        offset = 0
        for spec in doc["blocks"]:
            terms: list[str] = spec["terms"]
            self.blocks.append(
                _Block(
                    view=spec["view"],
                    analyzer=ANALYZERS[spec["analyzer"]],
                    vocabulary={t: i for i, t in enumerate(terms)},
                    idf=_array(spec["idf"]),
                    offset=offset,
                    sublinear_tf=bool(spec["sublinear_tf"]),
                    weight=float(spec.get("weight", 1.0)),
                )
            )
            offset += len(terms)
        self.n_features = offset
        #: The views the blocks read (segmentation is only run when a block needs it).
        self.view_names: tuple[str, ...] = tuple(sorted({b.view for b in self.blocks}))
        #: Decision thresholds chosen at training time (e.g. ``urgent``, ``urgent_cue``).
        self.thresholds: dict[str, float] = {
            str(k): float(v) for k, v in doc.get("thresholds", {}).items()
        }
        self.heads: dict[str, _Head] = {}
        for target, spec in doc["models"].items():
            platt = spec["type"] == "ovr_platt"
            self.heads[target] = _Head(
                kind=spec["type"],
                classes=tuple(spec["classes"]),
                coef=np.ascontiguousarray(_array(spec["coef"])),
                intercept=np.asarray(spec["intercept"], dtype=np.float64),
                platt_a=np.asarray(spec["platt_a"], dtype=np.float64) if platt else None,
                platt_b=np.asarray(spec["platt_b"], dtype=np.float64) if platt else None,
            )

    def features(self, text: str) -> tuple[npt.NDArray[np.intp], FloatArray]:
        """Sparse TF-IDF row of ``text``: (feature indices, values), blocks concatenated."""
        text_views = views(text, self.view_names)
        all_idx: list[npt.NDArray[np.intp]] = []
        all_val: list[FloatArray] = []
        for block in self.blocks:
            counts: dict[int, int] = {}
            vocab = block.vocabulary
            for gram in block.analyzer(text_views[block.view]):
                j = vocab.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            if block.sublinear_tf:
                tf = np.log(tf) + 1.0
            val = tf * block.idf[idx]
            norm = math.sqrt(float(val @ val))
            if norm > 0:
                val = val * (block.weight / norm)
            all_idx.append(idx + block.offset)
            all_val.append(val)
        if not all_idx:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float64)
        return np.concatenate(all_idx), np.concatenate(all_val)

    def predict_proba(self, text: str) -> dict[str, dict[str, float]]:
        """``{target: {class: probability}}`` for every exported target."""
        return self.proba_from_features(*self.features(text))

    def proba_from_features(
        self, idx: npt.NDArray[np.intp], val: FloatArray
    ) -> dict[str, dict[str, float]]:
        """Probabilities from a sparse row returned by :meth:`features`."""
        out: dict[str, dict[str, float]] = {}
        for target, head in self.heads.items():
            probs = head.proba(idx, val)
            out[target] = {c: float(p) for c, p in zip(head.classes, probs, strict=True)}
        return out


def load_model(path: Path | str = DEFAULT_MODEL_PATH) -> LinearModel:
    """Load an exported model file (gzip-compressed JSON)."""
    with gzip.open(Path(path), "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    return LinearModel(doc)
