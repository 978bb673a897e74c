"""`danvan summary` and `danvan report`: run as a user runs them (subprocess) for the main
path and a bad date, and in-process (bot.cli.main) for the other arguments, which is
quicker. The database is a seeded SQLite file; the queries run on PostgreSQL too in
test_figures.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.app import open_app
from bot.cli import main
from bot.settings import Settings
from core.config import Config
from tests.bot.test_cli import danvan
from tests.conftest import ROOT, keyword_classifier
from tests.reports import seed as s

CONFIG = ["--config", str(ROOT / "config.yaml")]


@pytest.fixture
async def seeded(tmp_path: Path, config: Config) -> AsyncIterator[str]:
    """A SQLite database holding the hand-made petitions of tests/reports/seed.py."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'seeded.db'}"
    app = await open_app(Settings(ROOT / "config.yaml", config, url), classifier=keyword_classifier)
    try:
        await s.seed(app)
    finally:
        await app.close()
    yield url


def test_summary_prints_the_day_and_writes_its_chart(seeded: str, tmp_path: Path) -> None:
    chart = tmp_path / "charts" / "tong-hop.png"
    env = {"DANVAN_DATABASE_URL": seeded}
    result = danvan("summary", "--date", "2026-11-30", "--chart", str(chart), env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "TỔNG HỢP NGÀY thứ Hai, 30/11/2026"
    assert "ĐƠN MỚI: 4" in lines and "QUÁ HẠN đến hết 30/11/2026: 6" in lines
    assert chart.read_bytes().startswith(b"\x89PNG") and chart.stat().st_size > 10_000

    bad = danvan("summary", "--date", "30/11/2026", env=env)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.splitlines() == [
        "danvan summary: --date must be a date like 2026-11-30, not '30/11/2026'"
    ]


def test_report_writes_excel_by_default_and_markdown_on_request(
    seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DANVAN_DATABASE_URL", seeded)
    monkeypatch.chdir(tmp_path)
    assert main([*CONFIG, "report", "--from", "2026-10-01", "--to", "2026-11-30"]) == 0
    default = tmp_path / "bao-cao-2026-10-01_2026-11-30.xlsx"
    assert capsys.readouterr().out == f"{default.name}\n"
    book = load_workbook(default)
    assert book["Tổng hợp"]["A1"].value == "UBND PHƯỜNG BẾN THÀNH"
    assert book["Tổng hợp"]["B16"].value == "Tổng cộng" and book["Tổng hợp"]["C16"].value == 17

    args = [*CONFIG, "report", "--from", "2026-11-30", "--to", "2026-11-30", "--format", "md"]
    assert main([*args, "--unit", "kt"]) == 0
    text = capsys.readouterr().out
    assert "Phạm vi: Phòng Kinh tế - Hạ tầng - Đô thị" in text
    assert "| 3 | Trật tự đô thị, lấn chiếm vỉa hè | 0 | 0 | 0 | 0 | 1 | 1 | 0% |" in text
    assert main([*args, "--output", "bc.md"]) == 0
    assert capsys.readouterr().out == "bc.md\n"
    assert "# BÁO CÁO" in (tmp_path / "bc.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["report", "--from", "2026-12-01", "--to", "2026-11-30"], "--from (2026-12-01) is after"),
        (["report", "--from", "2026-10-01", "--to", "2026-11-31"], "--to must be a date like"),
        (["report", "--from", "2026-10-01", "--to", "2026-11-30", "--unit", "xx"], "--unit 'xx'"),
        (["summary"], "DANVAN_DATABASE_URL"),  # the database cannot be used
    ],
)
def test_bad_arguments_are_one_line_and_status_2(
    args: list[str], says: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DANVAN_DATABASE_URL", "mysql://root@127.0.0.1/x")
    assert main([*CONFIG, *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and says in captured.err
    assert len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err
