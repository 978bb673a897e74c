"""Evaluate the shipped classifier on a labelled JSON-lines file.

Usage: ``python -m nlp.evaluate [FILE.jsonl]`` (default: ``nlp/data/test.jsonl``).
Prints per-label precision/recall/F1, macro-F1 for kind and category, accuracy for urgent
and a confusion table for kind. Plain Python: scikit-learn is not needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.labels import Category, Kind
from nlp.classifier import Prediction, classify

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "test.jsonl"


@dataclass(frozen=True)
class LabelScore:
    """Precision, recall, F1 and support of one label."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int


def label_scores(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> list[LabelScore]:
    """Per-label precision/recall/F1 (0 when undefined)."""
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(LabelScore(label, precision, recall, f1, n_gold))
    return scores


def macro_f1(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None
) -> float:
    """Macro-averaged F1 over the labels present in ``gold`` or ``pred`` (or ``labels``)."""
    used = list(labels) if labels is not None else sorted(set(gold) | set(pred))
    scores = label_scores(gold, pred, used)
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


def _table(title: str, scores: list[LabelScore]) -> list[str]:
    width = max([len(title)] + [len(s.label) for s in scores])
    lines = [f"{title:<{width}}  precision  recall     f1  support"]
    for s in scores:
        lines.append(
            f"{s.label:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}  {s.support:7d}"
        )
    return lines


def _confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[str]:
    width = max(len(x) for x in labels)
    short = [x[:10] for x in labels]
    lines = ["confusion (rows = gold, columns = predicted)"]
    lines.append(" " * width + "  " + " ".join(f"{s:>10}" for s in short))
    for g_label in labels:
        row = [
            sum(1 for g, p in zip(gold, pred, strict=True) if g == g_label and p == p_label)
            for p_label in labels
        ]
        lines.append(f"{g_label:<{width}}  " + " ".join(f"{n:>10d}" for n in row))
    return lines


def load_rows(path: Path | str) -> list[dict[str, Any]]:
    """Read labelled JSON lines."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(path: Path | str) -> str:
    """The evaluation report (plain text) of the shipped model on a labelled JSONL file."""
    rows = load_rows(path)
    preds: list[Prediction] = [classify(str(r["text"])) for r in rows]
    kinds = [k.value for k in Kind]
    cats = [c.value for c in Category]
    gold_kind = [str(r["kind"]) for r in rows]
    pred_kind = [p.kind.value for p in preds]
    gold_cat = [str(r["category"]) for r in rows]
    pred_cat = [p.category.value for p in preds]
    gold_urg = ["true" if r["urgent"] else "false" for r in rows]
    pred_urg = ["true" if p.urgent else "false" for p in preds]
    urg_acc = sum(g == p for g, p in zip(gold_urg, pred_urg, strict=True)) / max(len(rows), 1)
    present_kinds = [k for k in kinds if k in gold_kind or k in pred_kind]
    present_cats = [c for c in cats if c in gold_cat or c in pred_cat]
    lines = [f"file: {path} ({len(rows)} messages)", ""]
    lines += _table("kind", label_scores(gold_kind, pred_kind, kinds))
    lines.append(f"kind macro-F1: {macro_f1(gold_kind, pred_kind, present_kinds):.3f}")
    lines.append("")
    lines += _table("category", label_scores(gold_cat, pred_cat, cats))
    lines.append(f"category macro-F1: {macro_f1(gold_cat, pred_cat, present_cats):.3f}")
    lines.append("")
    lines += _table("urgent", label_scores(gold_urg, pred_urg, ["true", "false"]))
    lines.append(f"urgent accuracy: {urg_acc:.3f}")
    lines.append("")
    lines += _confusion(gold_kind, pred_kind, kinds)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the report for the JSONL file given on the command line."""
    parser = argparse.ArgumentParser(prog="python -m nlp.evaluate", description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH, help="labelled JSONL")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"no such file: {args.path}", file=sys.stderr)
        return 2
    print(evaluate(args.path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
