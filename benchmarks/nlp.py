"""Benchmark of the run-time classifier.

Reproduce with::

    .venv/bin/python benchmarks/nlp.py [--repeat N]

Prints the cold cost (``import nlp`` and the first ``classify()``, which loads the model and
underthesea) measured in a fresh subprocess, then warm per-message latency p50/p95 of
``classify()`` over ``nlp/data/test.jsonl`` and, as a baseline from the same run,
``normalize()`` alone over the same messages.
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

_COLD = """
import json, time
t0 = time.perf_counter()
import nlp
t1 = time.perf_counter()
nlp.classify("mất điện cả ngày")
t2 = time.perf_counter()
import resource
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "rss_kb": rss}))
"""


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

    # This script is itself called nlp.py: drop its folder so "nlp" is the package.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.modules.pop("nlp", None)
    from nlp import classify, normalize

    with TEST_PATH.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    classify(texts[0])  # warm up
    base = _timings(normalize, texts, args.repeat)
    clf = _timings(classify, texts, args.repeat)
    b50, b95 = _percentile(base, 0.5) * 1e3, _percentile(base, 0.95) * 1e3
    c50, c95 = _percentile(clf, 0.5) * 1e3, _percentile(clf, 0.95) * 1e3

    print(f"python {sys.version.split()[0]}, {len(texts)} messages x {args.repeat} passes")
    print(f"model file: {MODEL_PATH.stat().st_size / 1e6:.2f} MB")
    print(f"cold: import nlp {imp * 1e3:.0f} ms, first classify (load model) {first * 1e3:.0f} ms,")
    print(f"      max RSS after first classify {rss:.0f} MB (median of 3 fresh processes)")
    print(f"baseline normalize(): p50 {b50:.3f} ms, p95 {b95:.3f} ms")
    print(f"classify():           p50 {c50:.3f} ms, p95 {c95:.3f} ms")
    print(f"ratio classify/normalize: p50 {c50 / b50:.1f}x, p95 {c95 / b95:.1f}x")
    print("reproduce: .venv/bin/python benchmarks/nlp.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
