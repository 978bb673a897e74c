"""Leaders and hosts: one-off tiếp công dân sessions, outcomes per citizen, dialogues.

Commands (private chat; every channel, typed numbers work where there are no buttons):

* `/themtiepdan DD/MM/YYYY HH:MM-HH:MM; nơi tiếp; người tiếp; số chỗ` (leaders): a one-off
  session; the scheduler publishes it (at once when it is already within the publication
  period, and then the leaders are warned that the notice is short).
* `/ketquatiep` (the host: leaders, or the heads of a session's ``host_unit``): pick a
  booked citizen of a session held in the last 30 days, an outcome and a note. Received
  or referred: a linked petition's history says so and its due date becomes the
  reception.result_rule clock (the deadline reminders then follow it); answered on the
  spot: a linked open petition is answered; petition created: the matter becomes a
  petition at its unit with that clock. The citizen is told.
* `/taodoithoai DD/MM/YYYY HH:MM; chủ đề; địa điểm hoặc link; đồng chủ trì` (leaders).
* `/traloidoithoai ID`: pick a question group, answer it (or record a commitment, which
  also becomes a petition tracked with its deadline); every asker of the group gets it.
* `/ketquadoithoai ID nội dung`: publish the results to subscribers and askers; the
  daily reminders to the host stop.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any

from core import roles
from core.clock import local_date
from core.config import Role
from core.deadlines import apply_rule, due_on_receipt
from core.dialogue import DialogueRules
from core.labels import Category, Kind
from core.lifecycle import Action, allowed_actions
from core.ports import Actor, Contact, NewPetition, Petition, Recipient
from core.reception import RESULT_CLOCK, Outcome, ReceptionRules
from core.reception_ports import Booking, ReceptionRepository, Session
from core.vn_dates import format_vn_date
from handlers import notify, texts
from handlers.channel import Choice, Command, Event, Option, Text
from handlers.officers import OfficerRepository, is_group, person_of, read_event
from handlers.reception import session_line
from handlers.turn import Turn

COMMANDS = frozenset(
    {"themtiepdan", "ketquatiep", "taodoithoai", "traloidoithoai", "ketquadoithoai"}
)
BOOKING, OUTCOME, GROUP, ANSWER_KIND = "rh:b:", "rh:o:", "rh:q:", "rh:a:"
PREFIXES = (BOOKING, OUTCOME, GROUP, ANSWER_KIND)
TASK = "reception"  # task["action"] of this module's tasks
RECORD_DAYS = 30  # sessions this recent can still get outcomes
COMMIT = "commit"
_WHEN = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2})[:h](\d{2})(?:\s*-\s*(\d{1,2})[:h](\d{2}))?\s*$"
)


async def handle(turn: Turn, event: Event, officers: OfficerRepository) -> bool:
    """Handle a host's command, button or pending task; False when not ours."""
    if is_group(turn.sender) or turn.services.reception is None:
        return False
    state = turn.state
    task = state.task if state.task and state.task.get("action") == TASK else None
    event, ours = read_event(turn, event, COMMANDS, PREFIXES)
    if not ours and task is None:
        return False
    person = person_of(turn.sender)
    officer = await officers.officer(*person) if person is not None else None
    if officer is None:
        if ours:
            turn.say(texts.NOT_AN_OFFICER)
        return ours
    reception = turn.services.reception(turn.repo)
    if isinstance(event, Command) and event.name in COMMANDS:
        _end(turn)
        await _command(turn, officer, reception, event)
    elif isinstance(event, Choice) and event.value.startswith(PREFIXES):
        await _choice(turn, officer, reception, event.value)
    elif isinstance(event, Command):
        _end(turn)
        if event.name != "huy":
            return False
        turn.say(texts.HOST_TASK_CANCELLED)
    else:
        assert task is not None
        await _typed(turn, officer, reception, task, event)
    return True


def _end(turn: Turn) -> None:
    state = turn.state
    if state.task and state.task.get("action") == TASK:
        state.task, state.question, state.options = None, None, []


def _rules(turn: Turn) -> ReceptionRules:
    services = turn.services
    return ReceptionRules(
        services.config.reception, services.calendar, services.config.ward.timezone
    )


def _parts(args: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", args)]


async def _command(
    turn: Turn, officer: roles.Officer, reception: ReceptionRepository, command: Command
) -> None:
    if command.name == "ketquatiep":
        await _sessions_to_record(turn, officer, reception)
    elif officer.role is not Role.LEADER:
        turn.say(texts.HOST_LEADERS_ONLY)
    elif command.name == "traloidoithoai":
        await _groups(turn, reception, command.args.strip())
    elif command.name == "themtiepdan":
        await _add_session(turn, officer, reception, command.args)
    elif command.name == "taodoithoai":
        await _add_dialogue(turn, officer, reception, command.args)
    else:
        await _publish_results(turn, reception, command.args)


# --- one-off sessions ------------------------------------------------------------------------


def _parse_when(text: str) -> tuple[date, time, time | None] | None:
    found = _WHEN.match(text)
    if found is None:
        return None
    day, month, year, hour, minute, end_hour, end_minute = found.groups()
    try:
        start = time(int(hour), int(minute))
        end = time(int(end_hour), int(end_minute)) if end_hour else None
        return date(int(year), int(month), int(day)), start, end
    except ValueError:
        return None


async def _add_session(
    turn: Turn, officer: roles.Officer, reception: ReceptionRepository, args: str
) -> None:
    parts = _parts(args)
    when = _parse_when(parts[0]) if parts else None
    if when is None or when[2] is None or len(parts) < 2 or not parts[1]:
        turn.say(texts.ADD_SESSION_USAGE)
        return
    day, start, end = when
    assert end is not None
    capacity = turn.services.config.reception.default_capacity
    if len(parts) > 3 and parts[3]:
        if not parts[3].isdigit() or int(parts[3]) < 1:
            turn.say(texts.ADD_SESSION_USAGE)
            return
        capacity = int(parts[3])
    rules = _rules(turn)
    host = parts[2] if len(parts) > 2 and parts[2] else (officer.name or texts.DEFAULT_HOST)
    new = rules.new_session(
        day, start, end, host=host, place=parts[1], capacity=capacity, created_by=officer.id
    )
    now = turn.services.clock.now()
    if end <= start or new.starts_at <= now:
        turn.say(texts.ADD_SESSION_BAD_TIME)
        return
    # the leader decided it: published at the next run of the scheduler, not later
    session = await reception.add_session(replace(new, publish_on=rules.local_date(now)), now)
    line = session_line(turn.services, session)
    if rules.published_late(session.day, now):
        notice = rules.notice_working_days(session.day, now)
        turn.say(texts.SESSION_ADDED_LATE.format(session=line, days=notice, required=_lead(turn)))
    else:
        turn.say(texts.SESSION_ADDED.format(session=line))


def _lead(turn: Turn) -> int:
    return turn.services.config.reception.publish_working_days


# --- outcomes --------------------------------------------------------------------------------


def _hosts(officer: roles.Officer, session: Session) -> bool:
    """Leaders host every session; a unit head hosts their unit's."""
    if officer.role is Role.LEADER:
        return True
    return officer.role is Role.UNIT_HEAD and session.host_unit == officer.unit_code


async def _sessions_to_record(
    turn: Turn, officer: roles.Officer, reception: ReceptionRepository
) -> None:
    now = turn.services.clock.now()
    sessions = [
        s
        for s in await reception.sessions_to_record(now, now - timedelta(days=RECORD_DAYS))
        if _hosts(officer, s)
    ]
    if not sessions:
        turn.say(texts.NOTHING_TO_RECORD)
        return
    await _pending_bookings(turn, reception, sessions[-1])


async def _pending_bookings(turn: Turn, reception: ReceptionRepository, session: Session) -> None:
    """Offer the session's booked citizens whose outcome is not recorded yet."""
    waiting = [b for b in await reception.bookings_in(session.id) if b.outcome is None]
    line = session_line(turn.services, session)
    if not waiting:
        turn.say(texts.ALL_RECORDED.format(session=line))
        return
    options = [
        Option(
            f"{BOOKING}{b.id}", texts.BOOKING_OPTION.format(number=b.queue_number, name=_name(b))
        )
        for b in waiting
    ]
    turn.state.task = {"action": TASK}
    turn.ask(texts.PICK_BOOKING.format(session=line), options)


def _name(booking: Booking) -> str:
    return booking.name or texts.UNKNOWN_VALUE


async def _choice(
    turn: Turn, officer: roles.Officer, reception: ReceptionRepository, value: str
) -> None:
    task = turn.state.task if turn.state.task and turn.state.task.get("action") == TASK else None
    if task is None:
        turn.say(texts.BUTTON_EXPIRED)
        return
    if value.startswith(BOOKING):
        booking = await reception.booking(_number(value))
        session = await reception.session(booking.session_id) if booking else None
        if booking is None or session is None or not _hosts(officer, session):
            turn.say(texts.BUTTON_EXPIRED)
            return
        task.update(booking=booking.id)
        options = [Option(f"{OUTCOME}{o.value}", texts.OUTCOME_LABELS[o.value]) for o in Outcome]
        turn.ask(_booking_card(booking), options)
    elif value.startswith(OUTCOME) and task.get("booking"):
        outcome = value.removeprefix(OUTCOME)
        if outcome not in {o.value for o in Outcome}:
            turn.say(texts.BUTTON_EXPIRED)
            return
        task.update(outcome=outcome, text=True)
        turn.ask(texts.ASK_OUTCOME_NOTE)
    elif value.startswith(GROUP):
        task.update(question=_number(value))
        turn.ask(
            texts.ASK_ANSWER_KIND,
            [
                Option(f"{ANSWER_KIND}answer", texts.ANSWER_PLAIN),
                Option(f"{ANSWER_KIND}{COMMIT}", texts.ANSWER_COMMITMENT),
            ],
        )
    elif value.startswith(ANSWER_KIND) and task.get("question"):
        task.update(commitment=value.endswith(COMMIT), text=True)
        turn.ask(texts.ASK_DIALOGUE_ANSWER)
    else:
        turn.say(texts.BUTTON_EXPIRED)
        return
    turn.state.task = task


def _number(value: str) -> int:
    tail = value.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _booking_card(booking: Booking) -> str:
    linked = (
        texts.BOOKING_LINKED.format(code=booking.petition_code) if booking.petition_code else ""
    )
    return texts.BOOKING_CARD.format(
        number=booking.queue_number, name=_name(booking), matter=booking.matter, linked=linked
    )


async def _typed(
    turn: Turn,
    officer: roles.Officer,
    reception: ReceptionRepository,
    task: dict[str, Any],
    event: Event,
) -> None:
    if not task.get("text"):
        turn.insist()
        return
    typed = event.text.strip() if isinstance(event, Text) else ""
    if not typed:
        turn.say(texts.TASK_EMPTY)
        return
    _end(turn)
    if task.get("booking"):
        await _record(turn, officer, reception, task["booking"], Outcome(task["outcome"]), typed)
    else:
        await _answer(turn, officer, reception, task["question"], typed, task["commitment"])


async def _record(
    turn: Turn,
    officer: roles.Officer,
    reception: ReceptionRepository,
    booking_id: int,
    outcome: Outcome,
    typed: str,
) -> None:
    """Record one citizen's outcome, update the linked petition, tell the citizen."""
    services = turn.services
    booking = await reception.booking(booking_id)
    session = await reception.session(booking.session_id) if booking else None
    if booking is None or session is None or booking.outcome is not None:
        turn.say(texts.OUTCOME_ALREADY)
        return
    note = None if typed == "-" else typed
    rule_id = services.config.reception.result_rule
    result = apply_rule(
        services.calendar, rule_id, services.config.deadlines.rules[rule_id], session.day
    )
    due = result.due if outcome in RESULT_CLOCK else None
    now = services.clock.now()
    said = texts.OUTCOME_EVENT.format(
        day=format_vn_date(session.day),
        outcome=texts.OUTCOME_LABELS[outcome.value],
        note=note or "",
    ).strip()
    petition_id, code = booking.petition_id, booking.petition_code
    if outcome is Outcome.PETITION:
        created = await _file_matter(turn, booking, due or result.due, rule_id)
        petition_id, code = created.id, created.code
    elif petition_id is not None:
        petition = await turn.repo.petition_by_code(code or "")
        if (
            outcome is Outcome.ANSWERED
            and petition
            and Action.ANSWER in allowed_actions(petition.status)
        ):
            await turn.repo.apply(
                petition.id, Action.ANSWER, Actor("officer", officer.id), now, said
            )
        else:
            await reception.note_petition(petition_id, officer.id, said, due, rule_id, now)
    await reception.record_outcome(booking.id, outcome.value, note, due, petition_id, now)
    message = texts.CITIZEN_OUTCOME[outcome.value].format(
        day=format_vn_date(session.day),
        note=note or texts.UNKNOWN_VALUE,
        code=code or "",
        due=format_vn_date(due) if due else "",
    )
    await notify.post(turn, booking.to, message)
    turn.say(texts.OUTCOME_RECORDED.format(number=booking.queue_number))
    await _pending_bookings(turn, reception, session)


async def _file_matter(turn: Turn, booking: Booking, due: date, rule_id: str) -> Petition:
    """The booked matter becomes a petition at its unit, due on the reception clock."""
    return await new_petition(
        turn,
        citizen_id=booking.citizen_id,
        channel=booking.to.channel,
        kind=Kind(booking.kind),
        category=Category(booking.category),
        text=booking.matter,
        due=due,
        rule_id=rule_id,
        name=booking.name,
    )


async def new_petition(
    turn: Turn,
    *,
    citizen_id: int,
    channel: str,
    kind: Kind,
    category: Category,
    text: str,
    due: date | None,
    rule_id: str | None,
    name: str | None,
) -> Petition:
    """File a petition an officer creates for a citizen (a matter heard at a session, a
    dialogue's commitment), route it and tell its unit. A tố cáo's sender stays hidden."""
    from handlers import officer_work  # officer_work routes its commands through this module

    services = turn.services
    now = services.clock.now()
    today = local_date(now, services.config.ward.timezone)
    if due is None or rule_id is None:
        deadline = due_on_receipt(services.config.deadlines, services.calendar, kind, today)
        due, rule_id = deadline.due, deadline.rule_id
    hidden = kind is Kind.TO_CAO
    petition = await turn.repo.create_petition(
        NewPetition(
            citizen_id=citizen_id,
            channel=channel,
            kind=kind,
            category=category,
            urgent=False,
            confidence=1.0,
            text=text,
            received_at=now,
            code_year=today.year,
            anonymous=False,
            contact=Contact(full_name=name, phone=None, address=None, confidential=hidden),
            redacted_text=texts.REDACTED_MATTER if hidden else None,
        ),
        Actor("officer"),
    )
    unit = services.route(kind, category)
    routed = await turn.repo.apply(
        petition.id,
        Action.ROUTE,
        Actor.system(),
        now,
        unit_code=unit,
        due_date=due,
        due_rule=rule_id,
    )
    await officer_work.announce(turn, routed)
    return routed


# --- dialogues ---------------------------------------------------------------------------------


async def _add_dialogue(
    turn: Turn, officer: roles.Officer, reception: ReceptionRepository, args: str
) -> None:
    parts = _parts(args)
    when = _parse_when(parts[0]) if parts else None
    if when is None or len(parts) < 3 or not parts[1] or not parts[2]:
        turn.say(texts.ADD_DIALOGUE_USAGE)
        return
    services = turn.services
    starts_at = _rules(turn).at(when[0], when[1])
    now = services.clock.now()
    if starts_at <= now:
        turn.say(texts.ADD_SESSION_BAD_TIME)
        return
    cohosts = parts[3] if len(parts) > 3 and parts[3] else None
    rules = DialogueRules(services.config.dialogue, services.config.ward.timezone)
    close = rules.questions_close_at(starts_at)
    here = Recipient(turn.sender.channel, turn.sender.external_id)
    dialogue = await reception.add_dialogue(
        parts[1], starts_at, parts[2], cohosts, close, here, officer.id, now
    )
    announce = max(rules.announce_on(starts_at), rules.local_date(now))
    turn.say(
        texts.DIALOGUE_ADDED.format(
            id=dialogue.id, topic=dialogue.topic, announce=format_vn_date(announce)
        )
    )


async def _groups(turn: Turn, reception: ReceptionRepository, args: str) -> None:
    dialogue = await reception.dialogue(int(args)) if args.isdigit() else None
    if dialogue is None:
        turn.say(texts.DIALOGUE_USAGE)
        return
    questions = await reception.questions(dialogue.id)
    waiting = [q for q in questions if q.merged_into is None and q.answer is None]
    if not waiting:
        turn.say(texts.NO_QUESTIONS_LEFT)
        return
    options = [
        Option(f"{GROUP}{q.id}", texts.GROUP_OPTION.format(text=q.text[:60])) for q in waiting
    ]
    turn.state.task = {"action": TASK}
    turn.ask(texts.PICK_GROUP.format(topic=dialogue.topic), options)


async def _answer(
    turn: Turn,
    officer: roles.Officer,
    reception: ReceptionRepository,
    question_id: int,
    answer: str,
    commitment: bool,
) -> None:
    """Send the answer to every asker of the group; a commitment becomes a petition."""
    question = await reception.question(question_id)
    dialogue = await reception.dialogue(question.dialogue_id) if question else None
    if question is None or dialogue is None or question.merged_into is not None:
        turn.say(texts.BUTTON_EXPIRED)
        return
    now = turn.services.clock.now()
    askers = await reception.answer_group(question_id, answer, commitment, now)
    code = ""
    if commitment:
        petition = await new_petition(
            turn,
            citizen_id=question.citizen_id,
            channel=question.asker.channel,
            kind=Kind.KIEN_NGHI_PHAN_ANH,
            category=Category(question.category),
            text=texts.COMMITMENT_TEXT.format(
                topic=dialogue.topic, question=question.text, answer=answer
            ),
            due=None,
            rule_id=None,
            name=None,
        )
        code = texts.COMMITMENT_CODE.format(code=petition.code)
    for asker in askers:
        await notify.post(
            turn,
            asker,
            texts.DIALOGUE_ANSWER.format(
                topic=dialogue.topic, question=question.text, answer=answer, code=code
            ),
        )
    turn.say(texts.DIALOGUE_ANSWERED.format(count=len(askers), code=code))
    await _groups(turn, reception, str(dialogue.id))


async def _publish_results(turn: Turn, reception: ReceptionRepository, args: str) -> None:
    head, _, results = args.strip().partition(" ")
    dialogue = await reception.dialogue(int(head)) if head.isdigit() else None
    if dialogue is None or not results.strip():
        turn.say(texts.RESULTS_USAGE)
        return
    now = turn.services.clock.now()
    if not await reception.publish_results(dialogue.id, results.strip(), now):
        turn.say(texts.RESULTS_ALREADY)
        return
    message = texts.RESULTS_PUBLISHED.format(topic=dialogue.topic, results=results.strip())
    askers = [q.asker for q in await reception.questions(dialogue.id)]
    subscribers = await reception.subscribers()
    chats = list(dict.fromkeys([*askers, *subscribers]))
    for chat in chats:
        await notify.post(turn, chat, message)
    turn.say(texts.RESULTS_SENT.format(count=len(chats)))
