"""What the scheduler owes tiếp công dân and đối thoại (rules in core/reception.py and
core/dialogue.py), run by the deadline sweep (bot/jobs.py) every few minutes. Each round,
in order:

1. plans the weekly rules' sessions up to ``reception.horizon_days`` ahead (once each);
2. publishes the sessions whose publication time has come, announcing them to subscribed
   chats, and warns the leaders about one published later than the law asks;
3. sends the host's briefing the evening before and the citizens' reminders (the day
   before, and an hour before);
4. announces dialogues, sends the host the grouped questions when they close, and
   reminds the host daily until a held dialogue's results are published.

Every message is claimed under a key (``reception-publish:ID``, ``reception-late:ID``,
``reception-brief:ID``, ``reception-remind-day:BOOKING``, ``reception-remind-hour:BOOKING``,
``reception-result-soon:BOOKING:DUE``, ``reception-result-due:BOOKING:DUE``,
``dialogue-announce:ID``, ``dialogue-questions:ID``, ``dialogue-results:ID:DAY``) in the
transaction that queues it, so nothing is sent twice across restarts or schedulers. A
message nobody can receive yet (no officer registered) is not claimed: it waits. A round
first lists what is owed under those keys and drops the keys already sent, so nothing
already sent is built again (as the deadline sweep does).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from core.clock import local_date
from core.dialogue import DialogueRules
from core.labels import Category
from core.ports import Recipient
from core.reception import ReceptionRules
from core.reception_ports import Booking, DialogueInfo, Question, Session
from core.vn_dates import format_vn_date, format_vn_datetime
from handlers import texts
from handlers.reception import session_line
from storage.officers import SqlOfficers
from storage.reception import SqlReception
from storage.reminders import claim, sent_keys
from storage.repository import SqlRepository

if TYPE_CHECKING:
    from bot.jobs import JobContext

log = logging.getLogger(__name__)

REMINDER_WINDOW = timedelta(days=2)  # sessions this close are looked at for reminders
HISTORY_SHOWN = 5  # events of a linked petition in the host's briefing


def rules_of(context: JobContext) -> tuple[ReceptionRules, DialogueRules]:
    """The reception and dialogue rules of this deployment."""
    config = context.services.config
    zone = config.ward.timezone
    return (
        ReceptionRules(config.reception, context.services.calendar, zone),
        DialogueRules(config.dialogue, zone),
    )


@dataclass(frozen=True)
class _Owed:
    """A message owed now: its key, and what builds and sends it (claiming the key)."""

    key: str
    send: Callable[[], Awaitable[int]]


async def reception_round(context: JobContext) -> int:
    """Plan, publish, brief, remind and announce what is due now; return how many messages
    were queued. Safe to run at any time, as often as wanted, in several processes.

    What is owed is listed with its key first, and the keys already sent are left out
    before anything is built (a briefing, a question list) or looked up (who gets it)."""
    rules, dialogue_rules = rules_of(context)
    services = context.services
    now = services.clock.now()
    today = rules.local_date(now)
    planned = [rules.planned_session(p) for p in rules.plan(today, rules.horizon(today))]
    async with context.store.transaction() as repo:
        reception = SqlReception(repo.session)
        await reception.plan(planned, now)
        owed: list[_Owed] = []
        if services.calendar.is_working_day(today):
            ahead = services.config.reminders.before_due_working_days
            until = services.calendar.add_working_days(today, ahead)
            for booking in await reception.results_owed(until):
                due = booking.result_due
                if due is not None:  # always: results_owed selects on it
                    owed.append(_result_reminder(context, booking, due, today, now))
        for session in await reception.to_publish(now, today):
            if rules.publication_due(session.publish_on, now):
                key = f"reception-publish:{session.id}"
                owed.append(_Owed(key, partial(_publish, context, key, rules, session, now)))
        for session in await reception.starting(now, now + REMINDER_WINDOW):
            bookings = await reception.bookings_in(session.id)
            owed += _session_reminders(context, rules, session, bookings, now)
        for dialogue in await reception.dialogues_ahead(now):
            owed += _dialogue_before(context, dialogue_rules, dialogue, now)
        for dialogue in await reception.dialogues_without_results(now):
            results = _results_reminder(context, dialogue_rules, dialogue, now)
            if results is not None:
                owed.append(results)
        done = await sent_keys(repo.session, [o.key for o in owed])
    sent = 0
    for message in owed:
        if message.key not in done:
            sent += await message.send()
    if sent and context.posted is not None:
        context.posted()
    return sent


async def _send_once(
    context: JobContext, key: str, recipients: Sequence[Recipient], text: str, now: datetime
) -> int:
    """Claim ``key`` and queue ``text`` to every recipient in one transaction; 1 when sent."""
    if not recipients:
        return 0
    async with context.store.transaction() as repo:
        if not await claim(repo.session, key, key.split(":", 1)[0], None, now):
            return 0
        for recipient in dict.fromkeys(recipients):
            await repo.post_message(recipient, text, (), now)
    log.info("%s queued to %d chat(s)", key, len(recipients))
    return 1


async def _leaders(context: JobContext) -> list[Recipient]:
    async with context.store.transaction() as repo:
        return await SqlOfficers(repo.session).leaders()


# --- sessions ----------------------------------------------------------------------------


async def _publish(
    context: JobContext, key: str, rules: ReceptionRules, session: Session, now: datetime
) -> int:
    """Publish a session and announce it to the subscribed chats (one transaction)."""
    services = context.services
    line = session_line(services, session)
    text = texts.SESSION_ANNOUNCED.format(session=line, capacity=session.capacity)
    async with context.store.transaction() as repo:
        reception = SqlReception(repo.session)
        if not await reception.mark_published(session.id, now):
            return 0
        if not await claim(repo.session, key, "reception", None, now):
            return 0
        for chat in await reception.subscribers():
            await repo.post_message(chat, text, (), now)
    sent = 1
    if rules.published_late(session.day, now):
        warning = texts.SESSION_LATE_WARNING.format(
            session=line,
            days=rules.notice_working_days(session.day, now),
            required=services.config.reception.publish_working_days,
        )
        late = f"reception-late:{session.id}"
        sent += await _send_once(context, late, await _leaders(context), warning, now)
    return sent


def _session_reminders(
    context: JobContext,
    rules: ReceptionRules,
    session: Session,
    bookings: Sequence[Booking],
    now: datetime,
) -> list[_Owed]:
    """The host's briefing and the booked citizens' reminders due now."""
    owed: list[_Owed] = []
    line = session_line(context.services, session)
    if rules.briefing_due(session.starts_at, now):
        key = f"reception-brief:{session.id}"
        owed.append(_Owed(key, partial(_brief, context, key, session, bookings, line, now)))
    reminder = rules.citizen_reminder(session.starts_at, now)
    if reminder is None:
        return owed
    for booking in bookings:
        text = texts.REMIND_BOOKING[reminder.value].format(
            number=booking.queue_number, session=line
        )
        key = f"{reminder.value}:{booking.id}"
        owed.append(_Owed(key, partial(_send_once, context, key, [booking.to], text, now)))
    return owed


async def _brief(
    context: JobContext,
    key: str,
    session: Session,
    bookings: Sequence[Booking],
    line: str,
    now: datetime,
) -> int:
    """Build the host's briefing and send it to the session's hosts."""
    async with context.store.transaction() as repo:
        briefing = await _briefing(repo, context, bookings, line)
        hosts = await SqlOfficers(repo.session).heads(session.host_unit)
    return await _send_once(context, key, hosts, briefing, now)


def _result_reminder(
    context: JobContext, booking: Booking, due: date, today: date, now: datetime
) -> _Owed:
    """The host is reminded that a heard citizen is owed the result: once when it comes
    within ``reminders.before_due_working_days``, once more when it is due (or past).
    Owed on working days only."""
    stage = "due" if today >= due else "soon"
    key = f"reception-result-{stage}:{booking.id}:{due.isoformat()}"
    return _Owed(key, partial(_remind_result, context, key, stage, booking, due, now))


async def _remind_result(
    context: JobContext, key: str, stage: str, booking: Booking, due: date, now: datetime
) -> int:
    async with context.store.transaction() as repo:
        session = await SqlReception(repo.session).session(booking.session_id)
        hosts = await SqlOfficers(repo.session).heads(session.host_unit) if session else []
    if session is None:
        return 0
    text = texts.REMIND_RECEPTION_RESULT[stage].format(
        number=booking.queue_number,
        name=booking.name or "",
        matter=booking.matter,
        session=session_line(context.services, session),
        due=format_vn_date(due),
    )
    return await _send_once(context, key, hosts, text, now)


async def _briefing(
    repo: SqlRepository, context: JobContext, bookings: Sequence[Booking], line: str
) -> str:
    """The host's list: each booked citizen with their matter and linked petition's history."""
    zone = context.services.config.ward.timezone
    lines = [texts.BRIEFING_HEADER.format(session=line, count=len(bookings))]
    if not bookings:
        lines.append(texts.BRIEFING_EMPTY)
    for booking in bookings:
        lines.append(
            texts.BRIEFING_LINE.format(
                number=booking.queue_number,
                name=booking.name or texts.UNKNOWN_VALUE,
                category=texts.CATEGORY_LABELS[Category(booking.category)],
                matter=booking.matter,
            )
        )
        if booking.petition_code is None:
            continue
        petition = await repo.petition_by_code(booking.petition_code)
        if petition is None:
            continue
        due = format_vn_date(petition.due_date) if petition.due_date else texts.NO_DUE
        lines.append(
            texts.BRIEFING_PETITION.format(
                code=petition.code,
                status=texts.SUMMARY_STATUS_LABELS[petition.status],
                due=due,
            )
        )
        for event in (await repo.history(petition.id))[-HISTORY_SHOWN:]:
            lines.append(
                texts.BRIEFING_EVENT.format(
                    at=format_vn_date(local_date(event.at, zone)),
                    action=texts.EVENT_LABELS.get(event.action, event.action),
                )
            )
    lines.append(texts.BRIEFING_FOOTER)
    return "\n".join(lines)


# --- dialogues ---------------------------------------------------------------------------


def _dialogue_before(
    context: JobContext, rules: DialogueRules, dialogue: DialogueInfo, now: datetime
) -> list[_Owed]:
    """The announcement (7 days before) and the host's grouped questions (at the cut-off)."""
    owed: list[_Owed] = []
    if rules.announcement_due(dialogue.starts_at, now):
        key = f"dialogue-announce:{dialogue.id}"
        owed.append(_Owed(key, partial(_announce, context, key, rules, dialogue, now)))
    if now >= dialogue.questions_close_at:
        key = f"dialogue-questions:{dialogue.id}"
        owed.append(_Owed(key, partial(_send_questions, context, key, dialogue, now)))
    return owed


async def _announce(
    context: JobContext, key: str, rules: DialogueRules, dialogue: DialogueInfo, now: datetime
) -> int:
    """Announce a dialogue to the subscribed chats, once."""
    text = texts.DIALOGUE_ANNOUNCED.format(
        topic=dialogue.topic,
        when=format_vn_datetime(dialogue.starts_at.astimezone(rules.zone)),
        place=dialogue.place,
        cohosts=texts.DIALOGUE_COHOSTS.format(cohosts=dialogue.cohosts) if dialogue.cohosts else "",
        close=format_vn_datetime(dialogue.questions_close_at.astimezone(rules.zone)),
    )
    async with context.store.transaction() as repo:
        reception = SqlReception(repo.session)
        if not await claim(repo.session, key, "dialogue", None, now):
            return 0
        await reception.mark_announced(dialogue.id, now)
        for chat in await reception.subscribers():
            await repo.post_message(chat, text, (), now)
    return 1


async def _send_questions(
    context: JobContext, key: str, dialogue: DialogueInfo, now: datetime
) -> int:
    """Send the host the dialogue's questions, grouped, once they are closed."""
    async with context.store.transaction() as repo:
        questions = await SqlReception(repo.session).questions(dialogue.id)
    text = grouped_questions(dialogue, questions)
    return await _send_once(context, key, [dialogue.host], text, now)


def _results_reminder(
    context: JobContext, rules: DialogueRules, dialogue: DialogueInfo, now: datetime
) -> _Owed | None:
    """The host's daily reminder to publish a held dialogue's results, if one is due."""
    day = rules.results_reminder(dialogue.starts_at, now)
    if day is None:
        return None
    text = texts.REMIND_DIALOGUE_RESULTS.format(
        id=dialogue.id,
        topic=dialogue.topic,
        due=format_vn_date(rules.results_due(dialogue.starts_at)),
    )
    key = f"dialogue-results:{dialogue.id}:{day.isoformat()}"
    return _Owed(key, partial(_send_once, context, key, [dialogue.host], text, now))


def grouped_questions(dialogue: DialogueInfo, questions: Sequence[Question]) -> str:
    """The host's list: questions by topic (category), a merged group once with its size."""
    merged: dict[int, int] = {}
    for question in questions:
        if question.merged_into is not None:
            merged[question.merged_into] = merged.get(question.merged_into, 0) + 1
    by_category: dict[str, list[Question]] = {}
    for question in questions:
        if question.merged_into is None:
            by_category.setdefault(question.category, []).append(question)
    lines = [
        texts.QUESTIONS_HEADER.format(id=dialogue.id, topic=dialogue.topic, count=len(questions))
    ]
    if not questions:
        lines.append(texts.QUESTIONS_NONE)
    for category, group in sorted(by_category.items(), key=lambda item: -len(item[1])):
        lines.append(texts.QUESTIONS_TOPIC.format(topic=texts.CATEGORY_LABELS[Category(category)]))
        for question in group:
            same = merged.get(question.id, 0)
            lines.append(
                texts.QUESTIONS_LINE.format(
                    text=question.text,
                    same=texts.QUESTIONS_SAME.format(count=same + 1) if same else "",
                )
            )
    lines.append(texts.QUESTIONS_FOOTER.format(id=dialogue.id))
    return "\n".join(lines)
