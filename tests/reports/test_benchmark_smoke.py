"""benchmarks/summary.py runs end to end on 2,000 petitions (on SQLite, and on PostgreSQL
when configured): it builds, loads, checks the SQL's figures of D against its own count
in Python, and prints its table. No timing is asserted."""

from __future__ import annotations

import importlib.util
import os
import sys

import pytest

from tests.conftest import POSTGRES_ENV, ROOT


def test_benchmark_smoke(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("bench_summary", ROOT / "benchmarks/summary.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, bench)  # its dataclasses look themselves up
    spec.loader.exec_module(bench)
    databases = "sqlite,postgresql" if os.environ.get(POSTGRES_ENV) else "sqlite"
    assert bench.main(["--petitions", "2000", "--runs", "1", "--databases", databases]) == 0
    out = capsys.readouterr().out
    assert "SQLite (file): 2,000 petitions loaded" in out
    assert "daily summary: queries" in out and "quarterly report: xlsx" in out
    if "postgresql" in databases:
        assert "PostgreSQL: 2,000 petitions loaded" in out
    assert "Reproduce:" in out
