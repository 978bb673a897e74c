"""What officers do to a petition: check, ask for what the action needs, apply it, tell.

Buttons arrive here from handlers.officer_work. Actions that need text (a question, an
answer, a reason) or a choice (a unit, a filing reason, new labels) become a *task* in
the officer's private chat, also when the button was pressed in the unit's group; the
task is checked again when it completes (someone else may have acted meanwhile).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core import roles
from core.clock import local_date
from core.codes import parse_code
from core.config import Config
from core.deadlines import due_on_acceptance
from core.labels import Category, Kind
from core.lifecycle import Action, FilingReason, IllegalTransition, allowed_actions, is_open
from core.ports import Actor, Petition, PetitionMoved, Recipient
from core.vn_dates import format_vn_date
from handlers import cards, notify, texts
from handlers.channel import Command, Event, Option, Text
from handlers.officers import is_group, person_of
from handlers.state import ConversationState, Step
from handlers.turn import Turn

TRANSFER_PREFIX, FILE_PREFIX = "pt:", "pf:"
CATEGORY_PREFIX, KIND_PREFIX = "pc:", "pk:"  # relabelling
PICKS = (TRANSFER_PREFIX, FILE_PREFIX, CATEGORY_PREFIX, KIND_PREFIX)
_FILING_REASONS = (FilingReason.NOT_ELIGIBLE, FilingReason.NOT_COMPETENT, FilingReason.DUPLICATE)
_TEXT_PROMPTS = {
    Action.REQUEST_INFO.value: texts.ASK_INFO_QUESTION,
    Action.ANSWER.value: texts.ASK_ANSWER,
}


async def pressed(turn: Turn, officer: roles.Officer, action: str, code: str) -> None:
    """An action button: check, then act at once or start the task that collects its text."""
    petition = await turn.repo.petition_by_code(code)
    if petition is None:
        turn.say(not_found(code))
        return
    if action == cards.WHO:
        await _show_sender(turn, officer, petition)
        return
    if action == cards.RELABEL:
        if not roles.can_relabel(officer, petition.unit_code) or not is_open(petition.status):
            turn.say(texts.DENIED.format(code=code))
            return
        categories = [
            Option(CATEGORY_PREFIX + category.value, label)
            for category, label in texts.CATEGORY_LABELS.items()
        ]
        relabel: dict[str, Any] = {"action": cards.RELABEL, "code": petition.code}
        await _start_task(turn, relabel, texts.ASK_RELABEL_CATEGORY.format(code=code), categories)
        return
    try:
        wanted = Action(action)
    except ValueError:
        turn.say(texts.BUTTON_EXPIRED)
        return
    if not _may(turn, officer, petition, wanted):
        return
    if wanted in (Action.ACCEPT, Action.CLOSE):
        await _perform(turn, officer, petition, wanted, held_by=petition.unit_code)
        return
    # the unit it is at now: checked again, under the petition's lock, when it is done
    task: dict[str, Any] = {
        "action": wanted.value,
        "code": petition.code,
        "held_by": petition.unit_code,
    }
    if wanted is Action.TRANSFER:
        units = [
            Option(TRANSFER_PREFIX + code_, name)
            for code_, name in _transfer_targets(turn, petition).items()
        ]
        await _start_task(turn, task, texts.ASK_TRANSFER_UNIT.format(code=code), units)
    elif wanted is Action.FILE:
        reasons = [
            Option(FILE_PREFIX + reason.value, texts.FILE_REASON_LABELS[reason.value])
            for reason in _FILING_REASONS
        ]
        await _start_task(turn, task, texts.ASK_FILE_REASON.format(code=code), reasons)
    else:
        task["text"] = True
        await _start_task(turn, task, _TEXT_PROMPTS[wanted.value].format(code=code), [])


def _may(turn: Turn, officer: roles.Officer, petition: Petition, action: Action) -> bool:
    """Role, then lifecycle: say why not and return False when the action cannot be done."""
    if not roles.can_act(officer, petition.unit_code, action):
        turn.say(texts.DENIED.format(code=petition.code))
        return False
    if action not in allowed_actions(petition.status):
        turn.say(_already_done(petition, action))
        return False
    return True


async def _start_task(turn: Turn, task: dict[str, Any], prompt: str, options: list[Option]) -> None:
    """Ask for what the action needs, in the officer's private chat."""
    if not is_group(turn.sender):
        turn.state.task = task
        turn.ask(prompt, options)
        return
    person = person_of(turn.sender)
    assert person is not None  # an officer was found for this press
    private = Recipient(*person)
    await notify.post(turn, private, prompt, options)

    def start(state: ConversationState) -> None:
        state.task = task
        state.question, state.options = prompt, [[o.value, o.label] for o in options]

    await notify.edit_state(turn, private, start)
    turn.say(texts.TASK_IN_PRIVATE)


async def picked(turn: Turn, officer: roles.Officer, task: dict[str, Any], value: str) -> None:
    """A unit (transfer) or a reason (file) was chosen: now ask for the text."""
    code = task["code"]
    petition = await turn.repo.petition_by_code(code)
    if petition is None:
        _end_task(turn)
        turn.say(not_found(code))
        return
    if value.startswith(TRANSFER_PREFIX) and task["action"] == Action.TRANSFER.value:
        unit = value.removeprefix(TRANSFER_PREFIX)
        name = _transfer_targets(turn, petition).get(unit)
        if name is None:  # not one of the units offered (or a forged button)
            turn.say(texts.BUTTON_EXPIRED)
            return
        task.update(unit=unit, text=True)
        turn.ask(texts.ASK_TRANSFER_REASON.format(code=code, unit=name))
    elif value.startswith(FILE_PREFIX) and task["action"] == Action.FILE.value:
        reason = value.removeprefix(FILE_PREFIX)
        if reason not in texts.ASK_FILE_NOTE:
            turn.say(texts.BUTTON_EXPIRED)
            return
        task.update(reason=reason, text=True)
        turn.ask(texts.ASK_FILE_NOTE[reason].format(code=code))
    elif value.startswith(CATEGORY_PREFIX) and task["action"] == cards.RELABEL:
        category = value.removeprefix(CATEGORY_PREFIX)
        if category not in {c.value for c in Category}:
            turn.say(texts.BUTTON_EXPIRED)
            return
        task.update(category=category)
        kinds = [
            Option(KIND_PREFIX + kind.value, texts.KIND_LABELS[kind])
            for kind in _relabel_kinds(petition)
        ]
        turn.ask(texts.ASK_RELABEL_KIND.format(code=code), kinds)
    elif value.startswith(KIND_PREFIX) and task.get("category"):
        kind = value.removeprefix(KIND_PREFIX)
        if kind not in {k.value for k in _relabel_kinds(petition)}:
            turn.say(texts.BUTTON_EXPIRED)
            return
        _end_task(turn)
        await _relabel(turn, officer, code, Kind(kind), Category(task["category"]))
        return
    else:
        turn.say(texts.BUTTON_EXPIRED)
        return
    turn.state.task = task


def _transfer_targets(turn: Turn, petition: Petition) -> dict[str, str]:
    """The units a petition may be transferred to (code -> name): any other unit."""
    return {
        unit.code: unit.name
        for unit in turn.services.config.units
        if unit.code != petition.unit_code
    }


def _relabel_kinds(petition: Petition) -> list[Kind]:
    """The kinds an officer may give a petition. A tố cáo's sender was promised secrecy and
    a phản ánh's sender was not: neither can become the other by relabelling (a phản ánh
    that is really a tố cáo is transferred to the confidential unit instead)."""
    if petition.kind is Kind.TO_CAO:
        return [Kind.TO_CAO]
    return [kind for kind in Kind if kind is not Kind.TO_CAO]


async def _relabel(
    turn: Turn, officer: roles.Officer, code: str, kind: Kind, category: Category
) -> None:
    """Store the officer's correction; point out when the new labels belong elsewhere."""
    petition = await turn.repo.petition_by_code(code)
    if petition is None or not roles.can_relabel(officer, petition.unit_code):
        turn.say(not_found(code))
        return
    if not is_open(petition.status) or kind not in _relabel_kinds(petition):
        turn.say(texts.BUTTON_EXPIRED)
        return
    now = turn.services.clock.now()
    fixed = await turn.repo.relabel(petition.id, officer.id, kind, category, now)
    turn.say(
        texts.DONE_RELABEL.format(
            code=code, kind=texts.KIND_LABELS[kind], category=texts.CATEGORY_LABELS[category]
        )
    )
    owner = turn.services.route(kind, category)
    if owner != fixed.unit_code:
        turn.say(texts.RELABEL_OTHER_UNIT.format(unit=cards.unit_name(turn.services, owner)))


async def continue_task(
    turn: Turn, officer: roles.Officer, task: dict[str, Any], event: Event
) -> bool:
    """The officer's next message while a task waits: its text, /huy, or something else."""
    code = task["code"]
    if isinstance(event, Command):
        _end_task(turn)
        if event.name == "huy":
            turn.say(texts.TASK_CANCELLED.format(code=code))
            return True
        return False  # another command: the task is dropped, the command goes on
    if not task.get("text"):
        turn.insist()  # a unit or a reason must be chosen first
        return True
    typed = event.text.strip() if isinstance(event, Text) else ""
    if not typed:
        turn.say(texts.TASK_EMPTY)
        return True
    petition = await turn.repo.petition_by_code(code)
    if petition is None:
        _end_task(turn)
        turn.say(not_found(code))
        return True
    action = Action(task["action"])
    if action is Action.FILE and task.get("reason") == FilingReason.DUPLICATE.value:
        original = parse_code(typed)
        found = await turn.repo.petition_by_code(original) if original else None
        if found is None or found.id == petition.id or not roles.can_see(officer, found.unit_code):
            turn.say(texts.DUPLICATE_NOT_FOUND.format(code=typed[:40]))
            return True
        typed = found.code
    _end_task(turn)
    if _may(turn, officer, petition, action):
        reason = FilingReason(task["reason"]) if task.get("reason") else None
        await _perform(
            turn,
            officer,
            petition,
            action,
            typed,
            task.get("unit"),
            reason,
            held_by=task.get("held_by", petition.unit_code),
        )
    return True


def _end_task(turn: Turn) -> None:
    turn.state.task, turn.state.question, turn.state.options = None, None, []


# --- doing it -----------------------------------------------------------------------------------


async def _perform(
    turn: Turn,
    officer: roles.Officer,
    petition: Petition,
    action: Action,
    text: str | None = None,
    unit: str | None = None,
    reason: FilingReason | None = None,
    *,
    held_by: str | None,
) -> None:
    """Apply the action (the lifecycle decides) if the petition is still at ``held_by``,
    then tell the officer, the unit and the citizen."""
    config = turn.services.config
    due = None
    if action is Action.ACCEPT:
        due = due_on_acceptance(
            config.deadlines, turn.services.calendar, petition.kind, today(turn)
        )
    try:
        done = await turn.repo.apply(
            petition.id,
            action,
            Actor("officer", officer.id),
            turn.services.clock.now(),
            text,
            unit_code=unit,
            due_date=due.due if due else None,
            due_rule=due.rule_id if due else None,
            reason=reason,
            held_by=held_by,
        )
    except PetitionMoved:
        turn.say(texts.CASE_MOVED.format(code=petition.code))
        return
    except IllegalTransition:
        current = await turn.repo.petition_by_code(petition.code)
        turn.say(_already_done(current or petition, action))
        return
    await _tell(turn, config, done, action, text, reason, petition.unit_code)


async def _tell(
    turn: Turn,
    config: Config,
    petition: Petition,
    action: Action,
    text: str | None,
    reason: FilingReason | None,
    from_unit: str | None,
) -> None:
    code, unit = petition.code, cards.unit_name(turn.services, petition.unit_code)
    due = format_vn_date(petition.due_date) if petition.due_date else texts.NO_DUE
    if action is Action.ACCEPT:
        turn.say(texts.DONE_ACCEPT.format(code=code, due=due))
        await notify.to_sender(
            turn, petition, texts.CITIZEN_ACCEPTED.format(code=code, unit=unit, due=due)
        )
    elif action is Action.REQUEST_INFO:
        turn.say(texts.DONE_REQUEST_INFO.format(code=code))
        question = texts.CITIZEN_INFO_REQUEST.format(code=code, unit=unit, question=text)
        button = Option(f"pi:{code}", texts.CITIZEN_INFO_BUTTON.format(code=code))
        await notify.to_sender(turn, petition, question, [button], step=Step.PROVIDE_INFO)
    elif action is Action.TRANSFER:
        turn.say(texts.DONE_TRANSFER.format(code=code, unit=unit))
        if petition.unit_code is not None:
            arrived = texts.UNIT_TRANSFERRED_IN.format(
                code=code, unit=cards.unit_name(turn.services, from_unit), reason=text
            )
            card = cards.card(turn.services, petition)
            await notify.to_unit(
                turn, petition.unit_code, f"{arrived}\n\n{card}", cards.actions(petition)
            )
        await notify.to_sender(
            turn, petition, texts.CITIZEN_TRANSFERRED.format(code=code, unit=unit)
        )
    elif action is Action.ANSWER:
        turn.say(texts.DONE_ANSWER.format(code=code))
        answer = texts.CITIZEN_ANSWER.format(code=code, unit=unit, answer=text)
        await notify.to_sender(turn, petition, answer, rating_options(code), step=Step.RATE)
        await notify.to_followers(
            turn, petition, texts.CITIZEN_FOLLOWED_ANSWER.format(code=code, unit=unit, answer=text)
        )
    elif action is Action.CLOSE:
        turn.say(texts.DONE_CLOSE.format(code=code))
        await notify.to_sender(turn, petition, texts.CITIZEN_CLOSED.format(code=code))
    elif action is Action.FILE and reason is not None:
        turn.say(texts.DONE_FILE.format(code=code, reason=texts.FILE_REASON_LABELS[reason.value]))
        await notify.to_sender(
            turn, petition, texts.CITIZEN_FILED[reason.value].format(code=code, note=text)
        )


def rating_options(code: str) -> list[Option]:
    """The two rating buttons of an answer."""
    return [
        Option(f"rate:{code}:1", texts.RATE_SATISFIED),
        Option(f"rate:{code}:0", texts.RATE_UNSATISFIED),
    ]


async def _show_sender(turn: Turn, officer: roles.Officer, petition: Petition) -> None:
    """The confidential handler asked who sent a petition: logged, sent privately only."""
    if not roles.sees_identity(officer, petition.unit_code):
        turn.say(texts.DENIED.format(code=petition.code))
        return
    contact = await turn.repo.sender_contact(
        petition.id, officer.id, "xem danh tính", turn.services.clock.now()
    )
    if contact.full_name is None and contact.phone is None:
        text = texts.WHO_ANONYMOUS.format(code=petition.code)
    else:
        missing = texts.UNKNOWN_VALUE
        text = texts.WHO_CARD.format(
            code=petition.code,
            name=contact.full_name or missing,
            phone=contact.phone or missing,
            address=contact.address or missing,
        )
    if not is_group(turn.sender):
        turn.say(text)
        return
    person = person_of(turn.sender)
    assert person is not None
    await notify.post(turn, Recipient(*person), text)
    turn.say(texts.WHO_ONLY_PRIVATE)


# --- helpers -----------------------------------------------------------------------------------


def today(turn: Turn) -> date:
    """The local date now (deadlines count local days)."""
    return local_date(turn.services.clock.now(), turn.services.config.ward.timezone)


def not_found(code: str) -> str:
    """The answer for a code that does not exist or that the officer may not see."""
    return texts.CASE_NOT_FOUND.format(code=code.strip()[:40])


def _already_done(petition: Petition, action: Action) -> str:
    return texts.ALREADY_DONE.format(
        code=petition.code,
        status=texts.STATUS_LABELS[petition.status].lower(),
        action=texts.ACTION_LABELS[action.value].split(" ", 1)[-1],
    )
