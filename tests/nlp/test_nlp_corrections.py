"""Officers' label corrections back into training: `danvan nlp corrections` exports them
from a real database (made through the officers' handlers), and ``nlp.train.with_extras``
merges reviewed files into the training rows (``--extra``) without leaking test messages.
No retraining here: the merge is tested on its own."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app import App
from bot.cli import main
from handlers.channel import Choice
from nlp.train import TEST_PATH, TRAIN_PATH, load_jsonl, with_extras
from tests.bot.test_cli import danvan
from tests.conftest import ROOT, Chat, FakeClock
from tests.handlers.test_casework import (
    KT_OFFICER,
    TC_HANDLER,
    TO_CAO,
    file_to_cao,
    officer,
    press,
)
from tests.handlers.test_citizen_flow import accept_defaults, code_in, consented

CONFIG = ["--config", str(ROOT / "config.yaml")]
# urgent ("cháy") and about a road ("ổ gà") for the keyword classifier: unit kt
SPARKS = "Đường Lê Lợi trước nhà số 12 có ổ gà lớn, dây điện bên trên cháy tóe lửa cả tối"


async def relabel(chat: Chat, code: str, category: str, kind: str) -> None:
    await chat.say(press("relabel", code))
    await chat.say(Choice(f"pc:{category}"))
    assert "Đã sửa phân loại" in await chat.say(Choice(f"pk:{kind}"))


@pytest.fixture
async def corrected(
    app: App, chat_as: Callable[[str], Chat], clock: FakeClock, migrated_url: str
) -> AsyncIterator[tuple[str, str, str]]:
    """A database where the road petition was corrected twice (Tue 01/12/2026, then Thu
    03/12) and the tố cáo once (Tue 01/12): (database URL, road code, tố cáo code)."""
    ky = await officer(chat_as("ky"), KT_OFFICER)
    mat = await officer(chat_as("mat"), TC_HANDLER)
    an = chat_as("an")
    await consented(an)
    road = code_in((await accept_defaults(an, SPARKS))[0])
    to_cao = await file_to_cao(chat_as("em"))
    await relabel(ky, road, "moi_truong", "kien_nghi_phan_anh")
    await relabel(mat, to_cao, "dat_dai", "to_cao")
    clock.advance(days=2)
    await relabel(ky, road, "trat_tu_do_thi", "khieu_nai")
    yield migrated_url, road, to_cao


def test_the_export_holds_each_petition_once_with_its_latest_correction(
    corrected: tuple[str, str, str], tmp_path: Path
) -> None:
    url, road, to_cao = corrected
    result = danvan("nlp", "corrections", env={"DANVAN_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["petition"] for line in lines] == [to_cao, road]  # by the latest correction
    cao, fixed = lines
    assert fixed == {
        "text": SPARKS,
        "kind": "khieu_nai",
        "category": "trat_tu_do_thi",
        "urgent": True,  # the petition's flag
        "petition": road,
        "corrected_at": "2026-12-03",
    }
    assert (cao["kind"], cao["category"], cao["urgent"]) == ("to_cao", "dat_dai", False)
    assert cao["corrected_at"] == "2026-12-01"
    # the tố cáo's copy is the redacted one: the sender is nowhere in it
    assert "Lê Văn Em" not in cao["text"] and "Văn Em" not in cao["text"]
    assert "0912 345 678" not in cao["text"] and "Pasteur" not in cao["text"]
    assert "tố cáo cán bộ địa chính" in cao["text"]
    assert cao["text"] != TO_CAO
    # the export is a file --extra takes as it is
    exported = tmp_path / "corrections.jsonl"
    exported.write_text(result.stdout, encoding="utf-8")
    merged, skipped = with_extras([], [exported])
    assert [row["text"] for row in merged] == [cao["text"], SPARKS] and skipped == 0


def test_since_keeps_the_petitions_last_corrected_from_that_day(
    corrected: tuple[str, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, road, _ = corrected
    monkeypatch.setenv("DANVAN_DATABASE_URL", url)
    output = tmp_path / "since.jsonl"
    since = [*CONFIG, "nlp", "corrections", "--since"]
    assert main([*since, "2026-12-02", "--output", str(output)]) == 0
    assert capsys.readouterr().out == f"1 corrected petitions written to {output}\n"
    assert [row["petition"] for row in map(json.loads, output.read_text().splitlines())] == [road]
    assert main([*since, "2026-12-04"]) == 0
    assert capsys.readouterr().out == ""
    nowhere = tmp_path / "missing" / "since.jsonl"
    assert main([*since, "2026-12-02", "--output", str(nowhere)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("danvan nlp corrections: ") and str(nowhere) in err


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (
            ["--since", "03/12/2026"],
            {},
            "danvan nlp corrections: --since must be a date like 2026-11-30, not '03/12/2026'",
        ),
        ([], {"DANVAN_DATABASE_URL": "mysql://root@127.0.0.1/x"}, "cannot use the database"),
    ],
)
def test_a_bad_date_or_database_is_one_line_and_status_2(
    args: list[str],
    env: dict[str, str],
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DANVAN_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    output = tmp_path / "out.jsonl"
    assert main([*CONFIG, "nlp", "corrections", *args, "--output", str(output)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and says in err
    assert err.isascii() and not output.exists()


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return path


def _row(text: str, **labels: object) -> dict[str, object]:
    return {
        "text": text,
        "kind": "kien_nghi_phan_anh",
        "category": "khac",
        "urgent": False,
        **labels,
    }


def test_extras_follow_the_training_rows_and_never_repeat_train_or_test(tmp_path: Path) -> None:
    train, test = load_jsonl(TRAIN_PATH), load_jsonl(TEST_PATH)
    new = "Cống trước chợ phường bốc mùi mấy tuần nay, nhờ phường cho người nạo vét"
    first = _jsonl(
        tmp_path / "a.jsonl",
        [
            _row(f"  {train[0]['text'].upper()} "),  # in train.jsonl, other case and spaces
            _row(test[0]["text"], kind="hoi_dap"),  # a test message, relabelled: still out
            {**_row(new, category="moi_truong", urgent=True), "petition": "PA-2026-000001"},
        ],
    )
    second = _jsonl(tmp_path / "b.jsonl", [_row(new.lower())])  # repeats the first file
    merged, skipped = with_extras(train, [first, second])
    assert merged[: len(train)] == train and skipped == 3
    assert merged[len(train) :] == [
        {"text": new, "kind": "kien_nghi_phan_anh", "category": "moi_truong", "urgent": True}
    ]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (_row("x", kind="phan_anh"), "\"kind\" 'phan_anh' is not one of"),
        (_row("x", category="giao thong"), "\"category\" 'giao thong' is not one of"),
        (_row("x", urgent="yes"), '"urgent" must be true or false'),
        (_row("  "), '"text" must be a non-empty string'),
        ({"text": "x", "kind": ["to_cao"], "category": "khac", "urgent": False}, '"kind"'),
        ("not json", "Expecting value"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_a_bad_extra_row_rejects_the_file_naming_file_and_line(
    line: object, says: str, tmp_path: Path
) -> None:
    good = _row("Xin hỏi thủ tục đăng ký tạm trú cần giấy tờ gì ạ", kind="hoi_dap")
    path = tmp_path / "extra.jsonl"
    text = json.dumps(good) + "\n\n" + (line if isinstance(line, str) else json.dumps(line))
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="^" + re.escape(f"{path}:3: ")) as caught:
        with_extras([], [path])
    assert says in str(caught.value)


def test_train_passes_extra_files_on_and_stops_on_a_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import nlp.train

    bad = _jsonl(tmp_path / "bad.jsonl", [_row("x", kind="kien_nghi")])
    # nothing is trained: the bad file stops it first
    assert nlp.train.main(["--extra", str(bad), "--out", str(tmp_path / "m.json.gz")]) == 2
    assert capsys.readouterr().err == (
        f"python -m nlp.train: {bad}:1: \"kind\" 'kien_nghi' is not one of "
        "kien_nghi_phan_anh, khieu_nai, to_cao, hoi_dap\n"
    )
    assert not (tmp_path / "m.json.gz").exists()
    seen: list[list[str]] = []

    def fake_main(argv: list[str]) -> int:  # what `danvan nlp train` hands to nlp.train
        seen.append(argv)
        return 0

    monkeypatch.setattr(nlp.train, "main", fake_main)
    assert main(["nlp", "train", "--extra", "a.jsonl", "--extra", "b.jsonl"]) == 0
    assert main(["nlp", "train"]) == 0
    assert seen == [["--extra", "a.jsonl", "--extra", "b.jsonl"], []]
