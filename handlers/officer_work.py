"""Officers work their unit's queue from the chat, on every channel.

- A new petition is announced to its unit (the unit's group, else its officers) with a
  card and action buttons; an urgent one also goes at once to the officers on duty.
- Buttons (or `/xem CODE` then a number, where there are no buttons): accept (thụ lý),
  ask the citizen for more information, transfer, answer, close, file (lưu đơn) with a
  Thông tư 05 reason; the confidential handler can also see who sent a tố cáo (logged).
  Actions that need text (a question, an answer, a reason) continue in the officer's
  private chat, also when the button was pressed in the unit's group.
- `/hopthu` lists open petitions (overdue first, then due soonest) with paging; `/xem
  CODE` shows one with its history; `/truc` toggles duty; `/baocao` is the leaders'.
Every check of who may do what is in core.roles; a denied action changes nothing. Two
officers pressing the same button: the lifecycle lets the first through and the second
is told what happened (the petition row is locked while it changes).
"""

from __future__ import annotations

import re

from core import roles
from core.codes import parse_code
from core.ports import Petition, Recipient
from core.vn_dates import format_vn_date
from handlers import cards, leader, notify, reception_host, texts
from handlers import officer_actions as actions
from handlers.channel import Choice, Command, Event, Option, Reply
from handlers.officers import OfficerRepository, is_group, person_of, read_event
from handlers.state import Step
from handlers.turn import Turn

COMMANDS = frozenset({"hopthu", "xem", "truc", "baocao"})
PAGE_PREFIX, VIEW_PREFIX = "hq:", "hx:"
PREFIXES = (cards.ACTION_PREFIX, PAGE_PREFIX, VIEW_PREFIX, *actions.PICKS)
PAGE_SIZE = 8
_IDLE = (Step.IDLE, Step.NEW)
# Cards and queue pages stay usable after a press (other officers, other actions).
_REUSABLE = (cards.ACTION_PREFIX, PAGE_PREFIX, VIEW_PREFIX)


async def handle(turn: Turn, event: Event, officers: OfficerRepository) -> bool:
    """Handle an officer's command, button or pending task; False when not for officers."""
    if await reception_host.handle(turn, event, officers):  # tiếp công dân, đối thoại
        return True
    group = is_group(turn.sender)
    if isinstance(event, Command) and event.name == "trogiup" and not group:
        person = person_of(turn.sender)
        if person is not None and await officers.officer(*person) is not None:
            turn.say(texts.OFFICER_HELP)  # then the citizen's help, for what else they do
        return False
    task = None if group else turn.state.task
    if group:  # a group has no pending question: nothing typed there is an option
        ours = (isinstance(event, Command) and event.name in COMMANDS) or (
            isinstance(event, Choice) and event.value.startswith(PREFIXES)
        )
    else:
        event, ours = read_event(turn, event, COMMANDS, PREFIXES)
    if not ours and task is None:
        return False
    person = person_of(turn.sender)
    officer = await officers.officer(*person) if person is not None else None
    if officer is None:
        turn.state.task = None
        if not ours:
            return False  # a task left over from a withdrawn registration
        turn.say(texts.NOT_AN_OFFICER)
        return True
    if isinstance(event, Command) and event.name in COMMANDS:
        await _command(turn, officer, officers, event)
    elif isinstance(event, Choice) and event.value.startswith(PREFIXES):
        await _choice(turn, officer, event.value)
    else:
        assert task is not None
        return await actions.continue_task(turn, officer, task, event)
    return True


def keeps_buttons(event: Event) -> bool:
    """Whether the buttons of the message pressed must stay (a card, a queue page)."""
    return isinstance(event, Choice) and event.value.startswith(_REUSABLE)


# --- announcing a new petition ---------------------------------------------------------------


async def announce(turn: Turn, petition: Petition) -> None:
    """Tell the petition's unit about it (card, actions, photos); urgent: on-duty officers too."""
    if turn.officers is None or petition.unit_code is None:
        return
    files = await turn.repo.attachments_of(petition.id)
    size = await turn.repo.cluster_size(petition.cluster_id)
    text = cards.card(turn.services, petition, new=True, cluster_size=size, attachments=len(files))
    options = cards.actions(petition)
    inboxes = await notify.to_unit(turn, petition.unit_code, text, options)
    if petition.urgent:
        await notify.to_on_duty(turn, petition.unit_code, text, options)
    if petition.confidential:
        return  # a denouncer's files identify them as surely as their name
    now = turn.services.clock.now()
    for inbox in inboxes:
        for file in files:
            if file.media_type == "photo" and file.channel == inbox.channel:
                await turn.repo.post_photo(inbox, file.file_id, petition.code, now)


# --- commands ----------------------------------------------------------------------------


async def _command(
    turn: Turn, officer: roles.Officer, officers: OfficerRepository, command: Command
) -> None:
    if command.name == "hopthu":
        await _queue(turn, officer, 1)
    elif command.name == "xem":
        typed = command.args.strip()
        code = parse_code(typed) if typed else None
        if code is None:
            turn.say(actions.not_found(typed) if typed else texts.CASE_USAGE)
            return
        await _view(turn, officer, code)
    elif command.name == "truc":
        on_duty = not officer.on_duty
        await officers.set_on_duty(officer.id, on_duty)
        unit = cards.unit_name(turn.services, officer.unit_code)
        turn.say(texts.DUTY_ON.format(unit=unit) if on_duty else texts.DUTY_OFF)
    else:
        await leader.report_command(turn, officer, command.args)


async def _queue(turn: Turn, officer: roles.Officer, page: int) -> None:
    scope = roles.queue_scope(officer)
    if is_group(turn.sender):  # a group sees its own unit's queue, whoever asks
        bound = await _group_units(turn)
        if (scope is not None and scope not in bound) or not bound:
            turn.say(texts.GROUP_NOT_THIS_UNIT)
            return
        scope = scope or bound[0]
    unit = cards.unit_name(turn.services, scope) if scope else texts.QUEUE_ALL_UNITS
    offset = (page - 1) * PAGE_SIZE
    petitions, total = await turn.repo.queue(scope, PAGE_SIZE, offset)
    if total == 0:
        turn.say(texts.QUEUE_EMPTY.format(unit=unit))
        return
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    if page > pages:  # an old "next page" button after the queue shrank
        page, offset = pages, (pages - 1) * PAGE_SIZE
        petitions, total = await turn.repo.queue(scope, PAGE_SIZE, offset)
    today = actions.today(turn)
    lines = [texts.QUEUE_HEADER.format(unit=unit, total=total, page=page, pages=pages)]
    options = []
    for petition in petitions:
        late = cards.overdue_days(petition, today)
        lines.append(
            texts.QUEUE_LINE.format(
                mark="🔴" if late else ("⚡" if petition.urgent else "•"),
                code=petition.code,
                category=texts.CATEGORY_LABELS[petition.category],
                due=format_vn_date(petition.due_date) if petition.due_date else texts.NO_DUE,
                overdue=texts.QUEUE_OVERDUE.format(days=late) if late else "",
            )
        )
        options.append(
            Option(VIEW_PREFIX + petition.code, texts.QUEUE_VIEW.format(code=petition.code))
        )
    if offset + len(petitions) < total:
        options.append(Option(f"{PAGE_PREFIX}{page + 1}", texts.QUEUE_NEXT))
    _show(turn, "\n".join(lines), options)


async def _view(turn: Turn, officer: roles.Officer, code: str) -> None:
    petition = await turn.repo.petition_by_code(code)
    visible = petition is not None and roles.can_see(officer, petition.unit_code)
    if visible and petition is not None and is_group(turn.sender):
        visible = petition.unit_code in await _group_units(turn)  # the group's unit only
    if petition is None or not visible:
        turn.say(actions.not_found(code))  # another unit's petition is "not found" too
        return
    files = await turn.repo.attachments_of(petition.id)
    size = await turn.repo.cluster_size(petition.cluster_id)
    text = cards.card(
        turn.services,
        petition,
        cluster_size=size,
        attachments=len(files),
        full_text=True,
        undelivered=await turn.repo.undelivered_channels(petition.id),
    )
    events = await turn.repo.history(petition.id)
    _show(
        turn,
        "\n\n".join([text, "\n".join(cards.history(turn.services, events))]),
        cards.actions(petition, officer),
    )
    hidden = petition.confidential and not roles.sees_identity(officer, petition.unit_code)
    if hidden or (petition.confidential and is_group(turn.sender)):
        return  # a denouncer's files: to the confidential handler, in private only
    here = Recipient(_person_channel(turn), turn.sender.external_id, is_group(turn.sender))
    for file in files:
        if file.media_type == "photo" and file.channel == here.channel:
            await turn.repo.post_photo(here, file.file_id, petition.code, turn.services.clock.now())


# --- buttons ---------------------------------------------------------------------------------


async def _choice(turn: Turn, officer: roles.Officer, value: str) -> None:
    if value.startswith(PAGE_PREFIX):
        page = value.removeprefix(PAGE_PREFIX)
        number = int(page) if re.fullmatch(r"[1-9][0-9]{0,3}", page) else 1
        await _queue(turn, officer, number)
    elif value.startswith(VIEW_PREFIX):
        await _view(turn, officer, value.removeprefix(VIEW_PREFIX))
    elif value.startswith(actions.PICKS):
        task = turn.state.task
        if task is None or is_group(turn.sender):
            turn.say(texts.BUTTON_EXPIRED)
            return
        await actions.picked(turn, officer, task, value)
    else:
        parsed = cards.parse_action(value)
        if parsed is None:
            turn.say(texts.BUTTON_EXPIRED)
            return
        await actions.pressed(turn, officer, *parsed)


def _show(turn: Turn, text: str, options: list[Option]) -> None:
    """Options on offer: a pending question in an idle private chat (typed numbers work
    there); plain buttons in a group (it has no conversation of its own) and in a chat
    where the officer is writing a petition of their own (its question stays pending)."""
    state = turn.state
    if is_group(turn.sender) or state.draft is not None or state.step not in _IDLE:
        turn.replies.append(Reply(text, tuple(options)))
    else:
        turn.ask(text, options)


async def _group_units(turn: Turn) -> list[str]:
    """The units the group this turn came from is bound to."""
    assert turn.officers is not None  # officers' commands run only with officers' storage
    return await turn.officers.units_of_group(_person_channel(turn), turn.sender.external_id)


def _person_channel(turn: Turn) -> str:
    person = person_of(turn.sender)
    return person[0] if person else turn.sender.channel
