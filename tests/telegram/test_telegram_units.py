"""The Telegram channel's pure rules: splitting, callback data, rate limits, conversions."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram.types import Update

from bot.channels.ratelimit import RateLimiter
from bot.channels.telegram.render import (
    CALLBACK_VERSION,
    MAX_CALLBACK_DATA,
    decode_option,
    encode_option,
)
from bot.channels.telegram.updates import convert
from core.text_split import split_text, utf16_len
from handlers.channel import Choice, Command, Location, Media, Text
from tests.conftest import ROOT

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
USER = {"id": 42, "is_bot": False, "first_name": "Lan", "last_name": "Nguyễn"}
PRIVATE = {"id": 42, "type": "private", "first_name": "Lan"}


def message(**content: Any) -> Update:
    body = {"message_id": 5, "date": 1_780_000_000, "chat": PRIVATE, "from": USER, **content}
    return Update.model_validate({"update_id": 9001, "message": body})


def test_split_keeps_lines_whole_and_respects_the_limit() -> None:
    assert split_text("ngắn", 4096) == ["ngắn"]
    text = "\n".join("x" * 30 for _ in range(10))
    parts = split_text(text, limit=100)
    assert all(utf16_len(p) <= 100 for p in parts)
    assert "\n".join(parts) == text
    long_line = " ".join(["chữ"] * 100)  # one line longer than the limit: cut at spaces
    parts = split_text(long_line, limit=50)
    assert all(utf16_len(p) <= 50 for p in parts)
    assert " ".join(parts).split() == long_line.split()
    emoji = "🙂" * 60  # two UTF-16 units each
    assert all(utf16_len(p) <= 100 for p in split_text(emoji, limit=100))
    assert "".join(split_text(emoji, limit=100)) == emoji


def test_callback_data_is_versioned_and_short() -> None:
    data = encode_option("cat:ha_tang_giao_thong", 0)
    assert data == f"{CALLBACK_VERSION}:cat:ha_tang_giao_thong"
    assert decode_option(data) == Choice("cat:ha_tang_giao_thong")
    long_value = "v" * 80
    data = encode_option(long_value, 2)
    assert len(data.encode()) <= MAX_CALLBACK_DATA
    assert decode_option(data) == Text("3")  # read as "the third option"
    for old in ("d0:yes", "yes", "", None, "d1:", "d1#x"):
        assert decode_option(old) is None


def test_rate_limiter_paces_chats_groups_and_the_whole_bot() -> None:
    now = [0.0]
    limiter = RateLimiter(lambda: now[0], 1.0, 3, 20, 30)
    for _ in range(3):  # a short burst to one chat goes at once
        assert limiter.delay("a", False) == 0
        limiter.take("a", False)
    assert limiter.delay("a", False) > 0.9
    assert limiter.delay("b", False) == 0  # other chats are not held up
    now[0] = 1.0
    assert limiter.delay("a", False) == 0
    for i in range(20):  # a group: 20 a minute
        now[0] = 10.0 + i * 1.0
        assert limiter.delay("g", True) == 0
        limiter.take("g", True)
    now[0] = 30.0
    assert limiter.delay("g", True) == 40.0  # the first of the 20 left the minute at 70 s
    now[0] = 70.0
    assert limiter.delay("g", True) == 0
    for i in range(30):  # the whole bot: 30 a second
        limiter.take(f"c{i}", False)
    assert limiter.delay("fresh", False) > 0
    limiter.pause(10)
    now[0] = 35.0
    assert limiter.delay("other", False) >= 5


def test_updates_become_channel_neutral_events() -> None:
    start = convert(message(text="/start qr_bang_tin_kp3"), NOW)
    assert start is not None and start.incoming is not None
    assert start.incoming.event == Command("start", "qr_bang_tin_kp3")
    assert start.incoming.external_id == "9001"
    assert start.incoming.sender.display_name == "Lan Nguyễn"
    doc = {"file_id": "DOC1", "file_unique_id": "u1", "file_size": 1234, "file_name": "don.pdf"}
    converted = convert(message(document=doc, caption="đơn"), NOW)
    assert converted is not None and converted.incoming is not None
    assert converted.incoming.event == Media("document", "DOC1", 1234, "đơn")
    contact = {"phone_number": "0912345678", "first_name": "Lan", "user_id": 42}
    converted = convert(message(contact=contact), NOW)
    assert converted is not None and converted.incoming is not None
    assert converted.incoming.event == Text("0912345678")
    venue = {
        "location": {"latitude": 10.5, "longitude": 106.5},
        "title": "Chợ",
        "address": "Lê Lợi",
    }
    converted = convert(message(venue=venue), NOW)
    assert converted is not None and converted.incoming is not None
    assert converted.incoming.event == Location(10.5, 106.5)
    sticker = {
        "file_id": "S",
        "file_unique_id": "s",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    converted = convert(message(sticker=sticker), NOW)
    assert converted is not None and converted.unsupported and converted.incoming is None
    edited = Update.model_validate(
        {"update_id": 1, "edited_message": {"message_id": 1, "date": 1, "chat": PRIVATE}}
    )
    assert convert(edited, NOW) is None


def test_chat_and_classify_never_import_aiogram() -> None:
    code = (
        "import sys, bot.cli, bot.app, bot.console, handlers.dispatch, handlers.officers;"
        "assert 'aiogram' not in sys.modules, 'aiogram imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_receipt_is_when_the_person_sent_it_never_later_than_now() -> None:
    sent_during_downtime = int((NOW - timedelta(days=2)).timestamp())
    late = convert(message(text="đèn đường hỏng", date=sent_during_downtime), NOW)
    assert late is not None and late.incoming is not None
    assert late.incoming.received_at == NOW - timedelta(days=2)
    phone_clock_ahead = int((NOW + timedelta(hours=1)).timestamp())
    ahead = convert(message(text="đèn đường hỏng", date=phone_clock_ahead), NOW)
    assert ahead is not None and ahead.incoming is not None
    assert ahead.incoming.received_at == NOW
