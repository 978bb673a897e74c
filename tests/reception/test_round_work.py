"""What a reception round does not do again: a briefing or a question list already sent is
not built again, and an announced dialogue is not read again until its questions close."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pytest

from bot import reception_jobs
from core.reception_ports import DialogueInfo, Question
from storage.reception import SqlReception
from tests.reception.conftest import citizen, leader
from tests.scheduler.conftest import Ward, local


async def ahead(ward: Ward, now: datetime) -> list[int]:
    async with ward.store().store.transaction() as repo:
        return [d.id for d in await SqlReception(repo.session).dialogues_ahead(now)]


async def test_nothing_already_sent_is_built_again(
    ward: Ward, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    briefing, grouped = reception_jobs._briefing, reception_jobs.grouped_questions

    async def counted_briefing(*args: Any) -> str:
        built.append("briefing")
        return await briefing(*args)

    def counted_grouped(dialogue: DialogueInfo, questions: Sequence[Question]) -> str:
        built.append("questions")
        return grouped(dialogue, questions)

    monkeypatch.setattr(reception_jobs, "_briefing", counted_briefing)
    monkeypatch.setattr(reception_jobs, "grouped_questions", counted_grouped)
    ward.clock.current = local(date(2026, 12, 3), 9)
    await ward.open()
    await ward.start()
    await ward.at(local(date(2026, 12, 3), 9))  # the session of Thu 10/12 is published
    chief = await leader(ward)
    an = await citizen(ward, "an")
    await an.say("/lichtiepdan")
    await an.say("1")
    assert "Số thứ tự của bạn: 1" in await an.say("Hỏi về trợ cấp cho người cao tuổi")
    added = await chief.say("/taodoithoai 20/12/2026 08:00; Chỉnh trang vỉa hè; Hội trường")
    assert "13/12/2026" in added

    for hour, minute in ((17, 30), (17, 35), (18, 0), (18, 5)):  # the evening before
        await ward.at(local(date(2026, 12, 9), hour, minute))
    assert built == ["briefing"]
    assert "Danh sách công dân" in await chief.inbox_text()

    assert await ahead(ward, local(date(2026, 12, 13), 7)) == [1]
    await ward.at(local(date(2026, 12, 13), 8))  # announced
    assert await ahead(ward, local(date(2026, 12, 13), 8, 5)) == []
    assert await ahead(ward, local(date(2026, 12, 19), 8)) == [1]  # the questions closed
    for minute in (0, 5, 10):
        await ward.at(local(date(2026, 12, 19), 8, minute))
    assert built == ["briefing", "questions"]
    assert "Câu hỏi cho đối thoại #1" in await chief.inbox_text()
