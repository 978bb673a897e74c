"""Several workers with Redis: one chat's updates are handled one at a time across them
(aiogram's RedisEventIsolation), and an unreachable Redis stops start-up clearly."""

from __future__ import annotations

import asyncio
import re

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Update

from bot.app import App
from bot.channels.telegram.settings import TelegramStartError
from storage import models as m
from tests.telegram.conftest import ChannelFactory, count, expect
from tests.telegram.fake_bot_api import FakeBotAPI


def _update(update_id: int, user_id: int, text: str) -> Update:
    chat = {"id": user_id, "type": "private", "first_name": "Lan"}
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 1_796_000_000,
                "chat": chat,
                "from": {"id": user_id, "is_bot": False, "first_name": "Lan"},
                "text": text,
            },
        }
    )


async def test_a_chat_busy_on_one_worker_waits_on_the_other(
    app: App, fake: FakeBotAPI, make_channel: ChannelFactory, redis_url: str
) -> None:
    fake.user(5151, "Lan")
    fake.user(6161, "Minh")
    first = await make_channel(polling=False, redis_url=redis_url)
    second = await make_channel(polling=False, redis_url=redis_url)
    assert first.isolation is not None and second.isolation is not None
    key = StorageKey(bot_id=first.bot.id, chat_id=5151, user_id=5151)
    async with first.isolation.lock(key):  # the first worker is in the middle of this chat
        waiting = asyncio.create_task(second.process_update(_update(9001, 5151, "/trogiup")))
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert not waiting.done()
        assert await count(app, m.InboundMessage) == 0  # not even stored yet
        other_chat = _update(9002, 6161, "/trogiup")
        await second.process_update(other_chat)  # other chats are not held up
        assert await count(app, m.InboundMessage) == 1
    await asyncio.wait_for(waiting, 10)
    assert await count(app, m.InboundMessage) == 2
    await expect(fake, 5151, "Hướng dẫn")


async def test_an_unreachable_redis_stops_start_up_with_one_clear_line(
    make_channel: ChannelFactory,
) -> None:
    with pytest.raises(
        TelegramStartError, match=re.escape("cannot reach Redis at redis://127.0.0.1:1/0")
    ):
        await make_channel(polling=False, redis_url="redis://127.0.0.1:1/0")
