"""`/lienket`: one citizen on two channels only when they type the code shown on the other."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from bot.app import App
from storage import models as m
from tests.conftest import Chat, FakeClock
from tests.handlers.test_citizen_flow import POTHOLE, accept_defaults, code_in, consented

LINK = re.compile(r"/lienket (\d{6})")


async def citizens(app: App) -> int:
    async with app.store.transaction() as repo:
        return int(await repo.session.scalar(select(func.count()).select_from(m.Citizen)) or 0)


async def test_two_accounts_become_one_citizen_with_the_code(app: App, clock: FakeClock) -> None:
    telegram, zalo = Chat(app, clock, "lan", "telegram"), Chat(app, clock, "9001", "zalo")
    await consented(telegram)
    first = code_in((await accept_defaults(telegram, POTHOLE))[0])
    await consented(zalo)
    second = code_in((await accept_defaults(zalo, "Rác chất đống ở hẻm 5 Lê Lợi bốc mùi"))[0])
    assert first not in await zalo.say("/cuatoi")  # not linked by guessing
    assert await citizens(app) == 2

    shown = await telegram.say("/lienket")
    match = LINK.search(shown)
    assert match, shown
    assert "không đúng" in await zalo.say("/lienket 00000")  # five digits: never a code
    assert "Đã liên kết" in await zalo.say(f"/lienket {match.group(1)}")
    assert await citizens(app) == 1
    mine = await zalo.say("/cuatoi")
    assert first in mine and second in mine
    assert first in await telegram.say("/cuatoi") and second in await telegram.say("/cuatoi")
    assert "hết hạn" in await zalo.say(f"/lienket {match.group(1)}")  # used once only


async def test_codes_expire_stay_on_their_channel_and_cannot_be_guessed(
    app: App, clock: FakeClock
) -> None:
    telegram, zalo = Chat(app, clock, "lan", "telegram"), Chat(app, clock, "9001", "zalo")
    other = Chat(app, clock, "minh", "telegram")
    code = LINK.search(await telegram.say("/lienket"))
    assert code
    assert "cùng kênh" in await other.say(f"/lienket {code.group(1)}")
    assert "đã là một" in await telegram.say(f"/lienket {code.group(1)}")
    clock.advance(minutes=11)
    assert "hết hạn" in await zalo.say(f"/lienket {code.group(1)}")
    fresh = LINK.search(await telegram.say("/lienket"))
    assert fresh
    for wrong in ("111111", "222222", "333333"):  # with the expired one: four wrong tries
        await zalo.say(f"/lienket {wrong}")
    assert "hết hạn" in await zalo.say("/lienket 55")  # the fifth wrong try, still answered
    assert "quá nhiều lần" in await zalo.say(f"/lienket {fresh.group(1)}")
    assert await citizens(app) == 3
