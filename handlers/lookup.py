"""Citizens looking up their petitions: `/tracuu CODE` and `/cuatoi`.

A petition is shown only to the citizen who filed it; anyone else is told it was not found,
exactly as for a code that does not exist.
"""

from core.clock import local_date
from core.codes import parse_code
from core.vn_dates import format_vn_date
from handlers import texts
from handlers.cards import unit_name
from handlers.turn import Turn

LOOKUP_EVENTS_SHOWN = 20
MINE_SHOWN = 10


async def lookup(turn: Turn, args: str) -> None:
    """`/tracuu CODE`: a petition's status and history, for its owner only."""
    if not args.strip():
        turn.say(texts.LOOKUP_USAGE)
        return
    code = parse_code(args)
    found = await turn.repo.petition_for_owner(code, turn.citizen.id) if code else None
    if found is None:
        turn.say(texts.LOOKUP_NOT_FOUND.format(code=(code or args.strip())[:40]))
        return
    petition, events = found
    lines = [
        texts.LOOKUP_HEADER.format(
            code=petition.code,
            kind=texts.KIND_LABELS[petition.kind],
            category=texts.CATEGORY_LABELS[petition.category],
            status=texts.STATUS_LABELS[petition.status],
            unit=unit_name(turn.services, petition.unit_code),
            due=format_vn_date(petition.due_date) if petition.due_date else texts.NO_DUE,
        )
    ]
    timezone = turn.services.config.ward.timezone
    for event in events[-LOOKUP_EVENTS_SHOWN:]:
        at = format_vn_date(local_date(event.at, timezone))
        lines.append(
            texts.LOOKUP_EVENT.format(at=at, action=texts.EVENT_LABELS.get(event.action, ""))
        )
    turn.say("\n".join(lines))


async def list_mine(turn: Turn) -> None:
    """`/cuatoi`: the citizen's latest petitions."""
    petitions = await turn.repo.petitions_of(turn.citizen.id, MINE_SHOWN)
    if not petitions:
        turn.say(texts.MINE_EMPTY)
        return
    timezone = turn.services.config.ward.timezone
    lines = [texts.MINE_HEADER]
    lines += [
        texts.MINE_LINE.format(
            code=p.code,
            status=texts.STATUS_LABELS[p.status],
            received=format_vn_date(local_date(p.received_at, timezone)),
        )
        for p in petitions
    ]
    lines.append(texts.MINE_MORE)
    turn.say("\n".join(lines))
