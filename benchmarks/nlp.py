"""Benchmark of the run-time classifier.

Reproduce with::

    .venv/bin/python benchmarks/nlp.py [--repeat N]

Prints, in one run:

* cold start: ``import nlp`` and the first ``classify()`` (loads the model and underthesea's
  word segmenter), in fresh subprocesses (median of 3), with their resident memory (RSS
  after the first classification, and peak RSS);
* warm per-message latency p50/p95 of ``classify()`` over ``nlp/data/test.jsonl``; this
  includes normalisation and word segmentation, which are also timed alone;
* the near-duplicate check of one new petition against 200 open ones (:mod:`nlp.similar`);
* the macro-F1 (kind, category) and urgent recall/precision of the shipped model and of a
  keyword baseline (the hand-written domain lexicon of :mod:`nlp.lexicon`, matched on the
  diacritic-free normalised text) on the same test split.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_PATH = ROOT / "nlp" / "data" / "test.jsonl"
MODEL_PATH = ROOT / "nlp" / "model" / "classifier.json.gz"
#: Open petitions a new one is compared with (handlers.citizen.DUPLICATE_CANDIDATES).
OPEN_CANDIDATES = 200

_COLD = """
import json, time
t0 = time.perf_counter()
import nlp
t1 = time.perf_counter()
nlp.classify("mất điện cả ngày")
t2 = time.perf_counter()
import resource
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rss = 0
with open("/proc/self/status") as fh:
    for line in fh:
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "rss_kb": rss, "peak_kb": peak}))
"""


def keyword_baseline(text: str) -> tuple[str, str, bool]:
    """(kind, category, urgent) by counting hits of the domain lexicon (:mod:`nlp.lexicon`).

    The label with the most hits wins (ties: the first counted); no hit gives the default
    kind ``kien_nghi_phan_anh`` and category ``khac``. Urgency is the lexical danger cue.
    """
    from collections import Counter

    from nlp import normalize, strip_diacritics
    from nlp.classifier import urgent_cue
    from nlp.lexicon import lexicon_hits

    hits = Counter(lexicon_hits(strip_diacritics(normalize(text))))

    def best(prefix: str, default: str) -> str:
        counts = {h.removeprefix(prefix): n for h, n in hits.items() if h.startswith(prefix)}
        return max(counts, key=lambda k: counts[k]) if counts else default

    return best("kind:", "kien_nghi_phan_anh"), best("cat:", "khac"), urgent_cue(text)


def _figures(rows: list[dict[str, object]], preds: list[tuple[str, str, bool]]) -> str:
    from nlp.evaluate import macro_f1

    kind_f1 = macro_f1([str(r["kind"]) for r in rows], [p[0] for p in preds])
    cat_f1 = macro_f1([str(r["category"]) for r in rows], [p[1] for p in preds])
    tp = sum(1 for r, p in zip(rows, preds, strict=True) if r["urgent"] and p[2])
    n_gold = sum(1 for r in rows if r["urgent"])
    n_pred = sum(1 for p in preds if p[2])
    recall = tp / n_gold if n_gold else float("nan")
    precision = tp / n_pred if n_pred else float("nan")
    return (
        f"kind macro-F1 {kind_f1:.3f}, category macro-F1 {cat_f1:.3f}, "
        f"urgent recall {recall:.3f}, precision {precision:.3f}"
    )


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def _timings(fn: Callable[[str], object], texts: list[str], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        for text in texts:
            t0 = time.perf_counter()
            fn(text)
            out.append(time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the test set")
    args = parser.parse_args(argv)

    cold_runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _COLD], capture_output=True, text=True, check=True, cwd=ROOT
        )
        cold_runs.append(json.loads(out.stdout))
    imp = statistics.median(r["import"] for r in cold_runs)
    first = statistics.median(r["first"] for r in cold_runs)
    rss = statistics.median(r["rss_kb"] for r in cold_runs) / 1024
    peak = statistics.median(r["peak_kb"] for r in cold_runs) / 1024

    # This script is itself called nlp.py: drop its folder so "nlp" is the package.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.modules.pop("nlp", None)
    from nlp import classify, normalize
    from nlp.features import segment
    from nlp.similar import best_match

    with TEST_PATH.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    texts = [str(r["text"]) for r in rows]
    classify(texts[0])  # warm up
    norm = _timings(normalize, texts, args.repeat)
    normalized = [normalize(t) for t in texts]
    seg = _timings(segment, normalized, args.repeat)
    clf = _timings(classify, texts, args.repeat)

    def ms(values: list[float]) -> str:
        p50, p95 = _percentile(values, 0.5) * 1e3, _percentile(values, 0.95) * 1e3
        return f"p50 {p50:.3f} ms, p95 {p95:.3f} ms"

    print(f"python {sys.version.split()[0]}, {len(texts)} messages x {args.repeat} passes")
    print(f"model file: {MODEL_PATH.stat().st_size / 1e6:.2f} MB")
    print(
        f"cold start: import nlp {imp * 1e3:.0f} ms + first classify (model + segmenter load) "
        f"{first * 1e3:.0f} ms = {(imp + first) * 1e3:.0f} ms (median of 3 fresh processes)"
    )
    print(f"resident memory after first classify: {rss:.0f} MB (peak {peak:.0f} MB)")
    print(f"warm classify() per message (normalise + segment + score): {ms(clf)}")
    print(f"  of which normalize(): {ms(norm)}; word segmentation: {ms(seg)}")
    # Near-duplicates: a new petition against OPEN_CANDIDATES open ones (the bot's cap), the
    # open ones already analysed (cached, as in a running bot), the new one analysed anew.
    pool = [(i, t) for i, t in enumerate(texts[:OPEN_CANDIDATES])]
    best_match(texts[0], pool)  # analyse the open ones once
    fresh = [f"{t} ({i})" for i, t in enumerate(texts[OPEN_CANDIDATES:])]
    dup = _timings(lambda t: best_match(t, pool), fresh, 1)
    print(
        f"near-duplicate check of a new petition against {len(pool)} open ones: {ms(dup)} "
        f"({_percentile(dup, 0.5) / _percentile(clf, 0.5):.1f} x classify p50)"
    )
    model_preds = []
    for text in texts:
        p = classify(text)
        model_preds.append((p.kind.value, p.category.value, p.urgent))
    base_preds = [keyword_baseline(t) for t in texts]
    print(f"test split ({len(rows)} messages, {TEST_PATH.name}):")
    print(f"  model:            {_figures(rows, model_preds)}")
    print(f"  keyword baseline: {_figures(rows, base_preds)}")
    print("reproduce: .venv/bin/python benchmarks/nlp.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
