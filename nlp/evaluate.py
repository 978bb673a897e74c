"""Evaluate the shipped classifier on a labelled JSON-lines file.

Usage: ``python -m nlp.evaluate [FILE.jsonl]`` (default: ``nlp/data/test.jsonl``), also
``danvan nlp eval FILE``. Prints per-label precision/recall/F1, macro-F1 for kind and
category, urgent precision/recall, confusion tables, the calibration of the confidence, and
a summary of the same figures on subsets of FILE:

* ``no-diacritics``: messages written without any Vietnamese diacritic
  (:func:`is_unaccented`), and ``rest`` (the other messages);
* ``teencode``: messages containing at least one teencode/abbreviation token of
  :data:`nlp.teencode.TEENCODE_MARKERS` (``ko``, ``dc``, ``j``, ``sdt``...; unaccented
  spellings such as ``khong`` do not count), and ``rest``;
* ``stripped copy``: every message of FILE with its diacritics removed.

The issue's target is that each subset stays within 0.05 of its ``rest``.
Plain Python: scikit-learn is not needed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.labels import Category, Kind
from nlp.classifier import Prediction, classify
from nlp.normalize import strip_diacritics
from nlp.teencode import teencode_tokens

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


_LETTER = re.compile(r"[^\W\d_]")


def is_unaccented(text: str) -> bool:
    """Whether ``text`` has letters but no Vietnamese diacritic (``đ`` counts as one)."""
    return bool(_LETTER.search(text)) and strip_diacritics(text) == text


def has_teencode(text: str) -> bool:
    """Whether ``text`` contains a teencode/abbreviation marker (see :mod:`nlp.teencode`)."""
    return bool(teencode_tokens(text))


@dataclass(frozen=True)
class Summary:
    """Headline figures of predictions against gold labels."""

    n: int
    kind_f1: float
    category_f1: float
    urgent_recall: float
    urgent_precision: float
    urgent_accuracy: float
    n_urgent: int


def summarize(rows: Sequence[dict[str, Any]], preds: Sequence[Prediction]) -> Summary:
    """Macro-F1 (kind, category; over labels present in gold or predictions) and urgency."""
    gold_kind = [str(r["kind"]) for r in rows]
    pred_kind = [p.kind.value for p in preds]
    gold_cat = [str(r["category"]) for r in rows]
    pred_cat = [p.category.value for p in preds]
    gold_urg = [bool(r["urgent"]) for r in rows]
    pred_urg = [p.urgent for p in preds]
    tp = sum(g and p for g, p in zip(gold_urg, pred_urg, strict=True))
    n_gold, n_pred = sum(gold_urg), sum(pred_urg)
    correct = sum(g == p for g, p in zip(gold_urg, pred_urg, strict=True))
    return Summary(
        n=len(rows),
        kind_f1=macro_f1(gold_kind, pred_kind) if rows else 0.0,
        category_f1=macro_f1(gold_cat, pred_cat) if rows else 0.0,
        urgent_recall=tp / n_gold if n_gold else float("nan"),
        urgent_precision=tp / n_pred if n_pred else float("nan"),
        urgent_accuracy=correct / len(rows) if rows else 0.0,
        n_urgent=n_gold,
    )


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10
) -> float:
    """ECE: mean |accuracy - confidence| over equal-width confidence bins, weighted by size."""
    total = len(confidences)
    if not total:
        return 0.0
    ece = 0.0
    for b in range(n_bins):
        lo, hi = b / n_bins, (b + 1) / n_bins
        idx = [i for i, c in enumerate(confidences) if lo < c <= hi or (b == 0 and c == 0.0)]
        if idx:
            acc = sum(correct[i] for i in idx) / len(idx)
            conf = sum(confidences[i] for i in idx) / len(idx)
            ece += len(idx) / total * abs(acc - conf)
    return ece


def _summary_line(name: str, s: Summary) -> str:
    return (
        f"{name:<26} {s.n:5d}  {s.kind_f1:7.3f}  {s.category_f1:7.3f}  "
        f"{s.urgent_recall:6.3f}  {s.urgent_precision:6.3f}  {s.n_urgent:4d}"
    )


def subset_report(rows: Sequence[dict[str, Any]], preds: Sequence[Prediction]) -> list[str]:
    """Summary lines for all messages, the no-diacritics and teencode subsets, their rests
    and the fully diacritic-stripped copy (classified here)."""
    lines = [
        f"{'subset':<26} {'n':>5}  {'kind F1':>7}  {'cat F1':>7}  "
        f"{'urg R':>6}  {'urg P':>6}  {'urg':>4}"
    ]
    all_s = summarize(rows, preds)
    lines.append(_summary_line("all", all_s))
    for name, test in (("no-diacritics", is_unaccented), ("teencode", has_teencode)):
        inside = [i for i, r in enumerate(rows) if test(str(r["text"]))]
        outside = [i for i in range(len(rows)) if i not in set(inside)]
        s_in = summarize([rows[i] for i in inside], [preds[i] for i in inside])
        s_out = summarize([rows[i] for i in outside], [preds[i] for i in outside])
        lines.append(_summary_line(name, s_in))
        lines.append(_summary_line(f"  rest (not {name})", s_out))
        lines.append(
            f"  gap {name} - rest: kind {s_in.kind_f1 - s_out.kind_f1:+.3f}, "
            f"category {s_in.category_f1 - s_out.category_f1:+.3f}"
        )
    stripped = [classify(strip_diacritics(str(r["text"]))) for r in rows]
    s_strip = summarize(rows, stripped)
    lines.append(_summary_line("stripped copy of all", s_strip))
    lines.append(
        f"  gap stripped - all: kind {s_strip.kind_f1 - all_s.kind_f1:+.3f}, "
        f"category {s_strip.category_f1 - all_s.category_f1:+.3f}"
    )
    return lines


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
    kind_ok = [g == p for g, p in zip(gold_kind, pred_kind, strict=True)]
    cat_ok = [g == p for g, p in zip(gold_cat, pred_cat, strict=True)]
    kind_conf = [p.kinds[0][1] for p in preds]
    cat_conf = [p.categories[0][1] for p in preds]
    lines.append(
        "calibration (expected calibration error, 10 bins): "
        f"kind {expected_calibration_error(kind_conf, kind_ok):.3f}, "
        f"category {expected_calibration_error(cat_conf, cat_ok):.3f}"
    )
    lines.append("")
    lines += subset_report(rows, preds)
    lines.append("")
    lines += _confusion(gold_kind, pred_kind, kinds)
    lines.append("")
    lines += _confusion(gold_cat, pred_cat, cats)
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
