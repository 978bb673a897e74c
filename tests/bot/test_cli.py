"""The `danvan` console script, run as a user would run it (real model, real database)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from core.labels import Category, Kind
from tests.conftest import ROOT

DANVAN = str(Path(sys.executable).with_name("danvan"))
CODE = re.compile(r"Mã tra cứu: ((?:PA|KN|TC|HD)-\d{4}-\d{6})")
DUE = re.compile(r"Hạn xử lý: (thứ (?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), \d{2}/\d{2}/\d{4}")


def danvan(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [DANVAN, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
        check=False,
    )


def test_piped_chat_files_a_petition_and_only_its_owner_can_look_it_up(migrated_url: str) -> None:
    env = {"DANVAN_DATABASE_URL": migrated_url}
    petition = "duong truoc nha em o hem 45 Le Loi bi o ga to lam, toi qua xe may te hoai"
    first = danvan("chat", "--user", "lan", stdin=f"/start\n1\n{petition}\n" + "1\n" * 6, env=env)
    assert first.returncode == 0, first.stderr
    code_match = CODE.search(first.stdout)
    assert code_match, first.stdout
    assert DUE.search(first.stdout), first.stdout
    code = code_match.group(1)

    owner = danvan("chat", "--user", "lan", stdin=f"/tracuu {code}\n", env=env)
    assert code in owner.stdout and "Tình trạng: Đã chuyển đến đơn vị xử lý" in owner.stdout
    stranger = danvan("chat", "--user", "minh", stdin=f"/tracuu {code}\n", env=env)
    assert "Không tìm thấy" in stranger.stdout and "Tình trạng" not in stranger.stdout


def test_chat_on_an_unmigrated_server_database_says_what_to_do(postgres_url: str) -> None:
    database_url = postgres_url  # SQLite, the embedded default, is migrated by `chat` itself
    result = danvan("chat", stdin="", env={"DANVAN_DATABASE_URL": database_url})
    assert result.returncode == 2 and "danvan db upgrade" in result.stderr
    upgraded = danvan("db", "upgrade", env={"DANVAN_DATABASE_URL": database_url})
    assert upgraded.returncode == 0, upgraded.stderr
    assert danvan("chat", stdin="", env={"DANVAN_DATABASE_URL": database_url}).returncode == 0


def test_nlp_classify_writes_one_line_per_input_in_order() -> None:
    lines = [
        {"id": 1, "text": "Rác thải đổ trộm ở đầu hẻm bốc mùi hôi thối cả tuần nay"},
        "this is not json",
        {"id": "b", "text": "cho hoi lam giay khai sinh can giay to gi a"},
        {"id": 4},
        {"id": 5, "text": "😡😡😡"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    result = danvan("nlp", "classify", stdin=stdin + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == [1, None, "b", 4, 5]
    assert "error" in out[1] and "error" in out[3]
    units = {"vp", "kt", "vhxh", "hcc", "ca", "tocao"}
    for o in (out[0], out[2], out[4]):
        assert set(o) == {"id", "kind", "category", "urgent", "unit", "confidence"}
        assert o["kind"] in set(Kind) and o["category"] in set(Category)
        assert isinstance(o["urgent"], bool) and 0 <= o["confidence"] <= 1
        assert o["unit"] in units
    assert out[0]["category"] == "moi_truong"


def test_bad_config_stops_start_up_naming_the_key(tmp_path: Path) -> None:
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "config.yaml"
    bad.write_text(text.replace("limit: 7\n", "limit: bảy\n"), encoding="utf-8")
    result = danvan("chat", stdin="", env={"DANVAN_CONFIG": str(bad)})
    assert result.returncode == 2
    assert "deadlines.rules.to_cao_thu_ly.limit" in result.stderr
    missing = danvan("chat", stdin="", env={"DANVAN_CONFIG": str(tmp_path / "none.yaml")})
    assert missing.returncode == 2 and "config file not found" in missing.stderr


def test_wrong_database_url_and_long_user_are_explained(tmp_path: Path) -> None:
    env = {"DANVAN_DATABASE_URL": "mysql://root@127.0.0.1/x"}
    for args in (["chat"], ["db", "upgrade"]):
        result = danvan(*args, stdin="", env=env)
        assert result.returncode == 2 and "DANVAN_DATABASE_URL" in result.stderr
        assert "Traceback" not in result.stderr
    db = f"sqlite:///{tmp_path / 'plain.db'}"  # a plain sqlite:// URL works as well
    assert danvan("db", "upgrade", env={"DANVAN_DATABASE_URL": db}).returncode == 0
    long_user = danvan("chat", "--user", "x" * 65, stdin="", env={"DANVAN_DATABASE_URL": db})
    assert long_user.returncode == 2 and "--user" in long_user.stderr
