"""The citizen's side of casework: answering a unit's request for information, and rating
an answer (hài lòng / chưa hài lòng, with an optional comment that reopens the petition).

Only the petition's sender may do either (checked through petition_contacts); anyone
else, or a petition no longer waiting, gets a short explanation and nothing changes.
"""

from __future__ import annotations

from datetime import date, datetime

from core.clock import local_date
from core.deadlines import due_on_receipt, resume_after_pause
from core.lifecycle import Action, IllegalTransition, Status
from core.ports import Actor, Petition
from core.vn_dates import format_vn_date
from handlers import cards, notify, texts
from handlers.channel import Choice, Event, Option, Text
from handlers.options import chosen
from handlers.state import Step
from handlers.turn import Turn
from nlp.redact import redact

INFO_PREFIX, RATE_PREFIX = "pi:", "rate:"
SKIP = "skip"
_STEPS = frozenset({Step.PROVIDE_INFO, Step.RATE, Step.RATE_COMMENT})


async def handle(turn: Turn, event: Event) -> bool:
    """Handle a follow-up button or the answer to a follow-up question; False otherwise."""
    state = turn.state
    busy = state.draft is not None or state.step not in (Step.IDLE, *_STEPS)
    if isinstance(event, Choice) and event.value.startswith(INFO_PREFIX):
        if busy:  # a petition is being written: finish it first, nothing is lost
            turn.say(texts.CITIZEN_FINISH_FIRST)
            turn.repeat()
        else:
            await _start_info(turn, event.value.removeprefix(INFO_PREFIX))
        return True
    if isinstance(event, Choice) and event.value.startswith(RATE_PREFIX):
        code, _, verdict = event.value.removeprefix(RATE_PREFIX).rpartition(":")
        if verdict not in ("0", "1"):
            turn.say(texts.BUTTON_EXPIRED)
        elif verdict == "0" and busy:
            await _reopen(turn, code, None)  # no comment step: it would break the draft
            turn.repeat()
        else:
            await _rate(turn, code, verdict == "1")
            if busy:
                turn.repeat()
        return True
    if state.step not in _STEPS or state.about is None:
        return False
    code = state.about
    if state.step is Step.PROVIDE_INFO:
        if not isinstance(event, Text) or not event.text.strip():
            turn.repeat()
            return True
        _done(turn)
        await _provide_info(turn, code, event.text.strip())
        return True
    picked = chosen(state.offered(), event)
    if state.step is Step.RATE:
        if picked is None:  # something else entirely, e.g. a new matter: not a rating
            _done(turn)
            return False
        await _rate(turn, code, picked.value.endswith(":1"))
        return True
    comment = None if picked is not None and picked.value == SKIP else _text_of(event)
    _done(turn)
    await _reopen(turn, code, comment)
    return True


def _text_of(event: Event) -> str | None:
    return event.text.strip() or None if isinstance(event, Text) else None


def _done(turn: Turn) -> None:
    """Leave a follow-up step (and only a follow-up step: a draft in progress stays)."""
    state = turn.state
    if state.step in _STEPS:
        state.step, state.about, state.question, state.options = Step.IDLE, None, None, []


async def _visible(turn: Turn, petition: Petition, text: str) -> str:
    """What the unit may read of something the sender wrote: redacted when they are hidden."""
    if not petition.confidential:
        return text
    known = await turn.repo.identifying_strings(petition.id)
    return redact(text, [*known, *(n for n in (turn.citizen.full_name,) if n)])


async def _own(turn: Turn, code: str) -> Petition | None:
    found = await turn.repo.petition_for_owner(code, turn.citizen.id)
    return None if found is None else found[0]


# --- more information ---------------------------------------------------------------------------


async def _start_info(turn: Turn, code: str) -> None:
    petition = await _own(turn, code)
    if petition is None or petition.status is not Status.WAITING_CITIZEN:
        turn.say(texts.CITIZEN_INFO_NOT_NEEDED.format(code=code[:40]))
        return
    turn.state.step, turn.state.about = Step.PROVIDE_INFO, petition.code
    turn.ask(texts.CITIZEN_INFO_ASK.format(code=petition.code))


async def _provide_info(turn: Turn, code: str, text: str) -> None:
    petition = await _own(turn, code)
    if petition is None or petition.status is not Status.WAITING_CITIZEN:
        turn.say(texts.CITIZEN_INFO_NOT_NEEDED.format(code=code[:40]))
        return
    services = turn.services
    note = await _visible(turn, petition, text)
    due = _resumed_due(turn, petition, await _asked_on(turn, petition))
    try:
        updated = await turn.repo.apply(
            petition.id,
            Action.PROVIDE_INFO,
            Actor("citizen", turn.citizen.id),
            services.clock.now(),
            note,
            due_date=due,
            due_rule=petition.due_rule if due else None,
        )
    except IllegalTransition:
        turn.say(texts.CITIZEN_INFO_NOT_NEEDED.format(code=code))
        return
    await turn.repo.link_messages(petition.id, [turn.message_id])
    unit = cards.unit_name(services, updated.unit_code)
    turn.say(texts.CITIZEN_INFO_THANKS.format(unit=unit))
    if updated.unit_code is not None:
        card = cards.card(services, updated)
        provided = texts.UNIT_INFO_PROVIDED.format(code=updated.code, text=note)
        await notify.to_unit(
            turn, updated.unit_code, f"{provided}\n\n{card}", cards.actions(updated)
        )


async def _asked_on(turn: Turn, petition: Petition) -> datetime | None:
    """When the unit last asked for information (the pause started)."""
    events = await turn.repo.history(petition.id)
    asked = [e.at for e in events if e.action == Action.REQUEST_INFO.value]
    return asked[-1] if asked else None


def _resumed_due(turn: Turn, petition: Petition, asked_at: datetime | None) -> date | None:
    """The due date pushed back by the wait, when the petition's rule pauses (else None)."""
    services = turn.services
    rule = services.config.deadlines.rules.get(petition.due_rule or "")
    if rule is None or not rule.pauses_while_waiting or petition.due_date is None:
        return None
    if asked_at is None:
        return None
    zone = services.config.ward.timezone
    paused = local_date(asked_at, zone)
    resumed = local_date(services.clock.now(), zone)
    return resume_after_pause(services.calendar, rule, petition.due_date, paused, resumed)


# --- rating ------------------------------------------------------------------------------------


async def _rate(turn: Turn, code: str, satisfied: bool) -> None:
    petition = await _own(turn, code)
    if petition is None or petition.status is not Status.ANSWERED:
        _done(turn)
        turn.say(texts.RATE_NOT_NOW.format(code=code[:40]))
        return
    if not satisfied:
        turn.state.step, turn.state.about = Step.RATE_COMMENT, petition.code
        turn.ask(texts.ASK_RATE_COMMENT, [Option(SKIP, texts.SKIP_COMMENT)])
        return
    _done(turn)
    citizen, now = Actor("citizen", turn.citizen.id), turn.services.clock.now()
    try:
        await turn.repo.rate(petition.id, True, None, citizen, now)
    except IllegalTransition:  # the unit closed or reopened it meanwhile
        turn.say(texts.RATE_NOT_NOW.format(code=petition.code))
        return
    closed = await turn.repo.apply(petition.id, Action.CLOSE, citizen, now)
    turn.say(texts.RATE_THANKS.format(code=closed.code))
    if closed.unit_code is not None:
        await notify.to_unit(turn, closed.unit_code, texts.UNIT_SATISFIED.format(code=closed.code))


async def _reopen(turn: Turn, code: str, comment: str | None) -> None:
    """Not satisfied: the petition goes back to its unit with a fresh period; the unit and
    its head are told, with the comment."""
    petition = await _own(turn, code)
    if petition is None or petition.status is not Status.ANSWERED:
        turn.say(texts.RATE_NOT_NOW.format(code=code[:40]))
        return
    services = turn.services
    citizen, now = Actor("citizen", turn.citizen.id), services.clock.now()
    if comment:
        comment = await _visible(turn, petition, comment)
    try:
        await turn.repo.rate(petition.id, False, comment, citizen, now)
    except IllegalTransition:  # the unit closed or reopened it meanwhile
        turn.say(texts.RATE_NOT_NOW.format(code=petition.code))
        return
    today = local_date(now, services.config.ward.timezone)
    due = due_on_receipt(services.config.deadlines, services.calendar, petition.kind, today)
    reopened = await turn.repo.apply(
        petition.id, Action.REOPEN, citizen, now, comment, due_date=due.due, due_rule=due.rule_id
    )
    unit = cards.unit_name(services, reopened.unit_code)
    turn.say(texts.RATE_REOPENED.format(code=reopened.code, unit=unit, due=format_vn_date(due.due)))
    if reopened.unit_code is None:
        return
    said = texts.UNIT_REOPENED_COMMENT.format(comment=comment) if comment else ""
    notice = texts.UNIT_REOPENED.format(code=reopened.code, comment=said)
    card = cards.card(services, reopened)
    await notify.to_unit(turn, reopened.unit_code, f"{notice}\n\n{card}", cards.actions(reopened))
    await notify.to_heads(turn, reopened.unit_code, notice)
