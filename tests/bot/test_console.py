"""The terminal channel: how typed lines become events and replies become text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from bot.console import chat, console_event, outbox_inbox, render
from handlers import texts
from handlers.channel import Command, Location, Media, Option, Reply, Text
from tests.conftest import FakeClock


def test_lines_become_events(tmp_path: Path) -> None:
    photo = tmp_path / "o-ga.jpg"
    photo.write_bytes(b"\xff\xd8" + b"0" * 100)
    assert console_event("đường ngập") == Text("đường ngập")
    assert console_event("/tracuu PA-2026-000001") == Command("tracuu", "PA-2026-000001")
    assert console_event(f"/anh {photo}") == Media("photo", str(photo), 102)
    assert "Không mở được" in str(console_event("/anh /khong/co/tep.jpg"))
    assert console_event("/vitri 10.77, 106.69") == Location(10.77, 106.69)
    assert console_event("/vitri 200,1") == texts.CONSOLE_BAD_LOCATION
    assert console_event("/vitri abc") == texts.CONSOLE_BAD_LOCATION


def test_options_are_numbered_from_one() -> None:
    reply = Reply("Chọn?", (Option("a", "Một"), Option("b", "Hai")))
    assert render(reply) == "Chọn?\n  1. Một\n  2. Hai"


class BrokenDispatcher:
    async def handle(self, incoming: object) -> list[Reply]:
        raise ConnectionError("database is down")


async def test_a_message_that_could_not_be_stored_is_reported_not_swallowed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    out = io.StringIO()
    await chat(BrokenDispatcher(), FakeClock(), "an", ["ổ gà"], out, echo=True)  # type: ignore[arg-type]
    assert texts.NOT_SAVED in out.getvalue()
    assert "could not store the message" in caplog.text


async def test_an_officer_in_the_terminal_sees_the_card_and_acts_on_it(app, clock) -> None:  # type: ignore[no-untyped-def]
    inbox = outbox_inbox(app.store, clock)
    officer, citizen = io.StringIO(), io.StringIO()
    await chat(app.dispatcher, clock, "ky", ["/dangky KT-3HD8-P1"], officer, True, inbox)
    pothole = "Đường Lê Lợi trước nhà số 12 có ổ gà rất lớn, xe máy té liên tục"
    lines = ["/start", "1", pothole, "1", "1", "1", "1"]
    await chat(app.dispatcher, clock, "an", lines, citizen, True, inbox)
    match = re.search(r"PA-\d{4}-\d{6}", citizen.getvalue())
    assert match, citizen.getvalue()
    code = match.group(0)
    officer = io.StringIO()
    await chat(app.dispatcher, clock, "ky", [f"/xem {code}", "1"], officer, True, inbox)
    shown = officer.getvalue()
    assert texts.CONSOLE_NOTICE in shown and f"Đơn mới {code}" in shown  # queued while away
    assert "1. ✅ Thụ lý" in shown and f"Đã thụ lý đơn {code}" in shown  # "1" = first action
    citizen = io.StringIO()
    await chat(app.dispatcher, clock, "an", [], citizen, True, inbox)
    assert f"Đơn {code} của bạn đã được" in citizen.getvalue()
