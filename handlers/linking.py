"""`/lienket`: one citizen on two channels, only when they say so.

`/lienket` shows a one-time code (10 minutes); typing `/lienket CODE` on the other channel
makes the two accounts one citizen: `/cuatoi` then lists the petitions of both. Notices
about a petition still go to the channel it was sent from. Wrong codes are limited per
chat, so a code cannot be guessed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.ports import LINK_CODE_DIGITS, Redeemed
from handlers import texts
from handlers.turn import Turn

VALID = timedelta(minutes=10)
MAX_WRONG = 5  # wrong codes a chat may type ...
WRONG_WINDOW = timedelta(hours=1)  # ... within this time


async def handle(turn: Turn, args: str) -> None:
    """`/lienket` (show a code) or `/lienket CODE` (link this account to the code's)."""
    repo, now = turn.repo, turn.services.clock.now()
    typed = "".join(args.split())
    if not typed:
        code = await repo.new_link_code(turn.citizen.id, turn.sender.channel, now, VALID)
        turn.say(texts.LINK_CODE.format(code=code, minutes=int(VALID.total_seconds() // 60)))
        return
    recent = [t for t in turn.state.link_failures if now - datetime.fromisoformat(t) < WRONG_WINDOW]
    if len(recent) >= MAX_WRONG:
        turn.say(texts.LINK_TOO_MANY)
        return
    result = Redeemed.UNKNOWN
    if typed.isdigit() and len(typed) == LINK_CODE_DIGITS:
        result = await repo.redeem_link_code(typed, turn.citizen.id, turn.sender.channel, now)
    if result is Redeemed.UNKNOWN:
        turn.state.link_failures = [*recent, now.isoformat()]
    else:
        turn.state.link_failures = recent
    turn.say(texts.LINK_RESULT[result.value])
