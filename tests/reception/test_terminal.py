"""Tiếp công dân in the terminal chat (`danvan chat`): the schedule and a booking by typed
numbers, and the reminder the scheduler queued, shown to the user on their next line."""

from __future__ import annotations

import io
from datetime import date

from bot.console import chat, outbox_inbox
from tests.scheduler.conftest import Ward, local


async def test_a_citizen_books_in_the_terminal_and_sees_the_reminder(ward: Ward) -> None:
    ward.clock.current = local(date(2026, 12, 3), 9)
    await ward.open()
    await ward.start()
    await ward.at(local(date(2026, 12, 3), 9))  # the 10/12 session is published
    app = ward.store()
    inbox = outbox_inbox(app.store, ward.clock)
    out = io.StringIO()
    lines = ["/start", "1", "/lichtiepdan", "1", "Hỏi về cấp giấy chứng nhận đất nhà tôi"]
    await chat(app.dispatcher, ward.clock, "an", lines, out, True, inbox)
    shown = out.getvalue()
    assert "10/12/2026" in shown and "  1. " in shown  # choices as a numbered list
    assert "Số thứ tự của bạn: 1" in shown
    await ward.at(local(date(2026, 12, 9), 18))  # the evening before: the reminder
    later = io.StringIO()
    await chat(app.dispatcher, ward.clock, "an", [], later, True, inbox)
    assert "10/12/2026" in later.getvalue() and "🔔" in later.getvalue()
